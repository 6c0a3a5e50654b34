"""Finding contacts by external id and describing one contact in full (``contacts show``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.contacts.step_names import step_names
from runtime.contacts.tags import contact_tags, tag_history
from runtime.errors import NotFoundError
from runtime.storage.models import CHANNELS, Contact, Event, Execution, FlowRow, StepLog

RECENT_STEPS = 20
RECENT_EVENTS = 20


def get_contact(session: Session, external_id: str) -> Contact:
    """The contact whose external id is ``external_id``; NotFoundError naming it otherwise."""
    contact = session.execute(select(Contact).where(Contact.external_id == external_id)).scalar_one_or_none()
    if contact is None:
        raise NotFoundError(f"contact {external_id!r} not found")
    return contact


def contact_ids(session: Session, external_ids: Iterable[str]) -> dict[str, int]:
    """Internal ids of the contacts among ``external_ids`` that exist (chunked IN queries)."""
    wanted = list(dict.fromkeys(external_ids))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
        chunk = wanted[start : start + 500]
        query = select(Contact.external_id, Contact.id).where(Contact.external_id.in_(chunk))
        found.update(session.execute(query).tuples().all())
    return found


def channel_status(contact: Contact) -> dict[str, str]:
    """The contact's status per channel: subscribed / unsubscribed / blocked."""
    return {channel: getattr(contact, f"{channel}_status") for channel in CHANNELS}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def contact_details(session: Session, contact: Contact) -> dict[str, Any]:
    """Everything known about one contact, as JSON-ready data (the ``contacts show`` document).

    Fields, attributes, current tags and their history, channel status, every flow execution
    (newest first), the latest steps from the step log and the latest events.
    """
    executions = session.execute(
        select(Execution, FlowRow.name)
        .join(FlowRow, FlowRow.id == Execution.flow_id)
        .where(Execution.contact_id == contact.id)
        .order_by(Execution.entered_at.desc(), Execution.id.desc())
    ).all()
    flow_names = {execution.flow_id: name for execution, name in executions}
    steps = session.execute(
        select(StepLog)
        .where(StepLog.contact_id == contact.id)
        .order_by(StepLog.at.desc(), StepLog.id.desc())
        .limit(RECENT_STEPS)
    ).scalars().all()
    missing = {row.flow_id for row in steps} - set(flow_names)
    if missing:
        query = select(FlowRow.id, FlowRow.name).where(FlowRow.id.in_(missing))
        flow_names.update(session.execute(query).tuples().all())
    events = session.execute(
        select(Event)
        .where(Event.contact_id == contact.id)
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .limit(RECENT_EVENTS)
    ).scalars().all()
    return {
        **_profile(contact),
        "attributes": dict(contact.attributes or {}),
        "channels": channel_status(contact),
        "tags": contact_tags(session, contact.id),
        "tag_history": tag_history(session, contact.id),
        "executions": [
            {
                "id": execution.id,
                "flow": name,
                "flow_id": execution.flow_id,
                "status": execution.status,
                "entered_at": _iso(execution.entered_at),
                "ended_at": _iso(execution.ended_at),
                "exit_reason": execution.exit_reason,
            }
            for execution, name in executions
        ],
        "recent_steps": [_step_row(row, flow_names, name) for row, name in
                         zip(steps, step_names(session, [(r.execution_id, r.flow_id, r.step_id) for r in steps]), strict=True)],
        "recent_events": [
            {
                "name": event.name,
                "props": event.properties or {},
                "occurred_at": _iso(event.occurred_at),
                "processed": event.processed_at is not None,
            }
            for event in events
        ],
    }


def _profile(contact: Contact) -> dict[str, Any]:
    """The contact's own fields (addresses, names, zone, birthday, timestamps)."""
    return {
        "id": contact.external_id,
        "email": contact.email,
        "phone": contact.phone,
        "telegram_chat_id": contact.telegram_chat_id,
        "whatsapp": contact.whatsapp,
        "push_subscriptions": len(contact.push_subscriptions or []),
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "timezone": contact.timezone,
        "birthday": contact.birthday,
        "created_at": _iso(contact.created_at),
        "updated_at": _iso(contact.updated_at),
        "last_activity_at": _iso(contact.last_activity_at),
    }


def _step_row(row: StepLog, flow_names: dict[int, str], step_name: str | None) -> dict[str, Any]:
    return {
        "execution_id": row.execution_id,
        "flow": flow_names.get(row.flow_id),
        "step": row.step_id,
        "step_name": step_name,
        "visit": row.visit,
        "at": _iso(row.at),
        "outcome": row.outcome,
        "port": row.port,
        "late_seconds": row.late_seconds,
        "detail": row.detail,
    }
