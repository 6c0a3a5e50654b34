"""The channel settings dialog: secrets go to the keyring only, Test connection, policy, sandbox."""

from __future__ import annotations

import keyring
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from designer.channel_settings import SANDBOX_TEXT, ChannelSettingsDialog
from operator_helpers import bot_api, bridge, service_of, wait_idle  # noqa: F401 - fixtures

TOKEN = "42:GOOD"


def open_dialog(qtbot, bridge) -> ChannelSettingsDialog:  # noqa: ANN001, F811
    dialog = ChannelSettingsDialog(bridge)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_into(qtbot, edit: QLineEdit, text: str) -> None:  # noqa: ANN001
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_telegram_token_goes_to_the_keyring_never_to_the_project(qtbot, bridge, memory_keyring, bot_api) -> None:  # noqa: F811
    dialog = open_dialog(qtbot, bridge)
    dialog.show_page("telegram")
    page = dialog.pages["telegram"]
    token = page.secrets["token"]
    assert token.edit.echoMode() == QLineEdit.EchoMode.Password
    assert token.state.text() == "not set"
    type_into(qtbot, token.edit, TOKEN)
    type_into(qtbot, page.editors["api_base"], bot_api)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, bridge)

    assert list(memory_keyring.store.values()) == [TOKEN]
    service = service_of(bridge)
    stored = service.get_setting("channel.telegram")
    assert stored["api_base"] == bot_api and "token" not in stored
    with service.project.session() as session:  # the token is nowhere in the project file's settings
        from runtime.storage.models import Setting

        assert all(TOKEN not in repr(row.value) for row in session.query(Setting))
    # shown back only as "set", never as the token
    assert token.state.text() == "set" and token.edit.text() == ""
    assert page.status.text() == "Configured"

    # a second dialog shows the same state from the runtime
    again = open_dialog(qtbot, bridge)
    assert again.pages["telegram"].secrets["token"].state.text() == "set"
    assert TOKEN not in {w.text() for w in again.findChildren(QLineEdit)}


def test_test_connection_shows_the_runtimes_answer(qtbot, bridge, bot_api) -> None:  # noqa: F811
    dialog = open_dialog(qtbot, bridge)
    page = dialog.pages["telegram"]
    type_into(qtbot, page.editors["api_base"], bot_api)
    type_into(qtbot, page.secrets["token"].edit, "42:BAD")
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)  # saves first, then tests off the GUI thread
    qtbot.waitUntil(lambda: page.result.text().startswith("Connection failed"), timeout=10000)
    assert "Unauthorized" in page.result.text() or "401" in page.result.text()
    assert page.test_button.isEnabled()

    type_into(qtbot, page.secrets["token"].edit, TOKEN)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.text().startswith("Connected"), timeout=10000)
    assert "shop_bot" in page.result.text()
    assert page.result.property("role") == "ok"
    wait_idle(qtbot, bridge)


def test_forget_removes_the_secret(qtbot, bridge, memory_keyring) -> None:  # noqa: F811
    service_of(bridge).channel_set("email", {"password": "pa55", "host": "smtp.shop.io", "from_email": "a@shop.io"})
    dialog = open_dialog(qtbot, bridge)
    secret = dialog.pages["email"].secrets["password"]
    assert secret.state.text() == "set"
    qtbot.mouseClick(secret.forget, Qt.MouseButton.LeftButton)
    dialog.save()
    wait_idle(qtbot, bridge)
    assert memory_keyring.store == {}
    assert secret.state.text() == "not set"


def test_no_keyring_is_explained(qtbot, bridge) -> None:  # noqa: F811
    keyring.set_keyring(fail.Keyring())
    dialog = open_dialog(qtbot, bridge)
    assert dialog.keyring_banner.isVisible()
    assert "keyring" in dialog.keyring_text.text().lower()
    page = dialog.pages["telegram"]
    assert page.secrets["token"].state.text() == "unknown"
    type_into(qtbot, page.secrets["token"].edit, TOKEN)
    dialog.save_channel("telegram")
    wait_idle(qtbot, bridge)
    assert page.result.property("role") == "error"
    assert "no OS keyring is available" in page.result.text()


def test_delivery_rules_and_sandbox(qtbot, bridge) -> None:  # noqa: F811
    dialog = open_dialog(qtbot, bridge)
    assert dialog.sandbox.text() == SANDBOX_TEXT and not dialog.sandbox.isChecked()
    dialog.sandbox.click()
    wait_idle(qtbot, bridge)
    service = service_of(bridge)
    assert service.channel_policy()["sandbox"] is True
    assert "nothing leaves this computer" in dialog.message.text()

    policy = dialog.policy_page
    dialog.show_page("policy")
    type_into(qtbot, policy.quiet["default"], "21:00-08:00")
    type_into(qtbot, policy.caps["cap.per_day"], "3")
    type_into(qtbot, policy.caps["cap.sms.per_week"], "2")
    policy.action.setCurrentIndex(policy.action.findData("skip"))
    dialog.save()
    wait_idle(qtbot, bridge)
    stored = service.channel_policy()
    assert stored["quiet_hours"]["default"] == "21:00-08:00"
    assert stored["caps"]["per_day"] == 3 and stored["caps"]["channels"]["sms"]["per_week"] == 2
    assert stored["caps"]["action"] == "skip"
    assert policy.result.text() == "Saved."

    type_into(qtbot, policy.quiet["sms"], "25:00-08:00")
    dialog.save()
    wait_idle(qtbot, bridge)
    assert policy.result.property("role") == "error" and "quiet hours" in policy.result.text()
    assert service.channel_policy()["quiet_hours"]["sms"] == "20:00-08:00"
