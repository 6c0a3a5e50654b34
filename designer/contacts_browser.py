"""Browse contacts: filter by text, tag, field, channel status, flow and step; page through them.

Also the GUI side of contact data: "Import CSV…" runs the importer and shows its line-numbered
report (rejected rows with their reasons), "Add contact…" and "Edit…" open a form checked like
an import, and "Tag these…" hands the current filter to the Tags view for a bulk change.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from designer import dialogs, widgets
from designer.bridge import RuntimeBridge
from designer.channel_names import channel_name
from designer.contact_view import fill_table, make_table
from designer.i18n import tr_label
from designer.import_mapping import ImportMappingDialog
from designer.inspector.lists import typed_value
from runtime.service import CHANNEL_STATUSES, CONTACT_CHANNELS, ContactDetails, ContactPage, ContactRow, step_title

PAGE = 50
CHANNELS = tuple(str(c) for c in CONTACT_CHANNELS)
STATUSES = CHANNEL_STATUSES
FIELD_OPS = ("=", "!=", "contains", ">", "<", "is_set", "is_not_set")
OP_TEXT = {"contains": QT_TRANSLATE_NOOP("labels", "contains"), "is_set": QT_TRANSLATE_NOOP("labels", "is set"),
           "is_not_set": QT_TRANSLATE_NOOP("labels", "is not set")}
STATUS_TEXT = {"subscribed": QT_TRANSLATE_NOOP("labels", "subscribed"),
               "unsubscribed": QT_TRANSLATE_NOOP("labels", "unsubscribed"), "blocked": QT_TRANSLATE_NOOP("labels", "blocked")}
FORM_FIELDS = (("first_name", QT_TRANSLATE_NOOP("labels", "First name")), ("last_name", QT_TRANSLATE_NOOP("labels",
        "Last name")), ("email", QT_TRANSLATE_NOOP("labels", "Email")), ("phone", QT_TRANSLATE_NOOP("labels", "Phone")),
               ("telegram_chat_id", QT_TRANSLATE_NOOP("labels", "Telegram chat")), ("whatsapp", QT_TRANSLATE_NOOP("labels",
                       "WhatsApp")), ("timezone", QT_TRANSLATE_NOOP("labels", "Time zone")),
               ("birthday", QT_TRANSLATE_NOOP("labels", "Birthday (YYYY-MM-DD)")))


class ContactEditDialog(QDialog):
    """Add a contact or edit one: identities, names, time zone, birthday, channel status."""

    def __init__(self, details: ContactDetails | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ContactEditDialog")
        self.details = details
        self.setWindowTitle(self.tr("Edit contact") if details else self.tr("Add contact"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.external_id = QLineEdit(details.id if details else "")
        self.external_id.setObjectName("ContactId")
        self.external_id.setReadOnly(details is not None)
        form.addRow(self.tr("Id"), self.external_id)
        self.edits: dict[str, QLineEdit] = {}
        for name, label in FORM_FIELDS:
            edit = QLineEdit(str(getattr(details, name, None) or ""))
            edit.setObjectName(f"Contact_{name}")
            self.edits[name] = edit
            form.addRow(label, edit)
        self.statuses: dict[str, QComboBox] = {}
        channels = details.channels if details else {}
        for channel in CHANNELS:
            combo = QComboBox()
            combo.setObjectName(f"Contact_{channel}_status")
            combo.addItems(STATUSES)
            combo.setCurrentText(channels.get(channel, "subscribed"))
            self.statuses[channel] = combo
            form.addRow(self.tr("{v0} status").format(v0=channel.capitalize()), combo)
        layout.addLayout(form)
        self.error = widgets.label("", "error")
        self.error.setObjectName("ContactEditError")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            self.tr("Add contact") if details is None else self.tr("Save"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.on_submit: Any = None

    def fields(self) -> dict[str, str]:
        """The form's values as ``save_contact`` takes them."""
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        values.update({f"{channel}_status": combo.currentText() for channel, combo in self.statuses.items()})
        return values

    def _submit(self) -> None:
        # The runtime checks the values; the dialog stays open showing its error until they are right.
        if self.on_submit is not None:
            self.on_submit(self)

    def show_error(self, exc: BaseException) -> None:
        self.error.setText(str(exc))


