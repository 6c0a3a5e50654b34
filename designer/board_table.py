"""The flow board's table: model, filter proxy and the painting delegates (status pill, entry switch).

The rows are the service's ``FlowSummary`` objects; sorting uses per-column keys under
``Qt.ItemDataRole.UserRole`` and :data:`FlowRole` gives the whole summary of a row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from designer.dates import day_month_year_time
from designer.i18n import tr_label
from designer.row_table import RowTableModel
from runtime.service import FlowStatus, FlowSummary

STATUSES = tuple(FlowStatus)  # draft, active, paused, ended, terminated, archived: the lifecycle's order
#: A flow contacts are inside of (publishing changes them, archiving stops them).
LIVE_STATUSES = (FlowStatus.ACTIVE, FlowStatus.PAUSED)
#: A flow nobody enters any more: its entry switch means nothing.
CLOSED_STATUSES = (FlowStatus.TERMINATED, FlowStatus.ARCHIVED, FlowStatus.ENDED)

#: status -> (text colour, background colour) of its pill
STATUS_COLORS: dict[str, tuple[str, str]] = {
    FlowStatus.DRAFT: ("#4b5563", "#eceef2"),
    FlowStatus.ACTIVE: ("#067647", "#dcfae6"),
    FlowStatus.PAUSED: ("#b54708", "#fef0c7"),
    FlowStatus.ENDED: ("#344054", "#e4e7ec"),
    FlowStatus.TERMINATED: ("#b42318", "#fee4e2"),
    FlowStatus.ARCHIVED: ("#667085", "#f2f4f7"),
    "scheduled": ("#175cd3", "#d1e9ff"),  # not a state: active, but its start_at is still ahead
}

COLUMNS = (QT_TRANSLATE_NOOP("labels", "Flow"), QT_TRANSLATE_NOOP("labels", "Status"), QT_TRANSLATE_NOOP("labels", "Version"),
        QT_TRANSLATE_NOOP("labels", "Entered"), QT_TRANSLATE_NOOP("labels", "Today"), QT_TRANSLATE_NOOP("labels", "In flow"),
                QT_TRANSLATE_NOOP("labels", "Entry"), QT_TRANSLATE_NOOP("labels", "Updated"))
COL_NAME, COL_STATUS, COL_VERSION, COL_TOTAL, COL_TODAY, COL_ACTIVE, COL_ENTRY, COL_UPDATED = range(8)

FlowRole = Qt.ItemDataRole.UserRole + 1


STATUS_LABELS = {FlowStatus.DRAFT: QT_TRANSLATE_NOOP("labels", "Draft"), FlowStatus.ACTIVE: QT_TRANSLATE_NOOP("labels", "Active"),
                 FlowStatus.PAUSED: QT_TRANSLATE_NOOP("labels", "Paused"), FlowStatus.ENDED: QT_TRANSLATE_NOOP("labels", "Ended"),
                 FlowStatus.TERMINATED: QT_TRANSLATE_NOOP("labels", "Terminated"),
                 FlowStatus.ARCHIVED: QT_TRANSLATE_NOOP("labels", "Archived")}


def status_label(status: str) -> str:
    return tr_label(STATUS_LABELS.get(status, status.capitalize()))


def flow_status_text(flow: FlowSummary) -> str:
    """The board's status: "Scheduled" for an active flow whose start is ahead, else the status."""
    return QCoreApplication.translate("FlowTableModel", "Scheduled") if flow.scheduled else status_label(flow.status)


def window_text(flow: FlowSummary) -> str:
    """The flow's entry window ("from 10 Jan 2030 09:00 to 20 Jan 2030 00:00", UTC), or ""."""
    parts = []
    if flow.start_at is not None:
        parts.append(QCoreApplication.translate("FlowTableModel", "from {moment}").format(
            moment=day_month_year_time(flow.start_at)))
    if flow.end_at is not None:
        parts.append(QCoreApplication.translate("FlowTableModel", "to {moment}").format(
            moment=day_month_year_time(flow.end_at)))
    return (" ".join(parts) + " UTC") if parts else ""


