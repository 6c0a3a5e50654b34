"""StepItem (a step's card) and TriggerItem (the read-only trigger card at the left).

Items are views: they show what the scene hands them (``set_step``, ``set_problems``) and never
write to the document. Cards are cached in device coordinates, so text stays crisp at every
zoom while panning only blits pixmaps. Zoomed out they simplify (see :func:`detail_for_zoom`):
from 50 % down to 30 % a tinted block with the step's name in a large bold font (a whole-flow
view stays legible), below 30 % a plain coloured block (the overview).

A long step name wraps onto two lines (the second one elided) so the card keeps its height;
the tooltip always carries the full name.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from designer.canvas.hover import HoverTracking
from designer.canvas.item_cache import repaint
from designer.canvas.port_item import PortItem, paint_port, port_color
from designer.canvas.steptypes import (
    TypeInfo,
    paint_icon,
    ports_of,
    summary_of,
    type_info,
)
from runtime.service import Step, human_duration, port_label

if TYPE_CHECKING:
    from designer.canvas.edge_item import EdgeItem

CARD_WIDTH = 240.0
MIN_HEIGHT = 68.0
PORT_SPACING = 22.0
RADIUS = 10.0
ACCENT = 5.0
LOW_DETAIL = 0.5  # below this zoom, card texts are too small to read: cards simplify
NAME_DETAIL = 0.3  # down to this zoom a simplified card still shows its name, large
NAME_LINE = 16.0  # line height of the name (13 px bold) on a full card
SUMMARY_LINE = 16.0

SELECTION_COLOR = QColor("#2563eb")
PROBLEM_COLOR = QColor("#dc2626")
CARD_FILL = QColor("#ffffff")
CARD_BORDER = QColor("#d5d9e0")
HOVER_BORDER = QColor("#94a3b8")
TEXT_COLOR = QColor("#111827")
MUTED_TEXT = QColor("#5b6472")


def _font(pixel_size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font


NAME_FONT = _font(13, True)
SUMMARY_FONT = _font(11)
PORT_FONT = _font(10, True)


_POSITION_CHANGED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
_SELECTED_CHANGED = QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged


def detail_for_zoom(zoom: float) -> str:
    """How a card paints at ``zoom``: ``"full"``, ``"name"`` (block with a big name) or ``"block"``."""
    zoom += 1e-6  # a painter's level of detail for a 30 % view comes out as 0.29999...
    if zoom >= LOW_DETAIL:
        return "full"
    return "name" if zoom >= NAME_DETAIL else "block"


def wrap_text(text: str, font: QFont, width: float, max_lines: int = 2) -> list[str]:
    """``text`` broken at word boundaries into at most ``max_lines`` lines of ``width``;
    what does not fit is elided at the end of the last line (a word longer than a line is
    broken anywhere)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts: list[int] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    if not starts:
        return [""]
    bounds = [*starts, len(text)]
    lines = [text[bounds[i]:bounds[i + 1]].strip() for i in range(len(starts))]
    if len(lines) > max_lines:
        rest = text[starts[max_lines - 1]:].strip()
        lines = [*lines[: max_lines - 1], QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)]
    return lines


def _tint(color: QColor) -> QColor:
    """A light version of a group colour for zoomed-out cards."""
    return QColor(
        (color.red() + 3 * 255) // 4, (color.green() + 3 * 255) // 4, (color.blue() + 3 * 255) // 4
    )


def fit_text(text: str, size: int, min_size: int, width: float, max_lines: int = 2) -> tuple[QFont, list[str]]:
    """A bold font of ``size`` px, or the largest smaller one down to ``min_size``, in which
    ``text`` fits ``max_lines`` lines of ``width`` without being elided (elided at ``min_size``)."""
    for pixels in range(size, min_size - 1, -1):
        font = _font(pixels, True)
        lines = wrap_text(text, font, width, max_lines)
        if not lines[-1].endswith("\u2026") or lines[-1] == text:
            return font, lines
    return font, lines


