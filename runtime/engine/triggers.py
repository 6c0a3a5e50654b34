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
Tag additions are the unprocessed rows of ``tag_log`` (``processed_at`` NULL), claimed like events. Date and segment
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
from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from runtime.clock import Clock, ensure_utc
from runtime.contacts.events import touch_last_activity
from runtime.engine import segments
from runtime.engine.admission import Admission
from runtime.engine.counters import CounterDeltas
from runtime.engine.entry import (
    EntryHistory,
    EventFacts,
    active_flows,
    check_flow_windows,
    condition_matches,
    entry_window,
    version_flow,
)
from runtime.engine.executions import wake_waiting_tokens
from runtime.engine.goals import goals_on_event
from runtime.flow.model import Flow
from runtime.flow.states import ExecutionStatus, FlowStatus, TokenState
from runtime.steps.conditions import text_matches
from runtime.storage.models import Contact, Event, Execution, FlowRow, TagLog, Token
from runtime.storage.rawdb import RawDB

LINK_EVENTS = ("start", "invite_join")


# ---------------------------------------------------------------------------------------------
# which flows an event triggers


def _event_matches_trigger(session: Session, trigger: dict[str, Any], event: EventFacts, contact: Contact | None,
                           now: datetime) -> bool:
    """Whether ``event`` fires ``trigger`` (event, message or link) and passes its ``filter``."""
    if not _event_fits_kind(trigger, event):
        return False
    return condition_matches(session, trigger.get("filter"), contact, now, event=event)


def _event_fits_kind(trigger: dict[str, Any], event: EventFacts) -> bool:
    kind = trigger.get("type")
    props = event.properties or {}
    if kind == "event":
        return event.name == trigger.get("event")
    if kind == "message":
        if event.name == "start":
            # Telegram records "/start <payload>" as a start event, but the contact did type it
            props = {"text": f"/start {props.get('payload') or ''}".strip(), "channel": "telegram", "from": "contact",
                     "account": props.get("account")}
        elif event.name != "message":
            return False
        channel = trigger.get("channel")
        if channel and channel != "any" and props.get("channel") and props.get("channel") != channel:
            return False
        if (props.get("from") or "contact") != (trigger.get("from") or "contact"):
            return False
        if trigger.get("account") and props.get("account") != trigger.get("account"):
            return False  # listens to one named bot only (runtime.channels.accounts)
        keyword = trigger.get("text", trigger.get("keyword")) or ""
        return text_matches(trigger.get("match") or "exact", keyword, props.get("text"), trigger.get("synonyms"),
                            trigger.get("language"))
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


def _contact_states(
    session: Session, contact_ids: list[int], entry_flow_ids: list[int]
) -> tuple[EntryHistory, set[int], set[tuple[int, str]]]:
    """What the pass needs to know about a batch's contacts, from one query per 500 of them.

    Returns the entry history in ``entry_flow_ids``, the contacts with an active execution (in an
    active flow) whose version has a goal, and (contact, event name) of every token waiting for
    an event (asked only for contacts with an active execution).
    """
    running = set(session.execute(select(FlowRow.id).where(FlowRow.status == FlowStatus.ACTIVE)).scalars())
    wanted = set(entry_flow_ids)
    history = EntryHistory()
    with_goals: set[int] = set()
    active: dict[int, int] = {}  # active execution -> its contact
    ex = Execution.__table__
    for start in range(0, len(contact_ids), 500):
        chunk = contact_ids[start : start + 500]
        for eid, fid, cid, vid, status, ended in session.execute(
            select(ex.c.id, ex.c.flow_id, ex.c.contact_id, ex.c.version_id, ex.c.status, ex.c.ended_at)
            .where(ex.c.contact_id.in_(chunk))
        ):
            if fid in wanted:
                history.add(fid, cid, status == ExecutionStatus.ACTIVE, ended)
            if status == ExecutionStatus.ACTIVE:
                active[eid] = cid
                if fid in running and cid not in with_goals and version_flow(session, vid).goal:
                    with_goals.add(cid)
        history.loaded(entry_flow_ids, chunk)
    waiting: set[tuple[int, str]] = set()
    ids = sorted(active)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Token.execution_id, Token.wait_event)
            .where(Token.execution_id.in_(ids[start : start + 500]), Token.state == TokenState.WAITING,
                   Token.wait_event.is_not(None))
        )
        waiting.update((active[eid], name) for eid, name in rows)
    return history, with_goals, waiting


