"""Conditions evaluated against the database: tags and events loaded through the session.

:class:`runtime.steps.conditions.EvalContext` never touches storage; triggers, entry rules,
goals and segments build theirs here, so tags and events they were not given are read from the
caller's session on first use (events only up to ``now``, in time order).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import ensure_utc
from runtime.steps.conditions import EvalContext, EventItem
from runtime.storage.models import ContactTag, Event, Tag


def _contact_id(contact: Any) -> int | None:
    return contact.get("id") if isinstance(contact, dict) else getattr(contact, "id", None)


def session_context(session: Session, *, contact: Any, now: datetime, **kwargs: Any) -> EvalContext:
    """An :class:`EvalContext` for ``contact`` at ``now`` whose missing tags and events come from ``session``."""
    cid = _contact_id(contact)
    if cid is None:
        return EvalContext(contact=contact, now=now, **kwargs)
    until = ensure_utc(now)

    def tags() -> set[str]:
        q = select(Tag.name).join(ContactTag, ContactTag.tag_id == Tag.id).where(ContactTag.contact_id == cid)
        return set(session.execute(q).scalars())

    def events(name: str) -> list[EventItem]:
        rows = session.execute(
            select(Event.occurred_at, Event.properties, Event.id)
            .where(Event.contact_id == cid, Event.name == name, Event.occurred_at <= until)
            .order_by(Event.occurred_at, Event.id)
        ).all()
        return [(ensure_utc(r[0]), r[1] or {}, r[2]) for r in rows]

    return EvalContext(contact=contact, now=now, tag_loader=tags, event_loader=events, **kwargs)
