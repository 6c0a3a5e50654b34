"""The Russian interface: every main view walked for text left in English, and the language
switch (QSettings ``ui/language``, the View menu)."""

from __future__ import annotations

from pathlib import Path

import pytest
from i18n_walk import english_left, project_values, untranslated
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from shell_helpers import make_project, make_settings, open_editor, open_window, service, wait_for, wait_idle

from designer.i18n import LANGUAGES, SETTINGS_KEY, current_language, install_translator, saved_language
from designer.inspector.catalog import BUILTIN_FIELDS
from designer.main_window import MainWindow
from designer.restart import RESTART_PROPERTY, restart_requested
from designer.tag_dialogs import TagEditDialog
from runtime.service import flow_from_dict


def test_walk_finds_english_and_lets_names_and_user_data_pass() -> None:
    assert english_left("Save draft", set()) == "Save draft"
    assert english_left("Сохранить черновик", set()) == ""
    # proper nouns, template code, addresses and the user's own data stay as they are
    assert english_left("Канал Telegram для {{ contact.first_name }} (anna@shop.io)", set()) == ""
    assert english_left("Воронка: Abandoned cart", {"Abandoned cart"}) == ""
    assert english_left("<b>Шаг</b> wait_2d ждёт", set()) == ""
    assert english_left("Воронка: Abandoned cart", set()) == "Abandoned cart"


def _walk(window: MainWindow, user_data: set[str], *extra: QWidget) -> list[str]:
    tops = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    return untranslated([window, *tops, *extra], user_data)


def test_russian_interface_has_no_english_in_any_main_view(qtbot, tmp_path: Path, russian: None) -> None:
    window = MainWindow(make_settings(tmp_path))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    left = _walk(window, set())  # the welcome page

    path = tmp_path / "demo.fcproj"
    assert window.open_project(path, create=True, demo=True)
    wait_idle(qtbot, window)
    data = project_values(path) | set(BUILTIN_FIELDS)  # the user's data and the contact fields' names
    wait_for(qtbot, lambda: window.board is not None and window.board.table.model().rowCount() > 0)
    left += _walk(window, data)  # the flow board, menus, tool bar, docks, status bar

    flows = service(window).list_flows()
    assert len(flows) >= 4
    for flow in flows:
        window.open_flow(flow.id)
        wait_for(qtbot, lambda f=flow.id: f in window.editors, timeout=30000)
        editor = window.editors[flow.id]
        assert window.inspector is not None
        window.inspector.show_flow_settings()
        wait_idle(qtbot, window, timeout=30000)
        left += _walk(window, data)
        for step_id in editor.step_names():
            window.inspector.show_step(step_id)  # every step type's form
            wait_idle(qtbot, window, timeout=30000)  # its pickers and preview loaded
            left += _walk(window, data, window.inspector)
    stuck = editor.live_tools.open(next(iter(editor.step_names())))
    wait_idle(qtbot, window)
    left += _walk(window, data, stuck)
    stuck.close()

    window.operator_tools.show_contacts()
    outbox = window.operator_tools.show_outbox()
    assert outbox is not None
    wait_for(qtbot, lambda: outbox.model.rowCount() > 0)
    outbox.table.selectRow(0)  # the detail pane: where, when, attempts, why
    wait_idle(qtbot, window)
    assert outbox.detail_meta.text()
    left += _walk(window, data)
    tags = window.ops_tools.show_tags()
    window.ops_tools.show_notifications()
    window.reports_tools.show_reports()
    wait_idle(qtbot, window)
    editor_dialog = TagEditDialog(None, [], tags)
    left += _walk(window, data, editor_dialog)
    editor_dialog.deleteLater()
    channels = window.operator_tools.show_channels()
    wait_idle(qtbot, window)
    left += _walk(window, data)
    assert channels is not None
    channels.close()

    left = sorted(set(left))
    assert not left, f"{len(left)} English text(s) in the Russian interface:\n" + "\n".join(left)
    window.close_project()


