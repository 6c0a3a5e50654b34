"""The engine's tick: inbound first, then due tokens in batches, each batch one transaction.

:class:`Runtime` is what ``flowcanvas run``, the scheduler, ``simulate`` and ``rehearse`` drive.
:meth:`Runtime.tick` handles what arrived (events, tag changes, goals, woken waits), then claims
due tokens (``ready``/``waiting`` with ``due_at <= now``) of active flows in ``due_at`` order and
runs them (:mod:`runtime.engine.batch`). On SQLite a batch is claimed inside ``BEGIN IMMEDIATE``
(the one writer); on PostgreSQL with ``FOR UPDATE SKIP LOCKED`` so several workers share the
work. Tokens of paused flows are not claimed: they hold where they are.

:meth:`Runtime.run_until` drives a virtual clock from due time to due time, running everything
on the way in order, and stores the project's virtual now. Outside sandbox mode "everything"
includes the outbox: the caller passes a dispatch hook (:class:`OutboxHook`, built by
:mod:`runtime.rehearsal.virtual_run`) that runs one dispatcher pass after each tick and says when
the outbox is next due, so this module stays free of asyncio and of the channels package.

Goals: goal events are handled on arrival (in the inbound pass); the sweep that catches goal
conditions turning true without an event runs at most once per :data:`GOAL_SWEEP_EVERY` of clock
time (virtual time too: :meth:`Runtime.run_until` stops every 5 virtual minutes for it, but only
while an active flow has a condition goal, see :func:`runtime.engine.goals.needs_sweep`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import Clock, VirtualClock, ensure_utc
from runtime.engine.batch import TOKEN_SELECT, Batch, LiveToken
from runtime.engine.executions import delivery_timeout
from runtime.engine.flowcache import CompiledFlow, compiled_version
from runtime.flow.states import LIVE_TOKEN_STATES, FlowStatus
from runtime.storage.db import Project
from runtime.storage.models import FlowRow, Token
from runtime.storage.rawdb import RawDB, ints
from runtime.storage.settings import get_setting

MAX_ROUNDS = 20
GOAL_SWEEP_EVERY = timedelta(minutes=5)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while batches run.

    A batch allocates hundreds of thousands of short-lived objects; with the collector on, half
    the tick went into generation scans of objects that reference counting frees anyway once
    :meth:`Batch.close` has broken the batch's few cycles. The previous state is restored when
    the due tokens are done (one collection then catches up).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()  # inbound/tokens rounds per tick at one instant (tags added by flows trigger flows)


@dataclass
class TickResult:
    """What one tick did."""

    inbound: int = 0
    tokens: int = 0
    steps: int = 0
    goals: int = 0

    def __iadd__(self, other: TickResult) -> TickResult:
        self.inbound += other.inbound
        self.tokens += other.tokens
        self.steps += other.steps
        self.goals += other.goals
        return self

    @property
    def busy(self) -> bool:
        return bool(self.inbound or self.tokens or self.goals)

    def to_json(self) -> dict[str, int]:
        return {"inbound": self.inbound, "tokens": self.tokens, "steps": self.steps, "goals": self.goals}


@dataclass(frozen=True)
class OutboxPass:
    """What one outbox pass during :meth:`Runtime.run_until` did."""

    resolved: int  # messages given a verdict (sent, failed, skipped, ...): their contacts may move on now
    next_due: datetime | None  # when the outbox is next due (a retry, a quiet-hours hold), strictly later


class OutboxHook(Protocol):
    """One dispatcher pass at the clock's now (see :mod:`runtime.rehearsal.virtual_run`)."""

    def __call__(self) -> OutboxPass: ...


def project_sandbox(session: Session) -> bool:
    """The project's ``sandbox`` setting (False when unset)."""
    value = get_setting(session, "sandbox", False)
    if isinstance(value, dict):
        value = value.get("enabled", False)
    return bool(value)


