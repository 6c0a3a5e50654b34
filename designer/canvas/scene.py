"""FlowScene: the QGraphicsScene showing one FlowDocument.

``set_document(document)`` connects the document's signals, populates the items and keeps
``step_items`` (step id -> StepItem) and ``edge_items`` (Edge -> EdgeItem) in step with the
model. The scene never writes the model: views and interactions push commands on the document.

Public API
----------
- ``FlowScene(document=None, parent=None)``, ``set_document(document)``, ``document``
- ``step_items``, ``edge_items``, ``trigger_item``; ``step_item(id)``, ``step_at(scene_pos)``
- selection: ``selected_step_ids()``, ``selected_edges()``, ``select_steps(ids)``,
  ``is_trigger_selected()``
- ``set_problems({step_id: [message, ...]})``: paints those steps red with the messages as tooltip
- ``steps_bounding_rect(ids=None)``: the scene rect covering those steps (all by default)
- signals: ``trigger_activated()`` (trigger card clicked: show flow settings),
  ``step_activated(str)`` (card double-clicked), ``status_message(str)`` (refused connections ...),
  ``step_item_added(str)`` (a card was (re)created), plus QGraphicsScene's ``selectionChanged``.
- ``flush()``: apply the deferred trigger-card and scene-rect updates now
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsScene

from designer.canvas.edge_item import EdgeItem, TriggerLinkItem
from designer.canvas.layout import tidy_layout
from designer.canvas.step_item import CARD_WIDTH, StepItem, TriggerItem
from designer.canvas.steptypes import ports_of
from designer.document import FlowDocument
from runtime.service import Edge, Step

GRID = 20.0
SCENE_MARGIN = 2000.0
BACKGROUND = QColor("#f4f6f9")
GRID_DOT = QColor("#d3d8e0")


@lru_cache(maxsize=4)
def _grid_brush(every: int) -> QBrush:
    """An opaque brush tiling a dot every ``every`` grid cells, aligned to the scene origin.

    The tile is exactly one grid period in scene units so at 100 % the fill is an untransformed
    texture blit (the fast path); only the brush origin is shifted to centre dots on grid points.
    """
    size = int(GRID * every)
    tile = QPixmap(size, size)
    tile.fill(BACKGROUND)
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(GRID_DOT)
    painter.drawEllipse(QPointF(size / 2, size / 2), 1.3, 1.3)
    painter.end()
    brush = QBrush(tile)
    brush.setTransform(QTransform.fromTranslate(-size / 2, -size / 2))
    return brush


class FlowScene(QGraphicsScene):
    """Shows a FlowDocument: a card per step, a curve per edge and the trigger card."""

    trigger_activated = Signal()
    step_activated = Signal(str)
    status_message = Signal(str)
    step_item_added = Signal(str)  # a card was (re)created: overlays attach their badges
    edge_item_added = Signal(object)  # an edge line was (re)created (its Edge): overlays label it

    def __init__(self, document: FlowDocument | None = None, parent=None) -> None:
        super().__init__(parent)
        self.document: FlowDocument | None = None
        self.step_items: dict[str, StepItem] = {}
        self.edge_items: dict[Edge, EdgeItem] = {}
        self.trigger_item = TriggerItem()
        self.addItem(self.trigger_item)
        self._links: list[TriggerLinkItem] = []
        self._problems: dict[str, list[str]] = {}
        self._rect_timer = self._deferred(self._update_scene_rect)
        self._trigger_timer = self._deferred(self._update_trigger)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        if document is not None:
            self.set_document(document)

    def _deferred(self, update: Callable[[], None]) -> QTimer:
        """A single-shot timer running ``update`` once the current burst of signals is done."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(update)
        return timer

    # -- binding ---------------------------------------------------------------------------------

    def _bindings(self, document: FlowDocument) -> tuple[tuple[SignalInstance, Callable[..., None]], ...]:
        """Each document signal the scene follows with its slot: one list, so connect and
        disconnect cannot drift apart."""
        return (
            (document.step_added, self._on_step_added),
            (document.step_removed, self._on_step_removed),
            (document.step_changed, self._on_step_changed),
            (document.step_moved, self._on_step_moved),
            (document.edge_added, self._on_edge_added),
            (document.edge_removed, self._on_edge_removed),
            (document.flow_changed, self._on_flow_changed),
            (document.reset, self._populate),
        )

    def set_document(self, document: FlowDocument | None) -> None:
        """Show ``document`` (None shows nothing), following its signals from now on."""
        if self.document is not None:
            for signal, slot in self._bindings(self.document):
                signal.disconnect(slot)
        self.document = document
        if document is not None:
            for signal, slot in self._bindings(document):
                signal.connect(slot)
        self._populate()

    def _remove_links(self) -> None:
        """Drop the trigger links (and the cards' references to them)."""
        for link in self._links:
            link.target_item.edges.discard(link)
            self.removeItem(link)
        self._links.clear()

    def _remove_edge_item(self, item: EdgeItem) -> None:
        item.detach()
        self.removeItem(item)

    def _clear_items(self) -> None:
        self._remove_links()
        for item in self.edge_items.values():
            self._remove_edge_item(item)
        self.edge_items.clear()
        for item in self.step_items.values():
            self.removeItem(item)
        self.step_items.clear()

    def _populate(self) -> None:
        self._clear_items()
        doc = self.document
        if doc is None:
            self.trigger_item.hide()
            return
        self.trigger_item.show()
        flow = doc.flow
        fallback: dict[str, tuple[float, float]] = {}
        if any(s.position is None for s in flow.steps):
            # files may omit positions: show them tidily without editing the document
            fallback = tidy_layout(flow, lambda s: ports_of(s.type, s.config))
        for step in flow.steps:
            self._add_step_item(step, fallback.get(step.id))
        for edge in flow.edges:
            self._on_edge_added(edge)
        self._update_trigger()
        self._update_scene_rect()

    # -- document signals ------------------------------------------------------------------------

    def _add_step_item(self, step: Step, fallback: tuple[float, float] | None = None) -> StepItem:
        item = StepItem(step)
        pos = step.position or fallback or self._free_position()
        item.setPos(QPointF(pos[0], pos[1]))
        item.set_problems(self._problems.get(step.id, []))
        self.addItem(item)
        self.step_items[step.id] = item
        self.step_item_added.emit(step.id)
        return item

    def _free_position(self) -> tuple[float, float]:
        """Right of every card: where a step without a position appears."""
        if not self.step_items:
            return (0.0, 0.0)
        right = max(i.x() for i in self.step_items.values()) + CARD_WIDTH + 60
        return (math.ceil(right / GRID) * GRID, 0.0)

    def _on_step_added(self, step: Step) -> None:
        self._add_step_item(step)
        self._schedule_layout_updates()

    def _on_step_removed(self, step_id: str) -> None:
        item = self.step_items.pop(step_id, None)
        if item is not None:
            for edge in list(item.edges):
                if isinstance(edge, EdgeItem):
                    self._on_edge_removed(edge.edge)
            self.removeItem(item)
        self._schedule_layout_updates()

    def _item_and_step(self, step_id: str) -> tuple[StepItem, Step] | None:
        """The card and the model step of ``step_id`` when both exist."""
        item = self.step_items.get(step_id)
        step = self.document.step(step_id) if self.document else None
        return None if item is None or step is None else (item, step)

    def _on_step_changed(self, step_id: str) -> None:
        found = self._item_and_step(step_id)
        if found is not None:
            item, step = found
            item.set_step(step)
            for edge in item.edges:
                edge.update()
            self._update_join_labels()

    def _on_step_moved(self, step_id: str) -> None:
        found = self._item_and_step(step_id)
        if found is None:
            return
        item, step = found
        if step.position is not None:
            item.setPos(QPointF(step.position[0], step.position[1]))
        self._schedule_layout_updates()

    def _on_edge_added(self, edge: Edge) -> None:
        source = self.step_items.get(edge.source)
        target = self.step_items.get(edge.target)
        if source is None or target is None or edge in self.edge_items:
            return
        item = EdgeItem(edge, source, target)
        self.addItem(item)
        self.edge_items[edge] = item
        self.edge_item_added.emit(edge)
        self._trigger_timer.start(0)

    def _on_edge_removed(self, edge: Edge) -> None:
        item = self.edge_items.pop(edge, None)
        if item is not None:
            self._remove_edge_item(item)
        self._trigger_timer.start(0)

    def _on_flow_changed(self, attr: str) -> None:
        if attr in ("trigger", "goal"):
            self._update_trigger()

    def _schedule_layout_updates(self) -> None:
        # many signals arrive per command (a paste, a tidy): recompute once when they are done
        self._trigger_timer.start(0)
        self._rect_timer.start(0)

    def flush(self) -> None:
        """Apply pending trigger/scene-rect updates now (tests, benchmarks, before a render)."""
        if self._trigger_timer.isActive():
            self._trigger_timer.stop()
            self._update_trigger()
        if self._rect_timer.isActive():
            self._rect_timer.stop()
            self._update_scene_rect()

    # -- trigger card ----------------------------------------------------------------------------

    def _update_join_labels(self) -> None:
        """Show the join mode on cards where several edges arrive, and the start mark."""
        doc = self.document
        if doc is None:
            return
        arriving: dict[str, int] = {}
        for edge in doc.edges():
            arriving[edge.target] = arriving.get(edge.target, 0) + 1
        for step_id, item in self.step_items.items():
            step = doc.step(step_id)
            if step is None:
                continue
            tr = QCoreApplication.translate
            if arriving.get(step_id, 0) > 1:
                mode = {"first": tr("FlowScene", "first"), "each": tr("FlowScene", "each"),
                        "all": tr("FlowScene", "all")}.get(step.join_mode, step.join_mode)
                item.set_join_label(tr("FlowScene", "join: {mode}").format(mode=mode))
            else:
                item.set_join_label(tr("FlowScene", "start") if step.start and not arriving.get(step_id) else "")

    def _update_trigger(self) -> None:
        self._update_join_labels()
        self._remove_links()
        doc = self.document
        if doc is None:
            return
        self.trigger_item.set_trigger(doc.flow.trigger, doc.flow.goal)
        firsts = [self.step_items[s.id] for s in doc.flow.first_steps() if s.id in self.step_items]
        if firsts:
            left = min(i.x() for i in firsts)
            middle = sum(i.y() + i.height() / 2 for i in firsts) / len(firsts)
            self.trigger_item.setPos(left - TriggerItem.WIDTH - 100, middle - TriggerItem.HEIGHT / 2)
        else:
            self.trigger_item.setPos(-TriggerItem.WIDTH - 100, 0)
        for item in firsts:
            link = TriggerLinkItem(self.trigger_item, item)
            item.edges.add(link)  # type: ignore[arg-type]  # follows the card while dragged
            self.addItem(link)
            self._links.append(link)

    def _update_scene_rect(self) -> None:
        rect = self.itemsBoundingRect()
        self.setSceneRect(rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN))

    # -- queries and selection -------------------------------------------------------------------

    def step_item(self, step_id: str) -> StepItem | None:
        return self.step_items.get(step_id)

    def step_at(self, pos: QPointF) -> StepItem | None:
        """The card under a scene point (ports and badges count as their card)."""
        for item in self.items(pos):
            while item is not None and not isinstance(item, StepItem):
                item = item.parentItem()
            if isinstance(item, StepItem):
                return item
        return None

    def selected_step_ids(self) -> list[str]:
        """Selected steps in file order."""
        selected = {i.step_id for i in self.selectedItems() if isinstance(i, StepItem)}
        order = self.document.step_ids() if self.document else []
        return [s for s in order if s in selected]

    def selected_edges(self) -> list[Edge]:
        return [i.edge for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def is_trigger_selected(self) -> bool:
        return self.trigger_item.isSelected()

    def select_steps(self, step_ids: Iterable[str]) -> None:
        """Select exactly these steps."""
        wanted = set(step_ids)
        # one selectionChanged signal instead of one per item
        self.blockSignals(True)
        try:
            self.clearSelection()
            for step_id in wanted:
                item = self.step_items.get(step_id)
                if item is not None:
                    item.setSelected(True)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def steps_bounding_rect(self, step_ids: Iterable[str] | None = None) -> QRectF:
        ids = self.step_items.keys() if step_ids is None else step_ids
        rect = QRectF()
        for step_id in ids:
            item = self.step_items.get(step_id)
            if item is not None:
                rect = rect.united(item.sceneBoundingRect())
        if step_ids is None and self.trigger_item.isVisible():
            rect = rect.united(self.trigger_item.sceneBoundingRect())
        return rect

    def set_problems(self, problems: Mapping[str, list[str]]) -> None:
        """Show validation problems: ``{step_id: [messages]}``; steps not named are cleared."""
        self._problems = {k: list(v) for k, v in problems.items() if v}
        for step_id, item in self.step_items.items():
            item.set_problems(self._problems.get(step_id, []))

    # -- painting --------------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        scale = painter.worldTransform().m11()
        if scale < 0.5:
            painter.fillRect(rect, BACKGROUND)  # dots would be noise when zoomed out
            return
        every = 2 if scale < 1.0 else 1
        transform = painter.worldTransform()
        if transform.type().value <= QTransform.TransformationType.TxTranslate.value:
            # 100 %: tile in device pixels, the raster engine's fast path (~0.3 ms a frame)
            tile = _grid_brush(every).texture()
            size = tile.width()
            device = transform.mapRect(rect).toAlignedRect()
            ox = (device.left() - (transform.dx() - size / 2)) % size
            oy = (device.top() - (transform.dy() - size / 2)) % size
            painter.save()
            painter.resetTransform()
            painter.drawTiledPixmap(QRectF(device), tile, QPointF(ox, oy))
            painter.restore()
            return
        # zoomed: one textured fill instead of thousands of points
        painter.fillRect(rect, _grid_brush(every))

    def mouseDoubleClickEvent(self, event) -> None:  # Qt signature
        item = self.step_at(event.scenePos())
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.step_activated.emit(item.step_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

