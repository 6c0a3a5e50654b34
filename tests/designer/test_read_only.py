"""A project another runner holds opens read-only: the holder is named, nothing runs, edits and
writes are refused; taking over runs it here and makes it editable again."""

from __future__ import annotations

from pathlib import Path

import pytest
from live_helpers import live_project, live_window, run_in_window, until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from designer.commands import RenameStepCommand
from runtime.engine.lease import CLI_RUN, acquire_lease
from runtime.errors import ReadOnlyProjectError
from runtime.storage.db import open_project


def _button(box: QMessageBox, text: str):  # noqa: ANN202 - a QAbstractButton
    return next(b for b in box.buttons() if b.text() == text)


def test_open_read_only_refuses_edits_and_take_over_runs_it_here(qtbot, qapp, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "held.fcproj"
    flow_id = live_project(path, 3)
    other = open_project(path)
    acquire_lease(other, CLI_RUN)  # a headless `flowcanvas run` holds the project
    loop, window = live_window(qtbot, qapp, tmp_path)

    async def scenario() -> None:
        assert window.open_project(path)
        controller = window.runtime.controller
        await until(lambda: controller.last_dialog is not None, what="the take-over question")
        box = controller.last_dialog
        assert box.objectName() == "TakeOverDialog"
        assert "running in `flowcanvas run` on host" in box.text()
        qtbot.mouseClick(_button(box, "Open read-only"), Qt.MouseButton.LeftButton)

        window.open_flow(flow_id)
        await until(lambda: flow_id in window.editors, what="the flow tab")
        editor = window.editors[flow_id]
        assert controller.state == "readonly"
        assert "Read-only" in window.runtime.widget.state_label.text()
        assert "flowcanvas run" in window.runtime.widget.detail_label.text()
        assert not window.palette.isEnabled()

        # an edit on the canvas is refused and says why; the step keeps its name
        editor.document.push(RenameStepCommand(editor.document, "hold", "Renamed"))
        assert editor.document.require_step("hold").name == "Wait an hour"
        assert not editor.document.is_modified()
        assert "Read-only" in window.statusBar().currentMessage()
        # so is any write through the service, before it touches the file
        with pytest.raises(ReadOnlyProjectError, match="read-only .*flowcanvas run.*take over"):
            window.bridge.service.rename_flow(flow_id, "Renamed")
        # and nothing ran here: the three signups still wait for their runner
        assert editor.counts.counts.get("hold", (0, 0, 0, 0))[0] == 0

        # take over from the status bar: this window runs the project and may edit it again
        qtbot.mouseClick(window.runtime.widget.run_button, Qt.MouseButton.LeftButton)
        await until(lambda: controller.state == "running", what="running after the take-over")
        assert window.palette.isEnabled()
        await until(lambda: editor.counts.counts.get("hold", (0, 0))[1] == 3, what="3 waiting at hold")
        editor.document.push(RenameStepCommand(editor.document, "hold", "Renamed"))
        assert editor.document.require_step("hold").name == "Renamed"
        window.bridge.service.rename_flow(flow_id, "Welcome again")  # writes go through again
        editor.document.undo_stack.undo()
        editor.document.set_clean()  # the test's edit is not to be saved

    try:
        run_in_window(loop, window, scenario)
    finally:
        other.close()
