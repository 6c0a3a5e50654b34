"""The inspector's row for where branches meet: a step's join mode and its start mark."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from designer.commands import SetStepJoinCommand
from designer.document import FlowDocument
from designer.i18n import tr_label
from runtime.service import DEFAULT_JOIN

JOIN_CHOICES = (
    ("first", QT_TRANSLATE_NOOP("labels", "the first branch continues, later ones end here")),
    ("each", QT_TRANSLATE_NOOP("labels", "every branch continues (runs this step again)")),
    ("all", QT_TRANSLATE_NOOP("labels", "wait for every branch, then continue once")),
)


class JoinRowWidget(QWidget):
    """Join mode (shown when several edges arrive) and "Starts the flow" (when none does)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: FlowDocument | None = None
        self.step_id: str | None = None
        self._loading = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.join_label = QLabel(self.tr("Branches meet:"))
        self.join_combo = QComboBox()
        self.join_combo.setObjectName("StepJoinCombo")
        for mode, text in JOIN_CHOICES:
            self.join_combo.addItem(self.tr("{mode}: {text}").format(mode=mode, text=tr_label(text)), mode)
        self.start_check = QCheckBox(self.tr("Starts the flow"))
        self.start_check.setObjectName("StepStartCheck")
        self.start_check.setToolTip(self.tr("Mark a step that nothing leads to as one of the flow's starts on purpose"))
        row.addWidget(self.join_label)
        row.addWidget(self.join_combo, 1)
        row.addWidget(self.start_check)
        self.join_combo.currentIndexChanged.connect(lambda _i: self._edited())
        self.start_check.toggled.connect(lambda _b: self._edited())
        self.hide()

    def show_step(self, document: FlowDocument | None, step_id: str | None) -> None:
        """Load the step's join mode and start mark; hidden when neither applies."""
        self.document, self.step_id = document, step_id
        step = document.step(step_id) if document is not None and step_id is not None else None
        if step is None:
            self.hide()
            return
        incoming = document.incoming_count(step.id)
        self._loading = True
        try:
            self.join_combo.setCurrentIndex(max(0, self.join_combo.findData(step.join_mode)))
            self.start_check.setChecked(step.start)
        finally:
            self._loading = False
        for widget in (self.join_label, self.join_combo):
            widget.setVisible(incoming > 1)
        self.start_check.setVisible(incoming == 0)
        self.setVisible(incoming != 1)

    def _edited(self) -> None:
        if self._loading or self.document is None or self.step_id is None:
            return
        step = self.document.require_step(self.step_id)
        join = self.join_combo.currentData()
        join = None if join == DEFAULT_JOIN else join
        start = self.start_check.isChecked()
        if (step.join, step.start) != (join, start):
            self.document.push(SetStepJoinCommand(self.document, self.step_id, join, start))
