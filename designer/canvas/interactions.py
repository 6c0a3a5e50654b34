"""Mouse modes of the canvas as small objects (orange-canvas-core style), not item logic.

:class:`~designer.canvas.view.FlowView` starts one interaction on mouse press and forwards
move/release (and Escape) to it until it ends. Interactions read the scene and push commands
on the document; they never write the model directly.

- :class:`MoveInteraction`: drag selected cards, snapped to the grid; ONE MoveStepsCommand on release.
- :class:`ConnectInteraction`: drag from an output port, a rubber edge follows the mouse, drop on a
  card to push an AddEdgeCommand (self edges, duplicates and loops are refused with a status message);
  drop on empty canvas to pick a step type that is added there already connected.
- :class:`RubberBandInteraction`: drag on empty canvas to select the cards (and edges) inside.
- :class:`PanInteraction`: middle button, or Space + left button, scrolls the view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QCursor, QMouseEvent, QPen
from PySide6.QtWidgets import QApplication, QGraphicsRectItem

from designer.canvas.edge_item import EdgeItem, RubberEdgeItem
from designer.canvas.port_item import PortItem
from designer.canvas.step_item import StepItem
from designer.commands import AddEdgeCommand, MoveStepsCommand
from runtime.service import Edge

if TYPE_CHECKING:
    from designer.canvas.scene import FlowScene
    from designer.canvas.view import FlowView

GRID = 20.0


def snap(value: float) -> float:
    """Round a scene coordinate to the 20 px grid."""
    return round(value / GRID) * GRID


class Interaction:
    """A mouse mode: gets the events of one press-move-release sequence."""

    def __init__(self, view: FlowView) -> None:
        self.view = view
        self.scene: FlowScene = view.flow_scene

    def mouse_move(self, event: QMouseEvent) -> None:
        """The mouse moved with the button still down."""

    def mouse_release(self, event: QMouseEvent) -> None:
        """The button was released: finish (push a command) and clean up."""

    def cancel(self) -> None:
        """Escape or focus loss: undo any visual change, push nothing."""

    def scene_pos(self, event: QMouseEvent) -> QPointF:
        return self.view.mapToScene(event.position().toPoint())


class MoveInteraction(Interaction):
    """Drag the selected cards; positions snap to the grid; one command on release."""

    def __init__(self, view: FlowView, press: QMouseEvent, items: list[StepItem], clicked: StepItem | None = None) -> None:
        super().__init__(view)
        self.items = items
        self.clicked = clicked
        self.press_scene = self.scene_pos(press)
        self.press_view = press.position().toPoint()
        self.start = {item.step_id: QPointF(item.pos()) for item in items}
        self.moved = False

    def mouse_move(self, event: QMouseEvent) -> None:
        if not self.moved:
            distance = (event.position().toPoint() - self.press_view).manhattanLength()
            if distance < QApplication.startDragDistance():
                return
            self.moved = True
        delta = self.scene_pos(event) - self.press_scene
        for item in self.items:
            start = self.start[item.step_id]
            item.setPos(snap(start.x() + delta.x()), snap(start.y() + delta.y()))

    def mouse_release(self, event: QMouseEvent) -> None:
        doc = self.scene.document
        if not self.moved and self.clicked is not None and len(self.items) > 1:
            # a plain click inside a multi-selection (no drag) selects just that card
            self.scene.select_steps([self.clicked.step_id])
            return
        if not self.moved or doc is None:
            return
        new = {i.step_id: (i.x(), i.y()) for i in self.items if i.pos() != self.start[i.step_id]}
        if not new:
            return
        old = {k: doc.step_position(k) for k in new}
        # the cards already stand at the new place; the command records it for undo
        n = len(new)
        doc.push(MoveStepsCommand(doc, new, old, text=QCoreApplication.translate("MoveInteraction",
                "Move step") if n == 1 else QCoreApplication.translate("MoveInteraction", "Move {n} steps").format(n=n)))

    def cancel(self) -> None:
        for item in self.items:
            item.setPos(self.start[item.step_id])


class ConnectInteraction(Interaction):
    """Drag from an output port to a card; a rubber edge shows where it goes."""

    def __init__(self, view: FlowView, port: PortItem) -> None:
        super().__init__(view)
        self.port = port
        self.rubber = RubberEdgeItem(port.port, port.scenePos())
        self.scene.addItem(self.rubber)
        self.target: StepItem | None = None
        self.reason: str | None = None
        port.set_highlight(True)

    def _set_target(self, target: StepItem | None) -> None:
        if self.target is not None and self.target is not target and self.target.scene() is not None:
            self.target.input_port.set_highlight(False)
        self.target = target
        if target is not None:
            target.input_port.set_highlight(True)

    def mouse_move(self, event: QMouseEvent) -> None:
        pos = self.scene_pos(event)
        target = self.scene.step_at(pos)
        doc = self.scene.document
        self.reason = None
        if target is not None and doc is not None:
            self.reason = doc.can_connect(self.port.step_id, target.step_id, self.port.port)
        self._set_target(target)
        end = target.input_anchor() if target is not None and self.reason is None else pos
        self.rubber.set_end(end, refused=self.reason is not None)

    def mouse_release(self, event: QMouseEvent) -> None:
        self.mouse_move(event)
        doc = self.scene.document
        target = self.target
        self._cleanup()
        if doc is None:
            return
        if target is None:
            travelled = self.scene_pos(event) - self.port.scenePos()
            if abs(travelled.x()) + abs(travelled.y()) > 40:
                self.view.offer_connected_step(self.port.step_id, self.port.port, self.scene_pos(event))
            return
        if self.reason is not None:
            self.scene.status_message.emit(self.reason)
            return
        doc.push(AddEdgeCommand(doc, Edge(self.port.step_id, target.step_id, self.port.port)))

    def cancel(self) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        self._set_target(None)
        self.port.set_highlight(False)
        if self.rubber.scene() is not None:
            self.scene.removeItem(self.rubber)


class RubberBandInteraction(Interaction):
    """Drag on empty canvas: select every card the band touches (and edges inside it)."""

    def __init__(self, view: FlowView, press: QMouseEvent, extend: bool) -> None:
        super().__init__(view)
        self.origin = self.scene_pos(press)
        self.previous = set(self.scene.selectedItems()) if extend else set()
        self.band = QGraphicsRectItem()
        self.band.setPen(QPen(QColor("#2563eb"), 0, Qt.PenStyle.DashLine))
        self.band.setBrush(QColor(37, 99, 235, 30))
        self.band.setZValue(100)
        self.scene.addItem(self.band)
        if not extend:
            self.scene.clearSelection()

    def mouse_move(self, event: QMouseEvent) -> None:
        rect = QRectF(self.origin, self.scene_pos(event)).normalized()
        self.band.setRect(rect)
        inside = set()
        for item in self.scene.items(rect, Qt.ItemSelectionMode.IntersectsItemShape):
            if isinstance(item, StepItem):
                inside.add(item)
        for item in self.scene.items(rect, Qt.ItemSelectionMode.ContainsItemShape):
            if isinstance(item, EdgeItem):
                inside.add(item)
        wanted = inside | self.previous
        self.scene.blockSignals(True)
        try:
            for item in self.scene.selectedItems():
                if item not in wanted:
                    item.setSelected(False)
            for item in wanted:
                item.setSelected(True)
        finally:
            self.scene.blockSignals(False)

    def mouse_release(self, event: QMouseEvent) -> None:
        self._cleanup()
        self.scene.selectionChanged.emit()

    def cancel(self) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        if self.band.scene() is not None:
            self.scene.removeItem(self.band)


class PanInteraction(Interaction):
    """Scroll the view by dragging (middle button, or Space + left button)."""

    def __init__(self, view: FlowView, press: QMouseEvent) -> None:
        super().__init__(view)
        self.last = press.position().toPoint()
        self._saved_cursor = view.viewport().cursor()
        view.viewport().setCursor(QCursor(Qt.CursorShape.ClosedHandCursor))

    def mouse_move(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        delta: QPoint = pos - self.last
        self.last = pos
        h, v = self.view.horizontalScrollBar(), self.view.verticalScrollBar()
        h.setValue(h.value() - delta.x())
        v.setValue(v.value() - delta.y())

    def mouse_release(self, event: QMouseEvent) -> None:
        self.cancel()

    def cancel(self) -> None:
        self.view.viewport().setCursor(self._saved_cursor)
