"""Editors for the list-shaped field kinds: A/B groups, channels, rules, buttons, key/values.

Each is a :class:`~designer.inspector.fields.FieldEditor`. The A/B editor refuses to store shares
that do not add up to 100: it shows the live sum (red when wrong) and ``error()`` explains why,
and the form does not push a command while an editor reports an error.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer.inspector.catalog import ProjectCatalog
from designer.inspector.condition import GroupWidget
from designer.inspector.fields import FieldEditor, TextEditor
from designer.widgets import restyle

CHANNEL_LABELS = {"email": "Email", "sms": "SMS", "telegram": "Telegram", "whatsapp": "WhatsApp", "push": "Push"}
MAX_AB_GROUPS = 5


def _small_button(text: str, tip: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    return button


def _add_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("flat", True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


# -- A/B groups -------------------------------------------------------------------------------


def _share_of(value: Any) -> float:
    """A stored share as a number from 0 to 100 for the spin box (a file may hold 1e308 or text)."""
    try:
        share = float(value or 0)
    except (TypeError, ValueError):
        return 0.0
    if share != share:  # NaN
        return 0.0
    return min(max(share, 0.0), 100.0)


class ABGroupsEditor(FieldEditor):
    """Up to five groups (name + share %); the shares must add up to 100."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = self._column(4)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        column.addLayout(self.grid)
        self.rows: list[tuple[QLineEdit, QSpinBox, QToolButton]] = []
        foot = QHBoxLayout()
        self.add_button = _add_button("+ Add group")
        self.add_button.setObjectName("AddGroupShareButton")
        self.even_button = _add_button("Split evenly")
        self.sum_label = QLabel()
        self.sum_label.setObjectName("ABSum")
        foot.addWidget(self.add_button)
        foot.addWidget(self.even_button)
        foot.addStretch(1)
        foot.addWidget(self.sum_label)
        column.addLayout(foot)
        self.add_button.clicked.connect(self._add_clicked)
        self.even_button.clicked.connect(self.split_evenly)

    def _add_row(self, name: str, share: float) -> None:
        name_edit = QLineEdit(name)
        name_edit.setPlaceholderText("group name")
        share_spin = QSpinBox()
        share_spin.setRange(0, 100)
        share_spin.setSuffix(" %")
        share_spin.setValue(round(share))
        remove = _small_button("✕", "Remove this group")
        row = len(self.rows)
        self.grid.addWidget(name_edit, row, 0)
        self.grid.addWidget(share_spin, row, 1)
        self.grid.addWidget(remove, row, 2)
        self.rows.append((name_edit, share_spin, remove))
        name_edit.textEdited.connect(lambda _t: self._changed(True))
        share_spin.valueChanged.connect(lambda _v: self._changed(True))
        remove.clicked.connect(lambda: self._remove_row(name_edit))

    def _clear(self) -> None:
        for widgets in self.rows:
            for w in widgets:
                w.setParent(None)
                w.deleteLater()
        self.rows = []

    def _remove_row(self, name_edit: QLineEdit) -> None:
        if len(self.rows) <= 2:
            return
        groups = [g for (n, _s, _r), g in zip(self.rows, self.groups(), strict=False) if n is not name_edit]
        self._loading = True
        self._rebuild(groups)
        self._loading = False
        self._changed(False)

    def _rebuild(self, groups: list[dict[str, Any]]) -> None:
        self._clear()
        for g in groups:
            self._add_row(str(g.get("name", "")), _share_of(g.get("share")))
        self._update()

    def _add_clicked(self) -> None:
        if len(self.rows) >= MAX_AB_GROUPS:
            return
        used = {n.text() for n, _s, _r in self.rows}
        name = next(c for c in "abcdefghij" if c not in used)
        self._add_row(name, 0)
        self._changed(False)

    def split_evenly(self) -> None:
        n = len(self.rows)
        if not n:
            return
        base, extra = divmod(100, n)
        self._loading = True
        for i, (_n, spin, _r) in enumerate(self.rows):
            spin.setValue(base + (1 if i < extra else 0))
        self._loading = False
        self._changed(False)

    def set_shares(self, shares: list[int]) -> None:
        """Type shares into the rows (for tests and keyboard users): one per row."""
        for (_n, spin, _r), share in zip(self.rows, shares, strict=False):
            spin.setValue(share)

    def groups(self) -> list[dict[str, Any]]:
        return [{"name": n.text().strip(), "share": s.value()} for n, s, _r in self.rows]

    def total(self) -> int:
        return sum(s.value() for _n, s, _r in self.rows)

    def error(self) -> str:
        total = self.total()
        if total != 100:
            return f"The shares add up to {total} %; they must add up to 100 %."
        names = [g["name"] for g in self.groups()]
        if any(not n for n in names):
            return "Every group needs a name."
        if len(set(names)) != len(names):
            return "Group names must differ."
        return ""

    def _changed(self, typing: bool) -> None:
        self._update()
        self._emit(typing)

    def _update(self) -> None:
        total = self.total()
        ok = total == 100
        self.sum_label.setText(f"Total {total} %")
        self.sum_label.setProperty("role", "ok" if ok else "error")
        self.sum_label.setToolTip("" if ok else "The shares must add up to 100 %")
        restyle(self.sum_label)
        for _n, spin, remove in self.rows:
            spin.setProperty("invalid", not ok)
            restyle(spin)
            remove.setEnabled(len(self.rows) > 2)
        self.add_button.setEnabled(len(self.rows) < MAX_AB_GROUPS)

    def value(self) -> Any:
        return self.groups()

    def _show(self, value: Any) -> None:
        groups = [g for g in (value or []) if isinstance(g, dict)]
        if groups == self.groups():
            return
        if not groups:
            groups = [{"name": "a", "share": 50}, {"name": "b", "share": 50}]
        self._rebuild(groups)


