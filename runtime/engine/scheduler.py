"""APScheduler wiring: a handful of periodic jobs drive the whole engine.

The scheduler never gets one job per contact (or per token, or per flow): due work lives in
the database (tokens' ``due_at``, events, the outbox), and a few periodic jobs pick it up:

========================  ===========  ====================================================
job id                    every        what
========================  ===========  ====================================================
``tick``                  ~1 s         :meth:`Runtime.tick`: triggers (events, tags, dates,
                                       segment re-checks incl. cron ones), flows whose
                                       ``end_at`` passed with nobody inside, the goal sweep
                                       (every 5 minutes of clock time), then due tokens
``dispatch``              ~1 s         the channel dispatcher's ``run_once`` (outbox)
========================  ===========  ====================================================

Goal sweeps and flow windows have one owner, the tick (:meth:`Runtime.tick`), so a virtual run
without a scheduler does exactly what a scheduled one does.

Database jobs run one at a time on a single worker thread (one writer, and the event loop
stays free for the dispatcher's HTTP calls); the dispatcher job is a coroutine on the loop.
:class:`EngineScheduler` must be started inside a running asyncio loop (the designer's qasync
loop, or :func:`run_headless` for ``flowcanvas run --for``).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobSubmissionEvent
from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from runtime.clock import Clock, SystemClock
from runtime.storage.db import Project

log = logging.getLogger(__name__)

JOB_IDS = ("tick", "dispatch")
#: what APScheduler logs each time a run is skipped because the previous one is still going
SKIPPED_RUN_WARNING = "maximum number of running instances reached"


class _SkippedRunsCounted(logging.Filter):
    """Drops APScheduler's warning for a skipped run: a pass longer than its interval is normal
    here (a slow provider, a big batch, a virtual day), and :attr:`JobStats.skipped` counts it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return SKIPPED_RUN_WARNING not in record.getMessage()


_SKIPPED_RUNS_FILTER = _SkippedRunsCounted()


@dataclass
class JobStats:
    """How often each job ran and what it last reported (for ``run --json`` and tests)."""

    runs: dict[str, int] = field(default_factory=lambda: dict.fromkeys(JOB_IDS, 0))
    errors: dict[str, str] = field(default_factory=dict)
    last: dict[str, Any] = field(default_factory=dict)
    # what every tick did, summed (inbound, tokens, steps, goals): ``run --clock real`` reports it
    totals: dict[str, int] = field(default_factory=lambda: {"inbound": 0, "tokens": 0, "steps": 0, "goals": 0})
    # runs not started because the job's previous run was still going (coalesced into the next)
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(JOB_IDS, 0))

    def add_tick(self, result: Any) -> None:
        """Add one tick's counts (a :class:`~runtime.engine.runner.TickResult` or anything with ``to_json``)."""
        counts = _plain(result)
        if isinstance(counts, dict):
            for key in self.totals:
                value = counts.get(key)
                if isinstance(value, int):
                    self.totals[key] += value

    def to_json(self) -> dict[str, Any]:
        return {"runs": dict(self.runs), "errors": dict(self.errors), "last": {k: _plain(v) for k, v in self.last.items()},
                "totals": dict(self.totals), "skipped": dict(self.skipped)}


def _plain(value: Any) -> Any:
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    to_json = getattr(value, "to_json", None)
    return to_json() if callable(to_json) else repr(value)


