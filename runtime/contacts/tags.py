"""Tags on contacts: permanent until removed on purpose, every change logged.

Unsubscribing or blocking a channel never touches tags. Each add or remove that changes
something writes one ``tag_log`` row saying who (``user``, ``import``, ``flow:<name>:<step>``),
when and why; a no-op (adding a tag the contact has) writes nothing and returns False.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from runtime.clock import ensure_utc
from runtime.contacts.normalize import FieldError, check_tag_name
from runtime.errors import InputError
from runtime.storage.models import ContactTag, Tag, TagLog


def _checked(tag: str) -> str:
    try:
        return check_tag_name(tag)
    except FieldError as exc:
        raise InputError(str(exc)) from None


def tag_ids(session: Session, names: Iterable[str], create: bool = True) -> dict[str, int]:
    """Ids of the tags ``names``, creating missing ones when ``create`` (one query each way)."""
    wanted = sorted(set(names))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
        chunk = wanted[start : start + 500]
        found.update(session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(chunk))).tuples().all())
    missing = [name for name in wanted if name not in found]
    if missing and create:
        session.execute(insert(Tag), [{"name": name} for name in missing])
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            found.update(session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(chunk))).tuples().all())
    return found


def add_tag(session: Session, contact_id: int, tag: str, by: str, reason: str | None, at: datetime) -> bool:
    """Give contact ``contact_id`` the tag ``tag``; True if it did not have it (then logged)."""
    name = _checked(tag)
    tag_id = tag_ids(session, [name])[name]
    if session.get(ContactTag, (contact_id, tag_id)) is not None:
        return False
    at = ensure_utc(at)
    session.add(ContactTag(contact_id=contact_id, tag_id=tag_id, added_at=at))
    session.add(TagLog(contact_id=contact_id, tag=name, action="add", at=at, by=by, reason=reason))
    session.flush()
    return True


def remove_tag(session: Session, contact_id: int, tag: str, by: str, reason: str | None, at: datetime) -> bool:
    """Take the tag ``tag`` off contact ``contact_id``; True if it had it (then logged)."""
    name = _checked(tag)
    tag_id = session.execute(select(Tag.id).where(Tag.name == name)).scalar_one_or_none()
    if tag_id is None:
        return False
    removed = session.execute(
        delete(ContactTag).where(ContactTag.contact_id == contact_id, ContactTag.tag_id == tag_id)
    ).rowcount
    if not removed:
        return False
    session.add(TagLog(contact_id=contact_id, tag=name, action="remove", at=ensure_utc(at), by=by, reason=reason))
    session.flush()
    return True


def contact_tags(session: Session, contact_id: int) -> list[str]:
    """The names of the tags contact ``contact_id`` has now, sorted."""
    rows = session.execute(
        select(Tag.name).join(ContactTag, ContactTag.tag_id == Tag.id).where(ContactTag.contact_id == contact_id)
    ).scalars()
    return sorted(rows)


def has_tag(session: Session, contact_id: int, tag: str) -> bool:
    """True when contact ``contact_id`` has the tag ``tag`` now."""
    row = session.execute(
        select(ContactTag.tag_id)
        .join(Tag, ContactTag.tag_id == Tag.id)
        .where(ContactTag.contact_id == contact_id, Tag.name == tag.strip())
    ).first()
    return row is not None


def tag_history(session: Session, contact_id: int) -> list[dict[str, Any]]:
    """Every tag change of contact ``contact_id``, oldest first: tag, action, at, by, reason."""
    rows = session.execute(
        select(TagLog).where(TagLog.contact_id == contact_id).order_by(TagLog.at, TagLog.id)
    ).scalars()
    return [
        {"tag": row.tag, "action": row.action, "at": row.at.isoformat(), "by": row.by, "reason": row.reason}
        for row in rows
    ]
