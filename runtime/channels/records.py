"""Outbox bookkeeping shared by the dispatcher and operators' tools: step log entries, contact
snapshots, the engine's resume hook, and resolving messages flagged for review."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.channels.base import Recipient
from runtime.clock import Clock, ensure_utc
from runtime.errors import NotFoundError
from runtime.flow.states import OutboxStatus
from runtime.storage.models import Contact, Event, Execution, Outbox, StepLog


def resume_function() -> Callable[..., Any]:
    """The engine's ``resume_after_delivery`` (imported on use: the engine imports channels too)."""
    from runtime.engine.executions import resume_after_delivery

    return resume_after_delivery


def visit_of(key: str) -> int:
    try:
        return int(key.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def log_step(session: Session, row: Outbox, outcome: str, reason: str, at: datetime) -> None:
    """A step_log row explaining what happened to a message (only for rows of an execution)."""
    if row.execution_id is None:
        return
    flow_id = row.flow_id
    if flow_id is None:
        flow_id = session.scalar(select(Execution.flow_id).where(Execution.id == row.execution_id)) or 0
    session.add(
        StepLog(
            execution_id=row.execution_id, flow_id=flow_id, contact_id=row.contact_id, step_id=row.step_id or "",
            visit=visit_of(row.idempotency_key), at=at, outcome=outcome,
            detail={"outbox_id": row.id, "channel": row.channel, "reason": reason},
        )
    )


def recipient_of(contact: Contact, last_inbound_at: datetime | None = None) -> Recipient:
    """A contact's delivery snapshot."""
    return Recipient(
        contact_id=contact.id, external_id=contact.external_id, email=contact.email, phone=contact.phone,
        telegram_chat_id=contact.telegram_chat_id, whatsapp=contact.whatsapp,
        push_subscriptions=tuple(contact.push_subscriptions or ()), first_name=contact.first_name,
        timezone=contact.timezone or "UTC", last_inbound_at=last_inbound_at,
        vk_id=str((contact.attributes or {}).get("vk_id") or "") or None,
    )


def last_inbound(session: Session, contact_id: int, channel: str) -> datetime | None:
    """When the contact last wrote to us on ``channel`` (a ``message`` event from the contact)."""
    rows = session.execute(
        select(Event.occurred_at, Event.properties)
        .where(Event.contact_id == contact_id, Event.name == "message")
        .order_by(Event.occurred_at.desc())
        .limit(50)
    ).all()
    for at, props in rows:
        props = props or {}
        if props.get("channel") == channel and props.get("from", "contact") == "contact":
            return ensure_utc(at)
    return None


def resolve_review(session: Session, outbox_id: int, outcome: str, clock: Clock, by: str = "operator") -> Outbox:
    """An operator's decision on a ``review`` row: ``sent`` (it did go out), ``failed``, or
    ``requeue`` (send it again). Resumes the waiting execution accordingly."""
    row = session.get(Outbox, outbox_id)
    if row is None:
        raise NotFoundError(f"outbox message {outbox_id} does not exist")
    if row.status != OutboxStatus.REVIEW:
        raise NotFoundError(f"outbox message {outbox_id} is {row.status}, not waiting for review")
    now = clock.now()
    note = f"resolved by {by} as {outcome}"
    resume = resume_function()
    if outcome == "sent":
        row.status, row.sent_at, row.reason = OutboxStatus.SENT, now, f"{row.reason}; {note}"
        port: str | None = "next"
    elif outcome == "failed":
        row.status, row.error = OutboxStatus.FAILED, note
        port = "failed"
    elif outcome == "requeue":
        row.status, row.next_attempt_at, row.reason = OutboxStatus.QUEUED, now, note
        port = None
    else:
        raise ValueError(f"outcome must be sent, failed or requeue, not {outcome!r}")
    session.flush()
    if port and row.execution_id is not None:
        resume(session, row.id, port, clock, reason=note)
    return row
