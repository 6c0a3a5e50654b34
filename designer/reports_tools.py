"""The Reports tab of the main window: a Project menu / tool bar action and the tab's lifetime.

Kept apart from ``main_window.py`` (which only creates one of these and tells it when the project
closes), like the operator tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from designer.reports_view import ReportsViewWidget

if TYPE_CHECKING:
    from designer.main_window import MainWindow


class ReportsTools(QObject):
    """The Reports action and tab for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view: ReportsViewWidget | None = None
        self.act_reports = QAction(self.tr("Reports"), window)
        self.act_reports.setObjectName("ShowReports")
        tip = self.tr("Daily report, per-step funnels, goals and A/B results; masked export")
        self.act_reports.setStatusTip(tip)
        self.act_reports.setToolTip(tip)
        self.act_reports.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.act_reports.triggered.connect(self.show_reports)
        window.addAction(self.act_reports)
        menus = getattr(window, "menus", {})
        menu = menus.get("Project") or menus.get("Tools")
        if menu is not None:
            menu.addAction(self.act_reports)
        toolbar = getattr(window, "main_toolbar", None)
        if toolbar is not None:
            toolbar.addAction(self.act_reports)
        window.tabs.tabCloseRequested.connect(self._close_requested)
        self.update_actions()

    def update_actions(self) -> None:
        """Enabled while a project is open."""
        self.act_reports.setEnabled(self.window.bridge is not None)

    def show_reports(self) -> ReportsViewWidget | None:
        """Show the Reports tab (created on first use, on the project's default range)."""
        bridge = self.window.bridge
        if bridge is None:
            return None
        if self.view is None:
            self.view = ReportsViewWidget(bridge)
            self.view.exported.connect(lambda text: self.window.statusBar().showMessage(text, 8000))
            bridge.call(bridge.api.report_range, on_done=lambda r: self.view and self.view.default_range(*r), owner=self.view)
        tabs = self.window.tabs
        if tabs.indexOf(self.view) < 0:
            tabs.addTab(self.view, self.tr("Reports"))
        tabs.setCurrentWidget(self.view)
        return self.view

    def _close_requested(self, index: int) -> None:
        if self.view is not None and self.window.tabs.widget(index) is self.view:
            self.window.tabs.removeTab(index)

    def project_closing(self) -> None:
        """Drop the tab bound to the project's bridge."""
        if self.view is not None:
            tabs = self.window.tabs
            if tabs.indexOf(self.view) >= 0:
                tabs.removeTab(tabs.indexOf(self.view))
            self.view.deleteLater()
            self.view = None
        self.act_reports.setEnabled(False)
