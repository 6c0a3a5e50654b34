"""The flow editor tab: save / reopen / export, import, live flows, find, live counts, and the
'new user with the mouse alone' journey."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from designer import dialogs
from designer.dialogs import FindStepDialog, ProblemListDialog
from runtime.service import Edge, Flow, ProjectService, Step, dumps_flow, loads_flow

from shell_helpers import (
    click_step,
    connect,
    drop_step,
    make_project,
    open_editor,
    open_window,
    service,
    wait_for,
    wait_idle,
)
from shell_helpers import no_modal_dialogs  # noqa: F401 - autouse fixture


def welcome_flow(name: str = "Welcome") -> Flow:
    return Flow(
        name=name,
        description="Says hello",
        trigger={"type": "event", "event": "signup"},
        goal={"event": "purchase", "within": "P7D"},
        steps=[Step("wait_1d", "wait", {"duration": "P1D"}, (0, 0)),
               Step("hello", "send_email", {"subject": "Hi", "body": "Hello {{ contact.first_name }}"}, (300, 0))],
        edges=[Edge("wait_1d", "hello")],
    )


def project_with_contacts_inside(project: Path, flow: Flow, count: int) -> int:
    """A demo project where ``count`` contacts entered the (active) ``flow`` and wait inside."""
    from runtime.clock import VirtualClock
    from runtime.contacts.events import record_event
    from runtime.engine.runner import Runtime
    from runtime.storage.models import Contact

    start = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
    clock = VirtualClock(start)
    with ProjectService.create(project, demo=True, clock=clock) as svc:
        flow_id = svc.create_flow(flow)
        svc.activate(flow_id)
        with svc.project.write() as session:
            for contact in session.query(Contact).limit(count):
                record_event(session, contact, "signup", {}, start, clock)
        Runtime(svc.project, clock, sandbox=True).tick()
        assert svc.flow_stats(flow_id).flow.active == count
    return flow_id


def test_save_reopen_and_export_give_the_same_flow(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [welcome_flow()])
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    new_id = editor.add_step("add_tag")
    assert new_id == "add_tag" and editor.document.is_modified()
    assert editor.title.endswith("•")
    window.act_save.trigger()  # Ctrl+S
    wait_for(qtbot, lambda: not editor.document.is_modified())
    saved_text = editor.document.to_text()
    window.close_flow(flow_id)

    editor = open_editor(qtbot, window, flow_id)
    assert editor.document.to_text() == saved_text
    out = tmp_path / "welcome.json"
    editor.export(str(out))
    wait_for(qtbot, out.exists)
    assert out.read_text(encoding="utf-8") == saved_text
    assert loads_flow(out.read_text(encoding="utf-8"), str(out)).step_ids() == ["wait_1d", "hello", "add_tag"]
    # the runtime's own export writes the very same bytes
    runtime_copy = tmp_path / "runtime.json"
    service(window).export_flow(flow_id, runtime_copy)
    assert runtime_copy.read_text(encoding="utf-8") == saved_text
    window.close()


def test_importing_a_bad_file_lists_every_problem_and_changes_nothing(qtbot, tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "p.fcproj"
    make_project(project, [welcome_flow()])
    window = open_window(qtbot, tmp_path, project)
    before = [(f.id, f.name) for f in service(window).list_flows()]
    bad = json.loads(dumps_flow(welcome_flow("Bad import")))
    bad["steps"].append({"id": "mystery", "type": "teleport", "config": {}})
    bad["steps"][0]["config"]["duration"] = "whenever"
    bad["edges"].append({"from": "hello", "to": "wait_1d"})  # a loop
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: str(path))
    window.act_import.trigger()
    wait_idle(qtbot, window)
    dialog = window.last_dialog
    assert isinstance(dialog, ProblemListDialog) and dialog.isVisible()
    text = "\n".join(dialog.messages())
    assert "teleport" in text and "whenever" in text and ("cycle" in text.lower() or "loop" in text.lower())
    assert len(dialog.messages()) >= 3
    assert "Nothing was imported" in "".join(label.text() for label in dialog.findChildren(QLabel))
    assert [(f.id, f.name) for f in service(window).list_flows()] == before
    assert window.current_editor() is None
    dialog.close()

    # unreadable JSON names the line
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "flowcanvas/1",\n "name": "x",,\n}', encoding="utf-8")
    window.import_file(broken)
    wait_idle(qtbot, window)
    assert "line 2" in "\n".join(window.last_dialog.messages())
    assert [(f.id, f.name) for f in service(window).list_flows()] == before
    window.last_dialog.close()
    window.close()


def test_dropping_a_flow_file_on_the_window_imports_it(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    make_project(project, [welcome_flow()])
    window = open_window(qtbot, tmp_path, project)
    path = tmp_path / "welcome.json"
    path.write_text(dumps_flow(welcome_flow()), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    wait_for(qtbot, lambda: window.current_editor() is not None)
    wait_idle(qtbot, window)
    names = sorted(f.name for f in service(window).list_flows())
    assert names == ["Welcome", "Welcome (2)"]  # a taken name gets a suffix
    assert window.current_editor().document.flow.name == "Welcome (2)"
    assert window.current_editor().status == "draft"
    window.close()


def test_editing_a_live_flow_works_on_a_draft_and_publishing_makes_a_new_version(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    flow_id = project_with_contacts_inside(project, welcome_flow("Welcome live"), 3)
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    assert editor.status == "active"
    assert editor.banner.isVisibleTo(editor)
    banner = editor.banner_label.text()
    assert "version 1" in banner and "version 2" in banner
    assert "3 contacts</b> already inside stay on the version they entered" in banner
    assert editor.actions_["publish"].text() == "Publish changes"
    assert editor.actions_["pause"].isVisible() and not editor.actions_["activate"].isVisible()

    # the draft is the live version: nothing to publish, no empty version
    assert not editor.actions_["publish"].isEnabled()
    assert "Nothing to publish" in editor.actions_["publish"].toolTip()
    editor.add_step("add_tag")
    assert editor.actions_["publish"].isEnabled()  # an unsaved edit is something to publish
    editor.save()
    wait_for(qtbot, lambda: not editor.document.is_modified())
    assert service(window).get_flow(flow_id).version == 1  # saving never touches the running version
    editor.publish()
    # contacts are inside: the impact preview comes first, and publishing waits for it
    wait_for(qtbot, lambda: getattr(editor, "impact_dialog", None) is not None and editor.impact_dialog.isVisible())
    assert "3 contacts" in editor.impact_dialog.summary.text() and "stay on version 1" in editor.impact_dialog.summary.text()
    assert "applies to new entries only" in editor.impact_dialog.summary.text()
    assert service(window).get_flow(flow_id).version == 1
    editor.impact_dialog.publish_button.click()  # without moving anybody
    wait_for(qtbot, lambda: editor.info.version == 2)
    assert not editor.actions_["publish"].isEnabled()
    assert "version 3" in editor.banner_label.text()
    assert "3 contacts</b> already inside stay" in editor.banner_label.text()
    assert editor.info.active_by_version == {1: 3}
    message = window.statusBar().currentMessage()
    assert "Published version 2" in message and "3 contacts stay on the version they entered" in message

    editor.actions_["pause"].trigger()
    wait_for(qtbot, lambda: editor.status == "paused")
    assert editor.actions_["resume"].isVisible()
    wait_for(qtbot, lambda: window.board.flow_by_name("Welcome live").status == "paused")
    editor.actions_["resume"].trigger()
    wait_for(qtbot, lambda: editor.status == "active")
    window.close()


def test_find_step_dialog_jumps_to_the_step(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [welcome_flow()])
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    window.act_find.trigger()  # Ctrl+F
    dialog = window.last_dialog
    assert isinstance(dialog, FindStepDialog)
    QTest.keyClicks(dialog.search, "email")
    assert dialog.list.count() == 1 and dialog.step_id == "hello"
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    assert editor.scene.selected_step_ids() == ["hello"]
    assert window.inspector.step_id == "hello"
    window.close()


def test_live_counts_reach_the_canvas_and_the_stats_panel(qtbot, tmp_path: Path) -> None:
    from runtime.clock import VirtualClock
    from runtime.contacts.events import record_event
    from runtime.engine.runner import Runtime
    from runtime.storage.models import Contact

    project = tmp_path / "demo.fcproj"
    # the chart shows the last 14 days of the window's (wall) clock, so the run happens "now"
    start = datetime.now(timezone.utc).replace(microsecond=0)
    clock = VirtualClock(start)
    with ProjectService.create(project, demo=True, clock=clock) as svc:
        flow_id = svc.create_flow(welcome_flow("Signup welcome"))
        svc.activate(flow_id)
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    assert editor.counts.counts_text("wait_1d") in ("", None) or "0" in str(editor.counts.counts_text("wait_1d"))

    # another process (here: the test) runs the engine; the bridge polls and the canvas follows
    with ProjectService.open(project, clock=clock) as svc:
        with svc.project.write() as session:
            for contact in session.query(Contact).limit(3):
                record_event(session, contact, "signup", {}, start, clock)
        Runtime(svc.project, clock, sandbox=True).tick()
    wait_for(qtbot, lambda: editor.stats is not None and "wait_1d" in editor.stats.steps
             and editor.stats.steps["wait_1d"].waiting == 3)
    assert "3" in editor.counts.counts_text("wait_1d")
    window.stats_dock.raise_()
    wait_for(qtbot, lambda: window.stats.metrics["entered"].value.text() == "3")
    names = [window.stats.table.item(r, 0).text() for r in range(window.stats.table.rowCount())]
    assert len(names) == 2 and window.stats.table.item(0, 2).text() == "3"  # wait_1d: 3 waiting
    assert "3 entered" in editor.live_label.text()
    wait_for(qtbot, lambda: window.stats.bars is not None)
    assert window.stats.plot.isVisible() and not window.stats.chart_hint.isVisible()
    heights = list(window.stats.bars.opts["height"])
    assert len(heights) == 14 and heights[-1] == 3 and sum(heights) == 3
    window.close()


def test_new_user_builds_validates_publishes_and_exports_with_the_mouse(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Trigger, a wait, a condition with two branches, two sends and a goal, all by pointing and
    clicking: New flow, settings combos, palette drops, port-to-card drags, Publish, Export."""
    project = tmp_path / "p.fcproj"
    with ProjectService.create(project, demo=True) as svc:
        for flow in svc.list_flows():
            svc.archive(flow.id)
    window = open_window(qtbot, tmp_path, project)
    board = window.board

    # 1. New flow -> Blank (the dialog is answered with clicks on its own widgets)
    def answer(dialog: dialogs.NewFlowDialog) -> bool:
        dialog.select_preset(dialogs.BLANK)
        dialog.name_edit.setText("First journey")
        return True

    board.run_dialog = answer
    QTest.mouseClick(board.new_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: window.current_editor() is not None)
    editor = window.current_editor()
    view = editor.view
    view.set_zoom(0.6)
    view.centerOn(QPointF(600, 200))
    assert window.inspector.settings_form is not None
    assert any(p.code == "no_trigger" for p in editor.checker.warnings)

    # 2. the trigger and the goal, from the flow settings' combo boxes
    form = window.inspector.settings_form
    form.trigger_type.setCurrentIndex(form.trigger_type.findData("event"))
    form.t_event.combo.setCurrentIndex(form.t_event.combo.findText("cart_add"))
    form.t_event.combo.activated.emit(form.t_event.combo.currentIndex())
    assert editor.document.flow.trigger == {"type": "event", "event": "cart_add"}
    form.goal_kind.setCurrentIndex(form.goal_kind.findData("event"))
    form.goal_event.combo.setCurrentIndex(form.goal_event.combo.findText("purchase"))
    form.goal_event.combo.activated.emit(form.goal_event.combo.currentIndex())
    assert editor.document.flow.goal == {"event": "purchase"}

    # 3. steps dropped from the palette
    def at(x: float, y: float) -> QPoint:
        return view.mapFromScene(QPointF(x, y))

    drop_step(view, "wait", at(120, 100))
    drop_step(view, "condition", at(420, 100))
    drop_step(view, "send_email", at(720, 20))
    drop_step(view, "send_sms", at(720, 260))
    assert editor.document.step_ids() == ["wait", "condition", "send_email", "send_sms"]

    # 4. connected by dragging from ports to cards
    connect(view, "wait", "next", "condition")
    connect(view, "condition", "yes", "send_email")
    connect(view, "condition", "no", "send_sms")
    assert editor.document.edges() == [Edge("wait", "condition"), Edge("condition", "send_email", "yes"),
                                       Edge("condition", "send_sms", "no")]

    # 5. a click on the wait card opens its form; the duration is set with the spin box
    click_step(view, "wait")
    assert window.inspector.step_id == "wait"
    duration = window.inspector.step_form.editors["duration"]
    duration.spin.setValue(2)
    duration.unit.setCurrentIndex(duration.unit.findData("D"))
    assert editor.document.step("wait").config == {"duration": "P2D"}

    # 6. validated as we go: no errors, so Publish is enabled; click it
    wait_for(qtbot, lambda: editor.checker.report is not None and not editor.checker.errors)
    wait_for(qtbot, lambda: "No problems" in window.problems.summary.text())
    publish_button = editor.toolbar.widgetForAction(editor.actions_["publish"])
    assert publish_button.isEnabled()
    QTest.mouseClick(publish_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: editor.info.version == 1)
    assert not editor.document.is_modified()

    # 7. export through the tool bar
    out = tmp_path / "first.json"
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: str(out))
    QTest.mouseClick(editor.try_bar.widgetForAction(editor.actions_["export"]), Qt.MouseButton.LeftButton)
    wait_for(qtbot, out.exists)
    exported = loads_flow(out.read_text(encoding="utf-8"), str(out))
    assert exported.trigger == {"type": "event", "event": "cart_add"}
    assert exported.goal == {"event": "purchase"}
    assert [s.type for s in exported.steps] == ["wait", "condition", "send_email", "send_sms"]
    assert len(exported.edges) == 3
    with ProjectService.open(project) as check:
        assert check.get_flow(editor.flow_id).version == 1
        assert dumps_flow(check.get_flow(editor.flow_id).draft) == out.read_text(encoding="utf-8")
    window.close()
    QApplication.processEvents()


