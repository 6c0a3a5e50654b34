"""Save a PNG of the main window showing a 12-step flow (for docs and the screenshot test).

Usage::

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m designer.screenshot OUT.png [--project PATH]

Without ``--project`` a demo project is created in a temporary folder. The flow "Cart recovery
(12 steps)" is added (or reused), opened, laid out, and its condition step is selected so the
inspector shows the condition builder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from runtime.service import Flow, loads_flow

FLOW_NAME = "Cart recovery (12 steps)"
DEMO_FLOWS = Path(__file__).resolve().parent / "demo_flows"


def twelve_step_flow(name: str = FLOW_NAME) -> Flow:
    """A realistic flow with 12 steps: waits, an email, a condition, an A/B split, SMS, Telegram...
    (the flow file ``designer/demo_flows/cart_recovery.json``)."""
    flow = demo_flow("cart_recovery")
    flow.name = name
    return flow


def demo_flow(name: str) -> Flow:
    """The demo flow file ``designer/demo_flows/<name>.json`` (flows the screenshots show)."""
    path = DEMO_FLOWS / f"{name}.json"
    return loads_flow(path.read_text(encoding="utf-8"), str(path))


def populate_demo(project: Path, days: int = 6, shoppers: int = 140, seed: int = 11) -> int:
    """A demo project whose 12-step flow has run for ``days`` days; returns the flow id.

    The project's virtual clock starts ``days`` ago, the flow is activated then, shoppers add
    to their carts (some buy) along the way, and the engine runs up to the present through the
    CLI (``flowcanvas events import`` and ``run --clock virtual --until``) in a separate
    process, exactly as an operator would. Nothing leaves the machine (sandbox).
    """
    import json
    import random
    import subprocess
    from datetime import datetime, timedelta

    from runtime.service import ProjectService

    wall = datetime.now(UTC).replace(microsecond=0)  # the demo ends "now" for the chart
    start = wall - timedelta(days=days)
    with ProjectService.create(project, demo=True) as service:
        service.set_setting("clock", {"mode": "virtual", "now": start.isoformat()})
        flow_id = service.create_flow(twelve_step_flow())
        service.activate(flow_id)
        contacts = [c.external_id for c in service.sample_contacts(shoppers)]
    rng = random.Random(seed)
    lines = []
    for contact in contacts:
        at = start + timedelta(minutes=rng.randint(10, days * 24 * 60 - 30))
        lines.append({"contact": contact, "name": "cart_add", "props": {"cart_url": "https://shop.example/c"},
                      "at": at.isoformat()})
        if rng.random() < 0.35:
            bought = at + timedelta(hours=rng.choice([0.5, 3, 20, 40]))
            if bought < wall:
                lines.append({"contact": contact, "name": "purchase", "props": {}, "at": bought.isoformat()})
    events = project.with_suffix(".events.jsonl")
    events.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    main = Path(__file__).resolve().parents[1] / "main.py"
    for args in (["events", "import", str(project), str(events)],
                 ["run", str(project), "--clock", "virtual", "--until", wall.isoformat(), "--sandbox"]):
        result = subprocess.run([sys.executable, str(main), *args], capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            print(f"warning: flowcanvas {args[0]} failed: {result.stderr.strip()}", file=sys.stderr)
    return flow_id


def _spin(app: QApplication, seconds: float, until=None) -> None:
    """Process events for up to ``seconds`` (or until ``until()`` is true)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.01)


def take(out: Path, project: Path | None = None, size: tuple[int, int] = (1600, 1000)) -> Path:
    """Open the window on ``project`` (a temporary demo project by default) and save a PNG."""
    from designer.app import make_app
    from designer.main_window import MainWindow

    app = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="flowcanvas-shot-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    if project is None:
        project = tmp / "demo.fcproj"
        populate_demo(project)
    window = MainWindow(settings)
    window.resize(*size)
    window.show()
    window.open_project(project, create=not project.exists())
    bridge = window.bridge
    assert bridge is not None and bridge.service is not None
    existing = {f.name: f.id for f in bridge.service.list_flows()}
    flow_id = existing.get(FLOW_NAME) or bridge.call_sync(bridge.api.create_flow, twelve_step_flow())
    window.open_flow(flow_id)
    _spin(app, 10, lambda: window.current_editor() is not None)
    editor = window.current_editor()
    assert editor is not None, "the flow did not open"
    editor.view.tidy_layout()
    editor.document.set_clean()
    _spin(app, 2.0, lambda: bool(editor.stats))  # the first live counts arrive from the bridge
    editor.find_step("bought")
    if window.inspector is not None:
        window.inspector.show_step("bought")
    # what Ctrl+0 shows: a flow this long starts at the trigger, at a readable zoom
    editor.view.fit_to_view()
    _spin(app, 1.0)
    out.parent.mkdir(parents=True, exist_ok=True)
    pixmap = window.grab()
    if not pixmap.save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    window.close()
    _spin(app, 0.2)
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)  # the demo project and settings were ours
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="PNG file to write")
    parser.add_argument("--project", help="project file (default: a temporary demo project)")
    parser.add_argument("--size", default="1600x1000", help="window size WxH")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    path = take(Path(args.out), Path(args.project) if args.project else None, (width, height))
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
