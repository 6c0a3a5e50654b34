"""The stuck-contact inspector from a card's context menu and from a click on a count: reasons
grouped by step, move a stuck contact (it continues from the new step), re-enter an ended one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMenu

from designer.contacts_panel import MoveDialog
from designer.stuck_inspector import ConfirmActionDialog, StuckInspectorDialog, operator_name
from runtime.clock import VirtualClock
from runtime.engine.runner import Runtime
from runtime.storage.project_clock import save_virtual_now
from runtime.storage.db import open_project
from runtime.storage.models import Execution
from shell_helpers import open_editor, open_window, service, wait_for, wait_idle
from tests.runtime.engine_core_helpers import add_contacts, enter, flow, install, step

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
DOC = flow("Nurture", [
    dict(step("wait_2d", "wait", duration="P2D"), name="Two-day pause"),
    dict(step("hello", "send_email", subject="Hello", body="Hi"), name="Hello email"),
    dict(step("tag", "add_tag", tag="nurtured"), name="Tag nurtured"),
], [("wait_2d", "hello"), ("hello", "tag")], entry={"repeat": "once"})


def _stuck_project(path: Path) -> int:
    project = open_project(path, create=True)
    clock = VirtualClock(T0)
    try:
        flow_id = install(project, DOC, clock)
        cids = add_contacts(project, clock, *({"external_id": f"u-{n}", "email": f"u{n}@shop.io",
                                               "first_name": name} for n, name in enumerate(["Anna", "Boris", "Céline"], 1)))
        enter(project, flow_id, cids, clock)
        Runtime(project, clock, sandbox=True).run_until(T0, save=False)
        with project.write() as s:
            save_virtual_now(s, T0 + timedelta(days=3))  # the engine did not run for three days
        return flow_id
    finally:
        project.close()


def _tick(path: Path) -> None:
    project = open_project(path)
    try:
        Runtime(project, VirtualClock(T0 + timedelta(days=3)), sandbox=True).tick()
    finally:
        project.close()


def _menu_action(editor, step_id: str, text: str):  # noqa: ANN001, ANN202
    menu = QMenu(editor)
    for extra in editor.view.step_menu_extras:  # what the card's context menu adds
        extra(menu, step_id)
    action = next(a for a in menu.actions() if a.text() == text)
    return menu, action


def test_inspector_explains_stuck_contacts_and_fixes_them(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "stuck.fcproj"
    flow_id = _stuck_project(path)
    window = open_window(qtbot, tmp_path, path)
    editor = open_editor(qtbot, window, flow_id)
    menu, action = _menu_action(editor, "wait_2d", "Stuck contacts at this step…")
    action.trigger()
    dialog = editor.live_tools.last_dialog
    assert isinstance(dialog, StuckInspectorDialog)
    wait_for(qtbot, lambda: len(dialog.rows) == 3)
    group = dialog.tree.topLevelItem(0)
    assert (group.text(0), group.text(1)) == ("Two-day pause", "3")
    assert group.child(0).text(0) == "Waiting longer than the step plans"
    assert dialog.table.item(0, 3).text() == "Waiting longer than the step plans"

    # move Anna to the tag step (picked by name); she continues from there at the next tick
    dialog.table.selectRow(0)
    anna = dialog.selected()[0]
    move = dialog.ask("move")
    assert isinstance(move, MoveDialog)
    names = [move.step.itemText(i) for i in range(move.step.count())]
    # steps by the names the canvas shows, never ids or type names (the id is the tooltip's detail)
    assert names == ["Hello email", "Tag nurtured"]
    assert move.step.itemData(1, Qt.ItemDataRole.ToolTipRole) == "step id: tag"
    move.step.setCurrentIndex(move.step.findData("tag"))
    move.reason.setText("bounced mailbox, skip the email")
    move.accept()
    wait_for(qtbot, lambda: dialog.message.text().startswith("Done"))
    wait_for(qtbot, lambda: len(dialog.rows) == 2)
    audit = service(window).audit_log()[0]
    assert audit["action"] == "move_to_step" and audit["actor"] == operator_name()
    assert audit["detail"]["reason"] == "bounced mailbox, skip the email" and audit["detail"]["to"] == "tag"
    _tick(path)
    with service(window).project.session() as s:
        assert s.get(Execution, anna["execution_id"]).status == "completed"
    dialog.close()

    # the tag card's "completed" count: a click opens the ended executions; re-enter Anna
    window.bridge.watch_flow(flow_id)
    # the tick also ran the two others, a day past their wait: everyone finished
    wait_for(qtbot, lambda: editor.counts.counts.get("tag", (0, 0, 0, 0))[2] == 3)
    badge = editor.counts.badges["tag"]
    pills = badge._layout()
    completed = pills[2][0]  # entered, waiting, completed
    point = editor.view.mapFromScene(badge.mapToScene(QPointF(completed.center())))
    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    count_dialog = editor.live_tools.last_dialog
    assert count_dialog is not dialog and count_dialog.which == "completed"
    wait_for(qtbot, lambda: sorted(r["contact"] for r in count_dialog.rows) == ["u-1", "u-2", "u-3"])
    count_dialog.table.selectRow(next(i for i, r in enumerate(count_dialog.shown) if r["contact"] == "u-1"))
    confirm = count_dialog.ask("reenter")
    assert isinstance(confirm, ConfirmActionDialog) and not confirm.ok.isEnabled()  # a reason is required
    confirm.reason.setText("asked to receive the series again")
    assert confirm.ok.isEnabled()
    confirm.accept()
    wait_for(qtbot, lambda: count_dialog.message.text().startswith("Done"))
    audit = service(window).audit_log()[0]
    assert audit["action"] == "reenter" and audit["detail"]["previous"] == anna["execution_id"]
    assert audit["detail"]["reason"] == "asked to receive the series again"
    count_dialog.close()
    wait_idle(qtbot, window)
    menu.deleteLater()
