"""One runner per project: the lease, the embedded runner, and `flowcanvas run` refusing a second runner."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from runtime.cli.main import main
from runtime.clock import SystemClock, VirtualClock
from runtime.service.runner import PAUSED, RUNNING, STOPPED, EmbeddedRuntime, RunnerStatus
from runtime.engine.lease import (
    CLI_RUN,
    DESIGNER,
    LEASE_TTL,
    LeaseHeldError,
    LeaseLostError,
    acquire_lease,
    current_holder,
)
from runtime.storage.project_clock import save_virtual_now, stored_virtual_now
from runtime.storage.db import Project, open_project
from runtime.storage.models import StepLog
from tests.runtime.engine_helpers import add_contact, add_event, executions, flow_doc, install_flow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_second_runner_is_refused_with_the_holder_named(project: Project) -> None:
    wall = VirtualClock(T0)
    lease = acquire_lease(project, CLI_RUN, clock=wall)
    wall.advance(timedelta(seconds=5))
    with pytest.raises(LeaseHeldError) as caught:
        acquire_lease(project, DESIGNER, clock=wall)
    message = str(caught.value)
    assert "running in `flowcanvas run` on host" in message and "since 09:00 UTC" in message
    holder = current_holder(project, wall)
    assert holder is not None and holder.holder == CLI_RUN and holder.pid > 0
    lease.release()
    assert current_holder(project, wall) is None
    acquire_lease(project, DESIGNER, clock=wall).release()


def test_stale_lease_is_taken_over_and_the_old_holder_stops(project: Project) -> None:
    wall = VirtualClock(T0)
    crashed = acquire_lease(project, CLI_RUN, clock=wall)
    wall.advance(LEASE_TTL - timedelta(seconds=1))
    with pytest.raises(LeaseHeldError):
        acquire_lease(project, DESIGNER, clock=wall)
    wall.advance(timedelta(seconds=2))  # the holder stopped renewing: its lease expired
    assert current_holder(project, wall) is None
    fresh = acquire_lease(project, DESIGNER, clock=wall)
    assert current_holder(project, wall).holder == DESIGNER
    with pytest.raises(LeaseLostError, match="running in the designer"):
        crashed.renew(force=True)
    crashed.release()  # releasing a lost lease leaves the new holder's row alone
    assert current_holder(project, wall).holder == DESIGNER
    fresh.release()


def test_take_over_a_live_lease(project: Project) -> None:
    wall = VirtualClock(T0)
    first = acquire_lease(project, DESIGNER, clock=wall)
    second = acquire_lease(project, CLI_RUN, clock=wall, take_over=True)
    with pytest.raises(LeaseLostError):
        first.renew(force=True)
    second.release()


def test_postgres_workers_share_the_work_without_a_lease(pg_fresh_url: str) -> None:
    project = open_project(pg_fresh_url, create=True)
    try:
        one = acquire_lease(project, CLI_RUN)
        two = acquire_lease(project, CLI_RUN)
        assert one.shared and two.shared and current_holder(project) is None
        one.release()
        two.release()
    finally:
        project.close()


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_cli_run_is_refused_while_the_designer_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "shop.fcproj"
    assert _cli(capsys, "init", str(path))[0] == 0
    project = open_project(path)
    try:
        lease = acquire_lease(project, DESIGNER)
        rc, _out, err = _cli(capsys, "run", str(path), "--once")
        assert rc != 0 and "running in the designer on host" in err
        rc, out, _err = _cli(capsys, "run", str(path), "--once", "--take-over", "--json")
        assert rc == 0 and json.loads(out)["clock"] == "real"
        with pytest.raises(LeaseLostError):
            lease.renew(force=True)
        assert current_holder(project) is None  # the CLI released the lease when it finished
    finally:
        project.close()


def _populate(project: Project, contacts: int, start: datetime) -> int:
    clock = VirtualClock(start)
    with project.write() as s:
        save_virtual_now(s, start)
        row = install_flow(s, flow_doc("Welcome", {"type": "event", "event": "signup"}), clock)
        for i in range(contacts):
            add_event(s, add_contact(s, f"c{i}", clock), "signup", clock)
        return row.id


def test_embedded_runtime_runs_pauses_fast_forwards_and_stops(project: Project) -> None:
    """The designer's runner advances a virtual-clock project alone, under the lease, and stops cleanly."""
    flow_id = _populate(project, 40, T0)
    seen: list[RunnerStatus] = []
    loop = asyncio.new_event_loop()
    ticked = asyncio.Event()

    def on_status(status: RunnerStatus) -> None:
        seen.append(status)
        if status.last_tick:
            loop.call_soon_threadsafe(ticked.set)

    runner = EmbeddedRuntime(project, on_status=on_status, dispatcher=False)

    async def scenario() -> None:
        await runner.start()
        assert current_holder(project).holder == DESIGNER
        with pytest.raises(LeaseHeldError):
            await EmbeddedRuntime(project, holder=CLI_RUN).start()
        await asyncio.wait_for(ticked.wait(), timeout=30)
        runner.pause()
        assert runner.status.state == PAUSED
        await runner.fast_forward(T0 + timedelta(days=31))  # past the 30-day wait
        assert runner.status.state == PAUSED
        runner.resume()
        assert runner.status.state == RUNNING
        await runner.aclose()

    try:
        loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert runner.status.state == STOPPED and current_holder(project) is None
    assert any(s.virtual and s.state == RUNNING for s in seen)
    with project.session() as s:
        runs = executions(s, flow_id)
        assert len(runs) == 40 and all(e.status == "completed" for e in runs)
        assert s.execute(select(StepLog).where(StepLog.step_id == "hold", StepLog.outcome == "completed")).first()
        assert stored_virtual_now(s) >= T0 + timedelta(days=31)


def test_embedded_runtime_stops_when_taken_over(project: Project) -> None:
    _populate(project, 5, T0)
    loop = asyncio.new_event_loop()
    runner = EmbeddedRuntime(project, dispatcher=False, clock=SystemClock())
    lost = asyncio.Event()

    def on_status(status: RunnerStatus) -> None:
        if status.state == "lost":
            loop.call_soon_threadsafe(lost.set)

    runner.on_status = on_status

    async def scenario() -> None:
        await runner.start()
        acquire_lease(project, CLI_RUN, take_over=True)
        runner.lease.last_renewed = None  # renew at the next tick rather than in 10 s
        await asyncio.wait_for(lost.wait(), timeout=30)
        await runner.aclose()

    try:
        loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert "`flowcanvas run`" in runner.status.message
    assert current_holder(project).holder == CLI_RUN


def test_a_paused_runner_keeps_its_lease(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import runtime.engine.lease as lease_module

    monkeypatch.setattr(lease_module, "HEARTBEAT_EVERY", timedelta(milliseconds=20))
    _populate(project, 1, T0)
    wall = VirtualClock(T0)
    loop = asyncio.new_event_loop()
    runner = EmbeddedRuntime(project, dispatcher=False, wall=wall)

    async def scenario() -> None:
        await runner.start()
        runner.pause()
        wall.advance(LEASE_TTL * 3)  # paused far longer than a lease lives: it is renewed meanwhile
        for _ in range(500):
            holder = current_holder(project, wall)
            if holder is not None and holder.heartbeat_at >= T0 + LEASE_TTL * 3:
                break
            await asyncio.sleep(0.01)
        with pytest.raises(LeaseHeldError):
            acquire_lease(project, CLI_RUN, clock=wall)
        await runner.aclose()

    try:
        loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert current_holder(project, wall) is None
