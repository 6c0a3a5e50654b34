"""What the inspector's pickers offer: the project's real fields, tags, events, contacts, flows.

Loaded in the background through the bridge when a project opens and again whenever the project
reports a change, so pickers list what exists without ever touching the database themselves.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from runtime.service import ContactBrief

#: Fields every contact has, offered before the project has loaded its own list.
BUILTIN_FIELDS = ("email", "phone", "first_name", "last_name", "telegram_chat_id", "whatsapp",
                  "timezone", "birthday", "created_at", "last_activity_at")


class ProjectCatalog(QObject):
    """Cached picker data for one project; ``changed`` fires after each reload."""

    changed = Signal()

    def __init__(self, bridge: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.fields: list[str] = list(BUILTIN_FIELDS)
        self.tags: list[str] = []
        self.events: list[str] = []
        self.contacts: list[ContactBrief] = []
        self._contexts: dict[str, dict[str, Any]] = {}
        if bridge is not None:
            bridge.changed.connect(self._on_change)

    @property
    def flow_names(self) -> list[str]:
        """Names of the project's flows (for leave_flows)."""
        return [f.name for f in self.bridge.flows] if self.bridge is not None else []

    def refresh(self) -> None:
        """Reload everything in the background."""
        if self.bridge is None or self.bridge.service is None:
            return
        service = self.bridge.service

        def load() -> tuple[list[str], list[str], list[str], list[ContactBrief]]:
            return service.field_names(), service.tag_names(), service.event_names(), service.sample_contacts(20)

        self.bridge.submit(load, on_done=self._loaded, on_error=lambda _e: None, what="catalog")

    def _loaded(self, data: tuple[list[str], list[str], list[str], list[ContactBrief]]) -> None:
        fields, tags, events, contacts = data
        self.fields = list(dict.fromkeys([*fields])) or list(BUILTIN_FIELDS)
        self.tags, self.events, self.contacts = list(tags), list(events), list(contacts)
        self._contexts.clear()
        self.changed.emit()

    def _on_change(self, change: Any) -> None:
        if getattr(change, "kind", "") in ("project", "settings", "flow_created"):
            self.refresh()

    def contact_context(self, external_id: str, on_done: Any, owner: QObject | None = None) -> None:
        """Call ``on_done(context)`` with a contact's template context (cached); not at all when
        ``owner`` (the widget that asked) was deleted before the context arrived."""
        if external_id in self._contexts:
            on_done(self._contexts[external_id])
            return
        if self.bridge is None or self.bridge.service is None:
            return

        def done(ctx: dict[str, Any]) -> None:
            self._contexts[external_id] = ctx
            on_done(ctx)

        self.bridge.call(self.bridge.api.contact_context, external_id, on_done=done, on_error=lambda _e: None,
                         owner=owner)
