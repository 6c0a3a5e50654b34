"""Website form posts (Tilda and other form builders): fields mapped to a contact and an event.

A form's mapping lives in the project setting ``inbound.forms``::

    {"lead": {"fields": {"Имя": "first_name", "Телефон": "phone"}, "event": "form_submitted",
              "tags": ["lead"]}}

Fields without a mapping are matched by their usual names (``name``/``имя``, ``phone``/
``телефон``, ``email``/``почта``, ...); every other field goes into the event's props. The
contact is found by email, then phone, and created (normalised) when there is none.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.contacts.events import record_event
from runtime.contacts.normalize import FieldError
from runtime.inbound.contact_fields import FIELDS, upsert_contact
from runtime.inbound.errors import ApiError, bad_request
from runtime.storage.settings import get_setting

FORMS_KEY = "inbound.forms"
DEFAULT_EVENT = "form_submitted"
# usual names of form fields (compared case-insensitively, after trimming)
ALIASES = {
    "name": "first_name", "first_name": "first_name", "firstname": "first_name", "имя": "first_name",
    "last_name": "last_name", "lastname": "last_name", "surname": "last_name", "фамилия": "last_name",
    "phone": "phone", "tel": "phone", "telephone": "phone", "телефон": "phone", "номер телефона": "phone",
    "email": "email", "e-mail": "email", "mail": "email", "почта": "email", "электронная почта": "email",
    "whatsapp": "whatsapp", "timezone": "timezone", "telegram_chat_id": "telegram_chat_id",
}
# form builders' own fields, not the visitor's data
SKIP = {"formid", "formname", "tranid", "token", "api_key", "cookies"}


def form_config(session: Session, name: str) -> dict[str, Any]:
    """The configured mapping of form ``name`` (empty: usual names only)."""
    forms = get_setting(session, FORMS_KEY, {}) or {}
    config = forms.get(name) if isinstance(forms, dict) else None
    return config if isinstance(config, dict) else {}


def map_fields(data: dict[str, str], mapping: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(contact fields, other fields) of a posted form."""
    lowered = {str(k).strip().lower(): v for k, v in mapping.items()}
    fields: dict[str, str] = {}
    other: dict[str, str] = {}
    for key, value in data.items():
        norm = key.strip().lower()
        if norm in SKIP:
            continue
        target = lowered.get(norm) or ALIASES.get(norm)
        if target in FIELDS and value.strip():
            fields[target] = value
        elif target and target.startswith("attributes."):
            other[target.split(".", 1)[1]] = value
        else:
            other[key] = value
    return fields, other


def submit(session: Session, form: str, data: dict[str, str], clock: Clock) -> dict[str, Any]:
    """Record a form post: upsert the contact, record the form's event; the API's answer."""
    if len(form) > 100:
        raise bad_request("the form name is longer than 100 characters", "form")
    config = form_config(session, form)
    fields, other = map_fields(data, config.get("fields") or {})
    if not fields.get("email") and not fields.get("phone"):
        raise bad_request("the form has no email or phone field (map one in the inbound.forms setting)", "email")
    tags = [str(tag) for tag in config.get("tags") or []]
    try:
        contact, created = upsert_contact(session, None, fields, clock, tags=tags, by=f"form:{form}")
    except FieldError as exc:
        field = str(exc).split(":", 1)[0]
        raise ApiError(400, "invalid", str(exc), field) from None
    event = str(config.get("event") or DEFAULT_EVENT)
    record_event(session, contact, event, {"form": form, **other}, None, clock)
    return {"contact": contact.external_id, "created": created, "event": event}
