"""The application shell: opening projects, remembering them, shortcuts, the keyring message."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from shell_helpers import (
    make_project,
    make_settings,
    no_modal_dialogs,  # noqa: F401 - autouse fixture
    open_editor,
    open_window,
    wait_for,
    wait_idle,
)

from designer import dialogs
from designer.app import THEMES, create_window, load_theme, parse_args
from designer.dialogs import ShortcutsDialog
from runtime.service import Flow, FlowStats, ProjectService


def test_open_project_from_the_command_line_and_reopen_it_next_time(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "shop.fcproj"
    make_project(project, [Flow(name="Welcome"), Flow(name="Winback")])
    settings = make_settings(tmp_path)

    window = create_window(parse_args(["--project", str(project)]), settings)
    qtbot.addWidget(window)
    wait_idle(qtbot, window)
    wait_for(qtbot, lambda: window.board is not None and window.board.flow_names())
    assert sorted(window.board.flow_names()) == ["Welcome", "Winback"]
    assert "shop.fcproj" in window.windowTitle()
    assert settings.value("last_project") == str(project)
    window.close()

    # no argument: the last project opens again
    again = create_window(parse_args([]), settings)
    qtbot.addWidget(again)
    wait_idle(qtbot, again)
    assert again.bridge is not None and again.bridge.label.endswith("shop.fcproj")
    assert str(project) in again.recent_projects()
    again.close()


def test_a_new_project_path_is_created_and_an_unreadable_file_is_refused(qtbot, tmp_path: Path, monkeypatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, error: errors.append(str(error)))
    fresh = tmp_path / "fresh.fcproj"
    window = create_window(parse_args([str(fresh)]), make_settings(tmp_path))
    qtbot.addWidget(window)
    wait_idle(qtbot, window)
    assert fresh.exists() and window.board is not None

    junk = tmp_path / "junk.fcproj"
    junk.write_text("this is not a database")
    assert window.open_project(junk) is False
    assert errors and "junk.fcproj" in errors[0]
    assert window.bridge is None  # the old project was closed first; the welcome page shows
    window.close()


def test_keyboard_shortcut_list_names_every_promised_key(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [Flow(name="Welcome")])
    window = open_window(qtbot, tmp_path, project)
    open_editor(qtbot, window, flow_id)
    window.show_shortcuts()
    dialog = window.last_dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    keys = dialog.shortcuts()
    expected = {"Delete": "Del", "Undo": "Ctrl+Z", "Redo": "Ctrl+Shift+Z", "Copy": "Ctrl+C", "Paste": "Ctrl+V",
                "Duplicate": "Ctrl+D", "Save draft": "Ctrl+S", "Find step": "Ctrl+F", "Fit to view": "Ctrl+0"}
    for action, key in expected.items():
        assert key in keys[action], (action, keys[action])
    dialog.search.setText("paste")
    visible = [r for r in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(r)]
    assert [dialog.table.item(r, 1).text() for r in visible] == ["Paste"]
    dialog.close()
    window.close()


def test_missing_keyring_gets_a_clear_message(qtbot, tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    assert ProjectService.keyring_available() is False
    project = tmp_path / "p.fcproj"
    make_project(project)
    window = open_window(qtbot, tmp_path, project)
    assert window.keyring_button.isVisibleTo(window)
    window.keyring_button.click()
    box = window.last_dialog
    assert isinstance(box, QMessageBox)
    assert "keyring" in box.informativeText().lower()
    assert "sandbox" in box.informativeText().lower()
    box.close()
    window.close()


def test_with_a_keyring_there_is_no_warning(qtbot, tmp_path: Path) -> None:
    assert ProjectService.keyring_available() is True  # the test suite's in-memory keyring
    project = tmp_path / "p.fcproj"
    make_project(project)
    window = open_window(qtbot, tmp_path, project)
    assert not window.keyring_button.isVisibleTo(window)
    window.close()


def test_theme_is_loaded_with_its_icons(qapp) -> None:
    load_theme(qapp)
    sheet = qapp.styleSheet()
    assert "QToolButton" in sheet and "{themes}" not in sheet
    assert (THEMES / "check.svg").exists()
    assert THEMES.as_posix() in sheet


def test_closing_a_modified_flow_asks_and_can_save(qtbot, tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "p.fcproj"
    [flow_id] = make_project(project, [Flow(name="Welcome")])
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    editor.add_step("wait")
    assert editor.document.is_modified()
    answers = iter(["cancel", "save"])
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: next(answers))
    assert window.close_flow(flow_id) is False  # cancelled: still open
    assert flow_id in window.editors
    assert window.close_flow(flow_id) is True
    with ProjectService.open(project) as check:
        assert [s.type for s in check.get_flow(flow_id).draft.steps] == ["wait"]
    window.close()


def test_welcome_page_without_a_project(qtbot, tmp_path: Path) -> None:
    window = create_window(parse_args(["--no-reopen"]), make_settings(tmp_path))
    qtbot.addWidget(window)
    assert window.bridge is None
    assert window.stack.currentWidget() is window.welcome
    assert any("Welcome to FlowCanvas" in label.text() for label in window.welcome.findChildren(QLabel))
    assert not window.act_new_flow.isEnabled()
    window.close()
    QApplication.processEvents()


def test_main_runs_on_the_qasync_loop_and_remembers_the_project(tmp_path: Path) -> None:
    """``python main.py --project P`` starts the designer, creates P, and exits 0 when closed."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    project = tmp_path / "started.fcproj"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "main.py", "--project", str(project), "--quit-after", "1"],
                            cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert project.exists()
    settings = list((tmp_path / "config").rglob("*.conf"))
    assert settings and str(project) in settings[0].read_text()