# -- channels ---------------------------------------------------------------------------------


class ChannelListEditor(FieldEditor):
    """Channels in priority order: tick the ones to use, drag (or use the arrows) to reorder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("ChannelPriority")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setMaximumHeight(150)
        self.layout_.addWidget(self.list, 1)
        arrows = QVBoxLayout()
        self.up = _small_button("▲", "Higher priority")
        self.down = _small_button("▼", "Lower priority")
        arrows.addWidget(self.up)
        arrows.addWidget(self.down)
        arrows.addStretch(1)
        self.layout_.addLayout(arrows)
        self.up.clicked.connect(lambda: self.move_current(-1))
        self.down.clicked.connect(lambda: self.move_current(1))
        self.list.itemChanged.connect(lambda _i: self._emit(False))
        self.list.model().rowsMoved.connect(lambda *_: self._emit(False))
        self._show([])

    def move_current(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._emit(False)

    def order(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def value(self) -> Any:
        chosen = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                  if self.list.item(i).checkState() == Qt.CheckState.Checked]
        return chosen or None

    def _show(self, value: Any) -> None:
        chosen = [c for c in (value or []) if c in CHANNEL_LABELS]
        if chosen == (self.value() or []) and self.list.count():
            return
        self.list.clear()
        for channel in chosen + [c for c in CHANNEL_LABELS if c not in chosen]:
            item = QListWidgetItem(CHANNEL_LABELS[channel])
            item.setData(Qt.ItemDataRole.UserRole, channel)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
            item.setCheckState(Qt.CheckState.Checked if channel in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)


# -- table-shaped editors ---------------------------------------------------------------------


class _TableEditor(FieldEditor):
    """A small editable table with add/remove buttons."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = self._column(4)
        self.table = QTableWidget(0, len(self.headers))
        self.table.setHorizontalHeaderLabels(list(self.headers))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(160)
        self.table.setMinimumHeight(80)
        column.addWidget(self.table)
        foot = QHBoxLayout()
        self.add_button = _add_button("+ Add")
        self.remove_button = _add_button("Remove selected")
        foot.addWidget(self.add_button)
        foot.addWidget(self.remove_button)
        foot.addStretch(1)
        column.addLayout(foot)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemChanged.connect(lambda _i: self._emit(True))

    def add_row(self, values: tuple[str, ...] | None = None) -> None:
        self._loading, was = True, self._loading
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col in range(len(self.headers)):
            text = values[col] if values and col < len(values) else ""
            self.table.setItem(row, col, QTableWidgetItem(text))
        self._loading = was
        if values is None or values is False:
            self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self._emit(False)

    def cells(self) -> list[list[str]]:
        return [[(self.table.item(r, c).text() if self.table.item(r, c) else "").strip()
                 for c in range(len(self.headers))] for r in range(self.table.rowCount())]

    def _fill(self, rows: list[tuple[str, ...]]) -> None:
        if [list(r) for r in rows] == self.cells():
            return
        self.table.setRowCount(0)
        for r in rows:
            self.add_row(tuple(r))


