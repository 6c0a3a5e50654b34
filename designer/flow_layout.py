"""FlowLayout: a row of widgets that wraps onto more rows when the room gets narrow.

Button rows (the flow board's actions, a flow's header tools) use it so that on a laptop screen,
or at 150 % scaling, every button keeps its full text on a second row instead of being clipped or
pushed into an overflow menu. Items keep their size hints; the layout's minimum width is its
widest item, and its height follows the width (``heightForWidth``).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Lays items out left to right, wrapping to a new row when the next one would not fit.

    An item whose widget has a horizontal stretch factor (``sizePolicy().horizontalStretch()``)
    grows to fill what is left of its row (the board's search box).
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 8, row_spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._row_spacing = row_spacing
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout's item list -------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # -- geometry ------------------------------------------------------------------------------
    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def minimumHeightForWidth(self, width: int) -> int:
        """Every row is needed: a box layout gives the wrapped rows their height first."""
        return self.heightForWidth(width)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """Everything on one row."""
        visible = self._visible()
        width = sum(i.sizeHint().width() for i in visible) + self._spacing * max(0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest item; as low as one row (the parent asks heightForWidth for the
        real height, so a window's minimum height is not that of one item per row)."""
        visible = self._visible()
        width = max((max(i.minimumSize().width(), i.sizeHint().width()) for i in visible), default=0)
        height = max((i.sizeHint().height() for i in visible), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, apply: bool) -> int:
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            width = item.sizeHint().width()
            if rows[-1] and used + self._spacing + width > area.width():
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + width
            rows[-1].append(item)
        y = area.y()
        for row in rows:
            if not row:
                continue
            height = max(i.sizeHint().height() for i in row)
            if apply:
                self._place_row(row, QPoint(area.x(), y), area.width(), height)
            y += height + self._row_spacing
        return max(0, y - self._row_spacing - area.y()) + margins.top() + margins.bottom()

    def _place_row(self, row: list[QLayoutItem], origin: QPoint, room: int, height: int) -> None:
        natural = sum(i.sizeHint().width() for i in row) + self._spacing * (len(row) - 1)
        spare = max(0, room - natural)
        stretchy = [i for i in row if i.widget() is not None and i.widget().sizePolicy().horizontalStretch() > 0]
        x = origin.x()
        for item in row:
            width = min(item.sizeHint().width(), room)  # alone on its row and still too wide: it shrinks
            if stretchy and item in stretchy:
                width += spare // len(stretchy)
            item.setGeometry(QRect(QPoint(x, origin.y() + (height - item.sizeHint().height()) // 2),
                                   QSize(width, item.sizeHint().height())))
            x += width + self._spacing


def stretchy(widget: QWidget, stretch: int = 1) -> QWidget:
    """Mark ``widget`` to take the spare room of its FlowLayout row."""
    policy = widget.sizePolicy()
    policy.setHorizontalStretch(stretch)
    policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
    widget.setSizePolicy(policy)
    return widget

