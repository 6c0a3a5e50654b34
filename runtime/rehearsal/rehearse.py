"""``rehearse``: run a flow for N days on a copy of the project and predict what it will do.

On a throw-away copy, the flow is published (if its draft changed) and made active, other flows
are paused, and the next N days are assumed to look like the last N: every event of the last N
days is replayed shifted N days ahead, so event triggers, waits for events and goals behave as
they did recently. Segment and date triggers act as they would (they need no history); a flow
with a manual trigger gets every contact its entry rules admit at the start, as if an operator
added the whole list. Contacts already inside carry on. The runtime then runs in sandbox mode on
a virtual clock to the end of the window.

The result has per-step totals and per-day rows: entries, exits, messages by channel and step
visits, all taken from the copy's step log, executions and outbox.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from runtime.clock import Clock, VirtualClock, ensure_utc
from runtime.engine.runner import Runtime
from runtime.errors import InputError
from runtime.flow.states import LIVE_TOKEN_STATES, ExecutionStatus
from runtime.rehearsal.projcopy import project_copy
from runtime.rehearsal.sandbox_setup import flow_row_by_ref, isolate_flow, settle_backlog
from runtime.rehearsal.virtual_run import run_virtual
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event, Execution, Outbox, StepLog, Token

FINAL = ("completed", "failed", "skipped")


def _replay_history(session: Any, start: datetime, days: int) -> int:
    window = timedelta(days=days)
    ev = Event.__table__
    rows = session.execute(
        select(ev.c.contact_id, ev.c.name, ev.c.properties, ev.c.occurred_at)
        .where(ev.c.occurred_at >= start - window, ev.c.occurred_at < start)
    ).all()
    if rows:
        session.execute(insert(ev), [
            {"contact_id": c, "name": n, "properties": p or {}, "occurred_at": ensure_utc(at) + window,
             "recorded_at": start, "processed_at": None}
            for c, n, p, at in rows
        ])
    return len(rows)


def _enter_everyone(session: Any, row: Any, clock: Clock) -> int:
    from runtime.engine.entry import enter_if_allowed, published_flow

    flow = published_flow(session, row)
    if flow is None:  # never published: nobody can enter
        return 0
    entered = 0
    for cid in session.execute(select(Contact.id).order_by(Contact.id)).scalars():
        if enter_if_allowed(session, row, flow, cid, clock) is not None:
            entered += 1
    return entered


def rehearse(project: Project, flow_ref: int | str, days: int, clock: Clock) -> dict[str, Any]:
    """Predictions for flow ``flow_ref`` over the next ``days`` days from ``clock.now()``."""
    if days < 1 or days > 366:
        raise InputError(f"--days must be between 1 and 366, not {days}")
    start = ensure_utc(clock.now())
    end = start + timedelta(days=days)
    with project.session() as session:
        flow_row_by_ref(session, flow_ref)  # NotFoundError before copying anything
    sim_clock = VirtualClock(start)
    with project_copy(project) as copy:
        with copy.write() as session:
            row = flow_row_by_ref(session, flow_ref)
            isolate_flow(session, row, sim_clock, entry_enabled=True)
            settle_backlog(session, start)
            replayed = _replay_history(session, start, days)
            manual = ((row.current_version_id and _trigger_type(session, row)) or "") == "manual"
            flow_id, flow_name = row.id, row.name
            step_types = _step_types(session, row)
        if manual:
            with copy.write() as session:
                _enter_everyone(session, flow_row_by_ref(session, flow_id), sim_clock)
        run_virtual(Runtime(copy, sim_clock, sandbox=True), end, save=False)  # quiet hours and caps apply
        return _report(copy, flow_id, flow_name, step_types, start, end, days, replayed)


def _trigger_type(session: Any, row: Any) -> str | None:
    from runtime.engine.entry import published_flow

    flow = published_flow(session, row)
    return (flow.trigger or {}).get("type") if flow else None


def _step_types(session: Any, row: Any) -> dict[str, str]:
    from runtime.engine.entry import published_flow

    flow = published_flow(session, row)
    return {s.id: s.type for s in flow.steps} if flow else {}


def _report(copy: Project, flow_id: int, flow_name: str, step_types: dict[str, str], start: datetime,
            end: datetime, days: int, replayed: int) -> dict[str, Any]:
    day_keys = [(start + timedelta(days=i)).date().isoformat() for i in range(days)]
    per_day: dict[str, dict[str, Any]] = {
        d: {"date": d, "entered": 0, "exited": Counter(), "messages": Counter(), "steps": Counter()} for d in day_keys}

    def bucket(at: datetime) -> dict[str, Any] | None:
        at = ensure_utc(at)
        if at < start or at >= end:
            return None
        return per_day.get(at.date().isoformat())

    steps: dict[str, dict[str, Any]] = {
        sid: {"type": t, "completed": 0, "failed": 0, "skipped": 0, "waiting_at_end": 0} for sid, t in step_types.items()}
    totals: dict[str, Any] = {"entered": 0, "completed": 0, "exited_goal": 0, "exited_other": 0, "failed": 0,
                              "active_at_end": 0, "messages": Counter()}
    with copy.session() as session:
        for step_id, outcome, at in session.execute(
            select(StepLog.step_id, StepLog.outcome, StepLog.at).where(StepLog.flow_id == flow_id, StepLog.at >= start)
        ):
            b = bucket(at)
            if b is None or outcome not in FINAL:
                continue
            entry = steps.setdefault(step_id, {"type": None, "completed": 0, "failed": 0, "skipped": 0,
                                               "waiting_at_end": 0})
            entry[outcome] += 1
            b["steps"][step_id] += 1
        for entered_at, ended_at, status, reason in session.execute(
            select(Execution.entered_at, Execution.ended_at, Execution.status, Execution.exit_reason)
            .where(Execution.flow_id == flow_id)
        ):
            b = bucket(entered_at)
            if b is not None:
                b["entered"] += 1
                totals["entered"] += 1
            if status == ExecutionStatus.ACTIVE:
                totals["active_at_end"] += 1
                continue
            b = bucket(ended_at) if ended_at else None
            if b is None:
                continue
            key = "completed" if status == ExecutionStatus.COMPLETED else "failed" if status == ExecutionStatus.FAILED else (
                "exited_goal" if reason == "goal" else "exited_other")
            totals[key] += 1
            b["exited"][reason or status] += 1
        for channel, at in session.execute(
            select(Outbox.channel, Outbox.created_at).where(Outbox.flow_id == flow_id, Outbox.created_at >= start)
        ):
            b = bucket(at)
            if b is not None:
                b["messages"][channel] += 1
                totals["messages"][channel] += 1
        for step_id, in session.execute(
            select(Token.step_id).join(Execution, Execution.id == Token.execution_id)
            .where(Execution.flow_id == flow_id, Token.state.in_(LIVE_TOKEN_STATES))
        ):
            if step_id in steps:
                steps[step_id]["waiting_at_end"] += 1
    totals["messages"] = dict(totals["messages"])
    totals["conversion"] = round(totals["exited_goal"] / totals["entered"], 4) if totals["entered"] else 0.0
    return {
        "flow": flow_name, "flow_id": flow_id, "days": days, "start": start.isoformat(), "end": end.isoformat(),
        "replayed_events": replayed, "totals": totals, "steps": steps,
        "per_day": [{**d, "exited": dict(d["exited"]), "messages": dict(d["messages"]), "steps": dict(d["steps"])}
                    for d in per_day.values()],
    }
