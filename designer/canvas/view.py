"""FlowView: the canvas widget (zoom, pan, mouse interactions, drops, editing actions).

Public API
----------
- ``FlowView(scene, parent=None)``; ``flow_scene``; ``document`` (the scene's document)
- zoom: ``zoom()``, ``set_zoom(factor, anchor=None)`` (clamped to ``MIN_ZOOM``..``MAX_ZOOM``),
  ``zoom_in()``, ``zoom_out()``, ``fit_to_view()`` (whole flow, or its start at ``READABLE_ZOOM`` when
  the whole would be unreadable), ``zoom_to_selection()``; signal ``zoom_changed(float)``
- ``find_step(step_id) -> bool``: select the step and centre it
- editing (each pushes one command): ``delete_selection()``, ``copy_selection()``, ``cut_selection()``,
  ``paste(at=None)``, ``duplicate_selection()``, ``select_all()``, ``tidy_layout()``,
  ``add_step_at(type_name, scene_pos) -> step_id``, ``drop_mime(mime, viewport_pos) -> step_id | None``,
  ``add_connected_step(type_name, source, port, scene_pos) -> step_id`` (the menu shown when a
  connection is dropped on empty canvas, ``offer_connected_step``, calls it),
  ``insert_step_on_edge(type_name, edge, scene_pos) -> step_id`` (a palette drop on an edge)
- ``canvas_actions``: dict of QActions (name -> action): delete, cut, copy, paste, duplicate, select_all,
  fit, zoom_in, zoom_out, zoom_selection, tidy; also attributes ``action_<name>``. They carry the
  standard shortcuts (Delete, Ctrl+X/C/V/D/A, Ctrl+0, Ctrl++, Ctrl+-) in the view's context, so
  typing in the inspector is never taken for a canvas shortcut; put them in menus as they are.

Mouse and keys: click/Ctrl+click select, drag cards to move (20 px grid, one undo step), drag
from an output port to a card to connect (or to empty canvas to add a connected step), drag on
empty canvas for a rubber band; wheel or Ctrl+wheel zooms under the mouse, a trackpad pans,
pinch zooms; middle button or Space+drag pans; dragging near an edge scrolls; arrows nudge the
selection; Escape cancels a drag or clears the selection.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent, QNativeGestureEvent, QPainter, QPixmapCache, QTransform, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QMenu, QWidget

from designer.canvas.clipboard import clipboard_fragment, copy_steps, paste_command
from designer.canvas.edge_item import EdgeItem
from designer.canvas.interactions import (
    ConnectInteraction,
    Interaction,
    MoveInteraction,
    PanInteraction,
    RubberBandInteraction,
)
from designer.canvas.layout import tidy_layout
from designer.canvas.port_item import PortItem
from designer.canvas.scene import FlowScene
from designer.canvas.step_item import StepItem, TriggerItem
from designer.canvas.step_placing import StepPlacingView
from designer.canvas.steptypes import ports_of
from designer.commands import DuplicateCommand, MoveStepsCommand, RemoveSelectionCommand, TidyLayoutCommand

MIN_ZOOM = 0.1
MAX_ZOOM = 2.5
#: The smallest zoom at which cards are comfortable to read (their full drawing starts at
#: step_item.LOW_DETAIL); fit-to-view never goes below it.
READABLE_ZOOM = 0.6
FIT_MARGIN = 40.0  # scene pixels kept around the flow when fitting


class FlowView(StepPlacingView):
    """The canvas: shows a FlowScene and turns mouse and keys into document commands."""

    zoom_changed = Signal(float)

    def __init__(self, scene: FlowScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self._interaction: Interaction | None = None
        self._space_down = False
        # dragging near an edge scrolls the canvas (and keeps the drag going)
        self._autoscroll = QTimer(self)
        self._autoscroll.setInterval(16)
        self._autoscroll.timeout.connect(self._autoscroll_tick)
        self._last_drag: tuple[QPointF, Qt.MouseButtons, Qt.KeyboardModifiers] | None = None
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        # the default (minimal) mode is far slower when many labels change at once
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState)
        # the dotted grid is drawn once per zoom and scrolled as a pixmap
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        # card caches live in QPixmapCache; its 10 MB default holds ~120 cards, so big flows
        # would re-render cards on every pan
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), 96 * 1024))
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # the style's default corner between the two scroll bars is a sunken grey box; the
        # theme's scroll bars are transparent, so leave the corner empty like them
        self.setCornerWidget(QWidget(self))
        self.canvas_actions: dict[str, QAction] = {}
        # more entries for a card's context menu (live tools add "Stuck contacts…"): f(menu, step id)
        self.step_menu_extras: list[Callable[[QMenu, str], None]] = []
        self._make_actions()
        scene.selectionChanged.connect(self._update_actions)
        self._update_actions()

    # -- actions ---------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        spec = [
            ("delete", "Delete", [QKeySequence.StandardKey.Delete, QKeySequence(Qt.Key.Key_Backspace)], self.delete_selection),
            ("cut", "Cut", [QKeySequence.StandardKey.Cut], self.cut_selection),
            ("copy", "Copy", [QKeySequence.StandardKey.Copy], self.copy_selection),
            ("paste", "Paste", [QKeySequence.StandardKey.Paste], lambda: self.paste()),
            ("duplicate", "Duplicate", [QKeySequence("Ctrl+D")], self.duplicate_selection),
            ("select_all", "Select all", [QKeySequence.StandardKey.SelectAll], self.select_all),
            ("fit", "Fit to view", [QKeySequence("Ctrl+0")], self.fit_to_view),
            ("zoom_in", "Zoom in", [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")], self.zoom_in),
            ("zoom_out", "Zoom out", [QKeySequence.StandardKey.ZoomOut], self.zoom_out),
            ("zoom_selection", "Zoom to selection", [QKeySequence("Ctrl+Shift+0")], self.zoom_to_selection),
            ("tidy", "Tidy layout", [QKeySequence("Ctrl+Shift+L")], self.tidy_layout),
        ]
        for name, text, keys, slot in spec:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.canvas_actions[name] = action
            setattr(self, f"action_{name}", action)

    def _update_actions(self) -> None:
        if not shiboken6.isValid(self.flow_scene):
            return  # the scene is being destroyed and clears its selection
        has_steps = bool(self.flow_scene.selected_step_ids())
        self.canvas_actions["delete"].setEnabled(has_steps or bool(self.flow_scene.selected_edges()))
        for name in ("cut", "copy", "duplicate", "zoom_selection"):
            self.canvas_actions[name].setEnabled(has_steps)

    # -- zoom ------------------------------------------------------------------------------------

    def zoom(self) -> float:
        """The current scale (1.0 = 100 %)."""
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom to ``factor`` keeping the scene point under viewport point ``anchor`` in place."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        if abs(factor - self.zoom()) < 1e-9:
            return
        if anchor is None:
            anchor = self.viewport().rect().center()
        before = self.mapToScene(anchor)
        self.setTransform(QTransform.fromScale(factor, factor))  # absolute: no drift over many steps
        after = self.mapToScene(anchor)
        delta = after - before
        # keep the point under the mouse: scroll by the drift, in view pixels
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x() * factor))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y() * factor))
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / 1.25)

    def _fit_rect(self, rect: QRectF, max_zoom: float = 1.0) -> None:
        if rect.isEmpty():
            return
        rect = rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        view = self.viewport().rect()
        factor = min(view.width() / rect.width(), view.height() / rect.height())
        self.set_zoom(min(max_zoom, factor))
        self.centerOn(rect.center())
        self.zoom_changed.emit(self.zoom())

    def fit_to_view(self) -> None:
        """Show the whole flow when it fits at a readable zoom (never enlarged past 100 %).

        A long flow would shrink until cards lose their texts: then the view stops at
        ``READABLE_ZOOM`` and shows the flow's start (the trigger at the left, vertically centred
        on the flow) to pan right from; the overview still shows the whole flow."""
        self.flow_scene.flush()
        rect = self.flow_scene.steps_bounding_rect()
        if rect.isEmpty():
            return
        padded = rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        view = self.viewport().rect()
        if min(view.width() / padded.width(), view.height() / padded.height()) >= READABLE_ZOOM:
            self._fit_rect(rect)
            return
        self.set_zoom(READABLE_ZOOM)
        zoom = self.zoom()
        # the viewport may have changed size as scroll bars appeared: measure it after zooming
        half_width = self.viewport().width() / 2 / zoom
        self.centerOn(QPointF(padded.left() + half_width, rect.center().y()))
        self.zoom_changed.emit(zoom)

    def zoom_to_selection(self) -> None:
        """Show the selected steps as large as fits (up to 150 %)."""
        ids = self.flow_scene.selected_step_ids()
        if ids:
            self._fit_rect(self.flow_scene.steps_bounding_rect(ids), 1.5)

    def find_step(self, step_id: str) -> bool:
        """Select a step and centre it; False when there is no such step."""
        item = self.flow_scene.step_item(step_id)
        if item is None:
            return False
        self.flow_scene.select_steps([step_id])
        self.centerOn(item.sceneBoundingRect().center())
        return True

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Mouse wheel and Ctrl+wheel zoom under the mouse; trackpad scrolling pans; Shift+wheel
        scrolls sideways."""
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if not ctrl and (mods & Qt.KeyboardModifier.ShiftModifier or not event.pixelDelta().isNull()):
            super().wheelEvent(event)  # a trackpad's two-finger scroll (pixel deltas) pans
            return
        delta = event.angleDelta().y() or event.angleDelta().x()
        if delta:
            self.set_zoom(self.zoom() * (1.0015 ** delta), event.position().toPoint())
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.NativeGesture and isinstance(event, QNativeGestureEvent)
                and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture):  # trackpad pinch
            self.set_zoom(self.zoom() * (1.0 + event.value()), event.position().toPoint())
            return True
        return super().viewportEvent(event)

    # -- mouse -----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._interaction is not None:
            event.accept()
            return
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and self._space_down):
            self._interaction = PanInteraction(self, event)
            event.accept()
            return
        if button != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        scene = self.flow_scene
        pos = event.position().toPoint()
        scene_pos = self.mapToScene(pos)
        extend = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
        item = self.itemAt(pos)
        if isinstance(item, PortItem) and item.is_output:
            self._interaction = ConnectInteraction(self, item)
        elif (card := scene.step_at(scene_pos)) is not None:
            if extend:
                card.setSelected(not card.isSelected())
            elif not card.isSelected():
                scene.select_steps([card.step_id])
            if card.isSelected():
                moving = [i for i in scene.selectedItems() if isinstance(i, StepItem)]
                self._interaction = MoveInteraction(self, event, moving, None if extend else card)
        elif isinstance(item, EdgeItem):
            if extend:
                item.setSelected(not item.isSelected())
            else:
                scene.clearSelection()
                item.setSelected(True)
        elif isinstance(item, TriggerItem):
            scene.clearSelection()
            item.setSelected(True)
            scene.trigger_activated.emit()
        else:
            self._interaction = RubberBandInteraction(self, event, extend)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._interaction is not None:
            self._interaction.mouse_move(event)
            if not isinstance(self._interaction, PanInteraction):
                self._last_drag = (event.position(), event.buttons(), event.modifiers())
                if self._autoscroll_velocity(event.position()) != (0, 0):
                    self._autoscroll.start()
            event.accept()
            return
        super().mouseMoveEvent(event)  # hover highlights and tooltips

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        interaction = self._interaction
        if interaction is None:
            super().mouseReleaseEvent(event)
            return
        self._interaction = None
        self._autoscroll.stop()
        self._last_drag = None
        interaction.mouse_release(event)
        event.accept()

    def cancel_interaction(self) -> None:
        """Abort a drag in progress (Escape)."""
        if self._interaction is not None:
            self._interaction.cancel()
            self._interaction = None
        self._autoscroll.stop()
        self._last_drag = None

    AUTOSCROLL_MARGIN = 24

    def _autoscroll_velocity(self, pos: QPointF) -> tuple[int, int]:
        """Pixels to scroll per tick: faster the closer the mouse is to (or past) an edge."""
        rect = self.viewport().rect()
        margin = self.AUTOSCROLL_MARGIN

        def speed(distance_inside: float) -> int:
            return 0 if distance_inside >= margin else int(4 + (margin - distance_inside) * 0.6)

        dx = -speed(pos.x()) or speed(rect.width() - pos.x())
        dy = -speed(pos.y()) or speed(rect.height() - pos.y())
        return dx, dy

    def _autoscroll_tick(self) -> None:
        if self._interaction is None or self._last_drag is None:
            self._autoscroll.stop()
            return
        pos, buttons, modifiers = self._last_drag
        dx, dy = self._autoscroll_velocity(pos)
        if (dx, dy) == (0, 0):
            self._autoscroll.stop()
            return
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + dx)
        v.setValue(v.value() + dy)
        # the mouse stayed put but the scene moved under it: let the drag follow
        move = QMouseEvent(QEvent.Type.MouseMove, pos, self.viewport().mapToGlobal(pos),
                           Qt.MouseButton.NoButton, buttons, modifiers)
        self._interaction.mouse_move(move)

    def keyPressEvent(self, event) -> None:  # Qt signature
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            if self._interaction is not None:
                self.cancel_interaction()
            else:
                self.flow_scene.clearSelection()
            event.accept()
            return
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in arrows and self.flow_scene.selected_step_ids():
            dx, dy = arrows[key]
            self.nudge_selection(dx * 20, dy * 20)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:
        self._space_down = False
        super().focusOutEvent(event)

    def contextMenuEvent(self, event) -> None:
        scene_pos = self.mapToScene(event.pos())
        card = self.flow_scene.step_at(scene_pos)
        edge = self.edge_at(event.pos()) if card is None else None
        if card is not None and not card.isSelected():
            self.flow_scene.select_steps([card.step_id])
        if edge is not None and not edge.isSelected():
            self.flow_scene.clearSelection()
            edge.setSelected(True)
        menu = QMenu(self)
        if card is not None:
            for extra in self.step_menu_extras:
                extra(menu, card.step_id)
            for name in ("cut", "copy", "duplicate", "delete"):
                menu.addAction(self.canvas_actions[name])
            menu.addSeparator()
        elif edge is not None:
            menu.addAction(self.canvas_actions["delete"])
            menu.addSeparator()
        paste_here = menu.addAction("Paste here")
        paste_here.setEnabled(clipboard_fragment() is not None)
        paste_here.triggered.connect(lambda: self.paste(scene_pos))
        for name in ("select_all", "tidy", "fit"):
            menu.addAction(self.canvas_actions[name])
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- editing ---------------------------------------------------------------------------------

    def delete_selection(self) -> None:
        """Delete the selected steps (with their edges) and selected edges: one undo step."""
        doc = self.document
        if doc is None:
            return
        command = RemoveSelectionCommand(doc, self.flow_scene.selected_step_ids(), self.flow_scene.selected_edges())
        if not command.is_empty():
            doc.push(command)

    def copy_selection(self) -> int:
        """Copy the selected steps to the system clipboard; returns how many."""
        if self.document is None:
            return 0
        return copy_steps(self.document, self.flow_scene.selected_step_ids())

    def cut_selection(self) -> None:
        if self.copy_selection():
            self.delete_selection()

    def paste(self, at: QPointF | None = None) -> list[str]:
        """Paste clipboard steps (at scene point ``at``, default just off the originals)."""
        doc = self.document
        fragment = clipboard_fragment()
        if doc is None or fragment is None:
            return []
        command = paste_command(doc, fragment, at)
        doc.push(command)
        self.flow_scene.select_steps(command.pasted_ids)
        return command.pasted_ids

    def duplicate_selection(self) -> list[str]:
        doc = self.document
        ids = self.flow_scene.selected_step_ids()
        if doc is None or not ids:
            return []
        command = DuplicateCommand(doc, ids)
        doc.push(command)
        self.flow_scene.select_steps(command.pasted_ids)
        return command.pasted_ids

    def select_all(self) -> None:
        self.flow_scene.select_steps(self.flow_scene.step_items)

    def nudge_selection(self, dx: float, dy: float) -> None:
        doc = self.document
        if doc is None:
            return
        items = [self.flow_scene.step_items[i] for i in self.flow_scene.selected_step_ids()]
        positions = {i.step_id: (i.x() + dx, i.y() + dy) for i in items}
        doc.push(MoveStepsCommand(doc, positions, text="Nudge", merge_key="nudge"))

    def tidy_layout(self) -> None:
        """Lay the flow out left to right (one undoable command)."""
        doc = self.document
        if doc is None or not doc.flow.steps:
            return
        origin = (0.0, 0.0)
        firsts = [s for s in doc.flow.first_steps() if s.position is not None]
        if firsts:
            origin = (min(s.position[0] for s in firsts), min(s.position[1] for s in firsts))
        positions = tidy_layout(doc.flow, lambda s: ports_of(s.type, s.config), origin=origin)
        changed = {k: v for k, v in positions.items() if doc.step_position(k) != v}
        if changed:
            doc.push(TidyLayoutCommand(doc, changed))
