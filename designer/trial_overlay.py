"""Read-only marks for trying a flow: the path one test contact took, and rehearsal predictions.

Both are child items of the cards (never part of the document, never saved, never undoable):
:class:`PathMarkItem` lights a card the test contact passed (a blue glow with its visit order
and time); :class:`PredictionBadgeItem` is a dashed violet pill under a card with the predicted
number of contacts, drawn unlike the live counts (solid pills above the card) so a forecast is
never mistaken for what happened. :class:`TrialOverlay` puts them on a scene and clears them.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.canvas.scene import FlowScene
from designer.canvas.step_item import CARD_WIDTH, StepItem, _font
from runtime.service import human_duration

PATH_COLOR = QColor("#2e90fa")
PREDICTION_COLOR = QColor("#7a5af8")


class PathMarkItem(QGraphicsItem):
    """A glow around a card the test contact visited, with ``label`` (e.g. "1 · +2 d")."""

    def __init__(self, card: StepItem, label: str) -> None:
        super().__init__(card)
        self.label = label
        self._height = card.height()
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return QRectF(-10, -10, CARD_WIDTH + 20, self._height + 34)

    def pill(self) -> QRectF:
        """Where the label's pill is drawn (the first row under the card), in card coordinates."""
        return QRectF(CARD_WIDTH - 120, self._height + 8, 120, 18)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        glow = QColor(PATH_COLOR)
        glow.setAlpha(60)
        painter.setPen(QPen(PATH_COLOR, 3))
        painter.setBrush(glow)
        painter.drawRoundedRect(QRectF(-6, -6, CARD_WIDTH + 12, self._height + 12), 12, 12)
        pill = self.pill()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PATH_COLOR)
        painter.drawRoundedRect(pill, 9, 9)
        painter.setPen(QColor("white"))
        painter.setFont(_font(11, True))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, self.label)


class PredictionBadgeItem(QGraphicsItem):
    """A dashed pill under a card: ``≈ N`` contacts predicted to pass it (and how many wait there).

    Sized to its text; on the second row under the card (``below_path``) when the card also
    carries a path mark, whose pill takes the first row.
    """

    PAD = 20.0
    ROW = 24.0

    def __init__(self, card: StepItem, text: str) -> None:
        super().__init__(card)
        self.text = text
        self._height = card.height()
        self._width = max(90.0, QFontMetricsF(_font(11, True)).horizontalAdvance(text) + self.PAD)
        self._top = self._height + 6
        self.setZValue(4)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_below_path(self, below: bool) -> None:
        """Move to the second row (a path mark's pill is on the first) or back."""
        top = self._height + 6 + (self.ROW if below else 0)
        if top != self._top:
            self.prepareGeometryChange()
            self._top = top

    def pill(self) -> QRectF:
        """Where the pill is drawn, in card coordinates."""
        return QRectF(0, self._top, self._width, 20)

    def boundingRect(self) -> QRectF:
        return self.pill().adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pill = self.pill()
        fill = QColor(PREDICTION_COLOR)
        fill.setAlpha(30)
        painter.setBrush(fill)
        painter.setPen(QPen(PREDICTION_COLOR, 1.5, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(pill, 10, 10)
        painter.setPen(PREDICTION_COLOR.darker(140))
        painter.setFont(_font(11, True))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, self.text)


class TrialOverlay:
    """The path and prediction marks of one scene."""

    def __init__(self, scene: FlowScene) -> None:
        self.scene = scene
        self.path: dict[str, PathMarkItem] = {}
        self.predictions: dict[str, PredictionBadgeItem] = {}

    def _drop(self, items: dict[str, Any]) -> None:
        for item in items.values():
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        items.clear()

    def show_path(self, result: dict[str, Any]) -> None:
        """Light the steps of a ``simulate`` result, labelled with visit order and time after the start."""
        from datetime import datetime

        self._drop(self.path)
        start = datetime.fromisoformat(result["start"])
        order = 0
        for visit in result["path"]:
            if visit["outcome"] == "waiting" or visit["step"] in self.path:
                continue
            card = self.scene.step_item(visit["step"])
            if card is None:
                continue
            order += 1
            self.path[visit["step"]] = PathMarkItem(card, f"{order} · {_offset(datetime.fromisoformat(visit['at']) - start)}")
        self._arrange()

    def show_predictions(self, report: dict[str, Any]) -> None:
        """Badge each step with the contacts a ``rehearse`` report predicts for it."""
        self._drop(self.predictions)
        for step_id, counts in report["steps"].items():
            card = self.scene.step_item(step_id)
            if card is None:
                continue
            # a send a cap skips is logged twice: the visit, and the dispatcher's skip of its message
            passed = counts["completed"] + counts["failed"] + counts["skipped"] - counts.get("skipped_by_cap", 0)
            text = QCoreApplication.translate("TrialOverlay", "≈ %n predicted", "", passed)
            if counts["waiting_at_end"]:
                text += " · " + QCoreApplication.translate("TrialOverlay", "%n wait", "", counts["waiting_at_end"])
            held = counts.get("held_quiet_hours", 0) + counts.get("delayed_by_cap", 0)
            if held:
                text += " · " + QCoreApplication.translate("TrialOverlay", "%n held", "", held)
            if counts.get("skipped_by_cap"):
                text += " · " + QCoreApplication.translate("TrialOverlay", "%n skipped by caps", "",
                                                           counts["skipped_by_cap"])
            self.predictions[step_id] = PredictionBadgeItem(card, text)
        self._arrange()

    def _arrange(self) -> None:
        """Predictions under a lit card go below the path mark's pill instead of over it."""
        for step_id, badge in self.predictions.items():
            if shiboken6.isValid(badge):
                badge.set_below_path(step_id in self.path)

    def clear(self) -> None:
        """Remove every mark."""
        self._drop(self.path)
        self._drop(self.predictions)


def _offset(delta: Any) -> str:
    """``+2 d 3 h``-style time after the start."""
    minutes = int(delta.total_seconds() // 60)
    if minutes <= 0:
        return QCoreApplication.translate("TrialOverlay", "at once")
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    # in the runtime's duration words: "+2 d 3 h" / "+2 дня 3 ч"
    clock = (f"{hours}H" if hours else "") + (f"{mins}M" if mins and not days else "")
    iso = "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")
    return "+" + human_duration(iso)
