"""Tags on contacts: permanent until removed on purpose, every change logged.

Unsubscribing or blocking a channel never touches tags. Each add or remove that changes
something writes one ``tag_log`` row saying who (``user``, ``import``, ``flow:<name>:<step>``),
when and why; a no-op (adding a tag the contact has) writes nothing and returns False.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, func, insert, select
from sqlalchemy.orm import Session

from runtime.clock import ensure_utc
from runtime.errors import InputError, NotFoundError
from runtime.flow.states import FlowStatus
from runtime.storage.models import ContactTag, Tag, TagLog


def _checked(tag: str) -> str:
    # imported here: the field checks load phonenumbers and email_validator, which a CLI command
    # that only looks contacts up (events import, run) need not pay for at start-up
    from runtime.contacts.normalize import FieldError, check_tag_name

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
    result = session.execute(
        delete(ContactTag).where(ContactTag.contact_id == contact_id, ContactTag.tag_id == tag_id)
    )
    removed = result.rowcount if isinstance(result, CursorResult) else 0
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


# -- the tag catalogue: list, create, describe, rename, merge, delete ------------------------------
#
# Each function below works inside the caller's transaction (the service opens one per change),
# so a rename, merge, delete or bulk change of thousands of contacts commits whole or not at all.
# Each contact whose tags change gets exactly one ``tag_log`` row per tag changed.

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def get_tag(session: Session, name: str) -> Tag:
    """The tag named ``name`` (NotFoundError naming it)."""
    row = session.execute(select(Tag).where(Tag.name == name.strip())).scalar_one_or_none()
    if row is None:
        raise NotFoundError(f"tag {name.strip()!r} not found")
    return row


def _checked_color(color: str | None) -> str | None:
    if color is None or color == "":
        return None
    if not COLOR_RE.match(color):
        raise InputError(f"colour {color!r} is not of the form #RRGGBB")
    return color.lower()


def list_tags(session: Session) -> list[dict[str, Any]]:
    """Every tag by name: ``{"name", "contacts", "color", "description"}`` (contacts = count now)."""
    counts = (
        select(ContactTag.tag_id, func.count().label("n")).group_by(ContactTag.tag_id).subquery()
    )
    rows = session.execute(
        select(Tag.name, func.coalesce(counts.c.n, 0), Tag.color, Tag.description)
        .outerjoin(counts, counts.c.tag_id == Tag.id)
        .order_by(Tag.name)
    ).all()
    return [{"name": name, "contacts": int(n), "color": color, "description": description}
            for name, n, color, description in rows]


def tag_count(session: Session, name: str) -> int:
    """How many contacts have the tag ``name`` now (0 when there is no such tag)."""
    return int(session.execute(
        select(func.count()).select_from(ContactTag).join(Tag, Tag.id == ContactTag.tag_id)
        .where(Tag.name == name.strip())
    ).scalar_one())


def create_tag(session: Session, name: str, color: str | None = None, description: str | None = None) -> None:
    """A new tag nobody has yet (InputError when the name is taken or invalid)."""
    name = _checked(name)
    if session.execute(select(Tag.id).where(Tag.name == name)).first() is not None:
        raise InputError(f"tag {name!r} exists already")
    session.add(Tag(name=name, color=_checked_color(color), description=(description or None)))
    session.flush()


def describe_tag(session: Session, name: str, color: str | None = None, description: str | None = None) -> None:
    """Set a tag's colour and description ("" clears one; None leaves it)."""
    row = get_tag(session, name)
    if color is not None:
        row.color = _checked_color(color)
    if description is not None:
        row.description = description or None
    session.flush()


def _holders(session: Session, tag_id: int) -> list[int]:
    return list(session.execute(select(ContactTag.contact_id).where(ContactTag.tag_id == tag_id)).scalars())


def _log_rows(session: Session, rows: list[tuple[int, str, str]], at: datetime, by: str, reason: str | None) -> None:
    """One tag_log row per (contact id, tag, action), in one bulk insert."""
    if rows:
        session.execute(insert(TagLog), [
            {"contact_id": cid, "tag": tag, "action": action, "at": at, "by": by, "reason": reason}
            for cid, tag, action in rows
        ])


def rename_tag(session: Session, old: str, new: str, by: str, reason: str | None, at: datetime) -> int:
    """Rename tag ``old`` to ``new`` for everyone who has it; the number of contacts.

    Each holder's history gets a ``rename`` row under the new name. InputError when ``new``
    exists already (merge instead) or is not a valid tag name.
    """
    row = get_tag(session, old)
    new = _checked(new)
    if new == row.name:
        return 0
    if session.execute(select(Tag.id).where(Tag.name == new)).first() is not None:
        raise InputError(f"tag {new!r} exists already: merge {row.name!r} into it instead")
    holders = _holders(session, row.id)
    why = f"renamed from {row.name!r}" + (f": {reason}" if reason else "")
    row.name = new
    _log_rows(session, [(cid, new, "rename") for cid in holders], ensure_utc(at), by, why)
    session.flush()
    return len(holders)


