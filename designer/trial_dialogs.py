"""Trying a flow from the editor: Test with a contact, and Rehearse.

:class:`TestContactDialog` walks one contact (picked from the project) through the flow on a
virtual clock, optionally after an event with properties; the path lights up on the canvas and
each rendered message is listed at its time. :class:`RehearseDialog` runs the flow over the
next N days on a copy of the project's contacts and paints the predicted counts on the canvas,
with messages per channel per day, holds by quiet hours, delays and skips by frequency caps,
and the goal exits to expect at a conversion rate the user gives. Both call the service (``simulate`` / ``rehearse``) on the
bridge's thread: nothing is sent and the project is unchanged. The draft is saved first, so
what is tried is what is on the canvas.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer import dialogs
from designer.channel_names import channel_name
from designer.counts import counted
from designer.status_words import status_word
from designer.trial_overlay import TrialOverlay
from runtime.service import Channel

if TYPE_CHECKING:
    from designer.editor import FlowEditorWidget

CHANNELS = tuple(str(c) for c in Channel)


def overlay_of(editor: FlowEditorWidget) -> TrialOverlay:
    """The editor's trial overlay (created on first use)."""
    overlay = getattr(editor, "trial_overlay", None)
    if overlay is None:
        overlay = editor.trial_overlay = TrialOverlay(editor.scene)
    return overlay


def message_line(message: dict[str, Any], start: str, names: dict[str, str] | None = None) -> str:
    """One rendered message as the list shows it: time after the start, channel, the step's name
    (``names``: step id -> name; the id when it has none), first line."""
    from datetime import datetime

    from designer.trial_overlay import _offset

    content = message.get("content") or {}
    head = content.get("subject") or content.get("title") or content.get("text") or content.get("url") or ""
    body = content.get("body") if content.get("subject") or content.get("title") else ""
    when = _offset(datetime.fromisoformat(message["at"]) - datetime.fromisoformat(start))
    step = (names or {}).get(message["step"]) or message["step"]
    text = f"{when} · {message['channel']} · {step}: {head}"
    return text + (f"\n      {str(body).strip()}" if body else "")


