"""Step names for rows that only store a step id (outbox messages, step log rows).

A marketer reads "Send welcome email", not ``s2``: the name comes from the flow version the
contact's execution ran (a later version may have renamed or removed the step), else from the
flow's live version, else its draft (a message sent with no execution, such as a test send).
The id stays in the row as the detail; a step no version knows keeps ``None`` as its name.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.errors import FlowCanvasError
from runtime.flow.model import Flow
from runtime.flow.wording import step_title
from runtime.storage.flows_repo import draft_flow, load_version
from runtime.storage.models import Execution, FlowRow

__all__ = ["add_step_names", "step_names"]


def step_names(session: Session, refs: Sequence[tuple[int | None, int | None, str | None]]) -> list[str | None]:
    """The name of each ``(execution_id, flow_id, step_id)`` in ``refs``, in order (None when unknown)."""
    executions = {execution_id for execution_id, _flow, _step in refs if execution_id is not None}
    flows = {flow_id for _execution, flow_id, _step in refs if flow_id is not None}
    by_execution: dict[int, int] = {}
    if executions:
        query = select(Execution.id, Execution.version_id).where(Execution.id.in_(executions))
        by_execution = dict(session.execute(query).tuples().all())
    drafts: dict[int, dict[str, str]] = {}
    if flows:
        for flow_row in session.execute(select(FlowRow).where(FlowRow.id.in_(flows))).scalars():
            drafts[flow_row.id] = _names(partial(draft_flow, flow_row))
    versions: dict[int, dict[str, str]] = {}
    out: list[str | None] = []
    for execution_id, flow_id, step in refs:
        name = None
        version_id = by_execution.get(execution_id) if execution_id is not None else None
        if step and version_id is not None:
            if version_id not in versions:
                versions[version_id] = _names(partial(load_version, session, version_id))
            name = versions[version_id].get(step)
        if step and name is None and flow_id is not None:
            name = drafts.get(flow_id, {}).get(step)
        out.append(name)
    return out


def add_step_names(session: Session, rows: Sequence[MutableMapping[str, Any]]) -> None:
    """Set ``row["step_name"]`` on outbox-shaped rows from ``step`` and their ``execution_id`` /
    ``flow_id``, which are removed (they were only needed to find the version)."""
    names = step_names(session, [(r.pop("execution_id", None), r.pop("flow_id", None), r.get("step")) for r in rows])
    for row, name in zip(rows, names, strict=True):
        row["step_name"] = name


def _names(load: Callable[[], Flow]) -> dict[str, str]:
    """Step id -> the name a picker shows, for the flow ``load`` returns ({} when it does not parse)."""
    try:
        flow = load()
    except FlowCanvasError:  # a definition that no longer parses names nothing; the id still shows
        return {}
    return {step.id: step_title(step) for step in flow.steps}
