"""Live counts on the canvas: a read-only overlay, never part of the document.

The runtime bridge feeds ``CountsOverlay.set_counts({step_id: {"entered": n, "waiting": n,
"completed": n, "failed": n}})`` in batches (about every 250 ms). Each card gets a small badge
above it; badges are separate uncached child items, so relabelling 500 steps repaints 500
small pills and never re-renders the cards, never touches the undo stack and never
reaches the saved file. ``clear()`` removes every badge (e.g. when leaving live mode).

Edges get a small number in the middle of their curve: how many contacts left the source step
through that edge's port (``set_counts(steps, edges={step id: {port: n}})``). :meth:`CountsOverlay.hit`
tells which count of which card is under a scene point, so a click can open the contacts behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.canvas.edge_item import EdgeItem
from designer.canvas.scene import FlowScene
from designer.canvas.step_item import CARD_WIDTH, LOW_DETAIL
from designer.i18n import current_language

#: (key, colour) in badge order; each key's label comes from ``_COUNTED`` (plural forms).
FIELDS = (
    ("entered", "#2563eb"),
    ("waiting", "#d97706"),
    ("completed", "#059669"),
    ("failed", "#dc2626"),
)
# key -> its "%n label" in the plural form a count needs (literal texts for lupdate)
_COUNTED: dict[str, Callable[[int], str]] = {
    "entered": lambda n: QCoreApplication.translate("CountsBadgeItem", "%n in", "", n),
    "waiting": lambda n: QCoreApplication.translate("CountsBadgeItem", "%n waiting", "", n),
    "completed": lambda n: QCoreApplication.translate("CountsBadgeItem", "%n done", "", n),
    "failed": lambda n: QCoreApplication.translate("CountsBadgeItem", "%n failed", "", n),
}
BADGE_HEIGHT = 20.0

_FONT = QFont()
_FONT.setPixelSize(10)
_BOLD = QFont(_FONT)
_BOLD.setBold(True)
_PLAIN_METRICS = QFontMetricsF(_FONT)
_BOLD_METRICS = QFontMetricsF(_BOLD)


@lru_cache(maxsize=512)
def _pill(width: int, height: int, fill: int, outline: int, scale: float) -> QPixmap:
    """A rounded pill of ``width`` x ``height`` logical pixels (colours as ARGB ints, outline 0 =
    none), rendered once per size, colour and device scale.

    Antialiased rounded rectangles are the dearest thing a relabel paints (thousands per second
    while counts move); the numbers change, the pill shapes repeat, so they come from here.
    """
    pixmap = QPixmap(max(1, round(width * scale)), max(1, round(height * scale)))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if outline:
        painter.setPen(QPen(QColor.fromRgba(outline), 1))
        rect = QRectF(0.5, 0.5, width - 1, height - 1)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        rect = QRectF(0, 0, width, height)
    painter.setBrush(QColor.fromRgba(fill))
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.end()
    return pixmap


def _draw_pill(painter: QPainter, rect: QRectF, fill: QColor, outline: QColor | None = None) -> QRectF:
    """Draw a cached pill at ``rect``'s top-left (width rounded up to whole pixels); returns its rect."""
    transform = painter.worldTransform()
    scale = round(max(transform.m11(), 0.01) * painter.device().devicePixelRatioF(), 2)
    width, height = int(-(-rect.width() // 1)), round(rect.height())
    pixmap = _pill(width, height, fill.rgba(), outline.rgba() if outline is not None else 0, scale)
    painter.drawPixmap(rect.topLeft(), pixmap)
    return QRectF(rect.left(), rect.top(), width, height)


def compact(n: int) -> str:
    """1234 -> "1.2k", 2500000 -> "2.5M" (badges must stay short)."""
    if n < 1000:
        return str(n)
    if n < 1_000_000:
        return f"{n / 1000:.1f}k".replace(".0k", "k")
    return f"{n / 1_000_000:.1f}M".replace(".0M", "M")


def badge_label(key: str, n: int) -> str:
    """The word after count ``n`` on a badge, in the plural form ``n`` needs ("1 ошибка",
    "2 ошибки", "5 ошибок"; "1.2k" reads as thousands: "1.2k ошибок")."""
    # the plural form depends on the last two digits only: one translation per form and language
    return _badge_label(key, n if n < 100 else (100 + n % 100 if n < 1000 else 5), current_language())


@lru_cache(maxsize=1024)
def _badge_label(key: str, n: int, language: str) -> str:
    text = _COUNTED[key](n)
    return text.split(" ", 1)[1] if text.startswith(f"{n} ") else text


class CountsBadgeItem(QGraphicsItem):
    """The strip of counts above one card."""

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.values: tuple[int, int, int, int] = (0, 0, 0, 0)
        self._pills: list[tuple[QRectF, float, str, str, QColor, QColor]] | None = None
        self.setPos(0, -BADGE_HEIGHT - 4)
        # not cached: numbers change every few hundred ms, and a cached pixmap per view goes stale
        # (see designer.canvas.item_cache); a few pills paint faster than a pixmap is re-made
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(3)

    def set_values(self, values: tuple[int, int, int, int], repaint: bool = True) -> bool:
        """Show ``values``; True when they changed. ``repaint=False``: the caller repaints the
        views once for a whole relabel (thousands of item updates cost more than one repaint)."""
        if values == self.values:
            return False
        self.values = values
        self._pills = None  # laid out when next painted: off-screen badges cost nothing
        if repaint:
            self.update()
        return True

    def sceneEvent(self, event: QEvent) -> bool:  # the tooltip, made when asked for
        if event.type() == QEvent.Type.GraphicsSceneHelp:
            entered, waiting, completed, failed = self.values
            self.setToolTip(QCoreApplication.translate("CountsBadgeItem",
                    "Entered {entered} · waiting {waiting} · completed {completed} · failed {failed}. Click a number for the "
                    "contacts behind it.").format(entered=entered, waiting=waiting, completed=completed, failed=failed))
        return super().sceneEvent(event)

    def _layout(self) -> list[tuple[QRectF, float, str, str, QColor, QColor]]:
        """Lay the pills out once per change (not once per paint)."""
        pills = []
        x = 0.0
        for (key, color), value in zip(FIELDS, self.values, strict=False):
            if key == "failed" and value == 0:
                continue  # a zero failure count is noise
            label = badge_label(key, value)
            number = compact(value)
            number_width = _BOLD_METRICS.horizontalAdvance(number)
            width = number_width + _PLAIN_METRICS.horizontalAdvance(label) + 16
            tint = QColor(color)
            tint.setAlpha(28)
            pills.append((QRectF(x, 0, width, BADGE_HEIGHT), number_width, number, label, QColor(color), tint))
            x += width + 4
        return pills

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, CARD_WIDTH, BADGE_HEIGHT)

    def key_at(self, x: float) -> str | None:
        """The count (entered, waiting, completed, failed) under badge x coordinate ``x``."""
        if self._pills is None:
            self._pills = self._layout()
        shown = [key for (key, _c), value in zip(FIELDS, self.values, strict=False) if not (key == "failed" and value == 0)]
        for key, (rect, *_rest) in zip(shown, self._pills, strict=False):
            if rect.left() <= x <= rect.right():
                return key
        return None

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOW_DETAIL - 1e-6:
            return  # unreadable when zoomed out (where cards simplify); the cards say enough
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if self._pills is None:
            self._pills = self._layout()
        for rect, number_width, number, label, color, tint in self._pills:
            _draw_pill(painter, rect, tint)
            painter.setPen(color)
            painter.setFont(_BOLD)
            painter.drawText(rect.adjusted(7, 0, 0, 0), align, number)
            painter.setFont(_FONT)
            painter.drawText(rect.adjusted(7 + number_width + 3, 0, 0, 0), align, label)


_EDGE_FILL = QColor("#f1f5f9")
_EDGE_OUTLINE = QColor("#475569")


@lru_cache(maxsize=1)
def _edge_label_width() -> float:
    """Edge labels share one size (wide enough for "999.9k"), so a new number never changes geometry.
    (Measured on first use: fonts need the QApplication.)"""
    return _BOLD_METRICS.horizontalAdvance("999.9k") + 12


class EdgeCountItem(QGraphicsItem):
    """How many contacts took an edge: a small pill centred on the middle of the curve."""

    def __init__(self, parent: EdgeItem) -> None:
        super().__init__(parent)
        self.value = -1  # not cached, like the badges
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(2)

    def set_value(self, value: int, repaint: bool = True) -> bool:
        """Show ``value``; True when it changed (see :meth:`CountsBadgeItem.set_values`)."""
        # cheap on purpose: a relabel touches every edge; text and tooltip are made when needed
        if value == self.value:
            return False
        self.value = value
        if repaint:
            self.update()
        return True

    def boundingRect(self) -> QRectF:
        width = _edge_label_width()
        return QRectF(-width / 2 - 1, -9, width + 2, 18)

    def sceneEvent(self, event: QEvent) -> bool:  # the tooltip, made on demand
        if event.type() == QEvent.Type.GraphicsSceneHelp:
            self.setToolTip(QCoreApplication.translate("EdgeCountItem", "{value} contact{v0} took this path")
                    .format(value=self.value, v0='s' if self.value != 1 else ''))
        return super().sceneEvent(event)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if option.levelOfDetailFromTransform(painter.worldTransform()) < LOW_DETAIL - 1e-6:
            return
        text = compact(self.value)
        width = _BOLD_METRICS.horizontalAdvance(text) + 12
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = _draw_pill(painter, QRectF(-width / 2, -8, width, 16), _EDGE_FILL, _EDGE_OUTLINE)
        painter.setFont(_BOLD)
        painter.setPen(QColor("#334155"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class CountsOverlay(QObject):
    """Keeps one badge per counted step and one number per taken edge; follows items as they are recreated."""

    def __init__(self, scene: FlowScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.counts: dict[str, tuple[int, int, int, int]] = {}
        self.badges: dict[str, CountsBadgeItem] = {}
        self.edge_values: dict[tuple[str, str], int] = {}  # (source step, port) -> contacts
        self._visible = True
        scene.step_item_added.connect(self._attach)
        scene.edge_item_added.connect(self._attach_edge)

    def set_counts(self, counts: Mapping[str, Mapping[str, int]],
                   edges: Mapping[str, Mapping[str, int]] | None = None) -> None:
        """Show these counts; steps missing from ``counts`` keep their previous values.
        ``edges`` (``{step id: {port: n}}``) labels every edge leaving that port with ``n``."""
        changed = False
        for step_id, row in counts.items():
            values = tuple(int(row.get(key, 0) or 0) for key, _c in FIELDS)
            self.counts[step_id] = values  # type: ignore[assignment]
            changed = self._attach(step_id, repaint=False) or changed
        if edges is not None:
            taken = {(s, p): int(n) for s, ports in edges.items() for p, n in ports.items()}
            if taken != self.edge_values:
                self.edge_values = taken
                for edge in list(self.scene.edge_items):
                    changed = self._attach_edge(edge, repaint=False) or changed
        if changed:
            # one repaint of what the views show, instead of an update() per badge and label
            for view in self.scene.views():
                view.viewport().update()

    def edge_count(self, source: str, port: str = "next") -> int | None:
        """The number shown on edges leaving ``source`` through ``port`` (None: no label)."""
        return self.edge_values.get((source, port))

    def hit(self, scene_pos: QPointF) -> tuple[str, str] | None:
        """(step id, count key) of the count under ``scene_pos``, if any (clicks open its contacts)."""
        for step_id, badge in self.badges.items():
            if not shiboken6.isValid(badge) or not badge.isVisible():
                continue
            local = badge.mapFromScene(scene_pos)
            if badge.boundingRect().contains(local):
                key = badge.key_at(local.x())
                if key is not None:
                    return step_id, key
        return None

    def _attach_edge(self, edge: object, repaint: bool = True) -> bool:
        """Label ``edge`` with its count (a new label when its line was recreated); True if it changed."""
        item = self.scene.edge_items.get(edge)  # type: ignore[arg-type]
        if item is None:
            return False
        value = self.edge_values.get((item.edge.source, item.edge.port))
        label = item.count_item
        if value is None:
            if label is not None and shiboken6.isValid(label):
                label.setVisible(False)
            return False
        if label is None or not shiboken6.isValid(label):
            label = EdgeCountItem(item)
            item.count_item = label
            item.adjust()  # places the label
        label.setVisible(self._visible)
        return label.set_value(value, repaint)

    def counts_text(self, step_id: str) -> str:
        """The badge's numbers as text (for tests and accessibility)."""
        values = self.counts.get(step_id)
        if values is None:
            return ""
        return " ".join(f"{compact(v)} {badge_label(key, v)}" for (key, _c), v in zip(FIELDS, values, strict=False))

    def clear(self) -> None:
        """Remove every badge and forget the counts."""
        for badge in self.badges.values():
            if shiboken6.isValid(badge) and badge.scene() is not None:
                badge.scene().removeItem(badge)
        self.badges.clear()
        self.counts.clear()
        for item in self.scene.edge_items.values():
            label, item.count_item = item.count_item, None
            if label is not None and shiboken6.isValid(label) and label.scene() is not None:
                label.scene().removeItem(label)
        self.edge_values.clear()

    def _attach(self, step_id: str, repaint: bool = True) -> bool:
        """Badge ``step_id``'s card with its counts (a new badge on a recreated card); True if changed."""
        values = self.counts.get(step_id)
        card = self.scene.step_items.get(step_id)
        if values is None or card is None:
            return False
        badge = self.badges.get(step_id)
        if badge is None or not shiboken6.isValid(badge) or badge.parentItem() is not card:
            # the card was recreated (undo of a delete, a reset): give it a fresh badge
            badge = CountsBadgeItem(card)
            badge.setVisible(self._visible)
            self.badges[step_id] = badge
        return badge.set_values(values, repaint)