class TestContactDialog(QDialog):
    """Pick a contact (and an event), walk the flow, see the path and the messages."""

    def __init__(self, editor: FlowEditorWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or editor)
        self.setObjectName("TestContactDialog")
        self.setWindowTitle(self.tr("Test “{name}” with a contact").format(name=editor.document.flow.name))
        self.resize(720, 560)
        self.editor = editor
        self.result: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.contact_box = QComboBox()
        self.contact_box.setEditable(True)
        for contact in editor.bridge.call_sync(editor.bridge.api.sample_contacts, 30):
            self.contact_box.addItem(f"{contact.external_id} — {contact.name or contact.email or ''}".strip(" —"),
                                     contact.external_id)
        form.addRow(self.tr("Contact"), self.contact_box)
        trigger = editor.document.flow.trigger or {}
        self.event_edit = QLineEdit(str(trigger.get("event") or "") if trigger.get("type") == "event" else "")
        self.event_edit.setPlaceholderText(self.tr("event that starts it, e.g. cart_add (optional)"))
        form.addRow(self.tr("Event"), self.event_edit)
        self.props_edit = QLineEdit()
        self.props_edit.setPlaceholderText(self.tr('properties as JSON, e.g. {"cart_url": "https://shop.example/c/1"}'))
        form.addRow(self.tr("Properties"), self.props_edit)
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(30)
        self.days.setSuffix(self.tr(" days"))
        form.addRow(self.tr("Walk for"), self.days)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.run_button = QPushButton(self.tr("Walk the flow"))
        self.run_button.setMinimumWidth(140)
        self.run_button.setObjectName("TestContactRun")
        self.run_button.clicked.connect(self.run)
        row.addWidget(self.run_button)
        self.status = QLabel(self.tr("Nothing is sent; the project is unchanged."))
        self.status.setProperty("role", "hint")
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.messages = QListWidget()
        self.messages.setObjectName("TestContactMessages")
        self.messages.setWordWrap(True)
        layout.addWidget(self.messages, 1)

    def contact(self) -> str:
        data = self.contact_box.currentData()
        text = self.contact_box.currentText().split(" — ")[0].strip()
        return str(data) if data and self.contact_box.currentText().startswith(str(data)) else text

    def events(self) -> list[dict[str, Any]]:
        """The event to play at the start (InputError-like ValueError on bad JSON)."""
        name = self.event_edit.text().strip()
        if not name:
            return []
        props = json.loads(self.props_edit.text()) if self.props_edit.text().strip() else {}
        if not isinstance(props, dict):
            raise ValueError(self.tr("properties must be a JSON object"))
        return [{"name": name, "props": props, "at": "PT0S"}]

    def run(self) -> None:
        """Save the draft, then simulate on the bridge's thread."""
        try:
            events = self.events()
        except ValueError as exc:
            self.status.setText(self.tr("Properties: {exc}").format(exc=exc))
            return
        self.run_button.setEnabled(False)
        self.status.setText(self.tr("Walking…"))
        editor = self.editor
        editor._save_then(lambda: editor._call(editor.bridge.api.simulate, editor.flow_id, self.contact(), events,
                                               days=self.days.value(),
            on_done=self.show_result, on_error=self._failed))

    def _failed(self, error: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.status.setText(str(error))

    def show_result(self, result: dict[str, Any]) -> None:
        """List the messages and light the path on the canvas."""
        self.result = result
        self.run_button.setEnabled(True)
        overlay_of(self.editor).show_path(result)
        self.messages.clear()
        names = self.editor.step_names()
        for message in result["messages"]:
            item = QListWidgetItem(message_line(message, result["start"], names))
            item.setToolTip(self.tr("Step id: {step}").format(step=message["step"]))
            self.messages.addItem(item)
        self.status.setText(self.summary(result, names))
        waiting = [w["step"] for w in result["waiting"]]
        self.status.setToolTip(self.tr("Waiting at step id(s): {steps}").format(steps=", ".join(waiting))
                               if waiting else "")

    def summary(self, result: dict[str, Any], names: dict[str, str]) -> str:
        """The walk in a sentence: messages, steps lit, how the contact left, where it still waits
        (by step name; the ids are the status's tooltip)."""
        reason = result.get("exit_reason") or ""
        ending = {"goal": self.tr("left by the goal"), "completed": self.tr("reached the end")}.get(
            reason, status_word(reason))
        waiting = [names.get(w["step"]) or w["step"] for w in result["waiting"]]
        quoted = ", ".join(self.tr("“{name}”").format(name=n) for n in waiting)
        still = self.tr("; still waiting at {steps}").format(steps=quoted) if waiting else ""
        return self.tr("{contact}: {messages}, {steps} lit{ending}{still}.").format(
            contact=result["contact"], messages=counted(len(result["messages"]), "message"),
            steps=counted(len({p["step"] for p in result["path"]}), "step"),
            ending="; " + ending if ending else "", still=still)


class RehearseDialog(QDialog):
    """Run the flow over the next N days on a copy; predicted counts on the canvas, a table per day."""

    def __init__(self, editor: FlowEditorWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or editor)
        self.setObjectName("RehearseDialog")
        self.setWindowTitle(self.tr("Rehearse “{name}”").format(name=editor.document.flow.name))
        self.resize(1040, 540)  # room for every channel and the delivery-policy columns
        self.editor = editor
        self.report: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Next")))
        self.days = QSpinBox()
        self.days.setRange(1, 90)
        self.days.setValue(7)
        self.days.setSuffix(self.tr(" days"))
        row.addWidget(self.days)
        row.addWidget(QLabel(self.tr("if")))
        self.conversion = QDoubleSpinBox()
        self.conversion.setObjectName("RehearseConversion")
        self.conversion.setRange(0.0, 100.0)
        self.conversion.setDecimals(1)
        self.conversion.setValue(5.0)
        self.conversion.setSuffix(self.tr(" % convert"))
        self.conversion.setToolTip(self.tr("The goal exits to expect if this share of the entries converts"))
        row.addWidget(self.conversion)
        self.run_button = QPushButton(self.tr("Rehearse"))
        self.run_button.setObjectName("RehearseRun")
        self.run_button.setMinimumWidth(self.run_button.sizeHint().width() + 24)  # never "ehearse" when squeezed
        self.run_button.clicked.connect(self.run)
        row.addWidget(self.run_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.totals = QLabel(self.tr("The last N days' events replay on a copy of the contacts. Nothing is sent."))
        self.totals.setObjectName("RehearseTotals")
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("RehearseDays")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)

    def run(self) -> None:
        """Save the draft, then rehearse on the bridge's thread."""
        self.run_button.setEnabled(False)
        self.totals.setText(self.tr("Rehearsing…"))
        editor = self.editor
        editor._save_then(lambda: editor._call(editor.bridge.api.rehearse, editor.flow_id, self.days.value(),
                                               self.conversion.value() / 100,
                                               on_done=self.show_report,
                                               on_error=lambda e: (self.run_button.setEnabled(True),
                                                                   dialogs.show_error(self, self.tr("Could not rehearse"), e))))

    def show_report(self, report: dict[str, Any]) -> None:
        """Paint predictions on the canvas and fill the per-day table."""
        self.report = report
        self.run_button.setEnabled(True)
        overlay_of(self.editor).show_predictions(report)
        totals = report["totals"]
        messages = ", ".join(f"{n} {ch}" for ch, n in sorted(totals["messages"].items())) or self.tr("no messages")
        expected = (self.tr(" At {v0:.1%} conversion, expect about {v1:g} goal exits.").format(v0=totals['assumed_conversion'],
                v1=totals['expected_goal_exits']) if "expected_goal_exits" in totals else "")
        self.totals.setText(self.tr("Predicted over {v0} days: {v1} entries, {messages}, {v2} leave by the goal in the "
                                    "replayed events ({v3:.0%}), {v4} still inside at the end. Quiet hours hold {v5} "
                                    "message(s); frequency caps delay {v6} and skip {v7}.{expected}").format(v0=report['days'],
                                            v1=totals['entered'], messages=messages, v2=totals['exited_goal'],
                                                    v3=totals['conversion'], v4=totals['active_at_end'],
                                                        v5=totals['held_quiet_hours'], v6=totals['delayed_by_cap'],
                                                            v7=totals['skipped_by_cap'], expected=expected))
        channels = [ch for ch in CHANNELS if any(ch in d["messages"] for d in report["per_day"])]
        policy = [self.tr("Held (quiet hours)"), self.tr("Delayed (caps)"), self.tr("Skipped (caps)")]
        headers = [self.tr("Day"), self.tr("Entered"), *map(channel_name, channels), *policy,
                   self.tr("Goal exits"), self.tr("Expected goal exits")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(report["per_day"]))
        for r, day in enumerate(report["per_day"]):
            values = [day["date"], day["entered"], *(day["messages"].get(ch, 0) for ch in channels),
                      day["held_quiet_hours"], day["delayed_by_cap"], day["skipped_by_cap"],
                      day["exited"].get("goal", 0), f"{day.get('expected_goal_exits', 0):g}"]
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
