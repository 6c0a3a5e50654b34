"""Web Push subscriptions for demo contacts, so the demo's push steps succeed.

A demo customer is a made-up person, yet the abandoned-cart flow's push step needs a browser
subscription or it fails with "no address". Each demo contact gets one subscription that looks
like a browser's ``PushSubscription.toJSON()``: a Chrome (FCM) or Firefox (Mozilla autopush)
endpoint, a real P-256 public key and a 16-byte auth secret. The demo runs in sandbox mode, so
nothing is ever sent to those endpoints. Everything is derived from the contact's external id
(no shared random generator is drawn from), so the rest of the demo stays the same.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

__all__ = ["demo_push_subscriptions"]

#: Share of demo contacts whose browser is Firefox (the rest: Chrome, FCM endpoints).
FIREFOX_SHARE = 0.25
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def demo_push_subscriptions(external_id: str) -> list[dict[str, Any]]:
    """One plausible, deterministic subscription for the demo contact ``external_id`` (as stored)."""
    seed = hashlib.sha256(f"flowcanvas-demo-push:{external_id}".encode()).digest()
    token = hashlib.sha256(seed + b"endpoint").digest()
    if seed[0] / 256 < FIREFOX_SHARE:
        endpoint = "https://updates.push.services.mozilla.com/wpush/v2/" + _b64url(token + seed[:32])
    else:
        endpoint = "https://fcm.googleapis.com/fcm/send/" + _b64url(token[:16]) + ":APA91b" + _b64url(seed + token)[:134]
    secret = int.from_bytes(hashlib.sha256(seed + b"key").digest(), "big") % (_P256_ORDER - 1) + 1
    public = ec.derive_private_key(secret, ec.SECP256R1()).public_key()
    p256dh = public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    auth = hashlib.sha256(seed + b"auth").digest()[:16]
    return [{"endpoint": endpoint, "keys": {"p256dh": _b64url(p256dh), "auth": _b64url(auth)}}]
