"""The outbox viewer: every message the project wrote, filtered, with its rendered content.

A table (contact, flow, step, channel, status, time, reason or error, preview) over one page of
``ProjectService.outbox_page`` (newest first), filters by flow, channel and status, and a detail
pane showing the rendered message. Messages flagged ``review`` (the dispatcher could not tell
whether they went out) get three decisions: it was sent, it failed, send it again; they go
through the runtime (``outbox_resolve``), which moves the waiting contact on and audits it.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from designer import widgets
from designer.bridge import RuntimeBridge
from designer.channel_names import channel_name
from designer.counts import counted
from designer.i18n import tr_label
from designer.row_table import RowTableModel
from runtime.service import Channel, OutboxPage, OutboxRow, say

#: status -> (label, text colour, background colour)
STATUS_STYLE: dict[str, tuple[str, str, str]] = {
    "sandbox": (QT_TRANSLATE_NOOP("labels", "Sandbox"), "#3538cd", "#eef4ff"),
    "queued": (QT_TRANSLATE_NOOP("labels", "Queued"), "#344054", "#f2f4f7"),
    "held": (QT_TRANSLATE_NOOP("labels", "Held"), "#93370d", "#fef0c7"),
    "sending": (QT_TRANSLATE_NOOP("labels", "Sending"), "#026aa2", "#e0f2fe"),
    "sent": (QT_TRANSLATE_NOOP("labels", "Sent"), "#067647", "#dcfae6"),
    "failed": (QT_TRANSLATE_NOOP("labels", "Failed"), "#b42318", "#fee4e2"),
    "skipped": (QT_TRANSLATE_NOOP("labels", "Skipped"), "#5b6270", "#eaecf0"),
    "review": (QT_TRANSLATE_NOOP("labels", "Needs review"), "#c4320a", "#ffead5"),
}
STATUSES = tuple(STATUS_STYLE)
CHANNELS = tuple(str(c) for c in Channel)
COLUMNS = (("at", QT_TRANSLATE_NOOP("labels", "Time")), ("status", QT_TRANSLATE_NOOP("labels", "Status")), ("channel",
        QT_TRANSLATE_NOOP("labels", "Channel")), ("contact", QT_TRANSLATE_NOOP("labels", "Contact")), ("flow",
                QT_TRANSLATE_NOOP("labels", "Flow")),
           ("step", QT_TRANSLATE_NOOP("labels", "Step")), ("note", QT_TRANSLATE_NOOP("labels", "Reason / error")), ("preview",
                   QT_TRANSLATE_NOOP("labels", "Content")))
COLUMN = {key: i for i, (key, _title) in enumerate(COLUMNS)}
PAGE_SIZE = 200
REFRESH_MS = 3000


def status_label(status: str) -> str:
    return tr_label(STATUS_STYLE.get(status, (status.title(), "", ""))[0])


def status_pill_css(status: str) -> str:
    _label, fg, bg = STATUS_STYLE.get(status, (status, "#344054", "#f2f4f7"))
    return f"background:{bg};color:{fg};border-radius:9px;padding:2px 9px;font-weight:600;"


def short_time(value: str | None) -> str:
    """``2026-03-02T09:00:00+00:00`` -> ``2026-03-02 09:00`` (UTC, as stored)."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def content_preview(content: dict[str, Any]) -> str:
    """One line that says what the message is: subject, title, text or template name."""
    for key in ("subject", "title", "text", "body"):
        value = content.get(key)
        if isinstance(value, str) and value.strip():
            line = " ".join(value.split())
            return line if len(line) <= 90 else line[:89] + "…"
    if isinstance(content.get("template"), dict):
        return f"template {content['template'].get('name', '')}".strip()
    if content.get("url"):
        return f"{content.get('method', 'POST')} {content['url']}"
    return ""


