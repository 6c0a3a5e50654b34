"""Running the engine on a project: one tick, a virtual run to a time, or the real-time scheduler.

``flowcanvas run`` is a thin shell over :meth:`RunService.run_engine`. With the virtual clock the
project keeps its own now (settings key ``clock``); a project that has none starts from the wall
clock once and stores it. The engine itself lives in :mod:`runtime.engine`; virtual runs that
dispatch the outbox in virtual time in :mod:`runtime.rehearsal.virtual_run`.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from runtime.clock import Clock, SystemClock, VirtualClock
from runtime.errors import InputError
from runtime.service.core import ServiceCore


class RunService(ServiceCore):
    """The engine's run modes, as ProjectService methods (see the module docstring)."""

    def run_engine(self, *, clock: str | None = None, sandbox: bool | None = None, until: datetime | None = None,
                   seconds: float | None = None, once: bool = False, until_text: str | None = None,
                   live_demo: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
        """Run the project's flows; returns the summary (``clock``, ``start``, ``now``, ``sandbox``
        and what the ticks did; ``outbox`` for a virtual run that dispatched) and the errors of
        scheduler jobs by job id. ``clock`` is ``real`` or ``virtual`` (default: virtual when the
        project has a virtual now); a virtual clock never moves backwards (InputError naming
        ``until_text``). ``live_demo`` (real clock): a demo project's synthetic customers keep
        producing events while it runs (:mod:`runtime.contacts.live_demo`)."""
        from runtime.engine.runner import Runtime
        from runtime.rehearsal.virtual_run import run_virtual
        from runtime.storage.project_clock import save_virtual_now, stored_virtual_now

        project = self.project
        with project.session() as session:
            stored = stored_virtual_now(session)
        mode = clock or ("virtual" if stored is not None else "real")
        errors: dict[str, str] = {}
        if mode == "virtual":
            start = stored or SystemClock().now()
            if stored is None:
                with project.write() as session:
                    save_virtual_now(session, start)
            vclock = VirtualClock(start)
            runtime = Runtime(project, vclock, sandbox=sandbox)
            if until is None and seconds is not None:
                until = start + timedelta(seconds=seconds)
            if until is not None:
                if until < start:
                    raise InputError(f"--until {until_text or until.isoformat()}: the project's virtual clock is "
                                     f"already at {start.isoformat()}; it never moves backwards")
                result, dispatched = run_virtual(runtime, until)
            else:
                result, dispatched = runtime.tick(), {}
                runtime.save_now()
            summary = {"clock": "virtual", "start": start.isoformat(), "now": vclock.now().isoformat(),
                       "sandbox": runtime.sandbox, **result.to_json()}
            if dispatched:
                summary["outbox"] = dispatched  # what the dispatcher did on the way, by outcome
            return summary, errors
        rclock = SystemClock()
        runtime = Runtime(project, rclock, sandbox=sandbox)
        start = rclock.now()
        if once:
            result = runtime.tick()
            self._dispatch_once(rclock, runtime.sandbox)
        elif until is not None:
            result, errors = self._run_scheduled(runtime, max(0.0, (until - rclock.now()).total_seconds()),
                                                 live_demo)
        else:
            result, errors = self._run_scheduled(runtime, seconds, live_demo)
        # the same keys as a virtual run: what the ticks did, counted by the runtime itself
        summary = {"clock": "real", "start": start.isoformat(), "now": rclock.now().isoformat(),
                   "sandbox": runtime.sandbox, **result.to_json()}
        return summary, errors

    def _dispatch_once(self, clock: Clock, sandbox: bool) -> None:
        """One pass of the outbox dispatcher (real clock ``--once``)."""
        from runtime.channels.dispatcher import Dispatcher

        async def once() -> None:
            dispatcher = Dispatcher(self.project, clock, sandbox=sandbox or None)
            try:
                await dispatcher.run_once()
            finally:
                await dispatcher.aclose()

        asyncio.run(once())

    def _run_scheduled(self, runtime: Any, seconds: float | None,
                       live_demo: bool = False) -> tuple[Any, dict[str, str]]:
        """Real clock, open-ended or for ``seconds``: the engine's scheduler (ticks, goal sweeps,
        dispatch). Returns the :class:`~runtime.engine.runner.TickResult` of every tick run
        meanwhile (the runtime's own totals; the scheduler's job statistics only count job runs)
        and the errors of failed jobs."""
        from runtime.engine.runner import TickResult
        from runtime.engine.scheduler import run_for

        before = runtime.totals.to_json()
        stats = run_for(self.project, seconds, sandbox=runtime.sandbox, runtime=runtime, live_demo=live_demo)
        errors = {str(job): str(error) for job, error in (getattr(stats, "errors", None) or {}).items()}
        after = runtime.totals.to_json()
        return TickResult(**{key: after[key] - before[key] for key in after}), errors
