"""EdgeItem: a cubic Bezier from an output port to a step's input, labelled with its port.

Also :class:`TriggerLinkItem` (the dashed line from the trigger card to each first step) and
:class:`RubberEdgeItem` (the line that follows the mouse while connecting). All read-only views.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.canvas.hover import HoverTracking
from designer.canvas.port_item import NEUTRAL_PORT, port_color
from designer.canvas.step_item import LOW_DETAIL, PORT_FONT, SELECTION_COLOR
from runtime.service import Edge, port_label

if TYPE_CHECKING:
    from designer.canvas.step_item import StepItem, TriggerItem

ARROW = 7.0
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)


@lru_cache(maxsize=64)
def _thin_pen(rgba: int, selected: bool) -> QPen:
    pen = QPen(QColor.fromRgba(rgba), 1.5 if selected else 1.0)
    pen.setCosmetic(True)
    return pen


def bezier(p0: QPointF, p1: QPointF) -> QPainterPath:
    """A horizontal-tangent cubic from ``p0`` to ``p1`` (loops out and back when p1 is left of p0)."""
    dx = p1.x() - p0.x()
    reach = max(50.0, abs(dx) * 0.5) if dx >= 0 else max(90.0, min(240.0, -dx * 0.5 + 60))
    path = QPainterPath(p0)
    path.cubicTo(QPointF(p0.x() + reach, p0.y()), QPointF(p1.x() - reach, p1.y()), p1)
    return path


class _CurveItem(QGraphicsItem):
    """Shared geometry: a curve, its hit shape and an arrow head at the end."""

    def __init__(self) -> None:
        super().__init__()
        self._path = QPainterPath()
        self._shape = QPainterPath()
        self._bounds = QRectF()
        self.setZValue(0)

    def _set_path(self, p0: QPointF, p1: QPointF, arrow_gap: float = 0.0) -> None:
        self.prepareGeometryChange()
        end = QPointF(p1.x() - arrow_gap, p1.y())
        self._path = bezier(p0, end)
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        self._shape = stroker.createStroke(self._path)
        self._bounds = self._shape.boundingRect().adjusted(-ARROW - 40, -ARROW - 12, ARROW + 40, ARROW + 12)
        self._end = p1

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def _paint_dashed(self, painter: QPainter, color: QColor, width: float) -> None:
        """The curve as a dashed line of ``color`` with its arrow head."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color, width, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        self._paint_arrow(painter, color)

    def _paint_arrow(self, painter: QPainter, color: QColor) -> None:
        tip = self._end
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(QPolygonF([tip, QPointF(tip.x() - ARROW * 1.4, tip.y() - ARROW * 0.8),
                                       QPointF(tip.x() - ARROW * 1.4, tip.y() + ARROW * 0.8)]))


class EdgeItem(HoverTracking, _CurveItem):
    """One model edge. ``adjust()`` re-routes it after either end moved."""

    Type = QGraphicsItem.UserType + 3

    def __init__(self, edge: Edge, source: StepItem, target: StepItem) -> None:
        super().__init__()
        self.edge = edge
        self.source_item = source
        self.target_item = target
        self._drop_target = False
        self.count_item: QGraphicsItem | None = None  # set by the counts overlay
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setToolTip(f"{edge.source} ({port_label(edge.port)}) \u2192 {edge.target}")
        source.edges.add(self)
        target.edges.add(self)
        self.adjust()

    def type(self) -> int:
        return self.Type

    def detach(self) -> None:
        """Forget both ends (the edge is being removed)."""
        self.source_item.edges.discard(self)
        self.target_item.edges.discard(self)

    def adjust(self) -> None:
        """Re-route after a move and restyle after the source's ports changed."""
        source = self.source_item
        self._dangling = self.edge.port not in source.output_ports
        self._label = port_label(self.edge.port) if source.shows_port_label(self.edge.port) else ""
        if self._dangling:
            self._color = QColor("#dc2626")  # its port is gone (e.g. an A/B group was renamed)
        else:
            self._color = port_color(self.edge.port) if self._label else QColor(NEUTRAL_PORT)
        self._set_path(source.port_anchor(self.edge.port), self.target_item.input_anchor(), ARROW)
        # where the port label pill goes: computed once per route, not per frame
        length = self._path.length()
        self._label_at: QPointF | None = None
        if self._label and length > 150:  # on short edges the card's port label says it already
            # near the target: edges fanning out of an A/B split or a condition overlap at the source
            self._label_at = self._path.pointAtPercent(self._path.percentAtLength(length - 64.0))
        if self.count_item is not None:  # the live-count label (counts overlay) rides the middle of the curve
            self.count_item.setPos(self._path.pointAtPercent(0.5))

    def label(self) -> str:
        """The port name shown on the edge ("" for a step's only ``next`` port)."""
        return self._label

    def set_drop_target(self, on: bool) -> None:
        """Show that a step dropped here would be inserted into this edge."""
        if on != self._drop_target:
            self._drop_target = on
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        # hot path with 500 edges on screen: no enum arithmetic, pens built once
        selected = self.isSelected()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        color = SELECTION_COLOR if selected else self._color
        if lod < 0.4:
            # zoomed out: a thin aliased line is ~4x cheaper and looks the same at this size
            painter.setRenderHint(_ANTIALIASING, False)
            painter.setPen(_thin_pen(color.rgba(), selected))
            painter.setBrush(_NO_BRUSH)
            painter.drawPath(self._path)
            return
        dangling = self._dangling
        label = self._label
        width = 3.0 if (selected or self._hover) else 2.0
        if self._drop_target:
            color, width = SELECTION_COLOR, 5.0
        painter.setRenderHint(_ANTIALIASING)
        pen = QPen(color, width)
        if dangling:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        self._paint_arrow(painter, color)
        at = self._label_at
        if at is not None and lod >= LOW_DETAIL:  # smaller, the port pill is an unreadable speck
            metrics = QFontMetricsF(PORT_FONT)
            w = metrics.horizontalAdvance(label) + 12
            pill = QRectF(at.x() - w / 2, at.y() - 9, w, 18)
            painter.setPen(QPen(color, 1))
            painter.setBrush(QBrush(QColor("white")))
            painter.drawRoundedRect(pill, 9, 9)
            painter.setFont(PORT_FONT)
            painter.setPen(color)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)


class TriggerLinkItem(_CurveItem):
    """The dashed line from the trigger card to a first step (not selectable, not an edge)."""

    def __init__(self, trigger: TriggerItem, target: StepItem) -> None:
        super().__init__()
        self.trigger_item = trigger
        self.target_item = target
        self.setZValue(-1)
        self.adjust()

    def adjust(self) -> None:
        self._set_path(self.trigger_item.anchor(), self.target_item.input_anchor(), ARROW)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        self._paint_dashed(painter, QColor("#9ca3af"), 1.6)


class RubberEdgeItem(_CurveItem):
    """The provisional edge drawn while dragging from a port; red when the drop is refused."""

    def __init__(self, port: str, start: QPointF) -> None:
        super().__init__()
        self.port = port
        self.start = start
        self.refused = False
        self.setZValue(10)
        self._set_path(start, start)

    def set_end(self, end: QPointF, refused: bool = False) -> None:
        self.refused = refused
        self._set_path(self.start, end)
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        self._paint_dashed(painter, QColor("#dc2626") if self.refused else port_color(self.port), 2)