def test_keyboard_shortcuts_work_in_the_window(qtbot, tmp_path: Path) -> None:
    """Delete, Ctrl+Z / Ctrl+Shift+Z, Ctrl+D, Ctrl+C / Ctrl+V, Ctrl+S, Ctrl+F, Ctrl+0 as a user types them."""
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [welcome_flow()])
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view = editor.view
    view.fit_to_view()
    click_step(view, "hello")
    view.setFocus()
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier

    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert editor.document.step_ids() == ["wait_1d"]
    QTest.keyClick(view, Qt.Key.Key_Z, ctrl)
    assert editor.document.step_ids() == ["wait_1d", "hello"]
    QTest.keyClick(view, Qt.Key.Key_Z, ctrl | shift)
    assert editor.document.step_ids() == ["wait_1d"]
    QTest.keyClick(view, Qt.Key.Key_Z, ctrl)

    editor.scene.select_steps(["hello"])
    QTest.keyClick(view, Qt.Key.Key_D, ctrl)
    assert editor.document.step_ids() == ["wait_1d", "hello", "hello_2"]
    editor.scene.select_steps(["wait_1d"])
    QTest.keyClick(view, Qt.Key.Key_C, ctrl)
    QTest.keyClick(view, Qt.Key.Key_V, ctrl)
    assert editor.document.step_ids() == ["wait_1d", "hello", "hello_2", "wait_1d_2"]

    QTest.keyClick(view, Qt.Key.Key_S, ctrl)
    wait_for(qtbot, lambda: not editor.document.is_modified())
    assert service(window).get_flow(flow_id).draft.step_ids() == ["wait_1d", "hello", "hello_2", "wait_1d_2"]

    # the offscreen platform (not a real X server: see designer.screenshot) can drop the window's
    # activation while the test waits; activate again, as a user's click would
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.setFocus()
    view.set_zoom(2.0)
    QTest.keySequence(view, QKeySequence("Ctrl+0"))
    assert view.zoom() <= 1.0

    QTest.keyClick(view, Qt.Key.Key_F, ctrl)
    assert isinstance(window.last_dialog, FindStepDialog) and window.last_dialog.isVisible()
    window.last_dialog.close()
    window.close()
    # a flow fragment left on the offscreen clipboard crashes the interpreter at exit
    QApplication.clipboard().clear()


def test_an_ended_flow_is_not_offered_activate(qtbot, tmp_path: Path) -> None:
    from runtime.storage.models import FlowRow

    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [welcome_flow("Ended")])
    with ProjectService.open(project) as svc:
        svc.activate(flow_id)
        with svc.project.write() as s:
            s.get(FlowRow, flow_id).status = "ended"
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    assert editor.status == "ended"
    assert not editor.actions_["activate"].isVisible()  # the runtime refuses ended -> active
    assert not editor.actions_["pause"].isVisible() and not editor.actions_["resume"].isVisible()
    window.close()
