"""Email links: signed URLs for unsubscribe, the open pixel and click redirects, and what
following them records.

Events (the reports' contract): ``email_opened`` ``{outbox_id, flow, step}`` and ``email_clicked``
``{outbox_id, flow, step, url}`` on the contact of that outbox row, ``flow`` being the flow id;
``unsubscribed`` ``{channel, outbox_id, flow, step}`` when a one-click unsubscribe lands.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.contacts.events import record_event
from runtime.inbound.signing import check_link_token, link_token
from runtime.storage.models import CHANNELS, Contact, Outbox

_HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?://[^"']+)\2""", re.IGNORECASE)


def unsubscribe_url(base: str, key: bytes, outbox_id: int) -> str:
    """The one-click unsubscribe URL of one message (for ``List-Unsubscribe``)."""
    return f"{base.rstrip('/')}/v1/unsubscribe/{link_token(key, 'unsubscribe', outbox_id)}"


def open_pixel_url(base: str, key: bytes, outbox_id: int) -> str:
    """The open-tracking pixel URL of one message."""
    return f"{base.rstrip('/')}/v1/t/o/{link_token(key, 'open', outbox_id)}.gif"


def click_url(base: str, key: bytes, outbox_id: int, url: str) -> str:
    """A tracked link to ``url`` in one message."""
    return f"{base.rstrip('/')}/v1/t/c/{link_token(key, 'click', outbox_id, url)}?u={quote(url, safe='')}"


def add_tracking(html_body: str, base: str, key: bytes, outbox_id: int) -> str:
    """``html_body`` with every http(s) link going through the click redirect and an open pixel
    at the end (before ``</body>`` when there is one)."""
    body = _HREF.sub(lambda m: f"{m.group(1)}{m.group(2)}{click_url(base, key, outbox_id, m.group(3))}{m.group(2)}",
                     html_body)
    pixel = f'<img src="{open_pixel_url(base, key, outbox_id)}" width="1" height="1" alt="" style="display:none">'
    index = body.lower().rfind("</body>")
    return body[:index] + pixel + body[index:] if index >= 0 else body + pixel


def outbox_of(key: bytes, kind: str, token: str, *extra: object) -> int | None:
    """The outbox id a link token was signed for, or None when it is forged or damaged."""
    return check_link_token(key, kind, token, *extra)


def _message(session: Session, outbox_id: int) -> tuple[Outbox, Contact] | None:
    row = session.get(Outbox, outbox_id)
    if row is None:
        return None
    contact = session.get(Contact, row.contact_id)
    return (row, contact) if contact is not None else None


def _props(row: Outbox, **extra: Any) -> dict[str, Any]:
    return {"outbox_id": row.id, "flow": row.flow_id, "step": row.step_id, **extra}


def record_open(session: Session, outbox_id: int, clock: Clock) -> bool:
    """Record ``email_opened`` for the message's contact; False when the message is gone."""
    found = _message(session, outbox_id)
    if found is None:
        return False
    row, contact = found
    record_event(session, contact, "email_opened", _props(row), None, clock)
    return True


def record_click(session: Session, outbox_id: int, url: str, clock: Clock) -> bool:
    """Record ``email_clicked`` with the URL for the message's contact."""
    found = _message(session, outbox_id)
    if found is None:
        return False
    row, contact = found
    record_event(session, contact, "email_clicked", _props(row, url=url), None, clock)
    return True


def unsubscribe(session: Session, outbox_id: int, clock: Clock) -> bool:
    """Unsubscribe the message's contact from the message's channel (once; repeats change
    nothing) and record ``unsubscribed``; False when the message is gone."""
    found = _message(session, outbox_id)
    if found is None:
        return False
    row, contact = found
    channel = row.channel if row.channel in CHANNELS else "email"
    attribute = f"{channel}_status"
    if getattr(contact, attribute) == "subscribed":
        setattr(contact, attribute, "unsubscribed")
        contact.updated_at = clock.now()
        record_event(session, contact, "unsubscribed", _props(row, channel=channel), None, clock)
    return True
