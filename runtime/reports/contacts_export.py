"""The contacts behind a count: who is in a flow, who reached a step, who has a tag.

Addresses are masked here, by column (emails, phones, chat ids), unless the caller unmasks; free
text is scrubbed later by the table writer.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.reports.masking import mask_email, mask_phone
from runtime.storage.models import CONTACT_STATUS_COLUMNS, Contact, ContactTag, Execution, StepLog, Tag

STATUS_COLUMNS = CONTACT_STATUS_COLUMNS


def _utc_bounds(start: date | None, end: date | None, zone: str) -> tuple[datetime | None, datetime | None]:
    tz = ZoneInfo(zone)
    lo = datetime.combine(start, time(0), tz) if start else None
    hi = datetime.combine(end + timedelta(days=1), time(0), tz) if end else None
    return lo, hi


def contact_ids(session: Session, *, flow_id: int | None = None, step: str | None = None, tag: str | None = None,
                start: date | None = None, end: date | None = None, zone: str = "UTC") -> list[int]:
    """Ids of contacts matching every given filter (``step`` needs ``flow_id``: who reached it)."""
    lo, hi = _utc_bounds(start, end, zone)
    stmt = select(Contact.id)
    if flow_id is not None:
        if step is not None:
            sub, at = select(StepLog.contact_id).where(StepLog.flow_id == flow_id, StepLog.step_id == step), StepLog.at
        else:
            sub, at = select(Execution.contact_id).where(Execution.flow_id == flow_id), Execution.entered_at
        if lo is not None:
            sub = sub.where(at >= lo)
        if hi is not None:
            sub = sub.where(at < hi)
        stmt = stmt.where(Contact.id.in_(sub))
    if tag is not None:
        tagged = select(ContactTag.contact_id).join(Tag, Tag.id == ContactTag.tag_id).where(Tag.name == tag)
        stmt = stmt.where(Contact.id.in_(tagged))
    return list(session.scalars(stmt.order_by(Contact.id)))


def contact_records(session: Session, ids: list[int], unmask: bool = False) -> list[dict[str, Any]]:
    """One export row per contact (in ``ids`` order), addresses masked unless ``unmask``."""
    tags: dict[int, list[str]] = {}
    out = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for cid, name in session.execute(
            select(ContactTag.contact_id, Tag.name).join(Tag, Tag.id == ContactTag.tag_id)
            .where(ContactTag.contact_id.in_(chunk)).order_by(Tag.name)
        ):
            tags.setdefault(cid, []).append(name)
        for c in session.scalars(select(Contact).where(Contact.id.in_(chunk)).order_by(Contact.id)):
            out.append(_record(c, tags.get(c.id, []), unmask))
    return out


def _record(c: Contact, tags: list[str], unmask: bool) -> dict[str, Any]:
    def phone(v: str | None) -> str | None:
        return v if unmask or not v else mask_phone(v)

    rec: dict[str, Any] = {
        "id": c.external_id, "first_name": c.first_name, "last_name": c.last_name,
        "email": c.email if unmask or not c.email else mask_email(c.email),
        "phone": phone(c.phone), "whatsapp": phone(c.whatsapp),
        "telegram_chat_id": c.telegram_chat_id if unmask or not c.telegram_chat_id
        else "*" * max(0, len(c.telegram_chat_id) - 2) + c.telegram_chat_id[-2:],
        "timezone": c.timezone,
    }
    rec.update({col: getattr(c, col) for col in STATUS_COLUMNS})
    rec["tags"] = ";".join(tags)
    rec["created_at"] = c.created_at.isoformat() if c.created_at else None
    rec["last_activity_at"] = c.last_activity_at.isoformat() if c.last_activity_at else None
    rec["attributes"] = json.dumps(c.attributes or {}, ensure_ascii=False, sort_keys=True)
    return rec
