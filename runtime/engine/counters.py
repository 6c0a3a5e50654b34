"""Flow and step metrics kept in the ``counters`` table, in the same transaction as the change.

Counters are never recomputed by scanning executions on read: every change that moves a
contact (entry, a step visit, an exit) adds its deltas here and they are written with one
upsert per (flow, step, name) in the caller's transaction. Flow-level metrics use step id ``""``.

Flow metrics: entered, active, completed, exited_goal, exited_other, failed.
Step metrics: entered (visits), waiting (tokens parked at the step now: ready or waiting),
completed (visits that left on a port other than ``failed``), failed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from runtime.flow.states import ExecutionStatus

FLOW = ""  # step id of flow-level counters

_UPSERT = text(
    "INSERT INTO counters (flow_id, step_id, name, value) VALUES (:f, :s, :n, :v) "
    "ON CONFLICT (flow_id, step_id, name) DO UPDATE SET value = counters.value + excluded.value"
)


EDGE_PREFIX = "p:"  # step counters named p:<port>: visits that left the step through that port


def edge_counter(port: str) -> str:
    """The step counter that counts contacts leaving through ``port`` (the canvas labels edges with it)."""
    return (EDGE_PREFIX + port)[:32]


def exit_bucket(status: str, reason: str | None) -> str:
    """The flow counter an ended execution adds to: completed, failed, exited_goal or exited_other."""
    if status == ExecutionStatus.COMPLETED:
        return "completed"
    if status == ExecutionStatus.FAILED:
        return "failed"
    if reason == "goal":
        return "exited_goal"
    return "exited_other"


class CounterDeltas:
    """Counter changes gathered in memory and written with one executemany."""

    def __init__(self) -> None:
        self._deltas: defaultdict[tuple[int, str, str], int] = defaultdict(int)
        self.raw = self._deltas  # the engine's hot loop adds to the dict directly

    def add(self, flow_id: int, step_id: str, name: str, delta: int = 1) -> None:
        """Add ``delta`` to counter ``name`` of ``flow_id``/``step_id`` (``""`` = the flow)."""
        self._deltas[(flow_id, step_id, name)] += delta

    def __bool__(self) -> bool:
        return any(self._deltas.values())

    def items(self) -> list[tuple[tuple[int, str, str], int]]:
        return [(k, v) for k, v in self._deltas.items() if v]

    def flush(self, session: Session) -> None:
        """Write every non-zero delta (upsert) in the session's transaction and start over."""
        rows = [{"f": f, "s": s, "n": n, "v": v} for (f, s, n), v in sorted(self._deltas.items()) if v]
        self._deltas.clear()
        if rows:
            session.execute(_UPSERT, rows)

    def flush_raw(self, db: Any) -> None:
        """Like :meth:`flush`, through the batch's :class:`runtime.storage.rawdb.RawDB`."""
        rows = [{"f": f, "s": s, "n": n, "v": v} for (f, s, n), v in sorted(self._deltas.items()) if v]
        self._deltas.clear()
        db.many(_UPSERT.text, rows)


def bump(session: Session, flow_id: int, step_id: str, name: str, delta: int = 1) -> None:
    """Add ``delta`` to one counter right away (in the session's transaction)."""
    if delta:
        session.execute(_UPSERT, [{"f": flow_id, "s": step_id, "n": name, "v": delta}])
