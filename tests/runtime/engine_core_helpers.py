"""Helpers for the engine core tests: flows, contacts and a recount of counters from the rows."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.engine.counters import edge_counter
from runtime.engine.executions import enter_contact
from runtime.flow.io import dumps_flow, flow_from_dict, loads_flow
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event, Execution, FlowRow, FlowVersion, Outbox, StepLog, Token
from runtime.storage.models import Counter as CounterRow  # collections.Counter is the tally here
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


FLOW_NAMES = ("entered", "active", "completed", "exited_goal", "exited_other", "failed")
STEP_NAMES = ("entered", "waiting", "completed", "failed")


def _ports_with_edges(session: Session, flow_id: int) -> dict[int, set[tuple[str, str]]]:
    """Per execution of the flow: the (step, port) pairs its flow version has at least one edge from."""
    by_version: dict[int, set[tuple[str, str]]] = {}
    for vid, definition in session.execute(
        select(FlowVersion.id, FlowVersion.definition).where(FlowVersion.flow_id == flow_id)
    ):
        by_version[vid] = {(e.source, e.port) for e in loads_flow(definition, f"<version {vid}>").edges}
    return {eid: by_version.get(vid, set()) for eid, vid in session.execute(
        select(Execution.id, Execution.version_id).where(Execution.flow_id == flow_id))}


def recount_counters(session: Session, flow_id: int) -> dict[tuple[str, str], int]:
    """The flow's whole counters table, ``{(step id, name): value}`` without zeros, recomputed from
    executions, tokens, the step log and the flow versions' edges (what the stored counters must equal).

    Edge counters ``p:<port>``: a finished visit (step log row with a port) counts on the port it
    left through when that port has an edge in the execution's version; an unconnected ``failed``
    goes on along ``next`` and counts there when ``next`` has an edge. A port without edges ends the
    branch and counts nowhere. The step log stores the port the step returned, not the one taken.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for status, reason in session.execute(
        select(Execution.status, Execution.exit_reason).where(Execution.flow_id == flow_id)
    ):
        counts[("", "entered")] += 1
        if status in ("active", "completed", "failed"):
            counts[("", status)] += 1
        else:
            counts[("", "exited_goal" if reason == "goal" else "exited_other")] += 1
    wired = _ports_with_edges(session, flow_id)
    arrivals: set[tuple[int, str, int]] = set()
    for eid, sid, visit, outcome, port in session.execute(
        select(StepLog.execution_id, StepLog.step_id, StepLog.visit, StepLog.outcome, StepLog.port)
        .where(StepLog.flow_id == flow_id)
    ):
        arrivals.add((eid, sid, visit))
        if outcome in ("completed", "skipped"):
            counts[(sid, "completed")] += 1
        elif outcome == "failed":
            counts[(sid, "failed")] += 1
        if port is None or outcome == "waiting":
            continue
        ports = wired.get(eid, set())
        if (sid, port) in ports:
            counts[(sid, edge_counter(port))] += 1
        elif port == "failed" and (sid, "next") in ports:
            counts[(sid, edge_counter("next"))] += 1
    for eid, sid, visit, state in session.execute(
        select(Token.execution_id, Token.step_id, Token.visit, Token.state).where(Token.flow_id == flow_id)
    ):
        if state in ("ready", "waiting"):
            counts[(sid, "waiting")] += 1
            arrivals.add((eid, sid, visit))
    for _eid, sid, _visit in arrivals:
        counts[(sid, "entered")] += 1
    return {k: v for k, v in counts.items() if v}


def stored_counters(session: Session, flow_id: int) -> dict[tuple[str, str], int]:
    """The flow's counters table as stored, ``{(step id, name): value}`` without zeros."""
    return {(sid, name): value for sid, name, value in session.execute(
        select(CounterRow.step_id, CounterRow.name, CounterRow.value).where(CounterRow.flow_id == flow_id)) if value}


def recount(project: Project, flow_id: int) -> dict[str, Any]:
    """The flow's metrics recomputed from the rows, shaped like ``flow_stats`` (see :func:`recount_counters`;
    the edge counters are not part of ``flow_stats``, compare them with :func:`stored_counters`)."""
    with project.session() as s:
        counts = recount_counters(s, flow_id)
    steps: dict[str, dict[str, int]] = {}
    for sid, name in counts:
        if sid and name in STEP_NAMES:
            steps.setdefault(sid, dict.fromkeys(STEP_NAMES, 0))[name] = counts[(sid, name)]
    return {"flow": {n: counts.get(("", n), 0) for n in FLOW_NAMES}, "steps": steps}


def counters_view(stats: Any) -> dict[str, Any]:
    """flow_stats (a dict, or the service's FlowStats) without conversion and without all-zero
    steps (to compare with :func:`recount`)."""
    if hasattr(stats, "to_json"):
        stats = stats.to_json()
    flow = {k: v for k, v in stats["flow"].items() if k != "conversion"}
    steps = {k: v for k, v in stats["steps"].items() if any(v.values())}
    return {"flow": flow, "steps": steps}


def run_together(targets: list[Any], errors: list[BaseException], timeout: float = 300) -> None:
    """Run each callable in ``targets`` on its own thread at once and wait for all; fails when one
    is still running after ``timeout`` seconds or any put an exception into ``errors``."""
    import threading

    threads = [threading.Thread(target=target) for target in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
