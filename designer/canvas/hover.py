"""HoverTracking: the hover state shared by cards, edges and port dots.

Each of those items repaints differently while the mouse is over it; the mixin keeps the flag
and tells the item when it changed, so the Qt event handlers live in one place.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsSceneHoverEvent

from designer.canvas.item_cache import repaint


class HoverTracking:
    """Mixin for a QGraphicsItem: ``_hover`` follows the mouse, ``_hover_changed()`` repaints.

    List it before the Qt base class; the item still has to ``setAcceptHoverEvents(True)``.
    """

    _hover = False

    def _hover_changed(self) -> None:
        """Called after ``_hover`` flipped; the default repaints the item (in every view)."""
        repaint(self)  # type: ignore[arg-type]  # a QGraphicsItem subclass

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover = True
        self._hover_changed()

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover = False
        self._hover_changed()