_FIT_CACHE: dict[tuple[str, int, int, float], tuple[QFont, list[str]]] = {}


def fit_text_cached(text: str, size: int, min_size: int, width: float) -> tuple[QFont, list[str]]:
    """:func:`fit_text`, remembered: zooming repaints every card at every step."""
    key = (text, size, min_size, width)
    found = _FIT_CACHE.get(key)
    if found is None:
        if len(_FIT_CACHE) > 4000:
            _FIT_CACHE.clear()
        found = _FIT_CACHE[key] = fit_text(text, size, min_size, width)
    return found


def paint_fitted(painter: QPainter, text: str, lod: float, largest: float, smallest: int,
                 x: float, width: float, middle: float, color: QColor) -> None:
    """A zoomed-out card's text: about 9 screen pixels tall whatever the zoom (``largest`` to
    ``smallest`` px, smaller if it needs that to fit two lines of ``width``), left-aligned at
    ``x`` and centred on the card's ``middle``."""
    font, lines = fit_text_cached(text, round(min(largest, max(float(smallest), 9.0 / lod))), smallest, width)
    line_height = QFontMetricsF(font).height()
    top = middle - line_height * len(lines) / 2
    painter.setPen(color)
    painter.setFont(font)
    for n, line in enumerate(lines):
        painter.drawText(QRectF(x, top + n * line_height, width, line_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)


class StepItem(HoverTracking, QGraphicsObject):
    """The card of one step: accent, icon, name, one-line summary, input and output ports."""

    Type = QGraphicsItem.UserType + 1

    def __init__(self, step: Step, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.step_id = step.id
        self.edges: set[EdgeItem] = set()
        self.problems: list[str] = []
        self.info: TypeInfo = type_info(step.type)
        self.title = ""
        self.summary = ""
        self.port_names: list[str] = []
        self.output_ports: dict[str, PortItem] = {}
        self._height = MIN_HEIGHT
        self._label_width = 0.0
        self.name_lines: list[str] = []  # the name as a full card shows it (1 or 2 lines)
        self.join_label = ""  # "join: first" where several edges arrive; "start" on a marked start
        self._built = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        self.input_port = PortItem(step.id, "in", False, self)
        self.set_step(step)

    def type(self) -> int:
        return self.Type

    # -- state from the scene --------------------------------------------------------------------

    def set_step(self, step: Step) -> None:
        """Refresh texts and ports from the model's step."""
        self.info = type_info(step.type)
        self.title = step.name or self.info.display_name
        self.summary = summary_of(step.type, step.config)
        ports = ports_of(step.type, step.config)
        if ports != self.port_names or not self._built:
            self._built = True
            self.prepareGeometryChange()
            self._rebuild_ports(ports)
        self.name_lines = wrap_text(self.title, NAME_FONT, self._text_width())
        self._update_tooltip(step)
        repaint(self)

    def set_join_label(self, text: str) -> None:
        """The join mode (or start mark) shown above the card."""
        if text != self.join_label:
            self.prepareGeometryChange()
            self.join_label = text
            self.update()

    def _rebuild_ports(self, ports: list[str]) -> None:
        for item in self.output_ports.values():
            item.setParentItem(None)
            if item.scene() is not None:
                item.scene().removeItem(item)
        self.port_names = list(ports)
        self.output_ports = {p: PortItem(self.step_id, p, True, self) for p in ports}
        self._height = max(MIN_HEIGHT, 18.0 + PORT_SPACING * len(ports))
        metrics = QFontMetricsF(PORT_FONT)
        labelled = [p for p in ports if self.shows_port_label(p)]
        self._label_width = max((metrics.horizontalAdvance(port_label(p)) for p in labelled), default=0.0)
        self.input_port.setPos(0, self._height / 2)
        for n, port in enumerate(ports):
            self.output_ports[port].setPos(CARD_WIDTH, self.port_y(n))
        for edge in list(self.edges):
            edge.adjust()

    def _text_width(self) -> float:
        """Width of the name and summary column on a full card (between icon and port labels)."""
        right = CARD_WIDTH - 12 - (self._label_width + 10 if self._label_width else 0)
        return max(20.0, right - self._text_x())

    @staticmethod
    def _text_x() -> float:
        return ACCENT + 11 + 26 + 10  # accent, gap, icon, gap

    def port_texts(self) -> list[str]:
        """The port labels the card shows, in the interface's language."""
        return [port_label(p) for p in self.port_names if self.shows_port_label(p)]

    def shows_port_label(self, port: str) -> bool:
        """A lone ``next`` port needs no label; every other port is labelled."""
        return not (port == "next" and len(self.port_names) == 1)

    def port_y(self, index: int) -> float:
        n = max(1, len(self.port_names))
        return self._height * (index + 1) / (n + 1)

    def _update_tooltip(self, step: Step) -> None:
        lines = [(f"<b>{html.escape(self.title)}</b> <span style='color:#6b7280'>({html.escape(step.id)}, "
                  f"{html.escape(self.info.display_name)})</span>")]
        if self.summary:
            lines.append(html.escape(self.summary))
        for message in self.problems:
            lines.append(QCoreApplication.translate("StepItem", "<span style='color:#b91c1c'>⚠ {v0}</span>")
                    .format(v0=html.escape(message)))
        self.setToolTip("<br>".join(lines))
        self._last_step = step

    def set_problems(self, messages: list[str]) -> None:
        """Mark the card red with the messages in its tooltip (``[]`` clears)."""
        if messages == self.problems:
            return
        self.problems = list(messages)
        self._update_tooltip(self._last_step)
        repaint(self)

    def output_port(self, port: str) -> PortItem | None:
        return self.output_ports.get(port)

    def port_anchor(self, port: str) -> QPointF:
        """Scene point where an edge from ``port`` starts (card's right middle if the port is gone)."""
        item = self.output_ports.get(port)
        if item is not None:
            return item.scenePos()
        return self.mapToScene(QPointF(CARD_WIDTH, self._height / 2))

    def input_anchor(self) -> QPointF:
        return self.input_port.scenePos()

    def height(self) -> float:
        return self._height

    # -- geometry and painting -------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        top = -18 if self.join_label else -3  # the join label sits above the card
        return QRectF(-9, top, CARD_WIDTH + 18, self._height + 3 - top)  # port dots overhang both edges

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, CARD_WIDTH, self._height), RADIUS, RADIUS)
        return path

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        # called for every flag, child and position change: keep it cheap (module constant,
        # no call back into C++; the base implementation only returns ``value``)
        if change is _POSITION_CHANGED:
            for edge in self.edges:
                edge.adjust()
        elif change is _SELECTED_CHANGED:
            repaint(self)  # Qt's own repaint would refresh only one view's cached pixmap
        return value

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = QRectF(0, 0, CARD_WIDTH, self._height)
        selected = self.isSelected()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        accent = self.info.color
        detail = detail_for_zoom(lod)
        if detail != "full":
            self._paint_simplified(painter, rect, lod if detail == "name" else 0.0, selected)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if self.problems:
            border = QPen(PROBLEM_COLOR, 2.5)
        elif selected:
            border = QPen(SELECTION_COLOR, 2.5)
        elif self._hover:
            border = QPen(HOVER_BORDER, 1.5)
        else:
            border = QPen(CARD_BORDER, 1)
        # soft shadow: one offset translucent shape is cheap and reads as depth
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(15, 23, 42, 22))
        painter.drawRoundedRect(rect.translated(0, 2), RADIUS, RADIUS)
        painter.setBrush(QColor("#fff5f5") if self.problems else CARD_FILL)
        painter.setPen(border)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        # group accent along the left edge, clipped to the rounded card
        clip = QPainterPath()
        clip.addRoundedRect(rect, RADIUS, RADIUS)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(QRectF(0, 0, ACCENT, self._height), accent)
        painter.restore()
        if selected and self.problems:
            painter.setPen(QPen(SELECTION_COLOR, 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-4, -4, 4, 4), RADIUS + 3, RADIUS + 3)

        icon_rect = QRectF(ACCENT + 11, self._height / 2 - 13, 26, 26)
        paint_icon(painter, icon_rect, self.info)
        text_x = self._text_x()
        text_width = self._text_width()
        lines = self.name_lines or [self.title]
        # name (one or two lines) and summary, centred as a block on the card
        top = self._height / 2 - (NAME_LINE * len(lines) + 2 + SUMMARY_LINE) / 2
        painter.setPen(TEXT_COLOR)
        painter.setFont(NAME_FONT)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for n, line in enumerate(lines):
            painter.drawText(QRectF(text_x, top + n * NAME_LINE, text_width, NAME_LINE), align, line)
        painter.setPen(MUTED_TEXT)
        painter.setFont(SUMMARY_FONT)
        summary = QFontMetricsF(SUMMARY_FONT).elidedText(self.summary, Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(QRectF(text_x, top + NAME_LINE * len(lines) + 2, text_width, SUMMARY_LINE), align, summary)
        # port dots (cached with the card) and labels, right-aligned next to their dots
        paint_port(painter, QPointF(0, self._height / 2), "in", False)
        painter.setFont(PORT_FONT)
        for n, port in enumerate(self.port_names):
            y = self.port_y(n)
            paint_port(painter, QPointF(CARD_WIDTH, y), port, True)
            if not self.shows_port_label(port):
                continue
            painter.setPen(port_color(port))
            painter.drawText(QRectF(CARD_WIDTH - 12 - self._label_width - 4, y - 8, self._label_width + 4, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, port_label(port))
        if self.join_label:
            painter.setPen(MUTED_TEXT)
            painter.setFont(PORT_FONT)
            painter.drawText(QRectF(ACCENT + 4, -16, CARD_WIDTH - ACCENT - 8, 14),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.join_label)
        if self.problems:
            badge = QRectF(CARD_WIDTH - 16, -6, 18, 18)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(PROBLEM_COLOR)
            painter.drawEllipse(badge)
            painter.setPen(QColor("white"))
            painter.setFont(_font(12, True))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "!")

    def _paint_simplified(self, painter: QPainter, rect: QRectF, lod: float, selected: bool) -> None:
        """Zoomed out: a tinted block with the group stripe and, when ``lod`` is not 0, the name
        in a font large enough to read at this zoom (no icon, summary or port labels)."""
        accent = self.info.color
        painter.fillRect(rect, QColor("#fde2e2") if self.problems else _tint(accent))
        painter.fillRect(QRectF(0, 0, ACCENT * 5, self._height), PROBLEM_COLOR if self.problems else accent)
        if lod > 0.0:
            paint_fitted(painter, self.title, lod, 28.0, 18, ACCENT * 5 + 10, CARD_WIDTH - ACCENT * 5 - 20,
                         self._height / 2, TEXT_COLOR)
        if selected:
            pen = QPen(SELECTION_COLOR, 2)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)  # the view does not restore painter state
            painter.drawRect(rect)


