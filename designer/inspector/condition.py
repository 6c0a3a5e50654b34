"""The condition builder: AND/OR groups of rules, nested, with pickers of the project's data.

A condition (design.md section 3) is edited as a tree of :class:`GroupWidget` (All of / Any of /
None of) holding :class:`RuleWidget` rows (field, tag, event, days since, message) and further
groups. ``value()`` writes the smallest equivalent condition: a group of one rule is the rule.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer.fitting_combo import FittingComboBox
from designer.i18n import tr_label
from designer.inspector.catalog import ProjectCatalog
from designer.inspector.fields import FieldEditor, make_duration, split_duration

FIELD_OPS = ("=", "!=", ">", ">=", "<", "<=", "contains", "in", "is_set", "is_not_set")
OP_LABELS = {"=": QT_TRANSLATE_NOOP("labels", "is"), "!=": QT_TRANSLATE_NOOP("labels", "is not"), ">": ">", ">=": "≥", "<": "<",
        "<=": "≤", "contains": QT_TRANSLATE_NOOP("labels", "contains"),
             "in": QT_TRANSLATE_NOOP("labels", "is one of"), "is_set": QT_TRANSLATE_NOOP("labels", "is set"),
                     "is_not_set": QT_TRANSLATE_NOOP("labels", "is not set")}
COMPARE_OPS = ("=", "!=", ">", ">=", "<", "<=")
MATCH_TEXT = {"exact": QT_TRANSLATE_NOOP("labels", "is exactly"), "contains": QT_TRANSLATE_NOOP("labels", "contains"),
              "regex": QT_TRANSLATE_NOOP("labels", "matches the pattern"), "similar": QT_TRANSLATE_NOOP("labels",
                      "means the same")}
MESSAGE_MATCHES = ("exact", "contains", "regex", "similar")
RULE_KINDS = (("field", QT_TRANSLATE_NOOP("labels", "Field")), ("tag", QT_TRANSLATE_NOOP("labels", "Tag")), ("event",
        QT_TRANSLATE_NOOP("labels", "Event")), ("days_since", QT_TRANSLATE_NOOP("labels", "Days since")),
              ("message", QT_TRANSLATE_NOOP("labels", "Last message")))
GROUP_MODES = (("all", QT_TRANSLATE_NOOP("labels", "All of")), ("any", QT_TRANSLATE_NOOP("labels", "Any of")), ("none",
        QT_TRANSLATE_NOOP("labels", "None of")))
SINCE_CHOICES = (("entry", QT_TRANSLATE_NOOP("labels", "since entering the flow")), ("P1D", QT_TRANSLATE_NOOP("labels",
        "in the last day")), ("P7D", QT_TRANSLATE_NOOP("labels", "in the last 7 days")),
                 ("P30D", QT_TRANSLATE_NOOP("labels", "in the last 30 days")), ("P90D", QT_TRANSLATE_NOOP("labels",
                         "in the last 90 days")))


def _combo(items: list[tuple[Any, str]] | tuple[tuple[Any, str], ...], editable: bool = False) -> QComboBox:
    combo = FittingComboBox()  # its choice is never cut (Russian words are longer)
    combo.setEditable(editable)
    if editable:
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for data, label in items:
        combo.addItem(tr_label(label), data)
    return combo


def _select(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    if index < 0:
        combo.addItem(str(data), data)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _parse_value(text: str, op: str) -> Any:
    """A typed value: numbers stay numbers, ``in`` takes a comma list, true/false are booleans."""
    def one(t: str) -> Any:
        t = t.strip()
        low = t.lower()
        if low in ("true", "false"):
            return low == "true"
        try:
            return int(t)
        except ValueError:
            pass
        try:
            return float(t)
        except ValueError:
            return t
    if op == "in":
        return [one(t) for t in text.split(",") if t.strip()]
    return one(text)


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class RuleWidget(QFrame):
    """One rule row: a kind and the inputs of that kind."""

    edited = Signal(bool)
    remove_requested = Signal(object)

    def __init__(self, catalog: ProjectCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConditionRule")
        self.catalog = catalog
        self._loading = False
        # two lines (what / how) so the rule fits a narrow inspector without clipping
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        top = QHBoxLayout()
        top.setSpacing(4)
        bottom = QHBoxLayout()
        bottom.setSpacing(4)
        column.addLayout(top)
        column.addLayout(bottom)
        self.kind = _combo(RULE_KINDS)
        self.kind.setObjectName("RuleKind")
        top.addWidget(self.kind, 2)
        self.subject = _combo([], editable=True)  # field / tag / event / date field
        self.subject.setObjectName("RuleSubject")
        top.addWidget(self.subject, 3)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip(self.tr("Remove this rule"))
        top.addWidget(self.remove)
        self.op = QComboBox()
        self.op.setObjectName("RuleOp")
        bottom.addWidget(self.op, 2)
        self.value = QLineEdit()
        self.value.setObjectName("RuleValue")
        bottom.addWidget(self.value, 2)
        self.count = QSpinBox()
        self.count.setRange(0, 100000)
        self.count.setObjectName("RuleCount")
        bottom.addWidget(self.count)
        self.since = _combo(SINCE_CHOICES)
        self.since.setObjectName("RuleSince")
        bottom.addWidget(self.since, 3)
        # narrow by default, stretched by the layout: the inspector is narrow and must not clip
        for combo in (self.kind, self.subject, self.op, self.since):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)
        self.count.setMinimumWidth(56)
        self.setStyleSheet("QFrame#ConditionRule { border-bottom: 1px dashed #dde1e7; padding-bottom: 3px; }")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.subject.lineEdit().textEdited.connect(lambda _t: self._emit(True))
        self.subject.activated.connect(lambda _i: self._emit(False))
        self.op.currentIndexChanged.connect(self._op_changed)
        self.value.textEdited.connect(lambda _t: self._emit(True))
        self.count.valueChanged.connect(lambda _v: self._emit(True))
        self.since.currentIndexChanged.connect(lambda _i: self._emit(False))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self._configure("field")

    def _emit(self, typing: bool) -> None:
        if not self._loading:
            self.edited.emit(typing)

    def _kind_changed(self) -> None:
        if self._loading:
            return
        self._loading = True
        self._configure(self.kind.currentData())
        self._loading = False
        self._emit(False)

    def _op_changed(self) -> None:
        self.value.setVisible(self.kind.currentData() in ("field", "days_since", "message")
                              and self.op.currentData() not in ("is_set", "is_not_set"))
        self._emit(False)

    def _configure(self, kind: str) -> None:
        """Show the inputs of ``kind`` with pickers filled from the project."""
        self.subject.clear()
        self.op.clear()
        self.value.clear()
        if kind == "field":
            self.subject.addItems(self.catalog.fields)
            for op in FIELD_OPS:
                self.op.addItem(tr_label(OP_LABELS[op]), op)
            self.value.setPlaceholderText(self.tr("value"))
        elif kind == "tag":
            self.subject.addItems(self.catalog.tags)
            self.op.addItem(self.tr("has the tag"), "has")
            self.op.addItem(self.tr("does not have the tag"), "not")
        elif kind == "event":
            self.subject.addItems(self.catalog.events)
            self.op.addItem(self.tr("happened"), "happened")
            for op in COMPARE_OPS:
                self.op.addItem(self.tr("count {v0}").format(v0=tr_label(OP_LABELS[op])), op)
        elif kind == "days_since":
            dates = [f for f in self.catalog.fields if f.endswith(("_at", "date", "day")) or f == "birthday"]
            self.subject.addItems(dates or self.catalog.fields)
            for op in COMPARE_OPS:
                self.op.addItem(tr_label(OP_LABELS[op]), op)
            self.value.setPlaceholderText(self.tr("days"))
        elif kind == "message":
            for match in MESSAGE_MATCHES:
                self.op.addItem(tr_label(MATCH_TEXT.get(match, match)), match)
            self.value.setPlaceholderText("text")
        self.subject.setEditText("")
        self.subject.setVisible(kind != "message")
        self.count.setVisible(kind == "event" and self.op.currentData() != "happened")
        self.since.setVisible(kind == "event")
        self.value.setVisible(kind in ("field", "days_since", "message"))
        self.count.setValue(1)

    def set_value(self, cond: dict[str, Any], negated: bool = False) -> None:
        self._loading = True
        try:
            kind = next((k for k, _l in RULE_KINDS if k in cond), "field")
            _select(self.kind, kind)
            self._configure(kind)
            if kind == "field":
                self.subject.setEditText(str(cond.get("field", "")))
                _select(self.op, cond.get("op", "="))
                self.value.setText(_value_text(cond.get("value")))
            elif kind == "tag":
                self.subject.setEditText(str(cond.get("tag", "")))
                _select(self.op, "not" if negated else "has")
            elif kind == "event":
                self.subject.setEditText(str(cond.get("event", "")))
                op, count = cond.get("op"), cond.get("count")
                if op is None or (op == ">=" and count in (None, 1)):
                    _select(self.op, "happened")
                else:
                    _select(self.op, op)
                    self.count.setValue(int(count or 0))
                _select(self.since, cond.get("since", "entry"))
                self.count.setVisible(self.op.currentData() != "happened")
            elif kind == "days_since":
                self.subject.setEditText(str(cond.get("days_since", "")))
                _select(self.op, cond.get("op", ">"))
                self.value.setText(_value_text(cond.get("value")))
            elif kind == "message":
                msg = cond.get("message") or {}
                _select(self.op, msg.get("match", "contains"))
                self.value.setText(str(msg.get("text", "")))
            self.value.setVisible(kind in ("field", "days_since", "message")
                                  and self.op.currentData() not in ("is_set", "is_not_set"))
            # long names in a narrow box: show their start, not their end
            self.subject.lineEdit().setCursorPosition(0)
        finally:
            self._loading = False

    def condition(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        subject = self.subject.currentText().strip()
        op = self.op.currentData()
        if kind == "field":
            cond: dict[str, Any] = {"field": subject, "op": op}
            if op not in ("is_set", "is_not_set"):
                cond["value"] = _parse_value(self.value.text(), op)
            return cond
        if kind == "tag":
            return {"not": {"tag": subject}} if op == "not" else {"tag": subject}
        if kind == "event":
            cond = {"event": subject, "since": self.since.currentData()}
            if op != "happened":
                cond["op"] = op
                cond["count"] = self.count.value()
            return cond
        if kind == "days_since":
            return {"days_since": subject, "op": op, "value": _parse_value(self.value.text(), op)}
        return {"message": {"match": op, "text": self.value.text()}}

    def refresh_pickers(self) -> None:
        """Reload the subject list from the catalog, keeping what is shown (emits nothing)."""
        try:
            cond = self.condition()
        except RuntimeError:  # the row is being deleted
            return
        negated = "not" in cond and "tag" in (cond.get("not") or {})
        self.set_value(cond["not"] if negated else cond, negated)


class GroupWidget(QFrame):
    """All of / Any of / None of a list of rules and nested groups."""

    edited = Signal(bool)
    remove_requested = Signal(object)

    def __init__(self, catalog: ProjectCatalog, depth: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConditionGroup")
        self.setProperty("role", "rule-group")
        self.catalog = catalog
        self.depth = depth
        self.children_: list[QWidget] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 6, 6)
        outer.setSpacing(4)
        head = QHBoxLayout()
        self.mode = _combo(GROUP_MODES)
        self.mode.setObjectName("GroupMode")
        head.addWidget(self.mode)
        head.addStretch(1)
        self.add_rule_button = QToolButton()
        self.add_rule_button.setText(self.tr("+ Rule"))
        self.add_rule_button.setObjectName("AddRuleButton")
        head.addWidget(self.add_rule_button)
        self.add_group_button = QToolButton()
        self.add_group_button.setText(self.tr("+ Group"))
        self.add_group_button.setObjectName("AddGroupButton")
        self.add_group_button.setVisible(depth < 3)
        head.addWidget(self.add_group_button)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip(self.tr("Remove this group"))
        self.remove.setVisible(depth > 0)
        head.addWidget(self.remove)
        outer.addLayout(head)
        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        outer.addLayout(self.body)
        self.mode.currentIndexChanged.connect(lambda _i: self.edited.emit(False))
        self.add_rule_button.clicked.connect(lambda: self.add_rule(emit=True))
        self.add_group_button.clicked.connect(lambda: self.add_group(emit=True))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def add_rule(self, cond: dict[str, Any] | None = None, negated: bool = False, emit: bool = False) -> RuleWidget:
        rule = RuleWidget(self.catalog)
        if cond is not None:
            rule.set_value(cond, negated)
        self._append(rule)
        if emit:
            self.edited.emit(False)
        return rule

    def add_group(self, cond: Any = None, emit: bool = False) -> GroupWidget:
        group = GroupWidget(self.catalog, self.depth + 1)
        group.set_value(cond if cond is not None else {"any": []})
        if cond is None:
            group.add_rule()
        self._append(group)
        if emit:
            self.edited.emit(False)
        return group

    def _append(self, child: Any) -> None:
        self.children_.append(child)
        self.body.addWidget(child)
        child.edited.connect(self.edited)
        child.remove_requested.connect(self._remove_child)

    def _remove_child(self, child: QWidget) -> None:
        self.children_.remove(child)
        child.setParent(None)
        child.deleteLater()
        self.edited.emit(False)

    def clear(self) -> None:
        for child in self.children_:
            child.setParent(None)
            child.deleteLater()
        self.children_ = []

    def set_value(self, cond: Any) -> None:
        """Show ``cond`` (any condition: a bare rule becomes a group of one)."""
        self.clear()
        self.mode.blockSignals(True)
        mode, items = "all", []
        if isinstance(cond, dict) and "all" in cond:
            items = list(cond.get("all") or [])
        elif isinstance(cond, dict) and "any" in cond:
            mode, items = "any", list(cond.get("any") or [])
        elif isinstance(cond, dict) and "not" in cond and isinstance(cond["not"], dict) and (
            "any" in cond["not"] or "all" in cond["not"]
        ):
            mode, items = "none", list(cond["not"].get("any") or cond["not"].get("all") or [])
        elif cond:
            items = [cond]
        _select(self.mode, mode)
        self.mode.blockSignals(False)
        for item in items:
            self._add_item(item)

    def _add_item(self, item: Any) -> None:
        if not isinstance(item, dict):
            return
        if "all" in item or "any" in item:
            self.add_group(item)
        elif "not" in item:
            inner = item["not"]
            if isinstance(inner, dict) and "tag" in inner:
                self.add_rule(inner, negated=True)
            else:
                self.add_group({"not": {"any": [inner]}} if isinstance(inner, dict) and "all" not in inner
                               and "any" not in inner else item)
        else:
            self.add_rule(item)

    def value(self) -> Any:
        items = [c.condition() if isinstance(c, RuleWidget) else c.value() for c in self.children_]
        items = [i for i in items if i]
        mode = self.mode.currentData()
        if mode == "none":
            return {"not": {"any": items}} if items else None
        if not items:
            return None
        if len(items) == 1 and self.depth == 0 and mode == "all":
            return items[0]
        return {mode: items}

    def rules(self) -> list[RuleWidget]:
        """Every rule row in this group and its subgroups (for tests)."""
        out: list[RuleWidget] = []
        for child in self.children_:
            out.extend([child] if isinstance(child, RuleWidget) else child.rules())
        return out

    def refresh_pickers(self) -> None:
        """Reload every rule's pickers from the catalog (emits nothing)."""
        for child in list(self.children_):
            child.refresh_pickers()


