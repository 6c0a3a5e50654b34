"""First run: settings kept in QSettings and used, new projects in the documents folder and in
sandbox with the chosen defaults, a red LIVE indicator and a confirmation before going live, the
dark theme reaching the canvas."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from designer import app_settings, dialogs, mode_indicator
from designer.main_window import MainWindow
from designer.settings_dialog import SettingsDialog
from designer.themes import apply_theme, current_theme, dark_stylesheet
from runtime.service import ProjectService
from tests.designer.shell_helpers import make_settings, wait_idle


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return make_settings(tmp_path)


def test_settings_dialog_stores_checks_and_applies(qtbot, settings: QSettings, tmp_path: Path) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.quiet.setText("25:00-08:00")
    dialog.save()
    assert dialog.error.isVisibleTo(dialog) and "21:00-08:00" in dialog.error.text()
    assert settings.value(app_settings.QUIET_KEY) is None  # nothing stored from a bad form
    dialog.quiet.setText("22:00-09:00")
    dialog.region.setCurrentText("kz")
    dialog.per_day.setValue(2)
    dialog.folder.setText(str(tmp_path / "projects"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    dialog.save()
    try:
        assert app_settings.defaults(settings) == {"region": "KZ", "quiet_hours": "22:00-09:00", "cap_per_day": 2,
                                                   "cap_per_week": 0}
        assert settings.value(app_settings.LANGUAGE_KEY) == "ru"
        # the language applies after a restart, which is offered (the open windows stay as built)
        assert QApplication.translate("WindowMenus", "Save draft") == "Save draft"
        assert dialog.restart_box is not None and "Русский" in dialog.restart_box.text()
        assert [b.text() for b in dialog.restart_box.buttons()] == ["Restart now", "Later"]
        dialog.restart_box.close()
        assert app_settings.projects_dir(settings) == tmp_path / "projects" and (tmp_path / "projects").is_dir()
        assert current_theme(QApplication.instance()) == "dark"
        assert "#ffffff" not in QApplication.instance().styleSheet().lower()  # white panels went dark
    finally:
        apply_theme(QApplication.instance(), "light")


def test_dark_stylesheet_darkens_greys_and_keeps_accents_readable() -> None:
    dark = dark_stylesheet("QWidget { background: #ffffff; color: #111827; }\nQPushButton { background: #2f5fe3; }")
    background = dark.split("background: ")[1][:7]
    text = dark.split("color: ")[1][:7]
    assert int(background[1:3], 16) < 0x40 and int(text[1:3], 16) > 0xc0
    assert "#2f5fe3" in dark  # a mid-tone accent stays itself


def test_dark_theme_repaints_the_canvas(qtbot) -> None:
    from designer.canvas import scene, step_item

    try:
        apply_theme(QApplication.instance(), "dark")
        assert scene.BACKGROUND.lightness() < 60 and step_item.TEXT_COLOR.lightness() > 200
    finally:
        apply_theme(QApplication.instance(), "light")
    assert scene.BACKGROUND.lightness() > 200


def test_new_project_starts_in_sandbox_in_the_projects_folder_with_the_defaults(
        qtbot, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.setValue(app_settings.PROJECTS_DIR_KEY, str(tmp_path / "docs"))
    settings.setValue(app_settings.REGION_KEY, "BY")
    settings.setValue(app_settings.CAP_DAY_KEY, 3)
    asked: list[str] = []

    def ask_save(_parent, _title, _filter, suggested=""):
        asked.append(suggested)
        return suggested

    monkeypatch.setattr(dialogs, "ask_save_file", ask_save)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.new_project()
    wait_idle(qtbot, window)
    assert asked == [str(tmp_path / "docs" / "project.fcproj")]
    assert window.sandbox_label.isVisible() and window.sandbox_label.text().startswith("SANDBOX")
    service = window.bridge.service
    assert service.channel_policy()["sandbox"] is True
    assert service.get_setting("default_region", None) == "BY"
    assert service.channel_policy()["caps"]["per_day"] == 3

    # switching sandbox off asks first; "stay" changes nothing, "send for real" shows LIVE in red
    from designer.channel_settings import ChannelSettingsDialog

    answers = iter([False, True])
    monkeypatch.setattr("designer.channel_settings.confirm_going_live", lambda _parent: next(answers))
    channels = ChannelSettingsDialog(window.bridge, window)
    qtbot.addWidget(channels)
    channels.sandbox.click()
    wait_idle(qtbot, window)
    assert channels.sandbox.isChecked() and service.channel_policy()["sandbox"] is True
    channels.sandbox.click()
    qtbot.waitUntil(lambda: window.sandbox_label.live, timeout=10000)
    assert service.channel_policy()["sandbox"] is False
    assert window.sandbox_label.text().startswith("LIVE") and "d92d20" in window.sandbox_label.styleSheet()
    window.close()


def test_go_live_confirmation_defaults_to_staying(qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box.text())
        box.reject()  # Escape: stay in sandbox

    QTimer.singleShot(0, answer)
    assert mode_indicator.confirm_going_live(None) is False
    assert seen and "real" in seen[0]


def test_demo_project_opens_with_counts(qtbot, settings: QSettings, tmp_path: Path) -> None:
    path = tmp_path / "demo.fcproj"
    ProjectService.create(path, demo=True, history_days=2).close()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(path)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.board is not None and any(f.entered_total for f in window.board.model.flows),
                    timeout=10000)
    window.close()


def test_dark_theme_reaches_style_sheets_set_in_code(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    pill = QLabel("Active")
    qtbot.addWidget(pill)
    pill.show()
    pill.setStyleSheet("color: #067647; background: #dcfae6;")
    try:
        apply_theme(QApplication.instance(), "dark")
        assert "#dcfae6" not in pill.styleSheet()
        pill.setStyleSheet("color: #b54708; background: #fef0c7;")  # a status change while dark
        assert "#fef0c7" not in pill.styleSheet()
    finally:
        apply_theme(QApplication.instance(), "light")
    assert pill.styleSheet() == "color: #b54708; background: #fef0c7;"


def test_tour_shows_once_walks_its_stops_and_can_be_skipped(qtbot, settings: QSettings, tmp_path: Path) -> None:
    from designer.tour import STOPS, attach

    path = tmp_path / "demo.fcproj"
    ProjectService.create(path, demo=True).close()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    guide = attach(window, settings)
    window.resize(1366, 768)
    window.show()
    assert window.open_project(path)
    wait_idle(qtbot, window)
    assert guide.card is None  # the board: nothing to point at yet
    flow = next(f for f in window.bridge.service.list_flows() if f.name == "Welcome")
    window.open_flow(flow.id)
    qtbot.waitUntil(lambda: guide.card is not None and guide.card.isVisible(), timeout=10000)
    titles = []
    for _ in STOPS:
        titles.append(guide.card.title.text())
        inside = window.rect().contains(guide.card.geometry())
        assert inside, guide.card.geometry()
        guide.card.next.click()
    assert titles == [s.title for s in STOPS] and guide.card is None and guide.done
    window.close_flow(flow.id)
    window.open_flow(flow.id)
    wait_idle(qtbot, window)
    assert guide.card is None  # seen once: not again
    guide.start()  # Help > Tour
    guide.card.skip.click()
    assert guide.card is None
    window.close()
