"""The outbox a page at a time, filtered, for the designer's outbox viewer.

Same row shape as :func:`runtime.reports.outbox_view.outbox_rows` plus ``attempts``, ``sent_at``
and ``provider_id``; newest first (an operator looks at what just happened), with the total
number of matching rows so the viewer can say "200 of 5 312".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.contacts.step_names import add_step_names
from runtime.flow.states import OutboxStatus
from runtime.storage.models import Contact, FlowRow, Outbox

STATUSES = (OutboxStatus.SANDBOX, OutboxStatus.QUEUED, OutboxStatus.HELD, OutboxStatus.SENDING, OutboxStatus.SENT,
            OutboxStatus.FAILED, OutboxStatus.SKIPPED, OutboxStatus.REVIEW)


def outbox_page(
    session: Session,
    *,
    flow_id: int | None = None,
    channel: str | None = None,
    status: str | None = None,
    contact: str | None = None,
    offset: int = 0,
    limit: int = 200,
) -> dict[str, Any]:
    """``{"total": n, "rows": [...]}``: outbox messages matching every filter given, newest first."""
    ob, ct, fl = Outbox.__table__, Contact.__table__, FlowRow.__table__
    conditions = []
    if flow_id is not None:
        conditions.append(ob.c.flow_id == flow_id)
    if channel:
        conditions.append(ob.c.channel == channel)
    if status:
        conditions.append(ob.c.status == status)
    if contact:
        conditions.append(ct.c.external_id == contact)
    base = select(func.count()).select_from(ob.join(ct, ct.c.id == ob.c.contact_id)).where(*conditions)
    total = int(session.execute(base).scalar() or 0)
    q = (
        select(ob.c.id, ct.c.external_id, fl.c.name, ob.c.step_id, ob.c.channel, ob.c.status, ob.c.created_at,
               ob.c.content, ob.c.reason, ob.c.error, ob.c.attempts, ob.c.sent_at, ob.c.provider_id, ob.c.execution_id,
               ob.c.flow_id)
        .join(ct, ct.c.id == ob.c.contact_id)
        .outerjoin(fl, fl.c.id == ob.c.flow_id)
        .where(*conditions)
        .order_by(ob.c.created_at.desc(), ob.c.id.desc())
        .offset(max(0, offset))
        .limit(max(1, limit))
    )
    rows = []
    for (oid, who, flow, step, chan, st, at, content, reason, error, attempts, sent_at, provider, execution_id,
         flow_id) in session.execute(q):
        rows.append({
            "id": oid, "contact": who, "flow": flow, "step": step, "channel": chan, "status": st,
            "at": at.isoformat() if at else None, "content": content or {}, "reason": reason, "error": error,
            "attempts": attempts or 0, "sent_at": sent_at.isoformat() if sent_at else None, "provider_id": provider,
            "execution_id": execution_id, "flow_id": flow_id,
        })
    add_step_names(session, rows)
    return {"total": total, "rows": rows}


def outbox_channels(session: Session) -> list[str]:
    """The channels that appear in the outbox, sorted (for the viewer's filter)."""
    return sorted(c for (c,) in session.execute(select(Outbox.channel).distinct()) if c)
