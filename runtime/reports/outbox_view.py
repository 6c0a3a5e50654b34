"""The outbox as operators read it: one plain dict per message, oldest first.

Shape (design.md section 7): ``{"contact", "flow", "step", "channel", "status", "at", "content"}``
plus ``id``, ``reason`` and ``error`` for the designer's outbox viewer, and ``step_name``: the name
the canvas shows for the step (``step`` stays its id).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.contacts.step_names import add_step_names
from runtime.storage.models import Contact, FlowRow, Outbox


def outbox_rows(session: Session, flow_id: int | None = None, *, status: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """Outbox messages (of one flow, of one status), ordered by creation time."""
    ob, ct, fl = Outbox.__table__, Contact.__table__, FlowRow.__table__
    q = (
        select(ob.c.id, ct.c.external_id, fl.c.name, ob.c.step_id, ob.c.channel, ob.c.status, ob.c.created_at,
               ob.c.content, ob.c.reason, ob.c.error, ob.c.execution_id, ob.c.flow_id)
        .join(ct, ct.c.id == ob.c.contact_id)
        .outerjoin(fl, fl.c.id == ob.c.flow_id)
        .order_by(ob.c.created_at, ob.c.id)
    )
    if flow_id is not None:
        q = q.where(ob.c.flow_id == flow_id)
    if status is not None:
        q = q.where(ob.c.status == status)
    if limit is not None:
        q = q.limit(limit)
    out = []
    for oid, contact, flow, step, channel, st, at, content, reason, error, execution_id, flow_id in session.execute(q):
        out.append({
            "id": oid, "contact": contact, "flow": flow, "step": step, "channel": channel, "status": st,
            "at": at.isoformat() if at else None, "content": content, "reason": reason, "error": error,
            "execution_id": execution_id, "flow_id": flow_id,
        })
    add_step_names(session, out)
    return out
