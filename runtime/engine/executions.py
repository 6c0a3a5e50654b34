"""Executions and tokens: entering contacts, ending executions, waking and resuming tokens.

These are the engine's entry points for other parts of the runtime (triggers, goals, the
outbox dispatcher, operators). Each runs in the caller's transaction and keeps the
``counters`` table up to date in that same transaction.

"Never twice at once" is guaranteed by the partial unique index ``uq_executions_active``:
:func:`enter_contact` inserts with ``ON CONFLICT DO NOTHING``, so a race between two writers
cannot create a second active execution even when both checked first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import and_, insert, select, update
from sqlalchemy.orm import Session

from runtime.clock import UTC, Clock, ensure_utc
from runtime.engine.counters import FLOW, CounterDeltas, exit_bucket
from runtime.engine.flowcache import compiled_version
from runtime.errors import FlowCanvasError
from runtime.storage.models import Execution, FlowRow, Outbox, Token

LIVE_STATES = ("ready", "waiting")
# a wait-for-event without a timeout waits "forever": far enough to never come due
NEVER = datetime(9999, 1, 1, tzinfo=UTC)


def _insert(session: Session, table: Any) -> Any:
    """A dialect-specific INSERT that supports ON CONFLICT DO NOTHING."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def _version_for(flow_row: FlowRow, version_id: int | None) -> int:
    version = version_id or flow_row.current_version_id
    if version is None:
        raise FlowCanvasError(f"flow {flow_row.name!r} has no published version: activate it first")
    return version


def _first_tokens(execution_id: int, flow_id: int, first_steps: list[str], now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "execution_id": execution_id,
            "flow_id": flow_id,
            "step_id": step_id,
            "state": "ready",
            "due_at": now,
            "visit": visit,
            "wait_event": None,
            "wait_since": None,
            "data": None,
        }
        for visit, step_id in enumerate(first_steps)
    ]


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
    version = _version_for(flow_row, version_id)
    compiled = compiled_version(session, version)
    now = ensure_utc(clock.now())
    stmt = (
        _insert(session, Execution.__table__)
        .values(
            flow_id=flow_row.id,
            version_id=version,
            contact_id=contact_id,
            status="active",
            entered_at=now,
            trigger_event_id=trigger_event_id,
        )
        .on_conflict_do_nothing()
        .returning(Execution.__table__.c.id)
    )
    execution_id = session.execute(stmt).scalar_one_or_none()
    if execution_id is None:
        return None
    deltas = CounterDeltas()
    deltas.add(flow_row.id, FLOW, "entered")
    deltas.add(flow_row.id, FLOW, "active")
    tokens = _first_tokens(execution_id, flow_row.id, compiled.first_steps, now)
    if tokens:
        session.execute(insert(Token.__table__), tokens)
        for tok in tokens:
            deltas.add(flow_row.id, tok["step_id"], "entered")
            deltas.add(flow_row.id, tok["step_id"], "waiting")
    deltas.flush(session)
    if not tokens:  # an empty flow: nothing to do, done at once
        end_execution(session, execution_id, "completed", "completed", clock)
    return execution_id


def enter_contacts_bulk(session: Session, flow_row: FlowRow, contact_ids: Iterable[int], clock: Clock) -> int:
    """Enter many contacts at once (segments, manual adds); returns how many entered.

    Contacts already inside the flow are skipped. Written with executemany: one INSERT batch
    for executions, one for tokens, one counter upsert.
    """
    version = _version_for(flow_row, None)
    compiled = compiled_version(session, version)
    now = ensure_utc(clock.now())
    inside = set(
        session.execute(
            select(Execution.contact_id).where(Execution.flow_id == flow_row.id, Execution.status == "active")
        ).scalars()
    )
    wanted = [c for c in dict.fromkeys(int(c) for c in contact_ids) if c not in inside]
    if not wanted:
        return 0
    if session.get_bind().dialect.name == "sqlite":
        ids = _bulk_insert_sqlite(session, flow_row.id, version, wanted, compiled.first_steps, now)
    else:
        table = Execution.__table__
        rows = [
            {"flow_id": flow_row.id, "version_id": version, "contact_id": c, "status": "active", "entered_at": now,
             "trigger_event_id": None}
            for c in wanted
        ]
        result = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        ids = [r[0] for r in result]
        tokens: list[dict[str, Any]] = []
        for execution_id in ids:
            tokens.extend(_first_tokens(execution_id, flow_row.id, compiled.first_steps, now))
        if tokens:
            session.execute(insert(Token.__table__), tokens)
    deltas = CounterDeltas()
    deltas.add(flow_row.id, FLOW, "entered", len(ids))
    deltas.add(flow_row.id, FLOW, "active", len(ids))
    for step_id in compiled.first_steps:
        deltas.add(flow_row.id, step_id, "entered", len(ids))
        deltas.add(flow_row.id, step_id, "waiting", len(ids))
    deltas.flush(session)
    if not compiled.first_steps:
        for execution_id in ids:
            end_execution(session, execution_id, "completed", "completed", clock)
    return len(ids)


