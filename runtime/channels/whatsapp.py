"""WhatsApp through the Cloud API (``POST https://graph.facebook.com/<version>/<phone number id>/messages``).

Free-form text may only be sent within 24 hours of the contact's last inbound message (the
customer service window); outside it the step's ``template`` (or the channel's fallback template)
is sent instead, and without any template the message fails permanently with a clear reason.
Errors come as ``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``.
The Cloud API has no idempotency keys.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from runtime.channels.base import (
    AUTH,
    INVALID,
    NO_ADDRESS,
    WINDOW_CLOSED,
    ChannelError,
    Message,
    Permanent,
    Recipient,
    SendResult,
    Sent,
    Transient,
)
from runtime.channels.http_errors import guarded, json_body, malformed_answer, probe, retry_after_header

API_BASE = "https://graph.facebook.com"
WINDOW = timedelta(hours=24)
# Graph/WhatsApp error codes
_AUTH_CODES = {190, 10, 200}  # expired/invalid token, missing permission
_RATE_CODES = {4, 80007, 130429, 131048, 131056, 133016}  # throughput / pair / spam rate limits
_TRANSIENT_CODES = {1, 2, 131000, 131016, 133004}  # unknown / service unavailable
_WINDOW_CODE = 131047  # "Re-engagement message": more than 24 hours since the customer replied


def template_payload(template: dict[str, Any]) -> dict[str, Any]:
    """A Cloud API ``template`` object from a step's ``{"name", "language", "params"}``."""
    language = template.get("language") or "en_US"
    out: dict[str, Any] = {"name": template["name"], "language": {"code": language}}
    params = template.get("params") or []
    if params:
        out["components"] = [{"type": "body", "parameters": [{"type": "text", "text": str(p)} for p in params]}]
    return out


class WhatsAppAdapter:
    """Sends text or template messages from one WhatsApp business phone number."""

    channel = "whatsapp"
    honours_idempotency = False

    def __init__(
        self,
        client: httpx.AsyncClient,
        phone_number_id: str,
        access_token: str,
        api_version: str = "v21.0",
        fallback_template: str | None = None,
        fallback_language: str = "en_US",
        api_base: str = API_BASE,
    ) -> None:
        self.client = client
        self.phone_number_id = phone_number_id
        self.access_token = access_token
        self.api_version = api_version
        self.fallback_template = fallback_template
        self.fallback_language = fallback_language
        self.api_base = api_base.rstrip("/")

    def address(self, recipient: Recipient) -> str | None:
        return recipient.whatsapp or recipient.phone or None

    @property
    def url(self) -> str:
        return f"{self.api_base}/{self.api_version}/{self.phone_number_id}/messages"

    def payload(self, message: Message) -> dict[str, Any] | Permanent:
        """The JSON body: text inside the 24-hour window, otherwise a template."""
        to = "".join(ch for ch in (self.address(message.recipient) or "") if ch.isdigit())
        base: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        content = message.content
        text = content.get("text")
        last_in = message.recipient.last_inbound_at
        in_window = last_in is not None and message.now is not None and message.now - last_in < WINDOW
        if text and in_window:
            return {**base, "type": "text", "text": {"preview_url": False, "body": text}}
        template = content.get("template")
        if not template and self.fallback_template:
            template = {"name": self.fallback_template, "language": self.fallback_language, "params": []}
        if template:
            return {**base, "type": "template", "template": template_payload(template)}
        return Permanent(
            "WhatsApp: more than 24 hours since the contact last wrote, so free text is not allowed; "
            "add a template to the step or set the channel's fallback_template",
            WINDOW_CLOSED,
        )

    async def send(self, message: Message) -> SendResult:
        if not self.address(message.recipient):
            return Permanent("contact has no WhatsApp number", NO_ADDRESS)
        payload = self.payload(message)
        if isinstance(payload, Permanent):
            return payload
        response = await guarded("WhatsApp", self.client.post(
            self.url, json=payload, headers={"Authorization": f"Bearer {self.access_token}"}
        ))
        if isinstance(response, Transient):
            return response
        body = json_body(response)
        if body is None:
            return malformed_answer("WhatsApp", response)
        if response.status_code == 200 and body.get("messages"):
            return Sent(str(body["messages"][0].get("id")))
        return self.classify(response, body)

    def classify(self, response: httpx.Response, body: dict[str, Any]) -> Transient | Permanent:
        error = body.get("error") or {}
        code = error.get("code")
        detail = f"{code} {error.get('message', '')}".strip()
        if error.get("error_data", {}).get("details"):
            detail += f" ({error['error_data']['details']})"
        if code in _AUTH_CODES or response.status_code == 401:
            return Permanent(f"WhatsApp rejected the access token: {detail}; set a new one with "
                             "`flowcanvas channel set PROJECT whatsapp access_token=...`", AUTH)
        if code in _RATE_CODES or response.status_code == 429:
            return Transient(f"WhatsApp: rate limited: {detail}", retry_after_header(response))
        if code == _WINDOW_CODE:
            return Permanent(f"WhatsApp: {detail}", WINDOW_CLOSED)
        if code in _TRANSIENT_CODES or response.status_code >= 500:
            return Transient(f"WhatsApp: {detail or response.status_code}")
        return Permanent(f"WhatsApp: {detail}", INVALID)

    async def test_connection(self) -> str:
        """Read the phone number object (``GET /<version>/<phone number id>``)."""
        url = f"{self.api_base}/{self.api_version}/{self.phone_number_id}"
        response, body = await probe(
            "whatsapp", "WhatsApp", self.client.get(url, headers={"Authorization": f"Bearer {self.access_token}"})
        )
        if response.status_code != 200:
            raise ChannelError(f"whatsapp: {self.classify(response, body).reason}")
        return f"WhatsApp number {body.get('display_phone_number', self.phone_number_id)} ({body.get('verified_name', '')})"
