"""Webhook adapter: JSON body, HMAC-SHA256 signature, idempotency key, error classes."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from datetime import datetime

import httpx

from runtime.channels.base import Permanent, Sent, Transient
from runtime.channels.webhook import WebhookAdapter
from runtime.clock import UTC
from tests.runtime.channel_helpers import Recorder, message, reply

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONTENT = {"url": "https://crm.example/hooks/fc", "method": "POST", "headers": {"X-Source": "flowcanvas"},
           "body": '{"contact": "c1", "event": "cart_add"}'}


def test_signed_json_post_with_idempotency_key() -> None:
    rec = Recorder(reply(202, {"ok": True}, {"X-Request-Id": "r-1"}))
    adapter = WebhookAdapter(rec.client(), secret="whsec")
    result = asyncio.run(adapter.send(message("webhook", CONTENT, now=NOW, key="12:hook:0")))
    assert result == Sent("r-1")
    (req,) = rec.requests
    assert req.method == "POST" and str(req.url) == "https://crm.example/hooks/fc"
    assert req.content == b'{"contact": "c1", "event": "cart_add"}'
    assert req.headers["content-type"] == "application/json"
    assert req.headers["idempotency-key"] == "12:hook:0"
    assert req.headers["x-source"] == "flowcanvas"
    ts = str(int(NOW.timestamp()))
    assert req.headers["x-flowcanvas-timestamp"] == ts
    expected = hmac.new(b"whsec", ts.encode() + b"." + req.content, hashlib.sha256).hexdigest()
    assert req.headers["x-flowcanvas-signature"] == f"sha256={expected}"
    assert adapter.honours_idempotency


def test_error_classes() -> None:
    def send(handler) -> object:
        return asyncio.run(WebhookAdapter(Recorder(handler).client()).send(message("webhook", CONTENT, now=NOW)))

    assert isinstance(send(reply(400, "bad")), Permanent)
    assert isinstance(send(reply(401, "who?")), Permanent)
    assert isinstance(send(reply(500, "oops")), Transient)
    limited = send(reply(429, "slow down", {"Retry-After": "30"}))
    assert isinstance(limited, Transient) and limited.retry_after == 30

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    assert isinstance(send(timeout), Transient)


def test_body_that_is_not_json_fails_without_a_request() -> None:
    rec = Recorder(reply(200, {}))
    result = asyncio.run(WebhookAdapter(rec.client()).send(message("webhook", {**CONTENT, "body": "{oops"}, now=NOW)))
    assert isinstance(result, Permanent) and "not valid JSON" in result.reason
    assert rec.requests == []