def typed_value(text: str) -> Any:
    """Typed text as a value: whole numbers and decimals as numbers, the rest as text."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


class KeyValueEditor(_TableEditor):
    """field -> value pairs (update_contact set/increment, webhook headers)."""

    headers = ("Key", "Value")

    def __init__(self, numeric: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.numeric = numeric

    def value(self) -> Any:
        out = {k: (typed_value(v) if self.numeric else v) for k, v in self.cells() if k}
        return out or None

    def _show(self, value: Any) -> None:
        self._fill([(str(k), "" if v is None else str(v)) for k, v in (value or {}).items()])


class ButtonsEditor(_TableEditor):
    """Telegram inline buttons: row number, text, and a URL or callback data."""

    headers = ("Row", "Text", "URL or data")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 44)

    def value(self) -> Any:
        rows: dict[int, list[dict[str, str]]] = {}
        for row_text, text, target in self.cells():
            if not text:
                continue
            try:
                row = max(1, int(row_text or 1))
            except ValueError:
                row = 1
            button = {"text": text}
            if target.startswith(("http://", "https://", "tg://")):
                button["url"] = target
            elif target:
                button["data"] = target
            rows.setdefault(row, []).append(button)
        return [rows[k] for k in sorted(rows)] or None

    def _show(self, value: Any) -> None:
        rows = []
        for i, row in enumerate(value or []):
            for button in row if isinstance(row, list) else []:
                rows.append((str(i + 1), str(button.get("text", "")), str(button.get("url") or button.get("data") or "")))
        self._fill(rows)

    def add_row(self, values: tuple[str, ...] | None = None) -> None:
        if not values:
            last = self.cells()[-1][0] if self.table.rowCount() else "1"
            values = (last or "1", "", "")
            super().add_row(values)
            self.table.editItem(self.table.item(self.table.rowCount() - 1, 1))
            return
        super().add_row(values)


# -- flows, WhatsApp template -----------------------------------------------------------------


class FlowsEditor(FieldEditor):
    """``"all"`` other flows, or a chosen list of flow names."""

    def __init__(self, catalog: ProjectCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        column = self._column()
        self.all = QRadioButton("All other flows")
        self.some = QRadioButton("Only these flows:")
        column.addWidget(self.all)
        column.addWidget(self.some)
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        column.addWidget(self.list)
        self.all.toggled.connect(self._mode_changed)
        self.list.itemChanged.connect(lambda _i: self._emit(False))

    def _mode_changed(self) -> None:
        self.list.setEnabled(self.some.isChecked())
        self._emit(False)

    def value(self) -> Any:
        if self.all.isChecked():
            return "all"
        return [self.list.item(i).text() for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _show(self, value: Any) -> None:
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        self.all.setChecked(not isinstance(value, list))
        self.some.setChecked(isinstance(value, list))
        self.list.setEnabled(isinstance(value, list))
        self.list.clear()
        for name in list(dict.fromkeys(self.catalog.flow_names + chosen)):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)


class WaTemplateEditor(FieldEditor):
    """An approved WhatsApp template: name, language and positional parameters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText("template name")
        self.language = QLineEdit()
        self.language.setPlaceholderText("en")
        self.language.setMaximumWidth(60)
        self.params = QLineEdit()
        self.params.setPlaceholderText("params, comma-separated ({{ contact.first_name }}, …)")
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.language)
        column.addLayout(row)
        column.addWidget(self.params)
        self.layout_.addLayout(column)
        for edit in (self.name, self.language, self.params):
            edit.textEdited.connect(lambda _t: self._emit(True))

    def value(self) -> Any:
        if not self.name.text().strip():
            return None
        out: dict[str, Any] = {"name": self.name.text().strip(), "language": self.language.text().strip() or "en"}
        params = [p.strip() for p in self.params.text().split(",") if p.strip()]
        if params:
            out["params"] = params
        return out

    def _show(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        if value == (self.value() or {}):
            return
        self.name.setText(str(value.get("name", "")))
        self.language.setText(str(value.get("language", "")))
        self.params.setText(", ".join(str(p) for p in value.get("params") or []))


# -- channel rules and per-channel content ----------------------------------------------------


class ChannelRulesEditor(FieldEditor):
    """channel_switch rules: ordered (condition, port) pairs; the fallback port is ``else``."""

    def __init__(self, catalog: ProjectCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.column = self._column(6)
        self.rules: list[tuple[QWidget, QLineEdit, GroupWidget]] = []
        self.add_button = _add_button("+ Add rule")
        self.column.addWidget(self.add_button)
        self.else_label = QLabel("Otherwise → <b>else</b>")
        self.else_label.setProperty("role", "hint")
        self.column.addWidget(self.else_label)
        self.add_button.clicked.connect(lambda: (self._add_rule({"if": {}, "port": f"rule{len(self.rules) + 1}"}),
                                                 self._emit(False)))

    def _add_rule(self, rule: dict[str, Any]) -> None:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel(f"Rule {len(self.rules) + 1}: go to port"))
        port = QLineEdit(str(rule.get("port", "")))
        port.setMaximumWidth(120)
        head.addWidget(port)
        head.addStretch(1)
        remove = _small_button("✕", "Remove this rule")
        head.addWidget(remove)
        layout.addLayout(head)
        group = GroupWidget(self.catalog)
        group.set_value(rule.get("if") or {})
        if not group.children_:
            group.add_rule()
        layout.addWidget(group)
        self.column.insertWidget(self.column.count() - 2, box)
        self.rules.append((box, port, group))
        port.textEdited.connect(lambda _t: self._emit(True))
        group.edited.connect(self._emit)
        remove.clicked.connect(lambda: self._remove(box))

    def _remove(self, box: QWidget) -> None:
        self.rules = [r for r in self.rules if r[0] is not box]
        box.setParent(None)
        box.deleteLater()
        self._emit(False)

    def value(self) -> Any:
        return [{"if": g.value() or {}, "port": p.text().strip()} for _b, p, g in self.rules] or None

    def _show(self, value: Any) -> None:
        rules = [r for r in (value or []) if isinstance(r, dict)]
        if rules == (self.value() or []):
            return
        for box, _p, _g in self.rules:
            box.setParent(None)
            box.deleteLater()
        self.rules = []
        for rule in rules:
            self._add_rule(rule)


class ChannelContentEditor(FieldEditor):
    """smart_send content: one tab per channel with that channel's send-step fields."""

    def __init__(self, catalog: ProjectCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from runtime.service import CHANNEL_STEP, REGISTRY

        self.catalog = catalog
        self.tabs = QTabWidget()
        self.layout_.addWidget(self.tabs)
        self.editors: dict[str, dict[str, FieldEditor]] = {}
        from designer.inspector.template import TemplateEditor

        for channel, label in CHANNEL_LABELS.items():
            page = QWidget()
            form = QVBoxLayout(page)
            form.setContentsMargins(4, 6, 4, 4)
            editors: dict[str, FieldEditor] = {}
            step_type = REGISTRY.get(CHANNEL_STEP.get(channel, ""))
            for field in step_type.fields if step_type else ():
                if field.kind not in ("template", "text", "url"):
                    continue
                form.addWidget(QLabel(field.label))
                editor: FieldEditor = (TemplateEditor(catalog, single_line=field.single_line)
                                       if field.kind == "template" else TextEditor())
                editor.edited.connect(self._emit)
                form.addWidget(editor)
                editors[field.key] = editor
            form.addStretch(1)
            self.tabs.addTab(page, label)
            self.editors[channel] = editors

    def value(self) -> Any:
        out: dict[str, Any] = {}
        for channel, editors in self.editors.items():
            content = {k: e.value() for k, e in editors.items() if e.value() is not None}
            if content:
                out[channel] = content
        return out or None

    def _show(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        for channel, editors in self.editors.items():
            content = value.get(channel) or {}
            for key, editor in editors.items():
                editor.set_value(content.get(key))

