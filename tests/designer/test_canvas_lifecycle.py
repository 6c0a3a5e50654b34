"""The canvas around its own lifetime: closing a tab (scene dies before its view) and quitting
with copied steps still on the clipboard."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget
from shell_helpers import make_project, open_editor, open_window

from designer.canvas.scene import FlowScene
from designer.canvas.view import FlowView
from designer.document import FlowDocument
from runtime.service import Flow

ROOT = Path(__file__).resolve().parents[2]


def test_scene_destroyed_before_its_view_with_a_selection(qtbot, cart_flow: Flow) -> None:  # noqa: ANN001
    """A flow tab owns its scene (created first) and its view: deleting the tab destroys the
    scene first, which clears its selection while the view still listens."""
    tab = QWidget()
    document = FlowDocument(cart_flow, tab)
    scene = FlowScene(document, tab)  # a child of the tab, like FlowEditorWidget's
    view = FlowView(scene)
    QVBoxLayout(tab).addWidget(view)
    tab.show()
    qtbot.waitExposed(tab)
    scene.select_steps(["wait_1h", "bought_1"])
    assert view.canvas_actions["copy"].isEnabled()
    with qtbot.captureExceptions() as exceptions:
        tab.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert exceptions == []


def test_closing_a_flow_tab_with_a_selection_raises_nothing(qtbot, tmp_path: Path, cart_flow: Flow) -> None:  # noqa: ANN001
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [cart_flow])
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    editor.scene.select_steps(["wait_1h", "email_cart"])
    with qtbot.captureExceptions() as exceptions:
        assert window.close_tab(window.tabs.indexOf(editor)) is None
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert exceptions == []
    assert flow_id not in window.editors
    window.close()


def test_quitting_with_copied_steps_on_the_clipboard_exits_cleanly() -> None:
    """Copied steps left on the offscreen clipboard used to crash Python at exit (SIGSEGV)."""
    script = textwrap.dedent(
        """
        from PySide6.QtWidgets import QApplication
        from designer.canvas.clipboard import clipboard_fragment, copy_steps
        from designer.document import FlowDocument
        from designer_flows import abandoned_cart_flow

        app = QApplication([])
        document = FlowDocument(abandoned_cart_flow())
        assert copy_steps(document, ["wait_1h", "bought_1"]) == 2
        assert [s.id for s in clipboard_fragment().steps] == ["wait_1h", "bought_1"]
        print("copied")
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests" / "designer")]))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, check=False,
                            text=True, timeout=120)
    assert result.stdout.strip() == "copied", result.stderr
    assert result.returncode == 0, f"exit code {result.returncode}: {result.stderr}"
