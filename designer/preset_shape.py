"""A small drawing of a preset's shape for the new-flow gallery: its steps and links, to scale.

:class:`PresetShapeWidget` paints each step as a rounded block in its palette group's colour at
its saved position (scaled to fit) and each edge as a line, so a user sees at a glance whether a
preset is a straight series or branches, before creating it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from designer.canvas.steptypes import type_info

_BLOCK = (240.0, 70.0)  # a card's size on the canvas, in scene units


class PresetShapeWidget(QWidget):
    """Paints ``set_shape(info)`` where ``info`` has ``steps`` (id, type, position) and ``edges``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PresetShape")
        self.setMinimumSize(260, 120)
        self.steps: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []

    def set_shape(self, info: dict[str, Any] | None) -> None:
        """Show the shape of ``info`` (None: nothing)."""
        self.steps = [s for s in (info or {}).get("steps", []) if s.get("position") is not None]
        self.edges = list((info or {}).get("edges", []))
        self.update()

    def paintEvent(self, event: Any) -> None:  # Qt override
        if not self.steps:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        xs = [s["position"][0] for s in self.steps]
        ys = [s["position"][1] for s in self.steps]
        span_x = max(xs) - min(xs) + _BLOCK[0]
        span_y = max(ys) - min(ys) + _BLOCK[1]
        margin = 8.0
        scale = min((self.width() - 2 * margin) / span_x, (self.height() - 2 * margin) / span_y)
        off_x = (self.width() - span_x * scale) / 2 - min(xs) * scale
        off_y = (self.height() - span_y * scale) / 2 - min(ys) * scale
        rects = {s["id"]: QRectF(off_x + s["position"][0] * scale, off_y + s["position"][1] * scale,
                                 _BLOCK[0] * scale, _BLOCK[1] * scale) for s in self.steps}
        painter.setPen(QPen(QColor("#98a2b3"), 1.2))
        for edge in self.edges:
            a, b = rects.get(edge["from"]), rects.get(edge["to"])
            if a is not None and b is not None:
                painter.drawLine(QPointF(a.right(), a.center().y()), QPointF(b.left(), b.center().y()))
        for step in self.steps:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(type_info(step["type"]).color)
            painter.drawRoundedRect(rects[step["id"]], 3, 3)
        painter.end()
