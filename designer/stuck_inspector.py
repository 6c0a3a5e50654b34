"""The stuck-contact inspector, and the contacts behind a count on the canvas.

:class:`StuckInspectorDialog` lists the contacts of a flow (or of one step) that are stuck, with
the reason (flow paused, quiet hours, frequency cap, channel blocked, missing address, provider
error or retrying, message in review, or waiting longer than the step plans), grouped by step
and reason with counts. Clicking a count on a card opens the same dialog on the contacts behind
that count. Actions on one contact or a selection: move to any step (by name), remove from the
flow, re-enter (even after the execution ended; a reason is required), retry the failed send,
clear tags. Each asks for confirmation and a reason and goes to the audit log with who did it.

:class:`LiveTools` wires it into a flow editor: "Stuck contacts…" and "Contacts at this step…"
in a card's context menu, and clicks on the counts above the cards.
"""

from __future__ import annotations

import getpass
import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.bridge import RuntimeBridge
from designer.contact_view import fill_table, make_table
from designer.contacts_panel import MoveDialog
from designer.flow_layout import FlowLayout
from designer.i18n import tr_label
from runtime.service import step_title

if TYPE_CHECKING:
    from designer.editor import FlowEditorWidget

#: action -> (button text, verb for the confirmation, needs a reason)
ACTIONS: dict[str, tuple[str, str, bool]] = {
    "move": (QT_TRANSLATE_NOOP("labels", "Move to step…"), QT_TRANSLATE_NOOP("labels", "Move"), False),
    "remove": (QT_TRANSLATE_NOOP("labels", "Remove from flow…"), QT_TRANSLATE_NOOP("labels", "Remove"), False),
    "reenter": (QT_TRANSLATE_NOOP("labels", "Re-enter…"), QT_TRANSLATE_NOOP("labels", "Re-enter"), True),
    "retry_send": (QT_TRANSLATE_NOOP("labels", "Retry send…"), QT_TRANSLATE_NOOP("labels", "Retry the send for"), False),
    "clear_tags": (QT_TRANSLATE_NOOP("labels", "Clear tags…"), QT_TRANSLATE_NOOP("labels", "Clear every tag of"), False),
}
COUNT_TITLES = {"entered": QT_TRANSLATE_NOOP("labels", "entered"), "waiting": QT_TRANSLATE_NOOP("labels", "waiting now at"),
        "completed": QT_TRANSLATE_NOOP("labels", "completed"),
                "failed": QT_TRANSLATE_NOOP("labels", "failed at")}


def operator_name() -> str:
    """Who is acting, for the audit log: the designer's operator name setting, else the OS user."""
    name = QSettings().value("operator/name")
    if name:
        return str(name)
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (containers): still say it was a person
        return "operator"


