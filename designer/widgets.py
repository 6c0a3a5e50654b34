"""Small widget helpers the designer's panels and dialogs share.

Labels carry a ``role`` dynamic property that the style sheet keys on (``title``, ``subtitle``,
``hint``, ``ok``, ``error``, ...); after such a property changes the widget must be re-polished
for the style sheet to apply, which :func:`restyle` does.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSizePolicy, QWidget

__all__ = ["ElidedLabel", "compact", "label", "placeholder_width", "restyle"]


def label(text: str, role: str | None = None, wrap: bool = True) -> QLabel:
    """A label with an optional style ``role`` (word-wrapped unless ``wrap`` is False)."""
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    return widget


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def placeholder_width(edit: QLineEdit, floor: int) -> int:
    """A minimum width for ``edit`` that shows its placeholder in full (in any language), at least
    ``floor``: frame, text margins and the clear button's room included."""
    room = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 16
    if edit.isClearButtonEnabled():
        room += 20
    return max(floor, room)


def compact(combo: QComboBox, chars: int = 10) -> None:
    """Let a combo box shrink below its longest item (long flow and step names elide)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)


class ElidedLabel(QLabel):
    """A one-line label that gives up width first and then ends its text with "…" instead of
    cutting it mid-word (the full text is in the tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.update()

    def minimumSizeHint(self) -> QSize:
        """As narrow as "…" (or the minimum width set): a layout that gives this label a
        shrinkable policy keeps its full width while there is room and elides after."""
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("…") + 2, hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), shown)
