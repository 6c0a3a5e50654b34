"""Dialogs of the designer: new flow, keyboard shortcuts, find step, confirmations, problems.

Every dialog is a plain widget that can be driven from tests: they expose their inputs as
attributes and their result as properties, and none of them touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer import widgets

BLANK = ""  # the preset name of an empty flow in NewFlowDialog


def _read_only_table(rows: int, object_name: str, headers: Sequence[str], stretch: int) -> QTableWidget:
    """A read-only table without row numbers or grid; column ``stretch`` takes the spare width,
    the others fit their contents."""
    table = QTableWidget(rows, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    return table


# -- confirmations ----------------------------------------------------------------------------


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    details: str = "",
    action: str = "OK",
    danger: bool = False,
) -> bool:
    """Ask before doing something that loses work or stops contacts; True when confirmed.

    The confirming button names the action ("Terminate flow"), Cancel is the default, so a
    stray Enter never destroys anything.
    """
    box = QMessageBox(parent)
    box.setObjectName("ConfirmDialog")
    box.setIcon(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    if danger:
        ok.setProperty("danger", True)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def show_error(parent: QWidget | None, title: str, error: BaseException | str) -> None:
    """Show a user-facing error (a FlowCanvasError's message names the bad input)."""
    box = QMessageBox(parent)
    box.setObjectName("ErrorDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(str(error) or type(error).__name__)
    box.exec()


# -- new flow ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresetChoice:
    """One entry of the new-flow dialog: a preset name (BLANK for an empty flow)."""

    name: str
    title: str
    description: str
    info: dict[str, Any] | None = None  # ``preset_info``: expected events and fields, the shape

    def matches(self, query: str) -> bool:
        """Every word of ``query`` is in the name, title, description, step types or events."""
        info = self.info or {}
        hay = " ".join([self.name, self.title, self.description, *(s["type"] for s in info.get("steps", [])),
                        *(info.get("expects") or {}).get("events", {})]).casefold()
        return all(word in hay for word in query.casefold().split())


class NewFlowDialog(QDialog):
    """Pick "Blank flow" or a preset, and name a blank flow."""

    def __init__(self, presets: Sequence[PresetChoice], parent: QWidget | None = None,
                 taken_names: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("NewFlowDialog")
        self.setWindowTitle("New flow")
        self.setMinimumSize(560, 420)
        self._taken = {n.casefold() for n in taken_names}
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(widgets.label("Start a new flow", "title"))
        layout.addWidget(widgets.label("Begin with an empty canvas, or with a ready flow you can adapt.", "subtitle"))

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("PresetSearch")
        self.search.setPlaceholderText("Search presets (e.g. cart, telegram, sms)")
        self.search.setClearButtonEnabled(True)
        left.addWidget(self.search)
        self.list = QListWidget()
        self.list.setObjectName("PresetList")
        self.list.setMinimumWidth(220)
        choices = [PresetChoice(BLANK, "Blank flow", "An empty canvas. Add a trigger in the flow "
                                "settings, then drag steps from the palette."), *presets]
        for choice in choices:
            item = QListWidgetItem(choice.title)
            item.setData(Qt.ItemDataRole.UserRole, choice)
            self.list.addItem(item)
        left.addWidget(self.list, 1)
        body.addLayout(left, 2)

        side = QVBoxLayout()
        from designer.preset_shape import PresetShapeWidget

        self.shape = PresetShapeWidget()
        side.addWidget(self.shape)
        self.description = widgets.label("", None)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description.setMinimumWidth(240)
        side.addWidget(self.description, 1)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("FlowNameEdit")
        self.name_edit.setPlaceholderText("e.g. Welcome series")
        form.addRow("Name", self.name_edit)
        side.addLayout(form)
        self.error = widgets.label("", "error")
        side.addWidget(self.error)
        body.addLayout(side, 3)
        layout.addLayout(body, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create flow")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.list.currentItemChanged.connect(self._choice_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.name_edit.textChanged.connect(self._check)
        self.search.textChanged.connect(self._filter)
        self.list.setCurrentRow(0)

    @property
    def choice(self) -> PresetChoice:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else PresetChoice(BLANK, "", "")

    @property
    def preset(self) -> str:
        """The chosen preset name; BLANK ('') for an empty flow."""
        return self.choice.name

    @property
    def flow_name(self) -> str:
        return self.name_edit.text().strip()

    def select_preset(self, name: str) -> None:
        """Select the entry for preset ``name`` (BLANK for the empty flow)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole).name == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)

    def _filter(self, query: str) -> None:
        """Hide the presets that do not match ``query`` (the blank flow always stays)."""
        first_visible = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            choice = item.data(Qt.ItemDataRole.UserRole)
            hidden = choice.name != BLANK and not choice.matches(query)
            item.setHidden(hidden)
            if not hidden and choice.name != BLANK and first_visible is None:
                first_visible = row
        current = self.list.currentItem()
        blank = current is not None and current.data(Qt.ItemDataRole.UserRole).name == BLANK
        if (current is None or current.isHidden() or (blank and query.strip())) and first_visible is not None:
            self.list.setCurrentRow(first_visible)

    def visible_presets(self) -> list[str]:
        """Names of the presets the search leaves in the list."""
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole).name for r in range(self.list.count())
                if not self.list.item(r).isHidden() and self.list.item(r).data(Qt.ItemDataRole.UserRole).name]

    def _choice_changed(self) -> None:
        choice = self.choice
        expects = (choice.info or {}).get("expects") or {}
        extra = ""
        if expects:
            events = ", ".join(expects.get("events", {}))
            extra = (f"<br><br><b>Expects</b> events: {events or '—'}; "
                     f"fields: {', '.join(expects.get('fields', [])) or '—'}")
        self.description.setText(f"<b>{choice.title}</b><br><br>{choice.description}{extra}")
        self.description.setWordWrap(True)
        self.shape.set_shape(choice.info)
        if choice.name == BLANK:
            self.name_edit.setEnabled(True)
            if not self.name_edit.text():
                self.name_edit.setText(self._free_name("Untitled flow"))
        else:
            self.name_edit.setEnabled(False)
            self.name_edit.setText(choice.title)
        self._check()

    def _free_name(self, base: str) -> str:
        name, n = base, 2
        while name.casefold() in self._taken:
            name, n = f"{base} ({n})", n + 1
        return name

    def _check(self) -> None:
        message = ""
        if self.preset == BLANK:
            if not self.flow_name:
                message = "Give the flow a name."
            elif self.flow_name.casefold() in self._taken:
                message = "Another flow already has this name."
        self.error.setText(message)
        self.ok_button.setEnabled(not message)

    def accept(self) -> None:  # Qt override
        if self.ok_button.isEnabled():
            super().accept()


# -- keyboard shortcuts -----------------------------------------------------------------------


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: every action with a shortcut, grouped by menu."""

    def __init__(self, groups: Sequence[tuple[str, Sequence[QAction]]], parent: QWidget | None = None,
                 extra: Sequence[tuple[str, str, str]] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setMinimumSize(520, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(widgets.label("Keyboard shortcuts", "title"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter shortcuts…")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        rows: list[tuple[str, str, str]] = []
        for group, actions in groups:
            for action in actions:
                keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
                keys = [k for k in keys if k]
                if keys:
                    # iconText: "Undo", not the menu's "Undo Move"
                    rows.append((group, action.iconText().replace("&", "").rstrip("…."), ", ".join(keys)))
        rows.extend(extra)
        self.table = _read_only_table(len(rows), "ShortcutTable", ("Menu", "Action", "Shortcut"), stretch=1)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        for row, values in enumerate(rows):
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 2:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)

    def shortcuts(self) -> dict[str, str]:
        """Action name -> shortcut text, as listed (for tests and the docs)."""
        return {self.table.item(r, 1).text(): self.table.item(r, 2).text() for r in range(self.table.rowCount())}

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for row in range(self.table.rowCount()):
            hay = " ".join(self.table.item(row, c).text() for c in range(3)).casefold()
            self.table.setRowHidden(row, needle not in hay)


# -- find step --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepEntry:
    """A step as the find dialog lists it."""

    step_id: str
    title: str  # the step's name, or its type's display name
    kind: str  # the step type's display name
    summary: str = ""


class FindStepDialog(QDialog):
    """Ctrl+F: type part of a step's name, id, type or content, Enter jumps to it."""

    def __init__(self, steps: Sequence[StepEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FindStepDialog")
        self.setWindowTitle("Find step")
        self.setMinimumSize(460, 380)
        self._steps = list(steps)
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("FindStepEdit")
        self.search.setPlaceholderText("Step name, id, type or text…")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setObjectName("FindStepList")
        layout.addWidget(self.list, 1)
        self.count = widgets.label("", "hint")
        layout.addWidget(self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Go to step")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.accept)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        self._filter("")

    @property
    def step_id(self) -> str | None:
        """The chosen step's id (None when nothing matches)."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        self.list.clear()
        for entry in self._steps:
            hay = f"{entry.title} {entry.step_id} {entry.kind} {entry.summary}".casefold()
            if needle in hay:
                item = QListWidgetItem(f"{entry.title}   ·   {entry.kind}   ·   {entry.step_id}")
                item.setToolTip(entry.summary)
                item.setData(Qt.ItemDataRole.UserRole, entry.step_id)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.count.setText(f"{self.list.count()} of {len(self._steps)} steps")


# -- problems ---------------------------------------------------------------------------------


def problem_rows(problems: Iterable[Any]) -> list[tuple[str, str, str]]:
    """(severity, step id, message) for problems given as Problem objects or dicts."""
    rows = []
    for p in problems:
        if isinstance(p, dict):
            rows.append((str(p.get("severity", "error")), str(p.get("step_id") or p.get("step") or ""),
                         str(p.get("message", p))))
        elif hasattr(p, "message"):
            rows.append((str(getattr(p, "severity", "error")), str(getattr(p, "step_id", None) or ""),
                         str(p.message)))
        else:
            rows.append(("error", "", str(p)))
    return rows


class ProblemListDialog(QDialog):
    """Every problem of a flow file that could not be imported (nothing was changed)."""

    def __init__(self, title: str, message: str, problems: Iterable[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProblemListDialog")
        self.setWindowTitle(title)
        self.setMinimumSize(720, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(widgets.label(title, "title"))
        layout.addWidget(widgets.label(message, "subtitle"))
        rows = problem_rows(problems)
        self.table = _read_only_table(len(rows), "ProblemTable", ("Severity", "Step", "Problem"), stretch=2)
        self.table.setWordWrap(True)
        for r, (severity, step_id, text) in enumerate(rows):
            for c, value in enumerate((severity.capitalize(), step_id or "—", text)):
                item = QTableWidgetItem(value)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def showEvent(self, event: Any) -> None:  # Qt override
        super().showEvent(event)
        # the message column has its final width only now: wrap long messages instead of eliding
        self.table.resizeRowsToContents()

    def messages(self) -> list[str]:
        """The listed problem texts (for tests)."""
        return [self.table.item(r, 2).text() for r in range(self.table.rowCount())]


# -- keyring ----------------------------------------------------------------------------------

KEYRING_HELP = (
    "FlowCanvas keeps channel credentials (bot tokens, API keys, SMTP passwords) only in your "
    "system keyring, never in the project file or an exported flow. No keyring is available on "
    "this computer, so credentials cannot be saved.\n\n"
    "You can still design flows, import and export them, and run them in sandbox mode.\n\n"
    "To send real messages, install and unlock a keyring (GNOME Keyring or KWallet on Linux; "
    "macOS Keychain and Windows Credential Manager work out of the box), then restart FlowCanvas."
)


def show_keyring_missing(parent: QWidget | None) -> QMessageBox:
    """Explain, without alarm, that credentials cannot be stored (returns the shown box)."""
    box = QMessageBox(parent)
    box.setObjectName("KeyringDialog")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("No system keyring")
    box.setText("No system keyring found")
    box.setInformativeText(KEYRING_HELP)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


# -- text input -------------------------------------------------------------------------------


class TextInputDialog(QDialog):
    """Ask for one line of text (rename): OK is disabled while the text is empty or taken."""

    def __init__(self, title: str, label: str, text: str = "", taken: Iterable[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self._taken = {t.casefold() for t in taken}
        layout = QVBoxLayout(self)
        layout.addWidget(widgets.label(label))
        self.edit = QLineEdit(text)
        self.edit.selectAll()
        layout.addWidget(self.edit)
        self.error = widgets.label("", "error")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._check)
        self._check()

    @property
    def text(self) -> str:
        return self.edit.text().strip()

    def _check(self) -> None:
        message = ""
        if not self.text:
            message = "The name cannot be empty."
        elif self.text.casefold() in self._taken:
            message = "Another flow already has this name."
        self.error.setText(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not message)


# -- files ------------------------------------------------------------------------------------
# Wrapped so tests (and a future non-native dialog) can replace them in one place.

FLOW_FILTER = "Flow files (*.json);;All files (*)"
PROJECT_FILTER = "FlowCanvas projects (*.fcproj *.db *.sqlite);;All files (*)"


def ask_open_file(parent: QWidget | None, title: str, file_filter: str, directory: str = "") -> str:
    """Ask for an existing file; '' when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, directory, file_filter)
    return path


def ask_save_file(parent: QWidget | None, title: str, file_filter: str, suggested: str = "") -> str:
    """Ask where to write a file; '' when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path


def fit_buttons(box: QWidget) -> None:
    """Give every push button of a dialog the width of its text in the bold default style: a
    message box lays its buttons out before the style sheet widens them ("scard chang")."""
    box.ensurePolished()
    for button in box.findChildren(QPushButton):
        button.ensurePolished()
        bold = QFont(button.font())
        bold.setWeight(QFont.Weight.DemiBold)
        extra = QFontMetrics(bold).horizontalAdvance(button.text()) - button.fontMetrics().horizontalAdvance(button.text())
        button.setMinimumWidth(button.sizeHint().width() + max(0, extra))


def ask_save_changes(parent: QWidget | None, name: str) -> str:
    """Ask what to do with unsaved edits of flow ``name``: "save", "discard" or "cancel"."""
    box = QMessageBox(parent)
    box.setObjectName("SaveChangesDialog")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to “{name}”?")
    box.setInformativeText("Your edits are lost if you close without saving the draft.")
    save = box.addButton("Save draft", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    fit_buttons(box)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"
