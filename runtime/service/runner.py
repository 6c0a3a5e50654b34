"""The project's runner: the engine's scheduled jobs under the runner lease, with a status to show.

:class:`EmbeddedRuntime` is what the designer runs while a project is open and what
``flowcanvas run`` (real clock) runs in a terminal: the same :class:`EngineScheduler` jobs (the
tick, which also sweeps goals and ends flows past their window, and dispatch) on the running
asyncio loop (the designer's qasync loop or ``asyncio.run``), with database work on the
scheduler's worker thread, guarded by the project's runner lease (:mod:`runtime.engine.lease`),
and a :class:`RunnerStatus` reported to one callback after every change (the designer hands it
to the GUI thread there).

- **Run / pause**: :meth:`pause` stops the jobs after the running batch; :meth:`resume` goes on.
- **Virtual clock**: a project with a virtual now keeps it; while running, that clock moves
  with the wall clock (a second is a second), and :meth:`fast_forward` jumps it to a later time,
  running everything due on the way in due order (the ``run --until`` path), in slices so the
  status moves and a stop request is honoured between slices.
- **Stopping** (:meth:`aclose`): no new batch is claimed, the batch in flight commits, the
  dispatcher's pass finishes, the virtual now is saved and the lease released. Nothing claimed
  is lost: a batch is one transaction.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from runtime.clock import Clock, SystemClock, VirtualClock, ensure_utc
from runtime.engine.lease import DESIGNER, Lease, LeaseLostError, acquire_lease
from runtime.engine.runner import Runtime, TickResult
from runtime.engine.scheduler import EngineScheduler
from runtime.storage.db import Project

log = logging.getLogger(__name__)

MAX_ERRORS = 20
#: A fast-forward runs in at most this many slices (status updates and stop checks between them).
FAST_FORWARD_SLICES = 48
#: The virtual now is stored at most this often while running (and always when stopping).
SAVE_NOW_EVERY = timedelta(seconds=5)

STOPPED, RUNNING, PAUSED, FAST_FORWARD, LOST = "stopped", "running", "paused", "fast_forward", "lost"


@dataclass(frozen=True)
class RunnerError:
    """One failure of a job, for the status bar's details."""

    at: str  # wall time, ISO 8601
    job: str
    message: str
    details: str  # the traceback


@dataclass(frozen=True)
class RunnerStatus:
    """What the runner is doing, as plain data (the designer's status bar shows it)."""

    state: str = STOPPED  # stopped | running | paused | fast_forward | lost
    sandbox: bool = False
    virtual: bool = False
    now: str = ""  # the project's clock (virtual or wall), ISO 8601
    last_tick: str | None = None  # wall time of the last finished tick
    last_result: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    errors: tuple[RunnerError, ...] = ()
    message: str = ""  # why it stopped (lease taken over, ...) or what a fast-forward is doing
    target: str | None = None  # the fast-forward's target time
    shared: bool = False  # PostgreSQL: several workers share the work, no lease

    @property
    def active(self) -> bool:
        return self.state in (RUNNING, FAST_FORWARD)


class _FollowingClock(VirtualClock):
    """A project's virtual clock that moves with the wall clock while the runner runs."""

    def __init__(self, start: datetime, wall: Clock) -> None:
        super().__init__(start)
        self.wall = wall
        self.anchor(start)

    def anchor(self, virtual_now: datetime) -> None:
        """From now on, virtual time = ``virtual_now`` + wall time elapsed since this call."""
        self._base = ensure_utc(virtual_now)
        self._wall_base = ensure_utc(self.wall.now())

    def follow(self) -> None:
        """Move to the base plus the wall time elapsed (never backwards)."""
        target = self._base + (ensure_utc(self.wall.now()) - self._wall_base)
        if target > ensure_utc(self.now()):
            self.set(target)


