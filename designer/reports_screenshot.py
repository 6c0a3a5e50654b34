"""Save PNGs of the Reports view on a demo project with two weeks of live activity.

Usage::

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m designer.reports_screenshot OUT.png \\
        [--size 1600x1000] [--page daily|steps|ab] [--project PATH]

Without ``--project`` a demo project is built in a temporary folder: the preset flows plus an A/B
test of the welcome email run for 14 days of sign-ups, carts, purchases, opens and clicks on a
virtual clock (:mod:`runtime.reports.demo_activity`), in sandbox mode. Building takes about a
minute; pass ``--project`` to reuse one (``--keep`` keeps the one built).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget

from designer.screenshot import _spin, demo_flow

PAGES = {"daily": 0, "steps": 1, "ab": 2}
LIVE_FLOWS = ("Welcome", "Abandoned cart", "Post-purchase", "Telegram funnel", "Reactivation")
AB_FLOW = "welcome_ab"  # designer/demo_flows/welcome_ab.json: an A/B test of the welcome email


def build_project(path: Path, days: int = 14) -> None:
    """A demo project whose flows ran through ``days`` days of activity ending now (virtual clock)."""
    from runtime.service import ProjectService, VirtualClock, preset_tags

    wall = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    clock = VirtualClock(wall - timedelta(days=days))
    with ProjectService.create(path, demo=True, clock=clock) as svc:
        for name in LIVE_FLOWS:
            svc.activate(name)
        flow_id = svc.create_flow(demo_flow(AB_FLOW))
        svc.activate(flow_id)
        tags = preset_tags()  # the demo's tags are named in the language it was made in
        svc.save_report_settings(milestones=[tags.get(t, t) for t in ("new_subscriber", "telegram_lead", "customer")],
                                 limits={"sms": 20})
        svc.simulate_activity(days=days, per_day=30)


def take(out: Path, project: Path, size: tuple[int, int], page: str = "daily") -> Path:
    """Open the window on ``project``, show the Reports tab on ``page`` and save a PNG."""
    from designer.app import make_app
    from designer.main_window import MainWindow

    app = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="flowcanvas-reports-shot-"))
    window = MainWindow(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(*size)
    window.show()
    window.open_project(project)
    view = window.reports_tools.show_reports()
    assert view is not None
    for dock in window.findChildren(QDockWidget):  # as after closing the docks from the View menu
        dock.hide()
    _spin(app, 20, lambda: bool(view.report.get("daily")))
    loaded = []
    view.loaded.connect(loaded.append)
    view.preset.setCurrentIndex(1)  # the last 14 days
    _spin(app, 20, lambda: bool(loaded))
    view.pages.setCurrentIndex(PAGES[page])
    if page == "daily":
        view.daily_chart.hover_at(len(view.daily_chart.labels) - 3)
    elif page == "steps":
        view.funnel_chart.hover_at(2)
    else:
        view.ab_chart.hover_at(1)
    _spin(app, 0.8)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    window.close()
    _spin(app, 0.2)
    shutil.rmtree(tmp, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="PNG file to write")
    parser.add_argument("--project", help="project file (default: a temporary demo project with live activity)")
    parser.add_argument("--keep", help="build the demo project here and keep it")
    parser.add_argument("--size", default="1600x1000", help="window size WxH")
    parser.add_argument("--page", choices=sorted(PAGES), default="daily")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    scratch = Path(tempfile.mkdtemp(prefix="flowcanvas-reports-demo-"))
    try:
        project = Path(args.project) if args.project else Path(args.keep) if args.keep else scratch / "demo.fcproj"
        if not project.exists():
            build_project(project)
        print(take(Path(args.out), project, (width, height), args.page))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