def merge_tags(session: Session, source: str, target: str, by: str, reason: str | None,
               at: datetime) -> dict[str, int]:
    """Merge tag ``source`` into ``target``: holders of ``source`` get ``target``, ``source`` goes.

    Returns ``{"moved", "already", "contacts"}``: contacts that gained ``target``, those that had
    both, and how many have ``target`` afterwards. ``target`` is created when missing.
    """
    src = get_tag(session, source)
    target = _checked(target)
    if target == src.name:
        raise InputError(f"cannot merge tag {target!r} into itself")
    dst_id = tag_ids(session, [target])[target]
    holders = _holders(session, src.id)
    have = set(_holders(session, dst_id))
    gaining = [cid for cid in holders if cid not in have]
    at = ensure_utc(at)
    if gaining:
        session.execute(insert(ContactTag), [{"contact_id": cid, "tag_id": dst_id, "added_at": at} for cid in gaining])
    why = f"merged {src.name!r} into {target!r}" + (f": {reason}" if reason else "")
    _log_rows(session, [(cid, src.name, "remove") for cid in holders] + [(cid, target, "add") for cid in gaining],
              at, by, why)
    session.execute(delete(ContactTag).where(ContactTag.tag_id == src.id))
    session.delete(src)
    session.flush()
    return {"moved": len(gaining), "already": len(holders) - len(gaining), "contacts": len(have) + len(gaining)}


def delete_tag(session: Session, name: str, by: str, reason: str | None, at: datetime) -> int:
    """Take tag ``name`` off everyone (logged per contact) and delete it; the number of contacts."""
    row = get_tag(session, name)
    holders = _holders(session, row.id)
    _log_rows(session, [(cid, row.name, "remove") for cid in holders], ensure_utc(at), by,
              "tag deleted" + (f": {reason}" if reason else ""))
    session.execute(delete(ContactTag).where(ContactTag.tag_id == row.id))
    session.delete(row)
    session.flush()
    return len(holders)


def changing_ids(session: Session, action: str, tag: str, contact_ids: Iterable[int]) -> list[int]:
    """Which of ``contact_ids`` adding (``action="add"``) or removing ``tag`` would change, sorted."""
    if action not in ("add", "remove"):
        raise InputError(f"unknown tag action {action!r} (add or remove)")
    name = _checked(tag)
    tag_id = session.execute(select(Tag.id).where(Tag.name == name)).scalar_one_or_none()
    have = set(_holders(session, tag_id)) if tag_id is not None else set()
    return [cid for cid in sorted(set(contact_ids)) if (cid in have) == (action == "remove")]


def bulk_change(session: Session, action: str, tag: str, contact_ids: Iterable[int], by: str,
                reason: str | None, at: datetime) -> int:
    """Add (``action="add"``) or remove a tag on many contacts; the number actually changed.

    Contacts that already are as asked are left alone and get no history row.
    """
    changing = changing_ids(session, action, tag, contact_ids)
    if not changing:
        return 0
    name = _checked(tag)
    tag_id = tag_ids(session, [name])[name]
    at = ensure_utc(at)
    for start in range(0, len(changing), 500):  # stay under SQLite's bound-parameter limit
        chunk = changing[start : start + 500]
        if action == "add":
            session.execute(insert(ContactTag), [{"contact_id": cid, "tag_id": tag_id, "added_at": at} for cid in chunk])
        else:
            session.execute(delete(ContactTag).where(ContactTag.tag_id == tag_id, ContactTag.contact_id.in_(chunk)))
    _log_rows(session, [(cid, name, action) for cid in changing], at, by, reason)
    session.flush()
    return len(changing)


def flows_using_tag(session: Session, name: str) -> list[str]:
    """Names of the flows (not archived) whose draft mentions tag ``name`` in a step or condition."""
    from runtime.storage.models import FlowRow

    def mentions(node: Any) -> bool:
        if isinstance(node, dict):
            if node.get("tag") == name or (isinstance(node.get("tags"), list) and name in node["tags"]):
                return True
            return any(mentions(value) for value in node.values())
        if isinstance(node, list):
            return any(mentions(value) for value in node)
        return False

    out = []
    for flow_name, draft in session.execute(
        select(FlowRow.name, FlowRow.draft).where(FlowRow.status != FlowStatus.ARCHIVED).order_by(FlowRow.name)
    ):
        try:
            if mentions(json.loads(draft)):
                out.append(flow_name)
        except ValueError:
            continue
    return out
