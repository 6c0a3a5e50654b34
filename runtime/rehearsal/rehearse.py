"""``rehearse``: run a flow for N days on a copy of the project and predict what it will do.

On a throw-away copy, the flow is published (if its draft changed) and made active, other flows
are paused, and the next N days are assumed to look like the last N: every event of the last N
days is replayed shifted N days ahead, so event triggers, waits for events and goals behave as
they did recently. Segment and date triggers act as they would (they need no history; a cron schedule fires at each
of its times in the window, not once as after a jump); a flow
with a manual trigger gets every contact its entry rules admit at the start, as if an operator
added the whole list. Contacts already inside carry on. The runtime then runs in sandbox mode on
a virtual clock to the end of the window.

The result has per-step totals and per-day rows (:mod:`runtime.rehearsal.window_report`):
entries, exits, messages by channel, holds by quiet hours, delays and skips by frequency caps,
and step visits, all taken from the copy's step log, executions and outbox. Given a conversion
rate, it adds the goal exits to expect at that rate.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from runtime.clock import Clock, VirtualClock, ensure_utc
from runtime.engine.runner import Runtime
from runtime.errors import InputError
from runtime.rehearsal.projcopy import project_copy
from runtime.rehearsal.sandbox_setup import flow_row_by_ref, isolate_flow, settle_backlog
from runtime.rehearsal.virtual_run import run_virtual
from runtime.rehearsal.window_report import window_report
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event


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


def rehearse(project: Project, flow_ref: int | str, days: int, clock: Clock,
             conversion: float | None = None) -> dict[str, Any]:
    """Predictions for flow ``flow_ref`` over the next ``days`` days from ``clock.now()``.

    ``conversion`` (a share, 0.05 for 5 %) adds the goal exits to expect at that rate: per day,
    the day's entries times the rate (``expected_goal_exits``), and in total."""
    if days < 1 or days > 366:
        raise InputError(f"--days must be between 1 and 366, not {days}")
    if conversion is not None and not 0 <= conversion <= 1:
        raise InputError(f"--conversion must be between 0 % and 100 %, not {conversion:.2%}")
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
        # quiet hours and caps apply; a weekly cron segment fires every week of the window
        run_virtual(Runtime(copy, sim_clock, sandbox=True, every_firing=True), end, save=False)
        report = window_report(copy, flow_id, step_types, start, days)
    report = {"flow": flow_name, "flow_id": flow_id, "days": days, "start": start.isoformat(),
              "end": end.isoformat(), "replayed_events": replayed, **report}
    if conversion is not None:
        _expect_goal_exits(report, conversion)
    return report


def _expect_goal_exits(report: dict[str, Any], conversion: float) -> None:
    """Goal exits to expect when ``conversion`` of the entries convert (the replayed history may
    hold few goal events: a new flow, or a goal the shop has only begun to record)."""
    report["totals"]["assumed_conversion"] = conversion
    report["totals"]["expected_goal_exits"] = round(report["totals"]["entered"] * conversion, 1)
    for day in report["per_day"]:
        day["expected_goal_exits"] = round(day["entered"] * conversion, 2)


def _trigger_type(session: Any, row: Any) -> str | None:
    from runtime.engine.entry import published_flow

    flow = published_flow(session, row)
    return (flow.trigger or {}).get("type") if flow else None


def _step_types(session: Any, row: Any) -> dict[str, str]:
    from runtime.engine.entry import published_flow

    flow = published_flow(session, row)
    return {s.id: s.type for s in flow.steps} if flow else {}


