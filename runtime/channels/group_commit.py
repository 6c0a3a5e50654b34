"""The dispatcher's database writes, committed together.

Sending coroutines hand their writes here instead of each opening a transaction: after a few
milliseconds every write queued meanwhile runs in one transaction (each op in its own savepoint,
so one failing op does not undo the others) on the dispatcher's single database thread, so the
event loop keeps talking to providers while SQLite commits. Two common writes are bulk
statements: claiming rows for sending (``queued -> sending``) and recording plain sends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import bindparam
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.flow.states import OutboxStatus
from runtime.storage.db import Project
from runtime.storage.models import Outbox

FLUSH_DELAY_SECONDS = 0.003

_Result = tuple["asyncio.Future[Any]", Any, BaseException | None]


class OutcomeTally(Protocol):
    """Where a recorded send is counted (the dispatcher's report)."""

    def add(self, outcome: str, row_id: int | None = None, reason: str | None = None) -> None: ...


class GroupCommit:
    """Queues database work from coroutines and commits it in batches on one database thread."""

    def __init__(self, project: Project, clock: Clock, sending_lease: timedelta) -> None:
        self.project = project
        self.clock = clock
        self.sending_lease = sending_lease
        self._pending: list[tuple[Callable[[Session], Any], asyncio.Future[Any]]] = []
        self._marks: list[tuple[int, asyncio.Future[Any]]] = []
        self._sent: list[tuple[dict[str, Any], asyncio.Future[Any], OutcomeTally]] = []
        self._flush_scheduled = False
        self._flushes: set[asyncio.Task[None]] = set()
        self._db: ThreadPoolExecutor | None = None

    def close(self) -> None:
        """Stop the database thread (a later write starts a new one)."""
        if self._db is not None:
            self._db.shutdown(wait=True)
            self._db = None

    async def write(self, op: Callable[[Session], Any]) -> Any:
        """Run ``op(session)`` in a write transaction shared with other ops queued meanwhile
        (each in its own savepoint, so one failing op does not undo the others)."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending.append((op, future))
        self._schedule_flush()
        return await future

    async def claim_for_send(self, row_id: int) -> bool:
        """``queued -> sending`` (attempts + 1), committed before this returns; False when the row
        was taken or resolved meanwhile."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._marks.append((row_id, future))
        self._schedule_flush()
        return bool(await future)

    async def mark_sent(self, row_id: int, provider_id: str | None, report: OutcomeTally) -> None:
        """``sending -> sent`` for a message of no execution, as one bulk UPDATE per commit."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._sent.append(({"oid": row_id, "pid": provider_id}, future, report))
        self._schedule_flush()
        await future

    async def in_db(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run blocking database work on the single database thread (one writer)."""
        if self._db is None:
            self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flowcanvas-dispatch-db")
        return await asyncio.get_running_loop().run_in_executor(self._db, func, *args)

    def _schedule_flush(self) -> None:
        if not self._flush_scheduled:
            self._flush_scheduled = True
            # a few milliseconds let concurrent sends share one commit (providers take ~50 ms anyway)
            loop = asyncio.get_running_loop()
            loop.call_later(FLUSH_DELAY_SECONDS, lambda: self._flushes.add(loop.create_task(self._flush())))

    async def _flush(self) -> None:
        ops, self._pending = self._pending, []
        marks, self._marks = self._marks, []
        sent, self._sent = self._sent, []
        self._flush_scheduled = False
        try:
            results = await self.in_db(self._flush_sync, ops, marks, sent)
        except BaseException as exc:  # noqa: BLE001 - never leave a waiting sender hanging
            results = [(future, None, exc) for _, future in ops + marks]
            results += [(future, None, exc) for _, future, _ in sent]
        finally:
            task = asyncio.current_task()
            if task is not None:
                self._flushes.discard(task)
        for future, value, error in results:
            if future.done():
                continue
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)

    def _flush_sync(self, ops: list[Any], marks: list[Any], sent: list[Any]) -> list[_Result]:
        results: list[_Result] = []
        try:
            with self.project.write() as session:
                now = self.clock.now()
                table = Outbox.__table__
                if marks:
                    taken = set(session.connection().execute(
                        table.update()
                        .where(table.c.id.in_([row_id for row_id, _ in marks]), table.c.status == OutboxStatus.QUEUED)
                        .values(status=OutboxStatus.SENDING, attempts=table.c.attempts + 1,
                                next_attempt_at=now + self.sending_lease)
                        .returning(table.c.id)
                    ).scalars())
                    results += [(future, row_id in taken, None) for row_id, future in marks]
                if sent:
                    session.connection().execute(
                        table.update()
                        .where(table.c.id == bindparam("oid"), table.c.status == OutboxStatus.SENDING)
                        .values(status=OutboxStatus.SENT, provider_id=bindparam("pid"), sent_at=now, error=None,
                                next_attempt_at=None),
                        [params for params, _, _ in sent],
                    )
                    for params, future, report in sent:
                        report.add("sent", params["oid"])
                        results.append((future, None, None))
                for op, future in ops:
                    try:
                        with session.begin_nested():
                            results.append((future, op(session), None))
                    except Exception as exc:  # noqa: BLE001 - handed to the waiting coroutine
                        results.append((future, None, exc))
        except Exception as exc:  # noqa: BLE001 - the commit itself failed: every op failed
            results = [(future, None, exc) for _, future in ops + marks]
            results += [(future, None, exc) for _, future, _ in sent]
        return results
