"""Template fields: a Jinja2 editor with a variable menu and a live preview for a real contact.

The preview renders with ``runtime.service.render_template`` (the same sandbox the runtime
uses) against the chosen contact's template context, loaded through the bridge; syntax
errors show in red under the editor with their line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from designer.flow_layout import FlowLayout
from designer.inspector.catalog import ProjectCatalog
from designer.inspector.fields import FieldEditor
from runtime.service import render_template

EVENT_VARIABLES = ("event.name", "event.cart_url", "event.order_id", "event.total")


class TemplateEditor(FieldEditor):
    """A template: text, an "Insert variable" menu and a rendered preview."""

    def __init__(self, catalog: ProjectCatalog, single_line: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._context: dict[str, Any] = {}
        column = self._column(4)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("TemplateText")
        self.edit.setTabChangesFocus(True)
        if single_line:
            self.edit.setFixedHeight(34)
            self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self.edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        else:
            self.edit.setMinimumHeight(90)
            self.edit.setMaximumHeight(180)
        column.addWidget(self.edit)

        tools = FlowLayout(spacing=6)  # "Preview as" moves under the button when the inspector is narrow
        self.insert_button = QToolButton()
        self.insert_button.setObjectName("InsertVariableButton")
        self.insert_button.setText(self.tr("{ } Variable"))
        self.insert_button.setToolTip(self.tr("Insert a contact field or a property of the trigger event"))
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.insert_button)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.insert_button.setMenu(self.menu)
        tools.addWidget(self.insert_button)
        self.preview_as = QComboBox()
        self.preview_as.setObjectName("PreviewContact")
        self.preview_as.setToolTip(self.tr("Preview the message as this contact would receive it"))
        self.preview_as.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # names in full
        preview_label = QLabel(self.tr("Preview as"))
        preview_label.setProperty("role", "hint")
        tools.addWidget(preview_label)
        tools.addWidget(self.preview_as)
        column.addLayout(tools)

        self.preview = QLabel()
        self.preview.setObjectName("TemplatePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setStyleSheet(
            "QLabel#TemplatePreview { background: #f7f8fa; border: 1px dashed #d5dae1; border-radius: 5px;"
            " padding: 6px; color: #344054; }"
        )
        column.addWidget(self.preview)
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        column.addWidget(self.problem)

        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(120)
        self._render_timer.timeout.connect(self.render_preview)
        self.edit.textChanged.connect(self._text_changed)
        self.preview_as.currentIndexChanged.connect(self._contact_changed)
        catalog.changed.connect(self._fill_contacts)
        self._fill_contacts()

    # -- value ---------------------------------------------------------------------------------

    def value(self) -> Any:
        text = self.edit.toPlainText()
        return text if text != "" else None

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.edit.toPlainText() != text:
            self.edit.setPlainText(text)
        self.render_preview()

    def _text_changed(self) -> None:
        self._emit(True)
        self._render_timer.start()

    # -- variables -----------------------------------------------------------------------------

    def variables(self) -> list[str]:
        """Every variable the menu offers: the project's contact fields, tags, event props."""
        return [f"contact.{f}" for f in self.catalog.fields] + ["contact.tags"] + list(EVENT_VARIABLES)

    def _fill_menu(self) -> None:
        self.menu.clear()
        contact = self.menu.addMenu(self.tr("Contact"))
        for name in self.catalog.fields:
            contact.addAction(name, lambda n=name: self.insert_variable(f"contact.{n}"))
        contact.addAction("tags", lambda: self.insert_variable("contact.tags"))
        event = self.menu.addMenu(self.tr("Trigger event"))
        for name in EVENT_VARIABLES:
            event.addAction(name.split(".", 1)[1], lambda n=name: self.insert_variable(n))
        self.menu.addSeparator()
        fallback = QAction(self.tr("Fallback: {{ contact.first_name or \"there\" }}"), self.menu)
        fallback.triggered.connect(lambda: self.insert_text(self.tr('{{ contact.first_name or "there" }}')))
        self.menu.addAction(fallback)
        default = QAction(self.tr("Default: {{ contact.last_name | default('') }}"), self.menu)
        default.triggered.connect(lambda: self.insert_text(self.tr("{{ contact.last_name | default('') }}")))
        self.menu.addAction(default)

    def insert_variable(self, name: str) -> None:
        """Insert ``{{ name }}`` at the cursor."""
        self.insert_text(f"{{{{ {name} }}}}")

    def insert_text(self, text: str) -> None:
        cursor = self.edit.textCursor()
        cursor.insertText(text)
        self.edit.setTextCursor(cursor)
        self.edit.moveCursor(QTextCursor.MoveOperation.NoMove)
        self.edit.setFocus()

    # -- preview -------------------------------------------------------------------------------

    def _fill_contacts(self) -> None:
        current = self.preview_as.currentData()
        self.preview_as.blockSignals(True)
        self.preview_as.clear()
        self.preview_as.addItem(self.tr("Sample contact"), "")
        for contact in self.catalog.contacts:
            self.preview_as.addItem(contact.name, contact.external_id)
        index = self.preview_as.findData(current)
        self.preview_as.setCurrentIndex(max(index, 0))
        self.preview_as.blockSignals(False)
        # the style sheet's padding and arrow are not in the size hint: room for the longest name
        metrics = self.preview_as.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.preview_as.itemText(i)) for i in range(self.preview_as.count()))
        self.preview_as.setMinimumWidth(widest + 56)
        if self.preview_as.count() > 1 and not current:
            self.preview_as.setCurrentIndex(1)
            self._contact_changed()

    def _contact_changed(self) -> None:
        external_id = self.preview_as.currentData()
        if not external_id:
            self._context = {}
            self.render_preview()
            return
        self.catalog.contact_context(external_id, self._context_loaded, owner=self)

    def _context_loaded(self, context: dict[str, Any]) -> None:
        self._context = context
        self.render_preview()

    def preview_context(self) -> dict[str, Any]:
        contact = self._context or {"first_name": "Alex", "last_name": "Sample", "email": "alex@example.com"}
        return {"contact": contact, "event": {"name": "sample_event"}}

    def render_preview(self) -> str:
        """Render the text for the chosen contact; shows and returns the result ('' on error)."""
        text = self.edit.toPlainText()
        try:
            out = render_template(text, self.preview_context())
        except Exception as exc:  # noqa: BLE001 - TemplateError or a sandbox refusal, shown in red
            self.problem.setText(str(exc))
            self.problem.show()
            self.preview.setText("")
            self.preview.hide()
            return ""
        self.problem.hide()
        self.preview.setVisible(bool(text.strip()))
        self.preview.setText(out.strip() if len(out) < 600 else out[:600].strip() + " …")
        return out
