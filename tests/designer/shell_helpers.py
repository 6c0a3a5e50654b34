"""Helpers for the application-shell tests: a main window on a real project file, waiting for the
bridge, and the mouse gestures a user makes on the canvas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from designer.canvas.palette import step_type_mime
from designer.canvas.view import FlowView
from designer.editor import FlowEditorWidget
from designer.main_window import MainWindow
from runtime.service import Flow, ProjectService

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


def make_settings(tmp_path: Path) -> QSettings:
    """QSettings in a file of the test's own folder (never the user's)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_project(path: Path, flows: list[Flow] = ()) -> list[int]:  # type: ignore[assignment]
    """Create a project file holding ``flows``; returns their ids."""
    with ProjectService.create(path) as service:
        return [service.create_flow(f) for f in flows]


def open_window(qtbot: Any, tmp_path: Path, project: Path, create: bool = False) -> MainWindow:
    """A shown main window with ``project`` open and its flow list loaded."""
    window = MainWindow(make_settings(tmp_path))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    assert window.open_project(project, create=create)
    wait_idle(qtbot, window)
    return window


def wait_idle(qtbot: Any, window: MainWindow, timeout: int = 10000) -> None:
    """Wait until every background call of the window's bridge has reported back."""
    bridge = window.bridge
    assert bridge is not None
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=timeout)


def wait_for(qtbot: Any, condition: Callable[[], Any], timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)


def open_editor(qtbot: Any, window: MainWindow, flow_id: int) -> FlowEditorWidget:
    """Open a flow tab and wait until it shows."""
    window.open_flow(flow_id)
    wait_for(qtbot, lambda: flow_id in window.editors)
    wait_idle(qtbot, window)
    editor = window.editors[flow_id]
    assert window.current_editor() is editor
    return editor


def service(window: MainWindow) -> ProjectService:
    assert window.bridge is not None and window.bridge.service is not None
    return window.bridge.service


def vp(view: FlowView, scene_point: QPointF) -> QPoint:
    """Viewport coordinates of a scene point."""
    return view.mapFromScene(scene_point)


def drag(view: FlowView, start: QPoint, end: QPoint, button: Qt.MouseButton = LEFT,
         modifiers: Qt.KeyboardModifier = NO_MOD, steps: int = 6) -> None:
    """Press, move and release a mouse button (the left one unless told) on the canvas."""
    viewport = view.viewport()
    QTest.mousePress(viewport, button, modifiers, start)
    for n in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * n / steps)
    QTest.mouseRelease(viewport, button, modifiers, end)


def drop_step(view: FlowView, type_name: str, pos: QPoint) -> None:
    """What dragging an entry of the palette onto the canvas delivers: DragEnter, then Drop."""
    mime = step_type_mime(type_name)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, LEFT, NO_MOD)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, LEFT, NO_MOD, QEvent.Type.Drop)
    QApplication.sendEvent(view.viewport(), drop)


def connect(view: FlowView, source: str, port: str, target: str) -> None:
    """Drag from ``source``'s output ``port`` onto the ``target`` card."""
    scene = view.flow_scene
    scene.flush()
    port_item = scene.step_items[source].output_port(port)
    assert port_item is not None, f"{source} has no port {port!r}"
    start = vp(view, port_item.scenePos())
    end = vp(view, scene.step_items[target].sceneBoundingRect().center())
    drag(view, start, end)


def click_step(view: FlowView, step_id: str) -> None:
    """A left click in the middle of a card (selects it)."""
    view.flow_scene.flush()
    centre = vp(view, view.flow_scene.step_items[step_id].sceneBoundingRect().center())
    QTest.mouseClick(view.viewport(), LEFT, NO_MOD, centre)


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Modal message boxes would block an offscreen test forever: answer them here.

    Confirmations say yes, unsaved edits are discarded, errors are collected (returned) so a
    test can assert on them. Import this fixture into a test module to switch it on.
    """
    from designer import dialogs

    errors: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *a, **k: "discard")
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, error: errors.append(f"{title}: {error}"))
    return errors
