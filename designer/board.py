"""The flow board: every flow of the project with its status, counts and entry switch.

A table (model + filter proxy + painting delegates) with a search box, a status filter and the
actions a marketer takes on whole flows: create (blank or from a preset), open, duplicate,
rename, copy to another project, archive and terminate. Actions that lose something ask first.
All database work goes through the :class:`~designer.bridge.RuntimeBridge`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer import dialogs
from designer.board_table import (
    COL_ACTIVE,
    COL_ENTRY,
    COL_NAME,
    COL_STATUS,
    COL_TODAY,
    COL_TOTAL,
    COL_UPDATED,
    COL_VERSION,
    LIVE_STATUSES,
    STATUSES,
    FlowFilterProxy,
    FlowRole,
    FlowTableModel,
    StatusDelegate,
    SwitchDelegate,
    status_label,
)
from designer.bridge import RuntimeBridge
from designer.flow_layout import FlowLayout, stretchy
from runtime.service import Flow, FlowStatus, FlowSummary

#: Board actions that fold into the "More" menu below :data:`COMPACT_WIDTH` pixels.
SECONDARY_ACTIONS = ("duplicate", "rename", "copy", "archive", "terminate")
COMPACT_WIDTH = 620


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

        layout.addWidget(self._build_header())
        self._build_table()
        layout.addLayout(self._build_body(), 1)
        self._connect(bridge)

    def _build_header(self) -> QWidget:
        """Title, subtitle, the "New flow" button, search, status filter and the flow actions."""
        header = QWidget()
        header.setObjectName("BoardHeader")
        head = QVBoxLayout(header)
        head.setContentsMargins(20, 16, 20, 12)
        head.setSpacing(10)
        title_row = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel(self.tr("Flows"))
        self.title.setProperty("role", "title")
        self.subtitle = QLabel("")
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setWordWrap(True)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        title_row.addLayout(titles, 1)

        self.new_button = QToolButton()
        self.new_button.setObjectName("NewFlowButton")
        self.new_button.setText(self.tr("New flow"))
        self.new_button.setProperty("primary", True)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_button.clicked.connect(lambda: self.new_flow())
        new_menu = QMenu(self.new_button)
        new_menu.addAction(self.tr("Blank flow…"), lambda: self.new_flow(preset=dialogs.BLANK))
        new_menu.addAction(self.tr("From a preset…"), lambda: self.new_flow())
        self.new_button.setMenu(new_menu)
        title_row.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(title_row)

        head.addLayout(self._build_tools())
        return header

    def _build_tools(self) -> FlowLayout:
        """Search, status filter and one button per flow action."""
        tools = FlowLayout()  # wraps onto a second row on a laptop screen instead of cutting texts
        self.search = QLineEdit()
        self.search.setObjectName("FlowSearch")
        self.search.setPlaceholderText(self.tr("Search flows…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(self.tr("Search flows…")) + 48)
        self.search.setMaximumWidth(320)
        tools.addWidget(stretchy(self.search))
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("StatusFilter")
        self.status_filter.addItem(self.tr("All but archived"), "")
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.status_filter.addItem(self.tr("Everything"), "all")
        tools.addWidget(self.status_filter)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("open", self.tr("Open"), self.open_selected),
            ("duplicate", self.tr("Duplicate"), self.duplicate_selected),
            ("rename", self.tr("Rename…"), self.rename_selected),
            ("copy", self.tr("Copy to project…"), self.copy_selected),
            ("archive", self.tr("Archive…"), self.archive_selected),
            ("terminate", self.tr("Terminate…"), self.terminate_selected),
        ):
            button = QPushButton(text)
            button.setObjectName(f"Board{key.capitalize()}Button")
            if key == "terminate":
                button.setProperty("danger", True)
            button.clicked.connect(slot)
            tools.addWidget(button)
            self.buttons[key] = button
        # a narrow board (a laptop at 150 %) keeps Open and folds the other actions into "More"
        self.more_button = QToolButton()
        self.more_button.setObjectName("BoardMoreButton")
        self.more_button.setText(self.tr("More"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        for key in SECONDARY_ACTIONS:
            button = self.buttons[key]
            more.addAction(button.text(), button.click)
        more.aboutToShow.connect(lambda: [a.setEnabled(self.buttons[k].isEnabled())
                                          for k, a in zip(SECONDARY_ACTIONS, more.actions(), strict=True)])
        self.more_button.setMenu(more)
        self.more_button.hide()
        tools.addWidget(self.more_button)
        return tools

    def _build_table(self) -> None:
        """The flow table over a filtering proxy, with its status and entry-switch delegates."""
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

    def _build_body(self) -> QVBoxLayout:
        """The table and the label shown when the project has no flows."""
        body = QVBoxLayout()
        body.setContentsMargins(20, 12, 20, 16)
        body.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No flows yet. Click <b>New flow</b> to start from a blank canvas or a preset."))
        self.empty.setProperty("role", "subtitle")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        body.addWidget(self.empty)
        return body

    def _connect(self, bridge: RuntimeBridge) -> None:
        """Wire search, filter, table and the bridge's flow list."""
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
        active = sum(1 for f in flows if f.status == FlowStatus.ACTIVE)
        inside = sum(f.active for f in flows)
        self.subtitle.setText(
            self.tr("{n_flows} flow{v0} · {active} active · {inside:,} contact{v1} inside right now").format(n_flows=len(flows),
                    v0='s' if len(flows) != 1 else '', active=active, inside=inside, v1='s' if inside != 1 else '')
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

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        compact = self.width() < COMPACT_WIDTH
        for key in SECONDARY_ACTIONS:
            self.buttons[key].setVisible(not compact)
        self.more_button.setVisible(compact)

    def _update_buttons(self) -> None:
        flow = self.selected_flow()
        has = flow is not None
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
                             on_error=lambda e: dialogs.show_error(self, self.tr("Could not create the flow"), e))
        else:
            flow = Flow(name=name or self.tr("Untitled flow"))
            self.bridge.call(self.bridge.api.create_flow, flow, on_done=self._created,
                             on_error=lambda e: dialogs.show_error(self, self.tr("Could not create the flow"), e))

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
                             on_error=lambda e: dialogs.show_error(self, self.tr("Could not duplicate the flow"), e))

    def rename_selected(self) -> None:
        flow = self.selected_flow()
        if flow is None:
            return
        dialog = dialogs.TextInputDialog(self.tr("Rename flow"), self.tr("New name for “{name}”:").format(name=flow.name),
                flow.name,
                                         taken=[n for n in self.flow_names() if n != flow.name], parent=self)
        if self.run_dialog(dialog) and dialog.text != flow.name:
            self.bridge.call(self.bridge.api.rename_flow, flow.id, dialog.text,
                             on_error=lambda e: dialogs.show_error(self, self.tr("Could not rename the flow"), e))

    def copy_selected(self) -> None:
        flow = self.selected_flow()
        if flow is None:
            return
        path = dialogs.ask_open_file(self, self.tr("Copy “{name}” to project").format(name=flow.name), dialogs.PROJECT_FILTER)
        if not path:
            return
        if self.bridge.label and path == self.bridge.label:
            self.duplicate_selected()
            return
        self.bridge.call(self.bridge.api.copy_flow_to_project, flow.id, path,
                         on_done=lambda _id: self.window().statusBar().showMessage(
                             self.tr("Copied “{name}” to {path} as a draft.").format(name=flow.name, path=path), 6000)
                         if hasattr(self.window(), "statusBar") else None,
                         on_error=lambda e: dialogs.show_error(self, self.tr("Could not copy the flow"), e))

    def archive_selected(self) -> None:
        flow = self.selected_flow()
        if flow is None:
            return
        details = self.tr("It disappears from the list (choose “Archived” in the filter to see it); its history stays.")
        if flow.status in LIVE_STATUSES:
            details = (self.tr("It is {status}: the {active:,} contact(s) inside stop here and nobody enters any more. ")
                    .format(status=status_label(flow.status).lower(), active=flow.active) + details)
        if dialogs.confirm(self, self.tr("Archive flow"), self.tr("Archive “{name}”?").format(name=flow.name), details,
                self.tr("Archive"),
                           danger=flow.status in LIVE_STATUSES):
            self.bridge.call(self.bridge.api.archive, flow.id,
                             on_error=lambda e: dialogs.show_error(self, self.tr("Could not archive the flow"), e))

    def terminate_selected(self) -> None:
        flow = self.selected_flow()
        if flow is None:
            return
        if dialogs.confirm(
            self, self.tr("Terminate flow"), self.tr("Terminate “{name}”?").format(name=flow.name),
            self.tr("Every one of the {active:,} contact(s) inside stops where they are and nobody can enter any more. This "
                    "cannot be undone (use Pause to stop for a while).").format(active=flow.active),
            self.tr("Terminate flow"), danger=True,
        ):
            self.bridge.call(self.bridge.api.terminate, flow.id,
                             on_error=lambda e: dialogs.show_error(self, self.tr("Could not terminate the flow"), e))

    def set_entry_enabled(self, flow_id: int, enabled: bool) -> None:
        """Flip a flow's entry switch (contacts inside are not affected)."""
        self.bridge.call(self.bridge.api.set_entry_enabled, flow_id, enabled,
                         on_error=lambda e: dialogs.show_error(self, self.tr("Could not change the entry switch"), e))
