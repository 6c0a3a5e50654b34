"""The normaliser of each contact field, shared by everything that writes contact fields: the
CSV importer, ``update_contact`` steps and contacts created from events. A phone becomes E.164
(numbers without ``+`` read in the project's default region), an email is stripped with its
domain lower-cased, and so on; a bad value raises :class:`FieldError` saying why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from runtime.contacts.normalize import (
    FieldError,
    normalize_birthday,
    normalize_channel_status,
    normalize_email,
    normalize_phone,
    normalize_telegram_chat_id,
    normalize_timezone,
)
from runtime.storage.models import CONTACT_STATUS_COLUMNS

__all__ = ["FieldError", "field_normalizers", "normalize_field"]

STATUS_FIELDS = CONTACT_STATUS_COLUMNS
MAX_NAME = 200


def _name(value: str) -> str:
    text = value.strip()
    if len(text) > MAX_NAME:
        raise FieldError(f"name {text[:40]!r}... is longer than {MAX_NAME} characters")
    return text


def field_normalizers(region: str | None, today: date) -> dict[str, Callable[[str], str]]:
    """Field name -> normaliser of its text (``region`` for phones written without ``+``)."""

    def phone(value: str) -> str:
        return normalize_phone(value, region)

    def birthday(value: str) -> str:
        return normalize_birthday(value, today)

    return {
        "email": normalize_email,
        "phone": phone,
        "whatsapp": phone,
        "telegram_chat_id": normalize_telegram_chat_id,
        "first_name": _name,
        "last_name": _name,
        "timezone": normalize_timezone,
        "birthday": birthday,
        **dict.fromkeys(STATUS_FIELDS, normalize_channel_status),
    }


def normalize_field(name: str, value: str, region: str | None, today: date) -> str:
    """``value`` of contact field ``name`` as stored (unchanged for fields without a normaliser)."""
    normalize = field_normalizers(region, today).get(name)
    return normalize(value) if normalize is not None else value
