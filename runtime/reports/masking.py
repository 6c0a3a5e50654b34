"""Masking of phone numbers and emails in exports, and CSV formula-injection escaping.

``+79161234567`` becomes ``+7 916 ***-**-67`` (country code and the first group of the
international format kept, then every digit but the last two starred); ``sasha@mail.ru``
becomes ``s***@mail.ru``. :func:`scrub` masks every email or phone-looking run inside free text
(names, attributes, tag names), so an export never carries a full address by accident.
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# a run of 9+ digits, possibly split by spaces, dashes, dots or brackets, optionally after +
PHONE_RE = re.compile(r"\+?\(?\d[\d\s\-().]{7,}\d")
_HEAD_RE = re.compile(r"^\+\d{1,3} \d{2,5}[ \-]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def mask_email(value: str) -> str:
    """``s***@mail.ru`` for ``sasha@mail.ru`` (the domain stays: it tells the provider)."""
    local, _, domain = value.partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"


def mask_phone(value: str) -> str:
    """``+7 916 ***-**-67`` for ``+79161234567``; other text with digits keeps only its last two."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 5:
        return "*" * len(value)
    try:
        parsed = phonenumbers.parse(value if value.startswith("+") else "+" + digits, None)
        shown = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        shown = "+" + digits if value.startswith("+") else digits
    # keep "+CC GROUP " (country code and the first group: operator or area code)
    match = _HEAD_RE.match(shown)
    head = match.group(0) if match else ""
    tail = shown[len(head):]
    count = sum(ch.isdigit() for ch in tail)
    seen = 0
    out = []
    for ch in tail:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > count - 2 else "*")
        else:
            out.append(ch)
    return head + "".join(out)


DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _phone_run(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    if digits < 9 or digits > 15 or DATE_RE.search(text):
        return text  # too short or long for a phone number, or a date
    return mask_phone(text.strip())


def scrub(value: str) -> str:
    """``value`` with every email and phone-looking run in it masked."""
    value = EMAIL_RE.sub(lambda m: mask_email(m.group(0)), value)
    return PHONE_RE.sub(_phone_run, value)


def mask_value(value: Any) -> Any:
    """A cell as exports write it when masking: strings scrubbed, everything else unchanged."""
    if not isinstance(value, str):
        return value
    # most cells (days, step names, numbers as text) have no "@" and too few digits for a phone
    if "@" not in value and sum(ch.isdigit() for ch in value) < 9:
        return value
    return scrub(value)


def csv_safe(value: Any) -> Any:
    """A cell safe to open in a spreadsheet: text starting with = + - @ (or tab/CR) gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