# a flow with a problem of each common kind: an empty rule, an empty body, a wrong port, a link to
# nowhere, a step on its own, sends without a wait, an SMS at night, no goal, a wait for an event
BROKEN = {
    "format": "flowcanvas/1", "name": "Broken", "trigger": {"type": "event", "event": "signup"},
    "settings": {"quiet_hours": "off"},
    "steps": [
        {"id": "vip", "type": "condition", "name": "VIP?", "config": {"if": {"all": [{"field": "", "op": "="}]}},
         "position": [0, 0]},
        {"id": "hello", "type": "send_email", "name": "Hello", "config": {"subject": "Hi", "body": ""},
         "position": [300, 0]},
        {"id": "nudge", "type": "send_sms", "config": {"text": "Hi {{ contact.first_name }}"}, "position": [600, 0]},
        {"id": "wait", "type": "wait", "config": {"event": "purchase", "timeout": "P2D"}, "position": [900, 0]},
        {"id": "pause", "type": "wait", "config": {"duration": "P5D"}, "position": [1200, 0]},
        {"id": "alone", "type": "add_tag", "config": {"tag": "x"}, "position": [0, 300]},
    ],
    "edges": [{"from": "vip", "port": "yes", "to": "hello"}, {"from": "vip", "port": "maybe", "to": "nudge"},
              {"from": "hello", "to": "nudge"}, {"from": "nudge", "to": "wait"}, {"from": "wait", "port": "no",
                                                                                 "to": "pause"},
              {"from": "pause", "to": "gone"}],
}


def test_problems_cards_and_ports_speak_russian(qtbot, tmp_path: Path, russian: None) -> None:
    """The runtime's problem sentences (Problems panel, card tooltips), port labels and durations."""
    path = tmp_path / "broken.fcproj"
    [flow_id] = make_project(path, [flow_from_dict(BROKEN)])
    window = open_window(qtbot, tmp_path, path)
    editor = open_editor(qtbot, window, flow_id)
    data = project_values(path) | set(BUILTIN_FIELDS)
    problems = window.problems.messages()
    assert len(problems) >= 8, problems  # errors and the linter's advice
    assert any("Условие 'VIP?': в правиле 1 не выбрано поле" in text for text in problems), problems
    assert any("нет выхода 'maybe'" in text and "да, нет" in text for text in problems), problems
    cards = {item.step_id: item for item in editor.scene.items() if hasattr(item, "port_texts")}
    assert cards["vip"].port_texts() == ["да", "нет"] and cards["nudge"].port_texts() == ["далее", "ошибка"]
    assert "2 дня" in cards["wait"].summary and "5 дней" in cards["pause"].summary
    assert "в правиле 1 не выбрано поле" in cards["vip"].toolTip()
    left = untranslated([window], data)  # Problems panel rows and tips, card tooltips, ports, edges
    assert not left, f"{len(left)} English text(s) in the Russian interface:\n" + "\n".join(left)
    window.close_project()


def test_tour_in_russian(qtbot, tmp_path: Path, russian: None) -> None:
    """The first-run tour: every stop, its buttons and Help > Tour."""
    from designer.tour import STOPS, attach

    path = tmp_path / "broken.fcproj"
    [flow_id] = make_project(path, [flow_from_dict(BROKEN)])
    window = open_window(qtbot, tmp_path, path)
    open_editor(qtbot, window, flow_id)
    guide = attach(window, window.settings)
    assert [a.text() for a in window.menus["Help"].actions()][-1] == "Обзор возможностей"
    guide.start()
    data = project_values(path)
    left = []
    for index in range(len(STOPS)):
        guide.show_stop(index)
        assert guide.card is not None and guide.card.step.text() == f"{index + 1} из {len(STOPS)}"
        left += untranslated([guide.card], data)
    assert guide.card.next.text() == "Готово"
    assert not left, "\n".join(left)
    guide.finish()
    window.close_project()


