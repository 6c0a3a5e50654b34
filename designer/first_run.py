"""What a new user meets first: the progress of a new demo project's history being built.

(The guided tour lives in :mod:`designer.tour`, the settings in :mod:`designer.settings_dialog`.)
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget


class HistoryProgress:
    """A progress dialog while a new demo project's flows run through their first weeks."""

    def __init__(self, parent: QWidget, days: int) -> None:
        self.dialog = QProgressDialog(f"Running the demo shop's last {days} days through its flows…", "", 0, 0, parent)
        self.dialog.setObjectName("HistoryProgress")
        self.dialog.setWindowTitle("New demo project")
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
