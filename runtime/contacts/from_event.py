"""Leads that arrive on their own: create (or find) a contact from an event's properties.

Used by ``flowcanvas event --create-contact``, ``events import --create-contacts`` and the inbound
HTTP API (``POST /v1/events`` with ``create_contact``). The properties are read as the CSV
importer reads a row: the contact fields (``email``, ``phone``, ``telegram_chat_id``,
``whatsapp``, ``first_name``, ``last_name``, ``timezone``, ``birthday``, ``*_status``) are
normalised with the same normalisers (phones to E.164 in the project's default region), ``tags``
(a list or a ``;``-separated text) become tags, and every other property is an attribute. A
contact that exists is returned unchanged; a bad field value is an InputError naming it and
nothing is created.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.contacts.fields import FieldError, field_normalizers
from runtime.contacts.normalize import split_tags
from runtime.contacts.settings import default_region, default_timezone
from runtime.contacts.tags import add_tag
from runtime.errors import InputError
from runtime.storage.models import Contact

MAX_ID = 200
CREATED_BY = "event"


def contact_fields_from_props(session: Session, props: Mapping[str, Any], clock: Clock,
                              ) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """(contact fields, attributes, tags) read from event ``props``; InputError naming a bad field."""
    normalizers = field_normalizers(default_region(session), clock.now().date())
    fields: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    tags: list[str] = []
    for key, value in props.items():
        if key == "tags":
            items = value if isinstance(value, list) else split_tags(str(value or ""))
            tags = [str(t).strip() for t in items if str(t).strip()]
        elif key in normalizers:
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                fields[key] = normalizers[key](str(value))
            except FieldError as exc:
                raise InputError(f"event property {key!r}: {exc}") from None
        elif key != "id":
            attributes[key] = value
    return fields, attributes, tags


def contact_from_event(session: Session, external_id: str, props: Mapping[str, Any] | None,
                       clock: Clock) -> tuple[Contact, bool]:
    """The contact ``external_id``, created from ``props`` when it does not exist yet.

    Returns (contact, created). The caller commits (with the event, in the same transaction).
    """
    external_id = str(external_id).strip()
    if not external_id or len(external_id) > MAX_ID:
        raise InputError(f"contact id {external_id[:40]!r} must be 1-{MAX_ID} characters")
    found = session.execute(select(Contact).where(Contact.external_id == external_id)).scalar_one_or_none()
    if found is not None:
        return found, False
    fields, attributes, tags = contact_fields_from_props(session, props or {}, clock)
    now = clock.now()
    fields.setdefault("timezone", default_timezone(session))
    contact = Contact(external_id=external_id, attributes=attributes, push_subscriptions=[], created_at=now,
                      updated_at=now, **fields)
    session.add(contact)
    session.flush()
    for tag in tags:
        add_tag(session, contact.id, tag, CREATED_BY, "created from an event", now)
    return contact, True
