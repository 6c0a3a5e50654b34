"""Importing flow files into the open project (a mixin of MainWindow): File > Import and
``.json`` files dropped on the window. Each file becomes a new draft, opened in a tab; a file
that cannot be imported lists every problem and imports nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent

from designer import dialogs
from runtime.service import FlowCanvasError, FlowValidationError


class FlowFileImport:
    """File > Import and dropped flow files, for :class:`~designer.main_window.MainWindow`."""

    def ask_import(self) -> None:
        path = dialogs.ask_open_file(self, self.tr("Import flow"), dialogs.FLOW_FILTER)
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> None:
        """Import a flow file as a new draft and open it; on failure list every problem."""
        if self.bridge is None:
            self.statusBar().showMessage(self.tr("Open a project first, then import the flow."), 6000)
            return
        self.bridge.call(self.bridge.api.import_flow_file, str(path), rename_on_conflict=True,
                         on_done=self._imported, on_error=lambda e: self._import_failed(path, e))

    def _imported(self, flow_id: int) -> None:
        self.statusBar().showMessage(self.tr("Imported the flow as a draft. Review any webhooks before activating it."), 8000)
        self.open_flow(flow_id)

    def _import_failed(self, path: str | Path, error: BaseException) -> None:
        problems = list(getattr(error, "problems", []) or [])
        if not problems:
            problems = [str(error)]
        title = self.tr("The flow file cannot be imported")
        message = (f"{Path(path).name}: {len(problems)} problem{'s' if len(problems) != 1 else ''}. "
                   "Nothing was imported; fix the file and try again.")
        if not isinstance(error, (FlowValidationError, FlowCanvasError)):
            message = f"{Path(path).name}: {error}"
        dialog = dialogs.ProblemListDialog(title, message, problems, self)
        self.last_dialog = dialog
        dialog.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if any(u.isLocalFile() and u.toLocalFile().lower().endswith(".json") for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        flows = [p for p in paths if p.lower().endswith(".json")]
        for path in flows:
            self.import_file(path)
        if flows:
            event.acceptProposedAction()