class EmbeddedRuntime:
    """Runs one project's engine under its runner lease (see the module docstring).

    ``on_status`` is called with a :class:`RunnerStatus` after every tick, state change and
    fast-forward slice, from whichever thread did the work; a GUI must hand it to its own thread.
    ``take_over=True`` takes the lease from another runner (LeaseHeldError names it otherwise).
    """

    def __init__(self, project: Project | None, *, holder: str = DESIGNER, clock: Clock | None = None,
                 sandbox: bool | None = None, on_status: Callable[[RunnerStatus], None] | None = None,
                 take_over: bool = False, wall: Clock | None = None, runtime: Runtime | None = None,
                 lease: Lease | None = None, **scheduler_options: Any) -> None:
        self.project = project  # None: opened from ``path`` on the runner's thread (see :meth:`for_path`)
        self.path: str | None = None
        self.holder = holder
        self.wall = wall or SystemClock()
        self.on_status = on_status
        self.take_over = take_over
        self._sandbox = sandbox
        self._given_clock = clock
        self._options = scheduler_options
        self._lock = threading.Lock()  # one unit of engine work at a time (tick or fast-forward slice)
        self._stop = threading.Event()
        self._work: ThreadPoolExecutor | None = None
        self._last_saved: datetime | None = None
        self.lease: Lease | None = lease  # given: already held by the caller (released on close all the same)
        self.runtime: Runtime | None = runtime  # given: its clock and sandbox mode are used
        self.engine: EngineScheduler | None = None
        self.clock: Clock | None = None
        self._status = RunnerStatus()
        self._keeping: asyncio.Task[None] | None = None  # the lease heartbeat while paused

    @classmethod
    def for_path(cls, path: str, **options: Any) -> EmbeddedRuntime:
        """A runner with its own connection to the project at ``path`` (file or URL, opened and
        upgraded by the caller already), opened when it starts and closed when it stops, so it
        may outlive the window that started it by the time its last batch takes to commit."""
        runner = cls(None, **options)
        runner.path = str(path)
        return runner

    # -- status ----------------------------------------------------------------------------------

    @property
    def status(self) -> RunnerStatus:
        return self._status

    def _publish(self, **changes: Any) -> None:
        if self.clock is not None and "now" not in changes:
            changes["now"] = ensure_utc(self.clock.now()).isoformat()
        if self.runtime is not None:
            changes.setdefault("totals", self.runtime.totals.to_json())
        self._status = replace(self._status, **changes)
        if self.on_status is not None:
            try:
                self.on_status(self._status)
            except Exception:  # a broken listener must not stop the engine
                log.exception("runner status listener failed")

    def _record_error(self, job: str, exc: BaseException) -> None:
        error = RunnerError(ensure_utc(self.wall.now()).isoformat(), job, f"{type(exc).__name__}: {exc}",
                            "".join(traceback.format_exception(exc)))
        self._publish(errors=(*self._status.errors, error)[-MAX_ERRORS:])

    # -- set-up (on a worker thread: it reads and writes the database) ------------------------

    def _open(self) -> None:
        from runtime.engine.runner import project_sandbox
        from runtime.storage.project_clock import stored_virtual_now

        if self.project is None:
            from runtime.storage.db import open_project

            # the caller (the designer) opened and upgraded this project already
            self.project = open_project(self.path or "", migrate=False)
        lease = self.lease or acquire_lease(self.project, self.holder, clock=self.wall, take_over=self.take_over)
        try:
            with self.project.session() as session:
                virtual_now = stored_virtual_now(session)
                sandbox = self._sandbox if self._sandbox is not None else project_sandbox(session)
            if self.runtime is not None:
                runtime = self.runtime
                clock, sandbox = runtime.clock, runtime.sandbox
            else:
                if self._given_clock is not None:
                    clock = self._given_clock
                elif virtual_now is not None:
                    clock = _FollowingClock(virtual_now, self.wall)
                else:
                    clock = self.wall
                runtime = Runtime(self.project, clock, sandbox=sandbox)
        except BaseException:
            lease.release()
            raise
        runtime.checkpoint = self._checkpoint
        self.lease, self.clock, self.runtime = lease, clock, runtime
        self.engine = EngineScheduler(self.project, clock, sandbox=sandbox, runtime=_TickJob(self),
                                      **self._options)
        _warm_up(self.engine)
        self._status = RunnerStatus(state=STOPPED, sandbox=sandbox, virtual=isinstance(clock, VirtualClock),
                                    shared=lease.shared)

    def _checkpoint(self) -> bool:
        """Before each batch: renew the lease (raises when taken over); False once stopping."""
        if self._stop.is_set():
            return False
        if self.lease is not None:
            self.lease.renew()
        return True

    # -- lifecycle (on the asyncio loop) ----------------------------------------------------------

    async def start(self) -> RunnerStatus:
        """Take the lease and start the jobs (inside the running loop). Raises LeaseHeldError."""
        loop = asyncio.get_running_loop()
        self._work = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flowcanvas-runner")
        try:
            await loop.run_in_executor(self._work, self._open)
        except BaseException:
            self._work.shutdown(wait=False)
            self._work = None
            if self.path is not None and self.project is not None:
                self.project.close()
            raise
        self._loop = loop
        assert self.engine is not None
        if self._stop.is_set():  # closed while opening: aclose() released the lease already
            return self._status
        self.engine.start()
        self._publish(state=RUNNING, message="")
        return self._status

    def pause(self) -> None:
        """Stop running jobs (the running batch finishes); the lease stays held (renewed meanwhile)."""
        if self.engine is not None and self._status.state == RUNNING:
            self.engine.scheduler.pause()
            self._publish(state=PAUSED)
            self._keeping = asyncio.get_running_loop().create_task(self._keep_lease())

    async def _keep_lease(self) -> None:
        """While paused nothing ticks: renew the lease on the runner's thread every heartbeat."""
        from runtime.engine.lease import HEARTBEAT_EVERY

        loop = asyncio.get_running_loop()
        while self._status.state == PAUSED and not self._stop.is_set() and self.lease is not None:
            lease = self.lease
            await asyncio.sleep(HEARTBEAT_EVERY.total_seconds())  # wall-clock pacing of the heartbeat
            if self._status.state != PAUSED or self._stop.is_set() or self._work is None:
                return
            try:
                await loop.run_in_executor(self._work, partial(lease.renew, force=True))
            except LeaseLostError as exc:
                self._lost(exc)
                return

    def _stop_keeping(self) -> None:
        task, self._keeping = self._keeping, None
        if task is not None:
            task.cancel()

    def resume(self) -> None:
        """Run the jobs again after :meth:`pause`."""
        self._stop_keeping()
        if self.engine is not None and self._status.state == PAUSED:
            if isinstance(self.clock, _FollowingClock):
                self.clock.anchor(self.clock.now())  # paused time does not pass for the project
            self.engine.scheduler.resume()
            self._publish(state=RUNNING)

    async def fast_forward(self, until: datetime) -> TickResult:
        """Jump a virtual-clock project to ``until``, running everything due on the way.

        Ticks pause meanwhile; the previous state (running or paused) comes back afterwards.
        """
        if not isinstance(self.clock, VirtualClock) or self.runtime is None or self._work is None:
            raise TypeError("fast-forward needs a project on a virtual clock (run it with --clock virtual once)")
        until = ensure_utc(until)
        start = ensure_utc(self.clock.now())
        if until <= start:
            from runtime.errors import InputError

            raise InputError(f"the project's clock is already at {start.isoformat()}; it never moves backwards")
        before = self._status.state
        if self.engine is not None and self.engine.scheduler.running and before == RUNNING:
            self.engine.scheduler.pause()
        self._publish(state=FAST_FORWARD, target=until.isoformat(), message="")
        total = TickResult()
        loop = asyncio.get_running_loop()
        step = (until - start) / FAST_FORWARD_SLICES
        try:
            for n in range(1, FAST_FORWARD_SLICES + 1):
                if self._stop.is_set():
                    break
                target = until if n == FAST_FORWARD_SLICES else start + step * n
                total += await loop.run_in_executor(self._work, self._advance_to, target)
                self._publish(state=FAST_FORWARD, last_tick=ensure_utc(self.wall.now()).isoformat())
        except LeaseLostError as exc:
            self._lost(exc)
            raise
        finally:
            if isinstance(self.clock, _FollowingClock):
                self.clock.anchor(self.clock.now())
        if self._status.state == FAST_FORWARD:
            if before == RUNNING and self.engine is not None and not self._stop.is_set():
                self.engine.scheduler.resume()
            self._publish(state=RUNNING if before == RUNNING else PAUSED, target=None)
        return total

    def _advance_to(self, target: datetime) -> TickResult:
        from runtime.rehearsal.virtual_run import run_virtual

        assert self.runtime is not None
        with self._lock:
            result, _outbox = run_virtual(self.runtime, target)
            self._last_saved = ensure_utc(self.wall.now())
        return result

    async def aclose(self) -> None:
        """Stop cleanly: the batch in flight commits, no new one starts, the lease is released."""
        self._stop.set()
        self._stop_keeping()
        if self.engine is not None:
            if self.engine.scheduler.running:
                self.engine.scheduler.pause()
            # wait for a running tick on its own thread, not on the loop: the GUI keeps painting
            await asyncio.get_running_loop().run_in_executor(self._work, self._lock.acquire)
            self._lock.release()
            await self.engine.aclose()
        if self._work is not None:
            await asyncio.get_running_loop().run_in_executor(self._work, self._close_db_side)
            self._work.shutdown(wait=True)
            self._work = None
        if self._status.state != LOST:
            self._publish(state=STOPPED)

    def _close_db_side(self) -> None:
        try:
            if isinstance(self.clock, VirtualClock) and self.runtime is not None and self._status.state != LOST:
                self.runtime.save_now()
        finally:
            try:
                if self.lease is not None:
                    self.lease.release()
            finally:
                if self.path is not None and self.project is not None:
                    self.project.close()

    def _lost(self, exc: LeaseLostError) -> None:
        self._stop.set()
        if self.engine is not None and self.engine.scheduler.running:
            loop = getattr(self, "_loop", None)
            if loop is not None:
                loop.call_soon_threadsafe(self._pause_quietly)
        self._publish(state=LOST, message=str(exc))

    def _pause_quietly(self) -> None:
        if self.engine is not None and self.engine.scheduler.running:
            self.engine.scheduler.pause()

    # -- the tick (on the scheduler's database thread) ---------------------------------------------

    def run_tick(self) -> TickResult:
        """One tick under the lease; reports the status afterwards."""
        assert self.runtime is not None
        if self._stop.is_set():
            return TickResult()
        with self._lock:
            try:
                if self.lease is not None:
                    self.lease.renew()
                if isinstance(self.clock, _FollowingClock):
                    self.clock.follow()
                result = self.runtime.tick()
                self._maybe_save_now()
            except LeaseLostError as exc:
                self._lost(exc)
                raise
            except Exception as exc:
                self._record_error("tick", exc)
                raise
        self._publish(last_tick=ensure_utc(self.wall.now()).isoformat(), last_result=result.to_json())
        return result

    def _maybe_save_now(self) -> None:
        if not isinstance(self.clock, VirtualClock) or self.runtime is None:
            return
        wall = ensure_utc(self.wall.now())
        if self._last_saved is None or wall - self._last_saved >= SAVE_NOW_EVERY:
            self.runtime.save_now()
            self._last_saved = wall


