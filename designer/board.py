"""The flow board: every flow of the project with its status, counts and entry switch.

A table (model + filter proxy + painting delegates) with a search box, a status filter and the
actions a marketer takes on whole flows: create (blank or from a preset), open, duplicate,
rename, copy to another project, archive and terminate. Actions that lose something ask first.
All database work goes through the :class:`~designer.bridge.RuntimeBridge`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer import dialogs
from designer.bridge import RuntimeBridge
from runtime.service import Flow, FlowSummary

STATUSES = ("draft", "active", "paused", "ended", "terminated", "archived")

#: status -> (text colour, background colour) of its pill
STATUS_COLORS: dict[str, tuple[str, str]] = {
    "draft": ("#4b5563", "#eceef2"),
    "active": ("#067647", "#dcfae6"),
    "paused": ("#b54708", "#fef0c7"),
    "ended": ("#344054", "#e4e7ec"),
    "terminated": ("#b42318", "#fee4e2"),
    "archived": ("#667085", "#f2f4f7"),
    "scheduled": ("#175cd3", "#d1e9ff"),  # active, but its start_at is still ahead
}

COLUMNS = ("Flow", "Status", "Version", "Entered", "Today", "In flow", "Entry", "Updated")
COL_NAME, COL_STATUS, COL_VERSION, COL_TOTAL, COL_TODAY, COL_ACTIVE, COL_ENTRY, COL_UPDATED = range(8)

FlowRole = Qt.ItemDataRole.UserRole + 1


def status_label(status: str) -> str:
    return status.capitalize()


def flow_status_text(flow: FlowSummary) -> str:
    """The board's status: "Scheduled" for an active flow whose start is ahead, else the status."""
    return "Scheduled" if flow.scheduled else status_label(flow.status)


def window_text(flow: FlowSummary) -> str:
    """The flow's entry window ("from 10 Jan 2030 09:00 to 20 Jan 2030 00:00", UTC), or ""."""
    parts = []
    if flow.start_at is not None:
        parts.append(f"from {flow.start_at:%d %b %Y %H:%M}")
    if flow.end_at is not None:
        parts.append(f"to {flow.end_at:%d %b %Y %H:%M}")
    return (" ".join(parts) + " UTC") if parts else ""


