"""One contact in full: fields, channel status, tags with history, flows, recent steps and events.

The data is the ``flowcanvas contacts show`` document (``ProjectService.contact_details``). The
view never writes: "Move to step…" and "End execution" ask :class:`~designer.contacts_panel.ContactsPanel`
to act through the runtime.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.i18n import tr_label
from designer.outbox_viewer import short_time
from designer.status_words import detail_key, status_word, tag_reason
from runtime.service import ContactDetails, ExecutionBrief, ExecutionStatus, port_label, say

CHANNEL_STATUS_STYLE = {"subscribed": ("#067647", "#dcfae6"), "unsubscribed": ("#5b6270", "#eaecf0"),
                        "blocked": ("#b42318", "#fee4e2")}
EXECUTION_STYLE = {"active": ("#026aa2", "#e0f2fe"), "completed": ("#067647", "#dcfae6"),
                   "exited": ("#5b6270", "#eaecf0"), "failed": ("#b42318", "#fee4e2"),
                   "terminated": ("#93370d", "#fef0c7")}
PROFILE_FIELDS = (("email", QT_TRANSLATE_NOOP("labels", "Email")), ("phone", QT_TRANSLATE_NOOP("labels", "Phone")),
        ("telegram_chat_id", QT_TRANSLATE_NOOP("labels", "Telegram chat")),
                  ("whatsapp", QT_TRANSLATE_NOOP("labels", "WhatsApp")), ("timezone", QT_TRANSLATE_NOOP("labels", "Time zone")),
                          ("birthday", QT_TRANSLATE_NOOP("labels", "Birthday")),
                  ("created_at", QT_TRANSLATE_NOOP("labels", "Created")), ("last_activity_at", QT_TRANSLATE_NOOP("labels",
                          "Last activity")))



def section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "section")
    return label


def make_table(headers: list[str], object_name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setMaximumSectionSize(240)  # long "by"/"detail" values elide instead of widening
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QTableWidget, rows: list[list[Any]], data: list[Any] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0 and data is not None:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            table.setItem(r, c, item)


def fit_height(table: QTableWidget, max_rows: int = 12) -> None:
    """Size a table to its rows (the profile page scrolls, not each table)."""
    rows = min(max(table.rowCount(), 1), max_rows)
    chrome = (table.horizontalHeader().sizeHint().height() + table.horizontalScrollBar().sizeHint().height()
              + 2 * table.frameWidth())
    table.setFixedHeight(chrome + rows * table.verticalHeader().defaultSectionSize())


class ContactView(QWidget):
    """Everything about one contact (the ``contacts show`` document)."""

    move_requested = Signal(int, str)  # execution id, contact id
    end_requested = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("ContactView")
        self.details: ContactDetails | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # tables scroll, not the page
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        self.title = QLabel(self.tr("No contact selected"))
        self.title.setObjectName("ContactTitle")
        self.title.setProperty("role", "title")
        self.subtitle = QLabel(self.tr("Search by id, email, phone or name."))
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        self.channels_label = QLabel()
        self.channels_label.setObjectName("ChannelStatus")
        self.channels_label.setWordWrap(True)
        layout.addWidget(self.channels_label)

        self.content = QWidget()
        cl = QVBoxLayout(self.content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(6)
        cl.addLayout(self._build_profile_grid())
        self._build_tags(cl)
        self._build_history(cl)
        layout.addWidget(self.content)
        layout.addStretch(1)
        self.content.hide()
        self.executions.itemSelectionChanged.connect(self._update_buttons)
        self.move_button.clicked.connect(lambda: self._act(self.move_requested))
        self.end_button.clicked.connect(lambda: self._act(self.end_requested))
        self._update_buttons()

    def _build_profile_grid(self) -> QGridLayout:
        """Two columns of caption/value pairs for the profile fields."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(3)
        self.field_labels: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(PROFILE_FIELDS):
            caption = QLabel(tr_label(label))
            caption.setProperty("role", "hint")
            value = QLabel()
            value.setObjectName(f"field_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.field_labels[key] = value
            grid.addWidget(caption, i // 2, (i % 2) * 2)
            grid.addWidget(value, i // 2, (i % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _build_tags(self, cl: QVBoxLayout) -> None:
        """The attributes, the current tags and the tag history."""
        self.attributes_label = QLabel()
        self.attributes_label.setObjectName("Attributes")
        self.attributes_label.setWordWrap(True)
        self.attributes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        cl.addWidget(section_label(self.tr("Attributes")))
        cl.addWidget(self.attributes_label)

        cl.addWidget(section_label(self.tr("Tags")))
        self.tags_label = QLabel()
        self.tags_label.setObjectName("Tags")
        self.tags_label.setWordWrap(True)
        cl.addWidget(self.tags_label)
        self.tag_history = make_table([self.tr("When"), self.tr("Change"), self.tr("Tag"), self.tr("By"), self.tr("Why")],
                "TagHistory")
        cl.addWidget(self.tag_history)

    def _build_history(self, cl: QVBoxLayout) -> None:
        """The contact's executions (with move / end actions), recent steps and events."""
        flows_head = QHBoxLayout()
        flows_head.addWidget(section_label(self.tr("Flows")))
        flows_head.addStretch(1)
        self.move_button = QPushButton(self.tr("Move to step…"))
        self.move_button.setObjectName("ContactMove")
        self.end_button = QPushButton(self.tr("End execution"))
        self.end_button.setObjectName("ContactEnd")
        flows_head.addWidget(self.move_button)
        flows_head.addWidget(self.end_button)
        cl.addLayout(flows_head)
        self.executions = make_table([self.tr("Flow"), self.tr("Status"), self.tr("Entered"), self.tr("Ended"),
                self.tr("Exit reason")], self.tr("Executions"))
        self.executions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        cl.addWidget(self.executions)
        cl.addWidget(section_label(self.tr("Recent steps")))
        self.steps = make_table([self.tr("When"), self.tr("Flow"), self.tr("Step"), self.tr("Outcome"), self.tr("Port"),
                self.tr("Detail")], "RecentSteps")
        cl.addWidget(self.steps)
        cl.addWidget(section_label(self.tr("Recent events")))
        self.events = make_table([self.tr("When"), self.tr("Event"), self.tr("Properties")], "RecentEvents")
        cl.addWidget(self.events)
        self.empty_hints: dict[QTableWidget, QLabel] = {}
        for table, text in ((self.tag_history, self.tr("No tag changes recorded.")),
                            (self.executions, self.tr("Not in any flow yet.")), (self.steps, self.tr("No steps yet.")),
                            (self.events, self.tr("No events recorded."))):
            hint = QLabel(text)
            hint.setProperty("role", "hint")
            cl.insertWidget(cl.indexOf(table) + 1, hint)
            self.empty_hints[table] = hint

    def selected_execution(self) -> ExecutionBrief | None:
        rows = self.executions.selectionModel().selectedRows()
        if not rows or self.details is None:
            return None
        item = self.executions.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update_buttons(self) -> None:
        execution = self.selected_execution()
        active = execution is not None and execution.status == ExecutionStatus.ACTIVE
        self.move_button.setEnabled(active)
        self.end_button.setEnabled(active)
        tip = "" if active else self.tr("Select an active flow execution")
        self.move_button.setToolTip(tip)
        self.end_button.setToolTip(tip)

    def _act(self, signal: Any) -> None:
        execution = self.selected_execution()
        if execution is not None and self.details is not None:
            signal.emit(int(execution.id), str(self.details.id))

    def show_details(self, details: ContactDetails | None) -> None:
        """Show a contact (None: the empty state)."""
        self.details = details
        self.channels_label.setText("")
        if details is None:
            self.title.setText(self.tr("No contact selected"))
            self.subtitle.setText(self.tr("Search by id, email, phone or name."))
            self.content.hide()
            return
        self.title.setText(details.name or details.id)
        self.subtitle.setText(self.tr("Contact id {id}").format(id=details.id))
        pills = []
        for channel, status in details.channels.items():
            fg, bg = CHANNEL_STATUS_STYLE.get(status, ("#344054", "#f2f4f7"))
            pills.append(self.tr("<span style='background:{bg};color:{fg};font-weight:600'>&nbsp;{v0}:&nbsp;{v1}&nbsp;</span>")
                    .format(bg=bg, fg=fg, v0=html.escape(channel), v1=html.escape(status_word(status))))
        self.channels_label.setText("&nbsp; ".join(pills))
        for key, label in self.field_labels.items():
            value = getattr(details, key)
            label.setText(short_time(value) if key.endswith("_at") else (str(value) if value else "—"))
        attributes = details.attributes
        self.attributes_label.setText(", ".join(f"{k} = {v}" for k, v in sorted(attributes.items())) or "—")
        tags = details.tags
        self.tags_label.setText(" ".join(
            f"<span style='background:#eef4ff;color:#3538cd'>&nbsp;{html.escape(t)}&nbsp;</span>" for t in tags)
            or self.tr("No tags"))
        history = list(reversed(details.tag_history))  # newest first, like the other tables
        fill_table(self.tag_history, [[short_time(h.at), status_word(h.action), h.tag, status_word(h.by), tag_reason(h.reason)]
                                         for h in history])
        executions = list(details.executions)
        fill_table(self.executions, [[e.flow, status_word(e.status), short_time(e.entered_at),
                                 short_time(e.ended_at), status_word(e.exit_reason)] for e in executions],
              executions)
        for r, execution in enumerate(executions):
            fg, bg = EXECUTION_STYLE.get(execution.status, ("#344054", "#f2f4f7"))
            item = self.executions.item(r, 1)
            item.setForeground(QColor(fg))
            item.setBackground(QColor(bg))
        fill_table(self.steps, [[short_time(s.at), s.flow, s.step_name or s.step, status_word(s.outcome),
                                 port_label(s.port) if s.port else "",
                                 _detail_text(s.detail)] for s in details.recent_steps])
        for r, visit in enumerate(details.recent_steps):  # the name for people, the id as the detail
            self.steps.item(r, 2).setToolTip(self.tr("step id {step}").format(step=visit.step))
        fill_table(self.events, [[short_time(e.occurred_at), e.name, ", ".join(f"{k}={v}" for k, v in e.props.items())]
                                 for e in details.recent_events])
        for table, hint in self.empty_hints.items():
            fit_height(table)
            table.setVisible(table.rowCount() > 0)
            hint.setVisible(table.rowCount() == 0)
        self.content.show()
        self.move_button.setVisible(bool(executions))
        self.end_button.setVisible(bool(executions))
        self._update_buttons()



def _detail_value(key: str, value: Any) -> str:
    if key == "status" and isinstance(value, str):
        return status_word(value)
    if key == "reason" and isinstance(value, str):
        return say(value) or ""
    if key == "port" and isinstance(value, str):
        return port_label(value)
    return str(value)


def _detail_text(detail: Any) -> str:
    if not detail:
        return ""
    if isinstance(detail, dict):  # keys, statuses and the dispatcher's reasons in the interface's language
        return ", ".join(f"{detail_key(k)}: {_detail_value(k, v)}" for k, v in detail.items() if v not in (None, ""))
    return str(detail)