class Runtime:
    """Runs a project's flows on a clock."""

    def __init__(self, project: Project, clock: Clock, *, sandbox: bool | None = None, batch_size: int = 500,
                 inbound_limit: int = 1000, every_firing: bool = False) -> None:
        self.project = project
        self.clock = clock
        self.batch_size = batch_size
        self.inbound_limit = inbound_limit
        if sandbox is None:
            with project.session() as session:
                sandbox = project_sandbox(session)
        self.sandbox = bool(sandbox)
        # a virtual jump stops at every cron firing (a rehearsal predicting each weekly send)
        # instead of coalescing the firings it passes into one (catching up after a gap)
        self.every_firing = every_firing
        self._versions: dict[int, CompiledFlow] = {}
        self.totals = TickResult()
        self.last_goal_sweep: datetime | None = None  # clock time of the last goal sweep
        # called before each batch: False stops claiming more now (a runner stopping cleanly; the
        # batches already committed stay); may raise (a runner whose lease was taken over)
        self.checkpoint: Callable[[], bool] | None = None

    # -- helpers ------------------------------------------------------------------------------
    def _version(self, session: Session, version_id: int) -> CompiledFlow:
        compiled = self._versions.get(version_id)
        if compiled is None:
            compiled = self._versions[version_id] = compiled_version(session, version_id)
        return compiled

    @staticmethod
    def _flow_states(session: Session) -> tuple[dict[int, str], list[int]]:
        """(running flow id -> name, ids of flows whose tokens must not run)."""
        running: dict[int, str] = {}
        held: list[int] = []
        for fid, name, status in session.execute(select(FlowRow.id, FlowRow.name, FlowRow.status)):
            if status == FlowStatus.ACTIVE:
                running[fid] = name
            else:
                held.append(fid)
        return running, held

    def _claim(self, session: Session, now: datetime, held: list[int]) -> list[LiveToken]:
        db = RawDB(session)
        lock = "" if db.sqlite else " FOR UPDATE SKIP LOCKED"
        not_held = f" AND flow_id NOT IN ({ints(held)})" if held else ""
        found: list[Any] = []
        for state in LIVE_TOKEN_STATES:
            found.extend(db.fetch(
                f"SELECT {TOKEN_SELECT} FROM tokens WHERE state = :state AND due_at <= :now{not_held} "
                f"ORDER BY due_at, id LIMIT {int(self.batch_size)}{lock}",
                {"state": state, "now": db.dt(now)},
            ))
        tokens = [LiveToken.from_row(r, db) for r in found]
        tokens.sort(key=lambda t: (t.due_at, t.id))
        return tokens[: self.batch_size]

    # -- one tick -----------------------------------------------------------------------------
    def _inbound(self) -> TickResult:
        result = TickResult()
        from runtime.engine.triggers import process_inbound

        while True:
            n = self.project.write_retrying(
                lambda session: process_inbound(session, self.clock, limit=self.inbound_limit), what="an inbound pass")
            result.inbound += n
            if n < self.inbound_limit:
                break
        return result

    def _goals(self) -> int:
        """The goal sweep, when :data:`GOAL_SWEEP_EVERY` has passed since the last one (clock time).

        It re-evaluates every active execution's goal, far too much work for every tick; goal
        events need no sweep (they are judged when they arrive).
        """
        now = ensure_utc(self.clock.now())
        last = self.last_goal_sweep
        if last is not None and last <= now < last + GOAL_SWEEP_EVERY:
            return 0
        from runtime.engine.goals import goal_sweep

        ended = self.project.write_retrying(lambda session: int(goal_sweep(session, self.clock) or 0),
                                            what="the goal sweep")
        self.last_goal_sweep = now
        return ended

    def _next_sweep(self, session: Session) -> datetime | None:
        """When the next goal sweep is due, if any active flow needs sweeps on time (a condition
        goal); else None, so a virtual clock need not stop every 5 minutes for nothing."""
        from runtime.engine.entry import active_flows
        from runtime.engine.goals import needs_sweep

        if not any(needs_sweep(flow.goal) for _row, flow in active_flows(session)):
            return None
        if self.last_goal_sweep is None:
            return ensure_utc(self.clock.now())
        return self.last_goal_sweep + GOAL_SWEEP_EVERY

    def run_tokens(self) -> TickResult:
        """Claim and run due tokens batch by batch until none is due; one transaction per batch."""
        result = TickResult()
        with _gc_paused():
            self._run_batches(result)
        return result

    def _run_batches(self, result: TickResult) -> None:
        while True:
            if self.checkpoint is not None and not self.checkpoint():
                break
            now = ensure_utc(self.clock.now())
            claimed, steps_run = self.project.write_retrying(partial(self._batch, now=now), what="a batch")
            if not claimed:
                break
            result.tokens += claimed
            result.steps += steps_run
            if claimed < self.batch_size:
                break

    def _batch(self, session: Session, now: datetime) -> tuple[int, int]:
        """Claim, run and write one batch of due tokens in ``session``: (tokens claimed, steps run)."""
        running, held = self._flow_states(session)
        if not running:
            return 0, 0
        claimed = self._claim(session, now, held)
        if not claimed:
            return 0, 0
        batch = Batch(session, now, sandbox=self.sandbox, flow_names=running, version_lookup=self._version,
                      delivery_wait=None if self.sandbox else delivery_timeout(session))
        try:
            batch.load(claimed)
            batch.run(claimed)
            batch.write()
        finally:
            steps_run = batch.steps_run
            batch.close()  # drop the batch's reference cycles so reference counting frees it
        return len(claimed), steps_run

    def tick(self) -> TickResult:
        """Process inbound items and goals, then every due token; repeat at this instant while
        something changed (a tag added by a flow may start another flow). Returns the totals."""
        total = TickResult()
        for _round in range(MAX_ROUNDS):
            result = self._inbound()
            if _round == 0:
                result.goals = self._goals()
            result += self.run_tokens()
            total += result
            if not result.tokens:  # nothing ran, so nothing new can have arrived at this instant
                break
        self.totals += total
        return total

    # -- driving the clock ----------------------------------------------------------------------
    def next_due(self, after: datetime | None = None, horizon: datetime | None = None) -> datetime | None:
        """The earliest moment something is due (a token of an active flow, inbound work, or the
        goal sweep when an active flow needs it); ``horizon`` is the end of a virtual jump."""
        tk = Token.__table__
        candidates: list[datetime] = []
        with self.project.session() as session:
            _running, held = self._flow_states(session)
            for state in LIVE_TOKEN_STATES:
                q = select(tk.c.due_at).where(tk.c.state == state)
                if held:
                    q = q.where(tk.c.flow_id.not_in(held))
                if after is not None:
                    q = q.where(tk.c.due_at > after)
                value = session.execute(q.order_by(tk.c.due_at).limit(1)).scalar_one_or_none()
                if value is not None:
                    candidates.append(ensure_utc(value))
            from runtime.engine.triggers import next_inbound_due

            sweep = self._next_sweep(session)
            if sweep is not None and (after is None or sweep > after):
                candidates.append(sweep)
            if horizon is not None:
                horizon = min([ensure_utc(horizon), *candidates])
            value = next_inbound_due(session, after or ensure_utc(self.clock.now()), None if self.every_firing else horizon)
            if value is not None:
                candidates.append(ensure_utc(value))
        return min(candidates) if candidates else None

    def run_until(self, until: datetime, *, save: bool = True, dispatch: OutboxHook | None = None) -> TickResult:
        """Jump a :class:`VirtualClock` from due time to due time up to ``until``, running everything.

        With ``dispatch`` (real sending), each due time also runs one outbox pass after the tick,
        ticks again at the same instant when the pass resumed contacts, and the outbox's next due
        time (retries, quiet-hours holds) is one of the times the clock stops at.
        Stores the project's virtual now (``until``) at the end unless ``save`` is False.
        """
        if not isinstance(self.clock, VirtualClock):
            raise TypeError("run_until needs a VirtualClock")
        until = ensure_utc(until)
        total = TickResult()
        while True:
            outbox_due = self._run_instant(total, dispatch)
            now = ensure_utc(self.clock.now())
            horizon = min(until, outbox_due) if outbox_due is not None and outbox_due > now else until
            nxt = self.next_due(horizon=horizon)
            if nxt is not None and nxt <= now:
                # still due after a full tick (e.g. a flow paused mid-way): look strictly ahead
                nxt = self.next_due(after=now, horizon=horizon)
            if outbox_due is not None and outbox_due > now and (nxt is None or outbox_due < nxt):
                nxt = outbox_due
            if nxt is None or nxt > until:
                break
            self.clock.set(nxt)
        if ensure_utc(self.clock.now()) < until:
            self.clock.set(until)
            self._run_instant(total, dispatch)
        if save:
            self.save_now()
        return total

    def _run_instant(self, total: TickResult, dispatch: OutboxHook | None) -> datetime | None:
        """Everything due at the clock's now: a tick, then (with ``dispatch``) an outbox pass, and
        again while a pass resolved messages (the contacts it resumed run at this same instant and
        may queue more). Adds the ticks to ``total``; returns the outbox's next due time."""
        total += self.tick()
        if dispatch is None:
            return None
        outbox = dispatch()
        for _round in range(MAX_ROUNDS):
            if not outbox.resolved:
                break
            total += self.tick()
            outbox = dispatch()
        return outbox.next_due

    def save_now(self) -> None:
        """Store the clock's time as the project's virtual now."""
        from runtime.storage.project_clock import save_virtual_now

        with self.project.write() as session:
            save_virtual_now(session, self.clock.now())

    def run_for(self, seconds: float | None, *, interval: float = 1.0, dispatch: Any = None) -> TickResult:
        """Tick about every ``interval`` seconds of wall time for ``seconds`` (None: until interrupted).

        ``dispatch`` is called after each tick (the outbox dispatcher in real mode).
        """
        total = TickResult()
        deadline = None if seconds is None else time.monotonic() + max(0.0, seconds)
        while True:
            started = time.monotonic()
            total += self.tick()
            if dispatch is not None:
                dispatch()
            if deadline is not None and time.monotonic() >= deadline:
                break
            pause = interval - (time.monotonic() - started)
            if deadline is not None:
                pause = min(pause, deadline - time.monotonic())
            if pause > 0:
                time.sleep(pause)  # wall-clock pacing of the loop, not business time
        return total


def advance(runtime: Runtime, delta: timedelta) -> TickResult:
    """Run a virtual-clock runtime ``delta`` further (tests and simulations)."""
    return runtime.run_until(ensure_utc(runtime.clock.now()) + delta, save=False)