class EngineScheduler:
    """The engine's periodic jobs on an APScheduler 3 ``AsyncIOScheduler``.

    ``runtime`` is the engine's :class:`~runtime.engine.runner.Runtime` (built from ``project``,
    ``clock`` and ``sandbox`` when not given; ``sandbox=None``, the default, means the project's own
    setting, for the runtime and the dispatcher alike); ``dispatcher`` an object with an async
    ``run_once()`` (by default :class:`runtime.channels.dispatcher.Dispatcher` when the channels
    package provides it; ``False`` turns dispatching off).
    """

    def __init__(
        self,
        project: Project,
        clock: Clock | None = None,
        *,
        sandbox: bool | None = None,
        runtime: Any = None,
        dispatcher: Any = None,
        tick_every: timedelta = timedelta(seconds=1),
        dispatch_every: timedelta = timedelta(seconds=1),
        live_demo: bool = False,
    ) -> None:
        self.project = project
        # the designer runs a demo project's synthetic event stream before each tick (live_demo.pulse)
        self.live_demo = live_demo
        self.clock = clock or SystemClock()
        self.sandbox = sandbox
        self._runtime = runtime
        self._dispatcher = dispatcher
        self.intervals = {"tick": tick_every, "dispatch": dispatch_every}
        self.stats = JobStats()
        self._dispatching: set[asyncio.Task[Any]] = set()  # running dispatcher passes, awaited on close
        self.scheduler = AsyncIOScheduler(
            executors={"db": ThreadPoolExecutor(max_workers=1), "default": AsyncIOExecutor()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
        )
        self.scheduler.add_listener(self._run_skipped, EVENT_JOB_MAX_INSTANCES)
        scheduler_log = logging.getLogger("apscheduler.scheduler")
        if _SKIPPED_RUNS_FILTER not in scheduler_log.filters:
            scheduler_log.addFilter(_SKIPPED_RUNS_FILTER)

    # -- the engine parts, built lazily (the runner and dispatcher are optional at import time) ---

    @property
    def runtime(self) -> Any:
        if self._runtime is None:
            from runtime.engine.runner import Runtime

            self._runtime = Runtime(self.project, self.clock, sandbox=self.sandbox)
        return self._runtime

    def _make_dispatcher(self) -> Any:
        if self._dispatcher is False:
            return None
        if self._dispatcher is None:
            from runtime.channels.dispatcher import Dispatcher

            self._dispatcher = Dispatcher(self.project, self.clock, sandbox=self.sandbox)
        return self._dispatcher

    # -- jobs ------------------------------------------------------------------------------------

    def _guard(self, name: str, func: Callable[[], Any]) -> Any:
        try:
            result = func()
        except Exception as exc:  # a failing job must not stop the others; it is logged and retried
            log.exception("engine job %s failed", name, extra={"event": "error", "job": name})
            self.stats.errors[name] = f"{type(exc).__name__}: {exc}"
            return None
        self.stats.runs[name] += 1
        self.stats.last[name] = result
        return result

    def _run_skipped(self, event: JobSubmissionEvent) -> None:
        self.stats.skipped[event.job_id] = self.stats.skipped.get(event.job_id, 0) + 1

    def run_tick(self) -> Any:
        """One engine tick (the ``tick`` job); its counts are added to ``stats.totals``.

        With ``live_demo`` the demo project's event stream is written first (in its own
        transaction; it does nothing unless the project's ``demo:live`` setting is on).
        """
        if self.live_demo:
            self.run_demo_pulse()
        result = self._guard("tick", self.runtime.tick)
        if result is not None:
            self.stats.add_tick(result)
        return result

    def run_demo_pulse(self) -> dict[str, int]:
        """Write the demo stream's events up to now (see :mod:`runtime.contacts.live_demo`)."""
        from runtime.contacts.live_demo import pulse

        try:
            with self.project.write() as session:
                counts = pulse(session, self.clock)
        except Exception as exc:  # the demo stream must never stop the engine
            log.exception("demo stream failed")
            self.stats.errors["demo"] = f"{type(exc).__name__}: {exc}"
            return {}
        self.stats.last["demo"] = counts
        return counts

    async def run_dispatch(self) -> Any:
        """One dispatcher pass (the ``dispatch`` job); nothing when no dispatcher is available."""
        dispatcher = self._make_dispatcher()
        if dispatcher is None:
            self.stats.runs["dispatch"] += 1
            return None
        task = asyncio.current_task()
        if task is not None:
            self._dispatching.add(task)
            task.add_done_callback(self._dispatching.discard)
        try:
            report = await dispatcher.run_once()
        except Exception as exc:
            log.exception("engine job dispatch failed", extra={"event": "error", "job": "dispatch"})
            self.stats.errors["dispatch"] = f"{type(exc).__name__}: {exc}"
            return None
        self.stats.runs["dispatch"] += 1
        self.stats.last["dispatch"] = report
        return report

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        """Add the jobs and start; call from inside the running asyncio loop."""
        asyncio.get_running_loop()  # fail early and clearly outside a loop
        add = self.scheduler.add_job
        every = self.intervals
        add(self.run_tick, IntervalTrigger(seconds=every["tick"].total_seconds()), id="tick", name="engine tick",
            executor="db", next_run_time=_soon())
        add(self.run_dispatch, IntervalTrigger(seconds=every["dispatch"].total_seconds()), id="dispatch",
            name="outbox dispatch", executor="default", next_run_time=_soon())
        self.scheduler.start()

    def job_ids(self) -> list[str]:
        """Ids of the scheduled jobs (always exactly :data:`JOB_IDS`)."""
        return sorted(job.id for job in self.scheduler.get_jobs())

    def shutdown(self, wait: bool = True) -> None:
        """Stop the jobs (waiting for a running one to finish when ``wait``)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)

    async def aclose(self, timeout: float = 60.0) -> None:
        """Shut down, let a running dispatcher pass finish (up to ``timeout`` s), close its HTTP client."""
        if self.scheduler.running:
            self.scheduler.pause()  # no new runs; APScheduler's shutdown would cancel a running pass
        if self._dispatching:
            # a pass cut off mid-way would leave rows 'sending' until their lease runs out
            await asyncio.wait(set(self._dispatching), timeout=timeout)
        self.shutdown(wait=True)
        closer = getattr(self._dispatcher, "aclose", None) if self._dispatcher else None
        if closer is not None:
            await closer()


def _soon() -> Any:
    """Now on the wall clock, for APScheduler's own timing: the first run starts at once instead
    of one interval after start. (Business time always comes from the engine's Clock.)"""
    from runtime.clock import SystemClock

    return SystemClock().now()


def stop_on_signals(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> list[int]:
    """Let SIGINT/SIGTERM set ``stop``; returns the signals handled (remove them afterwards with
    ``loop.remove_signal_handler``). Outside the main thread or on Windows: none."""
    installed: list[int] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, _stop_by_signal, sig, stop)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread / Windows
            pass
    return installed


def _stop_by_signal(sig: int, stop: asyncio.Event) -> None:
    name = signal.Signals(sig).name
    log.info("%s: stopping after the batch in flight", name, extra={"event": "signal", "signal": name})
    stop.set()


async def run_headless(
    project: Project,
    seconds: float | None,
    *,
    clock: Clock | None = None,
    sandbox: bool | None = None,
    stop: asyncio.Event | None = None,
    on_started: Callable[[EngineScheduler], None] | None = None,
    **options: Any,
) -> JobStats:
    """Run the engine's jobs on the real clock for ``seconds`` (None: until ``stop`` is set).

    Used by ``flowcanvas run PROJECT --for SECONDS``. SIGINT/SIGTERM also stop it cleanly: the
    running job finishes and its transaction commits before this returns.
    """
    stop = stop or asyncio.Event()
    async with stopped_by_signals(stop):
        engine = EngineScheduler(project, clock or SystemClock(), sandbox=sandbox, **options)
        engine.start()
        if on_started is not None:
            on_started(engine)
        try:
            await wait_stop(stop, seconds)
        finally:
            await engine.aclose()
    return engine.stats


@asynccontextmanager
async def stopped_by_signals(stop: asyncio.Event) -> AsyncIterator[None]:
    """SIGINT/SIGTERM set ``stop`` while inside (a clean stop: the running job commits first)."""
    loop = asyncio.get_running_loop()
    installed = stop_on_signals(loop, stop)
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


async def wait_stop(stop: asyncio.Event, seconds: float | None) -> None:
    """Until ``stop`` is set, or ``seconds`` passed (None: no time limit)."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


def run_for(project: Project, seconds: float | None, *, sandbox: bool | None = None, **options: Any) -> JobStats:
    """Blocking wrapper of :func:`run_headless` for the CLI (its own event loop)."""
    return asyncio.run(run_headless(project, seconds, sandbox=sandbox, **options))
