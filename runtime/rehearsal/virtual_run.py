"""``run --until`` on a virtual clock with real sending: the outbox dispatcher driven in virtual time.

:meth:`runtime.engine.runner.Runtime.run_until` stays synchronous and free of asyncio; outside
sandbox mode it gets a :class:`VirtualDispatch` as its dispatch hook. The hook owns one event
loop and one :class:`~runtime.channels.dispatcher.Dispatcher` for the whole run (so the HTTP
client, adapters and rate limiters live as long as the run) and uses the runtime's own virtual
clock, so quiet-hours holds release, retries back off and delivery verdicts resume the waiting
contacts at the right virtual times. In sandbox mode the dispatcher runs too, in sandbox mode:
messages that quiet hours or caps hold or skip are held or skipped as live, and nothing leaves
the machine.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from runtime.clock import Clock, ensure_utc
from runtime.engine.runner import OutboxPass, Runtime, TickResult
from runtime.flow.states import OutboxStatus
from runtime.storage.db import Project
from runtime.storage.models import Outbox

# dispatcher outcomes that give a message its verdict and so may resume a waiting contact
RESOLVING = (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.SKIPPED, OutboxStatus.SANDBOX, OutboxStatus.REVIEW)


def outbox_due_now(session: Session, now: datetime) -> bool:
    """Whether the dispatcher has a row to pick up at ``now`` (a cheap check that spares a pass)."""
    from runtime.channels.dispatcher import DUE_STATUSES

    return session.execute(
        select(Outbox.id).where(
            Outbox.status.in_(DUE_STATUSES),
            or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now),
        ).limit(1)
    ).first() is not None


def outbox_next_due(session: Session, after: datetime) -> datetime | None:
    """The earliest ``next_attempt_at`` after ``after`` of rows the dispatcher will pick up
    (``queued`` or ``held``): the next retry or the end of a quiet-hours hold."""
    from runtime.channels.dispatcher import DUE_STATUSES

    value = session.execute(
        select(func.min(Outbox.next_attempt_at)).where(
            Outbox.status.in_(DUE_STATUSES), Outbox.next_attempt_at > after
        )
    ).scalar_one_or_none()
    return ensure_utc(value) if value is not None else None


class VirtualDispatch:
    """The dispatch hook of :meth:`Runtime.run_until`: one dispatcher pass per call, at the
    clock's now. Use as a context manager (or call :meth:`close`) to release the event loop,
    the dispatcher's HTTP client and its database thread."""

    def __init__(self, project: Project, clock: Clock, dispatcher: Any = None, *, sandbox: bool = False) -> None:
        if dispatcher is None:
            from runtime.channels.dispatcher import Dispatcher

            dispatcher = Dispatcher(project, clock, sandbox=sandbox)
        self.project = project
        self.clock = clock
        self.dispatcher = dispatcher
        self.counts: dict[str, int] = {}  # what every pass did, by outcome (sent, held, retry, ...)
        self._passes = 0
        self._loop: asyncio.AbstractEventLoop | None = asyncio.new_event_loop()

    def __call__(self) -> OutboxPass:
        if self._loop is None:
            raise RuntimeError("VirtualDispatch is closed")
        now = ensure_utc(self.clock.now())
        resolved = 0
        if not self._passes or self._due(now):  # the first pass also recovers interrupted sends
            report = self._loop.run_until_complete(self.dispatcher.run_once())
            for outcome, n in report.counts.items():
                self.counts[outcome] = self.counts.get(outcome, 0) + n
            resolved = sum(report.counts.get(k, 0) for k in RESOLVING)
            self._passes += 1
        with self.project.session() as session:
            next_due = outbox_next_due(session, now)
        return OutboxPass(resolved=resolved, next_due=next_due)

    def _due(self, now: datetime) -> bool:
        with self.project.session() as session:
            return outbox_due_now(session, now)

    def close(self) -> None:
        """Close the dispatcher and the event loop (idempotent)."""
        loop, self._loop = self._loop, None
        if loop is None:
            return
        try:
            loop.run_until_complete(self.dispatcher.aclose())
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def run_virtual(runtime: Runtime, until: datetime, *, save: bool = True) -> tuple[TickResult, dict[str, int]]:
    """``runtime.run_until(until)``, dispatching the outbox on the way (in sandbox mode too, where
    the dispatcher applies quiet hours and caps and sends nothing).

    Returns the ticks' totals and the dispatcher's outcome counts.
    """
    with VirtualDispatch(runtime.project, runtime.clock, sandbox=runtime.sandbox) as dispatch:
        result = runtime.run_until(until, save=save, dispatch=dispatch)
    return result, dispatch.counts
