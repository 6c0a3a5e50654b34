"""Smoke mode: ``flowcanvas --smoke`` proves an installed copy (the PyInstaller bundle) works.

It creates the demo project in a temporary folder (migrations, presets, sample data), opens it in
the real main window offscreen (themes, icons, the canvas of an active flow), lets the window's
embedded runtime take the project's runner lease and fast-forward one virtual day (the same path
as the status bar's "Fast-forward…": ticks, entries, sends into the sandbox outbox), closes the
window (the runner commits and releases its lease) and prints one JSON summary. The exit code is
0 only when the day ran, steps ran, the clock moved a day and no runner job failed.

``make bundle-test`` runs it inside the bundle; ``tests/designer/test_smoke_mode.py`` runs the
same code from source.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

#: the longest the smoke run waits for the runner to start, or for the virtual day to run (seconds)
STEP_TIMEOUT = 180.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="flowcanvas --smoke",
                                     description="Open the demo project offscreen, run a virtual day, print JSON.")
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help="work in this folder (default: a temporary folder, removed afterwards)")
    parser.add_argument("--days", type=float, default=1.0, help="virtual days to run (default 1)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the smoke check; print its JSON summary on stdout; 0 when everything worked."""
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a bundle check needs no display
    started = time.monotonic()
    if args.dir:
        summary = run_smoke(Path(args.dir), timedelta(days=args.days))
    else:
        with tempfile.TemporaryDirectory(prefix="flowcanvas-smoke-") as tmp:
            summary = run_smoke(Path(tmp), timedelta(days=args.days))
    summary["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return 0 if summary["ok"] else 1


def run_smoke(workdir: Path, span: timedelta) -> dict[str, Any]:
    """Create the demo project in ``workdir``, run ``span`` of virtual time in the designer, report."""
    from runtime.service import FlowStatus, ProjectService

    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "demo.fcproj"
    with ProjectService.create(path, demo=True) as service:
        # a project on its own virtual clock: the window's runner can then fast-forward it
        first = service.run_engine(clock="virtual", once=True)[0]
        start = datetime.fromisoformat(first["now"])
        _plan_the_day(service, start, span)
        active = [f.id for f in service.list_flows() if f.status == FlowStatus.ACTIVE]
    problems: list[str] = []
    window_report = _run_window(path, workdir, start + span, active[:1], problems)
    with ProjectService.open(str(path)) as service:
        flows = [f for f in service.list_flows() if f.status == FlowStatus.ACTIVE]
        stats = {f.name: service.flow_stats(f.id).flow for f in flows}
        messages = len(service.outbox(None))
        now = service.run_engine(clock="virtual", once=True)[0]["now"]
        # the Alembic revision the new project was migrated to (the bundle found its migrations)
        schema = service.get_setting("schema_version", None)
    steps = int(window_report.get("totals", {}).get("steps", 0))
    if datetime.fromisoformat(now) < start + span:
        problems.append(f"the project's clock stands at {now}, short of {(start + span).isoformat()}")
    if not schema:
        problems.append("the project has no schema revision: the migrations did not run")
    if steps <= 0:
        problems.append("the virtual day ran no step")
    return {
        "ok": not problems,
        "problems": problems,
        "project": str(path),
        "schema": schema,
        "from": start.isoformat(),
        "to": now,
        "steps": steps,
        "messages": messages,
        "flows": {name: {k: getattr(s, k) for k in ("entered", "active", "completed", "exited_goal")}
                  for name, s in stats.items()},
        "window": window_report.get("window", {}),
        "bundled": bool(getattr(sys, "frozen", False)),  # PyInstaller sets sys.frozen in the bundle
    }


#: customers who sign up during the smoke day (one an hour); every other one also fills a cart
SMOKE_CUSTOMERS = 24


def _plan_the_day(service: Any, start: datetime, span: timedelta) -> None:
    """Sign-ups and cart adds spread over the day ahead (recorded now, acted on when the clock
    reaches them), so the demo's Welcome and Abandoned cart flows have contacts to move."""
    step = span / SMOKE_CUSTOMERS
    for n in range(SMOKE_CUSTOMERS):
        at = start + step * n + timedelta(minutes=1)
        contact = f"smoke-{n + 1}"
        service.record_event(contact, "signup", {"email": f"{contact}@example.com", "first_name": f"Guest {n + 1}"},
                             at=at, create_contact=True)
        if n % 2 == 0:
            service.record_event(contact, "cart_add", {"cart_url": f"https://shop.example/cart/{n + 1}"},
                                 at=at + timedelta(minutes=10))


def _run_window(path: Path, workdir: Path, until: datetime, open_flows: list[int],
                problems: list[str]) -> dict[str, Any]:
    """The main window on ``path`` offscreen with ``open_flows`` on the canvas; its runner
    fast-forwards to ``until``; closed again."""
    import qasync
    from PySide6.QtCore import QSettings

    from designer.app import create_window, make_app
    from designer.async_wait import wait_until
    from designer.runtime_status import drain_runners

    app = make_app()
    app.setQuitOnLastWindowClosed(False)
    settings = QSettings(str(workdir / "settings.ini"), QSettings.Format.IniFormat)  # the user's stay untouched
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = create_window(argparse.Namespace(project=str(path), path=None, no_reopen=True), settings)
    window.show()
    report: dict[str, Any] = {}

    async def go() -> None:
        controller = window.runtime.controller
        if controller is None:
            problems.append("the window did not start the project's runner")
            return
        failed: list[BaseException] = []
        controller.start_failed.connect(failed.append)
        await wait_until(lambda: controller.status.state == "running" or bool(failed), STEP_TIMEOUT)
        if controller.status.state != "running":
            why = f": {failed[0]}" if failed else f" (state {controller.state})"
            problems.append(f"the runner did not start{why}")
            window.close()
            await drain_runners()
            return
        for flow_id in open_flows:
            window.open_flow(flow_id)  # the canvas, its step icons and live counts
        if not await wait_until(lambda: window.tabs.count() > len(open_flows), STEP_TIMEOUT):
            problems.append("the flow's canvas did not open")
        task = controller.fast_forward(until)
        if task is None:
            problems.append("fast-forward did not start")
            return
        try:
            await asyncio.wait_for(task, STEP_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - reported in the summary
            problems.append(f"fast-forward failed: {type(exc).__name__}: {exc}")
        status = controller.status
        report["totals"] = dict(status.totals)
        report["window"] = {"tabs": window.tabs.count(), "title": window.windowTitle(), "runner": status.state}
        problems.extend(f"runner job {e.job} failed: {e.message}" for e in status.errors)
        window.close()
        await drain_runners()

    with loop:
        loop.run_until_complete(go())
    return report


if __name__ == "__main__":
    sys.exit(main())
