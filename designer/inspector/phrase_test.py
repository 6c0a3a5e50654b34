"""The "test a phrase" box of a message trigger: type what a contact might write, see whether the
keyword matches it (by meaning for ``similar``), with the lemmas the matcher compared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from runtime import service


class PhraseTestBox(QWidget):
    """A line edit and a verdict; ``trigger`` returns the trigger being edited."""

    def __init__(self, trigger: Callable[[], dict[str, Any] | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._trigger = trigger
        self.phrase = QLineEdit()
        self.phrase.setObjectName("PhraseTest")
        self.phrase.setPlaceholderText(self.tr("type a message to try the keyword on"))
        self.verdict = QLabel("")
        self.verdict.setObjectName("PhraseVerdict")
        self.verdict.setWordWrap(True)
        # room for two lines from the start: the form does not grow when the text arrives later
        self.verdict.setMinimumHeight(self.verdict.fontMetrics().lineSpacing() * 2 + 4)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.phrase)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.verdict)
        self.phrase.textChanged.connect(lambda _t: self.refresh())

    def refresh(self) -> None:
        """Re-check the phrase against the trigger as it is now."""
        text = self.phrase.text()
        trigger = self._trigger() or {}
        if not text.strip():
            self.verdict.setText("")
            return
        match = trigger.get("match", "exact")
        keyword = str(trigger.get("text") or "")
        synonyms = [s for s in trigger.get("synonyms") or [] if isinstance(s, str)]
        matched = service.text_matches(match, keyword, text, synonyms, trigger.get("language"))
        verdict = "✔ matches" if matched else "✘ does not match"
        if match == "similar":
            seen = service.keyword_explain(keyword, text, synonyms, str(trigger.get("language") or "en"))
            detail = f" — compared {', '.join(seen['message_lemmas']) or '(nothing)'}"
            if seen["negated"]:
                detail += f"; negated: {', '.join(seen['negated'])}"
            verdict += detail
        self.verdict.setText(verdict)
