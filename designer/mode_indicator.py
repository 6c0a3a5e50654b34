"""The status bar's delivery mode: amber SANDBOX while nothing leaves the computer, red LIVE when
active flows send real messages; and the confirmation before sandbox mode is switched off.

The indicator shortens its text when the window is narrow (a laptop at 150 %): the full sentence
moves to the tool tip.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

SANDBOX_STYLE = ("color: #b54708; background: #fef0c7; border-radius: 8px; padding: 1px 8px;"
                 " font-size: 8.5pt; font-weight: 600;")
LIVE_STYLE = ("color: #ffffff; background: #d92d20; border-radius: 8px; padding: 1px 8px;"
              " font-size: 8.5pt; font-weight: 700;")
SANDBOX_TIP = ("Sandbox: messages land in the outbox with status “sandbox”; nothing leaves this computer. "
               "Project > Channels and delivery… switches it off.")
LIVE_TIP = ("Live: active flows send real email, SMS and messages to real people. "
            "Project > Channels and delivery… switches sandbox mode back on.")


class ModeIndicator(QLabel):
    """SANDBOX (amber) or LIVE (red), long or short (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SandboxIndicator")
        self.sandbox: bool | None = None
        self.compact = False
        self.hide()  # until a project says which mode it is in

    def set_sandbox(self, on: bool) -> None:
        """Show the project's mode."""
        self.sandbox = bool(on)
        self._render()
        self.show()

    def clear(self) -> None:
        """No project open: no mode."""
        self.sandbox = None
        self.hide()

    def set_compact(self, compact: bool) -> None:
        """Short text (the long one stays in the tool tip)."""
        if compact != self.compact:
            self.compact = compact
            self._render()

    @property
    def live(self) -> bool:
        return self.sandbox is False

    def _render(self) -> None:
        if self.sandbox is None:
            return
        if self.sandbox:
            self.setText("SANDBOX" if self.compact else "SANDBOX: nothing leaves this computer")
            self.setStyleSheet(SANDBOX_STYLE)
            self.setToolTip(SANDBOX_TIP)
        else:
            self.setText("LIVE" if self.compact else "LIVE: messages go to real people")
            self.setStyleSheet(LIVE_STYLE)
            self.setToolTip(LIVE_TIP)


def confirm_going_live(parent: QWidget) -> bool:
    """Ask before sandbox mode is switched off; True when the user really wants to send for real."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Switch sandbox off?",
                      "Active flows will send real email, SMS and messages to real people from now on.",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText("Messages already in the outbox as “sandbox” are not sent again.")
    go = box.addButton("Send for real", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Stay in sandbox", QMessageBox.ButtonRole.RejectRole)
    box.setObjectName("GoLiveConfirm")
    box.exec()
    return box.clickedButton() is go
