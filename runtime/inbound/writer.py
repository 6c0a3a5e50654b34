"""One writer for the inbound API, committing many requests per transaction.

Handlers hand a function of a SQLAlchemy session to :meth:`WriteQueue.submit`. A single worker
thread takes every function waiting at that moment (up to ``max_batch``), runs each inside its
own savepoint of one write transaction and commits once: under load, requests share the cost of
a commit (group commit), and the event loop never waits on the database. A function that raises
rolls back only its savepoint; its caller gets the exception, the others still commit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from runtime.storage.db import Project

T = TypeVar("T")
log = logging.getLogger(__name__)

_Item = tuple[Callable[[Session], Any], "asyncio.Future[Any]"]


class WriteQueue:
    """Group-committing writer (start with :meth:`start` inside the running loop)."""

    def __init__(self, project: Project, max_batch: int = 256) -> None:
        self.project = project
        self.max_batch = max_batch
        self._queue: asyncio.Queue[_Item | None] | None = None
        self._task: asyncio.Task[None] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inbound-writer")
        self.transactions = 0  # commits done (for tests and the benchmark: batching at work)

    def start(self) -> None:
        """Start the writer task on the running loop."""
        self._queue = asyncio.Queue()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="inbound-writer")

    async def submit(self, func: Callable[[Session], T]) -> T:
        """Run ``func(session)`` in the next write transaction; its result once committed."""
        if self._queue is None:
            raise RuntimeError("WriteQueue.start() was not called")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((func, future))
        return await future

    async def _run(self) -> None:
        assert self._queue is not None
        loop = asyncio.get_running_loop()
        while True:
            first = await self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < self.max_batch and not self._queue.empty():
                item = self._queue.get_nowait()
                if item is None:
                    stop = True
                    break
                batch.append(item)
            try:
                outcomes = await loop.run_in_executor(self._executor, self._commit, batch)
            except Exception as exc:  # the commit itself failed: nobody's write is kept
                log.exception("inbound write transaction failed")
                outcomes = [(False, exc)] * len(batch)
            for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
                if future.done():  # the client went away
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
            if stop:
                return

    def _commit(self, batch: list[_Item]) -> list[tuple[bool, Any]]:
        outcomes: list[tuple[bool, Any]] = []
        with self.project.write() as session:
            # Savepoints at the driver level: the ORM's nested transactions cost more than a small
            # request's own work. After a failed request the session forgets every object, so
            # nothing of the rolled-back work can be flushed later (earlier requests are flushed).
            conn = session.connection()
            for func, _ in batch:
                conn.exec_driver_sql("SAVEPOINT inbound_request")
                try:
                    value = func(session)
                    session.flush()
                    conn.exec_driver_sql("RELEASE SAVEPOINT inbound_request")
                    outcomes.append((True, value))
                except Exception as exc:  # noqa: BLE001 - rolled back and handed to the caller
                    conn.exec_driver_sql("ROLLBACK TO SAVEPOINT inbound_request")
                    conn.exec_driver_sql("RELEASE SAVEPOINT inbound_request")
                    session.expunge_all()
                    outcomes.append((False, exc))
        self.transactions += 1
        return outcomes

    async def aclose(self) -> None:
        """Finish what is queued, then stop the worker."""
        if self._queue is not None and self._task is not None:
            self._queue.put_nowait(None)
            await self._task
        self._executor.shutdown(wait=True)
