"""Helpers for the live-operations tests: a virtual-clock project with an active flow and pending
events, a qasync loop to run the designer's runner on, and waiting for conditions inside it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from runtime.clock import VirtualClock
from runtime.storage.db import open_project
from runtime.storage.project_clock import save_virtual_now
from tests.runtime.engine_helpers import add_contact, add_event, flow_doc, install_flow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

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


def bulk_entered(path: Path, contacts: int, start: datetime = T0) -> int:
    """A virtual-clock project whose active flow "Welcome" has ``contacts`` contacts just entered
    (as a segment or a manual add enters them: positions ready at the first step, nothing run yet).
    Bulk SQL, so tens of thousands take seconds. Returns the flow id."""
    from sqlalchemy import select, text

    from runtime.engine.executions import enter_contacts_bulk
    from runtime.storage.models import Contact, FlowRow

    flow_id = live_project(path, 0, start=start)
    project = open_project(path)
    stamp = start.strftime("%Y-%m-%d %H:%M:%S.000000")
    try:
        with project.write() as s:
            s.execute(text(
                "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count) "
                "INSERT INTO contacts (external_id, email, first_name, timezone, attributes, push_subscriptions, "
                "email_status, sms_status, telegram_status, whatsapp_status, push_status, created_at, updated_at) "
                "SELECT 'c' || i, 'c' || i || '@example.com', 'N' || i, 'UTC', '{}', '[]', 'subscribed', 'subscribed', "
                "'subscribed', 'subscribed', 'subscribed', :at, :at FROM n"), {"count": contacts, "at": stamp})
            ids = list(s.execute(select(Contact.id).order_by(Contact.id)).scalars())
            enter_contacts_bulk(s, s.get(FlowRow, flow_id), ids, VirtualClock(start))
    finally:
        project.close()
    return flow_id


class StallProbe:
    """Measures how long the GUI event loop goes without running a 5 ms QTimer (its stalls).

    A QTimer fires only when the loop is free, so the gap between two timeouts minus the interval
    is how long the loop was blocked (by the GUI thread's own work or by waiting for the GIL).
    """

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import QTimer

        self.interval = interval_ms / 1000
        self.gaps: list[float] = []
        self.worst_at = 0.0  # perf_counter time when the longest gap ended
        self._last: float | None = None
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            gap = max(0.0, now - self._last - self.interval)
            if gap > max(self.gaps, default=-1.0):
                self.worst_at = now
            self.gaps.append(gap)
        self._last = now

    @property
    def longest_ms(self) -> float:
        return round(max(self.gaps, default=0.0) * 1000, 1)


async def idle_stall_ms(seconds: float = 2.0) -> float:
    """The longest stall of an idle event loop over ``seconds``: what the machine's load alone
    costs (on a quiet machine a few ms; with many busy processes on two cores, tens of ms)."""
    probe = StallProbe()
    probe.start()
    await asyncio.sleep(seconds)
    probe.stop()
    return probe.longest_ms


def new_qasync_loop(app: Any) -> asyncio.AbstractEventLoop:
    """A qasync loop on the test's QApplication (close it with :func:`close_loop`)."""
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    return loop


def close_loop(loop: asyncio.AbstractEventLoop) -> None:
    loop.close()
    asyncio.set_event_loop(None)


def live_window(qtbot: Any, qapp: Any, tmp_path: Path) -> tuple[asyncio.AbstractEventLoop, Any]:
    """A qasync loop and a shown 1366x768 main window (settings in ``tmp_path``), as a user
    on a laptop has it; run the scenario with :func:`run_in_window`."""
    from shell_helpers import make_settings

    from designer.main_window import MainWindow

    loop = new_qasync_loop(qapp)
    window = MainWindow(make_settings(tmp_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return loop, window


def run_in_window(loop: asyncio.AbstractEventLoop, window: Any, scenario: Callable[[], Any]) -> None:
    """Run ``scenario()`` on ``loop``; whatever happens, close the window's project, wait for its
    runner to release the lease, and close the loop.

    A scenario that fails half-way must not leave a runner thread posting into a closed window:
    the next test's event processing would deliver into freed objects and crash the process.
    """
    from designer.runtime_status import drain_runners

    async def shut_down() -> None:
        window.close_project()
        await drain_runners()

    try:
        loop.run_until_complete(scenario())
    finally:
        try:
            loop.run_until_complete(shut_down())
        finally:
            close_loop(loop)


async def until(condition: Callable[[], Any], timeout: float = 30.0, what: str = "") -> None:
    """Let the loop (and Qt) run until ``condition()`` holds; fail after ``timeout`` seconds."""
    from designer.async_wait import wait_until

    if not await wait_until(condition, timeout, poll=0.02):
        raise AssertionError(f"timed out waiting for {what or condition}")
