"""Contacts: find one and see everything about it; find contacts stuck at a step and fix them.

Two tabs. "Find a contact" searches by id, email, phone or name and shows the contact's fields,
channel status, tags with their history, flow executions (with "Move to step…" and "End
execution" for active ones) and recent steps and events — the data behind ``flowcanvas
contacts show``. "Stuck contacts" lists who has stood at a chosen step of a flow for longer than
N hours. Operator actions go through the runtime, which keeps the live counts consistent and
records each action in the audit table.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from designer import widgets
from designer.bridge import RuntimeBridge
from designer.contact_view import ContactView, fill_table, make_table
from designer.contacts_browser import ContactsBrowser
from designer.outbox_viewer import short_time
from runtime.service import ContactDetails, step_title


def add_step_choice(box: QComboBox, spec: dict[str, Any]) -> None:
    """A step in a picker by the name the canvas shows; its id only as the tooltip's detail."""
    box.addItem(spec.get("title") or spec.get("name") or spec["id"], spec["id"])
    box.setItemData(box.count() - 1, f"step id: {spec['id']}", Qt.ItemDataRole.ToolTipRole)


class MoveDialog(QDialog):
    """Pick the step to move a contact (or several) to, and say why."""

    def __init__(self, steps: list[dict[str, Any]], who: str, current: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MoveDialog")
        self.setWindowTitle(self.tr("Move to step"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Move {v0} to another step. The contact runs from that step at the next tick; a message step "
                               "sends its message again.").format(v0=html.escape(who)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.step = QComboBox()
        self.step.setObjectName("MoveStep")
        for spec in steps:
            if spec["id"] == current:
                continue
            add_step_choice(self.step, spec)
        self.reason = QLineEdit()
        self.reason.setObjectName("MoveReason")
        self.reason.setPlaceholderText(self.tr("Why (kept in the audit log)"))
        form.addRow(self.tr("Step"), self.step)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Move"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @property
    def step_id(self) -> str | None:
        return self.step.currentData()


class EndDialog(QDialog):
    """Confirm ending executions (the contacts leave the flow now), with a reason."""

    def __init__(self, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EndDialog")
        self.setWindowTitle(self.tr("End execution"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        text = QLabel(self.tr("Take {v0} out of the flow now? Nothing further is sent to them by this flow.")
                .format(v0=html.escape(who)))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason = QLineEdit()
        self.reason.setObjectName("EndReason")
        self.reason.setPlaceholderText(self.tr("Why (kept in the audit log)"))
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("End execution"))
        ok.setProperty("danger", True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class StuckView(QWidget):
    """Contacts standing at a step for longer than N hours, with operator actions."""

    open_contact = Signal(str)

    def __init__(self, panel: ContactsPanel) -> None:
        super().__init__()
        self.setObjectName("StuckView")
        self.panel = panel
        self.rows: list[dict[str, Any]] = []
        self.steps: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        self.flow = QComboBox()
        self.flow.setObjectName("StuckFlow")
        self.flow.setMinimumWidth(180)
        self.step = QComboBox()
        self.step.setObjectName("StuckStep")
        self.step.setMinimumWidth(200)
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("StuckHours")
        self.hours.setRange(0, 24 * 365)
        self.hours.setDecimals(0)
        self.hours.setValue(24)
        self.hours.setSuffix(self.tr(" h"))
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.setProperty("primary", True)
        for text, widget in ((self.tr("Flow"), self.flow), (self.tr("waiting at"), self.step),
                             (self.tr("longer than"), self.hours)):
            bar.addWidget(widgets.label(text, "hint", wrap=False))
            bar.addWidget(widget)
        bar.addWidget(self.find_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.table = make_table([self.tr("Contact"), self.tr("Name"), self.tr("Waiting since"), self.tr("Hours"),
                self.tr("State"), self.tr("Moves on")], "StuckTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("Choose a flow and a step, then Find."))
        self.empty.setObjectName("StuckEmpty")
        self.empty.setProperty("role", "hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty, 1)
        self.table.hide()
        actions = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("StuckSummary")
        self.summary.setProperty("role", "hint")
        actions.addWidget(self.summary, 1)
        self.move_button = QPushButton(self.tr("Move to step…"))
        self.move_button.setObjectName("StuckMove")
        self.end_button = QPushButton(self.tr("End execution"))
        self.end_button.setObjectName("StuckEnd")
        actions.addWidget(self.move_button)
        actions.addWidget(self.end_button)
        layout.addLayout(actions)
        self.flow.currentIndexChanged.connect(self._flow_changed)
        self.find_button.clicked.connect(self.find)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(self._double_clicked)
        self.move_button.clicked.connect(self._move)
        self.end_button.clicked.connect(self._end)
        self._update_buttons()

    # -- flows and steps ----------------------------------------------------------------------------

    def set_flows(self, flows: list[Any]) -> None:
        current = self.flow.currentData()
        self.flow.blockSignals(True)
        self.flow.clear()
        for summary in sorted(flows, key=lambda f: f.name.casefold()):
            self.flow.addItem(summary.name, summary.id)
        self.flow.setCurrentIndex(max(0, self.flow.findData(current)))
        self.flow.blockSignals(False)
        if self.flow.currentData() != current:
            self._flow_changed()

    def set_flow(self, flow_id: int | None) -> None:
        """Preselect a flow (the one open in the editor)."""
        index = self.flow.findData(flow_id)
        if index >= 0 and index != self.flow.currentIndex():
            self.flow.setCurrentIndex(index)

    def _flow_changed(self, *_args: Any) -> None:
        flow_id = self.flow.currentData()
        self.step.clear()
        if flow_id is None or self.panel.bridge.service is None:
            return
        self.panel.bridge.call(self.panel.bridge.api.get_flow, flow_id, on_done=self._steps_loaded,
                               on_error=lambda exc: self.summary.setText(str(exc)))

    def _steps_loaded(self, info: Any) -> None:
        if info.id != self.flow.currentData():
            return
        current = self.step.currentData()
        self.step.clear()
        self.steps = [{"id": s.id, "type": s.type, "name": s.name or "", "title": step_title(s)}
                      for s in info.draft.steps]
        for spec in self.steps:
            add_step_choice(self.step, spec)
        self.step.setCurrentIndex(max(0, self.step.findData(current)))

    # -- finding ------------------------------------------------------------------------------------

    def find(self) -> None:
        """List who waits at the chosen step longer than the chosen hours (in the background)."""
        flow_id, step_id = self.flow.currentData(), self.step.currentData()
        if flow_id is None or step_id is None:
            self.summary.setText(self.tr("Choose a flow and a step first."))
            return
        self.panel.bridge.call(self.panel.bridge.api.stuck_contacts, flow_id, step_id, hours=self.hours.value(),
                               on_done=self._found, on_error=lambda exc: self.summary.setText(str(exc)))

    def _found(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        fill_table(self.table, [[r["contact"], r["name"], short_time(r["since"]), f"{r['hours']:g}", r["state"],
                            short_time(r["due_at"]) if r["due_at"] else "on an event"] for r in rows], rows)
        step = self.step.currentText()
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.empty.setText(self.tr("Nobody has waited at {step} longer than {v0:g} h.").format(step=step, v0=self.hours.value()))
        self.summary.setText(self.tr("{n_rows} contact{v0} waiting longer than {v1:g} h").format(n_rows=len(rows),
                v0='s' if len(rows) != 1 else '', v1=self.hours.value()) if rows else "")
        self._update_buttons()
        self.panel.stuck_loaded.emit()

    def selected(self) -> list[dict[str, Any]]:
        out = []
        for index in self.table.selectionModel().selectedRows():
            item = self.table.item(index.row(), 0)
            if item is not None:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _update_buttons(self) -> None:
        has = bool(self.selected())
        self.move_button.setEnabled(has)
        self.end_button.setEnabled(has)

    def _double_clicked(self, item: QTableWidgetItem) -> None:
        row = self.table.item(item.row(), 0)
        if row is not None:
            self.open_contact.emit(row.data(Qt.ItemDataRole.UserRole)["contact"])

    def _who(self, rows: list[dict[str, Any]]) -> str:
        return f"contact {rows[0]['contact']}" if len(rows) == 1 else f"{len(rows)} contacts"

    def _move(self) -> None:
        rows = self.selected()
        if rows:
            self.panel.ask_move([r["execution_id"] for r in rows], self._who(rows), self.steps,
                                from_step=self.step.currentData())

    def _end(self) -> None:
        rows = self.selected()
        if rows:
            self.panel.ask_end([r["execution_id"] for r in rows], self._who(rows))


class ContactsPanel(QWidget):
    """Find a contact and fix stuck ones (see the module docstring)."""

    #: a contact's details finished loading
    contact_loaded = Signal()
    #: a stuck-contacts search finished
    stuck_loaded = Signal()
    #: an operator action finished (message for the status line)
    action_done = Signal(str)

    def __init__(self, bridge: RuntimeBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ContactsPanel")
        self.bridge = bridge
        self.last_dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ContactsTabs")
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs)

        finder = QWidget()
        fl = QHBoxLayout(finder)
        fl.setContentsMargins(10, 8, 10, 8)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setObjectName("ContactSearch")
        self.search.setPlaceholderText(self.tr("Id, email, phone or name"))
        self.search.setClearButtonEnabled(True)
        ll.addWidget(self.search)
        self.results = QListWidget()
        self.results.setObjectName("ContactResults")
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setSpacing(2)
        ll.addWidget(self.results, 1)
        self.search_hint = QLabel(self.tr("Press Enter to search."))
        self.search_hint.setProperty("role", "hint")
        self.search_hint.setWordWrap(True)
        ll.addWidget(self.search_hint)
        left.setMinimumWidth(230)
        self.view = ContactView()
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 700])
        splitter.setChildrenCollapsible(False)
        fl.addWidget(splitter)
        self.tabs.addTab(finder, self.tr("Find a contact"))
        self.stuck = StuckView(self)
        self.tabs.addTab(self.stuck, self.tr("Stuck contacts"))
        self.browser = ContactsBrowser(bridge)  # browse, filter, import, add and edit contacts
        self.tabs.addTab(self.browser, self.tr("Browse"))
        self.browser.open_contact.connect(self.open_contact)
        self.browser.action_done.connect(self.action_done)

        self.message = QLabel()
        self.message.setObjectName("ContactsMessage")
        self.message.setProperty("role", "hint")
        self.message.setContentsMargins(10, 0, 10, 6)
        layout.addWidget(self.message)

        self.search.returnPressed.connect(self.find)
        self.results.currentItemChanged.connect(self._result_chosen)
        self.view.move_requested.connect(self._contact_move)
        self.view.end_requested.connect(self._contact_end)
        self.stuck.open_contact.connect(self.open_contact)
        bridge.flows_changed.connect(self.stuck.set_flows)
        self.stuck.set_flows(bridge.flows)

    # -- finding a contact -------------------------------------------------------------------------

    def find(self, text: str | None = None) -> None:
        """Search contacts (by id, email, phone or name) in the background."""
        query = (text if text is not None else self.search.text()).strip()
        if text is not None:
            self.search.setText(text)
        if not query:
            self.results.clear()
            return
        self.bridge.call(self.bridge.api.find_contacts, query, on_done=self._found, on_error=self._failed)

    def _found(self, hits: list[dict[str, Any]]) -> None:
        self.results.clear()
        for hit in hits:
            label = hit["name"] or hit["id"]
            extra = hit.get("email") or hit.get("phone") or hit.get("telegram_chat_id") or ""
            item = QListWidgetItem(f"{label}\n{hit['id']}" + (f" · {extra}" if extra else ""))
            item.setData(Qt.ItemDataRole.UserRole, hit["id"])
            self.results.addItem(item)
        self.search_hint.setText(self.tr("No contact matches.") if not hits else
                                 self.tr("{n_hits} match{v0}.").format(n_hits=len(hits), v0='es' if len(hits) != 1 else ''))
        if len(hits) >= 1:
            self.results.setCurrentRow(0)
        else:
            self.view.show_details(None)
            self.contact_loaded.emit()

    def open_contact(self, external_id: str) -> None:
        """Search for ``external_id`` and show it on the "Find a contact" tab (list and view agree)."""
        self.tabs.setCurrentIndex(0)
        self.find(external_id)

    def _result_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is not None:
            self.show_contact(item.data(Qt.ItemDataRole.UserRole))

    def show_contact(self, external_id: str, switch: bool = True) -> None:
        """Load and show one contact (``switch``: bring the "Find a contact" tab forward)."""
        if switch:
            self.tabs.setCurrentIndex(0)
        self.bridge.call(self.bridge.api.contact_details, external_id, on_done=self._details_loaded, on_error=self._failed)

    def _details_loaded(self, details: ContactDetails) -> None:
        self.view.show_details(details)
        self.contact_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(str(exc))
        self.contact_loaded.emit()

    # -- operator actions --------------------------------------------------------------------------

    def _contact_move(self, execution_id: int, contact: str) -> None:
        self.bridge.call(self.bridge.api.execution_steps, execution_id,
                         on_done=lambda steps: self.ask_move([execution_id], f"contact {contact}", steps),
                         on_error=self._failed)

    def _contact_end(self, execution_id: int, contact: str) -> None:
        self.ask_end([execution_id], f"contact {contact}")

    def ask_move(self, execution_ids: list[int], who: str, steps: list[dict[str, Any]],
                 from_step: str | None = None) -> MoveDialog:
        """Ask where to move ``who`` (non-blocking; the dialog is kept in :attr:`last_dialog`)."""
        dialog = MoveDialog(steps, who, from_step, self)
        dialog.accepted.connect(lambda: self.move(execution_ids, dialog.step_id, from_step, dialog.reason.text()))
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def ask_end(self, execution_ids: list[int], who: str) -> EndDialog:
        """Ask before ending executions (non-blocking; kept in :attr:`last_dialog`)."""
        dialog = EndDialog(who, self)
        dialog.accepted.connect(lambda: self.end(execution_ids, dialog.reason.text()))
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def move(self, execution_ids: list[int], to_step: str | None, from_step: str | None = None,
             reason: str = "") -> None:
        """Move each execution to ``to_step`` through the runtime (audited), then refresh."""
        if not to_step:
            return
        results: list[Any] = []
        for execution_id in execution_ids:
            self.bridge.call(self.bridge.api.move_to_step, execution_id, to_step, from_step=from_step, reason=reason,
                             on_done=results.append, on_error=results.append)
        self.bridge.submit(lambda: None, on_done=lambda _r: self._actions_done(results, f"to {to_step}", self.tr("Moved")))

    def end(self, execution_ids: list[int], reason: str = "") -> None:
        """End each execution through the runtime (audited), then refresh."""
        results: list[Any] = []
        for execution_id in execution_ids:
            self.bridge.call(self.bridge.api.end_execution, execution_id, reason=reason,
                             on_done=results.append, on_error=results.append)
        self.bridge.submit(lambda: None, on_done=lambda _r: self._actions_done(results, "", self.tr("Ended")))

    def _actions_done(self, results: list[Any], where: str, verb: str) -> None:
        errors = [r for r in results if isinstance(r, BaseException)]
        done = len(results) - len(errors)
        noun = "contact" if done == 1 else "contacts"
        text = f"{verb} {done} {noun}" + (f" {where}" if where else "") + "."
        if errors:
            text += f" {len(errors)} failed: {errors[0]}"
        self.message.setText(text)
        if self.view.details is not None:
            self.show_contact(self.view.details.id, switch=False)
        if self.stuck.rows or self.tabs.currentWidget() is self.stuck:
            self.stuck.find()
        self.action_done.emit(text)
