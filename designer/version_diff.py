"""The visual diff between two versions of a flow.

:class:`VersionDiffDialog` shows both versions on one canvas: the newer version's steps, plus the
steps the older one had and the newer one dropped (at their old place). Added steps get a green
frame, removed ones a red dashed frame, changed ones an amber frame (:class:`DiffMarkItem`);
the side list names every change, config changes field by field (``runtime.flow.diff``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from designer.canvas.scene import FlowScene
from designer.canvas.step_item import CARD_WIDTH, StepItem, _font
from designer.canvas.view import FlowView
from designer.document import FlowDocument
from runtime.service import REGISTRY, Flow, diff_flows, step_label, step_title

#: kind -> (frame colour, label); the canvas and the list use the same colours
DIFF_COLORS = {"added": ("#12b76a", "added"), "removed": ("#f04438", "removed"), "changed": ("#f79009", "changed")}


class DiffMarkItem(QGraphicsItem):
    """A coloured frame and label around one card (child of the card, drawn above it)."""

    def __init__(self, card: StepItem, kind: str) -> None:
        super().__init__(card)
        self.kind = kind
        self._height = card.height()
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return QRectF(-8, -26, CARD_WIDTH + 16, self._height + 34)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        color, label = DIFF_COLORS[self.kind]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        style = Qt.PenStyle.DashLine if self.kind == "removed" else Qt.PenStyle.SolidLine
        painter.setPen(QPen(QColor(color), 3, style))
        fill = QColor(color)
        fill.setAlpha(28)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(QRectF(-5, -5, CARD_WIDTH + 10, self._height + 10), 12, 12)
        tag = QRectF(0, -25, 74, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(tag, 9, 9)
        painter.setPen(QColor("white"))
        painter.setFont(_font(11, True))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)


def merged_flow(old: Flow, new: Flow) -> Flow:
    """The newer flow plus the steps (and their edges) only the older one has."""
    merged = new.copy()
    kept = {s.id for s in new.steps}
    for step in old.steps:
        if step.id not in kept:
            merged.steps.append(step.copy())
    edges = set(merged.edges)
    merged.edges += [e for e in old.edges if e not in edges and (e.source not in kept or e.target not in kept)]
    return merged


def _value(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False)


class VersionDiffDialog(QDialog):
    """Two versions of a flow compared on the canvas and field by field.

    ``load(version)`` returns the :class:`Flow` of a version number or ``"draft"``; ``versions``
    lists what the pickers offer, oldest first.
    """

    def __init__(self, name: str, versions: list[str], load: Callable[[str], Flow], old: str, new: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("VersionDiffDialog")
        self.setWindowTitle(f"Compare versions of “{name}”")
        self.resize(1560, 940)
        self._load = load
        self.diff: dict[str, Any] = {}
        self.marks: dict[str, DiffMarkItem] = {}
        layout = QVBoxLayout(self)
        pick = QHBoxLayout()
        self.old_box, self.new_box = QComboBox(), QComboBox()
        for box, value in ((self.old_box, old), (self.new_box, new)):
            box.addItems([v if v == "draft" else f"v{v}" for v in versions])
            box.setCurrentIndex(versions.index(value))
            box.setProperty("versions", versions)
        pick.addWidget(QLabel("Compare"))
        pick.addWidget(self.old_box)
        pick.addWidget(QLabel("with"))
        pick.addWidget(self.new_box)
        pick.addSpacing(24)
        for color, label in DIFF_COLORS.values():
            chip = QLabel(f"  {label}  ")
            chip.setStyleSheet(f"background: {color}; color: white; border-radius: 8px; font-weight: 600;")
            pick.addWidget(chip)
        pick.addStretch(1)
        layout.addLayout(pick)
        split = QSplitter()
        self.document = FlowDocument(Flow(name=name), self)
        self.scene = FlowScene(self.document, self)
        self.view = FlowView(self.scene)
        self.view.setInteractive(False)
        split.addWidget(self.view)
        self.changes = QListWidget()
        self.changes.setObjectName("DiffChanges")
        self.changes.setWordWrap(True)
        split.addWidget(self.changes)
        split.setSizes([1180, 380])
        layout.addWidget(split, 1)
        self.old_box.currentIndexChanged.connect(self.refresh)
        self.new_box.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def _picked(self, box: QComboBox) -> str:
        return box.property("versions")[box.currentIndex()]

    def refresh(self) -> None:
        """Load the two picked versions and show their difference."""
        old, new = self._load(self._picked(self.old_box)), self._load(self._picked(self.new_box))
        self.diff = diff_flows(old, new)
        self.document.set_flow(merged_flow(old, new))
        self.view.tidy_layout()  # both versions' steps on one readable grid
        self.scene.flush()
        self.marks = {}
        kinds = {**{s["id"]: "added" for s in self.diff["added"]}, **{s["id"]: "removed" for s in self.diff["removed"]},
                 **{s["id"]: "changed" for s in self.diff["changed"]}}
        for step_id, kind in kinds.items():
            card = self.scene.step_item(step_id)
            if card is not None:
                self.marks[step_id] = DiffMarkItem(card, kind)
        self._list()
        self.fit()

    def fit(self) -> None:
        """Show the changed steps and their neighbours at a readable zoom (the whole flow if unchanged)."""
        self.scene.flush()
        rect = QRectF()
        for mark in self.marks.values():
            rect = rect.united(mark.sceneBoundingRect())
        if rect.isEmpty():
            rect = self.scene.itemsBoundingRect()
        if rect.isEmpty():
            return
        self.view.fitInView(rect.adjusted(-CARD_WIDTH, -80, CARD_WIDTH, 80), Qt.AspectRatioMode.KeepAspectRatio)
        if self.view.transform().m11() > 1.0:  # never enlarged past 100 %
            self.view.resetTransform()
            self.view.centerOn(rect.center())

    def showEvent(self, event: Any) -> None:  # Qt override
        super().showEvent(event)
        self.fit()  # the view has its real size only once shown

    def _list(self) -> None:
        self.changes.clear()

        def add(text: str, kind: str | None = None, bold: bool = False) -> None:
            item = QListWidgetItem(text)
            if kind:
                item.setForeground(QColor(DIFF_COLORS[kind][0]).darker(130))
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.changes.addItem(item)

        # steps as the canvas names them (kind and name, or summary); ids stay out of the sentences
        steps = {s.id: s for s in self.document.flow.steps}
        label = {sid: step_label(step) for sid, step in steps.items()}
        title = {sid: step_title(step) for sid, step in steps.items()}

        def link(edge: dict[str, Any]) -> str:
            port = "" if edge["port"] == "next" else f" ({edge['port']})"
            return f"link {title.get(edge['from'], edge['from'])}{port} → {title.get(edge['to'], edge['to'])}"

        def field(step_id: str, key: str) -> str:
            known = REGISTRY.get(steps[step_id].type) if step_id in steps else None
            found = known.field(key) if known is not None else None
            return found.label if found is not None else key

        if self.diff["same"]:
            add("The two versions do the same thing.", bold=True)
        for step in self.diff["added"]:
            add(f"+ {label.get(step['id'], step['id'])} added", "added", True)
        for step in self.diff["removed"]:
            add(f"− {label.get(step['id'], step['id'])} removed", "removed", True)
        for step in self.diff["changed"]:
            add(f"~ {label.get(step['id'], step['id'])} changed", "changed", True)
            for change in step["changes"]:
                add(f"      {field(step['id'], change['field'])}: {_value(change['old'])} → {_value(change['new'])}")
        for edge in self.diff["edges_added"]:
            add(f"+ {link(edge)}", "added")
        for edge in self.diff["edges_removed"]:
            add(f"− {link(edge)}", "removed")
        for change in self.diff["flow"]:
            add(f"~ flow {change['field']}: {_value(change['old'])} → {_value(change['new'])}", "changed")