class FlowTableModel(RowTableModel[FlowSummary]):
    """The flow list as a table; the entry column is a checkable switch."""

    entry_toggled = Signal(int, bool)  # flow id, enabled

    column_count = len(COLUMNS)

    @property
    def flows(self) -> list[FlowSummary]:
        """The flows shown, in the service's order."""
        return self.rows

    def set_flows(self, flows: list[FlowSummary]) -> None:
        """Show these flows."""
        self.set_rows(flows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr_label(COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            if section in (COL_TOTAL, COL_TODAY, COL_ACTIVE):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        flow = self.rows[index.row()]
        col = index.column()
        if role == FlowRole:
            return flow
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(flow, col)
        if role == Qt.ItemDataRole.EditRole and col == COL_NAME:
            return flow.name
        if role == Qt.ItemDataRole.UserRole:  # sort keys
            return self._sort_key(flow, col)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_ENTRY:
            return Qt.CheckState.Checked if flow.entry_enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_TOTAL, COL_TODAY, COL_ACTIVE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(flow, col)
        if role == Qt.ItemDataRole.FontRole and col == COL_NAME:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col in (COL_VERSION, COL_UPDATED):
            return QColor("#6b7280")
        return None

    @staticmethod
    def _text(flow: FlowSummary, col: int) -> str | None:
        if col == COL_STATUS:
            window = window_text(flow) if flow.scheduled else ""
            return f"{flow_status_text(flow)} {window}".strip()
        if col == COL_UPDATED:
            return day_month_year_time(flow.updated_at) if flow.updated_at else ""
        return {
            COL_NAME: flow.name, COL_VERSION: f"v{flow.version}" if flow.version else "—",
            COL_TOTAL: f"{flow.entered_total:,}", COL_TODAY: f"{flow.entered_today:,}", COL_ACTIVE: f"{flow.active:,}",
            COL_ENTRY: "On" if flow.entry_enabled else "Off",
        }.get(col)

    @staticmethod
    def _sort_key(flow: FlowSummary, col: int) -> Any:
        return {
            COL_NAME: flow.name.casefold(), COL_STATUS: STATUSES.index(flow.status) if flow.status in STATUSES else 99,
            COL_VERSION: flow.version or 0, COL_TOTAL: flow.entered_total, COL_TODAY: flow.entered_today,
            COL_ACTIVE: flow.active, COL_ENTRY: int(flow.entry_enabled),
            COL_UPDATED: flow.updated_at.timestamp() if flow.updated_at else 0,
        }[col]

    @staticmethod
    def _tooltip(flow: FlowSummary, col: int) -> str | None:
        if col == COL_ENTRY:
            if flow.entry_enabled:
                return QCoreApplication.translate("FlowTableModel", "New contacts can enter this flow. Switch off to stop "
                                                  "new entries; contacts already inside continue.")
            return QCoreApplication.translate("FlowTableModel", "New entries are switched off.")
        if col == COL_TODAY:
            return QCoreApplication.translate("FlowTableModel", "Contacts who entered since midnight")
        if col == COL_ACTIVE:
            return QCoreApplication.translate("FlowTableModel", "Contacts inside the flow right now")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() == COL_ENTRY:
            flow = self.rows[index.row()]
            if flow.status not in CLOSED_STATUSES:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == COL_ENTRY and role == Qt.ItemDataRole.CheckStateRole:
            flow = self.rows[index.row()]
            enabled = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            self.entry_toggled.emit(flow.id, enabled)
            return True  # the row updates when the bridge reloads the list
        return False


class FlowFilterProxy(QSortFilterProxyModel):
    """Filters by a search text (name) and a status; archived flows only when asked for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.status = ""  # "" = every status except archived; "all" = really all
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.search = text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        self.beginFilterChange()
        self.status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        flow: FlowSummary = model.data(model.index(row, 0, parent), FlowRole)
        if self.search and self.search not in flow.name.casefold():
            return False
        if self.status == "all":
            return True
        if self.status:
            return flow.status == self.status
        return flow.status != FlowStatus.ARCHIVED


class StatusDelegate(QStyledItemDelegate):
    """Paints the status as a coloured pill."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        flow: FlowSummary = index.data(FlowRole)
        super().paint(painter, option, QModelIndex())  # background and selection only
        fg, bg = STATUS_COLORS.get("scheduled" if flow.scheduled else flow.status, ("#344054", "#eceef2"))
        text = flow_status_text(flow)
        window = window_text(flow) if flow.scheduled else ""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(option.font)
        font.setPointSizeF(max(7.0, option.font.pointSizeF() - 1))
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(text) + 18
        height = painter.fontMetrics().height() + 4
        rect = QRectF(option.rect.x() + 8, option.rect.center().y() - height / 2 + 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(bg))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor(fg))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        if window:  # when a scheduled flow opens (and closes), next to its pill
            painter.setPen(QColor("#475467"))
            painter.setFont(option.font)
            painter.drawText(QRectF(rect.right() + 8, option.rect.y(), option.rect.right() - rect.right() - 8,
                                    option.rect.height()), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             window)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        flow = index.data(FlowRole)
        return QSize(360 if flow is not None and flow.scheduled else 110, 34)


class SwitchDelegate(QStyledItemDelegate):
    """Paints the entry checkbox as a small toggle switch; a click toggles it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, QModelIndex())
        checkable = bool(index.flags() & Qt.ItemFlag.ItemIsUserCheckable)
        on = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._switch_rect(option.rect)
        track = QColor("#2f5fe3" if on else "#cfd4dc")
        if not checkable:
            track = QColor("#e4e7ec")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        knob = rect.height() - 4
        x = rect.right() - knob - 2 if on else rect.left() + 2
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QRectF(x, rect.top() + 2, knob, knob))
        painter.setPen(QPen(QColor("#6b7280" if checkable else "#a3a9b3")))
        text_rect = QRect(int(rect.right()) + 8, option.rect.top(), option.rect.width(), option.rect.height())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self.tr("On") if on else self.tr("Off"))
        painter.restore()

    @staticmethod
    def _switch_rect(cell: QRect) -> QRectF:
        return QRectF(cell.x() + 10, cell.center().y() - 8 + 1, 32, 16)

    def editorEvent(self, event: Any, model: Any, option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        from PySide6.QtCore import QEvent

        if not (index.flags() & Qt.ItemFlag.ItemIsUserCheckable):
            return False
        hit = self._switch_rect(option.rect).adjusted(-4, -4, 24, 4)
        if event.type() == QEvent.Type.MouseButtonRelease and hit.contains(event.position()):
            on = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            model.setData(index, Qt.CheckState.Unchecked if on else Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
            return True
        return event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(90, 34)
