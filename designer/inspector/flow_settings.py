"""The flow's own settings, shown when no step is selected: trigger, entry, goal, delivery.

Each section writes one flow attribute (``trigger``, ``entry``, ``goal``, ``settings``, ``name``,
``description``) through :class:`~designer.commands.SetFlowAttrCommand`, so typing merges into
one undo step and undo restores the form.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from designer.channel_names import CHANNEL_NAMES
from designer.commands import SetFlowAttrCommand
from designer.document import FlowDocument
from designer.i18n import tr_label
from designer.inspector.catalog import ProjectCatalog
from designer.inspector.condition import ConditionEditor
from designer.inspector.fields import DurationEditor, EventNameEditor
from designer.inspector.phrase_test import PhraseTestBox
from runtime.service import INBOUND_CHANNELS

TRIGGER_TYPES = (
    ("event", QT_TRANSLATE_NOOP("labels", "An event happens")),
    ("tag_added", QT_TRANSLATE_NOOP("labels", "A tag is added")),
    ("segment", QT_TRANSLATE_NOOP("labels", "Contact matches a segment")),
    ("date", QT_TRANSLATE_NOOP("labels", "A date comes round (birthday…)")),
    ("message", QT_TRANSLATE_NOOP("labels", "An inbound message matches")),
    ("link", QT_TRANSLATE_NOOP("labels", "Contact joins through a link")),
    ("manual", QT_TRANSLATE_NOOP("labels", "Added by hand (operators, CLI)")),
)
SEGMENT_MODES = (("once", QT_TRANSLATE_NOOP("labels", "Once, at activation")), ("realtime", QT_TRANSLATE_NOOP("labels",
        "Whenever they start matching")),
                 ("cron", QT_TRANSLATE_NOOP("labels", "Re-checked on a schedule")))
MESSAGE_CHANNELS = ("any", *(str(c) for c in INBOUND_CHANNELS))
MESSAGE_MATCHES = ("exact", "contains", "regex", "similar")
MATCH_LABELS = {"exact": QT_TRANSLATE_NOOP("labels", "is exactly"), "contains": QT_TRANSLATE_NOOP("labels", "contains"),
        "regex": QT_TRANSLATE_NOOP("labels", "matches the pattern"),
                "similar": QT_TRANSLATE_NOOP("labels", "means the same")}
TRIGGER_CHANNELS = {"any": QT_TRANSLATE_NOOP("labels", "Any"), **CHANNEL_NAMES}  # "message" trigger's channel choice
FILTERED_TRIGGERS = ("event", "message", "link")  # trigger types with an event to filter on
REPEAT_CHOICES = (("once", QT_TRANSLATE_NOOP("labels", "Only once, ever")), ("always", QT_TRANSLATE_NOOP("labels",
        "Every time the trigger fires")),
                  ("cooldown", QT_TRANSLATE_NOOP("labels", "Again after a cooldown")))
GOAL_KINDS = (("", QT_TRANSLATE_NOOP("labels", "No goal")), ("event", QT_TRANSLATE_NOOP("labels", "An event happens")),
        ("condition", QT_TRANSLATE_NOOP("labels", "A condition becomes true")))


def _combo(items: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    for data, label in items:
        combo.addItem(tr_label(label), data)
    return combo


def _select(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    # labels above their fields: the inspector is narrow and rows must never clip
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setVerticalSpacing(6)
    return form


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


class FlowSettingsForm(QWidget):
    """Name, description, trigger, entry rules, goal, quiet hours, caps and max lateness."""

    def __init__(self, document: FlowDocument, catalog: ProjectCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FlowSettingsForm")
        self.document = document
        self.catalog = catalog
        self._loading = False
        self._pushing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self._flow_box())
        layout.addWidget(self._trigger_box())
        layout.addWidget(self._entry_box())
        layout.addWidget(self._goal_box())
        layout.addWidget(self._delivery_box())
        layout.addStretch(1)
        self.load()
        document.flow_changed.connect(self._flow_changed)
        document.reset.connect(self.load)
        catalog.changed.connect(self._catalog_changed)

    def _catalog_changed(self) -> None:
        """The project's names arrived: refill the pickers, showing the same values."""
        self._loading = True
        try:
            self.t_event.set_events(self.catalog.events)
            self.goal_event.set_events(self.catalog.events)
        finally:
            self._loading = False
        self.load()

    # -- sections ------------------------------------------------------------------------------

    def _flow_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Flow"))
        form = _form()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("FlowNameField")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("FlowDescriptionField")
        self.description_edit.setFixedHeight(60)
        self.description_edit.setPlaceholderText(self.tr("What this flow does, for your colleagues"))
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Description"), self.description_edit)
        box.setLayout(form)
        self.name_edit.textEdited.connect(lambda t: self._push("name", t.strip() or self.document.flow.name))
        self.description_edit.textChanged.connect(lambda: self._push("description", self.description_edit.toPlainText()))
        return box

    def _trigger_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Trigger — when does a contact enter?"))
        column = QVBoxLayout()
        self.trigger_type = _combo([("", self.tr("No trigger yet — choose one")), *TRIGGER_TYPES])
        self.trigger_type.setObjectName("TriggerType")
        column.addWidget(self.trigger_type)
        self._trigger_widgets()
        column.addLayout(self._trigger_form())
        self.trigger_hint = _hint("")
        column.addWidget(self.trigger_hint)
        box.setLayout(column)
        for signal in (self.trigger_type.currentIndexChanged, self.t_event.edited, self.t_tag.editTextChanged,
                       self.t_field.editTextChanged, self.t_offset.valueChanged, self.t_time.timeChanged,
                       self.t_mode.currentIndexChanged, self.t_cron.textEdited, self.t_channel.currentIndexChanged,
                       self.t_match.currentIndexChanged, self.t_text.textEdited, self.t_from.currentIndexChanged,
                       self.t_synonyms.textEdited, self.t_payload.textEdited, self.t_condition.edited,
                       self.t_filter_on.toggled, self.t_filter.edited):
            signal.connect(lambda *_args: self._trigger_edited())
        return box

    def _trigger_widgets(self) -> None:
        """One editor per trigger setting; the form shows those of the chosen trigger type."""
        self.t_event = EventNameEditor(self.catalog.events)
        self.t_event.setObjectName("TriggerEvent")
        self.t_tag = QComboBox()
        self.t_tag.setEditable(True)
        self.t_tag.setObjectName("TriggerTag")
        self.t_field = QComboBox()
        self.t_field.setEditable(True)
        self.t_offset = QSpinBox()
        self.t_offset.setRange(-365, 365)
        self.t_offset.setSuffix(self.tr(" days"))
        self.t_offset.setToolTip(self.tr("Negative: before the date (e.g. -1 = the day before)"))
        self.t_time = QTimeEdit(QTime(10, 0))
        self.t_time.setDisplayFormat("HH:mm")
        self.t_mode = _combo(SEGMENT_MODES)
        self.t_cron = QLineEdit()
        self.t_cron.setPlaceholderText(self.tr("0 9 * * 1  (minute hour day month weekday)"))
        self.t_channel = _combo([(c, TRIGGER_CHANNELS.get(c, c)) for c in MESSAGE_CHANNELS])
        self.t_match = _combo([(m, MATCH_LABELS.get(m, m)) for m in MESSAGE_MATCHES])
        self.t_text = QLineEdit()
        self.t_text.setPlaceholderText(self.tr("keyword, e.g. price"))
        self.t_from = _combo([("contact", self.tr("the contact")), ("operator", self.tr("an operator (Telegram Business)"))])
        self.t_synonyms = QLineEdit()
        self.t_synonyms.setObjectName("TriggerSynonyms")
        self.t_synonyms.setPlaceholderText(self.tr("same meaning, comma-separated: благодарю, спс"))
        self.t_phrase = PhraseTestBox(self.trigger_value)
        self._trigger_kept: dict[str, Any] = {}  # keys this form does not edit (account, language)
        self.t_payload = QLineEdit()
        self.t_payload.setPlaceholderText(self.tr("start payload or invite link name (empty: any)"))
        self.t_condition = ConditionEditor(self.catalog)
        self.t_condition.setObjectName("TriggerCondition")
        self.t_filter_on = QCheckBox(self.tr("Only when the event also matches…"))
        self.t_filter = ConditionEditor(self.catalog)

    def _trigger_form(self) -> QFormLayout:
        """The trigger settings as form rows, each tagged with the trigger types it belongs to."""
        form = _form()
        self.trigger_rows: dict[str, list[QWidget]] = {}

        def row(label: str, widget: QWidget, *kinds: str) -> None:
            lab = QLabel(label)
            form.addRow(lab, widget)
            for kind in kinds:
                self.trigger_rows.setdefault(kind, []).extend([lab, widget])

        row(self.tr("Event"), self.t_event, "event")
        row(self.tr("Tag"), self.t_tag, "tag_added")
        row(self.tr("Contacts where"), self.t_condition, "segment")
        row(self.tr("Check"), self.t_mode, "segment")
        row(self.tr("Schedule"), self.t_cron, "segment_cron")
        row(self.tr("Date field"), self.t_field, "date")
        row(self.tr("Offset"), self.t_offset, "date")
        row(self.tr("At"), self.t_time, "date")
        row(self.tr("Channel"), self.t_channel, "message")
        row(self.tr("Match"), self.t_match, "message")
        row(self.tr("Keyword"), self.t_text, "message")
        row(self.tr("Sent by"), self.t_from, "message")
        row(self.tr("Synonyms"), self.t_synonyms, "message")
        row(self.tr("Test a phrase"), self.t_phrase, "message")
        row(self.tr("Payload"), self.t_payload, "link")
        row("", self.t_filter_on, *FILTERED_TRIGGERS)
        row("", self.t_filter, "event_filter")
        return form

    def _entry_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Entry rules"))
        form = _form()
        self.repeat = _combo(REPEAT_CHOICES)
        self.repeat.setObjectName("EntryRepeat")
        self.cooldown = DurationEditor(optional=False)
        self.cooldown.set_value("P30D")
        form.addRow(self.tr("Can enter"), self.repeat)
        form.addRow(self.cooldown)
        self.exclude_on = QCheckBox(self.tr("Keep out contacts who match…"))
        self.exclude_on.setObjectName("ExcludeToggle")
        self.exclude = ConditionEditor(self.catalog)
        form.addRow(self.exclude_on)
        form.addRow(self.exclude)
        self.start_on = QCheckBox(self.tr("Start at"))
        self.start_at = QDateTimeEdit()
        self.end_on = QCheckBox(self.tr("End at"))
        self.end_at = QDateTimeEdit()
        for edit in (self.start_at, self.end_at):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setTimeZone(QTimeZone.utc())
            edit.setDateTime(QDateTime.currentDateTimeUtc())
        form.addRow(self.start_on, self.start_at)
        form.addRow(self.end_on, self.end_at)
        form.addRow(_hint(self.tr("Times are UTC. A contact is never in this flow twice at the same time.")))
        box.setLayout(form)
        self.repeat.currentIndexChanged.connect(lambda _i: self._entry_edited())
        self.cooldown.edited.connect(lambda _t: self._entry_edited())
        self.exclude_on.toggled.connect(lambda _b: self._entry_edited())
        self.exclude.edited.connect(lambda _t: self._entry_edited())
        for w in (self.start_on, self.end_on):
            w.toggled.connect(lambda _b: self._entry_edited())
        for w in (self.start_at, self.end_at):
            w.dateTimeChanged.connect(lambda _d: self._entry_edited())
        return box

    def _goal_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Goal — when has a contact converted?"))
        form = _form()
        self.goal_kind = _combo(GOAL_KINDS)
        self.goal_kind.setObjectName("GoalKind")
        self.goal_event = EventNameEditor(self.catalog.events)
        self.goal_event.setObjectName("GoalEvent")
        self.goal_condition = ConditionEditor(self.catalog)
        self.goal_within = DurationEditor(optional=True)
        self.goal_within.setObjectName("GoalWithin")
        form.addRow(self.tr("Goal"), self.goal_kind)
        self.goal_event_label = QLabel(self.tr("Event"))
        form.addRow(self.goal_event_label, self.goal_event)
        form.addRow(self.goal_condition)
        self.goal_within_label = QLabel(self.tr("Within"))
        form.addRow(self.goal_within_label, self.goal_within)
        self.goal_hint = _hint(self.tr("A contact who reaches the goal leaves the flow at once (exit reason: goal)."))
        form.addRow(self.goal_hint)
        box.setLayout(form)
        self.goal_kind.currentIndexChanged.connect(lambda _i: self._goal_edited())
        self.goal_event.edited.connect(lambda _t: self._goal_edited())
        self.goal_condition.edited.connect(lambda _t: self._goal_edited())
        self.goal_within.edited.connect(lambda _t: self._goal_edited())
        return box

    def _delivery_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Delivery"))
        form = _form()
        self.quiet_on = QCheckBox(self.tr("Quiet hours from"))
        self.quiet_on.setObjectName("QuietHoursToggle")
        self.quiet_from = QTimeEdit(QTime(21, 0))
        self.quiet_to = QTimeEdit(QTime(8, 0))
        for edit in (self.quiet_from, self.quiet_to):
            edit.setDisplayFormat("HH:mm")
        quiet = QWidget()
        ql = QHBoxLayout(quiet)
        ql.setContentsMargins(0, 0, 0, 0)
        ql.addWidget(self.quiet_from)
        ql.addWidget(QLabel("to"))
        ql.addWidget(self.quiet_to)
        ql.addStretch(1)
        form.addRow(self.quiet_on, quiet)
        self.cap_day = QSpinBox()
        self.cap_day.setRange(0, 1000)
        self.cap_day.setSpecialValueText(self.tr("no limit"))
        self.cap_week = QSpinBox()
        self.cap_week.setRange(0, 1000)
        self.cap_week.setSpecialValueText(self.tr("no limit"))
        for spin, label in ((self.cap_day, self.tr("Messages a day, at most")), (self.cap_week,
                self.tr("Messages a week, at most"))):
            row = QWidget()
            rl = QHBoxLayout(row)
            rl.setContentsMargins(0, 0, 0, 0)
            rl.addWidget(spin)
            rl.addStretch(1)
            form.addRow(label, row)
        self.max_lateness = DurationEditor(optional=True)
        self.max_lateness.setObjectName("MaxLateness")
        form.addRow(self.tr("Skip steps late by"), self.max_lateness)
        form.addRow(_hint(self.tr("Quiet hours are in each contact's time zone. After downtime, steps run late in "
                          "order; with a limit, steps later than that are skipped and logged.")))
        box.setLayout(form)
        self.quiet_on.toggled.connect(lambda _b: self._settings_edited())
        self.quiet_from.timeChanged.connect(lambda _t: self._settings_edited())
        self.quiet_to.timeChanged.connect(lambda _t: self._settings_edited())
        self.cap_day.valueChanged.connect(lambda _v: self._settings_edited())
        self.cap_week.valueChanged.connect(lambda _v: self._settings_edited())
        self.max_lateness.edited.connect(lambda _t: self._settings_edited())
        return box

    # -- loading -------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the document's flow attributes (emits nothing)."""
        self._loading = True
        try:
            flow = self.document.flow
            if self.name_edit.text() != flow.name:
                self.name_edit.setText(flow.name)
            if self.description_edit.toPlainText() != (flow.description or ""):
                self.description_edit.setPlainText(flow.description or "")
            self._load_trigger(flow.trigger or {})
            self._load_entry(flow.entry or {})
            self._load_goal(flow.goal or {})
            self._load_settings(flow.settings or {})
        finally:
            self._loading = False

    def _load_trigger(self, trigger: dict[str, Any]) -> None:
        kind = trigger.get("type", "")
        _select(self.trigger_type, kind)
        self.t_tag.clear()
        self.t_tag.addItems(self.catalog.tags)
        self.t_tag.setEditText(str(trigger.get("tag") or ", ".join(trigger.get("tags") or [])))
        self.t_field.clear()
        self.t_field.addItems(self.catalog.fields)
        self.t_field.setEditText(str(trigger.get("field", "birthday")))
        self.t_event.set_value(trigger.get("event"))
        offset = trigger.get("offset")
        days = int(trigger.get("offset_days") or 0)
        if isinstance(offset, str) and offset.strip("-").startswith("P") and offset.endswith("D"):
            try:
                days = int(offset.strip("-")[1:-1]) * (-1 if offset.startswith("-") else 1)
            except ValueError:
                pass
        self.t_offset.setValue(days)
        time = QTime.fromString(str(trigger.get("time", "10:00")), "HH:mm")
        self.t_time.setTime(time if time.isValid() else QTime(10, 0))
        _select(self.t_mode, trigger.get("mode", "once"))
        self.t_cron.setText(str(trigger.get("cron", "")))
        _select(self.t_channel, trigger.get("channel", "any"))
        _select(self.t_match, trigger.get("match", "exact"))
        self.t_text.setText(str(trigger.get("text", "")))
        _select(self.t_from, trigger.get("from", "contact"))
        self.t_synonyms.setText(", ".join(str(x) for x in trigger.get("synonyms") or []))
        self._trigger_kept = {k: trigger[k] for k in ("account", "language") if k in trigger}
        self.t_payload.setText(str(trigger.get("payload", "")))
        self.t_condition.set_value(trigger.get("condition"))
        self.t_filter_on.setChecked("filter" in trigger)
        self.t_filter.set_value(trigger.get("filter"))
        self._show_trigger_rows(kind)

    def _show_trigger_rows(self, kind: str) -> None:
        shown = {kind}
        if kind == "segment" and self.t_mode.currentData() == "cron":
            shown.add("segment_cron")
        if kind in FILTERED_TRIGGERS and self.t_filter_on.isChecked():
            shown.add("event_filter")
        visible: dict[int, tuple[QWidget, bool]] = {}
        for key, widgets in self.trigger_rows.items():
            for w in widgets:  # a row shared by several trigger types shows when any of them does
                visible[id(w)] = (w, visible.get(id(w), (w, False))[1] or key in shown)
        for w, on in visible.values():
            w.setVisible(on)
        hints = {
            "": self.tr("Without a trigger, contacts enter only when added by hand."),
            "manual": self.tr("Operators add contacts from the contacts view, or the CLI / API does."),
            "date": self.tr("Runs every year on the contact's date at the chosen time (contact's time zone)."),
            "link": self.tr("For personal invite links and Telegram /start deep links."),
        }
        self.trigger_hint.setText(hints.get(kind, ""))
        self.trigger_hint.setVisible(kind in hints)

    def _load_entry(self, entry: dict[str, Any]) -> None:
        repeat = str(entry.get("repeat") or "once")
        if repeat in ("once", "always"):
            _select(self.repeat, repeat)
        else:
            _select(self.repeat, "cooldown")
            self.cooldown.set_value(repeat)
        self.cooldown.setVisible(self.repeat.currentData() == "cooldown")
        self.exclude_on.setChecked("exclude" in entry)
        self.exclude.set_value(entry.get("exclude"))
        self.exclude.setVisible("exclude" in entry)
        for key, check, edit in (("start_at", self.start_on, self.start_at), ("end_at", self.end_on, self.end_at)):
            value = entry.get(key)
            check.setChecked(bool(value))
            edit.setEnabled(bool(value))
            edit.setVisible(bool(value))
            if value:
                moment = QDateTime.fromString(str(value).replace("Z", "+00:00"), Qt.DateFormat.ISODate)
                if moment.isValid():
                    edit.setDateTime(moment.toUTC())

    def _load_goal(self, goal: dict[str, Any]) -> None:
        kind = "event" if "event" in goal else "condition" if "condition" in goal else ""
        _select(self.goal_kind, kind)
        self.goal_event.set_value(goal.get("event"))
        self.goal_condition.set_value(goal.get("condition"))
        self.goal_within.set_value(goal.get("within"))
        self._show_goal_rows(kind)

    def _show_goal_rows(self, kind: str) -> None:
        self.goal_event.setVisible(kind == "event")
        self.goal_event_label.setVisible(kind == "event")
        self.goal_condition.setVisible(kind == "condition")
        self.goal_within.setVisible(bool(kind))
        self.goal_within_label.setVisible(bool(kind))

    def _load_settings(self, settings: dict[str, Any]) -> None:
        quiet = settings.get("quiet_hours")
        on = isinstance(quiet, str) and "-" in quiet
        self.quiet_on.setChecked(on)
        if on:
            start, end = quiet.split("-", 1)
            self.quiet_from.setTime(QTime.fromString(start.strip(), "HH:mm"))
            self.quiet_to.setTime(QTime.fromString(end.strip(), "HH:mm"))
        self.quiet_from.setEnabled(on)
        self.quiet_to.setEnabled(on)
        caps = settings.get("caps") if isinstance(settings.get("caps"), dict) else {}
        self.cap_day.setValue(int(caps.get("per_day") or 0))
        self.cap_week.setValue(int(caps.get("per_week") or 0))
        self.max_lateness.set_value(settings.get("max_lateness"))

    def _flow_changed(self, attr: str) -> None:
        if not self._pushing:
            self.load()

    # -- writing -------------------------------------------------------------------------------

    def _push(self, attr: str, value: Any) -> None:
        if self._loading or getattr(self.document.flow, attr) == value:
            return
        self._pushing = True
        try:
            self.document.push(SetFlowAttrCommand(self.document, attr, value))
        finally:
            self._pushing = False

    def trigger_value(self) -> dict[str, Any] | None:
        kind = self.trigger_type.currentData()
        if not kind:
            return None
        out: dict[str, Any] = {"type": kind}
        if kind == "event":
            out["event"] = self.t_event.value() or ""
        elif kind == "tag_added":
            tags = [t.strip() for t in self.t_tag.currentText().split(",") if t.strip()]
            if len(tags) > 1:
                out["tags"] = tags
            else:
                out["tag"] = tags[0] if tags else ""
        elif kind == "segment":
            out["condition"] = self.t_condition.value() or {}
            out["mode"] = self.t_mode.currentData()
            if out["mode"] == "cron":
                out["cron"] = self.t_cron.text().strip()
        elif kind == "date":
            out["field"] = self.t_field.currentText().strip()
            days = self.t_offset.value()
            if days:
                out["offset"] = f"-P{-days}D" if days < 0 else f"P{days}D"
            out["time"] = self.t_time.time().toString("HH:mm")
        elif kind == "message":
            if self.t_channel.currentData() != "any":
                out["channel"] = self.t_channel.currentData()
            out["match"] = self.t_match.currentData()
            out["text"] = self.t_text.text()
            if self.t_from.currentData() != "contact":
                out["from"] = self.t_from.currentData()
            synonyms = [x.strip() for x in self.t_synonyms.text().split(",") if x.strip()]
            if synonyms:
                out["synonyms"] = synonyms
            out.update(self._trigger_kept)
        elif kind == "link" and self.t_payload.text().strip():
            out["payload"] = self.t_payload.text().strip()
        if kind in FILTERED_TRIGGERS and self.t_filter_on.isChecked():
            out["filter"] = self.t_filter.value() or {}
        return out

    def _trigger_edited(self) -> None:
        if self._loading:
            return
        kind = self.trigger_type.currentData() or ""
        self._show_trigger_rows(kind)
        self._push("trigger", self.trigger_value())
        self.t_phrase.refresh()

    def entry_value(self) -> dict[str, Any]:
        out = copy.deepcopy(self.document.flow.entry or {})
        mode = self.repeat.currentData()
        if mode == "cooldown":
            out["repeat"] = self.cooldown.value() or "P30D"
        elif mode == "always":
            out["repeat"] = "always"
        elif "repeat" in out:
            out["repeat"] = "once"  # written explicitly before: keep it written
        if self.exclude_on.isChecked():
            out["exclude"] = self.exclude.value() or {}
        else:
            out.pop("exclude", None)
        for key, check, edit in (("start_at", self.start_on, self.start_at), ("end_at", self.end_on, self.end_at)):
            if check.isChecked():
                out[key] = edit.dateTime().toUTC().toString("yyyy-MM-ddTHH:mm:00Z")
            else:
                out.pop(key, None)
        return out

    def _entry_edited(self) -> None:
        if self._loading:
            return
        self.cooldown.setVisible(self.repeat.currentData() == "cooldown")
        self.exclude.setVisible(self.exclude_on.isChecked())
        for check, edit in ((self.start_on, self.start_at), (self.end_on, self.end_at)):
            edit.setEnabled(check.isChecked())
            edit.setVisible(check.isChecked())
        self._push("entry", self.entry_value())

    def goal_value(self) -> dict[str, Any] | None:
        kind = self.goal_kind.currentData()
        if not kind:
            return None
        out: dict[str, Any] = {}
        if kind == "event":
            out["event"] = self.goal_event.value() or ""
        else:
            out["condition"] = self.goal_condition.value() or {}
        within = self.goal_within.value()
        if within:
            out["within"] = within
        return out

    def _goal_edited(self) -> None:
        if self._loading:
            return
        self._show_goal_rows(self.goal_kind.currentData() or "")
        self._push("goal", self.goal_value())

    def settings_value(self) -> dict[str, Any]:
        out = copy.deepcopy(self.document.flow.settings or {})
        if self.quiet_on.isChecked():
            out["quiet_hours"] = f"{self.quiet_from.time().toString('HH:mm')}-{self.quiet_to.time().toString('HH:mm')}"
        else:
            out.pop("quiet_hours", None)
        caps = {k: v for k, v in (("per_day", self.cap_day.value()), ("per_week", self.cap_week.value())) if v}
        if caps:
            out["caps"] = caps
        else:
            out.pop("caps", None)
        lateness = self.max_lateness.value()
        if lateness:
            out["max_lateness"] = lateness
        else:
            out.pop("max_lateness", None)
        return out

    def _settings_edited(self) -> None:
        if self._loading:
            return
        self.quiet_from.setEnabled(self.quiet_on.isChecked())
        self.quiet_to.setEnabled(self.quiet_on.isChecked())
        self._push("settings", self.settings_value())
