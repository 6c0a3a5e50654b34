"""Webhooks: a JSON request to the step's URL, signed with HMAC-SHA256.

Headers sent with every request:

- ``Content-Type: application/json``
- ``Idempotency-Key: <execution>:<step>:<visit>`` — the same on every retry and after a restart;
  receivers must deduplicate on it. Because that is the published contract, an interrupted webhook
  is sent again after a restart (the only channel where FlowCanvas does so).
- ``X-FlowCanvas-Timestamp: <unix seconds>`` and
  ``X-FlowCanvas-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the channel secret>``
  (when a secret is set).

2xx is success; 408, 429, 5xx and network errors are retried by the dispatcher with backoff;
other 4xx answers fail the step's ``failed`` port.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import httpx

from runtime.channels.base import (
    INVALID,
    Message,
    Permanent,
    Recipient,
    SendResult,
    Sent,
    Transient,
)
from runtime.channels.http_errors import guarded, http_status_result

SIGNATURE_HEADER = "X-FlowCanvas-Signature"
TIMESTAMP_HEADER = "X-FlowCanvas-Timestamp"
_RESERVED = {"content-type", "idempotency-key", SIGNATURE_HEADER.lower(), TIMESTAMP_HEADER.lower(), "host", "content-length"}


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` over ``"<timestamp>.<body>"``: what receivers recompute to verify."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def encode_body(body: Any) -> bytes | Permanent:
    """The request body: a rendered template must be JSON; dicts/lists are serialised."""
    if body is None or body == "":
        return b"{}"
    if isinstance(body, (dict, list)):
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    try:
        json.loads(body)
    except ValueError as exc:
        return Permanent(f"webhook body is not valid JSON after rendering: {exc}", INVALID)
    return str(body).encode()


class WebhookAdapter:
    """Sends the webhook step's request."""

    channel = "webhook"
    honours_idempotency = True  # by contract: receivers deduplicate on Idempotency-Key

    def __init__(self, client: httpx.AsyncClient, secret: str | None = None, timeout: float = 15.0) -> None:
        self.client = client
        self.secret = secret
        self.timeout = timeout

    def address(self, recipient: Recipient) -> str | None:
        return "webhook"  # the URL is in the content, not on the contact

    def request(self, message: Message) -> tuple[str, str, dict[str, str], bytes] | Permanent:
        content = message.content
        url = content.get("url")
        if not url or not str(url).startswith(("http://", "https://")):
            return Permanent(f"webhook URL is missing or not http(s): {url!r}", INVALID)
        body = encode_body(content.get("body"))
        if isinstance(body, Permanent):
            return body
        headers = {str(k): str(v) for k, v in (content.get("headers") or {}).items() if str(k).lower() not in _RESERVED}
        headers["Content-Type"] = "application/json"
        headers["Idempotency-Key"] = message.idempotency_key
        if self.secret:
            ts = str(int(message.now.timestamp())) if message.now else "0"
            headers[TIMESTAMP_HEADER] = ts
            headers[SIGNATURE_HEADER] = signature(self.secret, ts, body)
        method = str(content.get("method") or "POST").upper()
        return method, str(url), headers, body

    async def send(self, message: Message) -> SendResult:
        request = self.request(message)
        if isinstance(request, Permanent):
            return request
        method, url, headers, body = request
        response = await guarded(
            f"webhook {url}", self.client.request(method, url, content=body, headers=headers, timeout=self.timeout)
        )
        if isinstance(response, Transient):
            return response
        if 200 <= response.status_code < 300:
            return Sent(response.headers.get("x-request-id") or str(response.status_code))
        result = http_status_result(f"webhook {url}", response, response.text[:200])
        if isinstance(result, Permanent):
            return Permanent(result.reason, INVALID)  # a receiver's 401/403 is not our credential
        return result

    async def test_connection(self) -> str:
        return "webhooks need no connection; each step names its URL"
