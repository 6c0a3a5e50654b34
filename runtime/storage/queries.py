"""Read-only queries behind the service's lists and pickers (counts, names, sample contacts).

Each function takes an open session and returns plain Python values, so ``runtime.service`` can
turn them into dataclasses without handing ORM rows to the designer.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.clock import UTC
from runtime.errors import NotFoundError
from runtime.flow.states import ExecutionStatus
from runtime.storage.models import (
    CONTACT_FIELD_COLUMNS,
    CONTACT_STATUS_COLUMNS,
    Contact,
    ContactTag,
    Counter,
    Event,
    Execution,
    FlowVersion,
    Tag,
)

# Contact columns a condition or template may use by name: the model's own fields and statuses
# (names first, as pickers show them), the id and two dates; bookkeeping left out.
_NAMES = ("first_name", "last_name")
CONTACT_FIELDS = ("external_id", *_NAMES, *(c for c in CONTACT_FIELD_COLUMNS if c not in _NAMES),
                  *CONTACT_STATUS_COLUMNS, "created_at", "last_activity_at")
# How many contacts to read when collecting attribute names: enough to find every key a CSV
# import produced, cheap on a big project.
ATTRIBUTE_SAMPLE = 2000


def local_midnight(now: datetime) -> datetime:
    """The start of ``now``'s day in this computer's time zone, as aware UTC."""
    local = now.astimezone()  # the machine's zone: "today" is the operator's today
    return datetime.combine(local.date(), time(0), tzinfo=local.tzinfo).astimezone(UTC)


def flow_level_counters(session: Session, names: tuple[str, ...] = ("entered", "active")) -> dict[tuple[int, str], int]:
    """``(flow_id, name) -> value`` of flow-level counters (``step_id == ""``)."""
    rows = session.execute(
        select(Counter.flow_id, Counter.name, Counter.value).where(Counter.step_id == "", Counter.name.in_(names))
    )
    return {(flow_id, name): int(value or 0) for flow_id, name, value in rows}


def entered_since(session: Session, since: datetime) -> dict[int, int]:
    """``flow_id -> executions entered at or after since``."""
    rows = session.execute(
        select(Execution.flow_id, func.count()).where(Execution.entered_at >= since).group_by(Execution.flow_id)
    )
    return {flow_id: int(n) for flow_id, n in rows}


def version_numbers(session: Session, flow_id: int | None = None) -> dict[int, int]:
    """``flow_versions.id -> version number`` (of one flow, or of all)."""
    query = select(FlowVersion.id, FlowVersion.version)
    if flow_id is not None:
        query = query.where(FlowVersion.flow_id == flow_id)
    return dict(session.execute(query).tuples().all())


def active_by_version(session: Session, flow_id: int) -> dict[int, int]:
    """``version number -> active executions`` of one flow (versions with none left out)."""
    rows = session.execute(
        select(FlowVersion.version, func.count())
        .join(Execution, Execution.version_id == FlowVersion.id)
        .where(Execution.flow_id == flow_id, Execution.status == ExecutionStatus.ACTIVE)
        .group_by(FlowVersion.version)
    )
    return {number: int(n) for number, n in rows}


def field_names(session: Session) -> list[str]:
    """Built-in contact fields, then attribute names seen on contacts (sorted)."""
    keys: set[str] = set()
    for attributes in session.scalars(select(Contact.attributes).limit(ATTRIBUTE_SAMPLE)):
        if isinstance(attributes, dict):
            keys.update(str(k) for k in attributes)
    return list(CONTACT_FIELDS) + sorted(keys - set(CONTACT_FIELDS))


def tag_names(session: Session) -> list[str]:
    """Every tag name, sorted."""
    return list(session.scalars(select(Tag.name).order_by(Tag.name)))


def event_names(session: Session) -> list[str]:
    """Every distinct event name, sorted."""
    return list(session.scalars(select(Event.name).distinct().order_by(Event.name)))


def contact_count(session: Session) -> int:
    """How many contacts the project holds."""
    return int(session.scalar(select(func.count()).select_from(Contact)) or 0)


def sample_contacts(session: Session, limit: int) -> list[Contact]:
    """Up to ``limit`` contacts, most recently active first (for preview pickers)."""
    query = (
        select(Contact)
        .order_by(Contact.last_activity_at.is_(None), Contact.last_activity_at.desc(), Contact.id)
        .limit(max(0, int(limit)))
    )
    return list(session.scalars(query))


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def contact_context(session: Session, external_id: str, label: str) -> dict[str, Any]:
    """What templates see as ``contact``: attributes, then built-in fields (which win), tags."""
    contact = session.scalars(select(Contact).where(Contact.external_id == external_id)).first()
    if contact is None:
        raise NotFoundError(f"no contact {external_id!r} in {label}")
    attributes = dict(contact.attributes or {})
    context: dict[str, Any] = dict(attributes)
    for name in CONTACT_FIELDS:
        context[name] = _json_value(getattr(contact, name))
    context["attributes"] = attributes
    context["tags"] = list(
        session.scalars(
            select(Tag.name).join(ContactTag, ContactTag.tag_id == Tag.id).where(ContactTag.contact_id == contact.id)
            .order_by(Tag.name)
        )
    )
    return context
