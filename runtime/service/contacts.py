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

    def import_contacts_csv(self, path: str | Path, region: str | None = None,
                            mapping: dict[str, str] | None = None) -> Any:
        """Import a contacts CSV (``ImportResult``: created, updated, rejected rows by line);
        ``mapping`` renames columns first (``{"имя": "first_name"}``)."""
        from runtime.contacts.importer import import_contacts_csv

        result = import_contacts_csv(self.project, path, self.clock, default_region=region, mapping=mapping)
        self._changed("project", action="contacts")
        return result

    def import_events_jsonl(self, path: str | Path, create_contacts: bool = False) -> Any:
        """Import events from a JSONL file (``EventImportResult``: imported, rejected lines);
        ``create_contacts`` creates unknown contacts from each line's props."""
        from runtime.contacts.events import import_events_jsonl

        result = import_events_jsonl(self.project, path, self.clock, create_contacts=create_contacts)
        self._changed("project", action="contacts")
        return result

    def record_event(self, external_id: str, name: str, props: dict[str, Any] | None = None,
                     at: datetime | None = None, create_contact: bool = False) -> dict[str, Any]:
        """Record one event for a contact (NotFoundError naming it): ``{"id", "contact", "name",
        "props", "occurred_at", "future", "created_contact"}``; an event ahead of the clock is acted
        on when its time comes. ``create_contact`` creates an unknown contact from ``props``
        (normalised as the CSV importer does; see :mod:`runtime.contacts.from_event`)."""
        from runtime.contacts.events import record_event
        from runtime.contacts.from_event import contact_from_event
        from runtime.contacts.lookup import get_contact

        clock = self.clock
        created = False
        with self.project.write() as session:
            if create_contact:
                contact, created = contact_from_event(session, external_id, props, clock)
            else:
                contact = get_contact(session, external_id)
            event = record_event(session, contact, name, props, at, clock)
            data = {
                "id": event.id,
                "contact": contact.external_id,
                "name": event.name,
                "props": event.properties,
                "occurred_at": event.occurred_at.isoformat(),
                "future": event.occurred_at > clock.now(),
                "created_contact": created,
            }
        self._changed("project", action="contacts")
        return data
