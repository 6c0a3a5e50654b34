"""``GET /v1/health`` on the inbound API: the runtime's state (the engine beside the server, its
last tick, the runner lease's holder, the backlog), 503 when the engine has stopped or stalled."""

from __future__ import annotations

import asyncio
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from runtime.clock import UTC, SystemClock, VirtualClock
from runtime.engine.lease import DESIGNER, acquire_lease
from runtime.inbound.health import STALE_AFTER, engine_state, healthy
from runtime.inbound.server import InboundOptions
from runtime.inbound.serving import SERVE_HOLDER, serve_project
from runtime.service.runner import RunnerError, RunnerStatus
from runtime.storage.db import Project, open_project
from tests.runtime.engine_helpers import add_contact, add_event, install_flow

HOLD = {"format": "flowcanvas/1", "name": "Hold", "trigger": {"type": "event", "event": "signup"},
        "steps": [{"id": "hold", "type": "wait", "config": {"duration": "P1D"}}], "edges": []}


def _project(tmp_path: Path) -> Project:
    """Three sign-ups an hour ago (due) and one tomorrow (not yet)."""
    now = SystemClock().now()
    clock = VirtualClock(now - timedelta(hours=2))
    project = open_project(tmp_path / "p.fcproj", create=True)
    with project.write() as s:
        install_flow(s, HOLD, clock)
        for n in range(3):
            add_event(s, add_contact(s, f"c{n}", clock), "signup", clock, {}, now - timedelta(hours=1))
        add_event(s, add_contact(s, "later", clock), "signup", clock, {}, now + timedelta(days=1))
    return project


def _serve(project: Project, engine: bool, client_side: Any) -> dict[str, Any]:
    """Serve ``project`` on a free port; ``client_side(url, engines)`` runs against it, then it stops."""
    engines: list[Any] = []
    seen: dict[str, Any] = {}

    async def main() -> None:
        stop = asyncio.Event()
        started = asyncio.Event()
        tasks: list[asyncio.Task[None]] = []

        def on_engine(scheduler: Any) -> None:
            engines.append(scheduler)
            started.set()

        async def check(url: str) -> None:
            try:
                if engine:
                    await started.wait()  # the server answers first; the runner starts beside it
                seen.update(await client_side(url, engines))
            finally:
                stop.set()

        def ready(server: Any) -> None:
            tasks.append(asyncio.get_running_loop().create_task(check(server.url)))

        await asyncio.wait_for(serve_project(project, SystemClock(), InboundOptions(port=0), stop=stop, on_ready=ready,
                                             on_engine=on_engine, engine=engine, sandbox=True), timeout=60)
        await tasks[0]

    asyncio.run(main())
    return seen


def test_health_reports_the_engine_its_last_tick_the_lease_and_an_empty_backlog(tmp_path: Path) -> None:
    project = _project(tmp_path)

    async def client_side(url: str, engines: list[Any]) -> dict[str, Any]:
        # one tick of the running engine (as its scheduler does every second) takes the sign-ups in
        await asyncio.get_running_loop().run_in_executor(None, engines[0].run_tick)
        async with httpx.AsyncClient(base_url=url) as client:
            response = await client.get("/v1/health")
        return {"status": response.status_code, "body": response.json()}

    try:
        seen = _serve(project, True, client_side)
    finally:
        project.close()
    body = seen["body"]
    assert seen["status"] == 200 and body["ok"] is True
    engine = body["engine"]
    assert engine["state"] == "running" and engine["sandbox"] is True and engine["errors"] == 0
    assert engine["last_tick"] is not None and 0 <= engine["seconds_since_tick"] < STALE_AFTER.total_seconds()
    assert engine["totals"]["inbound"] == 3  # the three due sign-ups, not tomorrow's
    assert body["lease"]["holder"] == SERVE_HOLDER and body["lease"]["pid"] == os.getpid()
    # taken in and waiting a day: nothing is due now
    assert body["backlog"] == {"due_positions": 0, "events": 0, "outbox": 0}


def test_health_without_the_engine_counts_the_backlog_and_names_another_runner(tmp_path: Path) -> None:
    project = _project(tmp_path)

    async def client_side(url: str, engines: list[Any]) -> dict[str, Any]:
        async with httpx.AsyncClient(base_url=url) as client:
            alone = (await client.get("/v1/health")).json()
            lease = acquire_lease(project, DESIGNER)  # the designer runs the project meanwhile
            try:
                beside = (await client.get("/v1/health")).json()
            finally:
                lease.release()
        return {"alone": alone, "beside": beside}

    try:
        seen = _serve(project, False, client_side)
    finally:
        project.close()
    assert seen["alone"]["ok"] is True and seen["alone"]["engine"] is None and seen["alone"]["lease"] is None
    assert seen["alone"]["backlog"] == {"due_positions": 0, "events": 3, "outbox": 0}  # tomorrow's not yet due
    assert seen["beside"]["lease"]["holder"] == DESIGNER


def test_health_is_unwell_when_the_engine_lost_the_project_or_stopped_ticking() -> None:
    wall = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

    def state(status: RunnerStatus) -> dict[str, Any]:
        return engine_state(status, wall)

    fresh = (wall - timedelta(seconds=3)).isoformat()
    stale = (wall - STALE_AFTER - timedelta(seconds=1)).isoformat()
    assert healthy(state(RunnerStatus(state="running", last_tick=fresh)))
    assert healthy(state(RunnerStatus(state="running")))  # started, first tick not done yet
    assert not healthy(state(RunnerStatus(state="running", last_tick=stale)))
    assert healthy(state(RunnerStatus(state="paused", last_tick=stale)))  # paused on purpose
    assert not healthy(state(RunnerStatus(state="lost", last_tick=fresh, message="taken over")))
    assert not healthy(state(RunnerStatus(state="stopped", last_tick=fresh)))
    failing = state(RunnerStatus(state="running", last_tick=fresh,
                                 errors=(RunnerError(fresh, "tick", "OperationalError: disk I/O error", "..."),)))
    assert failing["errors"] == 1 and failing["last_error"]["job"] == "tick"
