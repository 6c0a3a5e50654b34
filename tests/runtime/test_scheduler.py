"""The APScheduler wiring: exactly four periodic jobs, never one per contact, and they run."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from runtime.clock import SystemClock
from runtime.engine.scheduler import JOB_IDS, EngineScheduler, run_headless
from runtime.engine.runner import Runtime
from runtime.storage.db import Project
from runtime.storage.models import Contact, StepLog
from tests.runtime.engine_helpers import add_contact, add_event, executions, flow_doc, install_flow


class ProbeRuntime(Runtime):
    """The engine's Runtime, reporting each finished tick to the test's event loop."""

    def __init__(self, project: Project, loop: asyncio.AbstractEventLoop, ticked: asyncio.Event) -> None:
        super().__init__(project, SystemClock(), sandbox=True)
        self.loop, self.ticked = loop, ticked
        self.ticks = 0
        self.threads: set[str] = set()

    def tick(self) -> Any:
        self.threads.add(threading.current_thread().name)
        result = super().tick()
        self.ticks += 1
        self.loop.call_soon_threadsafe(self.ticked.set)
        return result


class ProbeDispatcher:
    def __init__(self, dispatched: asyncio.Event) -> None:
        self.dispatched, self.passes = dispatched, 0

    async def run_once(self) -> dict[str, int]:
        self.passes += 1
        self.dispatched.set()
        return {"sent": 0}


def _populate(project: Project, contacts: int) -> int:
    clock = SystemClock()
    with project.write() as s:
        row = install_flow(s, flow_doc("Welcome", {"type": "event", "event": "signup"}), clock)
        for i in range(contacts):
            add_event(s, add_contact(s, f"c{i}", clock), "signup", clock)
        return row.id


def test_exactly_the_engine_jobs_are_scheduled_and_a_tick_runs(project: Project) -> None:
    flow_id = _populate(project, 50)  # 50 contacts waiting to enter: still only four jobs
    loop = asyncio.new_event_loop()
    try:
        ticked, dispatched = asyncio.Event(), asyncio.Event()
        probe = ProbeRuntime(project, loop, ticked)
        dispatcher = ProbeDispatcher(dispatched)
        engine = EngineScheduler(project, SystemClock(), runtime=probe, dispatcher=dispatcher)

        async def scenario() -> list[str]:
            engine.start()
            await asyncio.wait_for(asyncio.gather(ticked.wait(), dispatched.wait()), timeout=30)
            ids = engine.job_ids()
            await engine.aclose()
            return ids

        ids = loop.run_until_complete(scenario())
    finally:
        loop.close()
    # goal sweeps and flow windows belong to the tick: no job of their own
    assert ids == sorted(JOB_IDS) == ["dispatch", "tick"]
    assert probe.ticks >= 1 and dispatcher.passes >= 1
    assert engine.stats.runs["tick"] >= 1 and not engine.stats.errors
    assert all(name != "MainThread" for name in probe.threads)  # database work stays off the loop
    with project.session() as s:
        assert len(executions(s, flow_id)) == 50
        # the tick also ran the new tokens: everyone now waits at the flow's first step
        waiting = s.execute(select(StepLog.contact_id).where(StepLog.step_id == "hold", StepLog.outcome == "waiting"))
        assert len(set(waiting.scalars())) == 50


def test_job_intervals(project: Project) -> None:
    loop = asyncio.new_event_loop()
    try:
        engine = EngineScheduler(project, SystemClock(), runtime=object(), dispatcher=False)

        async def scenario() -> dict[str, Any]:
            engine.start()
            jobs = {job.id: job.trigger.interval for job in engine.scheduler.get_jobs()}
            engine.scheduler.pause()  # nothing needs to run for this check
            await engine.aclose()
            return jobs

        jobs = loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert jobs == {"tick": timedelta(seconds=1), "dispatch": timedelta(seconds=1)}


def test_a_failing_job_is_recorded_and_the_others_keep_running(project: Project) -> None:
    loop = asyncio.new_event_loop()
    failed = asyncio.Event()

    class Broken:
        def tick(self) -> None:
            loop.call_soon_threadsafe(failed.set)
            raise RuntimeError("boom")

    try:
        dispatched = asyncio.Event()
        engine = EngineScheduler(project, SystemClock(), runtime=Broken(), dispatcher=ProbeDispatcher(dispatched))

        async def scenario() -> None:
            engine.start()
            await asyncio.wait_for(asyncio.gather(failed.wait(), dispatched.wait()), timeout=30)
            await engine.aclose()  # waits for the failing job to finish and be recorded

        loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert engine.stats.errors["tick"] == "RuntimeError: boom"
    assert engine.stats.runs["dispatch"] >= 1


def test_run_headless_stops_on_request(project: Project) -> None:
    _populate(project, 3)
    loop = asyncio.new_event_loop()
    try:
        ticked = asyncio.Event()
        stop = asyncio.Event()
        probe = ProbeRuntime(project, loop, ticked)

        async def scenario() -> Any:
            async def stopper() -> None:
                await ticked.wait()
                stop.set()

            task = loop.create_task(stopper())
            stats = await asyncio.wait_for(
                run_headless(project, None, stop=stop, runtime=probe, dispatcher=False), timeout=60
            )
            await task
            return stats

        stats = loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert stats.runs["tick"] >= 1
    with project.session() as s:
        assert s.query(Contact).count() == 3


def test_closing_lets_a_running_dispatch_pass_finish(project: Project) -> None:
    loop = asyncio.new_event_loop()

    class SlowDispatcher:
        def __init__(self) -> None:
            self.entered, self.gate = asyncio.Event(), asyncio.Event()
            self.finished = 0

        async def run_once(self) -> dict[str, int]:
            self.entered.set()
            await self.gate.wait()  # a pass still sending when the engine is told to stop
            self.finished += 1
            return {"sent": 1}

    try:
        slow = SlowDispatcher()
        engine = EngineScheduler(project, SystemClock(), runtime=object(), dispatcher=slow,
                                 tick_every=timedelta(hours=1))

        async def scenario() -> None:
            engine.start()
            await asyncio.wait_for(slow.entered.wait(), timeout=30)
            closing = loop.create_task(engine.aclose())
            await asyncio.sleep(0)  # let aclose start waiting (a scheduling point, not a delay)
            assert not closing.done()
            slow.gate.set()
            await asyncio.wait_for(closing, timeout=30)

        loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert slow.finished == 1 and engine.stats.runs["dispatch"] == 1 and not engine.stats.errors.get("dispatch")


def test_a_pass_longer_than_its_interval_is_counted_not_warned(project: Project, caplog) -> None:
    """APScheduler skips the runs that fall due while the last pass still goes: the engine counts
    them (``run --json`` reports ``skipped``) instead of filling the log with warnings."""
    import logging

    loop = asyncio.new_event_loop()

    class LongDispatcher:
        def __init__(self) -> None:
            self.gate = asyncio.Event()

        async def run_once(self) -> dict[str, int]:
            await self.gate.wait()  # a pass that outlasts several intervals
            return {"sent": 1}

    try:
        long_pass = LongDispatcher()
        engine = EngineScheduler(project, SystemClock(), runtime=object(), dispatcher=long_pass,
                                 tick_every=timedelta(hours=1), dispatch_every=timedelta(milliseconds=20))

        async def scenario() -> None:
            from designer.async_wait import wait_until  # plain asyncio (no Qt)

            engine.start()
            assert await wait_until(lambda: engine.stats.skipped["dispatch"] >= 2, 30, poll=0.01)
            long_pass.gate.set()
            await engine.aclose()

        with caplog.at_level(logging.DEBUG, logger="apscheduler"):
            loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert engine.stats.skipped["dispatch"] >= 2 and engine.stats.to_json()["skipped"]["dispatch"] >= 2
    assert not [r for r in caplog.records if "maximum number of running instances" in r.getMessage()]
