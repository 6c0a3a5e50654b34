"""Goals: a contact who reaches the flow's goal leaves it at once with exit reason ``goal``.

A goal is written in the flow file as one of::

    {"event": "purchase", "within": "P7D"}            the event happens after entry
    {"event": "purchase", "filter": C}                ... and the event matches C
    {"condition": C, "within": "P3D"}                 a condition becomes true
    {"tag": "customer"}                               (any other shape is itself a condition)

``within`` (optional) limits the goal to a window after entry. Goals are checked when an event
arrives (:func:`goals_on_event`, called from the trigger pass of the tick) and by a periodic
sweep (:func:`goal_sweep`, at most every 5 minutes of clock time, see :func:`needs_sweep`) that
also catches conditions turning true without an event (a field changed, a tag added by another
flow). Each execution is judged by the goal of
the version it entered.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.clock import Clock, ensure_utc
from runtime.engine.counters import CounterDeltas
from runtime.engine.entry import EventFacts, condition_matches, version_flow
from runtime.engine.executions import end_executions
from runtime.flow.durations import parse_duration
from runtime.flow.states import ExecutionStatus, FlowStatus
from runtime.storage.models import Contact, Event, Execution, FlowRow

GOAL_STATUS = ExecutionStatus.EXITED
GOAL_REASON = "goal"


def _parts(goal: dict[str, Any] | None) -> tuple[str | None, dict[str, Any] | None, dict[str, Any] | None, timedelta | None]:
    """``(event name, event filter, condition, within)`` of a goal; all None when there is none."""
    if not goal:
        return None, None, None, None
    within = None
    if goal.get("within"):
        try:
            within = parse_duration(goal["within"])
        except ValueError:
            within = None  # the validator reports it; an unreadable window means "no window"
    if goal.get("event") and not any(k in goal for k in ("since", "op", "count")):
        return str(goal["event"]), goal.get("filter"), None, within
    if "condition" in goal:
        return None, None, goal["condition"], within
    cond = {k: v for k, v in goal.items() if k != "within"}
    return None, None, cond or None, within


def needs_sweep(goal: dict[str, Any] | None) -> bool:
    """Whether ``goal`` needs the periodic sweep on time: a condition goal (with or without a
    ``within`` window), which can turn true without an event and must be seen before its window
    closes.

    Event goals, windowed or not, are judged when the event arrives, and the sweep judges them
    by the event's own ``occurred_at``, so when it runs does not change the outcome: a virtual
    clock need not stop every 5 minutes for them (every preset has such a goal).
    """
    _name, _filter, cond, _within = _parts(goal)
    return cond is not None


def _in_window(entered_at: datetime, within: timedelta | None, moment: datetime) -> bool:
    return ensure_utc(moment) >= ensure_utc(entered_at) and (within is None or moment <= entered_at + within)


def _end(session: Session, execution_id: int, clock: Clock, deltas: CounterDeltas | None = None,
         *, sweep: bool = False) -> bool:
    """End the execution at its goal; False when it was not ended here.

    The sweep skips an execution whose tokens another worker holds (see :func:`end_executions`):
    an inbound pass ends executions in its events' order, the sweep in id order, and waiting in
    opposite orders is a deadlock.
    """
    return end_executions(session, [execution_id], GOAL_STATUS, GOAL_REASON, clock, deltas=deltas,
                          skip_locked=sweep) == 1


def goals_on_event(session: Session, event: EventFacts, clock: Clock, deltas: CounterDeltas | None = None) -> int:
    """End the contact's active executions (in active flows) whose goal ``event`` meets; returns how many.

    Counter deltas go to ``deltas`` when given (the trigger pass writes them once, at its end).
    """
    now = clock.now()
    rows = session.execute(
        select(Execution)
        .join(FlowRow, FlowRow.id == Execution.flow_id)
        .where(Execution.contact_id == event.contact_id, Execution.status == ExecutionStatus.ACTIVE,
               FlowRow.status == FlowStatus.ACTIVE)
        .order_by(Execution.id)
    ).scalars().all()
    ended = 0
    contact: Contact | None = None
    for execution in rows:
        name, event_filter, cond, within = _parts(version_flow(session, execution.version_id).goal)
        if contact is None and (event_filter or cond):
            contact = session.get(Contact, event.contact_id)
        met = False
        if name is not None:
            met = (
                event.name == name
                and _in_window(execution.entered_at, within, event.occurred_at)
                and (not event_filter or (contact is not None and condition_matches(
                    session, event_filter, contact, now, entered_at=execution.entered_at, event=event)))
            )
        elif cond is not None and contact is not None:
            met = (within is None or now <= execution.entered_at + within) and condition_matches(
                session, cond, contact, now, entered_at=execution.entered_at
            )
        if met:
            _end(session, execution.id, clock, deltas)
            ended += 1
    return ended


def goal_sweep(session: Session, clock: Clock) -> int:
    """End every active execution (in active flows) whose goal is met; returns how many ended.

    Event goals look for a matching event between entry and now (inside ``within``); condition
    goals are evaluated now, unless the window after entry has already closed.
    """
    now = ensure_utc(clock.now())
    versions = session.execute(
        select(Execution.version_id)
        .join(FlowRow, FlowRow.id == Execution.flow_id)
        .where(Execution.status == ExecutionStatus.ACTIVE, FlowRow.status == FlowStatus.ACTIVE)
        .group_by(Execution.version_id)
    ).scalars().all()
    ended = 0
    for version_id in versions:
        name, event_filter, cond, within = _parts(version_flow(session, version_id).goal)
        if name is not None:
            ended += _sweep_event_goal(session, clock, version_id, name, event_filter, within, now)
        elif cond is not None:
            ended += _sweep_condition_goal(session, clock, version_id, cond, within, now)
    return ended


def _goal_events_since_entry(version_id: int, name: str, now: datetime) -> tuple[Any, ...]:
    """WHERE terms joining active executions of ``version_id`` to their contact's ``name`` events
    that happened between entry and ``now`` (the candidates of an event goal)."""
    return (
        Execution.version_id == version_id,
        Execution.status == ExecutionStatus.ACTIVE,
        Event.name == name,
        Event.occurred_at >= Execution.entered_at,
        Event.occurred_at <= now,
    )


def _sweep_event_goal(
    session: Session,
    clock: Clock,
    version_id: int,
    name: str,
    event_filter: dict[str, Any] | None,
    within: timedelta | None,
    now: datetime,
) -> int:
    if event_filter:
        # every candidate event must be judged by the filter: fetch them
        rows = session.execute(
            select(Execution, Event)
            .join(Event, Event.contact_id == Execution.contact_id)
            .where(*_goal_events_since_entry(version_id, name, now))
            .order_by(Execution.id, Event.occurred_at)
        ).all()
        met: set[int] = set()  # executions whose goal one event met (ended here or not)
        ended = 0
        for execution, event in rows:
            if execution.id in met or not _in_window(execution.entered_at, within, event.occurred_at):
                continue
            contact = session.get(Contact, execution.contact_id)
            if contact is not None and condition_matches(
                session, event_filter, contact, now, entered_at=execution.entered_at, event=event
            ):
                met.add(execution.id)
                ended += _end(session, execution.id, clock, sweep=True)
        return ended
    # the earliest goal event after entry decides: if even that one is outside the window, all are
    firsts = session.execute(
        select(Execution.id, Execution.entered_at, func.min(Event.occurred_at))
        .join(Event, Event.contact_id == Execution.contact_id)
        .where(*_goal_events_since_entry(version_id, name, now))
        .group_by(Execution.id, Execution.entered_at)
        .order_by(Execution.id)
    ).all()
    ended = 0
    for execution_id, entered_at, first in firsts:
        if first is None:
            continue
        first = ensure_utc(first if isinstance(first, datetime) else datetime.fromisoformat(str(first)))
        if _in_window(entered_at, within, first) and _end(session, execution_id, clock, sweep=True):
            ended += 1
    return ended


def _sweep_condition_goal(
    session: Session, clock: Clock, version_id: int, cond: dict[str, Any], within: timedelta | None, now: datetime
) -> int:
    rows = session.execute(
        select(Execution.id, Execution.contact_id, Execution.entered_at)
        .where(Execution.version_id == version_id, Execution.status == ExecutionStatus.ACTIVE)
        .order_by(Execution.id)
    ).all()
    ended = 0
    for execution_id, contact_id, entered_at in rows:
        if within is not None and now > entered_at + within:
            continue  # the window after entry has closed: the goal can no longer be reached
        contact = session.get(Contact, contact_id)
        if contact is not None and condition_matches(session, cond, contact, now, entered_at=entered_at) \
                and _end(session, execution_id, clock, sweep=True):
            ended += 1
    return ended
