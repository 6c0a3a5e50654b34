"""Editors for the simple field kinds of the registry's ``ConfigField`` list.

Every editor is a :class:`FieldEditor`: ``value()`` returns the JSON value to store (``None``
means "leave the key out"), ``set_value()`` shows a value without emitting anything, and
``edited(typing)`` fires on each user change (``typing`` True while the user types, so the form
merges the keystrokes into one undo step).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from designer.fitting_combo import FittingComboBox
from designer.i18n import tr_label
from runtime.service import gettext as runtime_text
from runtime.service import parse_duration

WEEKDAYS = (QT_TRANSLATE_NOOP("labels", "Mon"), QT_TRANSLATE_NOOP("labels", "Tue"), QT_TRANSLATE_NOOP("labels", "Wed"),
        QT_TRANSLATE_NOOP("labels", "Thu"), QT_TRANSLATE_NOOP("labels", "Fri"), QT_TRANSLATE_NOOP("labels", "Sat"),
                QT_TRANSLATE_NOOP("labels", "Sun"))

# (label, ISO unit letter, in-time part?) from largest to smallest
DURATION_UNITS = ((QT_TRANSLATE_NOOP("labels", "weeks"), "W", False), (QT_TRANSLATE_NOOP("labels", "days"), "D", False),
        (QT_TRANSLATE_NOOP("labels", "hours"), "H", True),
                  (QT_TRANSLATE_NOOP("labels", "minutes"), "M", True))
_UNIT_SECONDS = {"W": 604800, "D": 86400, "H": 3600, "M": 60}


class FieldEditor(QWidget):
    """Base of every field editor (see the module docstring)."""

    edited = Signal(bool)  # typing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(6)

    def _column(self, spacing: int | None = None) -> QVBoxLayout:
        """A margin-less vertical layout inside the editor, for editors taller than one line."""
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        if spacing is not None:
            column.setSpacing(spacing)
        self.layout_.addLayout(column)
        return column

    def value(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _show(self, value: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _emit(self, typing: bool = False) -> None:
        if not self._loading:
            self.edited.emit(typing)

    def error(self) -> str:
        """Why the current input cannot be stored ('' when it can)."""
        return ""


class TextEditor(FieldEditor):
    """One line of text (also url and event_name with a completer)."""

    def __init__(self, placeholder: str = "", completions: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.layout_.addWidget(self.edit)
        if completions is not None:
            self.set_completions(completions)
        self.edit.textEdited.connect(lambda _t: self._emit(True))
        self.edit.editingFinished.connect(self._finished)

    def set_completions(self, items: list[str]) -> None:
        completer = QCompleter(items, self.edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(lambda _t: self._emit(False))
        self.edit.setCompleter(completer)

    def _finished(self) -> None:
        pass  # every keystroke was already stored; nothing more to do

    def value(self) -> Any:
        text = self.edit.text()
        return text if text.strip() else None

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.edit.text() != text:
            self.edit.setText(text)


class MultilineEditor(FieldEditor):
    """Several lines of plain text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setMinimumHeight(70)
        self.edit.setMaximumHeight(140)
        self.layout_.addWidget(self.edit)
        self.edit.textChanged.connect(lambda: self._emit(True))

    def value(self) -> Any:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.edit.toPlainText() != text:
            self.edit.setPlainText(text)