def describe_trigger(trigger: dict[str, Any] | None) -> str:
    """A one-line description of a flow trigger for the trigger card."""
    if not trigger:
        return QCoreApplication.translate("canvas.step_item", "No trigger yet: click to choose one")
    kind = trigger.get("type")
    if kind == "event":
        text = QCoreApplication.translate("canvas.step_item", "When {v0} happens").format(v0=trigger.get('event') or 'an event')
        return text + " (filtered)" if trigger.get("filter") else text
    if kind == "tag_added":
        return QCoreApplication.translate("canvas.step_item", "When tag {v0} is added").format(v0=trigger.get('tag', '?'))
    if kind == "segment":
        return QCoreApplication.translate("canvas.step_item", "When a contact matches a segment")
    if kind == "date":
        return QCoreApplication.translate("canvas.step_item", "On the anniversary of {v0}").format(v0=trigger.get('field',
                'a date'))
    if kind == "message":
        channel = trigger.get("channel")
        keyword = trigger.get("text") or trigger.get("keyword") or ""
        where = f" on {channel}" if channel else ""
        return QCoreApplication.translate("canvas.step_item", "When a message{where} matches “{keyword}”").format(where=where,
                keyword=keyword) if keyword else QCoreApplication.translate("canvas.step_item",
                        "When a message arrives{where}").format(where=where)
    if kind == "link":
        return QCoreApplication.translate("canvas.step_item", "When a contact joins through a link")
    if kind == "manual":
        return QCoreApplication.translate("canvas.step_item", "When added by an operator")
    return f"Trigger: {kind}"