class ClaimedEvent(NamedTuple):
    """An event claimed by the trigger pass (the columns the pass and the conditions read)."""

    id: int
    contact_id: int
    name: str
    properties: dict[str, Any]
    occurred_at: datetime
    recorded_at: datetime | None


def _claim_events(session: Session, now: datetime, limit: int) -> list[ClaimedEvent]:
    """The next ``limit`` unprocessed events due by ``now``, in (occurred_at, id) order; on
    PostgreSQL locked (``FOR UPDATE SKIP LOCKED``), so each worker gets events nobody else holds.

    Read at the driver level (see :mod:`runtime.storage.rawdb`): a batch is read once and never
    changed through the ORM.
    """
    db = RawDB(session)
    lock = "" if db.sqlite else " FOR UPDATE SKIP LOCKED"
    rows = db.fetch(
        "SELECT id, contact_id, name, properties, occurred_at, recorded_at FROM events "
        f"WHERE processed_at IS NULL AND occurred_at <= :now ORDER BY occurred_at, id LIMIT {int(limit)}{lock}",
        {"now": db.dt(ensure_utc(now))},
    )
    return [ClaimedEvent(r[0], r[1], r[2], db.rj(r[3]) or {}, db.rdt_set(r[4]), db.rdt(r[5])) for r in rows]


def _process_events(
    session: Session, clock: Clock, flows: list[tuple[FlowRow, Flow]], limit: int, touched: set[int],
    deltas: CounterDeltas,
) -> int:
    now = clock.now()
    events = _claim_events(session, now, limit)
    if not events:
        return 0
    # one query each for the whole batch instead of several per event
    contact_ids = sorted({e.contact_id for e in events})
    event_flows = _event_flows(flows)
    # contacts are read only by trigger filters (the rest of the pass needs their ids alone)
    filtered = any("filter" in (f.trigger or {}) for _r, f in event_flows)
    contacts = _load_contacts(session, contact_ids) if filtered else {}
    history, with_goals, waiting = _contact_states(session, contact_ids, [r.id for r, _f in event_flows])
    admission = Admission(session, clock, history=history, deltas=deltas)
    for event in events:
        cid = event.contact_id
        # goals first (a goal ends the execution, so nothing is woken in it), then waits,
        # then triggers (a new execution never sees the event that created it as awaited)
        if cid in with_goals:
            if admission.pending_for(cid):
                admission.flush()  # the goal must see the execution an earlier event started
            goals_on_event(session, event, clock, deltas)
        if (cid, event.name) in waiting:
            wake_waiting_tokens(session, cid, event.name, event.occurred_at, clock)
        contact = contacts.get(cid)
        if contact is not None or not filtered:
            for row, flow in event_flows:
                if _event_matches_trigger(session, flow.trigger or {}, event, contact, now):
                    admitted, _reason = admission.offer(row, flow, cid, trigger_event_id=event.id)
                    if admitted and flow.goal:
                        with_goals.add(cid)
        if _recorded_ahead(event):
            # it only counts as activity now that it has happened (record_event skipped it)
            touch_last_activity(session, cid, event.occurred_at)
            if contact is not None:
                session.expire(contact, ["last_activity_at"])
        touched.add(cid)
    admission.flush()
    _mark_processed(session, Event.__table__, [e.id for e in events], now)
    return len(events)


def _mark_processed(session: Session, table: Any, ids: list[int], now: datetime) -> None:
    """Set ``processed_at`` of claimed events or tag changes (one UPDATE per 500, in the claim's transaction)."""
    for start in range(0, len(ids), 500):
        session.execute(update(table).where(table.c.id.in_(ids[start : start + 500])).values(processed_at=now))


def _recorded_ahead(event: ClaimedEvent) -> bool:
    """Whether ``event`` was recorded before it happened (``occurred_at`` after ``recorded_at``)."""
    return event.recorded_at is not None and event.occurred_at > event.recorded_at


# ---------------------------------------------------------------------------------------------
# tag_added