def _bulk_insert_sqlite(session: Session, flow_id: int, version: int, contact_ids: list[int], first_steps: list[str],
                        now: datetime) -> list[int]:
    """SQLite fast path: executemany for executions, one INSERT ... SELECT per first step for tokens.

    Inside the write transaction (BEGIN IMMEDIATE) nobody else inserts, so the new executions are
    exactly those with an id above the previous maximum.
    """
    from runtime.storage.rawdb import RawDB

    db = RawDB(session)
    stamp = db.dt(now)
    before = db.fetch("SELECT COALESCE(MAX(id), 0) FROM executions")[0][0]
    db.many("INSERT INTO executions (flow_id, version_id, contact_id, status, entered_at) VALUES (?, ?, ?, 'active', ?)",
            [(flow_id, version, c, stamp) for c in contact_ids])
    for visit, step_id in enumerate(first_steps):
        db.execute(
            "INSERT INTO tokens (execution_id, flow_id, step_id, state, due_at, visit) "
            "SELECT id, flow_id, :step, 'ready', :now, :visit FROM executions WHERE id > :before ORDER BY id",
            {"step": step_id, "now": stamp, "visit": visit, "before": before},
        )
    return [r[0] for r in db.fetch("SELECT id FROM executions WHERE id > :before ORDER BY id", {"before": before})]


def end_executions(
    session: Session, execution_ids: Iterable[int], status: str, reason: str, clock: Clock
) -> int:
    """End several active executions (see :func:`end_execution`); returns how many ended."""
    ids = list(dict.fromkeys(execution_ids))
    if not ids:
        return 0
    now = ensure_utc(clock.now())
    ex = Execution.__table__
    tok = Token.__table__
    ended: list[tuple[int, int]] = []
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        rows = session.execute(
            select(ex.c.id, ex.c.flow_id).where(ex.c.id.in_(chunk), ex.c.status == "active")
        ).all()
        ended.extend((r[0], r[1]) for r in rows)
    if not ended:
        return 0
    deltas = CounterDeltas()
    ended_ids = [e for e, _f in ended]
    for chunk_start in range(0, len(ended_ids), 500):
        chunk = ended_ids[chunk_start : chunk_start + 500]
        session.execute(
            update(ex)
            .where(ex.c.id.in_(chunk), ex.c.status == "active")
            .values(status=status, ended_at=now, exit_reason=reason)
        )
        live = session.execute(
            select(tok.c.flow_id, tok.c.step_id).where(tok.c.execution_id.in_(chunk), tok.c.state.in_(LIVE_STATES))
        ).all()
        for flow_id, step_id in live:
            deltas.add(flow_id, step_id, "waiting", -1)
        session.execute(
            update(tok).where(tok.c.execution_id.in_(chunk), tok.c.state.in_(LIVE_STATES)).values(state="done")
        )
    bucket = exit_bucket(status, reason)
    for _e, flow_id in ended:
        deltas.add(flow_id, FLOW, "active", -1)
        deltas.add(flow_id, FLOW, bucket, 1)
    deltas.flush(session)
    return len(ended)


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
            ex.c.status == "active",
            tok.c.state == "waiting",
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
    session: Session, outbox_id: int, port: str, clock: Clock, reason: str | None = None
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
            and_(tok.c.execution_id == row[0], tok.c.step_id == row[1], tok.c.state == "waiting")
        )
    ).all()
    for token_id, data in candidates:
        data = dict(data or {})
        if data.get("outbox_id") != outbox_id or data.get("resume_port"):
            continue
        data["resume_port"] = port
        if reason:
            data["resume_reason"] = reason
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
