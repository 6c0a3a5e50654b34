"""Web push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291).

pywebpush encrypts the payload and py_vapid signs the VAPID JWT; the POST itself goes through the
shared httpx client so it is rate limited, testable and async like every other channel. A contact
may have several subscriptions (browsers): the message counts as sent when any accepts it, and as
a permanent ``expired`` failure when every push service answers 404/410 (subscription gone).
Push services have no idempotency keys (``Topic`` only replaces undelivered messages).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import httpx
from py_vapid import Vapid
from pywebpush import WebPusher

from runtime.channels.base import (
    AUTH,
    EXPIRED,
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
from runtime.channels.http_errors import guarded, retry_after_header


class WebPushAdapter:
    """Sends ``{title, body, url}`` notifications to a contact's push subscriptions."""

    channel = "push"
    honours_idempotency = False

    def __init__(self, client: httpx.AsyncClient, vapid_private_key: str, vapid_subject: str, ttl: int = 86400) -> None:
        self.client = client
        try:
            self.vapid = Vapid.from_string(vapid_private_key)
        except Exception as exc:  # noqa: BLE001 - py_vapid raises assorted errors for bad keys
            raise ChannelError(f"push: the VAPID private key cannot be read: {exc}") from None
        self.subject = vapid_subject
        self.ttl = ttl

    def address(self, recipient: Recipient) -> str | None:
        subs = [s for s in recipient.push_subscriptions if isinstance(s, dict) and s.get("endpoint")]
        return subs[0]["endpoint"] if subs else None

    def request(self, subscription: dict[str, Any], payload: bytes) -> tuple[str, dict[str, str], bytes]:
        """URL, headers and encrypted body for one subscription."""
        endpoint = subscription["endpoint"]
        parts = urlsplit(endpoint)
        body = WebPusher(subscription).encode(payload, "aes128gcm")["body"]
        headers = {
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(self.ttl),
            "Urgency": "normal",
        }
        headers.update(self.vapid.sign({"sub": self.subject, "aud": f"{parts.scheme}://{parts.netloc}"}))
        return endpoint, headers, body

    async def send(self, message: Message) -> SendResult:
        subs = [s for s in message.recipient.push_subscriptions if isinstance(s, dict) and s.get("endpoint")]
        if not subs:
            return Permanent("contact has no push subscription", NO_ADDRESS)
        content = message.content
        payload = json.dumps(
            {k: content.get(k) for k in ("title", "body", "url") if content.get(k) is not None}, ensure_ascii=False
        ).encode()
        results: list[SendResult] = []
        for sub in subs:
            results.append(await self._send_one(sub, payload))
        # subscriptions the push service no longer knows: the dispatcher removes them
        gone = tuple(sub["endpoint"] for sub, r in zip(subs, results, strict=True)
                     if isinstance(r, Permanent) and r.kind == EXPIRED)
        sent = [r for r in results if isinstance(r, Sent)]
        if sent:
            return Sent(sent[0].provider_id, gone=gone)
        transient = [r for r in results if isinstance(r, Transient)]
        if transient:
            return transient[0]
        failed = [r for r in results if isinstance(r, Permanent)]
        return Permanent(failed[0].reason, failed[0].kind, gone=gone)

    async def _send_one(self, sub: dict[str, Any], payload: bytes) -> SendResult:
        try:
            url, headers, body = self.request(sub, payload)
        except Exception as exc:  # noqa: BLE001 - bad keys in a stored subscription
            return Permanent(f"push: subscription cannot be used: {exc}", INVALID)
        response = await guarded("push service", self.client.post(url, content=body, headers=headers))
        if isinstance(response, Transient):
            return response
        status = response.status_code
        if status in (200, 201, 202):
            return Sent(response.headers.get("location"))
        if status in (404, 410):
            return Permanent(f"push: subscription expired ({status})", EXPIRED)
        if status in (401, 403):
            return Permanent(f"push: the push service rejected the VAPID credentials ({status})", AUTH)
        if status == 429 or status >= 500:
            return Transient(f"push: push service answered {status}", retry_after_header(response))
        return Permanent(f"push: push service rejected the message ({status}): {response.text[:200]}", INVALID)

    async def test_connection(self) -> str:
        """Push has no account to ask: checks the VAPID key can sign."""
        self.vapid.sign({"sub": self.subject, "aud": "https://push.example"})
        return "VAPID key loaded and signing works"
