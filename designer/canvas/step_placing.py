"""Placing new steps on the canvas: palette drops (onto empty canvas or spliced into an edge)
and the step-type menu offered when a connection is dropped on empty canvas.

:class:`StepPlacingView` is the base of :class:`~designer.canvas.view.FlowView`; each placement
pushes one command on the document and selects the new step.
"""

from __future__ import annotations

from functools import partial

import shiboken6
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsView, QMenu, QWidget

from designer.canvas.edge_item import EdgeItem
from designer.canvas.interactions import snap
from designer.canvas.port_item import PortItem
from designer.canvas.scene import FlowScene
from designer.canvas.step_item import CARD_WIDTH, MIN_HEIGHT, StepItem, TriggerItem
from designer.canvas.steptypes import GROUPS, default_config, ports_of, step_type_names, type_icon, type_info
from designer.commands import AddConnectedStepCommand, AddStepCommand, InsertStepCommand
from designer.document import FlowDocument
from runtime.service import Edge, Step

#: MIME type of a palette drag: the payload is the step type name.
STEP_TYPE_MIME = "application/x-flowcanvas-step-type"


class StepPlacingView(QGraphicsView):
    """A view of a FlowScene that adds steps where the user drops or chooses them."""

    def __init__(self, scene: FlowScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.flow_scene = scene
        self.connect_menu: QMenu | None = None  # the last "add a connected step" menu (tests)
        self._drop_edge: EdgeItem | None = None  # highlighted while a palette drag hovers it

    @property
    def document(self) -> FlowDocument | None:
        return self.flow_scene.document

    def add_step_at(self, type_name: str, scene_pos: QPointF) -> str | None:
        """Add a new step of ``type_name`` centred at ``scene_pos`` (grid-snapped); returns its id."""
        doc = self.document
        if doc is None:
            return None
        step_id = doc.new_step_id(type_name)
        step = Step(step_id, type_name, default_config(type_name))
        step.position = self._free_spot(snap(scene_pos.x() - CARD_WIDTH / 2), snap(scene_pos.y() - MIN_HEIGHT / 2))
        command = AddStepCommand(doc, step)
        command.setText(f"Add {type_info(type_name).display_name}")
        doc.push(command)
        self.flow_scene.select_steps([step_id])
        return step_id

    def _free_spot(self, x: float, y: float) -> tuple[float, float]:
        """(x, y), or the first place below it where a new card would not cover another one
        (adding several steps "in the middle of the view" must not stack them invisibly)."""
        for _ in range(50):
            probe = QRectF(x, y, CARD_WIDTH, MIN_HEIGHT).adjusted(4, 4, -4, -4)
            if not any(isinstance(i, StepItem) for i in self.flow_scene.items(probe)):
                break
            y += MIN_HEIGHT + 32
        return (x, y)

    def offer_connected_step(self, source: str, port: str, scene_pos: QPointF) -> QMenu:
        """Pop up the step types at ``scene_pos``; the chosen one is added there, connected."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setToolTipsVisible(True)
        by_group: dict[str, list[str]] = {}
        for name in step_type_names():
            by_group.setdefault(type_info(name).group, []).append(name)
        for group, title in GROUPS:
            if not by_group.get(group):
                continue
            menu.addSection(title)
            for name in by_group[group]:
                action = menu.addAction(type_icon(name), type_info(name).display_name)
                action.setData(name)
                action.triggered.connect(partial(self.add_connected_step, name, source, port, QPointF(scene_pos)))
        self.connect_menu = menu
        menu.popup(self.viewport().mapToGlobal(self.mapFromScene(scene_pos)))
        return menu

    def add_connected_step(self, type_name: str, source: str, port: str, scene_pos: QPointF) -> str | None:
        """Add a ``type_name`` step whose input sits at ``scene_pos``, fed by ``source``'s ``port``."""
        doc = self.document
        if doc is None or doc.step(source) is None:
            return None
        step_id = doc.new_step_id(type_name)
        step = Step(step_id, type_name, default_config(type_name))
        step.position = (snap(scene_pos.x()), snap(scene_pos.y() - MIN_HEIGHT / 2))
        command = AddConnectedStepCommand(doc, step, source, port)
        command.setText(f"Add {type_info(type_name).display_name} after {source}")
        doc.push(command)
        self.flow_scene.select_steps([step_id])
        return step_id

    # -- drops from the palette ------------------------------------------------------------------

    def edge_at(self, viewport_pos: QPoint) -> EdgeItem | None:
        """The edge under a viewport point, if no card is on top of it."""
        for item in self.items(viewport_pos):
            if isinstance(item, EdgeItem):
                return item
            if isinstance(item, (StepItem, PortItem, TriggerItem)):
                return None
        return None

    def insert_step_on_edge(self, type_name: str, edge: Edge, scene_pos: QPointF) -> str | None:
        """Add a ``type_name`` step centred at ``scene_pos`` in the middle of ``edge``."""
        doc = self.document
        if doc is None or edge not in doc.flow.edges:
            return None
        step_id = doc.new_step_id(type_name)
        config = default_config(type_name)
        step = Step(step_id, type_name, config)
        step.position = (snap(scene_pos.x() - CARD_WIDTH / 2), snap(scene_pos.y() - MIN_HEIGHT / 2))
        ports = ports_of(type_name, config)
        command = InsertStepCommand(doc, step, edge, ports[0] if ports else None)
        command.setText(f"Insert {type_info(type_name).display_name}")
        doc.push(command)
        self.flow_scene.select_steps([step_id])
        return step_id

    def drop_mime(self, mime: QMimeData, viewport_pos: QPoint) -> str | None:
        """Handle dropped data: a palette step type becomes a new step there (spliced into the
        edge when dropped on one)."""
        self._set_drop_edge(None)
        if not mime.hasFormat(STEP_TYPE_MIME):
            return None
        type_name = bytes(mime.data(STEP_TYPE_MIME).data()).decode("utf-8")
        scene_pos = self.mapToScene(viewport_pos)
        edge = self.edge_at(viewport_pos)
        if edge is not None:
            return self.insert_step_on_edge(type_name, edge.edge, scene_pos)
        return self.add_step_at(type_name, scene_pos)

    def _set_drop_edge(self, edge: EdgeItem | None) -> None:
        """Highlight the edge a dragged step would be spliced into."""
        if self._drop_edge is not None and self._drop_edge is not edge and shiboken6.isValid(self._drop_edge):
            self._drop_edge.set_drop_target(False)
        self._drop_edge = edge
        if edge is not None:
            edge.set_drop_target(True)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(STEP_TYPE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(STEP_TYPE_MIME):
            self._set_drop_edge(self.edge_at(event.position().toPoint()))
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self._set_drop_edge(None)
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:
        if self.drop_mime(event.mimeData(), event.position().toPoint()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()
