"""Flow statistics read from the ``counters`` table only (never by scanning executions).

Shape (design.md section 7)::

    {"flow": {"entered", "active", "completed", "exited_goal", "exited_other", "failed", "conversion"},
     "steps": {"<step id>": {"entered", "waiting", "completed", "failed"}}}

``conversion`` is ``exited_goal / entered`` as a fraction (0.0 when nobody entered).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

FLOW_METRICS = ("entered", "active", "completed", "exited_goal", "exited_other", "failed")
STEP_METRICS = ("entered", "waiting", "completed", "failed")
_QUERY = text("SELECT step_id, name, value FROM counters WHERE flow_id = :f")


def flow_stats(session: Session, flow_id: int, step_ids: list[str] | None = None) -> dict[str, Any]:
    """Metrics of one flow and of each of its steps (steps listed in ``step_ids`` appear even at zero)."""
    flow = {name: 0 for name in FLOW_METRICS}
    steps: dict[str, dict[str, int]] = {sid: {name: 0 for name in STEP_METRICS} for sid in step_ids or []}
    for step_id, name, value in session.execute(_QUERY, {"f": flow_id}):
        if step_id == "":
            if name in flow:
                flow[name] = int(value)
        else:
            bucket = steps.setdefault(step_id, {n: 0 for n in STEP_METRICS})
            if name in bucket:
                bucket[name] = int(value)
    entered = flow["entered"]
    result_flow: dict[str, Any] = dict(flow)
    result_flow["conversion"] = round(flow["exited_goal"] / entered, 4) if entered else 0.0
    return {"flow": result_flow, "steps": steps}
