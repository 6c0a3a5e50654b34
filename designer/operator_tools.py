"""The operator tools in the main window: a Tools menu with Channels…, Outbox and Contacts.

Channels… opens :class:`~designer.channel_settings.ChannelSettingsDialog`; Outbox and Contacts
are tabs next to the flow board, created on first use for the open project and removed when the
project closes. The contacts tab follows the flow open in the editor (its "stuck contacts" view
preselects that flow). Kept apart from ``main_window.py`` so the window only has to create one
of these and tell it when the project closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from designer.channel_settings import ChannelSettingsDialog
from designer.contacts_panel import ContactsPanel
from designer.outbox_viewer import OutboxViewerWidget

if TYPE_CHECKING:
    from designer.main_window import MainWindow


def tool_action(window: MainWindow, text: str, slot: Any, name: str, tip: str,
                shortcut: str | None = None) -> QAction:
    """A window-level action of a tool: object name, tips, optional shortcut."""
    action = QAction(text, window)
    action.setObjectName(name)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def show_tab(window: MainWindow, widget: QWidget, title: str) -> None:
    """Bring a tool's tab forward, adding it next to the flow board first if it is not there."""
    tabs = window.tabs
    if tabs.indexOf(widget) < 0:
        tabs.addTab(widget, title)
    tabs.setCurrentWidget(widget)


def drop_tabs(window: MainWindow, owner: Any, names: tuple[str, ...]) -> None:
    """Remove and delete the tool widgets ``owner.<name>`` (the project is closing)."""
    tabs = window.tabs
    for name in names:
        widget = getattr(owner, name)
        if widget is not None:
            if tabs.indexOf(widget) >= 0:
                tabs.removeTab(tabs.indexOf(widget))
            widget.deleteLater()
            setattr(owner, name, None)


class OperatorTools(QObject):
    """Actions, menu and tabs of the operator tools for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.outbox: OutboxViewerWidget | None = None
        self.contacts: ContactsPanel | None = None
        self.channels_dialog: ChannelSettingsDialog | None = None
        # the window's own "Channels and delivery…" action opens the settings dialog when it has one
        self.act_channels: QAction = getattr(window, "act_channels", None) or self._action(
            "Channels and delivery…", self.show_channels, "ChannelSettings",
            "Channel accounts, quiet hours, caps and the sandbox switch")
        self.act_outbox = self._action("Outbox", self.show_outbox, "ShowOutbox",
                                       "Every message the project sent or would send", "Ctrl+Shift+O")
        self.act_contacts = self._action("Contacts", self.show_contacts, "ShowContacts",
                                         "Find a contact; fix contacts stuck at a step", "Ctrl+Shift+K")
        menus = getattr(window, "menus", {})
        self.menu = menus.get("Project")
        if self.menu is None:  # no Project menu: a Tools menu before Help
            self.menu = window.menuBar().addMenu("&Tools")
            if menus.get("Help") is not None:
                window.menuBar().insertMenu(menus["Help"].menuAction(), self.menu)
            self.menu.addAction(self.act_channels)
            menus["Tools"] = self.menu
        self.menu.addSeparator()
        self.menu.addActions([self.act_outbox, self.act_contacts])
        toolbar = getattr(window, "main_toolbar", None)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addActions([self.act_outbox, self.act_contacts])
        window.tabs.currentChanged.connect(self._tab_changed)
        window.tabs.tabCloseRequested.connect(self._close_requested)
        self.update_actions()

    def _action(self, text: str, slot: Any, name: str, tip: str, shortcut: str | None = None) -> QAction:
        return tool_action(self.window, text, slot, name, tip, shortcut)

    def update_actions(self) -> None:
        """Enable the tools only while a project is open."""
        has_project = self.window.bridge is not None
        for action in (self.act_channels, self.act_outbox, self.act_contacts):
            action.setEnabled(has_project)

    # -- channels ---------------------------------------------------------------------------------

    def show_channels(self) -> ChannelSettingsDialog | None:
        """Open the channel settings dialog (non-modal; one at a time)."""
        bridge = self.window.bridge
        if bridge is None:
            return None
        if self.channels_dialog is not None and self.channels_dialog.isVisible():
            self.channels_dialog.raise_()
            self.channels_dialog.activateWindow()
            return self.channels_dialog
        dialog = ChannelSettingsDialog(bridge, self.window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.destroyed.connect(lambda *_a: setattr(self, "channels_dialog", None))
        self.channels_dialog = dialog
        self.window.last_dialog = dialog
        dialog.open()
        return dialog

    # -- tabs -------------------------------------------------------------------------------------

    def _show_tab(self, widget: QWidget, title: str) -> None:
        show_tab(self.window, widget, title)

    def show_outbox(self) -> OutboxViewerWidget | None:
        """Show the outbox tab (created on first use)."""
        bridge = self.window.bridge
        if bridge is None:
            return None
        if self.outbox is None:
            self.outbox = OutboxViewerWidget(bridge)
        self._show_tab(self.outbox, "Outbox")
        return self.outbox

    def show_contacts(self) -> ContactsPanel | None:
        """Show the contacts tab (created on first use), following the flow open in the editor."""
        bridge = self.window.bridge
        if bridge is None:
            return None
        if self.contacts is None:
            self.contacts = ContactsPanel(bridge)
            self.contacts.action_done.connect(lambda text: self.window.statusBar().showMessage(text, 8000))
        editor = self.window.current_editor()
        self._show_tab(self.contacts, "Contacts")
        if editor is not None:
            self.contacts.stuck.set_flow(editor.flow_id)
        return self.contacts

    def _tab_changed(self, _index: int) -> None:
        editor = self.window.current_editor()
        if editor is not None and self.contacts is not None:
            self.contacts.stuck.set_flow(editor.flow_id)

    def _close_requested(self, index: int) -> None:
        widget = self.window.tabs.widget(index)
        if widget is not None and widget in (self.outbox, self.contacts):
            self.window.tabs.removeTab(index)  # kept for next time: filters and selection survive

    def project_closing(self) -> None:
        """Drop every tool bound to the project's bridge (called before the bridge shuts down)."""
        drop_tabs(self.window, self, ("outbox", "contacts"))
        if self.channels_dialog is not None:
            self.channels_dialog.close()
            self.channels_dialog = None
        for action in (self.act_outbox, self.act_contacts):
            action.setEnabled(False)  # the bridge is going away; re-enabled when a project opens
