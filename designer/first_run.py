"""What a new user meets first: the progress of a new demo project's history being built.

(The guided tour lives in :mod:`designer.tour`, the settings in :mod:`designer.settings_dialog`.)
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from designer.app_settings import project_defaults
from designer.bridge import RuntimeBridge
from runtime.service import DEMO_HISTORY_DAYS


class HistoryProgress:
    """A progress dialog while a new demo project's flows run through their first weeks."""

    def __init__(self, parent: QWidget, days: int) -> None:
        text = QCoreApplication.translate("HistoryProgress", "Running the demo shop's last {days} days through its flows…")
        self.dialog = QProgressDialog(text.format(days=days), "", 0, 0, parent)
        self.dialog.setObjectName("HistoryProgress")
        self.dialog.setWindowTitle(QCoreApplication.translate("HistoryProgress", "New demo project"))
        self.dialog.setCancelButton(None)  # the project is half made until it is done
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)

    def update(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` ticks (called on the GUI thread while the worker builds)."""
        if total:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


def open_with_history(parent: QWidget, bridge: RuntimeBridge, path: str | Path, create: bool, demo: bool,
                      settings: QSettings | None = None) -> None:
    """Open or create the project on ``bridge``: a new one starts in sandbox (nothing reaches real
    people until the user says so) with the Settings' region, quiet hours and caps; a new demo
    one with weeks of history and a progress dialog."""
    history = DEMO_HISTORY_DAYS if create and demo else 0
    progress = HistoryProgress(parent, history) if history else None
    try:
        bridge.open_project(path, create=create, demo=demo, history_days=history,
                            on_progress=progress.update if progress else None, sandbox=True)
    finally:
        if progress is not None:
            progress.close()
    if create and not demo and settings is not None:
        values, policy = project_defaults(settings)
        for key, value in values.items():
            bridge.call_sync(bridge.api.set_setting, key, value)
        bridge.call_sync(bridge.api.channel_set_policy, policy)
