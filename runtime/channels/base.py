"""The one small interface every channel adapter implements.

An adapter turns one :class:`Message` (an outbox row plus the contact's addresses) into one
provider call and answers with a :class:`SendResult`:

- :class:`Sent` — the provider accepted the message (``provider_id`` is its id for it);
- :class:`Transient` — try again later (``retry_after`` seconds when the provider said so);
- :class:`Permanent` — retrying will not help (``kind`` tells the dispatcher what to do:
  ``blocked`` marks the contact's channel status, ``auth`` is a channel-wide configuration
  error, ``no_address`` means the contact lacks the address the step needs, ...).

Adapters never touch the database and never raise for provider errors: every failure becomes a
result with a readable reason, so the dispatcher can record it on the outbox row. HTTP adapters
share that handling (network failures, malformed answers, status codes) in
:mod:`runtime.channels.http_errors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from runtime.errors import FlowCanvasError

# Permanent failure kinds the dispatcher reacts to.
BLOCKED = "blocked"  # the contact blocked us: set <channel>_status = 'blocked'
UNSUBSCRIBED = "unsubscribed"  # the contact opted out at the provider (e.g. SMS STOP)
NO_ADDRESS = "no_address"  # the contact has no address on this channel
AUTH = "auth"  # the channel's credentials are wrong or expired (affects every message)
INVALID = "invalid"  # the provider rejected this message (bad number, bad content, ...)
EXPIRED = "expired"  # a push subscription is gone
WINDOW_CLOSED = "window_closed"  # WhatsApp: outside the 24-hour window and no template


class ChannelError(FlowCanvasError):
    """A channel cannot be used: missing settings or credentials, failed connection test."""


@dataclass(frozen=True)
class Sent:
    """The provider accepted the message."""

    provider_id: str | None = None
    gone: tuple[str, ...] = ()  # push: endpoints the push service says no longer exist (404/410)
    # what the adapter learnt while sending that must be stored (a personal invite link)
    detail: dict[str, Any] | None = None


@dataclass(frozen=True)
class Transient:
    """A temporary failure: retry later (after ``retry_after`` seconds when known)."""

    reason: str
    retry_after: float | None = None


@dataclass(frozen=True)
class Permanent:
    """A failure that retrying will not fix."""

    reason: str
    kind: str = INVALID
    gone: tuple[str, ...] = ()  # push: endpoints the push service says no longer exist (404/410)


SendResult = Sent | Transient | Permanent


@dataclass(frozen=True)
class Recipient:
    """The contact's addresses and the facts adapters need (a snapshot, not a database row)."""

    contact_id: int
    external_id: str
    email: str | None = None
    phone: str | None = None
    telegram_chat_id: str | None = None
    whatsapp: str | None = None
    push_subscriptions: tuple[dict[str, Any], ...] = ()
    first_name: str | None = None
    timezone: str = "UTC"
    # WhatsApp: when the contact last wrote to us (opens the 24-hour customer service window)
    last_inbound_at: datetime | None = None
    vk_id: str | None = None  # the contact's VK user id (attribute vk_id)


@dataclass(frozen=True)
class Message:
    """One outbox row to deliver."""

    outbox_id: int
    channel: str
    idempotency_key: str
    content: dict[str, Any]
    recipient: Recipient
    attempt: int = 1
    # filled by the dispatcher for adapters that need "now" (WhatsApp window); never wall clock
    now: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Adapter(Protocol):
    """A channel adapter. ``honours_idempotency`` says whether re-sending a message with the
    same idempotency key is deduplicated by the receiving side (so a message interrupted between
    the provider call and recording its result may safely be sent again)."""

    channel: str
    honours_idempotency: bool

    def address(self, recipient: Recipient) -> str | None:
        """The recipient's address on this channel, or None when the contact has none."""
        ...

    async def send(self, message: Message) -> SendResult:
        """Deliver one message; never raises for provider or network errors."""
        ...

    async def test_connection(self) -> str:
        """Check credentials with a harmless call; returns a human summary or raises ChannelError."""
        ...


def button_rows(buttons: list[Any]) -> list[list[dict[str, Any]]]:
    """A send step's ``buttons`` as rows of button objects (a flat list puts each on its own row)."""
    return [[button for button in (row if isinstance(row, list) else [row]) if isinstance(button, dict)]
            for row in buttons or []]