class ImportReportDialog(QDialog):
    """What an import did: created, updated, and every rejected line with its reason."""

    def __init__(self, path: str, report: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ImportReportDialog")
        self.setWindowTitle(self.tr("Import report"))
        self.setMinimumSize(560, 320)
        layout = QVBoxLayout(self)
        rejected = report.get("rejected") or []
        self.summary = QLabel(self.tr("<b>{v0}</b>: {v1:,} created, {v2:,} updated, {n_rejected:,} rejected.")
                .format(v0=html.escape(path.rsplit('/', 1)[-1]), v1=report['created'], v2=report['updated'],
                        n_rejected=len(rejected)))
        self.summary.setObjectName("ImportSummary")
        layout.addWidget(self.summary)
        self.table = make_table([self.tr("Line"), self.tr("Why it was rejected")], "ImportRejections")
        fill_table(self.table, [[r["line"], r["reason"]] for r in rejected], rejected)
        layout.addWidget(self.table, 1)
        self.table.setVisible(bool(rejected))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class ContactsBrowser(QWidget):
    """Filtered, paged contact list with import, add, edit and "Tag these…"."""

    #: a page finished loading
    page_loaded = Signal()
    #: open this contact's details (external id)
    open_contact = Signal(str)
    #: hand the filter (dict, words) to the Tags view
    tag_requested = Signal(object, str)
    #: an import, add or edit finished (message)
    action_done = Signal(str)

    def __init__(self, bridge: RuntimeBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ContactsBrowser")
        self.bridge = bridge
        self.offset = 0
        self.total = 0
        self.rows: tuple[ContactRow, ...] = ()
        self.last_dialog: QDialog | None = None
        self._loaded_once = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(self._make_filters())
        self.table = make_table([self.tr("Id"), self.tr("Name"), self.tr("Email"), self.tr("Phone"), self.tr("Tags"),
                self.tr("Channels")], "BrowseTable")
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count_label = widgets.label("", "hint", wrap=False)
        self.count_label.setObjectName("BrowseCount")
        bottom.addWidget(self.count_label, 1)
        self.prev_button = QPushButton(self.tr("‹ Previous"))
        self.next_button = QPushButton(self.tr("Next ›"))
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.add_button = QPushButton(self.tr("Add contact…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.tag_button = QPushButton(self.tr("Tag these…"))
        for button in (self.prev_button, self.next_button, self.import_button, self.add_button, self.edit_button,
                       self.tag_button):
            bottom.addWidget(button)
        layout.addLayout(bottom)
        self.prev_button.clicked.connect(lambda: self.load(max(0, self.offset - PAGE)))
        self.next_button.clicked.connect(lambda: self.load(self.offset + PAGE))
        self.import_button.clicked.connect(self.ask_import)
        self.add_button.clicked.connect(lambda: self.ask_edit(None))
        self.edit_button.clicked.connect(self._edit_selected)
        self.tag_button.clicked.connect(lambda: self.tag_requested.emit(self.spec(), self.describe()))
        self.table.itemDoubleClicked.connect(self._double_clicked)
        bridge.flows_changed.connect(self._set_flows)
        self._set_flows(bridge.flows)
        self._flow_chosen()

    def showEvent(self, event: Any) -> None:  # Qt's name
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.load(0)

    def _make_filters(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        bar = QHBoxLayout()
        second = QHBoxLayout()  # two lines: the filters fit a 1366-pixel screen beside the docks
        rows.addLayout(bar)
        rows.addLayout(second)
        self.text = QLineEdit()
        self.text.setObjectName("BrowseText")
        self.text.setPlaceholderText(self.tr("Name, id, email, phone"))
        self.text.setClearButtonEnabled(True)
        self.tag = QComboBox()
        self.tag.setObjectName("BrowseTag")
        self.tag.setEditable(True)
        self.tag.lineEdit().setPlaceholderText(self.tr("any tag"))
        self.field = QLineEdit()
        self.field.setObjectName("BrowseField")
        self.field.setPlaceholderText("field")
        self.op = QComboBox()
        self.op.setObjectName("BrowseOp")
        for op in FIELD_OPS:
            self.op.addItem(tr_label(OP_TEXT.get(op, op)), op)
        self.value = QLineEdit()
        self.value.setObjectName("BrowseValue")
        self.value.setPlaceholderText(self.tr("value"))
        self.channel = QComboBox()
        self.channel.setObjectName("BrowseChannel")
        self.channel.addItem(self.tr("any channel"), "")
        for channel in CHANNELS:
            for status in STATUSES[1:] + STATUSES[:1]:
                self.channel.addItem(self.tr("{channel}: {status}").format(
                    channel=channel_name(channel), status=tr_label(STATUS_TEXT[status])), f"{channel}:{status}")
        self.flow = QComboBox()
        self.flow.setObjectName("BrowseFlow")
        self.step = QComboBox()
        self.step.setObjectName("BrowseStep")
        self.find_button = QPushButton(self.tr("Filter"))
        self.find_button.setProperty("primary", True)
        for combo in (self.tag, self.op, self.channel, self.flow, self.step):
            widgets.compact(combo, 8)
        for widget, stretch in ((self.text, 2), (self.tag, 1), (self.channel, 1)):
            bar.addWidget(widget, stretch)
        for widget, stretch in ((self.field, 1), (self.op, 0), (self.value, 1), (self.flow, 1), (self.step, 1),
                                (self.find_button, 0)):
            second.addWidget(widget, stretch)
        self.text.returnPressed.connect(lambda: self.load(0))
        self.find_button.clicked.connect(lambda: self.load(0))
        self.flow.currentIndexChanged.connect(self._flow_chosen)
        return rows

    # -- filter -------------------------------------------------------------------------------------

    def spec(self) -> dict[str, Any]:
        """The current filter as the runtime's ContactFilter dict."""
        spec: dict[str, Any] = {}
        if self.text.text().strip():
            spec["text"] = self.text.text().strip()
        if self.tag.currentText().strip():
            spec["tag"] = self.tag.currentText().strip()
        if self.channel.currentData():
            spec["channel"], spec["status"] = self.channel.currentData().split(":")
        if self.flow.currentData() is not None:
            spec["flow"] = self.flow.currentData()
            if self.step.currentData():
                spec["step"] = self.step.currentData()
        if self.field.text().strip():
            cond: dict[str, Any] = {"field": self.field.text().strip(), "op": self.op.currentData()}
            if self.op.currentData() not in ("is_set", "is_not_set"):
                cond["value"] = typed_value(self.value.text().strip())
            spec["where"] = cond
        return spec

    def describe(self) -> str:
        """The filter in words ("tag vip, email unsubscribed"), for the Tags view and messages."""
        spec = self.spec()
        parts = [f"“{spec['text']}”"] if "text" in spec else []
        if "tag" in spec:
            parts.append(f"tag {spec['tag']}")
        if "channel" in spec:
            parts.append(f"{spec['channel']} {spec['status']}")
        if "flow" in spec:
            parts.append(f"in {self.flow.currentText()}" + (f" at {self.step.currentText()}" if "step" in spec else ""))
        if "where" in spec:
            where = spec["where"]
            parts.append(f"{where['field']} {where['op']} {where.get('value', '')}".strip())
        return ", ".join(parts) or "every contact"

    def _set_flows(self, flows: list[Any]) -> None:
        current = self.flow.currentData()
        self.flow.blockSignals(True)
        self.flow.clear()
        self.flow.addItem(self.tr("any flow"), None)
        for summary in sorted(flows or [], key=lambda f: f.name.casefold()):
            self.flow.addItem(summary.name, summary.id)
        self.flow.setCurrentIndex(max(0, self.flow.findData(current)))
        self.flow.blockSignals(False)

    def _flow_chosen(self, *_args: Any) -> None:
        self.step.clear()
        self.step.addItem(self.tr("any step"), "")
        flow_id = self.flow.currentData()
        self.step.setEnabled(flow_id is not None)
        if flow_id is not None:
            self.bridge.call(self.bridge.api.get_flow, flow_id, on_done=self._steps_loaded, on_error=self._failed)

    def _steps_loaded(self, info: Any) -> None:
        if info.id == self.flow.currentData():
            for step in info.draft.steps:
                self.step.addItem(step_title(step), step.id)  # the name the canvas shows; the id as a tooltip
                self.step.setItemData(self.step.count() - 1, f"step id: {step.id}", Qt.ItemDataRole.ToolTipRole)

    def set_tags(self, names: list[str]) -> None:
        """Offer these tags in the tag filter."""
        current = self.tag.currentText()
        self.tag.clear()
        self.tag.addItem("")
        self.tag.addItems(names)
        self.tag.setCurrentText(current)

    # -- loading ------------------------------------------------------------------------------------

    def load(self, offset: int = 0) -> None:
        """Load the page at ``offset`` of the filtered contacts (in the background)."""
        self.bridge.call(self.bridge.api.browse_contacts, self.spec(), offset=offset, limit=PAGE,
                         on_done=self._loaded, on_error=self._failed)
        if not self.tag.count():
            self.bridge.call(self.bridge.api.list_tags, on_done=lambda tags: self.set_tags([t["name"] for t in tags]),
                             on_error=lambda _e: None)

    def _loaded(self, page: ContactPage) -> None:
        self.rows, self.total, self.offset = page.rows, page.total, page.offset
        fill_table(self.table, [[r.id, r.name, r.email, r.phone, ", ".join(r.tags),
                                 " ".join(f"{ch}:{st[0]}" for ch, st in r.channels.items() if st != "subscribed")
                                 or "all subscribed"] for r in self.rows], list(self.rows))
        end = self.offset + len(self.rows)
        self.count_label.setText(self.tr("{v0:,}–{end:,} of {total:,} contacts").format(v0=self.offset + 1, end=end,
                total=self.total) if self.rows
                                 else self.tr("No contact matches this filter."))
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(end < self.total)
        self.page_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText(str(exc))
        self.action_done.emit(str(exc))
        self.page_loaded.emit()

    def _double_clicked(self, item: Any) -> None:
        first = self.table.item(item.row(), 0)
        if first is not None:
            self.open_contact.emit(first.text())

    # -- import, add, edit --------------------------------------------------------------------------

    def ask_import(self) -> None:
        path = dialogs.ask_open_file(self, self.tr("Import contacts"), self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.ask_mapping(path)

    def ask_mapping(self, path: str) -> None:
        """Read the CSV's header, then ask which field each column fills (ImportMappingDialog);
        OK imports with that mapping, Cancel imports nothing."""
        self.bridge.call(self.bridge.api.contacts_csv_columns, path, on_done=lambda columns: self._map_columns(path, columns),
                         on_error=self._failed)

    def _map_columns(self, path: str, columns: dict[str, Any]) -> None:
        dialog = ImportMappingDialog(path, columns, self)
        dialog.accepted.connect(lambda: self.import_file(path, dialog.mapping()))
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()

    def import_file(self, path: str, mapping: dict[str, str] | None = None) -> None:
        """Import a contacts CSV in the background (``mapping``: header name -> field), then
        show the line-numbered report."""
        self.bridge.call(self.bridge.api.import_contacts, path, mapping=mapping,
                         on_done=lambda report: self._imported(path, report), on_error=self._failed)

    def _imported(self, path: str, report: dict[str, Any]) -> None:
        dialog = ImportReportDialog(path, report, self)
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        self.action_done.emit(self.tr("Imported {v0}: {v1} created, {v2} updated, {n_items} rejected.")
                .format(v0=path.rsplit('/', 1)[-1], v1=report['created'], v2=report['updated'], n_items=len(report['rejected'])))
        self.load(self.offset)

    def _edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.bridge.call(self.bridge.api.contact_details, self.table.item(rows[0].row(), 0).text(),
                             on_done=self.ask_edit, on_error=self._failed)

    def ask_edit(self, details: ContactDetails | None) -> ContactEditDialog:
        """Open the add/edit form (non-blocking); it closes once the runtime accepted the values."""
        dialog = ContactEditDialog(details, self)

        def submit(form: ContactEditDialog) -> None:
            self.bridge.call(self.bridge.api.save_contact, form.external_id.text().strip(), form.fields(), create=details is None,
                             on_done=lambda saved: self._saved(form, saved), on_error=form.show_error)

        dialog.on_submit = submit
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, form: ContactEditDialog, saved: ContactDetails) -> None:
        form.accept()
        self.action_done.emit(self.tr("Saved contact {id}.").format(id=saved.id))
        self.load(self.offset)

