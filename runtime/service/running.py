"""Running the engine on a project: one tick, a virtual run to a time, or the real-time scheduler.

``flowcanvas run`` is a thin shell over :meth:`RunService.run_engine`. With the virtual clock the
project keeps its own now (settings key ``clock``); a project that has none starts from the wall
clock once and stores it. The engine itself lives in :mod:`runtime.engine`; virtual runs that
dispatch the outbox in virtual time in :mod:`runtime.rehearsal.virtual_run`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from runtime.clock import Clock, SystemClock, VirtualClock
from runtime.errors import InputError
from runtime.service.core import ServiceCore

#: a virtual clock jump longer than this needs confirming (the clock never moves back); five
#: years covers rehearsing yearly flows (birthdays, renewals) several times over
CLOCK_JUMP_HORIZON = timedelta(days=5 * 365 + 1)
#: the latest time a virtual clock may reach (dates near year 9999 overflow on any addition)
LATEST_CLOCK_YEAR = 9000


def check_clock_jump(start: datetime, until: datetime, option: str, confirmed: bool) -> None:
    """Refuse moving a project's virtual clock far ahead (for good) unless the user confirmed it."""
    if until.year > LATEST_CLOCK_YEAR:
        raise InputError(f"{option}: {until.date()} is beyond the year {LATEST_CLOCK_YEAR}; pick an earlier time")
    jump = until - start
    if jump > CLOCK_JUMP_HORIZON and not confirmed:
        years = jump.days / 365.25
        raise InputError(
            f"{option}: this moves the project's virtual clock {jump.days:,} days ({years:,.1f} years) ahead, "
            f"from {start.date()} to {until.date()}, and it never moves back; "
            f"run again with --yes to confirm, or choose a nearer time"
        )


class RunService(ServiceCore):
    """The engine's run modes, as ProjectService methods (see the module docstring)."""

    def run_engine(self, *, clock: str | None = None, sandbox: bool | None = None, until: datetime | None = None,
                   seconds: float | None = None, once: bool = False, until_text: str | None = None,
                   take_over: bool = False, live_demo: bool = False,
                   confirmed: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
        """Run the project's flows; returns the summary (``clock``, ``start``, ``now``, ``sandbox``
        and what the ticks did; ``outbox`` for a virtual run that dispatched) and the errors of
        scheduler jobs by job id. ``clock`` is ``real`` or ``virtual`` (default: virtual when the
        project has a virtual now); a virtual clock never moves backwards (InputError naming
        ``until_text``), and moves more than :data:`CLOCK_JUMP_HORIZON` ahead only when
        ``confirmed`` (it cannot be undone); a refused run changes nothing. ``live_demo`` (real
        clock): a demo project's synthetic customers keep producing events while it runs
        (:mod:`runtime.contacts.live_demo`). The run holds the project's runner lease:
        LeaseHeldError names the runner already at work (the designer, another ``run``) unless
        ``take_over``."""
        from runtime.engine.lease import CLI_RUN, acquire_lease
        from runtime.storage.project_clock import stored_virtual_now

        with self.project.session() as session:
            stored = stored_virtual_now(session)
        mode = clock or ("virtual" if stored is not None else "real")
        start = stored or SystemClock().now()
        if mode == "virtual":
            if until is None and seconds is not None:
                until = start + timedelta(seconds=seconds)
            # checked before the lease or anything else is written: a refused run changes nothing
            if until is not None:
                if until < start:
                    raise InputError(f"--until {until_text or until.isoformat()}: the project's virtual clock is "
                                     f"already at {start.isoformat()}; it never moves backwards")
                check_clock_jump(start, until, "--until" if until_text else "--for", confirmed)
        with acquire_lease(self.project, CLI_RUN, take_over=take_over) as lease:
            return self._run_engine(lease, mode=mode, stored=stored, start=start, sandbox=sandbox, until=until,
                                    seconds=seconds, once=once, live_demo=live_demo)

    def _run_engine(self, lease: Any, *, mode: str, stored: datetime | None, start: datetime,
                    sandbox: bool | None, until: datetime | None, seconds: float | None, once: bool,
                    live_demo: bool) -> tuple[dict[str, Any], dict[str, str]]:
        from runtime.engine.runner import Runtime
        from runtime.rehearsal.virtual_run import run_virtual
        from runtime.storage.project_clock import save_virtual_now

        project = self.project
        errors: dict[str, str] = {}
        if mode == "virtual":
            if stored is None:
                with project.write() as session:
                    save_virtual_now(session, start)
            vclock = VirtualClock(start)
            runtime = Runtime(project, vclock, sandbox=sandbox)
            runtime.checkpoint = lease.checkpoint  # a long --until keeps the lease fresh
            if until is not None:
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
        runtime.checkpoint = lease.checkpoint
        start = rclock.now()
        if once:
            result = runtime.tick()
            self._dispatch_once(rclock, runtime.sandbox)
        elif until is not None:
            result, errors = self._run_scheduled(runtime, max(0.0, (until - rclock.now()).total_seconds()), lease,
                                                 live_demo)
        else:
            result, errors = self._run_scheduled(runtime, seconds, lease, live_demo)
        # the same keys as a virtual run: what the ticks did, counted by the runtime itself
        summary = {"clock": "real", "start": start.isoformat(), "now": rclock.now().isoformat(),
                   "sandbox": runtime.sandbox, **result.to_json()}
        return summary, errors

    def _dispatch_once(self, clock: Clock, sandbox: bool) -> None:
        """One pass of the outbox dispatcher (real clock ``--once``)."""
        import asyncio  # imported here: the virtual-clock runs (most CLI runs) need no event loop

        from runtime.channels.dispatcher import Dispatcher

        async def once() -> None:
            dispatcher = Dispatcher(self.project, clock, sandbox=sandbox or None)
            try:
                await dispatcher.run_once()
            finally:
                await dispatcher.aclose()

        asyncio.run(once())

    def _run_scheduled(self, runtime: Any, seconds: float | None, lease: Any,
                       live_demo: bool = False) -> tuple[Any, dict[str, str]]:
        """Real clock, open-ended or for ``seconds``: the project's runner (ticks, goal sweeps,
        dispatch; the same one the designer runs) under the lease this run holds. Returns the
        :class:`~runtime.engine.runner.TickResult` of every tick run meanwhile (the runtime's own
        totals; the scheduler's job statistics only count job runs) and the errors of failed jobs."""
        import asyncio

        from runtime.engine.runner import TickResult
        from runtime.service.runner import run_leased

        before = runtime.totals.to_json()
        from runtime.service.service_log import RunLog

        runner = asyncio.run(run_leased(self.project, seconds, holder=lease.holder, runtime=runtime, lease=lease,
                                        live_demo=live_demo, on_status=RunLog()))
        stats = runner.engine.stats if runner.engine is not None else None
        errors = {str(job): str(error) for job, error in (getattr(stats, "errors", None) or {}).items()}
        after = runtime.totals.to_json()
        return TickResult(**{key: after[key] - before[key] for key in after}), errors
