"""Helpers for the live-operations tests: a virtual-clock project with an active flow and pending
events, a qasync loop to run the designer's runner on, and waiting for conditions inside it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from runtime.clock import VirtualClock
from runtime.project_clock import save_virtual_now
from runtime.storage.db import open_project
from tests.runtime.engine_helpers import add_contact, add_event, flow_doc, install_flow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

LIVE_STEPS = [
    {"id": "hold", "type": "wait", "name": "Wait an hour", "config": {"duration": "PT1H"}, "position": [0, 0]},
    {"id": "tagged", "type": "add_tag", "name": "Tag as welcomed", "config": {"tag": "welcomed"},
     "position": [320, 0]},
]
LIVE_EDGES = [{"from": "hold", "to": "tagged"}]


def live_project(path: Path, contacts: int, *, steps: list[dict[str, Any]] | None = None,
                 edges: list[dict[str, Any]] | None = None, start: datetime = T0) -> int:
    """A project on a virtual clock at ``start`` whose active flow "Welcome" has ``contacts``
    signup events waiting to be processed (nothing has run yet). Returns the flow id."""
    project = open_project(path, create=True)
    clock = VirtualClock(start)
    try:
        with project.write() as s:
            save_virtual_now(s, start)
            row = install_flow(s, flow_doc("Welcome", {"type": "event", "event": "signup"},
                                           steps=steps or LIVE_STEPS, edges=edges if edges is not None else LIVE_EDGES),
                               clock)
            for i in range(contacts):
                add_event(s, add_contact(s, f"c{i}", clock, first_name=f"Contact {i}"), "signup", clock)
            return row.id
    finally:
        project.close()


def new_qasync_loop(app: Any) -> asyncio.AbstractEventLoop:
    """A qasync loop on the test's QApplication (close it with :func:`close_loop`)."""
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    return loop


def close_loop(loop: asyncio.AbstractEventLoop) -> None:
    loop.close()
    asyncio.set_event_loop(None)


async def until(condition: Callable[[], Any], timeout: float = 30.0, what: str = "") -> None:
    """Let the loop (and Qt) run until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.02)
