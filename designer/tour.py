"""A short guided tour, shown once: the first time a flow is open on the canvas, a card points at
the step palette, the inspector, the Publish button, the live counts and the stuck contacts.

Next/Back walk it, "Skip tour" (or Escape) ends it; either way QSettings ``ui/tour_done`` keeps it
from coming back (Help > Tour shows it again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QPoint, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from designer.app_settings import TOUR_KEY

if TYPE_CHECKING:
    from designer.main_window import MainWindow


@dataclass(frozen=True)
class TourStop:
    title: str
    text: str
    target: Callable[[MainWindow], QWidget | None]


def _publish_button(window: MainWindow) -> QWidget | None:
    editor = window.current_editor()
    if editor is None:
        return None
    for name in ("activate", "publish"):
        action = editor.actions_[name]
        if action.isVisible():
            return editor.toolbar.widgetForAction(action)
    return editor.toolbar


STOPS = (  # titles and texts translated where shown (context "TourStop")
    TourStop(QT_TRANSLATE_NOOP("TourStop", "Steps"),
             QT_TRANSLATE_NOOP("TourStop", "Drag a step from here onto the canvas (or double-click it) and connect "
                                           "it with a drag from a port."),
             lambda w: w.palette_dock),
    TourStop(QT_TRANSLATE_NOOP("TourStop", "Inspector"),
             QT_TRANSLATE_NOOP("TourStop", "Click a step to edit it here: texts with a live preview, waits, "
                                           "conditions. Every edit can be undone."),
             lambda w: w.inspector_dock),
    TourStop(QT_TRANSLATE_NOOP("TourStop", "Publish"),
             QT_TRANSLATE_NOOP("TourStop", "Nothing changes for contacts until you publish. Problems are listed "
                                           "below and block publishing; contacts already inside stay on their "
                                           "version."),
             _publish_button),
    TourStop(QT_TRANSLATE_NOOP("TourStop", "Live counts"),
             QT_TRANSLATE_NOOP("TourStop", "The chips on each card count who entered, who waits there now, who is "
                                           "done and who failed; click a chip to see the contacts."),
             lambda w: w.current_editor().view if w.current_editor() else None),
    TourStop(QT_TRANSLATE_NOOP("TourStop", "Stuck contacts"),
             QT_TRANSLATE_NOOP("TourStop", "Right-click a step and choose Stuck contacts: everyone held there with "
                                           "the reason (quiet hours, a cap, a missing address) and actions to move "
                                           "them on."),
             lambda w: w.current_editor().view if w.current_editor() else None),
)


class TourCard(QFrame):
    """The floating card of one stop, placed beside its target."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("TourCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#TourCard { background: #1f2937; border-radius: 10px; }"
                           " QFrame#TourCard QLabel { color: #f9fafb; background: transparent; }")
        self.setFixedWidth(320)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        self.step = QLabel()
        self.step.setObjectName("TourStep")
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.text = QLabel()
        self.text.setWordWrap(True)
        for label in (self.step, self.title, self.text):
            layout.addWidget(label)
        row = QHBoxLayout()
        self.skip = QPushButton(self.tr("Skip tour"))
        self.skip.setProperty("flat", True)
        self.skip.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back = QPushButton(self.tr("Back"))
        self.next = QPushButton(self.tr("Next"))
        self.next.setProperty("primary", True)
        row.addWidget(self.skip)
        row.addStretch(1)
        row.addWidget(self.back)
        row.addWidget(self.next)
        layout.addLayout(row)


class TourGuide(QObject):
    """Starts the tour the first time a flow is on screen, once (see the module docstring)."""

    def __init__(self, window: MainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.index = 0
        self.card: TourCard | None = None
        window.tabs.currentChanged.connect(lambda _i: self.maybe_start())

    @property
    def done(self) -> bool:
        return str(self.settings.value(TOUR_KEY, "false")).lower() in ("true", "1")

    def maybe_start(self) -> None:
        """Start the tour if a flow is open and the user has not seen it."""
        if not self.done and self.card is None and self.window.current_editor() is not None:
            self.start()

    def start(self) -> None:
        """Show the first stop (also from Help > Tour, seen or not)."""
        if self.card is None:
            self.card = TourCard(self.window)
            self.card.skip.clicked.connect(self.finish)
            self.card.back.clicked.connect(lambda: self.show_stop(self.index - 1))
            self.card.next.clicked.connect(lambda: self.show_stop(self.index + 1))
        self.show_stop(0)

    def show_stop(self, index: int) -> None:
        if self.card is None:
            return
        if index >= len(STOPS):
            self.finish()
            return
        self.index = max(0, index)
        stop = STOPS[self.index]
        card = self.card
        tr = QCoreApplication.translate
        card.step.setText(tr("TourCard", "{n} of {total}").format(n=self.index + 1, total=len(STOPS)))
        card.title.setText(tr("TourStop", stop.title))
        card.text.setText(tr("TourStop", stop.text))
        card.back.setEnabled(self.index > 0)
        card.next.setText(tr("TourCard", "Done") if self.index == len(STOPS) - 1 else tr("TourCard", "Next"))
        card.adjustSize()
        card.move(self._place(stop.target(self.window), card))
        card.show()
        card.raise_()
        card.next.setFocus()

    def _place(self, target: QWidget | None, card: QWidget) -> QPoint:
        """Below a button, beside a panel when there is room, else over its middle; always inside
        the window."""
        area = self.window.rect()
        if target is None or not target.isVisible():
            return area.center() - card.rect().center()
        top_left = target.mapTo(self.window, QPoint(0, 0))
        rect = target.rect().translated(top_left)
        if rect.height() < 80:  # a button: the card hangs below it, pointing up
            point = QPoint(rect.center().x() - card.width() // 2, rect.bottom() + 10)
        elif rect.right() + card.width() + 12 < area.right():
            point = QPoint(rect.right() + 12, rect.top() + 12)
        elif rect.left() - card.width() - 12 > 0:
            point = QPoint(rect.left() - card.width() - 12, rect.top() + 12)
        else:
            point = rect.center() - card.rect().center()
        point.setX(min(max(8, point.x()), area.width() - card.width() - 8))
        point.setY(min(max(8, point.y()), area.height() - card.height() - 8))
        return point

    def finish(self) -> None:
        """End the tour and remember it was seen."""
        self.settings.setValue(TOUR_KEY, True)
        if self.card is not None:
            self.card.hide()
            self.card.deleteLater()
            self.card = None

def attach(window: MainWindow, settings: QSettings) -> TourGuide:
    """Give ``window`` its tour (Help > Tour to see it again) and return the guide."""
    guide = TourGuide(window, settings)
    window.tour = guide  # type: ignore[attr-defined]
    help_menu = getattr(window, "menus", {}).get("Help")  # found by key: its title is translated
    if help_menu is not None:
        action = help_menu.addAction(QCoreApplication.translate("TourCard", "Tour"))
        action.setObjectName("ShowTour")
        action.triggered.connect(guide.start)
    return guide
