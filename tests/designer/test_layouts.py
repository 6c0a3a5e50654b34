"""Every main view fits a laptop and a desktop screen at 100 % and 150 %: no clipped button, no cut
label, no tool bar action folded away, and the window shrinks to the screen.

Sizes are logical pixels: 1366x768 and 1920x1080 at 100 %, and the same screens at 150 %
(911x512 and 1280x720 logical). One run also goes through a real ``QT_SCALE_FACTOR=1.5``.
The Russian interface (texts about a third longer) is audited too, on a demo project made in
Russian (its flow and step names are Russian), at the laptop sizes and the desktop one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QToolBar, QWidget

from designer.i18n import install_translator
from designer.layout_audit import cut_texts
from runtime.service import ProjectService
from tests.designer.layout_views import VIEWS, audit

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {"1366x768 at 100 %": (1366, 768), "1920x1080 at 100 %": (1920, 1080),
           "1366x768 at 150 %": (911, 512), "1920x1080 at 150 %": (1280, 720)}


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo project with two days of history: live counts in the headers and on the cards."""
    path = tmp_path_factory.mktemp("layouts") / "demo.fcproj"
    ProjectService.create(path, demo=True, history_days=2).close()
    return path


RUSSIAN_SCREENS = ("1366x768 at 100 %", "1366x768 at 150 %", "1920x1080 at 100 %")


@pytest.fixture(scope="module")
def russian_demo(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project created while the interface is Russian: Russian flow and step names."""
    path = tmp_path_factory.mktemp("layouts_ru") / "demo.fcproj"
    assert install_translator(qapp, "ru")
    try:
        ProjectService.create(path, demo=True, history_days=2).close()
    finally:
        install_translator(qapp, "en")
    return path


@pytest.mark.parametrize("screen", RUSSIAN_SCREENS)
def test_every_view_fits_the_screen_in_russian(qapp, russian_demo: Path, russian: None, tmp_path: Path,
                                               screen: str) -> None:
    found = audit(russian_demo, tmp_path, SCREENS[screen])
    assert set(found) == set(VIEWS)
    assert {view: problems for view, problems in found.items() if problems} == {}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_view_fits_the_screen(qapp, demo_project: Path, tmp_path: Path, screen: str) -> None:
    found = audit(demo_project, tmp_path, SCREENS[screen])
    assert set(found) == set(VIEWS)
    assert {view: problems for view, problems in found.items() if problems} == {}


def test_views_fit_with_a_real_scale_factor_of_150_percent(demo_project: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "tests.designer.layout_views", str(demo_project), "911x512",
                             str(tmp_path)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(found) == set(VIEWS)
    assert {view: problems for view, problems in found.items() if problems} == {}


def test_the_audit_sees_a_clipped_button_a_cut_label_and_a_folded_action(qtbot) -> None:
    """The check itself can fail: the cases the views had before they were fixed."""
    host = QWidget()
    qtbot.addWidget(host)
    row = QHBoxLayout(host)
    button = QPushButton("Discard changes")
    button.setFixedWidth(60)
    label = QLabel("Search flows and their steps")
    label.setFixedWidth(50)
    bar = QToolBar()
    bar.setObjectName("Header")
    for text in ("Import…", "Export…", "Save draft", "Pause", "Publish changes"):
        bar.addAction(text)
    bar.setFixedWidth(120)
    for widget in (button, label, bar):
        row.addWidget(widget)
    host.resize(400, 80)
    host.show()
    qtbot.waitExposed(host)
    found = {(c.kind, c.text) for c in cut_texts(host)}
    assert ("QPushButton", "Discard changes") in found
    assert ("label", "Search flows and their steps") in found
    assert ("toolbar action", "Publish changes") in found
    button.setMinimumWidth(0)
    button.setMaximumWidth(1000)
    button.setFixedWidth(button.sizeHint().width())
    label.setFixedWidth(label.sizeHint().width() + 4)
    assert not {c.text for c in cut_texts(host)} & {"Discard changes", "Search flows and their steps"}


def test_save_changes_dialog_shows_discard_changes_in_full(qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from designer import dialogs

    found: list[str] = []

    def audit_and_cancel() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        found.extend(str(c) for c in cut_texts(box))
        found.append("seen")
        box.reject()

    QTimer.singleShot(0, audit_and_cancel)
    assert dialogs.ask_save_changes(None, "Abandoned cart") == "cancel"
    assert found == ["seen"]
