"""Adding and editing one contact by hand (the contacts browser's form).

The form's values go through the same checks as a CSV import (email, E.164 phone, time zone,
birthday, channel status), so a contact typed in is stored exactly as if it had been imported.
Bad values raise InputError naming the field, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.contacts.lookup import get_contact
from runtime.contacts.normalize import (
    FieldError,
    normalize_birthday,
    normalize_channel_status,
    normalize_email,
    normalize_telegram_chat_id,
    normalize_timezone,
)
from runtime.contacts.phones import normalize_phone
from runtime.contacts.settings import default_region, default_timezone
from runtime.errors import InputError
from runtime.storage.models import CONTACT_FIELD_COLUMNS, CONTACT_STATUS_COLUMNS, Contact

EDITABLE = (*CONTACT_FIELD_COLUMNS, *CONTACT_STATUS_COLUMNS)


def _normalized(session: Session, name: str, value: str, clock: Clock) -> str:
    if name in ("phone", "whatsapp"):
        return normalize_phone(value, default_region(session))
    normalizer: Callable[[str], str] | None = {
        "email": normalize_email,
        "telegram_chat_id": normalize_telegram_chat_id,
        "timezone": normalize_timezone,
        "birthday": lambda raw: normalize_birthday(raw, clock.now().date()),
    }.get(name)
    if normalizer is not None:
        return normalizer(value)
    if name.endswith("_status"):
        return normalize_channel_status(value)
    return value.strip()


def save_contact(session: Session, external_id: str, fields: dict[str, Any], clock: Clock,
                 create: bool = False, attributes: dict[str, Any] | None = None) -> Contact:
    """Create (``create``) or update the contact ``external_id`` with ``fields``.

    ``fields`` maps names of :data:`EDITABLE` to text; "" clears an optional field. Attributes
    given are merged into the stored ones (a None value removes one). InputError on a bad value
    (naming the field) or, with ``create``, when the id is taken.
    """
    external_id = (external_id or "").strip()
    if not external_id:
        raise InputError("a contact needs an id")
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise InputError(f"unknown contact field {', '.join(unknown)} (use {', '.join(EDITABLE)})")
    clean: dict[str, Any] = {}
    for name, raw in fields.items():
        text = "" if raw is None else str(raw)
        if not text.strip():
            if name.endswith("_status") or name == "timezone":
                continue  # these always have a value; empty means "leave as is"
            clean[name] = None
            continue
        try:
            clean[name] = _normalized(session, name, text, clock)
        except (FieldError, InputError) as exc:
            raise InputError(f"{name}: {exc}") from None
    now = clock.now()
    if create:
        if session.query(Contact.id).filter(Contact.external_id == external_id).first() is not None:
            raise InputError(f"contact {external_id!r} exists already")
        contact = Contact(external_id=external_id, created_at=now, updated_at=now, attributes={},
                          push_subscriptions=[], timezone=default_timezone(session))
        session.add(contact)
    else:
        contact = get_contact(session, external_id)
    for name, value in clean.items():
        setattr(contact, name, value)
    if attributes:
        merged = dict(contact.attributes or {})
        for key, value in attributes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        contact.attributes = merged
    contact.updated_at = now
    session.flush()
    return contact
