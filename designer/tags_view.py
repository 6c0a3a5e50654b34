"""The Tags view: every tag with its count, colour and description; edit, merge, delete; and
add or remove a tag on many contacts at once.

Contacts for a bulk change come from typed ids, a CSV file of ids, a condition (the flow
condition JSON), the contacts standing at a step of a flow, or the contacts browser's current
filter ("Tag these…" there). The count is asked for first and shown in one confirmation; the
change is one transaction in the runtime, with one tag history row per contact changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer import dialogs, widgets
from designer.bridge import RuntimeBridge
from designer.i18n import tr_label
from designer.tag_dialogs import BulkConfirmDialog, DeleteTagDialog, MergeDialog, TagEditDialog, swatch
from runtime.service import step_title

#: (key, label) of the ways to choose contacts for a bulk change
SOURCES = (("ids", QT_TRANSLATE_NOOP("labels", "Contact ids")), ("csv", QT_TRANSLATE_NOOP("labels", "CSV file of ids")),
        ("where", QT_TRANSLATE_NOOP("labels", "Condition")),
           ("step", QT_TRANSLATE_NOOP("labels", "Contacts at a step")), ("filter", QT_TRANSLATE_NOOP("labels",
                   "Contacts browser filter")))


def _row_of(first: QWidget, second: QWidget) -> QWidget:
    """Two widgets side by side in one borderless widget (one page of the source inputs)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(first, 1)
    row.addWidget(second, 1 if isinstance(second, QComboBox) else 0)
    return box


