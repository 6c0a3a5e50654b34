"""The tag editor's dialogs: edit a tag (name, colour, description), merge, delete, bulk confirm.

Each asks for a reason that goes into every changed contact's tag history. The confirming
button names the action and the number of contacts ("Remove from 1,000 contacts"); Cancel is
the default wherever contacts lose a tag, so a stray Enter never strips tags.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from designer import widgets
from designer.i18n import tr_label

#: Colours offered for tags (name, #RRGGBB); "" is no colour.
TAG_COLORS = ((QT_TRANSLATE_NOOP("labels", "No colour"), ""), (QT_TRANSLATE_NOOP("labels", "Grey"), "#667085"),
        (QT_TRANSLATE_NOOP("labels", "Red"), "#d92d20"), (QT_TRANSLATE_NOOP("labels", "Orange"), "#f79009"),
              (QT_TRANSLATE_NOOP("labels", "Yellow"), "#fdb022"), (QT_TRANSLATE_NOOP("labels", "Green"), "#12b76a"),
                      (QT_TRANSLATE_NOOP("labels", "Teal"), "#15b79e"), (QT_TRANSLATE_NOOP("labels", "Blue"), "#2e90fa"),
              (QT_TRANSLATE_NOOP("labels", "Indigo"), "#6172f3"), (QT_TRANSLATE_NOOP("labels", "Purple"), "#7a5af8"),
                      (QT_TRANSLATE_NOOP("labels", "Pink"), "#ee46bc"))


def swatch(color: str | None, size: int = 12) -> QIcon:
    """A round colour swatch icon (an empty ring for no colour)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter, QPen

    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if color:
        painter.setBrush(QColor(color))
        painter.setPen(Qt.PenStyle.NoPen)
    else:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor("#98a2b3"), 1))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def _buttons(dialog: QDialog, action: str, danger: bool = False) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(action)
    if danger:
        ok.setProperty("danger", True)
        ok.setDefault(False)
        ok.setAutoDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
    else:
        ok.setProperty("primary", True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _reason_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(QCoreApplication.translate("tag_dialogs", "Why (kept in each contact's tag history)"))
    return edit


class TagEditDialog(QDialog):
    """Create a tag, or edit one: name (a rename for everyone), colour and description."""

    def __init__(self, tag: dict[str, Any] | None, taken: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TagEditDialog")
        self.original = tag
        self.setWindowTitle(self.tr("Edit tag") if tag else self.tr("New tag"))
        self.setMinimumWidth(440)
        self._taken = {t for t in taken if not tag or t != tag["name"]}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(tag["name"] if tag else "")
        self.name.setObjectName("TagName")
        self.color = QComboBox()
        self.color.setObjectName("TagColor")
        for label, value in ((tr_label(t), v) for t, v in TAG_COLORS):
            self.color.addItem(swatch(value), label, value)
        current = (tag or {}).get("color") or ""
        if self.color.findData(current) < 0:
            self.color.addItem(swatch(current), current, current)
        self.color.setCurrentIndex(self.color.findData(current))
        self.description = QLineEdit((tag or {}).get("description") or "")
        self.description.setObjectName("TagDescription")
        self.description.setPlaceholderText(self.tr("What the tag means, who sets it"))
        self.reason = _reason_edit("TagReason")
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Colour"), self.color)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        self.note = widgets.label("", "hint")
        layout.addWidget(self.note)
        self.buttons = _buttons(self, self.tr("Save") if tag else self.tr("Create tag"))
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()

    @property
    def renamed(self) -> bool:
        return bool(self.original) and self.name.text().strip() != self.original["name"]

    def _check(self) -> None:
        name = self.name.text().strip()
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not name:
            self.note.setText(self.tr("The name cannot be empty."))
        elif name in self._taken:
            self.note.setText(self.tr("Tag “{name}” exists: use Merge into… to combine them.").format(name=name))
        elif self.renamed:
            count = self.original["contacts"] if self.original else 0
            self.note.setText(self.tr("Renames the tag on {count:,} contacts (each gets a history row). Flows that test or set "
                                      "the old name keep using it: update them too.").format(count=count))
        else:
            self.note.setText("")
        ok_button.setEnabled(bool(name) and name not in self._taken)


class MergeDialog(QDialog):
    """Merge the chosen tag into another one (existing or new)."""

    def __init__(self, source: dict[str, Any], names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MergeTagDialog")
        self.setWindowTitle(self.tr("Merge tag"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        text = QLabel(self.tr("Every contact tagged <b>{v0}</b> ({v1:,}) gets the tag below instead; then the tag disappears.")
                .format(v0=html.escape(source['name']), v1=source['contacts']))
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.target = QComboBox()
        self.target.setObjectName("MergeTarget")
        self.target.setEditable(True)
        self.target.addItems([n for n in names if n != source["name"]])
        self.reason = _reason_edit("MergeReason")
        form.addRow(self.tr("Into"), self.target)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        self.buttons = _buttons(self, self.tr("Merge"))
        layout.addWidget(self.buttons)


class DeleteTagDialog(QDialog):
    """Confirm deleting a tag: how many contacts lose it and which flows use it."""

    def __init__(self, impact: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DeleteTagDialog")
        self.setWindowTitle(self.tr("Delete tag"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        name, count = html.escape(impact["tag"]), impact["contacts"]
        text = QLabel(self.tr("Delete <b>{name}</b>? It is taken off <b>{count:,} contact{v0}</b> now; their tag history keeps "
                              "it.").format(name=name, count=count, v0='s' if count != 1 else ''))
        text.setWordWrap(True)
        text.setObjectName("DeleteTagText")
        layout.addWidget(text)
        if impact["flows"]:
            warn = widgets.label(self.tr("Used by flows: ") + ", ".join(impact["flows"]) + self.tr(". Their conditions will stop "
                                 "matching and tag steps will create it again."), "error")
            warn.setObjectName("DeleteTagWarning")
            layout.addWidget(warn)
        self.reason = _reason_edit("DeleteReason")
        layout.addWidget(self.reason)
        self.buttons = _buttons(self, self.tr("Delete from {count:,} contacts")
                .format(count=count) if count else self.tr("Delete tag"), danger=True)
        layout.addWidget(self.buttons)


class BulkConfirmDialog(QDialog):
    """Confirm adding or removing a tag on N selected contacts (one confirmation for all)."""

    def __init__(self, action: str, tag: str, count: int, selected: int, source: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BulkTagDialog")
        verb = "Add" if action == "add" else "Remove"
        self.setWindowTitle(self.tr("{verb} tag").format(verb=verb))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        where = "to" if action == "add" else "from"
        others = selected - count
        rest = "" if not others else (self.tr(" The other {others:,} already have it.")
                .format(others=others) if action == "add" else
                                      self.tr(" The other {others:,} do not have it.").format(others=others))
        text = QLabel(self.tr("{verb} tag <b>{v0}</b> {where} <b>{count:,} contact{v1}</b> of the {selected:,} selected "
                              "({v2})?{rest}").format(verb=verb, v0=html.escape(tag), where=where, count=count,
                                      v1='s' if count != 1 else '', selected=selected, v2=html.escape(source), rest=rest))
        text.setWordWrap(True)
        text.setObjectName("BulkTagText")
        layout.addWidget(text)
        self.reason = _reason_edit("BulkReason")
        layout.addWidget(self.reason)
        self.buttons = _buttons(self, f"{verb} {where} {count:,} contacts", danger=action == "remove")
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)