class ConfirmActionDialog(QDialog):
    """Confirm one operator action on N contacts, with the reason kept in the audit log."""

    def __init__(self, action: str, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConfirmActionDialog")
        _button, verb, required = ACTIONS[action]
        self.required = required
        self.setWindowTitle(tr_label(ACTIONS[action][0]).rstrip("…"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        notes = {
            "remove": self.tr("They leave the flow now; nothing further is sent to them by it."),
            "reenter": self.tr("They start the flow over from its first step, even if they finished it and the flow "
                       "lets contacts in only once. Say why."),
            "retry_send": self.tr("Their last message in this flow is sent again (or they go back to the message step)."),
            "clear_tags": self.tr("Every tag they carry is removed; the tag history keeps who and why."),
        }
        text = QLabel(f"{verb} {html.escape(who)}? {notes.get(action, '')}")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason = QLineEdit()
        self.reason.setObjectName("ActionReason")
        self.reason.setPlaceholderText(self.tr("Why (kept in the audit log)") + (self.tr(" — required") if required else ""))
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(verb.split()[0])
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(not self.required or bool(self.reason.text().strip()))


class StuckInspectorDialog(QDialog):
    """Stuck contacts (or the contacts behind one count) of a flow, with operator actions."""

    def __init__(self, bridge: RuntimeBridge, flow_id: int, flow_name: str, step_id: str | None = None,
                 which: str | None = None, step_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StuckInspector")
        self.bridge = bridge
        self.flow_id = flow_id
        self.step_id = step_id
        self.which = which  # None: stuck contacts; else a count of the step (entered, waiting, ...)
        self.closing = False
        self.rows: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []
        self.groups: list[dict[str, Any]] = []
        self.last_dialog: QDialog | None = None
        place = f"“{step_name or step_id}”" if step_id else self.tr("every step")
        if which is None:
            title = self.tr("Stuck contacts in {flow} — {place}").format(flow=flow_name, place=place)
        else:
            title = self.tr("Contacts {what} {place} of {flow}").format(
                what=tr_label(COUNT_TITLES.get(which, which)), place=place, flow=flow_name)
        self.setWindowTitle(title)
        self.resize(1000, 560)
        layout = QVBoxLayout(self)
        self.title = QLabel(f"<b>{html.escape(title)}</b>")
        layout.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setObjectName("StuckSummary")
        self.summary.setProperty("role", "hint")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setObjectName("StuckGroups")
        self.tree.setHeaderLabels([self.tr("Step / reason"), self.tr("Contacts")])
        self.tree.setColumnWidth(0, 250)
        self.tree.setMinimumWidth(330)
        self.tree.currentItemChanged.connect(lambda *_a: self._filter())
        self.tree.setVisible(which is None)
        split.addWidget(self.tree)
        headers = ([self.tr("Contact"), self.tr("Name"), self.tr("Step"), self.tr("Reason"), self.tr("Detail"),
                self.tr("Hours")] if which is None
                   else [self.tr("Contact"), self.tr("Name"), self.tr("When"), self.tr("Outcome"), self.tr("Execution")])
        self.table = make_table(headers, "StuckTable")
        self.table.setSelectionMode(self.table.SelectionMode.ExtendedSelection)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        split.addWidget(self.table)
        split.setSizes([340, 660])
        layout.addWidget(split, 1)
        actions = QWidget()
        row = FlowLayout(actions, spacing=6)  # wraps on a small screen or in a longer language
        self.buttons: dict[str, QPushButton] = {}
        for action, (text, _verb, _required) in ACTIONS.items():
            button = QPushButton(tr_label(text))
            button.setObjectName(f"Stuck_{action}")
            button.setAutoDefault(False)  # Return in the table must not act on the selection
            button.clicked.connect(lambda _c=False, a=action: self.ask(a))
            row.addWidget(button)
            self.buttons[action] = button
        refresh = QPushButton(self.tr("Refresh"))
        refresh.setAutoDefault(False)
        refresh.clicked.connect(self.refresh)
        row.addWidget(refresh)
        layout.addWidget(actions)
        self.message = QLabel()
        self.message.setObjectName("StuckMessage")
        layout.addWidget(self.message)
        self._update_buttons()
        self.refresh()

    def closeEvent(self, event: Any) -> None:  # Qt override
        self.closing = True
        super().closeEvent(event)

    # -- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload from the runtime (in the background)."""
        if self.bridge.service is None:
            return
        if self.which is None:
            self.bridge.call(self.bridge.api.stuck_report, self.flow_id, self.step_id, on_done=self._report_loaded,
                             on_error=self._failed, owner=self)
        else:
            self.bridge.call(self.bridge.api.step_contacts, self.flow_id, self.step_id, self.which, on_done=self._rows_loaded,
                             on_error=self._failed, owner=self)

    def _report_loaded(self, report: dict[str, Any]) -> None:
        self.groups = report["groups"]
        self.rows = report["contacts"]
        self.tree.clear()
        by_step: dict[str, QTreeWidgetItem] = {}
        for group in self.groups:
            parent = by_step.get(group["step"])
            if parent is None:
                parent = QTreeWidgetItem([group["step_name"], "0"])
                parent.setData(0, Qt.ItemDataRole.UserRole, (group["step"], None))
                self.tree.addTopLevelItem(parent)
                by_step[group["step"]] = parent
            child = QTreeWidgetItem([group["label"], str(group["count"])])
            child.setData(0, Qt.ItemDataRole.UserRole, (group["step"], group["reason"]))
            parent.addChild(child)
            parent.setText(1, str(int(parent.text(1)) + group["count"]))
        self.tree.expandAll()
        total = report["total"]
        if total:
            self.summary.setText(self.tr("{total} stuck contact{v0}: waiting longer than their step plans, or held by "
                                         "something. A contact in the middle of a normal wait is not listed.")
                                                 .format(total=total, v0='s' if total != 1 else ''))
        else:
            self.summary.setText(self.tr("Nobody is stuck: every contact is where its step plans it to be."))
        self._filter()

    def _rows_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.summary.setText(self.tr("{n_rows} contact{v0} (newest first). Select contacts to act on them.")
                .format(n_rows=len(rows), v0='s' if len(rows) != 1 else ''))
        self._filter()

    def _filter(self) -> None:
        item = self.tree.currentItem()
        step, reason = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else (None, None)
        self.shown = [r for r in self.rows if (step is None or r.get("step") == step)
                      and (reason is None or r.get("reason") == reason)]
        if self.which is None:
            cells = [[r["contact"], r["name"], r["step_name"], r["label"], r["detail"], r["hours"]] for r in self.shown]
        else:
            cells = [[r["contact"], r["name"], r["at"][:16].replace("T", " "), r["outcome"], r["status"]]
                     for r in self.shown]
        fill_table(self.table, cells, self.shown)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(self.tr("<span style='color:#b91c1c'>{v0}</span>").format(v0=html.escape(str(exc))))

    # -- actions ----------------------------------------------------------------------------------

    def selected(self) -> list[dict[str, Any]]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.shown[r] for r in rows if r < len(self.shown)]

    def select_all(self) -> None:
        self.table.selectAll()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        active = any(r.get("status", "active") == "active" for r in chosen)
        for action, button in self.buttons.items():
            button.setEnabled(bool(chosen) and (active or action in ("reenter", "clear_tags")))

    def ask(self, action: str) -> QDialog | None:
        """Ask to confirm ``action`` on the selection (non-blocking; kept in :attr:`last_dialog`)."""
        chosen = self.selected()
        if not chosen:
            return None
        ids = [r["execution_id"] for r in chosen]
        who = f"contact {chosen[0]['contact']}" if len(chosen) == 1 else f"{len(chosen)} contacts"
        if action == "move":
            steps = self.bridge.call_sync(self.bridge.api.execution_steps, ids[0])
            current = chosen[0].get("step") if len({r.get("step") for r in chosen}) == 1 else None
            dialog: QDialog = MoveDialog(steps, who, current, self)
            dialog.accepted.connect(lambda: self.run("move", ids, dialog.reason.text(), dialog.step_id))
        else:
            dialog = ConfirmActionDialog(action, who, self)
            dialog.accepted.connect(lambda: self.run(action, ids, dialog.reason.text()))
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def run(self, action: str, execution_ids: list[int], reason: str, to_step: str | None = None) -> None:
        """Do ``action`` on the executions (one transaction, audited), then reload."""
        self.bridge.call(self.bridge.api.operator_action, action, execution_ids, reason=reason, to_step=to_step,
                         actor=operator_name(), on_done=lambda results: self._done(action, results),
                         on_error=self._failed, owner=self)

    def _done(self, action: str, results: list[dict[str, Any]]) -> None:
        verb = ACTIONS[action][1].split()[0].lower()
        verb = tr_label({"move": QT_TRANSLATE_NOOP("labels", "moved"), "remove": QT_TRANSLATE_NOOP("labels", "removed"),
                "re-enter": QT_TRANSLATE_NOOP("labels", "re-entered"), "retry": QT_TRANSLATE_NOOP("labels", "retried"),
                         "clear": QT_TRANSLATE_NOOP("labels", "cleared tags of")}.get(verb, verb))
        self.message.setText(self.tr("Done: {verb} {n_results} contact{v0} (written to the audit log).").format(verb=verb,
                n_results=len(results), v0='s' if len(results) != 1 else ''))
        self.refresh()


class LiveTools(QObject):
    """A flow editor's live-operation entry points: card context menu and clicks on counts."""

    def __init__(self, editor: FlowEditorWidget) -> None:
        super().__init__(editor)
        self.editor = editor
        self.last_dialog: StuckInspectorDialog | None = None
        editor.view.step_menu_extras.append(self._extend_menu)
        editor.view.viewport().installEventFilter(self)

    def _step_name(self, step_id: str) -> str:
        step = self.editor.document.step(step_id)
        return step_title(step) if step is not None else step_id

    def _extend_menu(self, menu: QMenu, step_id: str) -> None:
        menu.addAction(self.tr("Stuck contacts at this step…"), lambda: self.open(step_id))
        menu.addAction(self.tr("Contacts waiting here…"), lambda: self.open(step_id, "waiting"))
        menu.addSeparator()

    def open(self, step_id: str | None, which: str | None = None) -> StuckInspectorDialog:
        """Open the inspector on a step (stuck contacts, or the contacts behind one count)."""
        editor = self.editor
        dialog = StuckInspectorDialog(editor.bridge, editor.flow_id, editor.info.name, step_id, which,
                                      self._step_name(step_id) if step_id else "", editor.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.show()
        return dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton:
            hit = self.editor.counts.hit(self.editor.view.mapToScene(event.position().toPoint()))
            if hit is not None:
                self.open(*hit)
                return True
        return False
