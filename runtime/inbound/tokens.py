"""API tokens of the inbound HTTP API, kept as SHA-256 digests only.

A token is 32 random bytes (``fc_`` + URL-safe base64): with that much entropy a plain SHA-256
digest is enough to make a stolen project file useless for calling the API (a slow password hash
only matters for guessable secrets), and it lets the server find a token with one indexed lookup.
The token itself is printed once, by :func:`create_token`, and never stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.errors import InputError, NotFoundError
from runtime.storage.models import ApiToken

PREFIX = "fc_"
SHOWN_PREFIX = 10  # characters of the token kept to tell tokens apart in `token list`


@dataclass(frozen=True)
class TokenInfo:
    """A token as `token list` shows it (never the token itself)."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "prefix": self.prefix,
            "created_at": self.created_at.isoformat(),
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else None,
            "revoked": self.revoked_at is not None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


def digest(token: str) -> str:
    """The hex SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _info(row: ApiToken) -> TokenInfo:
    return TokenInfo(row.id, row.name, row.prefix, row.created_at, row.last_used_at, row.revoked_at)


def create_token(session: Session, name: str, clock: Clock) -> tuple[str, TokenInfo]:
    """A new token named ``name``: returns the token (to show once) and its stored record."""
    name = (name or "").strip() or "api"
    if len(name) > 200:
        raise InputError(f"token name {name[:40]!r}... is longer than 200 characters")
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name, digest=digest(token), prefix=token[:SHOWN_PREFIX], created_at=clock.now())
    session.add(row)
    session.flush()
    return token, _info(row)


def list_tokens(session: Session) -> list[TokenInfo]:
    """Every token, oldest first (revoked ones included, marked)."""
    return [_info(row) for row in session.scalars(select(ApiToken).order_by(ApiToken.id))]


def revoke_token(session: Session, ref: str, clock: Clock) -> TokenInfo:
    """Revoke the token with id, name or prefix ``ref`` (NotFoundError; InputError if ambiguous)."""
    rows = list(session.scalars(select(ApiToken).where(ApiToken.revoked_at.is_(None))))
    text = str(ref).strip()
    matches = [row for row in rows if str(row.id) == text] or [row for row in rows if row.name == text] or [
        row for row in rows if text and row.prefix.startswith(text[:SHOWN_PREFIX]) and len(text) >= 6
    ]
    if not matches:
        raise NotFoundError(f"no active API token {ref!r} (see `flowcanvas token list PROJECT`)")
    if len(matches) > 1:
        raise InputError(f"{len(matches)} active tokens are named {ref!r}; revoke one by its id")
    row = matches[0]
    row.revoked_at = clock.now()
    session.flush()
    return _info(row)


def verify_token(session: Session, token: str) -> int | None:
    """The id of the active token ``token``, or None."""
    if not token or not token.startswith(PREFIX):
        return None
    row = session.scalars(select(ApiToken).where(ApiToken.digest == digest(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    return row.id


def touch_token(session: Session, token_id: int, clock: Clock) -> None:
    """Note that token ``token_id`` was just used (shown by `token list`)."""
    row = session.get(ApiToken, token_id)
    if row is not None:
        row.last_used_at = clock.now()
