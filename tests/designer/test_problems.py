"""Validation in the designer: problems listed, steps marked red, publishing blocked by errors only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from designer.commands import SetStepConfigCommand
from runtime.service import Edge, Flow, ProjectService, Step

from shell_helpers import make_project, open_editor, open_window, service, wait_for, wait_idle
from shell_helpers import no_modal_dialogs  # noqa: F401 - autouse fixture


def flow_with_errors() -> Flow:
    return Flow(
        name="Broken",
        trigger={"type": "event", "event": "signup"},
        steps=[
            Step("wait_x", "wait", {"duration": "soon"}, (0, 0)),
            Step("split", "ab_split", {"groups": [{"name": "a", "share": 70}, {"name": "b", "share": 20}]}, (300, 0)),
            Step("mail", "send_email", {"subject": "Hi {{ contact.first_name ", "body": "ok"}, (600, 0)),
            Step("loose", "notify_team", {"text": "Someone signed up"}, (0, 300)),  # a warning only
        ],
        edges=[Edge("wait_x", "split"), Edge("split", "mail", "a")],
    )


def test_problems_are_listed_marked_on_the_canvas_and_jump_to_their_step(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [flow_with_errors()])
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    errors = editor.checker.errors
    assert {p.step_id for p in errors} >= {"wait_x", "split", "mail"}
    rows = window.problems.messages()
    assert len(rows) == len(errors) + len(editor.checker.warnings)
    assert any("soon" in r for r in rows)
    assert "publishing is blocked" in window.problems.summary.text()
    # words for people: the step as the canvas shows it, settings by their labels; the id is a detail
    assert "●  A/B split (A/B 70/20): group shares sum to 90, not 100" in rows
    assert any(r.startswith("●  Send email, Subject: template error") for r in rows), rows
    assert not any("(ab_split)" in r or "(send_email)" in r or "step 'mail'" in r for r in rows), rows
    split_row = next(window.problems.list.item(i) for i in range(window.problems.list.count())
                     if window.problems.list.item(i).data(Qt.ItemDataRole.UserRole) == "split")
    assert "step id split" in split_row.toolTip()

    # the cards are marked, with the messages as tooltips
    card = editor.scene.step_item("wait_x")
    assert card.problems and any("soon" in m for m in card.problems)
    assert "soon" in card.toolTip()
    assert not editor.scene.step_item("split").problems == []

    # clicking a problem selects its step and shows it in the inspector
    row = next(i for i in range(window.problems.list.count())
               if window.problems.list.item(i).data(Qt.ItemDataRole.UserRole) == "mail")
    item = window.problems.list.item(row)
    rect = window.problems.list.visualItemRect(item)
    qtbot.mouseClick(window.problems.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.scene.selected_step_ids() == ["mail"]
    assert window.inspector.step_id == "mail"
    window.close()


def test_publish_is_blocked_while_errors_remain_and_warnings_do_not_block(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [flow_with_errors()])
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    assert not editor.actions_["publish"].isEnabled()
    assert not window.act_publish.isEnabled()
    assert "error" in editor.actions_["publish"].toolTip()
    with qtbot.waitSignal(editor.publish_blocked):
        editor.publish()  # also refused when called directly (menu, shortcut)
    wait_idle(qtbot, window)
    assert service(window).get_flow(flow_id).version is None

    # fix every error through the document (as the inspector does)
    doc = editor.document
    doc.push(SetStepConfigCommand(doc, "wait_x", {"duration": "PT2H"}))
    doc.push(SetStepConfigCommand(doc, "split", {"groups": [{"name": "a", "share": 80}, {"name": "b", "share": 20}]}))
    doc.push(SetStepConfigCommand(doc, "mail", {"subject": "Hi {{ contact.first_name }}", "body": "ok"}))
    wait_for(qtbot, lambda: not editor.checker.errors)
    # not connected: a warning; the linter's advice (no goal, A/B without a goal) never blocks either
    assert [p.step_id for p in editor.checker.warnings if not p.code.startswith("lint_")] == ["loose"]
    assert {p.code for p in editor.checker.warnings if p.code.startswith("lint_")} == {"lint_no_goal",
                                                                                        "lint_ab_without_goal"}
    assert editor.scene.step_item("wait_x").problems == []
    assert editor.actions_["publish"].isEnabled()
    editor.publish()
    wait_for(qtbot, lambda: editor.info.version == 1)
    assert not doc.is_modified()  # publishing saved the draft first
    with ProjectService.open(project) as check:
        assert check.get_flow(flow_id).draft.step("wait_x").config == {"duration": "PT2H"}
    window.close()


def test_problem_panel_follows_the_current_tab(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    good = Flow(name="Good", trigger={"type": "manual"}, goal={"event": "purchase"}, steps=[Step("w", "wait", {"duration": "PT1H"}, (0, 0))])
    bad_id, good_id = make_project(project, [flow_with_errors(), good])
    window = open_window(qtbot, tmp_path, project)
    open_editor(qtbot, window, bad_id)
    assert window.problems.messages()
    open_editor(qtbot, window, good_id)
    assert window.problems.messages() == []
    assert "No problems" in window.problems.summary.text()
    window.tabs.setCurrentIndex(0)  # the board
    assert window.problems.summary.text() == "No flow open"
    window.close()
