"""SMS through Twilio's Messages API (``POST /2010-04-01/Accounts/{Sid}/Messages.json``).

HTTP basic auth (Account SID, auth token), form-encoded body (``To``, ``From`` or
``MessagingServiceSid``, ``Body``). Errors come as ``{"code", "message", "more_info", "status"}``.
Twilio does not document idempotency keys for creating messages, so this adapter does not claim
to honour them (an interrupted send is flagged for review, never blindly repeated).
"""

from __future__ import annotations

import httpx

from runtime.channels.base import (
    AUTH,
    INVALID,
    NO_ADDRESS,
    UNSUBSCRIBED,
    ChannelError,
    Message,
    Permanent,
    Recipient,
    SendResult,
    Sent,
    Transient,
)
from runtime.channels.http_errors import guarded, http_status_result, json_body, probe, server_error

API_BASE = "https://api.twilio.com"
UNSUBSCRIBED_CODE = 21610  # "Attempt to send to unsubscribed recipient" (the contact replied STOP)


class TwilioAdapter:
    """Sends SMS through Twilio."""

    channel = "sms"
    honours_idempotency = False

    def __init__(
        self,
        client: httpx.AsyncClient,
        account_sid: str,
        auth_token: str,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        api_base: str = API_BASE,
    ) -> None:
        if not from_number and not messaging_service_sid:
            raise ChannelError("sms (twilio): set from_number or messaging_service_sid")
        self.client = client
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.api_base = api_base.rstrip("/")

    def address(self, recipient: Recipient) -> str | None:
        return recipient.phone or None

    def form(self, phone: str, text: str) -> dict[str, str]:
        data = {"To": phone, "Body": text}
        if self.messaging_service_sid:
            data["MessagingServiceSid"] = self.messaging_service_sid
        else:
            data["From"] = self.from_number or ""
        return data

    async def send(self, message: Message) -> SendResult:
        phone = self.address(message.recipient)
        if not phone:
            return Permanent("contact has no phone number", NO_ADDRESS)
        url = f"{self.api_base}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        response = await guarded("Twilio", self.client.post(
            url, data=self.form(phone, message.content.get("text") or ""), auth=(self.account_sid, self.auth_token)
        ))
        if isinstance(response, Transient):
            return response
        body = json_body(response)
        if response.status_code in (200, 201):
            if body is None or not body.get("sid"):
                # accepted but unreadable: Twilio has the message; do not send it again
                return Sent(None)
            return Sent(str(body["sid"]))
        if body is None:
            if response.status_code >= 500:
                return server_error("Twilio", response)
            return http_status_result("Twilio", response, "malformed answer (not JSON)")
        detail = f"{body.get('code')} {body.get('message')}"
        if body.get("code") == UNSUBSCRIBED_CODE:
            return Permanent(f"Twilio: {detail}", UNSUBSCRIBED)
        if response.status_code == 401:
            return Permanent(f"Twilio rejected the credentials ({detail}); check account_sid and auth_token", AUTH)
        result = http_status_result("Twilio", response, detail)
        if isinstance(result, Permanent) and result.kind == AUTH and response.status_code == 403:
            return Permanent(result.reason, INVALID)  # 403 is a per-message permission problem
        return result

    async def test_connection(self) -> str:
        """Fetch the account (``GET /2010-04-01/Accounts/{Sid}.json``)."""
        url = f"{self.api_base}/2010-04-01/Accounts/{self.account_sid}.json"
        response, body = await probe("sms (twilio)", "Twilio", self.client.get(url, auth=(self.account_sid, self.auth_token)))
        if response.status_code != 200:
            raise ChannelError(f"sms (twilio): account fetch failed ({response.status_code}): {body.get('message', '')}")
        return f"Twilio account {body.get('friendly_name', self.account_sid)} ({body.get('status')})"
