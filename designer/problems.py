"""Validation in the designer: a checker that follows a document, and the Problems panel.

:class:`ProblemChecker` re-validates a document shortly after every change (``validate_flow``
is pure: no database, so it runs on the GUI thread) and emits the report. The editor paints the
problem steps red on the canvas (``scene.set_problems``) and blocks publishing while errors
remain; warnings never block. :class:`ProblemsPanel` lists the report; activating a row asks the
editor to jump to its step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from designer.counts import counted
from designer.document import FlowDocument
from runtime.service import LintContext, Problem, ValidationReport, validate_flow

#: Delay between the last edit and re-validation (typing does not validate per keystroke).
CHECK_DELAY_MS = 150


class ProblemChecker(QObject):
    """Validates one document after each change; ``checked(report)`` carries the result."""

    checked = Signal(object)

    def __init__(self, document: FlowDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.report: ValidationReport | None = None
        #: what the project knows for the linter (other flows' keywords, contact fields); None: the file alone
        self.lint_context: LintContext | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        for signal in (document.step_added, document.step_removed, document.step_changed,
                       document.edge_added, document.edge_removed, document.flow_changed):
            signal.connect(self._schedule)
        document.reset.connect(self.check_now)
        self.check_now()

    def set_lint_context(self, context: LintContext | None) -> None:
        """Lint against the project from now on (and re-check at once)."""
        self.lint_context = context
        self.check_now()

    def _schedule(self, *_args: Any) -> None:
        self._timer.start()

    def check_now(self) -> ValidationReport:
        """Validate at once (also used right before publishing) and emit ``checked``."""
        self._timer.stop()
        self.report = validate_flow(self.document.flow, self.lint_context)
        self.checked.emit(self.report)
        return self.report

    @property
    def errors(self) -> list[Problem]:
        return list(self.report.errors) if self.report else []

    @property
    def warnings(self) -> list[Problem]:
        return list(self.report.warnings) if self.report else []

    def by_step(self) -> dict[str, list[str]]:
        """``{step_id: [messages]}`` for the canvas (errors first)."""
        out: dict[str, list[str]] = {}
        for problem in [*self.errors, *self.warnings]:
            if problem.step_id:
                prefix = "" if problem.severity == "error" else self.tr("Warning: ")
                out.setdefault(problem.step_id, []).append(prefix + problem.text)
        return out


class ProblemsPanel(QWidget):
    """The list of a flow's errors and warnings; activating one jumps to its step."""

    #: The user picked a problem of this step (or "" for a flow-level problem: show settings).
    step_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProblemsPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        head = QHBoxLayout()
        self.summary = QLabel(self.tr("No flow open"))
        self.summary.setObjectName("ProblemSummary")
        head.addWidget(self.summary, 1)
        layout.addLayout(head)
        self.list = QListWidget()
        self.list.setObjectName("ProblemList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(False)
        layout.addWidget(self.list, 1)
        layout.addStretch(0)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.report: ValidationReport | None = None

    def show_report(self, report: ValidationReport | None, step_names: dict[str, str] | None = None) -> None:
        """List ``report`` (None: no flow open). ``step_names`` is kept for callers: each problem's
        plain text already names its step."""
        self.report = report
        self.list.clear()
        if report is None:
            self.list.hide()
            self.summary.setText(self.tr("No flow open"))
            return
        errors, warnings = list(report.errors), list(report.warnings)
        for problem in [*errors, *warnings]:
            is_error = problem.severity == "error"
            # a step's problem names the step itself, as the canvas does; its id is only a detail (tooltip)
            where = "" if problem.step_id else self.tr("Flow settings: ")
            item = QListWidgetItem(f"{'●' if is_error else '▲'}  {where}{problem.text}")
            item.setData(Qt.ItemDataRole.UserRole, problem.step_id or "")
            item.setForeground(QColor("#b42318" if is_error else "#b54708"))
            if problem.code.startswith("lint_"):  # the linter's advice: a yellow card
                item.setBackground(QColor("#fef7c3"))
            detail = self.tr(" · step id {step_id}").format(step_id=problem.step_id) if problem.step_id else ""
            item.setToolTip(f"{problem.text}\n({problem.code}{detail})")
            self.list.addItem(item)
        self.list.setVisible(bool(errors or warnings))
        if not errors and not warnings:
            self.summary.setText(self.tr("✓  No problems: this flow can be published."))
            self.summary.setStyleSheet("color: #067647; font-weight: 600;")
        else:
            parts = []
            if errors:
                parts.append(self.tr("{n_errors} error{v0} (publishing is blocked)").format(n_errors=len(errors),
                        v0='s' if len(errors) != 1 else ''))  # "Ошибок: 5 (…)" in Russian
            if warnings:
                parts.append(counted(len(warnings), "warning"))
            self.summary.setText(" · ".join(parts))
            self.summary.setStyleSheet(f"color: {'#b42318' if errors else '#b54708'}; font-weight: 600;")

    def messages(self) -> list[str]:
        """The listed rows' texts (for tests)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        self.step_requested.emit(item.data(Qt.ItemDataRole.UserRole) or "")
