"""OverviewWidget: a small non-interactive view of the whole flow with the visible area marked.

Click or drag in it to move the main view there. It renders the same scene (cards paint as
coloured blocks at this scale), refits when the flow grows, and repaints its marker when the
main view scrolls or zooms.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from designer.canvas.view import FlowView


class OverviewWidget(QGraphicsView):
    """The minimap of a FlowView."""

    def __init__(self, view: FlowView, parent: QWidget | None = None) -> None:
        super().__init__(view.flow_scene, parent)
        self.main_view = view
        self.setInteractive(False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setRenderHints(QPainter.RenderHint(0))
        self.setMinimumSize(160, 110)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Overview: click or drag to move the canvas")
        self._dragging = False
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(50)
        self._refit_timer.timeout.connect(self.refit)
        view.flow_scene.sceneRectChanged.connect(lambda _r: self._refit_timer.start())
        view.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        view.verticalScrollBar().valueChanged.connect(self.viewport().update)
        view.zoom_changed.connect(lambda _z: self.viewport().update())

    def refit(self) -> None:
        """Fit the whole flow into the overview."""
        rect = self.main_view.flow_scene.steps_bounding_rect()
        if not rect.isEmpty():
            self.fitInView(rect.adjusted(-60, -60, 60, 60), Qt.AspectRatioMode.KeepAspectRatio)

    def visible_scene_rect(self) -> QRectF:
        """The part of the scene the main view shows."""
        return self.main_view.mapToScene(self.main_view.viewport().rect()).boundingRect()

    def resizeEvent(self, event) -> None:  # Qt signature
        super().resizeEvent(event)
        self.refit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refit()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, QColor("#eef1f5"))

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        visible = self.visible_scene_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(37, 99, 235, 35))
        painter.setPen(QPen(QColor("#2563eb"), 0))
        painter.drawRect(visible)

    def _move_main_view(self, event: QMouseEvent) -> None:
        self.main_view.centerOn(self.mapToScene(event.position().toPoint()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self._move_main_view(event)
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._move_main_view(event)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = False
        event.accept()

    def wheelEvent(self, event) -> None:
        event.accept()  # the overview has a fixed scale; zoom in the canvas itself