def _duration_text(value: Any) -> str:
    """``P7D`` as the interface says it ("7 d", "7 дней"); a bad value as written."""
    try:
        return human_duration(str(value))
    except ValueError:
        return str(value)


class TriggerItem(QGraphicsObject):
    """The read-only card left of the first steps; clicking it selects the flow's settings."""

    Type = QGraphicsItem.UserType + 4
    WIDTH = 220.0
    HEIGHT = 68.0

    def __init__(self) -> None:
        super().__init__()
        self.text = describe_trigger(None)
        self.goal_text = ""
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1)
        self.setToolTip(QCoreApplication.translate("TriggerItem",
                "The flow's trigger: who enters this flow. Click to edit the flow settings."))

    def type(self) -> int:
        return self.Type

    def set_trigger(self, trigger: dict[str, Any] | None, goal: dict[str, Any] | None) -> None:
        self.text = describe_trigger(trigger)
        self.goal_text = ""
        if goal:
            tr = QCoreApplication.translate
            what = goal.get("event") or (tr("TriggerItem", "a condition") if goal.get("condition") or goal.get("if")
                                         else "")
            self.goal_text = tr("TriggerItem", "Goal: {what}").format(what=what) if what else tr("TriggerItem", "Goal set")
            if goal.get("within"):
                self.goal_text += tr("TriggerItem", " within {duration}").format(duration=_duration_text(goal["within"]))
        repaint(self)

    def anchor(self) -> QPointF:
        return self.mapToScene(QPointF(self.WIDTH, self.HEIGHT / 2))

    def boundingRect(self) -> QRectF:
        return QRectF(-3, -3, self.WIDTH + 6, self.HEIGHT + 6)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = QRectF(0, 0, self.WIDTH, self.HEIGHT)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SELECTION_COLOR, 2.5) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#1f2937"))
        painter.drawRoundedRect(rect, self.HEIGHT / 2, self.HEIGHT / 2)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        detail = detail_for_zoom(lod)
        if detail != "full":
            # zoomed out like the step cards: only the trigger's description, large
            if detail == "name":
                paint_fitted(painter, self.text, lod, 26.0, 16, 26, self.WIDTH - 48, self.HEIGHT / 2, QColor("white"))
            return
        painter.setPen(QColor("#fbbf24"))
        painter.setFont(_font(10, True))
        painter.drawText(QRectF(24, 10, self.WIDTH - 40, 14), Qt.AlignmentFlag.AlignLeft,
                QCoreApplication.translate("TriggerItem", "\u26a1 TRIGGER"))
        painter.setPen(QColor("white"))
        painter.setFont(_font(12, True))
        width = self.WIDTH - 44
        text = QFontMetricsF(painter.font()).elidedText(self.text, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(24, 26, width, 18), Qt.AlignmentFlag.AlignLeft, text)
        if self.goal_text:
            painter.setPen(QColor("#a7f3d0"))
            painter.setFont(_font(10))
            goal = QFontMetricsF(painter.font()).elidedText(self.goal_text, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRectF(24, 45, width, 14), Qt.AlignmentFlag.AlignLeft, goal)
        painter.setPen(QPen(QColor("#fbbf24"), 2))
        painter.setBrush(QColor("#1f2937"))
        painter.drawEllipse(QPointF(self.WIDTH, self.HEIGHT / 2), 5, 5)
