"""Executions and tokens: entering contacts, ending executions, waking and resuming tokens.

These are the engine's entry points for other parts of the runtime (triggers, goals, the
outbox dispatcher, operators). Each runs in the caller's transaction and keeps the
``counters`` table up to date in that same transaction.

"Never twice at once" is guaranteed by the partial unique index ``uq_executions_active``:
:func:`enter_contact` inserts with ``ON CONFLICT DO NOTHING``, so a race between two writers
cannot create a second active execution even when both checked first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from runtime.clock import UTC, Clock, ensure_utc
from runtime.engine.counters import FLOW, CounterDeltas, exit_bucket
from runtime.engine.flowcache import compiled_version
from runtime.errors import FlowCanvasError
from runtime.flow.states import LIVE_TOKEN_STATES, ExecutionStatus, TokenState
from runtime.storage.models import Execution, FlowRow, Outbox, Token
from runtime.storage.report_batch import counted_insert

LIVE_STATES = LIVE_TOKEN_STATES
# a wait-for-event without a timeout waits "forever": far enough to never come due
NEVER = datetime(9999, 1, 1, tzinfo=UTC)


def version_of(flow_row: FlowRow, version_id: int | None = None) -> int:
    """The version new entries use: ``version_id``, else the flow's current published version."""
    version = version_id or flow_row.current_version_id
    if version is None:
        raise FlowCanvasError(f"flow {flow_row.name!r} has no published version: activate it first")
    return version


@dataclass(frozen=True)
class Entry:
    """One entry to write: ``contact_id`` starts ``version_id`` of ``flow_id``."""

    flow_id: int
    version_id: int
    contact_id: int
    trigger_event_id: int | None = None


def write_entries(
    session: Session, entries: list[Entry], clock: Clock, deltas: CounterDeltas | None = None
) -> dict[tuple[int, int], int]:
    """Insert ``entries``: executions, their first tokens (ready now) and counter deltas.

    Returns ``{(flow id, contact id): new execution id}``. An entry whose contact already has an
    active execution in that flow is skipped (the unique index decides, ``ON CONFLICT DO
    NOTHING``, not a prior check). Rows go in (flow, contact) order, one statement or one
    executemany per table. Counter deltas are added to ``deltas`` when given (the caller writes
    them once, sorted, at the end of its pass) and written here otherwise. Executions of an
    empty flow end at once. Entry rules are the caller's business (see
    :mod:`runtime.engine.admission`).
    """
    if not entries:
        return {}
    from runtime.storage.rawdb import RawDB

    db = RawDB(session)
    now = ensure_utc(clock.now())
    stamp = db.dt(now)
    ordered = sorted(entries, key=lambda e: (e.flow_id, e.contact_id))
    created = _insert_sqlite(db, ordered, stamp) if db.sqlite else _insert_postgres(db, ordered, stamp)
    if not created:
        return {}
    own = deltas if deltas is not None else CounterDeltas()
    tokens: list[tuple[Any, ...]] = []
    empty: list[int] = []
    firsts: dict[int, list[str]] = {}
    for execution_id, flow_id, version_id, _contact_id in created:
        first = firsts.get(version_id)
        if first is None:
            first = firsts[version_id] = compiled_version(session, version_id).first_steps
        own.raw[(flow_id, FLOW, "entered")] += 1
        own.raw[(flow_id, FLOW, "active")] += 1
        if not first:
            empty.append(execution_id)
        for visit, step_id in enumerate(first):
            tokens.append((execution_id, flow_id, step_id, stamp, visit))
            own.raw[(flow_id, step_id, "entered")] += 1
            own.raw[(flow_id, step_id, "waiting")] += 1
    db.many("INSERT INTO tokens (execution_id, flow_id, step_id, state, due_at, visit) VALUES (?, ?, ?, 'ready', ?, ?)",
            tokens)
    if empty:  # an empty flow: nothing to do, done at once
        end_executions(session, empty, ExecutionStatus.COMPLETED, ExecutionStatus.COMPLETED, clock, deltas=own)
    if deltas is None:
        own.flush_raw(db)
    return {(flow_id, contact_id): execution_id for execution_id, flow_id, _v, contact_id in created}


def _insert_sqlite(db: Any, entries: list[Entry], stamp: Any) -> list[tuple[int, int, int, int]]:
    """executemany; inside BEGIN IMMEDIATE nobody else inserts, so the new executions are exactly
    those above the previous maximum id. Returns ``(id, flow, version, contact)`` per new row."""
    before = db.fetch("SELECT COALESCE(MAX(id), 0) FROM executions")[0][0]
    counted_insert(db, "executions", lambda: db.many(
        "INSERT INTO executions (flow_id, version_id, contact_id, status, entered_at, trigger_event_id) "
        "VALUES (?, ?, ?, 'active', ?, ?) ON CONFLICT DO NOTHING",
        [(e.flow_id, e.version_id, e.contact_id, stamp, e.trigger_event_id) for e in entries]))
    rows = db.fetch("SELECT id, flow_id, version_id, contact_id FROM executions WHERE id > :before ORDER BY id",
                    {"before": before})
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def _insert_postgres(db: Any, entries: list[Entry], stamp: Any) -> list[tuple[int, int, int, int]]:
    """One INSERT ... SELECT FROM unnest(...) in (flow, contact) order, RETURNING the new rows."""
    rows = db.fetch(
        "INSERT INTO executions (flow_id, version_id, contact_id, status, entered_at, trigger_event_id) "
        "SELECT f, v, c, 'active', :at, e FROM unnest(CAST(:f AS bigint[]), CAST(:v AS bigint[]), "
        "CAST(:c AS bigint[]), CAST(:e AS bigint[])) AS u(f, v, c, e) ORDER BY f, c "
        "ON CONFLICT DO NOTHING RETURNING id, flow_id, version_id, contact_id",
        {"at": stamp, "f": [e.flow_id for e in entries], "v": [e.version_id for e in entries],
         "c": [e.contact_id for e in entries], "e": [e.trigger_event_id for e in entries]},
    )
    return sorted(rows)


