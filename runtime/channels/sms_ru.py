"""SMS through SMS.ru's HTTP API (``/sms/send``, ``/my/balance`` with ``json=1``).

Requests are POSTed as a form so the api_id never lands in URLs or access logs. SMS.ru answers
HTTP 200 with a JSON ``status`` / ``status_code`` per request and per number; codes are mapped to
results below. SMS.ru has no idempotency keys.
"""

from __future__ import annotations

from typing import Any

import httpx

from runtime.channels.base import (
    AUTH,
    INVALID,
    NO_ADDRESS,
    ChannelError,
    Message,
    Permanent,
    Recipient,
    SendResult,
    Sent,
    Transient,
)
from runtime.channels.http_errors import guarded, json_body, malformed_answer, server_error

API_BASE = "https://sms.ru"
# status codes after which retrying later may succeed (seconds to wait)
_TRANSIENT_CODES = {201: 1800.0, 220: 60.0, 230: 3600.0, 231: 3600.0, 232: 3600.0, 500: 60.0}
_AUTH_CODES = {200, 300, 301, 302}


def digits(phone: str) -> str:
    """E.164 without the plus, as SMS.ru expects (``+79255070602`` -> ``79255070602``)."""
    return "".join(ch for ch in phone if ch.isdigit())


def _result(code: int, text: str) -> Transient | Permanent:
    reason = f"SMS.ru {code}: {text}"
    if code in _AUTH_CODES:
        return Permanent(f"{reason}; check the api_id with `flowcanvas channel set PROJECT sms api_id=...`", AUTH)
    if code in _TRANSIENT_CODES:
        return Transient(reason, _TRANSIENT_CODES[code])
    return Permanent(reason, INVALID)


class SmsRuAdapter:
    """Sends SMS through SMS.ru."""

    channel = "sms"
    honours_idempotency = False

    def __init__(self, client: httpx.AsyncClient, api_id: str, sender: str | None = None, api_base: str = API_BASE) -> None:
        self.client = client
        self.api_id = api_id
        self.sender = sender
        self.api_base = api_base.rstrip("/")

    def address(self, recipient: Recipient) -> str | None:
        return recipient.phone or None

    def form(self, phone: str, text: str) -> dict[str, str]:
        """The documented ``/sms/send`` parameters for one number."""
        data = {"api_id": self.api_id, "to": digits(phone), "msg": text, "json": "1"}
        if self.sender:
            data["from"] = self.sender
        return data

    async def _post(self, path: str, data: dict[str, str]) -> dict[str, Any] | Transient:
        response = await guarded("SMS.ru", self.client.post(f"{self.api_base}{path}", data=data))
        if isinstance(response, Transient):
            return response
        if response.status_code >= 500:
            return server_error("SMS.ru", response)
        body = json_body(response)
        return malformed_answer("SMS.ru", response) if body is None else body

    async def send(self, message: Message) -> SendResult:
        phone = self.address(message.recipient)
        if not phone:
            return Permanent("contact has no phone number", NO_ADDRESS)
        body = await self._post("/sms/send", self.form(phone, message.content.get("text") or ""))
        if isinstance(body, Transient):
            return body
        if body.get("status") != "OK":
            return _result(int(body.get("status_code") or 0), str(body.get("status_text") or "request refused"))
        entry = (body.get("sms") or {}).get(digits(phone)) or {}
        if entry.get("status") == "OK":
            return Sent(str(entry.get("sms_id")))
        return _result(int(entry.get("status_code") or 0), str(entry.get("status_text") or "number refused"))

    async def balance(self) -> float:
        """The account balance (``/my/balance``); ChannelError when the api_id is refused."""
        body = await self._post("/my/balance", {"api_id": self.api_id, "json": "1"})
        if isinstance(body, Transient):
            raise ChannelError(f"sms: {body.reason}")
        if body.get("status") != "OK":
            result = _result(int(body.get("status_code") or 0), str(body.get("status_text") or "refused"))
            raise ChannelError(f"sms: {result.reason}")
        return float(body.get("balance", 0.0))

    async def test_connection(self) -> str:
        return f"SMS.ru account reachable, balance {await self.balance():.2f}"
