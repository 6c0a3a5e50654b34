"""PortItem: the input dot on a card's left edge and the output dots on its right edge.

Ports are children of a :class:`~designer.canvas.step_item.StepItem` and read-only views:
dragging from an output port is handled by ``interactions.ConnectInteraction``. The card paints
the resting dots into its own cached pixmap (:func:`paint_port`); a PortItem only paints when
hovered or highlighted, so a 500-step flow does not pay ~1,500 extra paint calls per frame.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.canvas.hover import HoverTracking

PORT_RADIUS = 6.0

#: Port colours that carry meaning; other ports use the neutral colour.
PORT_COLORS = {"yes": "#16a34a", "no": "#dc2626", "failed": "#b91c1c", "else": "#6b7280"}
NEUTRAL_PORT = "#64748b"


def port_color(port: str) -> QColor:
    """The colour of a port (and of edges leaving it)."""
    return QColor(PORT_COLORS.get(port, NEUTRAL_PORT))


_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
_CROSS = Qt.CursorShape.CrossCursor


class PortItem(HoverTracking, QGraphicsItem):
    """One port dot. ``is_output`` ports start connections; the input port receives them."""

    Type = QGraphicsItem.UserType + 2

    def __init__(self, step_id: str, port: str, is_output: bool, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.step_id = step_id
        self.port = port
        self.is_output = is_output
        self._highlight = False
        self.setAcceptHoverEvents(is_output)
        self.setZValue(2)
        self.setFlag(_NO_CONTENTS, True)
        if is_output:
            self.setCursor(_CROSS)
            self.setToolTip(f"Drag to connect the '{port}' branch to another step")

    def type(self) -> int:
        return self.Type

    def boundingRect(self) -> QRectF:
        r = PORT_RADIUS + 3  # room for the hover ring
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        r = PORT_RADIUS + 4  # a slightly larger target than the dot: easier to grab
        path.addEllipse(QPointF(0, 0), r, r)
        return path

    def _refresh(self) -> None:
        self.setFlag(_NO_CONTENTS, not (self._hover or self._highlight))
        self.update()

    def set_highlight(self, on: bool) -> None:
        """Show this port as a drop target / active drag source."""
        if on != self._highlight:
            self._highlight = on
            self._refresh()

    def _hover_changed(self) -> None:
        self._refresh()  # the dot paints only while hovered or highlighted

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = port_color(self.port) if self.is_output else QColor(NEUTRAL_PORT)
        painter.setPen(Qt.PenStyle.NoPen)
        glow = QColor(color)
        glow.setAlpha(60)
        painter.setBrush(glow)
        painter.drawEllipse(QPointF(0, 0), PORT_RADIUS + 4, PORT_RADIUS + 4)
        paint_port(painter, QPointF(0, 0), self.port, self.is_output, PORT_RADIUS + 2)


def paint_port(painter: QPainter, at: QPointF, port: str, is_output: bool, radius: float = PORT_RADIUS) -> None:
    """A port dot: filled in the port colour for outputs, hollow for the input."""
    color = port_color(port) if is_output else QColor(NEUTRAL_PORT)
    painter.setPen(QPen(color, 2))
    painter.setBrush(QBrush(color if is_output else QColor("white")))
    painter.drawEllipse(at, radius - 1, radius - 1)
