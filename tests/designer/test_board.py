"""The flow board: listing, searching, creating, duplicating, renaming, copying, archiving,
terminating, and the entry switch, each checked against the project file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from designer import dialogs
from designer.board import COL_ENTRY, COL_NAME, FlowBoardWidget
from runtime.service import Edge, Flow, FlowStatus, ProjectService, Step

from shell_helpers import make_project, open_window, service, wait_for, wait_idle
from shell_helpers import no_modal_dialogs  # noqa: F401 - autouse fixture


def publishable(name: str) -> Flow:
    """A small flow without errors."""
    return Flow(
        name=name,
        trigger={"type": "event", "event": "signup"},
        steps=[Step("wait_1d", "wait", {"duration": "P1D"}, (0, 0)),
               Step("hello", "send_email", {"subject": "Hi", "body": "Hello {{ contact.first_name }}"}, (300, 0))],
        edges=[Edge("wait_1d", "hello")],
    )


def names(board: FlowBoardWidget) -> list[str]:
    return board.visible_names()


def test_create_a_blank_flow_from_the_board_and_it_opens(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    make_project(project, [Flow(name="Existing")])
    window = open_window(qtbot, tmp_path, project)
    board = window.board
    assert names(board) == ["Existing"]

    def fill(dialog: dialogs.NewFlowDialog) -> bool:
        assert dialog.preset == dialogs.BLANK
        dialog.name_edit.setText("Existing")
        assert not dialog.ok_button.isEnabled()  # taken name refused before it reaches the database
        dialog.name_edit.setText("Spring sale")
        assert dialog.ok_button.isEnabled()
        return True

    board.run_dialog = fill
    qtbot.mouseClick(board.new_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: window.current_editor() is not None)
    wait_idle(qtbot, window)
    assert window.current_editor().document.flow.name == "Spring sale"
    assert sorted(names(board)) == ["Existing", "Spring sale"]
    with ProjectService.open(project) as check:
        assert check.get_flow("Spring sale").status == "draft"
    window.close()


def test_create_from_a_preset(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    make_project(project)
    window = open_window(qtbot, tmp_path, project)

    def pick(dialog: dialogs.NewFlowDialog) -> bool:
        # the gallery is searchable: by words of the description, step types or expected events
        dialog.search.setText("telegram")
        assert dialog.visible_presets() == ["birthday", "paid_handoff", "reactivation", "telegram_funnel",
                                            "tg_lead_magnet"]
        dialog.search.setText("review rating")
        assert dialog.visible_presets() == ["post_purchase"] and dialog.preset == "post_purchase"
        assert "review" in dialog.description.text() and "Expects" in dialog.description.text()
        assert len(dialog.shape.steps) == 12 and len(dialog.shape.edges) == 11  # its shape, drawn to scale
        dialog.search.clear()
        dialog.select_preset("welcome")
        assert not dialog.name_edit.isEnabled()
        assert dialog.description.text()
        return True

    window.board.run_dialog = pick
    window.board.new_flow()
    wait_for(qtbot, lambda: window.current_editor() is not None)
    editor = window.current_editor()
    assert editor.document.flow.steps, "the preset's steps are on the canvas"
    assert names(window.board) == [editor.document.flow.name]
    window.close()


def test_search_and_status_filter(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    ids = make_project(project, [publishable("Welcome series"), Flow(name="Winback"), Flow(name="Old promo")])
    with ProjectService.open(project) as svc:
        svc.activate(ids[0])
        svc.archive(ids[2])
    window = open_window(qtbot, tmp_path, project)
    board = window.board
    assert sorted(names(board)) == ["Welcome series", "Winback"]  # archived hidden by default
    # the filter offers every state the runtime's lifecycle knows, in its order
    offered = [board.status_filter.itemData(i) for i in range(board.status_filter.count())]
    assert offered == ["", *FlowStatus, "all"]
    board.search.setText("win")
    assert names(board) == ["Winback"]
    board.search.clear()
    board.status_filter.setCurrentIndex(board.status_filter.findData("active"))
    assert names(board) == ["Welcome series"]
    board.status_filter.setCurrentIndex(board.status_filter.findData("archived"))
    assert names(board) == ["Old promo"]
    board.status_filter.setCurrentIndex(board.status_filter.findData("all"))
    assert len(names(board)) == 3
    active = board.flow_by_name("Welcome series")
    assert active.status == "active" and active.version == 1
    window.close()


def test_duplicate_and_rename(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [publishable("Welcome")])
    window = open_window(qtbot, tmp_path, project)
    board = window.board
    assert board.select_flow(flow_id)
    board.buttons["duplicate"].click()
    wait_for(qtbot, lambda: len(board.flow_names()) == 2)
    copy_name = next(n for n in board.flow_names() if n != "Welcome")
    assert "Welcome" in copy_name

    def rename(dialog: dialogs.TextInputDialog) -> bool:
        dialog.edit.setText(copy_name)
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.edit.setText("Welcome B")
        return True

    board.run_dialog = rename
    board.select_flow(flow_id)
    board.buttons["rename"].click()
    wait_for(qtbot, lambda: "Welcome B" in board.flow_names())
    with ProjectService.open(project) as check:
        assert check.get_flow(flow_id).name == "Welcome B"
        assert check.get_flow(copy_name).draft.step_ids() == ["wait_1d", "hello"]
    window.close()


def test_archive_and_terminate_ask_first(qtbot, tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "p.fcproj"
    ids = make_project(project, [publishable("Live"), Flow(name="Draft")])
    with ProjectService.open(project) as svc:
        svc.activate(ids[0])
    window = open_window(qtbot, tmp_path, project)
    board = window.board
    asked: list[str] = []
    answer = {"value": False}

    def confirm(parent, title, text, details="", action="OK", danger=False) -> bool:  # noqa: ANN001
        asked.append(f"{title}|{details}")
        return answer["value"]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    board.select_flow(ids[0])
    assert board.buttons["terminate"].isEnabled()
    board.buttons["terminate"].click()  # declined: nothing changes
    wait_idle(qtbot, window)
    assert service(window).get_flow(ids[0]).status == "active"
    answer["value"] = True
    board.buttons["terminate"].click()
    wait_for(qtbot, lambda: board.flow_by_name("Live").status == "terminated")
    assert "cannot be undone" in asked[-1]

    board.select_flow(ids[1])
    assert not board.buttons["terminate"].isEnabled()  # a draft has nothing to terminate
    board.buttons["archive"].click()
    wait_for(qtbot, lambda: "Draft" not in board.visible_names())
    assert service(window).get_flow(ids[1]).status == "archived"
    window.close()


def test_entry_switch_turns_new_entries_off(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [publishable("Live")])
    with ProjectService.open(project) as svc:
        svc.activate(flow_id)
    window = open_window(qtbot, tmp_path, project)
    board = window.board
    index = board.proxy.index(0, COL_ENTRY)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    board.proxy.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    wait_for(qtbot, lambda: board.flow_by_name("Live").entry_enabled is False)
    assert service(window).get_flow(flow_id).status == "active"  # contacts inside carry on
    assert board.proxy.index(0, COL_ENTRY).data() == "Off"
    window.close()


def test_copy_to_another_project(qtbot, tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "a.fcproj"
    other = tmp_path / "b.fcproj"
    [flow_id] = make_project(project, [publishable("Welcome")])
    make_project(other, [Flow(name="Welcome")])
    window = open_window(qtbot, tmp_path, project)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: str(other))
    window.board.select_flow(flow_id)
    window.board.buttons["copy"].click()
    wait_idle(qtbot, window)
    with ProjectService.open(other) as check:
        copied = [f for f in check.list_flows() if f.name != "Welcome"]
        assert len(copied) == 1 and copied[0].status == "draft"
        assert check.get_flow(copied[0].id).draft.step_ids() == ["wait_1d", "hello"]
    window.close()


def test_double_click_opens_the_flow(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [publishable("Welcome")])
    window = open_window(qtbot, tmp_path, project)
    table = window.board.table
    rect = table.visualRect(window.board.proxy.index(0, COL_NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_for(qtbot, lambda: flow_id in window.editors)
    assert window.current_editor().flow_id == flow_id
    window.close()


def test_a_flow_starting_later_shows_scheduled_with_its_window(qtbot, tmp_path: Path) -> None:
    from designer.board_table import COL_STATUS

    project = tmp_path / "p.fcproj"
    later = publishable("Black Friday")
    later.entry = {"start_at": "2099-11-27T09:00:00Z", "end_at": "2099-11-30T00:00:00Z"}
    ids = make_project(project, [later, publishable("Now")])
    with ProjectService.open(project) as svc:
        svc.activate(ids[0])
        svc.activate(ids[1])
    window = open_window(qtbot, tmp_path, project)
    board = window.board
    flow = board.flow_by_name("Black Friday")
    assert flow.scheduled and not board.flow_by_name("Now").scheduled
    row = next(r for r in range(board.proxy.rowCount())
               if board.proxy.index(r, COL_NAME).data() == "Black Friday")
    assert board.proxy.index(row, COL_STATUS).data() == "Scheduled from 27 Nov 2099 09:00 to 30 Nov 2099 00:00 UTC"
    window.close()


def test_board_buttons_follow_the_runtime_lifecycle_table(qtbot, tmp_path: Path) -> None:
    from runtime.storage.models import FlowRow

    project = tmp_path / "p.fcproj"
    ids = make_project(project, [publishable("Old campaign")])
    with ProjectService.open(project) as svc:
        svc.activate(ids[0])
        with svc.project.write() as s:  # its end_at passed with nobody inside
            s.get(FlowRow, ids[0]).status = "ended"
    window = open_window(qtbot, tmp_path, project)
    board = window.board
    board.select_flow(ids[0])
    assert board.flow_by_name("Old campaign").actions == ("archive",)
    assert board.buttons["archive"].isEnabled() and not board.buttons["terminate"].isEnabled()
    window.close()
