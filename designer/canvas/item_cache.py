"""Repaint a cached canvas item in every view at once.

Cards, count badges and edge labels are cached in device coordinates (crisp text, cheap pans).
Qt keeps one such pixmap per view and per transform, but ``QGraphicsItem.update()`` marks the
item exposed only once: the first view that repaints (often the overview, where badges draw
nothing) clears the flag, and the canvas keeps showing the old pixmap until a zoom makes a new
one. Dropping the cache makes every view render the item afresh.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsItem

_NO_CACHE = QGraphicsItem.CacheMode.NoCache


def repaint(item: QGraphicsItem) -> None:
    """``item.update()`` that also throws away the item's cached pixmaps in every view."""
    mode = item.cacheMode()
    if mode != _NO_CACHE:
        item.setCacheMode(_NO_CACHE)
        item.setCacheMode(mode)
    item.update()