def test_bridge_uses_one_worker_thread_and_answers_on_the_gui_thread(qtbot, tmp_path: Path) -> None:
    import threading

    from designer.bridge import RuntimeBridge
    from runtime.service import NotFoundError

    bridge = RuntimeBridge()
    service_ = bridge.open_project(tmp_path / "b.fcproj", create=True)
    gui = threading.get_ident()
    seen: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    for _ in range(3):
        bridge.submit(threading.get_ident, on_done=lambda worker: seen.append((worker, threading.get_ident())))
    bridge.call(bridge.api.get_flow, "no such flow", on_error=errors.append)
    qtbot.waitUntil(lambda: len(seen) == 3 and bool(errors) and bridge.pending == 0)
    workers = {w for w, _ in seen}
    assert len(workers) == 1 and gui not in workers  # one worker, never the GUI thread
    assert all(callback == gui for _, callback in seen)
    assert isinstance(errors[0], NotFoundError)

    # changes committed on the worker are broadcast on the GUI thread; the flow list follows
    with qtbot.waitSignal(bridge.changed) as changed:
        bridge.call(bridge.api.create_flow, Flow(name="Hello"))
    assert changed.args[0].kind == "flow_created"
    qtbot.waitUntil(lambda: [f.name for f in bridge.flows] == ["Hello"])

    # live stats of the watched flow: broadcast once, then only when they change
    flow_id = bridge.flows[0].id
    received: list[FlowStats] = []
    bridge.stats_changed.connect(lambda fid, stats: received.append(stats))
    bridge.watch_flow(flow_id)
    qtbot.waitUntil(lambda: len(received) == 1)
    for _ in range(2):  # two more polls with the same numbers broadcast nothing
        bridge._poll()
        qtbot.waitUntil(lambda: bridge.pending == 0)
    assert len(received) == 1 and received[0].flow.entered == 0 and received[0].edges == {}
    bridge.shutdown()
    assert bridge.service is None
    with pytest.raises(RuntimeError, match="no project is open"):
        bridge.call(bridge.api.list_flows)
    bridge.deleteLater()
    del service_


def test_garbage_is_collected_on_the_gui_thread_only(qapp) -> None:
    """Automatic collection is off (it would run on worker threads); the GUI thread's timer
    collects instead, so a cycle of Qt objects dies where they live."""
    import gc
    import weakref

    from designer.app import collect_on_gui_thread

    class Node:
        pass

    was_enabled = gc.isenabled()
    collector = collect_on_gui_thread()
    try:
        assert not gc.isenabled()
        assert collector.timer.isActive()
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the collector frees it
        gone = weakref.ref(a)
        del a, b
        kept = [Node() for _ in range(gc.get_threshold()[0] + 10)]  # enough to trigger a collection
        assert gone() is not None  # ... had automatic collection been on
        collector.check()  # what the timer runs every second, on the GUI thread
        assert gone() is None
        del kept
    finally:
        collector.timer.stop()
        if was_enabled:
            gc.enable()
