"""The main window's actions, menus, tool bar and status bar (a mixin of MainWindow).

Window-level actions carry real shortcuts (Ctrl+S, Ctrl+F, Ctrl+Z ...). Canvas actions (Delete,
Ctrl+C/V/D, Ctrl+0 ...) belong to each FlowView, in the canvas' shortcut context so typing in the
inspector is never taken for a canvas command; the menus show them through proxy entries whose
text carries the shortcut after a tab.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QSizePolicy

from designer import dialogs
from designer.i18n import tr_label
from designer.language_menu import LanguageMenu
from designer.mode_indicator import ModeIndicator
from designer.widgets import ElidedLabel
from runtime.service import ProjectService


def app_version() -> str:
    """The installed FlowCanvas version (the About box, the bundle's smoke report)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("flowcanvas")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(development)"

# canvas actions live on each FlowView (shortcuts in the canvas' context); the menus show them
CANVAS_MENU = (("delete", QT_TRANSLATE_NOOP("labels", "Delete")), ("cut", QT_TRANSLATE_NOOP("labels", "Cut")), ("copy",
        QT_TRANSLATE_NOOP("labels", "Copy")), ("paste", QT_TRANSLATE_NOOP("labels", "Paste")),
               ("duplicate", QT_TRANSLATE_NOOP("labels", "Duplicate")), ("select_all", QT_TRANSLATE_NOOP("labels", "Select all")))
VIEW_MENU = (("zoom_in", QT_TRANSLATE_NOOP("labels", "Zoom in")), ("zoom_out", QT_TRANSLATE_NOOP("labels", "Zoom out")), ("fit",
        QT_TRANSLATE_NOOP("labels", "Fit to view")),
             ("zoom_selection", QT_TRANSLATE_NOOP("labels", "Zoom to selection")), ("tidy", QT_TRANSLATE_NOOP("labels",
                     "Tidy layout")))


class WindowMenus:
    """Builds the actions, menus, tool bar and status bar of :class:`~designer.main_window.MainWindow`."""

    def _action(self, text: str, slot: Any, shortcut: Any = None, name: str = "", tip: str = "") -> QAction:
        action = QAction(text, self)
        if name:
            action.setObjectName(name)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        A = self._action  # noqa: N806 - one-letter aliases keep the action table below readable
        K = QKeySequence.StandardKey  # noqa: N806
        self.act_new_project = A(self.tr("New project…"), self.new_project, name="NewProject")
        self.act_open_project = A(self.tr("Open project…"), self.ask_open_project, K.Open, "OpenProject")
        self.act_new_flow = A(self.tr("New flow…"), self._new_flow, K.New, "NewFlow",
                self.tr("Create a flow, blank or from a preset"))
        self.act_import = A(self.tr("Import flow…"), self.ask_import, "Ctrl+I", "ImportFlow",
                self.tr("Import a flow file as a new draft"))
        self.act_export = A(self.tr("Export flow…"), lambda: self._with_editor(lambda e: e.export()), "Ctrl+E", "ExportFlow")
        self.act_save = A(self.tr("Save draft"), lambda: self._with_editor(lambda e: e.save()), K.Save, "SaveDraft")
        self.act_close_tab = A(self.tr("Close flow"), lambda: self.close_tab(self.tabs.currentIndex()), K.Close, "CloseFlow")
        self.act_quit = A(self.tr("Quit"), self.close, K.Quit, "Quit")
        self.act_settings = A(self.tr("Settings…"), self.show_settings, K.Preferences, "Settings",
                              self.tr("Theme, language, projects folder and what new projects start with"))
        self.act_undo = self.undo_group.createUndoAction(self, self.tr("Undo"))
        self.act_undo.setShortcuts([QKeySequence(K.Undo)])
        self.act_redo = self.undo_group.createRedoAction(self, self.tr("Redo"))
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_undo.setIconText(self.tr("Undo"))  # the menu says "Undo Move"; the tool bar stays short
        self.act_redo.setIconText(self.tr("Redo"))
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        self.act_find = A(self.tr("Find step…"), self.find_step, K.Find, "FindStep")
        self.act_publish = A(self.tr("Publish"), lambda: self._with_editor(lambda e: e.publish()), "Ctrl+Shift+P", "Publish")
        self.act_activate = A(self.tr("Activate"), lambda: self._with_editor(lambda e: e.activate()), name="Activate")
        self.act_pause = A(self.tr("Pause"), lambda: self._with_editor(lambda e: e.pause()), name="Pause")
        self.act_resume = A(self.tr("Resume"), lambda: self._with_editor(lambda e: e.resume()), name="Resume")
        self.act_problems = A(self.tr("Show problems"), self._show_problems, "Ctrl+Shift+M", "ShowProblems")
        self.act_board = A(self.tr("Flow board"), lambda: self.tabs.setCurrentIndex(0), "Ctrl+1", "ShowBoard")
        self.act_shortcuts = A(self.tr("Keyboard shortcuts"), self.show_shortcuts, "F1", "Shortcuts")
        self.act_about = A(self.tr("About FlowCanvas"), self._about, name="About")
        self.act_channels = A(self.tr("Channels and delivery…"), self.show_channel_settings, name="ChannelSettings",
                              tip=self.tr("Channel accounts, quiet hours, caps and the sandbox switch"))
        # menu entries for the canvas actions of the current editor (shortcut shown after a tab)
        self.canvas_menu_actions: dict[str, QAction] = {}
        for key, text in CANVAS_MENU + VIEW_MENU:
            action = QAction(tr_label(text), self)
            action.triggered.connect(lambda _c=False, k=key: self._canvas_action(k))
            self.canvas_menu_actions[key] = action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        file.addActions([self.act_new_project, self.act_open_project])
        self.recent_menu = file.addMenu(self.tr("Open recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addActions([self.act_new_flow, self.act_save, self.act_import, self.act_export])
        file.addSeparator()
        file.addActions([self.act_settings])
        file.addSeparator()
        file.addActions([self.act_close_tab, self.act_quit])
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        for key, _text in CANVAS_MENU:
            edit.addAction(self.canvas_menu_actions[key])
        edit.addSeparator()
        edit.addAction(self.act_find)
        view = bar.addMenu(self.tr("&View"))
        for key, _text in VIEW_MENU:
            view.addAction(self.canvas_menu_actions[key])
        view.addSeparator()
        view.addAction(self.act_board)
        view.addAction(self.act_problems)
        for dock in (self.palette_dock, self.overview_dock, self.inspector_dock, self.stats_dock, self.problems_dock):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        self.language_menu = LanguageMenu(self.settings, self)
        view.addMenu(self.language_menu)
        flow = bar.addMenu(self.tr("F&low"))
        flow.addActions([self.act_publish, self.act_activate, self.act_pause, self.act_resume])
        project = bar.addMenu(self.tr("&Project"))
        project.addAction(self.act_channels)
        help_ = bar.addMenu(self.tr("&Help"))
        help_.addActions([self.act_shortcuts, self.act_about])
        self.menus = {"File": file, "Edit": edit, "View": view, "Flow": flow, "Project": project, "Help": help_}

    def _make_toolbar(self) -> None:
        bar = self.addToolBar(self.tr("Main"))
        bar.setObjectName("MainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.act_board)
        bar.addAction(self.act_new_flow)
        bar.addAction(self.act_import)
        bar.addSeparator()
        bar.addAction(self.act_undo)
        bar.addAction(self.act_redo)
        bar.addSeparator()
        bar.addAction(self.act_find)
        # fit and tidy are in each editor's own bar, above its canvas: this one must keep room at
        # 1366 px for what the tool modules add (outbox, contacts, reports, tags, notifications)
        self.main_toolbar = bar

    def _make_status_bar(self) -> None:
        status = self.statusBar()
        # a long path (or a longer language) ends in "…" rather than widening the window
        self.project_label = ElidedLabel()
        self.project_label.setObjectName("ProjectLabel")
        self.project_label.setMinimumWidth(80)
        self.project_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.busy_label = QLabel()
        self.busy_label.setProperty("role", "hint")
        self.keyring_button = QPushButton(self.tr("No keyring: credentials cannot be saved"))
        self.keyring_button.setToolTip(self.tr("No keyring: credentials cannot be saved"))
        self.keyring_button.setProperty("flat", True)
        self.keyring_button.clicked.connect(lambda: setattr(self, "last_dialog", dialogs.show_keyring_missing(self)))
        self.keyring_button.setVisible(not ProjectService.keyring_available())
        self.sandbox_label = ModeIndicator()  # SANDBOX (amber) or LIVE (red)
        status.addPermanentWidget(self.sandbox_label)
        status.addPermanentWidget(self.keyring_button)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.project_label)

    def show_settings(self) -> None:
        """File > Settings… (QSettings: theme, language, projects folder, new-project defaults)."""
        from designer.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        self.last_dialog = dialog
        dialog.open()

    def shortcut_groups(self) -> list[tuple[str, list[QAction]]]:
        """Every action with a shortcut, by menu (canvas actions from a live or spare view)."""
        from designer.canvas.scene import FlowScene
        from designer.canvas.view import FlowView

        editor = self.current_editor()
        view = editor.view if editor else FlowView(FlowScene(), self)
        canvas = [view.canvas_actions[k] for k, _t in CANVAS_MENU + VIEW_MENU]
        groups = [
            ("File", [self.act_open_project, self.act_new_flow, self.act_save, self.act_import, self.act_export,
                      self.act_close_tab, self.act_quit]),
            ("Edit", [self.act_undo, self.act_redo, *canvas[: len(CANVAS_MENU)], self.act_find]),
            ("View", [*canvas[len(CANVAS_MENU):], self.act_board, self.act_problems]),
            ("Flow", [self.act_publish]),
            ("Help", [self.act_shortcuts]),
        ]
        if editor is None:
            view.deleteLater()
        return groups

    def show_shortcuts(self) -> None:
        extra = [("Canvas", "Pan", self.tr("Space + drag, or middle mouse")), ("Canvas", "Zoom", self.tr("Ctrl + wheel")),
                 ("Canvas", self.tr("Connect steps"), self.tr("Drag from a port to a step"))]
        dialog = dialogs.ShortcutsDialog(self.shortcut_groups(), self, extra)
        self.last_dialog = dialog
        dialog.open()

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About FlowCanvas"),
                          self.tr("<b>FlowCanvas {v0}</b><br>Design and run automated multichannel flows.<br>Projects are "
                                  "single files; credentials stay in your system keyring.").format(v0=app_version()))
