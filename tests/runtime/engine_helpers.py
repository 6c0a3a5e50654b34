"""Small helpers for the trigger / entry / goal tests: rows written straight into a project.

Flows are installed as a published version (like ``activate`` leaves them) without going
through validation, so these tests depend only on the storage models and the engine.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.flow.io import dumps_flow, flow_from_dict
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event, Execution, FlowRow, FlowVersion

WAIT_STEPS = [{"id": "hold", "type": "wait", "config": {"duration": "P30D"}}]


def flow_doc(name: str, trigger: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    """A flow document with one long wait step and the given trigger/entry/goal/settings."""
    doc: dict[str, Any] = {"format": "flowcanvas/1", "name": name, "trigger": trigger}
    doc["steps"] = extra.pop("steps", WAIT_STEPS)
    doc["edges"] = extra.pop("edges", [])
    doc.update(extra)
    return doc


def install_flow(session: Session, doc: dict[str, Any], clock: Clock, status: str = "active") -> FlowRow:
    """Store ``doc`` as a flow with a published version 1 and the given status."""
    text = dumps_flow(flow_from_dict(doc, "<test>"))
    now = clock.now()
    row = FlowRow(name=doc["name"], status=status, entry_enabled=True, draft=text, created_at=now, updated_at=now,
                  activated_at=now if status == "active" else None)
    session.add(row)
    session.flush()
    version = FlowVersion(flow_id=row.id, version=1, definition=text, published_at=now)
    session.add(version)
    session.flush()
    row.current_version_id = version.id
    session.flush()
    return row


def add_contact(session: Session, external_id: str, clock: Clock, **fields: Any) -> Contact:
    """Insert a contact (timezone UTC unless given)."""
    now = clock.now()
    contact = Contact(external_id=external_id, created_at=now, updated_at=now, attributes=fields.pop("attributes", {}),
                      **fields)
    session.add(contact)
    session.flush()
    return contact


def add_event(session: Session, contact: Contact, name: str, clock: Clock, props: dict[str, Any] | None = None,
              at: datetime | None = None) -> Event:
    """Record an event (as record_event does, without touching the contact)."""
    event = Event(contact_id=contact.id, name=name, properties=props or {}, occurred_at=at or clock.now(),
                  recorded_at=clock.now())
    session.add(event)
    session.flush()
    return event


def executions(session: Session, flow_id: int | None = None, contact_id: int | None = None) -> list[Execution]:
    """Executions by id, optionally of one flow and/or contact."""
    query = select(Execution).order_by(Execution.id)
    if flow_id is not None:
        query = query.where(Execution.flow_id == flow_id)
    if contact_id is not None:
        query = query.where(Execution.contact_id == contact_id)
    return list(session.execute(query).scalars())


def inbound(project: Project, clock: Clock) -> int:
    """One trigger pass in its own write transaction."""
    from runtime.engine.triggers import process_inbound

    with project.write() as session:
        return process_inbound(session, clock)
