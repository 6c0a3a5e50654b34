"""Restart the designer in place (a new interface language takes effect so).

:func:`request_restart` closes the main window the ordinary way (unsaved edits are asked about;
the project's runner finishes its batch and releases its lease) and marks the application;
:func:`restart_if_requested`, called by :func:`designer.app.main` once the event loop has ended,
then starts the same command again in this process, which reopens the last project.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

RESTART_PROPERTY = "flowcanvas_restart"


def request_restart(window: QWidget) -> bool:
    """Close ``window`` to restart; False (and nothing changed) when the user kept it open."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    app.setProperty(RESTART_PROPERTY, True)
    if window.close():
        return True
    app.setProperty(RESTART_PROPERTY, False)  # "Cancel" on unsaved edits: keep working
    return False


def restart_requested() -> bool:
    """Whether a closed window asked for a restart."""
    app = QCoreApplication.instance()
    return bool(app is not None and app.property(RESTART_PROPERTY))


def restart_if_requested() -> None:
    """Replace this process with a fresh start of the same command (returns when none was asked)."""
    if restart_requested():
        os.execv(sys.executable, [sys.executable, *sys.argv])
