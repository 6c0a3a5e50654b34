"""Publishing a live edit from the editor (impact preview, moving waiting contacts) and Compare versions."""

from __future__ import annotations

from pathlib import Path

from runtime.service import Edge, ProjectService, Step
from shell_helpers import open_editor, open_window, service, wait_for
from shell_helpers import no_modal_dialogs  # noqa: F401 - autouse fixture
from test_editor import project_with_contacts_inside, welcome_flow


def _edit(editor) -> None:  # noqa: ANN001
    flow = editor.document.flow.copy()
    flow.steps = [s for s in flow.steps if s.id != "hello"]
    flow.edges = []
    flow.steps.append(Step("hello_v2", "send_email", {"subject": "Hello again", "body": "Hi"}, (300, 120),
                           name="New hello"))
    flow.edges.append(Edge("wait_1d", "hello_v2"))
    editor.document.set_flow(flow)


def test_impact_preview_moves_waiting_contacts_when_asked(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    flow_id = project_with_contacts_inside(project, welcome_flow("Live"), 4)
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    _edit(editor)
    editor.save()
    wait_for(qtbot, lambda: not editor.document.is_modified())
    editor.publish()
    wait_for(qtbot, lambda: getattr(editor, "impact_dialog", None) is not None and editor.impact_dialog.isVisible())
    dialog = editor.impact_dialog
    text = dialog.summary.text()
    assert "4 contacts waiting at wait_1d stay on version 1" in text
    assert "deleting hello affects 4 contacts on version 1 when they reach it" in text
    assert "New hello applies to new entries only" in text
    assert dialog.table.rowCount() == 3 and dialog.migrate_box.isEnabled()
    dialog.migrate_box.setChecked(True)
    dialog.publish_button.click()
    wait_for(qtbot, lambda: editor.info.version == 2)
    assert editor.info.active_by_version == {2: 4}  # everyone moved: their wait exists in version 2
    assert "moved 4 waiting contacts" in window.statusBar().currentMessage()
    window.close()


def test_compare_versions_colours_added_removed_and_changed_steps(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    with ProjectService.create(project) as svc:
        flow_id = svc.create_flow(welcome_flow("Diffed"))
        svc.publish(flow_id)
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    _edit(editor)
    flow = editor.document.flow.copy()
    flow.step("wait_1d").config["duration"] = "P2D"
    editor.document.set_flow(flow)
    editor.save()
    wait_for(qtbot, lambda: not editor.document.is_modified())
    svc = service(window)
    wait_for(qtbot, lambda: svc.get_flow(flow_id).draft.step("hello_v2") is not None)  # the save has landed
    svc.publish(flow_id)
    editor.compare_versions()  # the two last versions: v1 against v2
    dialog = editor.diff_dialog
    assert {k: m.kind for k, m in dialog.marks.items()} == {"hello_v2": "added", "hello": "removed",
                                                            "wait_1d": "changed"}
    # the removed step is drawn from the old version; the change is listed field by field
    assert dialog.scene.step_item("hello") is not None
    rows = [dialog.changes.item(i).text() for i in range(dialog.changes.count())]
    # in the canvas's words: the step's kind and name, the field's label; no ids or type names
    assert '      Wait for: "P1D" → "P2D"' in rows and "+ Send email 'New hello' added" in rows
    assert not any("send_email" in row or "hello_v2" in row for row in rows)
    dialog.new_box.setCurrentIndex(0)  # v1 against v1
    assert dialog.marks == {} and dialog.changes.item(0).text() == "The two versions do the same thing."
    dialog.close()
    window.close()