def enter_contact(
    session: Session,
    flow_row: FlowRow,
    contact_id: int,
    clock: Clock,
    *,
    trigger_event_id: int | None = None,
    version_id: int | None = None,
) -> int | None:
    """Start an execution of ``flow_row`` for ``contact_id``; returns its id.

    The execution uses ``version_id`` (default: the flow's current published version) and gets
    one token per first step, ready now. Returns None and changes nothing when the contact
    already has an active execution in this flow (the unique index decides, not a prior check).
    Entry rules (repeat, exclude, entry switch) are the caller's business.
    """
    entry = Entry(flow_row.id, version_of(flow_row, version_id), int(contact_id), trigger_event_id)
    return write_entries(session, [entry], clock).get((flow_row.id, int(contact_id)))


def enter_contacts_bulk(session: Session, flow_row: FlowRow, contact_ids: Iterable[int], clock: Clock) -> int:
    """Enter many contacts at once (no entry rules); returns how many entered.

    Contacts already inside the flow are skipped. Written by :func:`write_entries`.
    """
    version = version_of(flow_row)
    entries = [Entry(flow_row.id, version, c) for c in dict.fromkeys(int(c) for c in contact_ids)]
    return len(write_entries(session, entries, clock))


def end_executions(
    session: Session, execution_ids: Iterable[int], status: str, reason: str, clock: Clock,
    *, deltas: CounterDeltas | None = None, skip_locked: bool = False,
) -> int:
    """End several active executions (see :func:`end_execution`); returns how many ended.

    Their tokens are locked before the executions (on PostgreSQL), the order the token batches
    take them in, so an inbound pass ending executions never deadlocks with a batch. Counter
    deltas go to ``deltas`` when given (the caller writes them), else they are written here.

    With ``skip_locked`` (PostgreSQL) an execution with a token another transaction holds is
    left as it is: a periodic pass (the goal sweep) then never waits for a worker that is moving
    or ending that execution, in whatever order the worker locks its tokens; the next pass sees
    the execution again.
    """
    ids = list(dict.fromkeys(execution_ids))
    if not ids:
        return 0
    now = ensure_utc(clock.now())
    ex = Execution.__table__
    tok = Token.__table__
    postgres = session.get_bind().dialect.name == "postgresql"
    own = deltas if deltas is not None else CounterDeltas()
    bucket = exit_bucket(status, reason)
    ended = 0
    for chunk_start in range(0, len(ids), 500):
        chunk = sorted(ids[chunk_start : chunk_start + 500])
        if postgres:
            locked = session.execute(
                select(tok.c.execution_id).where(tok.c.execution_id.in_(chunk), tok.c.state.in_(LIVE_STATES))
                .order_by(tok.c.id).with_for_update(skip_locked=skip_locked)).scalars().all()
            if skip_locked:
                chunk = _wholly_locked(session, chunk, Counter(locked))
                if not chunk:
                    continue
        # RETURNING: what really ended here (a concurrent writer may have ended some first)
        rows = session.execute(
            update(ex)
            .where(ex.c.id.in_(chunk), ex.c.status == ExecutionStatus.ACTIVE)
            .values(status=status, ended_at=now, exit_reason=reason)
            .returning(ex.c.id, ex.c.flow_id)
        ).all()
        if not rows:
            continue
        done = [r[0] for r in rows]
        for _e, flow_id in rows:
            own.add(flow_id, FLOW, "active", -1)
            own.add(flow_id, FLOW, bucket, 1)
        live = session.execute(
            select(tok.c.flow_id, tok.c.step_id).where(tok.c.execution_id.in_(done), tok.c.state.in_(LIVE_STATES))
        ).all()
        for flow_id, step_id in live:
            own.add(flow_id, step_id, "waiting", -1)
        session.execute(
            update(tok).where(tok.c.execution_id.in_(done), tok.c.state.in_(LIVE_STATES)).values(state=TokenState.DONE)
        )
        ended += len(rows)
    if deltas is None:
        own.flush(session)
    return ended


