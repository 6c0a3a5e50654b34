"""Open every main view of the designer at a window size and list the texts a user cannot read.

Used by ``test_layouts.py`` in-process (logical sizes) and in a subprocess with
``QT_SCALE_FACTOR=1.5`` (``python -m tests.designer.layout_views PROJECT WxH`` prints JSON).
The views: the main window with a flow on the canvas and a step in the inspector, the flow's
settings in the inspector, the board, contacts, the stuck-contact inspector, the tag editor and
reports.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from designer.layout_audit import cut_texts, too_wide
from designer.main_window import MainWindow
from designer.stuck_inspector import StuckInspectorDialog
from designer.themes import apply_theme

VIEWS = ("canvas", "flow settings", "board", "contacts", "stuck inspector", "tags", "reports")
#: The demo's abandoned-cart flow by its name in each interface language (presets are created in it).
CART_FLOW = ("Abandoned cart", "Брошенная корзина")
LAPTOP_WIDTH = 1366  # a laptop screen at 100 %: the main tool bar shows every action


def settle(window: MainWindow, until: Callable[[], bool] | None = None, timeout: float = 60.0) -> None:
    """Process events until the bridge has answered every call (and ``until()`` holds)."""
    app = QApplication.instance()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        bridge = window.bridge
        if (bridge is None or bridge.pending == 0) and (until is None or until()):
            break
        QTest.qWait(5)  # events in, answers from the bridge's worker thread out
    for _ in range(3):  # relayouts posted by the last answers
        app.processEvents()


def _problems(widget: QWidget, size: tuple[int, int], view: str = "") -> list[str]:
    widget.resize(*size)  # as a user would, after the view grew the window
    for _ in range(3):
        QApplication.processEvents()
    shots = os.environ.get("LAYOUT_SHOTS")  # a folder: save what was audited, to look at
    if shots and view:
        widget.grab().save(str(Path(shots) / f"{view.replace(' ', '_')}_{size[0]}x{size[1]}.png"))
    found = [str(c) for c in cut_texts(widget)]
    if isinstance(widget, MainWindow) and size[0] >= LAPTOP_WIDTH:
        found += _main_toolbar_folds(widget)
    wide = too_wide(widget, *size)
    if not wide and (widget.width() > size[0] or widget.height() > size[1]):
        wide = f"{type(widget).__name__} is {widget.width()}x{widget.height()}, the screen has {size[0]}x{size[1]}"
    return found + ([wide] if wide else [])


def _main_toolbar_folds(window: MainWindow) -> list[str]:
    """The audit lets a window's tool bar fold actions its menus also have; on a laptop at 100 %
    the main tool bar must show them all (the notifications count, the reports)."""
    bar = window.main_toolbar
    return [f"the main tool bar folds {a.text()!r} away" for a in bar.actions()
            if not a.isSeparator() and a.isVisible() and not bar.widgetForAction(a).isVisible()]


@contextmanager
def opened(project: Path, settings_dir: Path, size: tuple[int, int]) -> Iterator[MainWindow]:
    """A main window of ``size`` on ``project`` (its own settings file), closed afterwards.

    The application gets its theme first, as :func:`designer.app.create_window` does: the style
    sheet's paddings make buttons wider, and without it the audit measured a narrower window than
    a user sees (it passed alone and failed after a test that had applied the theme)."""
    apply_theme(QApplication.instance(), "light")  # type: ignore[arg-type]
    window = MainWindow(QSettings(str(settings_dir / "layout.ini"), QSettings.Format.IniFormat))
    window.resize(*size)
    window.show()
    try:
        assert window.open_project(project)
        settle(window)
        window.resize(*size)
        yield window
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()


def audit(project: Path, settings_dir: Path, size: tuple[int, int]) -> dict[str, list[str]]:
    """{view: problems} for every view of :data:`VIEWS` in a window of ``size``."""
    result: dict[str, list[str]] = {}
    with opened(project, settings_dir, size) as window:
        assert window.bridge is not None and window.bridge.service is not None
        settle(window)
        result["board"] = _problems(window, size, "board")
        flow = next(f for f in window.bridge.service.list_flows() if f.name in CART_FLOW)
        window.open_flow(flow.id)
        settle(window, lambda: window.current_editor() is not None)
        editor = window.current_editor()
        assert editor is not None and window.inspector is not None
        window.inspector.show_flow_settings()
        settle(window)
        result["flow settings"] = _problems(window, size, "flow settings")
        editor.find_step("email_cart")
        window.inspector.show_step("email_cart")
        settle(window)
        result["canvas"] = _problems(window, size, "canvas")

        dialog = StuckInspectorDialog(window.bridge, flow.id, flow.name, parent=window)
        dialog.show()
        settle(window)
        dialog.resize(min(dialog.width(), size[0]), min(dialog.height(), size[1]))
        settle(window)
        result["stuck inspector"] = _problems(dialog, size, "stuck inspector")
        dialog.close()

        for name, show in (("contacts", window.operator_tools.show_contacts), ("tags", window.ops_tools.show_tags),
                           ("reports", window.reports_tools.show_reports)):
            show()
            settle(window)
            result[name] = _problems(window, size, name)
    return result


def main(argv: list[str]) -> int:
    """``PROJECT WxH [SETTINGS_DIR [LANGUAGE]]``: print the audit as JSON."""
    from designer.app import make_app
    from designer.i18n import install_translator

    app = make_app()
    width, height = (int(v) for v in argv[1].lower().split("x"))
    settings_dir = Path(argv[2]) if len(argv) > 2 else Path(argv[0]).parent
    if len(argv) > 3 and not install_translator(app, argv[3]):
        raise SystemExit(f"no compiled catalogue for the interface language {argv[3]!r}")
    print(json.dumps(audit(Path(argv[0]), settings_dir, (width, height))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
