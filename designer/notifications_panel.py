"""Notifications: team notes from ``notify_team`` steps, delivery errors, contacts that got stuck.

Unread counts per kind head the panel (and the Notifications action's text); "Mark all read"
moves the project's read marker to now. Double-clicking a row opens its contact in the Contacts
tab. The list reloads every few seconds while a project is open, in the background.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.bridge import RuntimeBridge
from designer.contact_view import make_table
from designer.i18n import tr_label
from designer.outbox_viewer import short_time

KIND_LABELS = {"team": QT_TRANSLATE_NOOP("labels", "Team note"), "error": QT_TRANSLATE_NOOP("labels", "Delivery error"),
        "stuck": QT_TRANSLATE_NOOP("labels", "Stuck contact")}
KIND_COLORS = {"team": ("#026aa2", "#e0f2fe"), "error": ("#b42318", "#fee4e2"), "stuck": ("#b54708", "#fef0c7")}
REFRESH_MS = 5000


class NotificationsPanel(QWidget):
    """The notifications list with unread counts (see the module docstring)."""

    #: the contact (external id) of a double-clicked notification
    open_contact = Signal(str)
    #: the unread total changed
    unread_changed = Signal(int)
    #: a reload finished
    loaded = Signal()

    def __init__(self, bridge: RuntimeBridge, parent: QWidget | None = None, refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self.setObjectName("NotificationsPanel")
        self.bridge = bridge
        self.feed: dict[str, Any] = {"items": [], "unread": {"team": 0, "error": 0, "stuck": 0, "total": 0}}
        self.unread_total = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        bar = QHBoxLayout()
        title = QLabel(self.tr("Notifications"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        bar.addWidget(title)
        self.chips: dict[str, QLabel] = {}
        for kind in ("team", "error", "stuck"):
            chip = QLabel()
            chip.setObjectName(f"Unread_{kind}")
            fg, bg = KIND_COLORS[kind]
            chip.setStyleSheet(f"color: {fg}; background: {bg}; border-radius: 8px; padding: 1px 8px;"
                               " font-size: 8.5pt; font-weight: 600;")
            self.chips[kind] = chip
            bar.addWidget(chip)
        bar.addStretch(1)
        self.kind = QComboBox()
        self.kind.setObjectName("NotificationKind")
        self.kind.addItem(self.tr("All"), "")
        for kind, label in ((k, tr_label(t)) for k, t in KIND_LABELS.items()):
            self.kind.addItem(label + "s", kind)
        bar.addWidget(self.kind)
        self.mark_button = QPushButton(self.tr("Mark all read"))
        self.mark_button.setObjectName("MarkAllRead")
        bar.addWidget(self.mark_button)
        layout.addLayout(bar)
        self.table = make_table([self.tr("Kind"), self.tr("When"), self.tr("Contact"), self.tr("Flow · step"), self.tr("What")],
                "NotificationsTable")
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("Nothing to report: team notes, delivery errors and stuck contacts show up here."))
        self.empty.setProperty("role", "hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty, 1)
        self.kind.currentIndexChanged.connect(self._fill)
        self.mark_button.clicked.connect(self.mark_all_read)
        self.table.itemDoubleClicked.connect(self._double_clicked)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        """Reload the notifications in the background (skipped while another reload runs)."""
        if self.bridge.service is not None:
            self.bridge.call(self.bridge.api.notifications, on_done=self._loaded, on_error=lambda _exc: None)

    def _loaded(self, feed: dict[str, Any]) -> None:
        self.feed = feed
        unread = feed["unread"]
        for kind, chip in self.chips.items():
            chip.setText(self.tr("{v0} {v1}{v2} unread").format(v0=unread[kind], v1=tr_label(KIND_LABELS[kind]).lower(),
                    v2='s' if unread[kind] != 1 else ''))
            chip.setVisible(bool(unread[kind]))
        self._fill()
        if unread["total"] != self.unread_total:
            self.unread_total = unread["total"]
            self.unread_changed.emit(self.unread_total)
        self.loaded.emit()

    def _fill(self, *_args: Any) -> None:
        wanted = self.kind.currentData()
        items = [i for i in self.feed["items"] if not wanted or i["kind"] == wanted]
        self.table.setRowCount(len(items))
        bold = QFont()
        bold.setBold(True)
        for r, item in enumerate(items):
            where = " · ".join(part for part in (item.get("flow"), item.get("step")) if part)
            values = [tr_label(KIND_LABELS[item["kind"]]), short_time(item["at"]), item["contact"] or "", where, item["text"]]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if c == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, item)
                    cell.setForeground(QColor(KIND_COLORS[item["kind"]][0]))
                if item["unread"]:
                    cell.setFont(bold)
                self.table.setItem(r, c, cell)
        self.table.setVisible(bool(items))
        self.empty.setVisible(not items)

    def mark_all_read(self) -> None:
        """Move the read marker to now, then reload."""
        self.bridge.call(self.bridge.api.mark_notifications_read, on_done=lambda _r: self.refresh(), on_error=lambda _e: None)

    def _double_clicked(self, cell: QTableWidgetItem) -> None:
        first = self.table.item(cell.row(), 0)
        item = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
        if item and item.get("contact"):
            self.open_contact.emit(item["contact"])
