"""The day-to-day operations tools of the main window: Tags, Notifications, the live demo switch.

Tags and Notifications are tabs next to the flow board (like Outbox and Contacts); the
Notifications action shows the unread count ("Notifications (3)") while a project is open. The
contacts browser's "Tag these…" opens the Tags view with its filter; a notification opens its
contact in the Contacts tab. "Live demo events" switches a demo project's synthetic event
stream (the project setting ``demo:live``). Kept apart from ``main_window.py`` so the window
only creates one of these and tells it when the project opens or closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from designer.notifications_panel import NotificationsPanel
from designer.operator_tools import drop_tabs, show_tab, tool_action
from designer.tags_view import TagsView

if TYPE_CHECKING:
    from designer.main_window import MainWindow

DEMO_KEY = "demo:live"


class OpsTools(QObject):
    """Actions and tabs of the tag editor, notifications and the live demo switch."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.tags: TagsView | None = None
        self.notifications: NotificationsPanel | None = None
        self._bridge: Any = None
        self.act_tags = self._action(self.tr("Tags"), self.show_tags, "ShowTags",
                                     self.tr("Every tag with its count; rename, merge, delete, tag many contacts"),
                                             "Ctrl+Shift+G")
        self.act_notifications = self._action(self.tr("Notifications"), self.show_notifications, "ShowNotifications",
                                              self.tr("Team notes, delivery errors and stuck contacts"), "Ctrl+Shift+N")
        self.act_demo = self._action(self.tr("Live demo events"), self.toggle_demo, "LiveDemo",
                                     self.tr("A demo project keeps producing visits, carts, purchases and messages"))
        self.act_demo.setCheckable(True)
        self.act_demo.setVisible(False)
        menus = getattr(window, "menus", {})
        menu = menus.get("Project") or menus.get("Tools")
        if menu is not None:
            menu.addSeparator()
            menu.addActions([self.act_tags, self.act_notifications, self.act_demo])
        toolbar = getattr(window, "main_toolbar", None)
        if toolbar is not None:
            toolbar.addActions([self.act_tags, self.act_notifications])
        window.tabs.tabCloseRequested.connect(self._close_requested)
        window.tabs.currentChanged.connect(lambda _index: self._connect_browser())  # a Contacts tab appeared
        self.update_actions()

    def _action(self, text: str, slot: Any, name: str, tip: str, shortcut: str | None = None) -> QAction:
        return tool_action(self.window, text, slot, name, tip, shortcut)

    def update_actions(self) -> None:
        """Enable the tools while a project is open; start watching notifications for a new one."""
        bridge = self.window.bridge
        for action in (self.act_tags, self.act_notifications, self.act_demo):
            action.setEnabled(bridge is not None)
        if bridge is not None and bridge is not self._bridge:
            self._bridge = bridge
            self.notifications = NotificationsPanel(bridge)
            self.notifications.unread_changed.connect(self._unread)
            self.notifications.open_contact.connect(self._open_contact)
            bridge.call(bridge.api.get_setting, DEMO_KEY, None, on_done=self._demo_setting, on_error=lambda _e: None)

    # -- tabs -------------------------------------------------------------------------------------

    def show_tags(self) -> TagsView | None:
        """Show the Tags tab (created on first use)."""
        bridge = self.window.bridge
        if bridge is None:
            return None
        if self.tags is None:
            self.tags = TagsView(bridge)
            self.tags.action_done.connect(lambda text: self.window.statusBar().showMessage(text, 8000))
        else:
            self.tags.refresh()
        show_tab(self.window, self.tags, self.tr("Tags"))
        self._connect_browser()
        return self.tags

    def show_notifications(self) -> NotificationsPanel | None:
        """Show the Notifications tab."""
        if self.window.bridge is None or self.notifications is None:
            return None
        self.notifications.refresh()
        show_tab(self.window, self.notifications, self.tr("Notifications"))
        return self.notifications

    def _connect_browser(self) -> None:
        """Let the contacts browser's "Tag these…" reach the Tags view (once per Contacts panel)."""
        contacts = getattr(getattr(self.window, "operator_tools", None), "contacts", None)
        browser = getattr(contacts, "browser", None)
        if browser is not None and not browser.property("ops_connected"):
            browser.setProperty("ops_connected", True)
            browser.tag_requested.connect(self._tag_filter)

    def _tag_filter(self, spec: dict[str, Any], words: str) -> None:
        view = self.show_tags()
        if view is not None:
            view.use_filter(spec, words)

    def _open_contact(self, external_id: str) -> None:
        tools = getattr(self.window, "operator_tools", None)
        panel = tools.show_contacts() if tools is not None else None
        if panel is not None:
            self._connect_browser()
            panel.open_contact(external_id)

    def _unread(self, count: int) -> None:
        self.act_notifications.setText(self.tr("Notifications ({count})")
                .format(count=count) if count else self.tr("Notifications"))

    # -- live demo --------------------------------------------------------------------------------

    def _demo_setting(self, value: Any) -> None:
        self.act_demo.setVisible(value is not None)  # only demo projects have the setting
        self.act_demo.setChecked(bool(value))

    def toggle_demo(self, checked: bool) -> None:
        """Switch the demo project's synthetic event stream on or off."""
        if self.window.bridge is not None:
            self.window.bridge.call(self.window.bridge.api.set_setting, DEMO_KEY, bool(checked), on_error=lambda _e: None)
            self.window.statusBar().showMessage(
                self.tr("Live demo events on: customers keep visiting and buying.") if checked else
                self.tr("Live demo events off."), 6000)

    # -- closing ----------------------------------------------------------------------------------

    def _close_requested(self, index: int) -> None:
        widget = self.window.tabs.widget(index)
        if widget is not None and widget in (self.tags, self.notifications):
            self.window.tabs.removeTab(index)

    def project_closing(self) -> None:
        """Drop every tool bound to the project's bridge (before the bridge shuts down)."""
        if self.notifications is not None:
            self.notifications.timer.stop()
        drop_tabs(self.window, self, ("tags", "notifications"))
        self._bridge = None
        for action in (self.act_tags, self.act_notifications, self.act_demo):
            action.setEnabled(False)
        self.act_demo.setVisible(False)
        self.act_notifications.setText(self.tr("Notifications"))