def content_html(row: OutboxRow) -> str:
    """The rendered message as the detail pane shows it (headers, then the body)."""
    content = dict(row.content or {})
    e = html.escape
    head: list[tuple[str, str]] = []
    for key, label in (("to", QT_TRANSLATE_NOOP("labels", "To")), ("chat_id", QT_TRANSLATE_NOOP("labels", "Chat")),
                       ("from_name", QT_TRANSLATE_NOOP("labels", "From")), ("subject", QT_TRANSLATE_NOOP("labels", "Subject")),
                       ("title", QT_TRANSLATE_NOOP("labels", "Title")), ("url", "URL"), ("method", QT_TRANSLATE_NOOP("labels",
                               "Method"))):
        value = content.pop(key, None)
        if value not in (None, "", []):
            head.append((tr_label(label), value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)))
    parts = ["<table cellspacing='0' cellpadding='3'>"]
    for label, value in head:
        parts.append(f"<tr><td style='color:#6b7280'>{e(label)}</td><td><b>{e(value)}</b></td></tr>")
    parts.append("</table><hr>")
    body = content.pop("body", None)
    text = content.pop("text", None)
    for value in (body, text):
        if isinstance(value, str) and value:
            looks_html = "<" in value and ">" in value and "</" in value
            parts.append(value if looks_html else f"<div style='white-space:pre-wrap'>{e(value)}</div>")
        elif value not in (None, ""):
            parts.append(f"<pre>{e(json.dumps(value, ensure_ascii=False, indent=2))}</pre>")
    buttons = content.pop("buttons", None)
    if buttons:
        labels = [b.get("text", "") for row_ in buttons for b in (row_ if isinstance(row_, list) else [row_])
                  if isinstance(b, dict)]
        parts.append("<p>" + " ".join(
            f"<span style='background:#eef4ff;color:#3538cd'>&nbsp;{e(t)}&nbsp;</span>" for t in labels) + "</p>")
    content.pop("text_body", None)
    if content:
        parts.append(QCoreApplication.translate("outbox_viewer", "<p style='color:#6b7280'>Other fields</p>"))
        parts.append(f"<pre>{e(json.dumps(content, ensure_ascii=False, indent=2, default=str))}</pre>")
    return "".join(parts)


class OutboxModel(RowTableModel[OutboxRow]):
    """One page of outbox rows (the service's OutboxRow)."""

    column_count = len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr_label(COLUMNS[section][1])
        return None

    def cell(self, row: OutboxRow, key: str) -> str:
        if key == "at":
            return short_time(row.at)
        if key == "status":
            return status_label(row.status or "")
        if key == "note":
            return row.error or say(row.reason) or ""  # the dispatcher's reason in the interface's language
        if key == "preview":
            return content_preview(row.content or {})
        if key == "step":  # the name the canvas shows; the id is the tooltip
            return row.step_name or row.step or ""
        return str(getattr(row, key) or "")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("note", "preview"):
            return self.cell(row, key) or None
        if role == Qt.ItemDataRole.ToolTipRole and key == "step" and row.step:
            return self.tr("step id {step}").format(step=row.step)
        if key == "status" and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            style = STATUS_STYLE.get(row.status or "")
            if style:
                return QBrush(QColor(style[1] if role == Qt.ItemDataRole.ForegroundRole else style[2]))
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


