"""View > Language: pick the interface language (kept in QSettings ``ui/language``).

The choice applies from the next start (the windows already open were built in the old language):
the message offers "Restart now", which closes the window as usual and starts the designer again
on the same project in the new language (:mod:`designer.restart`). A Settings dialog can offer the
same choice through :func:`designer.i18n.save_language`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from designer.i18n import LANGUAGES, current_language, save_language, saved_language
from designer.restart import request_restart


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
        self.last_box = offer_restart(self.parentWidget(), language)



def offer_restart(parent: QWidget | None, language: str) -> QMessageBox:
    """Say (non-modal) that ``language`` applies after a restart, with "Restart now" and "Later".

    "Restart now" closes ``parent``'s window the usual way (unsaved edits are asked about) and
    starts the designer again on the same project (:mod:`designer.restart`)."""
    tr = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Information, tr("LanguageMenu", "Language"),
                      tr("LanguageMenu", "The interface will be in {language} after FlowCanvas restarts. "
                         "Restart now? The same project opens again.").format(language=LANGUAGES[language]),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("LanguageChangedBox")
    restart = box.addButton(tr("LanguageMenu", "Restart now"), QMessageBox.ButtonRole.AcceptRole)
    restart.setObjectName("RestartNow")
    box.addButton(tr("LanguageMenu", "Later"), QMessageBox.ButtonRole.RejectRole)
    if parent is not None:
        window = parent.window()
        restart.clicked.connect(lambda: request_restart(window))
    box.open()
    return box
