"""Preparing a project copy so that one flow runs alone (shared by simulate and rehearse)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.engine.lifecycle import publish_if_changed
from runtime.flow.states import FlowStatus
from runtime.storage.models import Event, FlowRow


def isolate_flow(session: Session, flow_row: FlowRow, clock: Clock, *, entry_enabled: bool) -> None:
    """Publish the flow's draft if needed, make it active and pause every other active flow.

    Other flows hold still so the copy shows this flow's behaviour only.
    """
    publish_if_changed(session, flow_row, clock)
    session.execute(update(FlowRow).where(FlowRow.id != flow_row.id, FlowRow.status == FlowStatus.ACTIVE)
                    .values(status=FlowStatus.PAUSED))
    flow_row.status = FlowStatus.ACTIVE
    flow_row.entry_enabled = entry_enabled
    session.flush()


def settle_backlog(session: Session, now: datetime) -> None:
    """Mark events that already happened as processed: the copy acts only on what comes next."""
    session.execute(
        update(Event).where(Event.processed_at.is_(None), Event.occurred_at <= now).values(processed_at=now)
    )


def flow_row_by_ref(session: Session, ref: int | str) -> FlowRow:
    """The flow row called ``ref`` (id or name); NotFoundError otherwise."""
    from runtime.storage.flows_repo import get_flow_row

    return get_flow_row(session, ref)


__all__ = ["flow_row_by_ref", "isolate_flow", "settle_backlog"]
