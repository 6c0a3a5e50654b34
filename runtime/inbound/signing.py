"""Signatures: links in emails (unsubscribe, open pixel, click redirect) and signed API requests.

Links carry an HMAC-SHA256 of what they point at, made with the project's link key (a random
key in the project's settings, created on first use), so nobody can unsubscribe someone else or
turn the click redirect into an open redirect by editing a URL. A copied project keeps the key,
so links in mails already sent keep working.

Signed requests (optional, per project): the client sends ``X-FlowCanvas-Signature:
t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`` made with the project's HMAC secret
(kept in the OS keyring); a signature older than :data:`SIGNATURE_TOLERANCE` seconds is refused,
so a captured request cannot be replayed later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session

from runtime.storage.settings import get_setting, set_setting

LINK_KEY = "inbound.link_key"
SIGNATURE_HEADER = "X-FlowCanvas-Signature"
SIGNATURE_TOLERANCE = 300


def link_key(session: Session) -> bytes:
    """The project's key for signed links (created on first use; the caller commits)."""
    value = get_setting(session, LINK_KEY)
    if not isinstance(value, str) or not value:
        value = secrets.token_hex(32)
        set_setting(session, LINK_KEY, value)
        session.flush()
    return bytes.fromhex(value)


def sign(key: bytes, *parts: object) -> str:
    """A short URL-safe signature of ``parts`` (128 bits of HMAC-SHA256)."""
    message = "\x1f".join(str(part) for part in parts).encode("utf-8")
    mac = hmac.new(key, message, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def link_token(key: bytes, kind: str, outbox_id: int, *extra: object) -> str:
    """``<outbox id>.<signature>`` for a link of ``kind`` (open, click, unsubscribe)."""
    return f"{outbox_id}.{sign(key, kind, outbox_id, *extra)}"


def check_link_token(key: bytes, kind: str, token: str, *extra: object) -> int | None:
    """The outbox id of a valid link token, else None."""
    head, _, signature = token.partition(".")
    if not head.isdigit() or not signature:
        return None
    expected = sign(key, kind, int(head), *extra)
    return int(head) if hmac.compare_digest(expected, signature) else None


def request_signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-FlowCanvas-Signature`` value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def check_request_signature(secret: str, header: str | None, body: bytes, now: float) -> str | None:
    """None when ``header`` signs ``body`` within the tolerance, else the reason it does not."""
    if not header:
        return f"this project requires signed requests: send {SIGNATURE_HEADER}"
    parts = dict(part.strip().partition("=")[::2] for part in header.split(","))
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return f"{SIGNATURE_HEADER} has no timestamp t=<unix seconds>"
    if abs(now - timestamp) > SIGNATURE_TOLERANCE:
        return f"{SIGNATURE_HEADER} timestamp is more than {SIGNATURE_TOLERANCE} s away from now"
    expected = request_signature(secret, timestamp, body).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, parts.get("v1", "")):
        return f"{SIGNATURE_HEADER} does not match the body"
    return None