def _tag_trigger_tags(trigger: dict[str, Any]) -> set[str]:
    tags = trigger.get("tags") or []
    if trigger.get("tag"):
        tags = [trigger["tag"], *tags]
    return {str(t).strip() for t in tags}


def _claim_tag_changes(session: Session, limit: int) -> list[tuple[int, int, str, str]]:
    """The next ``limit`` unprocessed ``tag_log`` rows ``(id, contact, tag, action)`` in id order;
    on PostgreSQL locked (``FOR UPDATE SKIP LOCKED``) like events, so no two workers take one."""
    table = TagLog.__table__
    query = (
        select(table.c.id, table.c.contact_id, table.c.tag, table.c.action)
        .where(table.c.processed_at.is_(None))
        .order_by(table.c.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(query)]


def _process_tags(
    session: Session, clock: Clock, flows: list[tuple[FlowRow, Flow]], limit: int, touched: set[int],
    deltas: CounterDeltas,
) -> int:
    rows = _claim_tag_changes(session, limit)
    if not rows:
        return 0
    tag_flows = [(r, f, _tag_trigger_tags(f.trigger or {})) for r, f in flows if (f.trigger or {}).get("type") == "tag_added"]
    admission = Admission(session, clock, deltas=deltas,
                          history=EntryHistory.load(session, [r.id for r, _f, _t in tag_flows],
                                                    sorted({cid for _i, cid, _t, _a in rows})))
    for _id, contact_id, tag, action in rows:
        touched.add(contact_id)
        if action != "add":
            continue
        for row, flow, tags in tag_flows:
            if tag in tags:
                admission.offer(row, flow, contact_id)
    admission.flush()
    _mark_processed(session, TagLog.__table__, [r[0] for r in rows], clock.now())
    return len(rows)


# ---------------------------------------------------------------------------------------------
# the entry points the engine tick calls


def process_inbound(session: Session, clock: Clock, limit: int = 5000) -> int:
    """Handle everything that arrived up to ``clock.now()``; returns how many items were handled.

    Runs in the caller's transaction (the tick commits): unprocessed events (goals, woken
    waits, event/message/link triggers), new ``tag_log`` rows (``tag_added`` triggers), date
    triggers that came due, segment triggers (once / realtime / cron), and flows whose
    ``end_at`` passed with nobody left inside (status ``ended``). At most ``limit`` events and
    ``limit`` tag changes per call, so one call is a bounded transaction; call again while it
    returns ``limit`` or more.

    On PostgreSQL several workers share the work: events and tag changes are claimed with
    ``FOR UPDATE SKIP LOCKED`` (each is handled by exactly one worker), date and segment states
    are row-locked per flow in flow order, and counters are written last, sorted.
    """
    flows = active_flows(session)
    touched: set[int] = set()
    # every counter change of the pass is written once at its end, sorted: PostgreSQL workers
    # then lock counter rows in one order (after events, tag changes and trigger states)
    deltas = CounterDeltas()
    handled = _process_events(session, clock, flows, limit, touched, deltas)
    handled += _process_tags(session, clock, flows, limit, touched, deltas)
    handled += segments.process_dates(session, clock, flows, deltas)
    handled += segments.process_segments(session, clock, flows, touched, deltas)
    deltas.flush(session)
    handled += check_flow_windows(session, clock)
    return handled


def next_inbound_due(session: Session, now: datetime, horizon: datetime | None = None) -> datetime | None:
    """The earliest moment after ``now`` when :func:`process_inbound` has something to do, or None.

    Considers future-dated unprocessed events, the next date-trigger moment, the next segment
    re-check, and the ``start_at``/``end_at`` of active flows, so a virtual clock can jump there.
    ``horizon`` is the end of that jump: cron firings before it coalesce into the last one.
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
    moment = segments.next_date_due(session, flows, now)
    if moment is not None and moment > now:
        candidates.append(moment)
    if horizon is not None:
        # cron firings coalesce up to the next other due moment (see next_segment_due)
        horizon = min([ensure_utc(horizon), *candidates])
    moment = segments.next_segment_due(session, flows, now, horizon)
    if moment is not None and moment > now:
        candidates.append(moment)
    return min(candidates) if candidates else None
