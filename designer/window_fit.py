"""How the main window fits small screens: docks that step aside away from a flow, and short
status-bar texts and a one-line Problems dock when the window is narrow or low (a laptop at 150 %).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QSizePolicy, QStatusBar, QWidget

if TYPE_CHECKING:
    from designer.main_window import MainWindow

#: Narrower than this, the status bar's texts get short (their long form stays in tool tips).
COMPACT_WIDTH = 1200
#: Lower than this, the Problems dock keeps one line and the canvas gets the rest.
COMPACT_HEIGHT = 640


class WindowFit:
    """Keeps the main window usable from 1920x1080 down to 1366x768 at 150 % (911x512 logical)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.hidden_docks: list[QDockWidget] | None = None  # editor docks stepped aside, to restore
        self.low = False

    def follow_editor(self, editing: bool) -> None:
        """The docks serve a flow: away from one (the board, contacts, tags, reports) they step
        aside and give the room to the view; back at a flow, the ones the user had open come back."""
        w = self.window
        docks = (w.palette_dock, w.overview_dock, w.problems_dock, w.inspector_dock, w.stats_dock)
        if not editing and self.hidden_docks is None:
            self.hidden_docks = [d for d in docks if d.isVisible() or not w.isVisible()]
            for dock in docks:
                dock.hide()
        elif editing and self.hidden_docks is not None:
            for dock in self.hidden_docks:
                dock.show()
            w.inspector_dock.raise_()
            self.hidden_docks = None

    def resized(self) -> None:
        """Short texts on a narrow window, a low Problems dock on a low one."""
        w = self.window
        # the long forms first: a longer language may need the short ones on a wider window too
        self._compact_status(False)
        if w.width() < COMPACT_WIDTH or _status_width(w.statusBar()) > w.width():
            self._compact_status(True)
        low = w.height() < COMPACT_HEIGHT
        if low != self.low:
            self.low = low
            w.resizeDocks([w.problems_dock], [60 if low else 110], Qt.Orientation.Vertical)

    def _compact_status(self, compact: bool) -> None:
        w = self.window
        w.sandbox_label.set_compact(compact)
        w.keyring_button.setText(QCoreApplication.translate("WindowFit", "No keyring") if compact else w.keyring_button.toolTip())


def _status_width(bar: QStatusBar) -> int:
    """The width the status bar's shown widgets need side by side (with the layout's spacing)."""
    shown = [c for c in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
             if c.isVisibleTo(bar)]
    return sum(max(_hint(c), c.minimumWidth()) + 6 for c in shown) + 12


def _hint(widget: QWidget) -> int:
    """What a layout counts as the widget's least width (an Ignored policy gives up its hint)."""
    ignored = widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored
    return 0 if ignored else widget.minimumSizeHint().width()


def scrolled(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` in a frameless scroll area: on a low screen it scrolls instead of setting the
    window's minimum height."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area
