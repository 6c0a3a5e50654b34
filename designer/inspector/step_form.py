"""The form of one step, generated from its type's ``ConfigField`` list.

Every edit becomes a :class:`~designer.commands.SetStepConfigCommand` on the document's undo
stack. Keystrokes in one field merge into one command; moving to another field (or a click on
a combo box, checkbox, button) starts a new one. An editor that reports an ``error()`` (A/B
shares not summing to 100) shows it and nothing is pushed until it is fixed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from designer.commands import SetStepConfigCommand
from designer.document import FlowDocument
from designer.inspector.catalog import ProjectCatalog
from designer.inspector.condition import ConditionEditor
from designer.inspector.fields import (
    BoolEditor,
    ChoiceEditor,
    DurationEditor,
    EventNameEditor,
    FieldEditor,
    MultilineEditor,
    NumberEditor,
    TagsEditor,
    TextEditor,
    TimeOfDayEditor,
    WeekdaysEditor,
)
from designer.inspector.lists import (
    ABGroupsEditor,
    ButtonsEditor,
    ChannelContentEditor,
    ChannelListEditor,
    ChannelRulesEditor,
    FlowsEditor,
    KeyValueEditor,
    WaTemplateEditor,
)
from designer.inspector.template import TemplateEditor
from runtime.service import ConfigField, get_step_type


def get_path(config: dict[str, Any], key: str) -> Any:
    """The value at a dotted ``key`` (``until.time``), or None."""
    target: Any = config
    for part in key.split("."):
        if not isinstance(target, dict) or part not in target:
            return None
        target = target[part]
    return target


def set_path(config: dict[str, Any], key: str, value: Any) -> None:
    """Set (or, for None, remove) the value at a dotted ``key``; empty parents are dropped."""
    *parents, last = key.split(".")
    chain = [config]
    target = config
    for part in parents:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            if value is None:
                return
            nxt = {}
            target[part] = nxt
        target = nxt
        chain.append(target)
    if value is None:
        target.pop(last, None)
    else:
        target[last] = value
    for part, parent in zip(reversed(parents), reversed(chain[:-1]), strict=True):
        if parent.get(part) == {}:
            parent.pop(part)


def suggestions(field: ConfigField, catalog: ProjectCatalog) -> list[str]:
    """The project names a list field offers (its ``suggest``: contact fields, else tags)."""
    return catalog.fields if field.suggest == "fields" else catalog.tags


#: field kind -> its editor (a kind not listed gets a plain text box)
_EDITORS: dict[str, Callable[[ConfigField, ProjectCatalog], FieldEditor]] = {
    "template": lambda f, c: TemplateEditor(c, single_line=f.single_line),
    "multiline": lambda f, c: MultilineEditor(),
    "duration": lambda f, c: DurationEditor(optional=True),
    "time_of_day": lambda f, c: TimeOfDayEditor(),
    "weekdays": lambda f, c: WeekdaysEditor(),
    "condition": lambda f, c: ConditionEditor(c),
    "ab_groups": lambda f, c: ABGroupsEditor(),
    "tags": lambda f, c: TagsEditor(suggestions(f, c)),
    "channels": lambda f, c: ChannelListEditor(),
    "channel_rules": lambda f, c: ChannelRulesEditor(c),
    "key_values": lambda f, c: KeyValueEditor(numeric=f.numeric),
    "flows": lambda f, c: FlowsEditor(c),
    "choice": lambda f, c: ChoiceEditor(f.choices, required=f.required),
    "buttons": lambda f, c: ButtonsEditor(),
    "number": lambda f, c: NumberEditor(),
    "bool": lambda f, c: BoolEditor(f.label, tristate=f.default is None),
    "event_name": lambda f, c: EventNameEditor(c.events),
    "wa_template": lambda f, c: WaTemplateEditor(),
    "channel_content": lambda f, c: ChannelContentEditor(c),
    "url": lambda f, c: TextEditor("https://…"),
}


def make_editor(field: ConfigField, catalog: ProjectCatalog) -> FieldEditor:
    """The editor widget for one registry field."""
    make = _EDITORS.get(field.kind)
    return make(field, catalog) if make is not None else TextEditor()


class StepForm(QWidget):
    """The config form of one step of ``document``."""

    def __init__(self, document: FlowDocument, step_id: str, catalog: ProjectCatalog,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StepForm")
        self.document = document
        self.step_id = step_id
        self.catalog = catalog
        step = document.require_step(step_id)
        self.step_type = get_step_type(step.type)
        self.editors: dict[str, FieldEditor] = {}
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        self.errors: dict[str, QLabel] = {}
        self._last_key: str | None = None
        self._pushing = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.mode_group: QButtonGroup | None = None
        self.modes = self.step_type.modes
        if self.modes:
            outer.addLayout(self._mode_buttons())
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(4)
        outer.addLayout(self.form)
        for field in self.step_type.fields:
            self._add_field(field)
        self.load()
        document.step_changed.connect(self._step_changed)
        catalog.changed.connect(self._catalog_changed)

    # -- building ------------------------------------------------------------------------------

    def _add_field(self, field: ConfigField) -> None:
        editor = make_editor(field, self.catalog)
        editor.setObjectName(f"field_{field.key.replace('.', '_')}")
        editor.setToolTip(field.help)
        label = QLabel(field.label + (" *" if field.required else ""))
        label.setProperty("role", "section")
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 6)
        column.setSpacing(2)
        column.addWidget(editor)
        # a duration is edited as number + unit, so ISO examples ("e.g. PT1H") would only confuse
        if field.help and field.kind not in ("bool",) and not (field.kind == "duration" and "PT" in field.help):
            hint = QLabel(field.help)
            hint.setProperty("role", "hint")
            hint.setWordWrap(True)
            column.addWidget(hint)
        error = QLabel()
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.form.addRow(label, cell)
        self.editors[field.key] = editor
        self.rows[field.key] = (label, cell)
        self.errors[field.key] = error
        editor.edited.connect(lambda typing, key=field.key: self._edited(key, typing))

    def _mode_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for mode in self.modes:
            button = QRadioButton(mode.label)
            button.setObjectName(f"mode_{mode.name}")
            self.mode_group.addButton(button)
            self.mode_buttons[mode.name] = button
            row.addWidget(button)
            button.clicked.connect(lambda _c=False, m=mode.name: self.set_mode(m))
        row.addStretch(1)
        return row

    def mode(self) -> str | None:
        """The mode the step's config is in (a wait: duration, until or event), None without modes."""
        return self.step_type.mode_of(self.document.require_step(self.step_id).config)

    def set_mode(self, name: str) -> None:
        """Switch the step to another of its type's modes (the other modes' keys are cleared)."""
        if name == self.mode():
            self._show_mode_fields(name)
            return
        config = copy.deepcopy(self.document.require_step(self.step_id).config)
        for mode in self.modes:
            for key in (*mode.keys, *mode.defaults):
                config.pop(key.split(".")[0], None)
        chosen = next(m for m in self.modes if m.name == name)
        for key, default in copy.deepcopy(chosen.defaults).items():
            field = self.step_type.field(key)
            if field is not None and field.kind == "event_name" and self.catalog.events:
                default = self.catalog.events[0]  # an event the project knows
            config[key] = default
        self._push(config, merge=False)
        self.load()  # the new mode's editors show its defaults

    def _show_mode_fields(self, name: str) -> None:
        if self.mode_group is None:
            return
        self.mode_buttons[name].setChecked(True)
        visible = next(m.keys for m in self.modes if m.name == name)
        for key, (label, cell) in self.rows.items():
            shown = key in visible or not any(key in m.keys for m in self.modes)
            label.setVisible(shown)
            cell.setVisible(shown)

    # -- syncing -------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the step's current config in every editor (emits nothing)."""
        config = self.document.require_step(self.step_id).config
        for key, editor in self.editors.items():
            editor.set_value(get_path(config, key))
            self._show_error(key, "")
        if self.mode_group is not None:
            self._show_mode_fields(self.mode() or "")

    def _step_changed(self, step_id: str) -> None:
        if step_id == self.step_id and not self._pushing and self.document.step(step_id) is not None:
            self.load()

    def _catalog_changed(self) -> None:
        """The project's names arrived: refill pickers and completers (emits nothing)."""
        for key, editor in self.editors.items():
            if isinstance(editor, EventNameEditor):
                editor.set_events(self.catalog.events)
            elif isinstance(editor, TagsEditor):
                field = self.step_type.field(key)
                if field is not None:
                    editor.set_completions(suggestions(field, self.catalog))

    def _show_error(self, key: str, message: str) -> None:
        label = self.errors[key]
        label.setText(message)
        label.setVisible(bool(message))

    def _edited(self, key: str, typing: bool) -> None:
        editor = self.editors[key]
        problem = editor.error()
        self._show_error(key, problem)
        if problem:
            return  # refused: the document keeps the last good value
        config = copy.deepcopy(self.document.require_step(self.step_id).config)
        set_path(config, key, editor.value())
        merge = typing and self._last_key == key
        self._last_key = key if typing else None
        self._push(config, merge=merge)

    def _push(self, config: dict[str, Any], merge: bool) -> None:
        if config == self.document.require_step(self.step_id).config:
            return
        self._pushing = True
        try:
            command = SetStepConfigCommand(self.document, self.step_id, config, merge=True)
            if not merge:
                # a new undo step: a non-mergeable command ends the merge chain of the last one
                command.merge = False
            self.document.push(command)
            if not merge:
                command.merge = True  # later keystrokes in this field may merge into it
        finally:
            self._pushing = False
        if self.mode_group is not None:
            self._show_mode_fields(self.mode() or "")
