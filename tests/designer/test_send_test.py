""""Send me a test" from a message step's context menu: the step's message, rendered for the sample
contact, reaches the operator's own address on a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu

from runtime.service import ProjectService
from shell_helpers import open_editor, open_window, wait_for
from shell_helpers import no_modal_dialogs  # noqa: F401 - autouse fixture
from tests.runtime.smtp_server import smtp_server


def _menu_texts(editor, step_id: str) -> tuple[QMenu, list]:  # noqa: ANN001
    menu = QMenu(editor)
    for extra in editor.view.step_menu_extras:  # what the card's context menu adds
        extra(menu, step_id)
    return menu, [a for a in menu.actions() if a.text()]


def test_send_me_a_test_from_the_step_menu(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project = tmp_path / "p.fcproj"
    with smtp_server(tmp_path) as server:
        with ProjectService.create(project) as svc:
            flow_id = svc.create_flow_from_preset("welcome")
            svc.channel_set("email", {"host": server.host, "port": server.port, "security": "none",
                                      "from_email": "news@shop.example", "test_to": "me@shop.example"})
        window = open_window(qtbot, tmp_path, project)
        editor = open_editor(qtbot, window, flow_id)
        shown: list[str] = []
        editor.message.connect(shown.append)
        _, waits = _menu_texts(editor, "wait_2d")
        assert "Send me a test" not in [a.text() for a in waits]  # a wait sends nothing
        menu, actions = _menu_texts(editor, "welcome_email")
        next(a for a in actions if a.text() == "Send me a test").trigger()
        wait_for(qtbot, lambda: editor.send_test.last_result is not None or editor.send_test.last_error is not None,
                 timeout=30000)
        assert editor.send_test.last_error is None and len(server.inbox.messages) == 1
    _, rcpts, mail = server.inbox.messages[0]
    assert rcpts == ["me@shop.example"] and mail["Subject"] == "[Test] Welcome, Alex!"
    assert shown[-1] == "Test of “welcome_email” sent by email to me@shop.example."
    window.close()


def test_without_my_address_it_says_where_to_set_it(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project = tmp_path / "p.fcproj"
    with ProjectService.create(project) as svc:
        flow_id = svc.create_flow_from_preset("welcome")
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    # the inspector offers it on a message step only
    window.inspector.show_step("wait_2d")
    assert window.inspector.send_test_button.isHidden()
    window.inspector.show_step("welcome_email")
    assert not window.inspector.send_test_button.isHidden()
    window.inspector.send_test_button.click()
    wait_for(qtbot, lambda: editor.send_test.last_error is not None, timeout=30000)
    assert "Channels > email > Send tests to" in editor.send_test.last_error
    window.close()
