"""``simulate``: one contact's path through a flow on a virtual clock, on a throw-away copy.

The project is copied (:mod:`runtime.rehearsal.projcopy`); in the copy the flow is published if its
draft changed, made active with its entry switched off, every other flow is paused, the contact
enters fresh, and the events of an optional JSONL file are recorded for the contact at their
times (``"at"``: an ISO 8601 time, or an ISO duration after the start such as ``"PT2H"``). The
contact enters through a trigger event with ``trigger_props`` (``--props``), or, without them, the
first event of the file when it is the flow's trigger event, so ``{{ event.cart_url }}`` renders
as it will live. The runtime then runs in sandbox mode with the outbox dispatcher (quiet hours and
caps hold or skip messages as live), jumping from due time to due time, until the execution ends
(and every event was played) or ``horizon`` passes. Nothing is sent; the project is unchanged.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from runtime import strict_json
from runtime.clock import Clock, VirtualClock, ensure_utc
from runtime.engine.executions import end_execution, enter_contact
from runtime.engine.runner import Runtime, TickResult
from runtime.errors import InputError, NotFoundError
from runtime.flow.states import LIVE_TOKEN_STATES, ExecutionStatus, TokenState
from runtime.rehearsal.projcopy import project_copy
from runtime.rehearsal.sandbox_setup import flow_row_by_ref, isolate_flow, settle_backlog
from runtime.rehearsal.virtual_run import VirtualDispatch
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event, Execution, FlowVersion, Outbox, StepLog, Token

DEFAULT_HORIZON = timedelta(days=365)


def read_events_file(path: str | Path) -> list[dict[str, Any]]:
    """The events of a JSONL file: one ``{"name", "props", "at"}`` per line (InputError naming file:line)."""
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read events file: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = strict_json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON: {exc.msg}") from None
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise InputError(f"{path}:{number}: each line needs an event \"name\"")
        if item.get("props") is not None and not isinstance(item["props"], dict):
            raise InputError(f"{path}:{number}: \"props\" must be an object")
        item["_line"] = number
        out.append(item)
    return out


def _event_time(item: dict[str, Any], start: datetime, where: str) -> datetime:
    at = item.get("at")
    if at in (None, ""):
        return start
    text = str(at)
    if text.startswith(("P", "+P")):
        from runtime.flow.durations import parse_duration

        try:
            return start + parse_duration(text.lstrip("+"))
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
    from runtime.contacts.events import parse_time

    try:
        return parse_time(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"{where}: \"at\": {exc}, or a duration after the start (PT2H)") from None


def simulate(project: Project, flow_ref: int | str, contact_ref: str, clock: Clock, *,
             events: list[dict[str, Any]] | None = None, events_source: str = "events",
             horizon: timedelta = DEFAULT_HORIZON, trigger_props: dict[str, Any] | None = None) -> dict[str, Any]:
    """One contact's path through flow ``flow_ref`` starting at ``clock.now()``; see the module docstring."""
    start = ensure_utc(clock.now())
    with project.session() as session:  # fail early, and on the real project's names
        flow_row_by_ref(session, flow_ref)
        if session.execute(select(Contact.id).where(Contact.external_id == contact_ref)).scalar_one_or_none() is None:
            raise NotFoundError(f"{project.label}: no contact with id {contact_ref!r}")
    timed = [(_event_time(e, start, f"{events_source}:{e.get('_line', '?')}"), e) for e in events or []]
    sim_clock = VirtualClock(start)
    with project_copy(project) as copy:
        with copy.write() as session:
            row = flow_row_by_ref(session, flow_ref)
            contact_id = session.execute(select(Contact.id).where(Contact.external_id == contact_ref)).scalar_one()
            isolate_flow(session, row, sim_clock, entry_enabled=False)
            settle_backlog(session, start)
            # only this contact moves: other contacts' tokens in this flow stand still
            others = select(Execution.id).where(Execution.flow_id == row.id, Execution.contact_id != contact_id)
            session.execute(update(Token).where(Token.execution_id.in_(others), Token.state.in_(LIVE_TOKEN_STATES))
                            .values(state=TokenState.DONE))
            old = session.execute(select(Execution.id).where(
                Execution.flow_id == row.id, Execution.contact_id == contact_id,
                Execution.status == ExecutionStatus.ACTIVE)).scalar()
            if old is not None:
                end_execution(session, old, ExecutionStatus.EXITED, "simulation", sim_clock)
            trigger_id, timed = _trigger_event(session, row, contact_id, start, timed, trigger_props)
            execution_id = enter_contact(session, row, contact_id, sim_clock, trigger_event_id=trigger_id)
            for at, item in timed:
                session.add(Event(contact_id=contact_id, name=item["name"].strip(), properties=item.get("props") or {},
                                  occurred_at=at, recorded_at=start))
            flow_id, flow_name = row.id, row.name
            version = session.execute(select(FlowVersion.version).where(FlowVersion.id == row.current_version_id)).scalar()
        runtime = Runtime(copy, sim_clock, sandbox=True)
        last_event = max((at for at, _ in timed), default=start)
        limit = start + horizon
        with VirtualDispatch(copy, sim_clock, sandbox=True) as dispatch:
            total = TickResult()
            while True:
                outbox_due = runtime._run_instant(total, dispatch)
                now = ensure_utc(sim_clock.now())
                with copy.session() as session:
                    status = session.execute(select(Execution.status).where(Execution.id == execution_id)).scalar()
                if status != ExecutionStatus.ACTIVE and now >= last_event:
                    break
                nxt = runtime.next_due()
                if nxt is not None and nxt <= now:
                    nxt = runtime.next_due(after=now)
                if outbox_due is not None and outbox_due > now and (nxt is None or outbox_due < nxt):
                    nxt = outbox_due  # a message held by quiet hours or a cap
                if nxt is None or nxt > limit:
                    break
                sim_clock.set(nxt)
        return _report(copy, execution_id, flow_id, flow_name, version, contact_ref, start, sim_clock.now())


