"""Contacts arriving from outside: Web Push subscriptions (and leads created from events), as
service methods. The CLI and the inbound HTTP API call these."""

from __future__ import annotations

from typing import Any

from runtime.service.core import ServiceCore


class IntakeService(ServiceCore):
    """Push subscriptions of ProjectService (see the module docstring)."""

    def add_push_subscription(self, external_id: str, subscription: Any) -> bool:
        """Store a browser's Web Push subscription (its ``toJSON()`` object or JSON text) for the
        contact ``external_id``; True when the endpoint is new. InputError when it is not a valid
        subscription, NotFoundError for an unknown contact."""
        from runtime.contacts.lookup import get_contact
        from runtime.contacts.phones import FieldError
        from runtime.contacts.push import add_push_subscription
        from runtime.errors import InputError

        with self.project.write() as session:
            contact = get_contact(session, external_id)
            try:
                new = add_push_subscription(session, contact.id, subscription, self.clock.now())
            except FieldError as exc:
                raise InputError(str(exc)) from None
        self._changed("project", action="contacts")
        return new

    def contact_from_event(self, external_id: str, props: dict[str, Any] | None = None) -> bool:
        """Find the contact ``external_id`` or create it from event ``props`` (fields normalised as
        the CSV importer does, the rest as attributes); True when it was created. InputError names
        a bad field and creates nothing."""
        from runtime.contacts.from_event import contact_from_event

        with self.project.write() as session:
            _contact, created = contact_from_event(session, external_id, props, self.clock)
        if created:
            self._changed("project", action="contacts")
        return created

    def remove_push_subscription(self, external_id: str, endpoint: str) -> bool:
        """Forget the contact's subscription with ``endpoint``; True if it was stored."""
        from runtime.contacts.lookup import get_contact
        from runtime.contacts.push import remove_push_subscription

        with self.project.write() as session:
            contact = get_contact(session, external_id)
            removed = remove_push_subscription(session, contact.id, endpoint, self.clock.now())
        if removed:
            self._changed("project", action="contacts")
        return removed
