"""Russian words outside the main walk: punctuation of the hints, counted badges on the cards."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QLabel
from shell_helpers import make_settings

from designer.canvas.counts_overlay import CountsBadgeItem, CountsOverlay
from designer.canvas.scene import FlowScene
from designer.document import FlowDocument
from designer.mode_indicator import ModeIndicator
from designer.settings_dialog import SettingsDialog
from runtime.service import Flow

DOUBLED = re.compile(r"…\.|\.\.(?!\.)|[.,;:]\s*[.,;]")


def test_settings_hints_end_in_one_mark(qtbot, tmp_path: Path, russian: None) -> None:
    """The Settings hint and the sandbox/live tips end in one full stop, never "…."."""
    dialog = SettingsDialog(make_settings(tmp_path))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert any("Каналы и доставка" in text for text in texts), texts
    indicator = ModeIndicator()
    qtbot.addWidget(indicator)
    for on in (True, False):
        indicator.set_sandbox(on)
        texts.append(indicator.toolTip())
    doubled = [text for text in texts if DOUBLED.search(text)]
    assert not doubled, doubled


def _pill_texts(badge: CountsBadgeItem) -> list[str]:
    return [f"{number} {label}" for _rect, _w, number, label, _c, _t in badge._layout()]


def test_card_badges_count_in_russian_plurals(document: FlowDocument, scene: FlowScene, cart_flow: Flow,
                                               russian: None) -> None:
    """"1 ошибка", "2 ошибки", "5 ошибок" (not a fixed "ошибки"); thousands read as many."""
    document.set_flow(cart_flow)
    overlay = CountsOverlay(scene)
    expected = {
        (1, 1, 1, 1): ["1 вошёл", "1 ждёт", "1 готово", "1 ошибка"],
        (2, 3, 4, 2): ["2 вошли", "3 ждут", "4 готово", "2 ошибки"],
        (5, 11, 21, 5): ["5 вошли", "11 ждут", "21 готово", "5 ошибок"],
        (122, 111, 101, 1250): ["122 вошли", "111 ждут", "101 готово", "1.2k ошибок"],
    }
    for (entered, waiting, completed, failed), texts in expected.items():
        overlay.set_counts({"wait_1h": {"entered": entered, "waiting": waiting, "completed": completed,
                                        "failed": failed}})
        assert _pill_texts(overlay.badges["wait_1h"]) == texts
    assert overlay.counts_text("wait_1h") == "122 вошли 111 ждут 101 готово 1.2k ошибок"
    overlay.clear()