class OutboxViewerWidget(QWidget):
    """Outbox messages with filters, a detail pane and review decisions (see the module docstring)."""

    #: a load finished (the table shows the new rows)
    loaded = Signal()

    def __init__(self, bridge: RuntimeBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OutboxViewer")
        self.bridge = bridge
        self.offset = 0
        self.total = 0
        self._loading = False
        self._again = False
        self._selected_id: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addLayout(self._build_filter_bar())
        footer = self._build_footer()
        self.model = OutboxModel(self)
        self._build_table()
        self._build_detail()

        table_host = QWidget()
        tl = QVBoxLayout(table_host)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.table, 1)
        tl.addWidget(self.empty, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(table_host)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([600, 420])
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        layout.addLayout(footer)
        self._connect(bridge)
        self._show_row(-1)

    def _build_filter_bar(self) -> QHBoxLayout:
        """The filters (flow, channel, status, contact) and the refresh button."""
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.flow_filter = QComboBox()
        self.flow_filter.setObjectName("FlowFilter")
        self.flow_filter.setMinimumWidth(150)
        self.flow_filter.addItem(self.tr("All flows"), None)
        self.channel_filter = QComboBox()
        self.channel_filter.setObjectName("ChannelFilter")
        self.channel_filter.addItem(self.tr("All channels"), None)
        for channel in CHANNELS:
            self.channel_filter.addItem(channel_name(channel), channel)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("StatusFilter")
        self.status_filter.addItem(self.tr("All statuses"), None)
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
            self.status_filter.setItemData(self.status_filter.count() - 1, QBrush(QColor(STATUS_STYLE[status][1])),
                                           Qt.ItemDataRole.ForegroundRole)
        self.contact_filter = QLineEdit()
        self.contact_filter.setObjectName("ContactFilter")
        self.contact_filter.setPlaceholderText(self.tr("Contact id"))
        self.contact_filter.setClearButtonEnabled(True)
        self.contact_filter.setMinimumWidth(120)
        self.contact_filter.setMaximumWidth(170)
        for label, widget in ((self.tr("Flow"), self.flow_filter), (self.tr("Channel"), self.channel_filter),
                              (self.tr("Status"), self.status_filter)):
            bar.addWidget(widgets.label(label, "hint", wrap=False))
            bar.addWidget(widget)
        bar.addWidget(self.contact_filter)
        bar.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        bar.addWidget(self.refresh_button)
        return bar

    def _build_footer(self) -> QHBoxLayout:
        """The message count and the paging buttons."""
        footer = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("OutboxCount")
        self.count_label.setProperty("role", "hint")
        self.prev_button = QPushButton(self.tr("‹ Newer"))
        self.next_button = QPushButton(self.tr("Older ›"))
        for button in (self.prev_button, self.next_button):
            button.setProperty("flat", True)
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.prev_button)
        footer.addWidget(self.next_button)
        return footer

    def _build_table(self) -> None:
        """The message table and the label shown instead of it when the page is empty."""
        self.table = QTableView()
        self.table.setObjectName("OutboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for col, width in enumerate((124, 100, 72, 90, 110, 90, 170)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.empty = QLabel(self.tr("No messages yet. Messages appear here as flows send them "
                            "(in sandbox mode nothing leaves this computer)."))
        self.empty.setObjectName("OutboxEmpty")
        self.empty.setProperty("role", "hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

    def _build_detail(self) -> None:
        """The detail pane: title, status pill, delivery details, review decisions, rendered content."""
        self.detail = QFrame()
        self.detail.setObjectName("OutboxDetail")
        self.detail.setMinimumWidth(340)
        dl = QVBoxLayout(self.detail)
        dl.setContentsMargins(10, 4, 4, 4)
        dl.setSpacing(6)
        head = QHBoxLayout()
        self.detail_title = QLabel(self.tr("Select a message"))
        self.detail_title.setProperty("role", "section")
        self.detail_status = QLabel()
        self.detail_status.setObjectName("DetailStatus")
        head.addWidget(self.detail_title, 1)
        head.addWidget(self.detail_status)
        dl.addLayout(head)
        self.detail_meta = QLabel()
        self.detail_meta.setProperty("role", "hint")
        self.detail_meta.setWordWrap(True)
        self.detail_meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dl.addWidget(self.detail_meta)
        self.detail_note = QLabel()
        self.detail_note.setObjectName("DetailNote")
        self.detail_note.setWordWrap(True)
        self.detail_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dl.addWidget(self.detail_note)
        dl.addWidget(self._build_review_box())
        self.content = QTextBrowser()
        self.content.setObjectName("OutboxContent")
        self.content.setOpenLinks(False)
        dl.addWidget(self.content, 1)
        self.review_box.hide()

    def _build_review_box(self) -> QFrame:
        """The banner with the three decisions on a message flagged ``review``."""
        self.review_box = QFrame()
        self.review_box.setObjectName("ReviewBox")
        self.review_box.setProperty("role", "banner")
        rl = QVBoxLayout(self.review_box)
        rl.setContentsMargins(10, 8, 10, 8)
        review_text = QLabel(self.tr("Did this message reach the provider? FlowCanvas cannot tell. Your decision "
                             "moves the contact on in the flow."))
        review_text.setWordWrap(True)
        rl.addWidget(review_text)
        buttons = QHBoxLayout()
        self.review_buttons: dict[str, QPushButton] = {}
        for outcome, text, tip in (("sent", self.tr("Sent"), self.tr("It did go out: the contact continues on 'next'")),
                                   ("failed", self.tr("Failed"), self.tr("It did not go out: the contact continues on 'failed'")),
                                   ("requeue", self.tr("Send again"),
                                           self.tr("Put it back in the queue; the dispatcher sends it again"))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setObjectName(f"review_{outcome}")
            button.clicked.connect(lambda _c=False, o=outcome: self.resolve_selected(o))
            self.review_buttons[outcome] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        rl.addLayout(buttons)
        return self.review_box

    def _connect(self, bridge: RuntimeBridge) -> None:
        """Wire the filters, paging, selection and the bridge's signals; set up the refresh timer."""
        for combo in (self.flow_filter, self.channel_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.contact_filter.editingFinished.connect(self._filters_changed)
        self.prev_button.clicked.connect(lambda: self._page(-1))
        self.next_button.clicked.connect(lambda: self._page(1))
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_row(cur.row()))
        bridge.flows_changed.connect(self._flows_changed)
        bridge.changed.connect(self._on_change)
        self._flows_changed(bridge.flows)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._auto_refresh)

    # -- filters ------------------------------------------------------------------------------------

    def _flows_changed(self, flows: list[Any]) -> None:
        current = self.flow_filter.currentData()
        self.flow_filter.blockSignals(True)
        self.flow_filter.clear()
        self.flow_filter.addItem(self.tr("All flows"), None)
        for summary in sorted(flows, key=lambda f: f.name.casefold()):
            self.flow_filter.addItem(summary.name, summary.id)
        index = self.flow_filter.findData(current)
        self.flow_filter.setCurrentIndex(max(0, index))
        self.flow_filter.blockSignals(False)

    def set_filters(self, flow_id: int | None = None, channel: str | None = None, status: str | None = None,
                    contact: str | None = None) -> None:
        """Set every filter at once and reload."""
        for combo, value in ((self.flow_filter, flow_id), (self.channel_filter, channel),
                             (self.status_filter, status)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.contact_filter.setText(contact or "")
        self._filters_changed()

    def filters(self) -> dict[str, Any]:
        return {"flow_id": self.flow_filter.currentData(), "channel": self.channel_filter.currentData(),
                "status": self.status_filter.currentData(), "contact": self.contact_filter.text().strip() or None}

    def _filters_changed(self, *_args: Any) -> None:
        self.offset = 0
        self.refresh()

    def _page(self, step: int) -> None:
        self.offset = max(0, self.offset + step * PAGE_SIZE)
        self.refresh()

    # -- loading ------------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:  # Qt hook
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: Any) -> None:  # Qt hook
        self.timer.stop()
        super().hideEvent(event)

    def _auto_refresh(self) -> None:
        if not self._loading:
            self.refresh()

    def _on_change(self, change: Any) -> None:
        if self.isVisible() and getattr(change, "kind", "") in ("project", "flow_status", "settings"):
            self.refresh()

    def refresh(self) -> None:
        """Reload the current page in the background (one load at a time)."""
        if self.bridge.service is None:
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.bridge.call(self.bridge.api.outbox_page, **self.filters(), offset=self.offset, limit=PAGE_SIZE,
                         on_done=self._loaded, on_error=self._load_failed)

    def _loaded(self, page: OutboxPage) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()
            return
        rows = list(page.rows)
        self.total = page.total
        if rows != self.model.rows:
            self.model.set_rows(rows)
            self._fit_columns()
            self._reselect()
        else:
            self._show_row(self.table.currentIndex().row())
        shown = self.tr("{first}–{last} of {total}").format(
            first=self.offset + 1, last=self.offset + len(rows), total=self.total) if rows else "0"
        self.count_label.setText(self.tr("{shown} message{v0}").format(shown=shown, v0='s' if self.total != 1 else ''))
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + len(rows) < self.total)
        any_filter = any(v is not None for v in self.filters().values())
        self.empty.setText(self.tr("No messages match these filters.") if any_filter else
                           self.tr("No messages yet. Messages appear here as flows send them "
                           "(in sandbox mode nothing leaves this computer)."))
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.loaded.emit()

    def _fit_columns(self) -> None:
        """Size the short columns to their contents (capped) so times and statuses are never cut."""
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS) - 2):
            self.table.resizeColumnToContents(col)
            header.resizeSection(col, min(max(header.sectionSize(col), 60), 220))

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.count_label.setText(self.tr("Could not load the outbox: {exc}").format(exc=exc))
        self.loaded.emit()

    def _reselect(self) -> None:
        if self._selected_id is not None:
            for i, row in enumerate(self.model.rows):
                if row.id == self._selected_id:
                    self.table.selectRow(i)
                    self._show_row(i)
                    return
        self._show_row(-1)

    # -- detail -------------------------------------------------------------------------------------

    def selected_row(self) -> OutboxRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def _show_row(self, index: int) -> None:
        row = self.model.rows[index] if 0 <= index < len(self.model.rows) else None
        self._selected_id = row.id if row else None
        if row is None:
            self.detail_title.setText(self.tr("Select a message"))
            self.detail_status.setText("")
            self.detail_status.setStyleSheet("")
            self.detail_meta.setText(self.tr("The rendered content and delivery details appear here."))
            self.detail_note.setText("")
            self.content.clear()
            self.review_box.hide()
            return
        status = row.status or ""
        channel = channel_name(row.channel or "")
        self.detail_title.setText(self.tr("{v0} to {contact}").format(v0=channel, contact=row.contact))
        self.detail_status.setText(status_label(status))
        self.detail_status.setStyleSheet(status_pill_css(status))
        where = f"{row.flow or self.tr('no flow')} › {row.step_name or row.step or '-'}"
        meta = [self.tr("{where} · created {at} UTC").format(where=where, at=short_time(row.at)),
                self.tr("message #{id}").format(id=row.id)]
        if row.step and row.step_name:
            meta.append(self.tr("step id {step}").format(step=row.step))
        if row.attempts:
            meta.append(counted(row.attempts, "attempt"))
        if row.sent_at:
            meta.append(self.tr("sent {at}").format(at=short_time(row.sent_at)))
        if row.provider_id:
            meta.append(self.tr("provider id {provider_id}").format(provider_id=row.provider_id))
        self.detail_meta.setText(" · ".join(meta))
        notes = []
        if row.reason:
            notes.append(self.tr("<b>Why:</b> {reason}").format(reason=html.escape(say(row.reason) or "")))
        if row.error:
            notes.append(self.tr("<span style='color:#b42318'><b>Error:</b> {v0}</span>").format(v0=html.escape(row.error)))
        self.detail_note.setText("<br>".join(notes))
        self.detail_note.setVisible(bool(notes))
        self.content.setHtml(content_html(row))
        self.review_box.setVisible(status == "review")
        for button in self.review_buttons.values():
            button.setEnabled(True)

    def resolve_selected(self, outcome: str) -> None:
        """Record the operator's decision on the selected ``review`` message through the runtime."""
        row = self.selected_row()
        if row is None or row.status != "review":
            return
        for button in self.review_buttons.values():
            button.setEnabled(False)
        self.bridge.call(self.bridge.api.outbox_resolve, row.id, outcome, on_done=lambda _r: self.refresh(),
                         on_error=self._resolve_failed)

    def _resolve_failed(self, exc: BaseException) -> None:
        self.detail_note.setText(self.tr("<span style='color:#b42318'>{v0}</span>").format(v0=html.escape(str(exc))))
        self.detail_note.show()
        self.refresh()
