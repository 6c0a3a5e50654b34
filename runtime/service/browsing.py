"""The contacts browser, hand-made contacts, imports, notifications and the living demo, as
:class:`runtime.service.ProjectService` methods. Plain dicts in and out; every change is one
transaction followed by a ``project`` :class:`~runtime.service.types.ChangeSet`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runtime.service.contacts import ContactService
from runtime.service.types import ContactDetails, ContactPage, ContactRow


class BrowseService(ContactService):
    """Contact browsing and editing methods of ProjectService (see the module docstring)."""

    def matcher(self) -> Any:
        """The engine's condition evaluation at the project's now, as the contact filters take it."""
        from runtime.engine.segments import matching_ids

        now = self.clock.now()
        return lambda session, cond, among: matching_ids(session, cond, now, among)

    def browse_contacts(self, spec: dict[str, Any] | None = None, offset: int = 0, limit: int = 50) -> ContactPage:
        """One page of contacts through a filter (tag, where, channel + status, flow + step,
        text; see :func:`runtime.contacts.selection.browse`)."""
        from runtime.contacts.selection import ContactFilter, browse

        with self.project.session() as session:
            page = browse(session, ContactFilter.from_dict(spec), self.matcher(), offset, limit)
        rows = tuple(ContactRow(**{**row, "tags": tuple(row["tags"])}) for row in page["rows"])
        return ContactPage(page["total"], page["offset"], rows)

    def save_contact(self, external_id: str, fields: dict[str, Any], create: bool = False,
                     attributes: dict[str, Any] | None = None) -> ContactDetails:
        """Add (``create``) or edit one contact by hand; returns its details (as ``contacts show``)."""
        from runtime.contacts.editing import save_contact
        from runtime.contacts.lookup import contact_details

        with self.project.write() as session:
            contact = save_contact(session, external_id, fields, self.clock, create=create, attributes=attributes)
            details = ContactDetails.from_json(contact_details(session, contact))
        self._changed("project", contact=details.id, created=create)
        return details

    def import_contacts(self, path: str | Path, region: str | None = None,
                        mapping: dict[str, str] | None = None) -> dict[str, Any]:
        """Import a contacts CSV: ``{"created", "updated", "rejected": [{"line", "reason"}]}``.

        ``mapping`` renames header names to fields first (``{"имя": "first_name"}``). Rejected
        rows are reported by line number and the good rows imported; an unusable file raises
        InputError naming it and imports nothing.
        """
        report: dict[str, Any] = self.import_contacts_csv(path, region, mapping).to_json()  # ContactService's import
        return report

    def contacts_csv_columns(self, path: str | Path) -> dict[str, Any]:
        """A contacts CSV's header for the mapping step: ``{"columns", "fields", "suggested"}``
        (see :func:`runtime.contacts.column_names.csv_columns`); InputError for an unreadable file."""
        from runtime.contacts.column_names import csv_columns

        return csv_columns(path)

    def notifications(self, limit: int = 200) -> dict[str, Any]:
        """Team notes, delivery errors and stuck contacts, newest first, with unread counts
        (see :func:`runtime.contacts.notifications.notifications`)."""
        from runtime.contacts.notifications import notifications

        with self.project.session() as session:
            return notifications(session, self.clock.now(), limit)

    def mark_notifications_read(self) -> None:
        """Mark every notification up to the project's now read."""
        from runtime.contacts.notifications import mark_read

        with self.project.write() as session:
            mark_read(session, self.clock.now())
        self._changed("settings", key="notifications:read_at")

    def demo_pulse(self) -> dict[str, int]:
        """Write the living demo's events up to now (nothing unless ``demo:live`` is on)."""
        from runtime.contacts.live_demo import pulse

        with self.project.write() as session:
            counts = pulse(session, self.clock)
        if counts:
            self._changed("project", demo=counts)
        return counts