class TagsView(QWidget):
    """Tag catalogue and bulk tag changes (see the module docstring)."""

    #: the tag list finished loading
    tags_loaded = Signal()
    #: a change finished (message for the status line)
    action_done = Signal(str)

    def __init__(self, bridge: RuntimeBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TagsView")
        self.bridge = bridge
        self.tags: list[dict[str, Any]] = []
        self.last_dialog: QDialog | None = None
        self.browser_filter: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addLayout(self._make_toolbar())
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("TagsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Tag"), self.tr("Contacts"), self.tr("Description")])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 240)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._make_bulk())
        self.message = QLabel()
        self.message.setObjectName("TagsMessage")
        self.message.setProperty("role", "hint")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.ask_edit())
        self.filter.textChanged.connect(self._fill)
        bridge.flows_changed.connect(self._set_flows)
        bridge.changed.connect(self._on_change)
        self._set_flows(bridge.flows)
        self._update_buttons()
        self.refresh()

    # -- construction -----------------------------------------------------------------------------

    def _make_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        title = QLabel(self.tr("Tags"))
        title.setProperty("role", "title")
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        bar.addWidget(title)
        self.summary = widgets.label("", "hint", wrap=False)
        self.summary.setObjectName("TagsSummary")
        bar.addWidget(self.summary)
        bar.addStretch(1)
        self.filter = QLineEdit()
        self.filter.setObjectName("TagsFilter")
        self.filter.setPlaceholderText(self.tr("Filter tags"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(widgets.placeholder_width(self.filter, 90))
        self.filter.setMaximumWidth(max(220, self.filter.minimumWidth()))
        bar.addWidget(self.filter, 1)
        self.new_button = QPushButton(self.tr("New tag…"))
        self.new_button.setProperty("primary", True)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.merge_button = QPushButton(self.tr("Merge into…"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        for button, slot in ((self.new_button, self.ask_create), (self.edit_button, self.ask_edit),
                             (self.merge_button, self.ask_merge), (self.delete_button, self.ask_delete)):
            button.clicked.connect(slot)
            bar.addWidget(button)
        return bar

    def _make_bulk(self) -> QGroupBox:
        box = QGroupBox(self.tr("Add or remove a tag on many contacts"))
        box.setObjectName("BulkTagBox")
        outer = QVBoxLayout(box)
        row = QHBoxLayout()
        self.bulk_action = QComboBox()
        self.bulk_action.setObjectName("BulkAction")
        self.bulk_action.addItem(self.tr("Add tag"), "add")
        self.bulk_action.addItem(self.tr("Remove tag"), "remove")
        self.bulk_tag = QComboBox()
        self.bulk_tag.setObjectName("BulkTag")
        self.bulk_tag.setEditable(True)
        self.bulk_tag.lineEdit().setPlaceholderText(self.tr("tag"))
        self.source = QComboBox()
        self.source.setObjectName("BulkSource")
        for key, label in ((k, tr_label(t)) for k, t in SOURCES):
            self.source.addItem(label, key)
        for combo in (self.bulk_action, self.bulk_tag, self.source):
            widgets.compact(combo)
        row.addWidget(self.bulk_action)
        row.addWidget(self.bulk_tag, 1)
        row.addWidget(widgets.label(self.tr("for"), "hint", wrap=False))
        row.addWidget(self.source, 1)
        outer.addLayout(row)
        row = QHBoxLayout()  # the chosen source's input on a line of its own: fits 1366-pixel screens
        self.inputs = QStackedWidget()
        self.ids_edit = QLineEdit()
        self.ids_edit.setObjectName("BulkIds")
        self.ids_edit.setPlaceholderText(self.tr("c0001, c0002 … (commas, spaces or new lines)"))
        self.csv_edit = QLineEdit()
        self.csv_edit.setObjectName("BulkCsv")
        self.csv_edit.setPlaceholderText(self.tr("path of a CSV file with an id column"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_csv)
        csv_box = _row_of(self.csv_edit, browse)
        self.where_edit = QLineEdit()
        self.where_edit.setObjectName("BulkWhere")
        self.where_edit.setPlaceholderText(self.tr('{"field": "city", "op": "=", "value": "Москва"}  or  {"tag": "lead"}'))
        self.step_flow = QComboBox()
        self.step_flow.setObjectName("BulkFlow")
        self.step_id = QComboBox()
        self.step_id.setObjectName("BulkStep")
        widgets.compact(self.step_flow)
        widgets.compact(self.step_id)
        step_box = _row_of(self.step_flow, self.step_id)
        self.filter_label = widgets.label(self.tr("Open Contacts, filter, then “Tag these…”."), "hint")
        self.filter_label.setObjectName("BulkFilterLabel")
        for widget in (self.ids_edit, csv_box, self.where_edit, step_box, self.filter_label):
            self.inputs.addWidget(widget)
        row.addWidget(self.inputs, 1)
        self.apply_button = QPushButton(self.tr("Apply…"))
        self.apply_button.setObjectName("BulkApply")
        self.apply_button.setProperty("primary", True)
        row.addWidget(self.apply_button)
        outer.addLayout(row)
        self.source.currentIndexChanged.connect(self.inputs.setCurrentIndex)
        self.step_flow.currentIndexChanged.connect(self._flow_chosen)
        self.apply_button.clicked.connect(self.ask_bulk)
        return box

    # -- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the tag list in the background."""
        self.bridge.call(self.bridge.api.list_tags, on_done=self._loaded, on_error=self._failed)

    def _on_change(self, change: Any) -> None:
        if change.kind == "project" and self.isVisible():
            self.refresh()

    def _loaded(self, tags: list[dict[str, Any]]) -> None:
        self.tags = tags
        self._fill()
        current = self.bulk_tag.currentText()
        self.bulk_tag.clear()
        self.bulk_tag.addItems([t["name"] for t in tags])
        self.bulk_tag.setCurrentText(current)
        total = sum(t["contacts"] for t in tags)
        self.summary.setText(self.tr("{n_tags} tag{v0} · {total:,} taggings").format(n_tags=len(tags),
                v0='s' if len(tags) != 1 else '', total=total))
        self.tags_loaded.emit()

    def _fill(self, *_args: Any) -> None:
        selected = self.selected()
        wanted = self.filter.text().strip().casefold()
        rows = [t for t in self.tags if wanted in t["name"].casefold() or wanted in (t["description"] or "").casefold()]
        self.table.setRowCount(len(rows))
        for r, tag in enumerate(rows):
            name = QTableWidgetItem(swatch(tag["color"]), tag["name"])
            name.setData(Qt.ItemDataRole.UserRole, tag)
            count = QTableWidgetItem(f"{tag['contacts']:,}")
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, count)
            self.table.setItem(r, 2, QTableWidgetItem(tag["description"] or ""))
            if selected and tag["name"] == selected["name"]:
                self.table.selectRow(r)
        self._update_buttons()

    def _set_flows(self, flows: list[Any]) -> None:
        current = self.step_flow.currentData()
        self.step_flow.blockSignals(True)
        self.step_flow.clear()
        for summary in sorted(flows or [], key=lambda f: f.name.casefold()):
            self.step_flow.addItem(summary.name, summary.id)
        self.step_flow.setCurrentIndex(max(0, self.step_flow.findData(current)))
        self.step_flow.blockSignals(False)
        self._flow_chosen()

    def _flow_chosen(self, *_args: Any) -> None:
        flow_id = self.step_flow.currentData()
        if flow_id is not None:
            self.bridge.call(self.bridge.api.get_flow, flow_id, on_done=self._steps_loaded, on_error=self._failed)

    def _steps_loaded(self, info: Any) -> None:
        if info.id != self.step_flow.currentData():
            return
        self.step_id.clear()
        for step in info.draft.steps:
            self.step_id.addItem(step_title(step), step.id)  # the name the canvas shows; the id as a tooltip
            self.step_id.setItemData(self.step_id.count() - 1, f"step id: {step.id}", Qt.ItemDataRole.ToolTipRole)

    # -- selection ----------------------------------------------------------------------------------

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_tag(self, name: str) -> None:
        """Select the row of tag ``name`` (if shown)."""
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).text() == name:
                self.table.selectRow(r)
                return

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        for button in (self.edit_button, self.merge_button, self.delete_button):
            button.setEnabled(has)

    def use_filter(self, spec: dict[str, Any], label: str) -> None:
        """Take the contacts browser's filter as the bulk change's contacts."""
        self.browser_filter = dict(spec)
        self.filter_label.setText(self.tr("Contacts browser: {label}").format(label=label))
        self.source.setCurrentIndex(self.source.findData("filter"))

    def selection(self) -> tuple[dict[str, Any], str]:
        """The selection dict for the runtime and words for it; ValueError when incomplete."""
        kind = self.source.currentData()
        if kind == "ids":
            ids = [x for x in self.ids_edit.text().replace(",", " ").split() if x]
            if not ids:
                raise ValueError(self.tr("Type or paste contact ids first."))
            return {"ids": ids}, f"{len(ids)} id{'s' if len(ids) != 1 else ''} typed"
        if kind == "csv":
            path = self.csv_edit.text().strip()
            if not path:
                raise ValueError(self.tr("Choose a CSV file of contact ids first."))
            return {"csv": path}, f"ids in {path.rsplit('/', 1)[-1]}"
        if kind == "where":
            try:
                cond = json.loads(self.where_edit.text())
            except json.JSONDecodeError as exc:
                raise ValueError(self.tr("The condition is not JSON: {msg} at column {colno}.").format(msg=exc.msg,
                        colno=exc.colno)) from None
            return {"where": cond}, "matching the condition"
        if kind == "step":
            if self.step_flow.currentData() is None or self.step_id.currentData() is None:
                raise ValueError(self.tr("Choose a flow and a step first."))
            return ({"flow": self.step_flow.currentData(), "step": self.step_id.currentData()},
                    f"at {self.step_id.currentText()} in {self.step_flow.currentText()}")
        if self.browser_filter is None:
            raise ValueError(self.tr("Open Contacts, filter, then “Tag these…”."))
        return {"filter": self.browser_filter}, "the contacts browser's filter"

    def _browse_csv(self) -> None:
        path = dialogs.ask_open_file(self, self.tr("Contact ids"), self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.csv_edit.setText(path)

    # -- actions ------------------------------------------------------------------------------------

    def _keep(self, dialog: QDialog, on_accept: Any) -> QDialog:
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.last_dialog is dialog:
            self.last_dialog = None

    def ask_create(self) -> QDialog:
        """Ask for a new tag's name, colour and description (non-blocking)."""
        dialog = TagEditDialog(None, [t["name"] for t in self.tags], self)
        return self._keep(dialog, lambda: self._run(self.bridge.api.create_tag, dialog.name.text().strip(),
                                                    dialog.color.currentData() or None,
            dialog.description.text().strip() or None, done=self.tr("Created tag {v0}.").format(v0=dialog.name.text().strip())))

    def ask_edit(self) -> QDialog | None:
        """Edit the selected tag: rename (for everyone), colour, description."""
        tag = self.selected()
        if tag is None:
            return None
        dialog = TagEditDialog(tag, [t["name"] for t in self.tags], self)

        def save() -> None:
            name = dialog.name.text().strip()
            if dialog.renamed:
                self._run(self.bridge.api.rename_tag, tag["name"], name, reason=dialog.reason.text(),
                          done=self.tr("Renamed {v0} to {name} on {v1:,} contacts.").format(v0=tag['name'], name=name,
                                  v1=tag['contacts']))
            self._run(self.bridge.api.describe_tag, name, dialog.color.currentData() or "", dialog.description.text().strip(),
                      done=self.tr("Saved tag {name}.").format(name=name))

        return self._keep(dialog, save)

    def ask_merge(self) -> QDialog | None:
        """Merge the selected tag into another one."""
        tag = self.selected()
        if tag is None:
            return None
        dialog = MergeDialog(tag, [t["name"] for t in self.tags], self)
        return self._keep(dialog, lambda: self._run(self.bridge.api.merge_tags, tag["name"],
                                                    dialog.target.currentText().strip(), reason=dialog.reason.text(),
            done=self.tr("Merged {v0} into {v1}.").format(v0=tag['name'], v1=dialog.target.currentText().strip())))

    def ask_delete(self) -> None:
        """Ask (with the count and the flows using it) before deleting the selected tag."""
        tag = self.selected()
        if tag is not None:
            self.bridge.call(self.bridge.api.tag_impact, tag["name"], on_done=self._confirm_delete, on_error=self._failed)

    def _confirm_delete(self, impact: dict[str, Any]) -> None:
        dialog = DeleteTagDialog(impact, self)
        self._keep(dialog, lambda: self._run(self.bridge.api.delete_tag, impact["tag"], reason=dialog.reason.text(),
                                             done=self.tr("Deleted tag {v0} from {v1:,} contacts.").format(v0=impact['tag'],
                                                     v1=impact['contacts'])))

    def ask_bulk(self) -> None:
        """Count the chosen contacts and those the change would touch, then ask once for all of them."""
        tag = self.bulk_tag.currentText().strip()
        if not tag:
            self.message.setText(self.tr("Type or choose a tag first."))
            return
        try:
            selection, words = self.selection()
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        action = self.bulk_action.currentData()
        self.bridge.call(self.bridge.api.preview_tag_change, action, tag, selection, on_error=self._failed,
                         on_done=lambda preview: self._confirm_bulk(action, tag, selection, words, preview))

    def _confirm_bulk(self, action: str, tag: str, selection: dict[str, Any], words: str,
                      preview: dict[str, int]) -> None:
        selected, changing = preview["selected"], preview["changing"]
        if not changing:
            if not selected:
                text = self.tr("No contacts {words}: nothing to change.").format(words=words)
            elif action == "add":
                text = self.tr("Nothing to change: all {selected:,} selected contacts already have tag {tag}.").format(
                    selected=selected, tag=tag)
            else:
                text = self.tr("Nothing to change: none of the {selected:,} selected contacts has tag {tag}.").format(
                    selected=selected, tag=tag)
            self.message.setText(text)
            self.action_done.emit(text)
            return
        dialog = BulkConfirmDialog(action, tag, changing, selected, words, self)
        self._keep(dialog, lambda: self.bridge.call(self.bridge.api.tag_contacts, action, tag, selection,
                                                    reason=dialog.reason.text(), on_error=self._failed,
            on_done=lambda result: self._bulk_done(action, tag, result)))

    def _bulk_done(self, action: str, tag: str, result: dict[str, int]) -> None:
        verb = "Added" if action == "add" else "Removed"
        where = "to" if action == "add" else "from"
        self._finished(self.tr("{verb} {tag} {where} {v0:,} of {v1:,} selected contacts.").format(verb=verb, tag=tag,
                where=where, v0=result['changed'], v1=result['selected']))

    def _run(self, method: Callable[..., Any], *args: Any, done: str, **kwargs: Any) -> None:
        self.bridge.call(method, *args, **kwargs, on_done=lambda _r: self._finished(done), on_error=self._failed)

    def _finished(self, text: str) -> None:
        self.message.setText(text)
        self.refresh()
        self.action_done.emit(text)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(str(exc))
        self.action_done.emit(str(exc))
