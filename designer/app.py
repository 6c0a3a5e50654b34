"""Start the designer: ``python main.py`` or ``python main.py --project PATH``.

Creates the QApplication with the light theme, runs it on a qasync event loop (so asyncio code
such as an embedded scheduler can share the GUI thread), and reopens the last project unless
one is given. Recent projects and the window geometry live in QSettings.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

ORGANIZATION = "FlowCanvas"
APPLICATION = "FlowCanvas"
THEMES = Path(__file__).resolve().parents[1] / "resources" / "themes"


def load_theme(app: QApplication, name: str = "light") -> None:
    """Apply ``resources/themes/<name>.qss`` (silently keeps the default style if missing)."""
    app.setStyle("Fusion")
    path = THEMES / f"{name}.qss"
    if path.exists():
        # url({themes}/x.svg) in the QSS names files next to it, wherever the app is installed
        app.setStyleSheet(path.read_text(encoding="utf-8").replace("{themes}", THEMES.as_posix()))


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, as under pytest-qt), themed."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], *(argv or [])])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    font = QFont(app.font())
    if font.pointSizeF() < 9.5:
        font.setPointSizeF(9.5)
    app.setFont(font)
    load_theme(app)
    return app  # type: ignore[return-value]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="flowcanvas", description="FlowCanvas designer")
    parser.add_argument("--project", "-p", help="project file to open (created with 'flowcanvas init')")
    parser.add_argument("path", nargs="?", help="project file to open")
    parser.add_argument("--no-reopen", action="store_true", help="do not reopen the last project")
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help="close the window after this many seconds (smoke tests, demos)")
    return parser.parse_args(argv)


def create_window(args: argparse.Namespace, settings: QSettings | None = None):  # avoids a Qt import cycle
    """The main window, with the requested (or last) project opened."""
    from designer.main_window import MainWindow

    settings = settings or QSettings()
    from designer.app_settings import language, theme
    from designer.i18n import install_translator
    from designer.themes import apply_theme

    apply_theme(QApplication.instance(), theme(settings))  # type: ignore[arg-type]
    install_translator(QApplication.instance(), language(settings))  # type: ignore[arg-type]
    window = MainWindow(settings)
    from designer.tour import attach

    attach(window, settings)  # the first flow on screen starts a short tour, once
    project = args.project or args.path
    if project:
        window.open_project(project, create=not Path(project).exists() and "://" not in str(project))
    elif not args.no_reopen:
        last = settings.value("last_project")
        if last and Path(str(last)).exists():
            window.open_project(str(last))
    return window


def settle_heap() -> None:
    """Freeze what start-up allocated (Qt wrappers, modules, the window): it lives as long as the
    app, and full garbage collections then skip it. Collections hold the interpreter lock, so a
    collection that scans everything while the project's runner works freezes the window."""
    gc.collect()
    gc.freeze()


def collect_on_gui_thread() -> Any:
    """Run Python's cyclic garbage collection only on the GUI thread, about once a second.

    Automatic collection runs in whichever thread happens to allocate: the bridge's database
    worker or the project's runner. A dropped dialog or tab that sits in a reference cycle is then
    destroyed there, and Qt objects destroyed off their own thread crash the process. pyqtgraph's
    collector turns automatic collection off and collects from a QTimer instead. Keep the returned
    object alive for as long as the app runs.
    """
    from pyqtgraph.util.garbage_collector import GarbageCollector

    return GarbageCollector(interval=1.0)


def main(argv: list[str] | None = None) -> int:
    """Run the designer until the main window closes; returns the exit code."""
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    app = make_app()
    import qasync

    # the loop ends when the window has closed and the runner has stopped, not when Qt thinks so
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = create_window(args)
    window.show()
    settle_heap()
    collector = collect_on_gui_thread()  # noqa: F841 - kept alive until the app ends
    if args.quit_after is not None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    from designer.runtime_status import drain_runners

    async def until_closed() -> None:
        await closed.wait()
        await drain_runners()  # the project's runner commits its last batch and releases its lease

    with loop:
        loop.run_until_complete(until_closed())
    from designer.restart import restart_if_requested

    restart_if_requested()  # View > Language > "Restart now"
    return 0


if __name__ == "__main__":
    sys.exit(main())
