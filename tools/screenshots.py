"""Make the README's pictures in docs/ from the real application on a demo project.

Usage (a display is needed; Xvfb does)::

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshots.py [--out docs]

A demo project is created in a temporary folder exactly as a new user gets it (three weeks of
history run through its flows), then the window is photographed: the canvas with live counts,
the stuck-contact inspector, the tag editor, the reports, the dark theme and the Russian
interface. Every picture is also
checked with :func:`designer.layout_audit.cut_texts`; a cut text is reported on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZE = (1600, 1000)


async def spin(seconds: float, until: Callable[[], bool] | None = None) -> None:
    """Let the window work (the bridge answers, the runner ticks) for up to ``seconds``."""
    from designer.async_wait import wait_until

    await asyncio.sleep(0.02)  # what was just asked for starts before ``until`` is first read
    await wait_until(until or (lambda: False), seconds, poll=0.02)


async def save(widget: QWidget, path: Path) -> Path:
    """Grab ``widget`` into ``path`` and report any text it cuts."""
    from designer.layout_audit import cut_texts

    await spin(0.5)
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    for cut in cut_texts(widget):
        print(f"warning: {path.name}: {cut}", file=sys.stderr)
    print(path)
    return path


def idle(window: QWidget) -> Callable[[], bool]:
    return lambda: window.bridge is not None and window.bridge.pending == 0  # type: ignore[attr-defined]


async def open_window(project: Path, settings_dir: Path, language: str = "en") -> QWidget:
    from designer.i18n import install_translator
    from designer.main_window import MainWindow

    settings = QSettings(str(settings_dir / f"settings-{language}.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/tour_done", True)  # the pictures show the work, not the tour
    install_translator(QApplication.instance(), language)  # type: ignore[arg-type]
    window = MainWindow(settings)
    window.resize(*SIZE)
    window.show()
    if not window.open_project(project):
        raise RuntimeError(f"could not open {project}")
    await spin(20, idle(window))
    controller = window.runtime.controller  # type: ignore[attr-defined]
    await spin(30, lambda: controller is not None and controller.state == "running")  # the project runs, as for a user
    return window


async def close(window: QWidget) -> None:
    """Close the window and wait until its runner has stopped and released the project."""
    from designer.runtime_status import drain_runners

    window.close()
    await drain_runners()
    await spin(1)


def russian_demo(scratch: Path) -> Path:
    """A demo project created while the interface speaks Russian (presets come in its language)."""
    from designer.i18n import install_translator
    from runtime.service import DEMO_HISTORY_DAYS, ProjectService

    install_translator(QApplication.instance(), "ru")  # type: ignore[arg-type]
    path = scratch / "demo-ru.fcproj"
    ProjectService.create(path, demo=True, history_days=DEMO_HISTORY_DAYS).close()
    install_translator(QApplication.instance(), "en")  # type: ignore[arg-type]
    return path


async def show_flow(window: QWidget, name: str, step: str) -> None:
    flow = next(f for f in window.bridge.service.list_flows() if f.name == name)  # type: ignore[attr-defined]
    window.open_flow(flow.id)  # type: ignore[attr-defined]
    await spin(20, lambda: window.current_editor() is not None)  # type: ignore[attr-defined]
    editor = window.current_editor()  # type: ignore[attr-defined]
    await spin(10, lambda: bool(editor.stats))  # the live counts arrive
    editor.view.fit_to_view()
    editor.find_step(step)
    window.inspector.show_step(step)  # type: ignore[attr-defined]
    await spin(20, idle(window))


async def shoot_all(out: Path, project: Path, russian: Path, scratch: Path) -> list[Path]:
    """Every picture of the README into ``out``."""
    from designer.stuck_inspector import StuckInspectorDialog
    from designer.themes import apply_theme

    app = QApplication.instance()
    made: list[Path] = []
    window = await open_window(project, scratch)
    await show_flow(window, "Abandoned cart", "email_cart")
    made.append(await save(window, out / "canvas_live_counts.png"))

    service = window.bridge.service  # type: ignore[attr-defined]
    flows = [f for f in service.list_flows() if f.status == "active"]
    stuck = max(flows, key=lambda f: service.stuck_report(f.id)["total"])
    dialog = StuckInspectorDialog(window.bridge, stuck.id, stuck.name, parent=window)  # type: ignore[attr-defined]
    dialog.resize(1200, 620)
    dialog.show()
    await spin(20, idle(window))
    made.append(await save(dialog, out / "stuck_inspector.png"))
    dialog.close()

    window.ops_tools.show_tags()  # type: ignore[attr-defined]
    await spin(20, idle(window))
    made.append(await save(window, out / "tag_editor.png"))
    view = window.reports_tools.show_reports()  # type: ignore[attr-defined]
    await spin(30, lambda: bool(view.report.get("daily")))
    view.preset.setCurrentIndex(1)
    await spin(20, idle(window))
    made.append(await save(window, out / "reports.png"))

    apply_theme(app, "dark")  # type: ignore[arg-type]
    window.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    await spin(20, idle(window))
    made.append(await save(window, out / "dark_theme.png"))
    apply_theme(app, "light")  # type: ignore[arg-type]
    await close(window)

    # a user with a Russian interface makes the demo in Russian: its flows and messages are Russian too
    window = await open_window(russian, scratch, "ru")
    await show_flow(window, "Брошенная корзина", "email_cart")
    made.append(await save(window, out / "russian_interface.png"))
    await close(window)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs"), help="folder for the PNGs (default: docs/)")
    parser.add_argument("--project", help="a demo project to reuse (default: a new one with history)")
    args = parser.parse_args(argv)
    import qasync

    from designer.app import make_app
    from runtime.service import DEMO_HISTORY_DAYS, ProjectService

    app = make_app()
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    scratch = Path(tempfile.mkdtemp(prefix="flowcanvas-shots-"))
    try:
        project = Path(args.project) if args.project else scratch / "demo.fcproj"
        if not project.exists():
            ProjectService.create(project, demo=True, history_days=DEMO_HISTORY_DAYS).close()
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        russian = russian_demo(scratch)  # before the loop runs: the history runs its own event loop
        with loop:
            loop.run_until_complete(shoot_all(out, project, russian, scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
