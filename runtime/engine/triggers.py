"""Triggers: turning what arrived (events, messages, tags, dates, segments) into flow entries.

:func:`process_inbound` runs inside every engine tick, in the tick's transaction, so an event
is marked processed in the same commit as the entries, goal exits and woken tokens it caused
(a crash in between leaves it unprocessed and it is handled again, never half-way).

An event recorded ahead of time (``occurred_at`` in the future) moves the contact's
``last_activity_at`` when its time comes and this pass reaches it.

Per event, in ``occurred_at`` order: goals of the contact's active executions are checked
first (reaching the goal ends the execution, so it is not woken afterwards), then tokens
waiting for that event are woken, then event/message/link triggers enter the contact into
flows (a new execution never sees the event that created it as something it waited for).
Tag additions are read from ``tag_log`` after a cursor kept in settings. Date and segment
triggers live in :mod:`runtime.engine.segments`. Manual triggers need nothing here.

Inbound Telegram updates arrive as events: ``message`` (props ``text``, ``channel``,
``from``: ``contact``/``operator``, ``chat_id``), ``button``, ``start`` (props ``payload``),
``invite_join`` (props ``link``), ``blocked``, ``unblocked``. A message trigger matches its
keyword (``text``, alias ``keyword``) with :func:`runtime.steps.conditions.text_matches`, the
same matcher ``message`` conditions use; a ``start`` event counts as the message
``/start <payload>`` from the contact on Telegram, so a keyword trigger on ``/start`` works.
A link trigger matches a ``start`` payload or an ``invite_join`` link (any, without ``payload``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.clock import Clock, ensure_utc
from runtime.contacts.events import touch_last_activity
from runtime.engine import segments
from runtime.steps.conditions import text_matches
from runtime.engine.entry import (
    EntryHistory,
    active_flows,
    check_flow_windows,
    condition_matches,
    enter_if_allowed,
    entry_window,
    load_state,
    save_state,
)
from runtime.engine.executions import wake_waiting_tokens
from runtime.engine.goals import contacts_with_goals, goals_on_event
from runtime.flow.model import Flow
from runtime.storage.models import Contact, Event, Execution, FlowRow, TagLog, Token

TAG_CURSOR_KEY = "engine:tag_log_cursor"
LINK_EVENTS = ("start", "invite_join")


# ---------------------------------------------------------------------------------------------
# which flows an event triggers


def _event_matches_trigger(session: Session, trigger: dict[str, Any], event: Event, contact: Contact, now: datetime) -> bool:
    kind = trigger.get("type")
    props = event.properties or {}
    if kind == "event":
        if event.name != trigger.get("event"):
            return False
        return condition_matches(session, trigger.get("filter"), contact, now, event=event)
    if kind == "message":
        if event.name == "start":
            # Telegram records "/start <payload>" as a start event, but the contact did type it
            props = {"text": f"/start {props.get('payload') or ''}".strip(), "channel": "telegram", "from": "contact"}
        elif event.name != "message":
            return False
        channel = trigger.get("channel")
        if channel and channel != "any" and props.get("channel") and props.get("channel") != channel:
            return False
        if (props.get("from") or "contact") != (trigger.get("from") or "contact"):
            return False
        keyword = trigger.get("text", trigger.get("keyword")) or ""
        return text_matches(trigger.get("match") or "exact", keyword, props.get("text"))
    if kind == "link":
        if event.name not in LINK_EVENTS:
            return False
        wanted = trigger.get("payload")
        if not wanted:
            return True  # any deep link or invite link
        got = props.get("payload") if event.name == "start" else props.get("link")
        return got is not None and (str(got) == str(wanted) or str(got).rstrip("/").endswith("/" + str(wanted)))
    return False


def _event_flows(flows: list[tuple[FlowRow, Flow]]) -> list[tuple[FlowRow, Flow]]:
    """The flows whose trigger looks at single events (event, message, link)."""
    return [(r, f) for r, f in flows if (f.trigger or {}).get("type") in ("event", "message", "link")]


def _load_contacts(session: Session, contact_ids: list[int]) -> dict[int, Contact]:
    """The contacts of a batch by id, loaded with one query per chunk."""
    out: dict[int, Contact] = {}
    for start in range(0, len(contact_ids), 500):
        chunk = contact_ids[start : start + 500]
        out.update((c.id, c) for c in session.execute(select(Contact).where(Contact.id.in_(chunk))).scalars())
    return out


def _waiting_pairs(session: Session, contact_ids: list[int]) -> set[tuple[int, str]]:
    """(contact, event name) of every token of these contacts waiting for an event."""
    out: set[tuple[int, str]] = set()
    for start in range(0, len(contact_ids), 500):
        chunk = contact_ids[start : start + 500]
        rows = session.execute(
            select(Execution.contact_id, Token.wait_event)
            .join(Token, Token.execution_id == Execution.id)
            .where(Execution.contact_id.in_(chunk), Execution.status == "active", Token.state == "waiting",
                   Token.wait_event.is_not(None))
            .distinct()
        )
        out.update((cid, name) for cid, name in rows)
    return out


def _process_events(
    session: Session, clock: Clock, flows: list[tuple[FlowRow, Flow]], limit: int, touched: set[int]
) -> int:
    now = clock.now()
    query = (
        select(Event)
        .where(Event.processed_at.is_(None), Event.occurred_at <= now)
        .order_by(Event.occurred_at, Event.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # several workers share the events
    events = session.execute(query).scalars().all()
    if not events:
        return 0
    # one query each for the whole batch instead of several per event
    contact_ids = sorted({e.contact_id for e in events})
    event_flows = _event_flows(flows)
    contacts = _load_contacts(session, contact_ids)
    with_goals = contacts_with_goals(session, contact_ids)
    waiting = _waiting_pairs(session, contact_ids)
    history = EntryHistory.load(session, [r.id for r, _f in event_flows], contact_ids)
    for event in events:
        # goals first (a goal ends the execution, so nothing is woken in it), then waits,
        # then triggers (a new execution never sees the event that created it as awaited)
        if event.contact_id in with_goals:
            goals_on_event(session, event, clock)
        if (event.contact_id, event.name) in waiting:
            wake_waiting_tokens(session, event.contact_id, event.name, event.occurred_at, clock)
        contact = contacts.get(event.contact_id)
        if contact is not None:
            for row, flow in event_flows:
                if _event_matches_trigger(session, flow.trigger or {}, event, contact, now):
                    entered = enter_if_allowed(session, row, flow, contact.id, clock, trigger_event_id=event.id,
                                               history=history)
                    if entered is not None and flow.goal:
                        with_goals.add(contact.id)
        if _recorded_ahead(event):
            # it only counts as activity now that it has happened (record_event skipped it)
            touch_last_activity(session, event.contact_id, event.occurred_at)
            if contact is not None:
                session.expire(contact, ["last_activity_at"])
        event.processed_at = now
        touched.add(event.contact_id)
    session.flush()
    return len(events)


def _recorded_ahead(event: Event) -> bool:
    """Whether ``event`` was recorded before it happened (``occurred_at`` after ``recorded_at``)."""
    if event.recorded_at is None or event.occurred_at is None:
        return False
    return ensure_utc(event.occurred_at) > ensure_utc(event.recorded_at)


# ---------------------------------------------------------------------------------------------
# tag_added


def _tag_trigger_tags(trigger: dict[str, Any]) -> set[str]:
    tags = trigger.get("tags") or []
    if trigger.get("tag"):
        tags = [trigger["tag"], *tags]
    return {str(t).strip() for t in tags}


def _process_tags(
    session: Session, clock: Clock, flows: list[tuple[FlowRow, Flow]], limit: int, touched: set[int]
) -> int:
    cursor = int(load_state(session, TAG_CURSOR_KEY, 0, lock=True) or 0)
    rows = (
        session.execute(select(TagLog).where(TagLog.id > cursor).order_by(TagLog.id).limit(limit)).scalars().all()
    )
    if not rows:
        return 0
    tag_flows = [(r, f, _tag_trigger_tags(f.trigger or {})) for r, f in flows if (f.trigger or {}).get("type") == "tag_added"]
    history = EntryHistory.load(session, [r.id for r, _f, _t in tag_flows], [log.contact_id for log in rows])
    for log in rows:
        touched.add(log.contact_id)
        if log.action != "add":
            continue
        for row, flow, tags in tag_flows:
            if log.tag in tags:
                enter_if_allowed(session, row, flow, log.contact_id, clock, history=history)
    save_state(session, TAG_CURSOR_KEY, rows[-1].id)
    session.flush()
    return len(rows)


# ---------------------------------------------------------------------------------------------
# the entry points the engine tick calls


def process_inbound(session: Session, clock: Clock, limit: int = 5000) -> int:
    """Handle everything that arrived up to ``clock.now()``; returns how many items were handled.

    Runs in the caller's transaction (the tick commits): unprocessed events (goals, woken
    waits, event/message/link triggers), new ``tag_log`` rows (``tag_added`` triggers), date
    triggers that came due, segment triggers (once / realtime / cron), and flows whose
    ``end_at`` passed with nobody left inside (status ``ended``). At most ``limit`` events and
    ``limit`` tag changes per call; call again while it returns ``limit`` or more.
    """
    flows = active_flows(session)
    touched: set[int] = set()
    handled = _process_events(session, clock, flows, limit, touched)
    handled += _process_tags(session, clock, flows, limit, touched)
    handled += segments.process_dates(session, clock, flows)
    handled += segments.process_segments(session, clock, flows, touched)
    handled += check_flow_windows(session, clock)
    return handled


def next_inbound_due(session: Session, now: datetime) -> datetime | None:
    """The earliest moment after ``now`` when :func:`process_inbound` has something to do, or None.

    Considers future-dated unprocessed events, the next date-trigger moment, the next segment
    re-check, and the ``start_at``/``end_at`` of active flows, so a virtual clock can jump there.
    """
    now = ensure_utc(now)
    candidates: list[datetime] = []
    nxt = session.execute(
        select(func.min(Event.occurred_at)).where(Event.processed_at.is_(None), Event.occurred_at > now)
    ).scalar_one_or_none()
    if nxt is not None:
        candidates.append(ensure_utc(nxt))
    flows = active_flows(session)
    for _row, flow in flows:
        for moment in entry_window(flow):
            if moment is not None and moment > now:
                candidates.append(moment)
    for moment in (segments.next_date_due(session, flows, now), segments.next_segment_due(session, flows, now)):
        if moment is not None and moment > now:
            candidates.append(moment)
    return min(candidates) if candidates else None
