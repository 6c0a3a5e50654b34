"""Contacts and events coming in: CSV and JSONL imports and single events, as service methods.

Every method is one write transaction on the project's clock (its virtual now when it runs on a
virtual clock) and notifies the listeners afterwards.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from runtime.service.core import ServiceCore


class ContactService(ServiceCore):
    """Contact and event intake of ProjectService (see the module docstring)."""

    def import_contacts_csv(self, path: str | Path, region: str | None = None) -> Any:
        """Import a contacts CSV (``ImportResult``: created, updated, rejected rows by line)."""
        from runtime.contacts.importer import import_contacts_csv

        result = import_contacts_csv(self.project, path, self.clock, default_region=region)
        self._changed("project", action="contacts")
        return result

    def import_events_jsonl(self, path: str | Path) -> Any:
        """Import events from a JSONL file (``EventImportResult``: imported, rejected lines)."""
        from runtime.contacts.events import import_events_jsonl

        result = import_events_jsonl(self.project, path, self.clock)
        self._changed("project", action="contacts")
        return result

    def record_event(self, external_id: str, name: str, props: dict[str, Any] | None = None,
                     at: datetime | None = None) -> dict[str, Any]:
        """Record one event for a contact (NotFoundError naming it): ``{"id", "contact", "name",
        "props", "occurred_at", "future"}``; an event ahead of the clock is acted on when its time comes."""
        from runtime.contacts.events import record_event
        from runtime.contacts.lookup import get_contact

        clock = self.clock
        with self.project.write() as session:
            contact = get_contact(session, external_id)
            event = record_event(session, contact, name, props, at, clock)
            data = {
                "id": event.id,
                "contact": contact.external_id,
                "name": event.name,
                "props": event.properties,
                "occurred_at": event.occurred_at.isoformat(),
                "future": event.occurred_at > clock.now(),
            }
        self._changed("project", action="contacts")
        return data
