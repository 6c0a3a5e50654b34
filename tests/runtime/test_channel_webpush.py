"""Web push adapter: VAPID-signed, aes128gcm-encrypted POST to each subscription endpoint."""

from __future__ import annotations

import asyncio
import base64
import json

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from runtime.channels.base import EXPIRED, Permanent, Sent, Transient
from runtime.channels.webpush import WebPushAdapter
from tests.runtime.channel_helpers import Recorder, message, reply


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).strip(b"=").decode()


def subscription(endpoint: str) -> tuple[dict, ec.EllipticCurvePrivateKey, bytes]:
    """A browser-side subscription: the receiver's key pair and auth secret."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    auth = b"0123456789abcdef"
    return {"endpoint": endpoint, "keys": {"p256dh": b64(public), "auth": b64(auth)}}, key, auth


def vapid_key() -> str:
    vapid = Vapid()
    vapid.generate_keys()
    raw = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    return b64(raw)


def test_encrypted_signed_post_that_the_browser_can_decrypt() -> None:
    sub, key, auth = subscription("https://fcm.googleapis.com/fcm/send/abc123")
    rec = Recorder(reply(201, "", {"Location": "https://fcm.googleapis.com/msg/1"}))
    adapter = WebPushAdapter(rec.client(), vapid_key(), "mailto:ops@shop.example", ttl=3600)
    content = {"title": "Sale", "body": "Today only", "url": "https://shop.example/sale"}
    result = asyncio.run(adapter.send(message("push", content, push_subscriptions=(sub,))))
    assert result == Sent("https://fcm.googleapis.com/msg/1")
    (req,) = rec.requests
    assert req.method == "POST" and str(req.url) == sub["endpoint"]
    assert req.headers["content-encoding"] == "aes128gcm"
    assert req.headers["ttl"] == "3600"
    assert req.headers["authorization"].startswith("vapid t=") and ",k=" in req.headers["authorization"]
    plain = http_ece.decrypt(req.content, private_key=key, auth_secret=auth, version="aes128gcm")
    assert json.loads(plain) == content


def test_gone_subscription_is_expired_and_5xx_transient() -> None:
    sub, _, _ = subscription("https://updates.push.services.mozilla.com/wpush/v2/x")
    msg = message("push", {"title": "t", "body": "b"}, push_subscriptions=(sub,))
    gone = asyncio.run(WebPushAdapter(Recorder(reply(410, "")).client(), vapid_key(), "mailto:a@b.c").send(msg))
    assert isinstance(gone, Permanent) and gone.kind == EXPIRED
    busy = asyncio.run(WebPushAdapter(Recorder(reply(503, "")).client(), vapid_key(), "mailto:a@b.c").send(msg))
    assert isinstance(busy, Transient)
    none = asyncio.run(WebPushAdapter(Recorder(reply(201, "")).client(), vapid_key(), "mailto:a@b.c").send(
        message("push", {"title": "t"})))
    assert isinstance(none, Permanent) and none.kind == "no_address"
