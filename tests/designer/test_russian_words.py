"""Russian words outside the main walk: punctuation of the hints, counted badges on the cards."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QLabel
from shell_helpers import make_settings

from designer.mode_indicator import ModeIndicator
from designer.settings_dialog import SettingsDialog

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
