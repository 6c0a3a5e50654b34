"""The main window: menus, tool bar, docks, status bar, and the tabs (board + open flows).

One project is open at a time. Its :class:`~designer.bridge.RuntimeBridge` carries every
database call; the board lists the flows; each opened flow is a
:class:`~designer.editor.FlowEditorWidget` tab whose undo stack joins the window's QUndoGroup.
Docks follow the current tab: palette and overview (left), inspector and live stats (right),
problems (bottom).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from designer import dialogs
from designer.app_settings import projects_dir
from designer.board import FlowBoardWidget
from designer.bridge import RuntimeBridge
from designer.canvas.minimap import OverviewWidget
from designer.canvas.palette import PaletteWidget
from designer.editor import LIVE_STATUSES, FlowEditorWidget
from designer.first_run import open_with_history
from designer.flow_import import FlowFileImport
from designer.i18n import tr_label
from designer.inspector import InspectorPanel, ProjectCatalog
from designer.menus import CANVAS_MENU, VIEW_MENU, WindowMenus
from designer.operator_tools import OperatorTools
from designer.ops_tools import OpsTools
from designer.problems import ProblemsPanel
from designer.reports_tools import ReportsTools
from designer.runtime_status import WindowRuntime
from designer.stats_panel import StatsPanel
from designer.welcome import WelcomeWidget
from designer.window_fit import WindowFit, scrolled
from runtime.service import ChangeSet, FlowCanvasError, FlowInfo, FlowStats

APP_NAME = "FlowCanvas"
MAX_RECENT = 8


class MainWindow(WindowMenus, FlowFileImport, QMainWindow):
    """FlowCanvas' main window (see the module docstring)."""

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.settings = settings or QSettings()
        self.bridge: RuntimeBridge | None = None
        self.catalog: ProjectCatalog | None = None
        self.board: FlowBoardWidget | None = None
        self.editors: dict[int, FlowEditorWidget] = {}
        self.last_dialog: Any = None
        self.undo_group = QUndoGroup(self)
        self.fit = WindowFit(self)  # docks step aside away from a flow; short texts on small screens
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.resize(1440, 900)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("MainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.welcome: WelcomeWidget | None = None
        self.stack.addWidget(self.tabs)

        self._make_docks()
        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self._make_status_bar()
        self.operator_tools = OperatorTools(self)  # Project menu: Outbox, Contacts (tabs)
        self.runtime = WindowRuntime(self)  # runs the open project; its status in the status bar
        self.runtime.read_only_changed.connect(lambda _why: self._update_actions())  # no palette while read-only
        self.reports_tools = ReportsTools(self)  # Project menu: Reports (tab)
        self.ops_tools = OpsTools(self)  # Project menu: Tags, Notifications, live demo switch
        self._show_welcome()
        self._update_actions()
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    # -- construction --------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _make_docks(self) -> None:
        self.palette = PaletteWidget()
        self.palette.setObjectName("Palette")
        self.palette.step_type_activated.connect(self._palette_activated)
        self.palette_dock = self._dock(self.tr("Steps"), "PaletteDock", self.palette, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.palette.setMinimumWidth(self.palette.needed_width())  # step names never cut
        self.overviews = QStackedWidget()
        self.overviews.addWidget(QLabel(""))
        self.overview_dock = self._dock(self.tr("Overview"), "OverviewDock", self.overviews, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.overviews.setMinimumHeight(150)
        self.overviews.setMaximumHeight(190)
        self.inspector_host = QStackedWidget()
        self.inspector_dock = self._dock(self.tr("Inspector"), "InspectorDock", self.inspector_host,
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.inspector_dock.setMinimumWidth(320)  # a 1366 px screen at 150 % leaves the canvas room
        self.stats = StatsPanel()
        # its charts scroll on a low screen instead of setting the window's minimum height
        self.stats_dock = self._dock(self.tr("Live stats"), "StatsDock", scrolled(self.stats, "StatsScroll"),
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.inspector_dock, self.stats_dock)
        self.inspector_dock.raise_()
        self.problems = ProblemsPanel()
        self.problems.step_requested.connect(self._problem_activated)
        self.problems_dock = self._dock(self.tr("Problems"), "ProblemsDock", self.problems,
                Qt.DockWidgetArea.BottomDockWidgetArea)
        self.problems_dock.setMaximumHeight(220)
        self.resizeDocks([self.palette_dock], [210], Qt.Orientation.Horizontal)
        self.resizeDocks([self.inspector_dock], [400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.problems_dock], [110], Qt.Orientation.Vertical)
        self.inspector: InspectorPanel | None = None

    # -- projects ------------------------------------------------------------------------------
    def recent_projects(self) -> list[str]:
        value = self.settings.value("recent_projects", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, path: str) -> None:
        recent = [p for p in self.recent_projects() if p != path]
        self.settings.setValue("recent_projects", [path, *recent][:MAX_RECENT])
        self.settings.setValue("last_project", path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_projects():
            self.recent_menu.addAction(path, lambda p=path: self.open_project(p))
        if not self.recent_projects():
            self.recent_menu.addAction(self.tr("No recent projects")).setEnabled(False)

    def new_project(self, demo: bool = False) -> None:
        path = dialogs.ask_save_file(self, self.tr("New demo project") if demo else self.tr("New project"),
                dialogs.PROJECT_FILTER,
                                     str(projects_dir(self.settings) / ("demo.fcproj" if demo else "project.fcproj")))
        if path:
            if not path.endswith((".fcproj", ".db", ".sqlite")):
                path += ".fcproj"
            self.open_project(path, create=True, demo=demo)

    def ask_open_project(self) -> None:
        path = dialogs.ask_open_file(self, self.tr("Open project"), dialogs.PROJECT_FILTER, str(projects_dir(self.settings)))
        if path:
            self.open_project(path)

    def open_project(self, path: str | Path, create: bool = False, demo: bool = False) -> bool:
        """Open (or create) a project, closing the current one first; False when it failed."""
        if not self.close_project():
            return False
        bridge = RuntimeBridge(self)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            open_with_history(self, bridge, path, create, demo, self.settings)  # new: sandbox, defaults
        except FlowCanvasError as exc:
            bridge.shutdown()
            bridge.deleteLater()
            QApplication.restoreOverrideCursor()
            dialogs.show_error(self, self.tr("Could not open the project"), exc)
            return False
        QApplication.restoreOverrideCursor()
        self.bridge = bridge
        bridge.failed.connect(self._background_failed)
        bridge.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("Working…") if busy else ""))
        bridge.changed.connect(self._on_change)
        bridge.stats_changed.connect(self._stats_changed)
        self.catalog = ProjectCatalog(bridge, self)
        self.inspector = InspectorPanel(self.catalog)
        self.inspector.send_test_requested.connect(self._send_test)
        self.inspector_host.addWidget(self.inspector)
        self.inspector_host.setCurrentWidget(self.inspector)
        self.board = FlowBoardWidget(bridge)
        self.board.open_requested.connect(self.open_flow)
        self.tabs.insertTab(0, self.board, self.tr("Flows"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.LeftSide, None)
        self.tabs.setCurrentIndex(0)
        self.stack.setCurrentWidget(self.tabs)
        label = str(bridge.label)
        self._remember(str(path))
        self.project_label.setText(self.tr("Project: {label}").format(label=label))
        self.setWindowTitle(f"{Path(label).name} — {APP_NAME}")
        self.catalog.refresh()
        bridge.refresh_flows()
        self._load_sandbox()
        self._update_actions()
        self.runtime.project_opened(label)
        return True

    def close_project(self) -> bool:
        """Close every flow tab (asking about unsaved edits) and the project; False if cancelled."""
        for flow_id in list(self.editors):
            if not self.close_flow(flow_id):
                return False
        if self.bridge is None:
            return True
        if self.board is not None:
            self.tabs.removeTab(self.tabs.indexOf(self.board))
            self.board.deleteLater()
            self.board = None
        if self.inspector is not None:
            self.inspector.set_document(None)
            self.inspector_host.removeWidget(self.inspector)
            self.inspector.deleteLater()
            self.inspector = None
        self.operator_tools.project_closing()
        self.runtime.project_closing()
        self.reports_tools.project_closing()
        self.ops_tools.project_closing()
        self.bridge.shutdown()
        self.bridge.deleteLater()
        self.bridge = None
        self.catalog = None
        self.project_label.setText("")
        self.sandbox_label.clear()
        self.setWindowTitle(APP_NAME)
        return True

    def _show_welcome(self) -> None:
        if self.welcome is not None:
            self.stack.removeWidget(self.welcome)
            self.welcome.deleteLater()
        self.welcome = WelcomeWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.setCurrentWidget(self.welcome)

    # -- flows ---------------------------------------------------------------------------------

    def current_editor(self) -> FlowEditorWidget | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, FlowEditorWidget) else None

    def _send_test(self, step_id: str) -> None:
        """The inspector's "Send me a test": the open flow's editor sends it (designer/send_test.py)."""
        self._with_editor(lambda editor: editor.send_test.send(step_id))

    def _with_editor(self, fn: Any) -> None:
        editor = self.current_editor()
        if editor is not None:
            fn(editor)

    def _new_flow(self) -> None:
        if self.board is not None:
            self.tabs.setCurrentWidget(self.board)
            self.board.new_flow()

    def open_flow(self, flow_id: int) -> None:
        """Show the flow's tab, loading it in the background if it is not open yet."""
        if flow_id in self.editors:
            self.tabs.setCurrentWidget(self.editors[flow_id])
            return
        if self.bridge is not None:
            self.bridge.call(self.bridge.api.get_flow, flow_id, on_done=self._flow_loaded,
                             on_error=lambda e: dialogs.show_error(self, self.tr("Could not open the flow"), e))

    def _flow_loaded(self, info: FlowInfo) -> None:
        if info.id in self.editors or self.bridge is None:
            self.open_flow(info.id)
            return
        editor = FlowEditorWidget(self.bridge, info)
        self.editors[info.id] = editor
        editor.title_changed.connect(lambda title, e=editor: self.tabs.setTabText(self.tabs.indexOf(e), title))
        editor.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        editor.document.set_read_only(self.runtime.read_only)
        editor.document.edit_refused.connect(
            lambda why: self.statusBar().showMessage(self.tr("Read-only ({why}): take over to edit.").format(why=why), 8000))
        editor.publish_blocked.connect(self._show_problems)
        editor.import_requested.connect(self.ask_import)
        editor.info_changed.connect(self._update_actions)
        editor.checker.checked.connect(lambda report, e=editor: self._report_changed(e, report))
        editor.scene.selectionChanged.connect(lambda e=editor: self._selection_changed(e))
        editor.scene.trigger_activated.connect(lambda e=editor: self._trigger_activated(e))
        editor.scene.step_activated.connect(lambda step_id, e=editor: self._step_activated(e, step_id))
        editor.document.step_changed.connect(lambda _s, e=editor: self._steps_renamed(e))
        editor.document.step_added.connect(lambda _s, e=editor: self._steps_renamed(e))
        editor.document.step_removed.connect(lambda _s, e=editor: self._steps_renamed(e))
        editor.overview = OverviewWidget(editor.view)
        self.overviews.addWidget(editor.overview)
        self.undo_group.addStack(editor.document.undo_stack)
        index = self.tabs.addTab(editor, editor.title)
        self.tabs.setCurrentIndex(index)
        editor.view.setFocus()

    def close_flow(self, flow_id: int) -> bool:
        """Close a flow tab, asking about unsaved edits; False when the user cancelled."""
        editor = self.editors.get(flow_id)
        if editor is None:
            return True
        if editor.document.is_modified():
            self.tabs.setCurrentWidget(editor)
            answer = dialogs.ask_save_changes(self, editor.document.flow.name)
            if answer == "cancel":
                return False
            if answer == "save" and self.bridge is not None:
                # wait for it: the editor is gone before an asynchronous save would report back
                try:
                    self.bridge.call_sync(self.bridge.api.save_draft, flow_id, editor.document.flow.copy())
                except FlowCanvasError as exc:
                    dialogs.show_error(self, self.tr("Could not save the draft"), exc)
                    return False
        editor.teardown()
        self.undo_group.removeStack(editor.document.undo_stack)
        self.tabs.removeTab(self.tabs.indexOf(editor))
        self.overviews.removeWidget(editor.overview)
        editor.overview.deleteLater()
        del self.editors[flow_id]
        if self.bridge is not None and self.bridge.watched_flow == flow_id:
            self.bridge.watch_flow(None)
        editor.deleteLater()
        self._tab_changed(self.tabs.currentIndex())
        return True

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, FlowEditorWidget):
            self.close_flow(widget.flow_id)

    def _tab_changed(self, _index: int) -> None:
        editor = self.current_editor()
        self.fit.follow_editor(editor is not None)
        if self.inspector is not None:
            self.inspector.set_document(editor.document if editor else None)
        if editor is not None:
            self.undo_group.setActiveStack(editor.document.undo_stack)
            self.overviews.setCurrentWidget(editor.overview)
            self.problems.show_report(editor.checker.report, editor.step_names())
            self.stats.set_step_names(editor.step_names())
            self.stats.set_stats(editor.stats)
            self._load_daily(editor.flow_id)
        else:
            self.undo_group.setActiveStack(None)
            self.overviews.setCurrentIndex(0)
            self.problems.show_report(None)
            self.stats.clear()
        if self.bridge is not None:
            self.bridge.watch_flow(editor.flow_id if editor else None)
        self._update_actions()

    def _update_actions(self) -> None:
        editor = self.current_editor()
        has_project = self.bridge is not None
        for action in (self.act_new_flow, self.act_import, self.act_board):
            action.setEnabled(has_project)
        for action in (self.act_export, self.act_save, self.act_close_tab, self.act_find, self.act_publish):
            action.setEnabled(editor is not None)
        for key, action in self.canvas_menu_actions.items():
            action.setEnabled(editor is not None)
            if editor is not None:
                source = editor.view.canvas_actions[key]
                keys = source.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                label = tr_label(dict(CANVAS_MENU + VIEW_MENU)[key])
                action.setText(f"{label}\t{keys}" if keys else label)
                action.setIconText(label)  # tool bars show the label without the shortcut
        status = editor.status if editor else ""
        self.act_channels.setEnabled(has_project)
        if hasattr(self, "operator_tools"):
            self.operator_tools.update_actions()
        if hasattr(self, "reports_tools"):
            self.reports_tools.update_actions()
        if hasattr(self, "ops_tools"):
            self.ops_tools.update_actions()
        # the runtime's lifecycle table decides (FlowInfo.actions), as on the editor's tool bar
        allowed = editor.info.actions if editor is not None else ()
        self.act_activate.setEnabled("activate" in allowed and status not in LIVE_STATUSES)
        self.act_pause.setEnabled("pause" in allowed)
        self.act_resume.setEnabled("resume" in allowed)
        if editor is not None:
            self.act_publish.setEnabled(editor.actions_["publish"].isEnabled())
        self.overview_dock.widget().setEnabled(editor is not None)
        self.palette.setEnabled(editor is not None and not self.runtime.read_only)

    def _canvas_action(self, key: str) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.view.canvas_actions[key].trigger()

    def _palette_activated(self, type_name: str) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.add_step(type_name)

    def _selection_changed(self, editor: FlowEditorWidget) -> None:
        if editor is self.current_editor() and self.inspector is not None:
            try:
                ids = editor.scene.selected_step_ids()
            except RuntimeError:  # the scene is being destroyed with its tab
                return
            self.inspector.show_selection(ids)

    def _trigger_activated(self, editor: FlowEditorWidget) -> None:
        if editor is self.current_editor() and self.inspector is not None:
            self.inspector.show_flow_settings()
            self.inspector_dock.raise_()

    def _step_activated(self, editor: FlowEditorWidget, step_id: str) -> None:
        """A double-clicked card: its form comes to the front."""
        if editor is self.current_editor() and self.inspector is not None:
            self.inspector.show_step(step_id)
            self.inspector_dock.show()
            self.inspector_dock.raise_()

    def _report_changed(self, editor: FlowEditorWidget, report: Any) -> None:
        if editor is self.current_editor():
            self.problems.show_report(report, editor.step_names())
            self.act_publish.setEnabled(editor.actions_["publish"].isEnabled())

    def _steps_renamed(self, editor: FlowEditorWidget) -> None:
        if editor is self.current_editor():
            self.stats.set_step_names(editor.step_names())

    def _problem_activated(self, step_id: str) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        if step_id and editor.find_step(step_id):
            if self.inspector is not None:
                self.inspector.show_step(step_id)
        elif self.inspector is not None:
            editor.scene.clearSelection()
            self.inspector.show_flow_settings()
        self.inspector_dock.raise_()

    def _show_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()

    def _load_daily(self, flow_id: int) -> None:
        service = self.bridge.service if self.bridge else None
        if service is None:
            self.stats.set_daily([])
            return
        self.bridge.call(self.bridge.api.entries_per_day, flow_id, on_done=self.stats.set_daily, on_error=lambda _e: None)
        self.bridge.call(self.bridge.api.step_funnel, flow_id, on_done=self.stats.set_funnel, on_error=lambda _e: None)

    def _stats_changed(self, flow_id: int, stats: FlowStats) -> None:
        editor = self.current_editor()
        if editor is not None and editor.flow_id == flow_id:
            before = self.stats.stats
            entered_before = before.flow.entered if before is not None else 0
            self.stats.set_stats(stats)
            if stats.flow.entered != entered_before:
                self._load_daily(flow_id)  # new entries: the chart's last bar grew

    def _load_sandbox(self) -> None:
        if self.bridge is not None:
            self.bridge.call(self.bridge.api.get_setting, "sandbox", False, on_done=self._show_sandbox, on_error=lambda _e: None)

    def _show_sandbox(self, value: Any) -> None:
        on = bool(value.get("enabled", False)) if isinstance(value, dict) else bool(value)
        self.sandbox_label.set_sandbox(on)

    def show_channel_settings(self) -> None:
        """Project > Channels and delivery… (the channel settings dialog, on this bridge)."""
        if self.bridge is None:
            return
        from designer.channel_settings import ChannelSettingsDialog

        try:
            dialog = ChannelSettingsDialog(self.bridge, self)
        except FlowCanvasError as exc:
            dialogs.show_error(self, self.tr("Channel settings"), exc)
            return
        self.last_dialog = dialog
        dialog.finished.connect(lambda _r: self._load_sandbox())
        dialog.open()

    def _on_change(self, change: ChangeSet) -> None:
        if change.kind == "settings":
            self._load_sandbox()
        editor = self.current_editor()
        if editor is not None and editor.flow_id in change.flow_ids:
            self._load_daily(editor.flow_id)

    # -- find, shortcuts, about ----------------------------------------------------------------

    def find_step(self) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        dialog = dialogs.FindStepDialog(editor.step_entries(), self)
        self.last_dialog = dialog
        dialog.accepted.connect(lambda: self._found(editor, dialog.step_id))
        dialog.open()

    def _found(self, editor: FlowEditorWidget, step_id: str | None) -> None:
        if step_id and editor.find_step(step_id) and self.inspector is not None:
            self.inspector.show_step(step_id)


    # -- errors and closing --------------------------------------------------------------------

    def _background_failed(self, what: str, error: BaseException) -> None:
        if isinstance(error, FlowCanvasError):
            dialogs.show_error(self, self.tr("Something went wrong"), error)
        else:
            self.statusBar().showMessage(self.tr("{what} failed: {error}").format(what=what, error=error), 10000)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit.resized()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_project():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        event.accept()

