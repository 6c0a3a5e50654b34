"""View > Language: pick the interface language (kept in QSettings ``ui/language``).

The choice applies from the next start: the windows already open were built in the old language.
A Settings dialog can offer the same choice through :func:`designer.i18n.save_language`.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from designer.i18n import LANGUAGES, current_language, save_language, saved_language


class LanguageMenu(QMenu):
    """One checkable entry per language, each in its own name ("Русский", "English")."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LanguageMenu")
        self.setTitle(self.tr("Language"))
        self.settings = settings
        self.last_box: QMessageBox | None = None
        group = QActionGroup(self)
        chosen = saved_language(settings)
        self.entries: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setObjectName(f"Language_{code}")
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.triggered.connect(lambda _c=False, c=code: self.choose(c))
            group.addAction(action)
            self.addAction(action)
            self.entries[code] = action

    def choose(self, language: str) -> None:
        """Remember ``language``; say that it applies at the next start (non-modal)."""
        save_language(language, self.settings)
        if language == current_language():
            return
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Language"),
                          self.tr("The interface will be in {language} the next time FlowCanvas starts.").format(
                              language=LANGUAGES[language]), QMessageBox.StandardButton.Ok, self.parentWidget())
        box.setObjectName("LanguageChangedBox")
        self.last_box = box
        box.open()