class FlowTableModel(QAbstractTableModel):
    """The flow list as a table; the entry column is a checkable switch."""

    entry_toggled = Signal(int, bool)  # flow id, enabled

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flows: list[FlowSummary] = []

    def set_flows(self, flows: list[FlowSummary]) -> None:
        self.beginResetModel()
        self.flows = list(flows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.flows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            if section in (COL_TOTAL, COL_TODAY, COL_ACTIVE):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        flow = self.flows[index.row()]
        col = index.column()
        if role == FlowRole:
            return flow
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return flow.name
            if col == COL_STATUS:
                window = window_text(flow) if flow.scheduled else ""
                return f"{flow_status_text(flow)} {window}".strip()
            if col == COL_VERSION:
                return f"v{flow.version}" if flow.version else "—"
            if col == COL_TOTAL:
                return f"{flow.entered_total:,}"
            if col == COL_TODAY:
                return f"{flow.entered_today:,}"
            if col == COL_ACTIVE:
                return f"{flow.active:,}"
            if col == COL_ENTRY:
                return "On" if flow.entry_enabled else "Off"
            if col == COL_UPDATED:
                return flow.updated_at.strftime("%d %b %Y %H:%M") if flow.updated_at else ""
        if role == Qt.ItemDataRole.EditRole and col == COL_NAME:
            return flow.name
        if role == Qt.ItemDataRole.UserRole:  # sort keys
            return {
                COL_NAME: flow.name.casefold(), COL_STATUS: STATUSES.index(flow.status) if flow.status in STATUSES else 99,
                COL_VERSION: flow.version or 0, COL_TOTAL: flow.entered_total, COL_TODAY: flow.entered_today,
                COL_ACTIVE: flow.active, COL_ENTRY: int(flow.entry_enabled),
                COL_UPDATED: flow.updated_at.timestamp() if flow.updated_at else 0,
            }[col]
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_ENTRY:
            return Qt.CheckState.Checked if flow.entry_enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_TOTAL, COL_TODAY, COL_ACTIVE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_ENTRY:
                return ("New contacts can enter this flow. Switch off to stop new entries; contacts "
                        "already inside continue.") if flow.entry_enabled else "New entries are switched off."
            if col == COL_TODAY:
                return "Contacts who entered since midnight"
            if col == COL_ACTIVE:
                return "Contacts inside the flow right now"
        if role == Qt.ItemDataRole.FontRole and col == COL_NAME:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col in (COL_VERSION, COL_UPDATED):
            return QColor("#6b7280")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() == COL_ENTRY:
            flow = self.flows[index.row()]
            if flow.status not in ("terminated", "archived", "ended"):
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == COL_ENTRY and role == Qt.ItemDataRole.CheckStateRole:
            flow = self.flows[index.row()]
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
        return flow.status != "archived"


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
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "On" if on else "Off")
        painter.restore()

    @staticmethod
    def _switch_rect(cell: QRect) -> QRectF:
        return QRectF(cell.x() + 10, cell.center().y() - 8 + 1, 32, 16)

    def editorEvent(self, event: Any, model: Any, option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        from PySide6.QtCore import QEvent

        if not (index.flags() & Qt.ItemFlag.ItemIsUserCheckable):
            return False
        if event.type() == QEvent.Type.MouseButtonRelease and self._switch_rect(option.rect).adjusted(-4, -4, 24, 4).contains(event.position()):
            on = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            model.setData(index, Qt.CheckState.Unchecked if on else Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
            return True
        return event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(90, 34)


class FlowBoardWidget(QWidget):
    """The project's flows: a searchable, filterable table and the flow-level actions."""

    #: The user wants to edit a flow (double click, Enter, "Open").
    open_requested = Signal(int)

    def __init__(self, bridge: RuntimeBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FlowBoard")
        self.bridge = bridge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        header = QWidget()
        header.setObjectName("BoardHeader")
        head = QVBoxLayout(header)
        head.setContentsMargins(20, 16, 20, 12)
        head.setSpacing(10)
        title_row = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel("Flows")
        self.title.setProperty("role", "title")
        self.subtitle = QLabel("")
        self.subtitle.setProperty("role", "subtitle")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        title_row.addLayout(titles, 1)

        self.new_button = QToolButton()
        self.new_button.setObjectName("NewFlowButton")
        self.new_button.setText("New flow")
        self.new_button.setProperty("primary", True)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_button.clicked.connect(lambda: self.new_flow())
        new_menu = QMenu(self.new_button)
        new_menu.addAction("Blank flow…", lambda: self.new_flow(preset=dialogs.BLANK))
        new_menu.addAction("From a preset…", lambda: self.new_flow())
        self.new_button.setMenu(new_menu)
        title_row.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(title_row)

        tools = QHBoxLayout()
        tools.setSpacing(8)
        self.search = QLineEdit()
        self.search.setObjectName("FlowSearch")
        self.search.setPlaceholderText("Search flows…")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(320)
        tools.addWidget(self.search)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("StatusFilter")
        self.status_filter.addItem("All but archived", "")
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.status_filter.addItem("Everything", "all")
        tools.addWidget(self.status_filter)
        tools.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("open", "Open", self.open_selected),
            ("duplicate", "Duplicate", self.duplicate_selected),
            ("rename", "Rename…", self.rename_selected),
            ("copy", "Copy to project…", self.copy_selected),
            ("archive", "Archive…", self.archive_selected),
            ("terminate", "Terminate…", self.terminate_selected),
        ):
            button = QPushButton(text)
            button.setObjectName(f"Board{key.capitalize()}Button")
            if key == "terminate":
                button.setProperty("danger", True)
            button.clicked.connect(slot)
            tools.addWidget(button)
            self.buttons[key] = button
        head.addLayout(tools)
        layout.addWidget(header)

        self.model = FlowTableModel(self)
        self.proxy = FlowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("FlowTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self.table))
        self.table.setItemDelegateForColumn(COL_ENTRY, SwitchDelegate(self.table))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_STATUS, 120), (COL_VERSION, 80), (COL_TOTAL, 90), (COL_TODAY, 80),
                           (COL_ACTIVE, 80), (COL_ENTRY, 90), (COL_UPDATED, 150)):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        body = QVBoxLayout()
        body.setContentsMargins(20, 12, 20, 16)
        body.addWidget(self.table, 1)
        self.empty = QLabel("No flows yet. Click <b>New flow</b> to start from a blank canvas or a preset.")
        self.empty.setProperty("role", "subtitle")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.empty)
        layout.addLayout(body, 1)

        self.search.textChanged.connect(self.proxy.set_search)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.proxy.set_status(self.status_filter.currentData()))
        self.table.doubleClicked.connect(lambda _idx: self.open_selected())
        self.table.activated.connect(lambda _idx: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.entry_toggled.connect(self.set_entry_enabled)
        self.proxy.modelReset.connect(self._update_buttons)
        bridge.flows_changed.connect(self.set_flows)
        self.set_flows(bridge.flows)

    # -- data ----------------------------------------------------------------------------------

    def set_flows(self, flows: list[FlowSummary]) -> None:
        """Show ``flows`` (keeps the selection on the same flow)."""
        keep = self.selected_flow()
        self.model.set_flows(flows)
        if keep is not None:
            self.select_flow(keep.id)
        active = sum(1 for f in flows if f.status == "active")
        inside = sum(f.active for f in flows)
        self.subtitle.setText(
            f"{len(flows)} flow{'s' if len(flows) != 1 else ''} · {active} active · "
            f"{inside:,} contact{'s' if inside != 1 else ''} inside right now"
        )
        self.empty.setVisible(not flows)
        self._update_buttons()

    def flow_names(self) -> list[str]:
        return [f.name for f in self.model.flows]

    def flow_by_name(self, name: str) -> FlowSummary | None:
        return next((f for f in self.model.flows if f.name == name), None)

    def visible_names(self) -> list[str]:
        """Flow names as currently listed (after search, filter and sort)."""
        return [self.proxy.index(r, COL_NAME).data() for r in range(self.proxy.rowCount())]

    def selected_flow(self) -> FlowSummary | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(FlowRole) if rows else None

    def select_flow(self, flow_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(FlowRole).id == flow_id:
                self.table.selectRow(r)
                return True
        return False

    def _update_buttons(self) -> None:
        flow = self.selected_flow()
        has = flow is not None
        status = flow.status if flow else ""
        self.buttons["open"].setEnabled(has)
        self.buttons["duplicate"].setEnabled(has)
        self.buttons["rename"].setEnabled(has)
        self.buttons["copy"].setEnabled(has)
        allowed = flow.actions if flow else ()  # the runtime's lifecycle table decides
        self.buttons["archive"].setEnabled(has and "archive" in allowed)
        self.buttons["terminate"].setEnabled(has and "terminate" in allowed)

    def _context_menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        for key in ("open", "duplicate", "rename", "copy", "archive", "terminate"):
            button = self.buttons[key]
            action = QAction(button.text(), menu)
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
            menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # -- actions -------------------------------------------------------------------------------

    def new_flow(self, preset: str | None = None) -> None:
        """Ask for blank-or-preset and a name, then create the flow and open it."""
        from runtime.service import load_preset, preset_info, preset_names

        choices = []
        try:
            names = preset_names()
        except Exception:  # noqa: BLE001 - presets are optional; a blank flow always works
            names = []
        for name in names:
            try:
                flow = load_preset(name)
                choices.append(dialogs.PresetChoice(name, flow.name, flow.description, preset_info(name)))
            except Exception:  # noqa: BLE001 - a broken preset file must not hide the others
                continue
        dialog = dialogs.NewFlowDialog(choices, self, taken_names=self.flow_names())
        if preset is not None:
            dialog.select_preset(preset)
        if self.run_dialog(dialog):
            self.create_flow(dialog.preset, dialog.flow_name)

    def run_dialog(self, dialog: Any) -> bool:
        """Show a modal dialog; tests replace this to drive the dialog without a nested loop."""
        return bool(dialog.exec())

    def create_flow(self, preset: str, name: str = "") -> None:
        """Create a blank flow called ``name`` or a flow from ``preset``, then open it."""
        if preset:
            self.bridge.call(self.bridge.api.create_flow_from_preset, preset, on_done=self._created,
                             on_error=lambda e: dialogs.show_error(self, "Could not create the flow", e))
        else:
            flow = Flow(name=name or "Untitled flow")
            self.bridge.call(self.bridge.api.create_flow, flow, on_done=self._created,
                             on_error=lambda e: dialogs.show_error(self, "Could not create the flow", e))

    def _created(self, flow_id: int) -> None:
        self.open_requested.emit(flow_id)

    def open_selected(self) -> None:
        flow = self.selected_flow()
        if flow is not None:
            self.open_requested.emit(flow.id)

    def duplicate_selected(self) -> None:
        flow = self.selected_flow()
        if flow is not None:
            self.bridge.call(self.bridge.api.duplicate_flow, flow.id,
                             on_error=lambda e: dialogs.show_error(self, "Could not duplicate the flow", e))

    def rename_selected(self) -> None:
        flow = self.selected_flow()
        if flow is None:
            return
        dialog = dialogs.TextInputDialog("Rename flow", f"New name for “{flow.name}”:", flow.name,
                                         taken=[n for n in self.flow_names() if n != flow.name], parent=self)
        if self.run_dialog(dialog) and dialog.text != flow.name:
            self.bridge.call(self.bridge.api.rename_flow, flow.id, dialog.text,
                             on_error=lambda e: dialogs.show_error(self, "Could not rename the flow", e))

    def copy_selected(self) -> None:
        flow = self.selected_flow()
        if flow is None:
            return
        path = dialogs.ask_open_file(self, f"Copy “{flow.name}” to project", dialogs.PROJECT_FILTER)
        if not path:
            return
        if self.bridge.label and path == self.bridge.label:
            self.duplicate_selected()
            return
        self.bridge.call(self.bridge.api.copy_flow_to_project, flow.id, path,
                         on_done=lambda _id: self.window().statusBar().showMessage(
                             f"Copied “{flow.name}” to {path} as a draft.", 6000)
                         if hasattr(self.window(), "statusBar") else None,
                         on_error=lambda e: dialogs.show_error(self, "Could not copy the flow", e))

    def archive_selected(self) -> None:
        flow = self.selected_flow()
        if flow is None:
            return
        details = "It disappears from the list (choose “Archived” in the filter to see it); its history stays."
        if flow.status in ("active", "paused"):
            details = (f"It is {flow.status}: the {flow.active:,} contact(s) inside stop here and nobody enters "
                       "any more. " + details)
        if dialogs.confirm(self, "Archive flow", f"Archive “{flow.name}”?", details, "Archive", danger=flow.status in ("active", "paused")):
            self.bridge.call(self.bridge.api.archive, flow.id,
                             on_error=lambda e: dialogs.show_error(self, "Could not archive the flow", e))

    def terminate_selected(self) -> None:
        flow = self.selected_flow()
        if flow is None:
            return
        if dialogs.confirm(
            self, "Terminate flow", f"Terminate “{flow.name}”?",
            f"Every one of the {flow.active:,} contact(s) inside stops where they are and nobody can enter "
            "any more. This cannot be undone (use Pause to stop for a while).",
            "Terminate flow", danger=True,
        ):
            self.bridge.call(self.bridge.api.terminate, flow.id,
                             on_error=lambda e: dialogs.show_error(self, "Could not terminate the flow", e))

    def set_entry_enabled(self, flow_id: int, enabled: bool) -> None:
        """Flip a flow's entry switch (contacts inside are not affected)."""
        self.bridge.call(self.bridge.api.set_entry_enabled, flow_id, enabled,
                         on_error=lambda e: dialogs.show_error(self, "Could not change the entry switch", e))