def test_language_setting_picks_the_catalogue(qapp: QApplication, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    assert saved_language(settings) in LANGUAGES
    settings.setValue(SETTINGS_KEY, "ru")
    try:
        assert install_translator(qapp, saved_language(settings))
        assert current_language() == "ru"
        assert QApplication.translate("WindowMenus", "Save draft") == "Сохранить черновик"
    finally:
        install_translator(qapp, "en")
    assert current_language() == "en"
    assert QApplication.translate("WindowMenus", "Save draft") == "Save draft"


def test_view_menu_switches_the_language_after_a_restart(qtbot, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.setValue(SETTINGS_KEY, "en")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    menu = window.language_menu
    assert menu in [a.menu() for a in window.menus["View"].actions() if a.menu()]
    assert [a.text() for a in menu.actions()] == ["English", "Русский", "中文"]  # each in its own name
    assert menu.entries["en"].isChecked()
    menu.entries["ru"].trigger()
    assert settings.value(SETTINGS_KEY) == "ru" and saved_language(settings) == "ru"
    assert menu.last_box is not None and "Русский" in menu.last_box.text()
    assert current_language() == "en"  # the open window stays as it was built
    window.show()
    restart = menu.last_box.findChild(QAbstractButton, "RestartNow")
    assert restart is not None and restart.text() == "Restart now"
    try:
        restart.click()  # closes the window the usual way; the app then starts again in Russian
        assert not window.isVisible() and restart_requested()
    finally:
        QApplication.instance().setProperty(RESTART_PROPERTY, False)


def test_welcome_page_and_flow_board_in_chinese(qtbot, qapp: QApplication, tmp_path: Path) -> None:
    assert install_translator(qapp, "zh")
    try:
        window = MainWindow(make_settings(tmp_path))
        qtbot.addWidget(window)
        window.show()
        assert window.welcome is not None
        assert not untranslated([window.welcome], set())
        assert "欢迎使用 FlowCanvas" in [label.text() for label in window.welcome.findChildren(QLabel)]
        path = tmp_path / "blank.fcproj"
        assert window.open_project(path, create=True)
        wait_idle(qtbot, window)
        assert window.board is not None
        assert not untranslated([window.board], project_values(path))
        assert window.tabs.tabText(0) == "流程"
        window.close_project()
    finally:
        install_translator(qapp, "en")


@pytest.mark.parametrize("state", ["running", "paused", "fast_forward", "lost", "stopped"])
def test_runner_status_speaks_russian(qtbot, state: str, russian: None) -> None:
    """The status bar's runner part (state, sandbox, clock, last tick, errors) while a project runs."""
    from designer.runtime_status import RuntimeController, RuntimeStatusWidget
    from runtime.service import RunnerError, RunnerStatus

    widget = RuntimeStatusWidget()
    qtbot.addWidget(widget)
    controller = RuntimeController("demo.fcproj")
    controller.state = state
    controller.status = RunnerStatus(
        state=state, sandbox=True, virtual=state != "running", now="2026-03-02T10:00:00+00:00",
        last_tick="2026-03-02T10:00:01+00:00", target="2026-03-05T10:00:00+00:00",
        errors=(RunnerError("2026-03-02T10:00:00+00:00", "tick", "OperationalError: disk I/O error", ""),) * 2)
    widget.set_controller(controller)
    widget.refresh()
    detail = widget.detail_label.text()
    assert "песочница" in detail and ("время" in detail)
    left = untranslated([widget], {"OperationalError: disk I/O error"})
    assert not left, left
    widget.set_controller(None)
    controller.deleteLater()


def test_status_words_in_russian(russian: None) -> None:
    """The runtime's machine words a contact's page shows (channel, run and step statuses)."""
    from designer.contact_view import _detail_text
    from designer.status_words import status_word, tag_reason

    assert [status_word(w) for w in ("subscribed", "active", "held", "waiting", "completed", "add")] == \
        ["подписан", "активен", "задержан", "ждёт", "завершён", "добавлен"]
    assert status_word("carrier_rejected") == "carrier_rejected" and status_word(None) == ""
    assert tag_reason("step tag_lead of flow 'Воронка'") == "шаг tag_lead сценария «Воронка»"
    assert tag_reason("signed up on the website") == "signed up on the website"  # the importer's own words
    detail = {"channel": "telegram", "status": "queued", "reason": "sandbox mode: nothing leaves the machine"}
    expected = "канал: telegram, статус: в очереди, причина: режим песочницы: ничего не уходит с этого компьютера"
    assert _detail_text(detail) == expected
