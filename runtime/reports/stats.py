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
    flow = dict.fromkeys(FLOW_METRICS, 0)
    steps: dict[str, dict[str, int]] = {sid: dict.fromkeys(STEP_METRICS, 0) for sid in step_ids or []}
    for step_id, name, value in session.execute(_QUERY, {"f": flow_id}):
        if step_id == "":
            if name in flow:
                flow[name] = int(value)
        else:
            bucket = steps.setdefault(step_id, dict.fromkeys(STEP_METRICS, 0))
            if name in bucket:
                bucket[name] = int(value)
    entered = flow["entered"]
    result_flow: dict[str, Any] = dict(flow)
    result_flow["conversion"] = round(flow["exited_goal"] / entered, 4) if entered else 0.0
    return {"flow": result_flow, "steps": steps}


_EDGES = text("SELECT step_id, name, value FROM counters WHERE flow_id = :f AND name LIKE 'p:%' AND value != 0")


def edge_counts(session: Session, flow_id: int) -> dict[str, dict[str, int]]:
    """How many contacts left each step through each port: ``{step id: {port: n}}`` (the canvas
    labels every edge from that port with it). Read from the ``counters`` table only."""
    from runtime.engine.counters import EDGE_PREFIX

    edges: dict[str, dict[str, int]] = {}
    for step_id, name, value in session.execute(_EDGES, {"f": flow_id}):
        edges.setdefault(step_id, {})[name[len(EDGE_PREFIX):]] = int(value)
    return edges
