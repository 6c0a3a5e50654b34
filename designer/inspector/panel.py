"""The inspector dock: the selected step's form, or the flow's settings when nothing is selected."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from designer.commands import RenameStepCommand
from designer.document import FlowDocument
from designer.inspector.catalog import ProjectCatalog
from designer.inspector.flow_settings import FlowSettingsForm
from designer.inspector.join_row import JoinRowWidget
from designer.inspector.step_form import StepForm
from runtime.service import get_step_type


class InspectorPanel(QWidget):
    """Shows one of: nothing (no flow open), the flow settings, or a step's form."""

    #: "Send me a test" was pressed on this message step (the window hands it to the editor)
    send_test_requested = Signal(str)

    def __init__(self, catalog: ProjectCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("InspectorPanel")
        self.catalog = catalog
        self.document: FlowDocument | None = None
        self.step_id: str | None = None
        self.step_form: StepForm | None = None
        self.settings_form: FlowSettingsForm | None = None
        self._renaming = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QFrame()
        header.setObjectName("InspectorHeader")
        header.setStyleSheet("QFrame#InspectorHeader { background: #ffffff; border-bottom: 1px solid #e3e6eb; }")
        head = QVBoxLayout(header)
        head.setContentsMargins(14, 10, 14, 10)
        head.setSpacing(4)
        self.kind_label = QLabel()
        self.kind_label.setProperty("role", "hint")
        head.addWidget(self.kind_label)
        title_row = QHBoxLayout()
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        title_row.addWidget(self.title, 1)
        self.send_test_button = QPushButton("Send me a test")
        self.send_test_button.setObjectName("InspectorSendTest")
        self.send_test_button.setToolTip("Send this message, rendered for a sample contact, to your own address "
                                         "(Channels > the channel > Send tests to)")
        self.send_test_button.clicked.connect(lambda: self.step_id and self.send_test_requested.emit(self.step_id))
        self.send_test_button.hide()
        title_row.addWidget(self.send_test_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(title_row)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("StepNameEdit")
        self.name_edit.setPlaceholderText("Step name (optional)")
        head.addWidget(self.name_edit)
        self.join_row = JoinRowWidget()
        head.addWidget(self.join_row)
        self.description = QLabel()
        self.description.setProperty("role", "subtitle")
        self.description.setWordWrap(True)
        head.addWidget(self.description)
        layout.addWidget(header)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll, 1)
        self.name_edit.textEdited.connect(self._rename)
        self._show_empty()

    # -- what is shown -------------------------------------------------------------------------

    def set_document(self, document: FlowDocument | None) -> None:
        """Inspect ``document`` (None: no flow open); shows its settings."""
        if self.document is not None:
            for signal, slot in ((self.document.step_removed, self._step_removed),
                                 (self.document.step_changed, self._step_changed),
                                 (self.document.edge_added, self._edges_changed),
                                 (self.document.edge_removed, self._edges_changed),
                                 (self.document.reset, self._reset)):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        self.document = document
        self.step_id = None
        if document is None:
            self._show_empty()
            return
        document.step_removed.connect(self._step_removed)
        document.step_changed.connect(self._step_changed)
        document.edge_added.connect(self._edges_changed)
        document.edge_removed.connect(self._edges_changed)
        document.reset.connect(self._reset)
        self.show_flow_settings()

    def show_selection(self, step_ids: list[str]) -> None:
        """Follow the canvas selection: one step shows its form, anything else the flow."""
        if self.document is None:
            return
        if len(step_ids) == 1 and self.document.step(step_ids[0]) is not None:
            self.show_step(step_ids[0])
        else:
            self.show_flow_settings()

    def show_step(self, step_id: str) -> None:
        assert self.document is not None
        if self.step_id == step_id and self.step_form is not None:
            return
        step = self.document.require_step(step_id)
        self.step_id = step_id
        try:
            step_type = get_step_type(step.type)
        except KeyError:
            self._set_body(QLabel(f"Unknown step type {step.type!r}: it cannot be edited here."))
            return
        self.kind_label.setText(f"{step_type.display_name.upper()}  ·  {step_id}")
        self.send_test_button.setVisible(step_type.group == "messages")
        self.title.setText(step.name or step_type.display_name)
        self.name_edit.show()
        if self.name_edit.text() != (step.name or ""):
            self.name_edit.setText(step.name or "")
        self.description.setText(step_type.description)
        self.description.setVisible(bool(step_type.description))
        self.join_row.show_step(self.document, step_id)
        self.step_form = StepForm(self.document, step_id, self.catalog)
        self.settings_form = None
        self._set_body(self.step_form)

    def show_flow_settings(self) -> None:
        assert self.document is not None
        self.step_id = None
        self.step_form = None
        self.kind_label.setText("FLOW SETTINGS")
        self.send_test_button.hide()
        self.title.setText(self.document.flow.name)
        self.name_edit.hide()
        self.join_row.hide()
        self.description.setText("Select a step on the canvas to edit it.")
        self.description.show()
        self.settings_form = FlowSettingsForm(self.document, self.catalog)
        self._set_body(self.settings_form)

    def _show_empty(self) -> None:
        self.kind_label.setText("INSPECTOR")
        self.send_test_button.hide()
        self.title.setText("Nothing open")
        self.name_edit.hide()
        self.join_row.hide()
        self.description.setText("Open a flow from the board to edit its steps and settings here.")
        self.step_form = None
        self.settings_form = None
        self._set_body(QWidget())

    def _set_body(self, widget: QWidget) -> None:
        body = QWidget()
        body.setObjectName("InspectorBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 12, 10, 14)
        layout.addWidget(widget)
        layout.addStretch(1)
        # combo boxes size to their longest entry by default, which would widen the dock
        for combo in body.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(min(combo.minimumContentsLength() or 8, 8))
        old = self.scroll.takeWidget()
        self.scroll.setWidget(body)
        if old is not None:
            old.deleteLater()

    # -- document changes ----------------------------------------------------------------------

    def _rename(self, text: str) -> None:
        if self.document is None or self.step_id is None:
            return
        self._renaming = True
        try:
            self.document.push(RenameStepCommand(self.document, self.step_id, text.strip() or None))
        finally:
            self._renaming = False

    def _step_changed(self, step_id: str) -> None:
        if step_id != self.step_id or self.document is None or self.document.step(step_id) is None:
            return
        step = self.document.require_step(step_id)
        self.title.setText(step.name or get_step_type(step.type).display_name)
        if not self._renaming and self.name_edit.text() != (step.name or ""):
            self.name_edit.setText(step.name or "")
        self.join_row.show_step(self.document, step_id)

    def _edges_changed(self, _edge: object) -> None:
        if self.step_id is not None:  # the join row depends on how many edges arrive
            self.join_row.show_step(self.document, self.step_id)

    def _step_removed(self, step_id: str) -> None:
        if step_id == self.step_id:
            self.show_flow_settings()

    def _reset(self) -> None:
        self.show_flow_settings()