class ConditionEditor(FieldEditor):
    """A :class:`FieldEditor` around one root group."""

    def __init__(self, catalog: ProjectCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        column = self._column(3)
        self.root = GroupWidget(catalog)
        self.root.setObjectName("ConditionRoot")
        column.addWidget(self.root)
        self.summary = QLabel()
        self.summary.setObjectName("ConditionSummary")
        self.summary.setProperty("role", "hint")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.root.edited.connect(self._emit)
        self.root.edited.connect(lambda _t: self._describe())
        # the project's names may arrive after the form was built (loaded in the background)
        catalog.changed.connect(self.root.refresh_pickers)

    def _describe(self) -> None:
        """Say the condition in words under the builder ("purchase since entry or has tag vip")."""
        from runtime.service import describe_condition

        value = self.root.value()
        try:
            text = describe_condition(value) if value else ""
        except Exception:  # noqa: BLE001 - a half-typed rule has no description yet
            text = ""
        self.summary.setText(self.tr("In words: {text}").format(text=text) if text else "")
        self.summary.setVisible(bool(text))

    def value(self) -> Any:
        return self.root.value()

    def _show(self, value: Any) -> None:
        if value == self.root.value() and self.root.children_:
            return  # rebuilding would steal the focus from the field being typed in
        self.root.set_value(value)
        if not self.root.children_:
            self.root.add_rule()
        self._describe()

    def rules(self) -> list[RuleWidget]:
        return self.root.rules()


__all__ = ["ConditionEditor", "GroupWidget", "RuleWidget", "make_duration", "split_duration"]