class NumberEditor(FieldEditor):
    """A number (int when whole)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(-1e9, 1e9)
        self.spin.setDecimals(2)
        self.layout_.addWidget(self.spin)
        self.layout_.addStretch(1)
        self.spin.valueChanged.connect(lambda _v: self._emit(True))

    def value(self) -> Any:
        v = self.spin.value()
        return int(v) if v == int(v) else v

    def _show(self, value: Any) -> None:
        self.spin.setValue(float(value or 0))


class BoolEditor(FieldEditor):
    """A yes/no; when the default is None a third state means "use the project's setting"."""

    def __init__(self, label: str, tristate: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tristate = tristate
        if tristate:
            self.combo = FittingComboBox()
            self.combo.addItem(self.tr("Project setting"), None)
            self.combo.addItem(self.tr("Yes"), True)
            self.combo.addItem(self.tr("No"), False)
            # never narrower than its longest choice ("Как в проекте" was cut in a narrow inspector)
            self.layout_.addWidget(self.combo)
            self.layout_.addStretch(1)
            self.combo.currentIndexChanged.connect(lambda _i: self._emit(False))
        else:
            self.check = QCheckBox(label)
            self.layout_.addWidget(self.check)
            self.check.toggled.connect(lambda _b: self._emit(False))

    def value(self) -> Any:
        if self.tristate:
            return self.combo.currentData()
        return self.check.isChecked()

    def _show(self, value: Any) -> None:
        if self.tristate:
            self.combo.setCurrentIndex({None: 0, True: 1, False: 2}.get(value if isinstance(value, bool) else None, 0))
        else:
            self.check.setChecked(bool(value))


class ChoiceEditor(FieldEditor):
    """One of a fixed list (with "—" when the field is optional)."""

    def __init__(self, choices: tuple[str, ...] | list[str], required: bool = False,
                 labels: dict[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        if not required:
            self.combo.addItem("—", None)
        for choice in choices:
            self.combo.addItem((labels or {}).get(choice) or runtime_text(choice), choice)
        self.layout_.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(lambda _i: self._emit(False))

    def value(self) -> Any:
        return self.combo.currentData()

    def _show(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0 and value is not None:
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


class EventNameEditor(FieldEditor):
    """An event name: pick one the project has seen, or type a new one."""

    def __init__(self, events: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.lineEdit().setPlaceholderText(self.tr("event name, e.g. purchase"))
        self.set_events(events)
        self.layout_.addWidget(self.combo, 1)
        self.combo.lineEdit().textEdited.connect(lambda _t: self._emit(True))
        self.combo.activated.connect(lambda _i: self._emit(False))

    def set_events(self, events: list[str]) -> None:
        current = self.combo.currentText()
        self._loading = True
        self.combo.clear()
        self.combo.addItems(events)
        self.combo.setEditText(current)
        self._loading = False

    def value(self) -> Any:
        text = self.combo.currentText().strip()
        return text or None

    def _show(self, value: Any) -> None:
        self.combo.setEditText("" if value is None else str(value))


def split_duration(text: str | None) -> tuple[int, str]:
    """(amount, unit letter) for an ISO duration, in the largest unit that divides it evenly."""
    if not text:
        return 0, "H"
    seconds = int(parse_duration(text).total_seconds())
    for _label, unit, _t in DURATION_UNITS:
        if seconds and seconds % _UNIT_SECONDS[unit] == 0:
            return seconds // _UNIT_SECONDS[unit], unit
    return max(1, seconds // 60), "M"


def make_duration(amount: int, unit: str) -> str:
    """The ISO duration of ``amount`` ``unit`` (W, D, H, M): ``make_duration(3, "D") == "P3D"``."""
    if unit in ("H", "M"):
        return f"PT{amount}{unit}"
    return f"P{amount}{unit}"


class DurationEditor(FieldEditor):
    """A duration as a number and a unit (minutes, hours, days, weeks); stored as ISO 8601."""

    def __init__(self, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.spin = QSpinBox()
        self.spin.setRange(0 if optional else 1, 100000)
        if optional:
            self.spin.setSpecialValueText("—")
        self.unit = QComboBox()
        for label, unit, _t in reversed(DURATION_UNITS):
            self.unit.addItem(tr_label(label), unit)
        self.unit.setCurrentIndex(self.unit.findData("H"))
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit.setMinimumContentsLength(7)
        self.spin.setMinimumWidth(70)
        self.layout_.addWidget(self.spin)
        self.layout_.addWidget(self.unit)
        self.layout_.addStretch(1)
        self.spin.valueChanged.connect(lambda _v: self._emit(True))
        self.unit.currentIndexChanged.connect(lambda _i: self._emit(False))

    def value(self) -> Any:
        amount = self.spin.value()
        if amount == 0:
            return None
        return make_duration(amount, self.unit.currentData())

    def _show(self, value: Any) -> None:
        try:
            amount, unit = split_duration(value if isinstance(value, str) else None)
        except ValueError:
            amount, unit = 0, "H"
        self.spin.setValue(amount)
        self.unit.setCurrentIndex(self.unit.findData(unit))


class TimeOfDayEditor(FieldEditor):
    """A time of day HH:MM (in the contact's time zone); a checkbox switches it on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(self.tr("At"))
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(9, 0))
        self.time.setEnabled(False)
        self.layout_.addWidget(self.enabled)
        self.layout_.addWidget(self.time)
        self.layout_.addStretch(1)
        self.enabled.toggled.connect(self._toggled)
        self.time.timeChanged.connect(lambda _t: self._emit(True))

    def _toggled(self, on: bool) -> None:
        self.time.setEnabled(on)
        self._emit(False)

    def value(self) -> Any:
        return self.time.time().toString("HH:mm") if self.enabled.isChecked() else None

    def _show(self, value: Any) -> None:
        on = isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d{2}", value) is not None
        self.enabled.setChecked(on)
        self.time.setEnabled(on)
        if on:
            h, m = value.split(":")
            self.time.setTime(QTime(int(h), int(m)))


class WeekdaysEditor(FieldEditor):
    """Days of the week as checkboxes; stored as ISO numbers 1 (Monday) .. 7 (Sunday)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_.setSpacing(2)
        self.boxes: list[QCheckBox] = []
        for name in WEEKDAYS:
            box = QCheckBox(tr_label(name))
            box.toggled.connect(lambda _b: self._emit(False))
            self.layout_.addWidget(box)
            self.boxes.append(box)
        self.layout_.addStretch(1)

    def value(self) -> Any:
        days = [i + 1 for i, box in enumerate(self.boxes) if box.isChecked()]
        return days or None

    def _show(self, value: Any) -> None:
        days = set(value or [])
        for i, box in enumerate(self.boxes):
            box.setChecked(i + 1 in days)


class TagsEditor(FieldEditor):
    """A list of names written comma-separated (tags, field names), with completion."""

    def __init__(self, completions: list[str], placeholder: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder if placeholder is not None else self.tr("vip, newsletter"))
        self.layout_.addWidget(self.edit)
        self.set_completions(completions)
        self.edit.textEdited.connect(lambda _t: self._emit(True))

    def set_completions(self, items: list[str]) -> None:
        completer = QCompleter(items, self.edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.edit.setCompleter(completer)

    def value(self) -> Any:
        items = [t.strip() for t in self.edit.text().split(",") if t.strip()]
        return items or None

    def _show(self, value: Any) -> None:
        text = ", ".join(str(v) for v in (value or []))
        if [t.strip() for t in self.edit.text().split(",") if t.strip()] != list(value or []):
            self.edit.setText(text)