def _trigger_event(session: Any, row: Any, contact_id: int, start: datetime,
                   timed: list[tuple[datetime, dict[str, Any]]], props: dict[str, Any] | None,
                   ) -> tuple[int | None, list[tuple[datetime, dict[str, Any]]]]:
    """The event the contact enters through (its id), and the events left to play."""
    from runtime.engine.flowcache import compiled_version

    trigger = compiled_version(session, row.current_version_id).flow.trigger or {}
    name = trigger.get("event") if trigger.get("type") == "event" else None
    if props is None and name and timed and timed[0][1]["name"].strip() == name:
        props, timed = timed[0][1].get("props") or {}, timed[1:]
    if props is None:
        return None, timed
    event = Event(contact_id=contact_id, name=name or "simulate", properties=props, occurred_at=start,
                  recorded_at=start, processed_at=start)
    session.add(event)
    session.flush()
    return event.id, timed


def _report(copy: Project, execution_id: int | None, flow_id: int, flow_name: str, version: int | None,
            contact_ref: str, start: datetime, end: datetime) -> dict[str, Any]:
    with copy.session() as session:
        ex = session.get(Execution, execution_id) if execution_id else None
        steps = {}
        if ex is not None:
            from runtime.engine.flowcache import compiled_version

            steps = {s.id: s.type for s in compiled_version(session, ex.version_id).flow.steps}
        path = [
            {"at": r.at.isoformat(), "step": r.step_id, "type": steps.get(r.step_id), "outcome": r.outcome,
             "port": r.port, "late_seconds": r.late_seconds, "detail": r.detail}
            for r in session.execute(select(StepLog).where(StepLog.execution_id == execution_id).order_by(StepLog.id)).scalars()
        ]
        messages = [
            {"at": o.created_at.isoformat(), "step": o.step_id, "channel": o.channel, "status": o.status,
             "content": o.content}
            for o in session.execute(select(Outbox).where(Outbox.execution_id == execution_id).order_by(Outbox.id)).scalars()
        ]
        waiting = [
            {"step": t.step_id, "due_at": t.due_at.isoformat() if t.due_at.year < 9999 else None,
             "waiting_for": t.wait_event}
            for t in session.execute(select(Token).where(Token.execution_id == execution_id,
                                                         Token.state.in_(LIVE_TOKEN_STATES))).scalars()
        ]
        return {
            "flow": flow_name, "flow_id": flow_id, "version": version, "contact": contact_ref,
            "start": start.isoformat(), "end": ensure_utc(end).isoformat(),
            "status": ex.status if ex else None, "exit_reason": ex.exit_reason if ex else None,
            "path": path, "messages": messages, "waiting": waiting,
        }


__all__ = ["read_events_file", "simulate"]
