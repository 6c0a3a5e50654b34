"""Helpers for the engine core tests: flows, contacts and a recount of counters from the rows."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import select

from runtime.clock import Clock
from runtime.engine.executions import enter_contact
from runtime.flow.io import dumps_flow, flow_from_dict
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event, Execution, FlowRow, FlowVersion, Outbox, StepLog, Token
from tests.runtime.engine_helpers import install_flow


def flow(name: str, steps: list[dict[str, Any]], edges: list[Any], **extra: Any) -> dict[str, Any]:
    """A flow document; edges may be (from, to) or (from, port, to) tuples."""
    out_edges = []
    for e in edges:
        if isinstance(e, dict):
            out_edges.append(e)
        elif len(e) == 2:
            out_edges.append({"from": e[0], "to": e[1]})
        else:
            out_edges.append({"from": e[0], "port": e[1], "to": e[2]})
    doc = {"format": "flowcanvas/1", "name": name, "trigger": {"type": "manual"}, "steps": steps, "edges": out_edges}
    doc.update(extra)
    return doc


def step(step_id: str, type_: str, **config: Any) -> dict[str, Any]:
    return {"id": step_id, "type": type_, "config": config}


def install(project: Project, doc: dict[str, Any], clock: Clock, status: str = "active") -> int:
    """Store ``doc`` as a flow with published version 1 (its own transaction); returns the flow id."""
    with project.write() as s:
        return install_flow(s, doc, clock, status).id


def publish_new_version(project: Project, flow_id: int, doc: dict[str, Any], clock: Clock) -> int:
    """Publish ``doc`` as the flow's next version (what activate does after an edit)."""
    text = dumps_flow(flow_from_dict(doc, "<test>"))
    with project.write() as s:
        row = s.get(FlowRow, flow_id)
        n = s.execute(select(FlowVersion.version).where(FlowVersion.flow_id == flow_id)
                      .order_by(FlowVersion.version.desc())).scalars().first()
        version = FlowVersion(flow_id=flow_id, version=n + 1, definition=text, published_at=clock.now())
        s.add(version)
        s.flush()
        row.draft = text
        row.current_version_id = version.id
        return version.id


def add_contacts(project: Project, clock: Clock, *specs: dict[str, Any]) -> list[int]:
    """Insert contacts (``external_id`` plus any column); returns their ids."""
    now = clock.now()
    ids = []
    with project.write() as s:
        for spec in specs:
            spec = dict(spec)
            c = Contact(external_id=spec.pop("external_id"), created_at=now, updated_at=now,
                        attributes=spec.pop("attributes", {}), timezone=spec.pop("timezone", "UTC"), **spec)
            s.add(c)
            s.flush()
            ids.append(c.id)
    return ids


def enter(project: Project, flow_id: int, contact_ids: list[int], clock: Clock) -> list[int | None]:
    with project.write() as s:
        row = s.get(FlowRow, flow_id)
        return [enter_contact(s, row, cid, clock) for cid in contact_ids]


def add_event(project: Project, contact_id: int, name: str, at: datetime, props: dict[str, Any] | None = None) -> None:
    with project.write() as s:
        s.add(Event(contact_id=contact_id, name=name, properties=props or {}, occurred_at=at, recorded_at=at))


def step_log(project: Project, contact_id: int | None = None) -> list[tuple[str, str, str | None]]:
    """(step, outcome, port) of every step visit, in order."""
    with project.session() as s:
        q = select(StepLog.step_id, StepLog.outcome, StepLog.port).order_by(StepLog.id)
        if contact_id is not None:
            q = q.where(StepLog.contact_id == contact_id)
        return [tuple(r) for r in s.execute(q)]


def log_rows(project: Project, contact_id: int | None = None) -> list[StepLog]:
    with project.session() as s:
        q = select(StepLog).order_by(StepLog.id)
        if contact_id is not None:
            q = q.where(StepLog.contact_id == contact_id)
        return list(s.execute(q).scalars())


def outbox(project: Project) -> list[Outbox]:
    with project.session() as s:
        return list(s.execute(select(Outbox).order_by(Outbox.id)).scalars())


def execution(project: Project, execution_id: int) -> Execution:
    with project.session() as s:
        return s.get(Execution, execution_id)


def tokens(project: Project, execution_id: int | None = None) -> list[Token]:
    with project.session() as s:
        q = select(Token).order_by(Token.id)
        if execution_id is not None:
            q = q.where(Token.execution_id == execution_id)
        return list(s.execute(q).scalars())


def recount(project: Project, flow_id: int) -> dict[str, Any]:
    """The flow's metrics recomputed from executions, tokens and the step log (what counters must equal)."""
    with project.session() as s:
        flow = Counter()
        for status, reason in s.execute(select(Execution.status, Execution.exit_reason).where(Execution.flow_id == flow_id)):
            flow["entered"] += 1
            if status == "active":
                flow["active"] += 1
            elif status == "completed":
                flow["completed"] += 1
            elif status == "failed":
                flow["failed"] += 1
            elif reason == "goal":
                flow["exited_goal"] += 1
            else:
                flow["exited_other"] += 1
        steps: dict[str, Counter] = {}
        arrivals: set[tuple[int, str, int]] = set()
        for eid, sid, visit, outcome in s.execute(
            select(StepLog.execution_id, StepLog.step_id, StepLog.visit, StepLog.outcome).where(StepLog.flow_id == flow_id)
        ):
            c = steps.setdefault(sid, Counter())
            arrivals.add((eid, sid, visit))
            if outcome in ("completed", "skipped"):
                c["completed"] += 1
            elif outcome == "failed":
                c["failed"] += 1
        for eid, sid, visit, state in s.execute(
            select(Token.execution_id, Token.step_id, Token.visit, Token.state).where(Token.flow_id == flow_id)
        ):
            c = steps.setdefault(sid, Counter())
            if state in ("ready", "waiting"):
                c["waiting"] += 1
                arrivals.add((eid, sid, visit))
        for _eid, sid, _visit in arrivals:
            steps[sid]["entered"] += 1
    names = ("entered", "active", "completed", "exited_goal", "exited_other", "failed")
    return {
        "flow": {n: flow[n] for n in names},
        "steps": {sid: {n: c[n] for n in ("entered", "waiting", "completed", "failed")} for sid, c in steps.items()},
    }


def counters_view(stats: dict[str, Any]) -> dict[str, Any]:
    """flow_stats without conversion and without all-zero steps (to compare with :func:`recount`)."""
    flow = {k: v for k, v in stats["flow"].items() if k != "conversion"}
    steps = {k: v for k, v in stats["steps"].items() if any(v.values())}
    return {"flow": flow, "steps": steps}