def _wholly_locked(session: Session, execution_ids: list[int], locked: Counter[int]) -> list[int]:
    """Those of ``execution_ids`` whose every live token is among the ``locked`` (execution id ->
    tokens this transaction locked); an execution without live tokens counts as wholly locked."""
    tok = Token.__table__
    live = dict(session.execute(
        select(tok.c.execution_id, func.count()).where(tok.c.execution_id.in_(execution_ids),
                                                       tok.c.state.in_(LIVE_STATES))
        .group_by(tok.c.execution_id)).tuples().all())
    return [e for e in execution_ids if locked[e] >= live.get(e, 0)]


def end_execution(session: Session, execution_id: int, status: str, reason: str, clock: Clock) -> bool:
    """End an active execution: its tokens are done, counters move; False if it was not active.

    ``status`` is completed, exited, failed or terminated; ``reason`` the exit reason (goal,
    exit_step, left, terminated, ...). Flow counters: active -1 and one of completed /
    exited_goal / exited_other / failed +1; each step where a token stood: waiting -1.
    """
    return end_executions(session, [execution_id], status, reason, clock) == 1


def wake_waiting_tokens(session: Session, contact_id: int, event_name: str, occurred_at: datetime, clock: Clock) -> int:
    """Resume (port ``yes``) the contact's tokens waiting for ``event_name`` since before ``occurred_at``.

    The tokens are made due at ``occurred_at`` (or now, if that is earlier than the wait's
    start), so the next tick moves them on; returns how many woke.
    """
    occurred_at = ensure_utc(occurred_at)
    tok = Token.__table__
    ex = Execution.__table__
    rows = session.execute(
        select(tok.c.id, tok.c.data, tok.c.due_at)
        .join(ex, ex.c.id == tok.c.execution_id)
        .where(
            ex.c.contact_id == contact_id,
            ex.c.status == ExecutionStatus.ACTIVE,
            tok.c.state == TokenState.WAITING,
            tok.c.wait_event == event_name,
            tok.c.wait_since <= occurred_at,
        )
    ).all()
    woke = 0
    for token_id, data, due_at in rows:
        data = dict(data or {})
        if data.get("resume_port"):
            continue  # already woken by an earlier event
        data["resume_port"] = "yes"
        data["resume_reason"] = f"event {event_name}"
        data["event_at"] = occurred_at.isoformat()
        session.execute(
            update(tok).where(tok.c.id == token_id).values(data=data, due_at=min(ensure_utc(due_at), occurred_at))
        )
        woke += 1
    return woke


def resume_after_delivery(
    session: Session, outbox_id: int, port: str, clock: Clock, reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> bool:
    """Let the token that waits for outbox message ``outbox_id`` move on through ``port``.

    The dispatcher calls this with ``next`` once the message is sent and ``failed`` once it
    failed for good. Returns False when no token waits for that message (sandbox, already
    resumed, timed out or execution ended).
    """
    ob = Outbox.__table__
    tok = Token.__table__
    row = session.execute(select(ob.c.execution_id, ob.c.step_id).where(ob.c.id == outbox_id)).first()
    if row is None or row[0] is None:
        return False
    now = ensure_utc(clock.now())
    candidates = session.execute(
        select(tok.c.id, tok.c.data).where(
            and_(tok.c.execution_id == row[0], tok.c.step_id == row[1], tok.c.state == TokenState.WAITING)
        )
    ).all()
    for token_id, data in candidates:
        data = dict(data or {})
        if data.get("outbox_id") != outbox_id or data.get("resume_port"):
            continue
        data["resume_port"] = port
        if reason:
            data["resume_reason"] = reason
        if detail:
            data["resume_detail"] = detail  # what sending learnt (an invite link): into the step log
        session.execute(update(tok).where(tok.c.id == token_id).values(data=data, due_at=now))
        return True
    return False


# how much longer than the dispatcher's give-up time a send's token waits for the verdict: the
# dispatcher reports a give-up on its next pass after the deadline, so the engine must not beat it
DELIVERY_MARGIN = timedelta(hours=24)
DEFAULT_GIVE_UP_HOURS = 48.0  # the dispatcher's default (channels.dispatch give_up_after_hours)


def delivery_timeout(session: Session | None = None) -> timedelta:
    """How long a real send's token waits for its message before giving up ('failed').

    Derived from the dispatcher's give-up setting (``channels.dispatch`` ``give_up_after_hours``,
    read from ``session``'s project; the default when no session) plus :data:`DELIVERY_MARGIN`,
    so a message the dispatcher still tries to send never finds its flow already moved on.
    """
    hours = DEFAULT_GIVE_UP_HOURS
    if session is not None:
        from runtime.channels.settings import dispatch_settings

        try:
            hours = float(dispatch_settings(session)["give_up_after_hours"])
        except (KeyError, TypeError, ValueError):
            hours = DEFAULT_GIVE_UP_HOURS  # an unreadable setting: the dispatcher's default
    return timedelta(hours=max(0.0, hours)) + DELIVERY_MARGIN


__all__ = [
    "DELIVERY_MARGIN",
    "LIVE_STATES",
    "NEVER",
    "delivery_timeout",
    "end_execution",
    "end_executions",
    "enter_contact",
    "enter_contacts_bulk",
    "resume_after_delivery",
    "wake_waiting_tokens",
]