def _warm_up(engine: EngineScheduler) -> None:
    """Import what the jobs import lazily, and build the dispatcher, here on the runner's thread.

    The dispatch job is a coroutine on the event loop; in the designer that is the GUI thread,
    where a first import of the channel adapters (httpx, SMTP, ...) froze the window for a second.
    """
    for module in ("runtime.channels.factory",  # every adapter module
                   "runtime.channels.http", "runtime.engine.entry", "runtime.engine.goals",
                   "runtime.engine.triggers", "runtime.rehearsal.virtual_run"):
        importlib.import_module(module)
    engine._make_dispatcher()


class _TickJob:
    """What :class:`EngineScheduler` calls its runtime: ticks go through the runner (lease, clock,
    status); everything else is the engine's own :class:`Runtime`."""

    def __init__(self, runner: EmbeddedRuntime) -> None:
        self._runner = runner

    def tick(self) -> TickResult:
        return self._runner.run_tick()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._runner.runtime, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_runner":
            object.__setattr__(self, name, value)
        else:
            setattr(self._runner.runtime, name, value)


async def run_leased(project: Project, seconds: float | None, *, holder: str, runtime: Runtime | None = None,
                     sandbox: bool | None = None, take_over: bool = False, lease: Lease | None = None,
                     stop: asyncio.Event | None = None, on_runner: Callable[[EmbeddedRuntime], Any] | None = None,
                     **options: Any) -> EmbeddedRuntime:
    """``flowcanvas run`` on the real clock (and ``serve``'s engine): the runner for ``seconds``
    (None: until SIGTERM, Ctrl-C or ``stop``); ``on_runner`` gets it once started."""
    from runtime.engine.scheduler import stopped_by_signals, wait_stop

    stop = stop or asyncio.Event()
    async with stopped_by_signals(stop):
        runner = EmbeddedRuntime(project, holder=holder, sandbox=sandbox, take_over=take_over, runtime=runtime,
                                 lease=lease, **options)
        await runner.start()
        if on_runner is not None:
            on_runner(runner)
        status = runner.status
        log.info("running project %s", project.label, extra={
            "event": "start", "project": project.label, "holder": holder, "database": project.dialect,
            "sandbox": status.sandbox, "virtual": status.virtual, "shared": status.shared, "now": status.now})
        try:
            await wait_stop(stop, seconds)
        finally:
            await runner.aclose()
            totals = runner.runtime.totals.to_json() if runner.runtime is not None else {}
            log.info("stopped", extra={"event": "stop", "project": project.label, "totals": totals,
                                       "state": runner.status.state})
    return runner
