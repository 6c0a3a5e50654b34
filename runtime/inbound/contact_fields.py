"""Contacts from inbound data: the fields an API call or a form post carries, normalised the same
way as a CSV import (phones in E.164, emails normalised, IANA time zones), then created or updated.

A bad value raises :class:`FieldError` naming the field, so the API answers 400 with that name
and nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.contacts.fields import FieldError, field_normalizers
from runtime.contacts.normalize import check_tag_name
from runtime.contacts.settings import default_region, default_timezone
from runtime.contacts.tags import add_tag
from runtime.storage.models import CONTACT_FIELD_COLUMNS, Contact

# contact fields an API body or a mapped form may set, and how each is normalised
FIELDS = CONTACT_FIELD_COLUMNS


def normalise_fields(raw: dict[str, Any], region: str | None, today: datetime | None = None) -> dict[str, Any]:
    """The contact fields of ``raw`` in stored form, with the importer's normalisers
    (:func:`runtime.contacts.fields.field_normalizers`); FieldError naming the field when one is bad.

    Empty values are dropped (a form's blank phone is not an error); unknown keys are ignored.
    """
    normalizers = field_normalizers(region, today.date() if today else date.max)
    out: dict[str, Any] = {}
    for name in FIELDS:
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool) and name in ("phone", "whatsapp", "telegram_chat_id"):
            value = str(value)
        if not isinstance(value, str):
            raise FieldError(f"{name}: must be a string")
        try:
            out[name] = normalizers[name](value)
        except FieldError as exc:
            raise FieldError(f"{name}: {exc}") from None
    return out


def find_contact(session: Session, external_id: str | None, fields: dict[str, Any]) -> Contact | None:
    """The contact with this external id, else the one with this email, else with this phone."""
    if external_id:
        found = session.scalars(select(Contact).where(Contact.external_id == external_id)).first()
        if found is not None:
            return found
    for name in ("email", "phone"):
        value = fields.get(name)
        if value:
            found = session.scalars(select(Contact).where(getattr(Contact, name) == value).order_by(Contact.id).limit(1)).first()
            if found is not None:
                return found
    return None


def upsert_contact(
    session: Session,
    external_id: str | None,
    raw: dict[str, Any],
    clock: Clock,
    *,
    attributes: dict[str, Any] | None = None,
    tags: list[str] | None = None,
    by: str = "api",
) -> tuple[Contact, bool]:
    """Create or update a contact from raw inbound fields; returns (contact, created).

    Without ``external_id`` the contact is found by email, then phone; a new one is then named by
    its email or phone. FieldError (naming the field) when a value is bad or nothing identifies
    the contact. The caller commits.
    """
    now = clock.now()
    fields = normalise_fields(raw, default_region(session), now)
    checked_tags = [check_tag_name(tag) for tag in (tags or [])]
    contact = find_contact(session, external_id, fields)
    created = contact is None
    if contact is None:
        new_id = external_id or fields.get("email") or fields.get("phone")
        if not new_id:
            raise FieldError("id: give the contact's id, email or phone")
        if len(new_id) > 200:
            raise FieldError("id is longer than 200 characters")
        contact = Contact(
            external_id=new_id, timezone=fields.get("timezone") or default_timezone(session), attributes={},
            push_subscriptions=[], created_at=now, updated_at=now,
        )
        session.add(contact)
    for name, value in fields.items():
        setattr(contact, name, value)
    if attributes:
        contact.attributes = {**(contact.attributes or {}), **attributes}
    contact.updated_at = now
    session.flush()
    for tag in checked_tags:
        add_tag(session, contact.id, tag, by, None, now)
    return contact, created
