"""Reading a value out of a contact's free-text reply: a date (a birth date) or a number.

A wait-for-reply step may store the reply in a contact field (``save_reply``); people answer a
bot the way they write dates by hand, so :func:`parse_reply_date` accepts ``14.02.1990``,
``14/02/1990``, ``1990-02-14``, ``14 февраля 1990`` or ``Feb 14, 1990`` inside a sentence, day
first where the order is not written out (the way dates are written in Russia and Europe).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

__all__ = ["REPLY_KINDS", "ReplyError", "parse_reply", "parse_reply_date", "parse_reply_number"]

REPLY_KINDS = ("text", "date", "number")
_MIN_YEAR = 1900

# the first three letters of each month's name, English and Russian (every case form starts so)
_MONTHS = {
    **{m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                   "dec"), start=1)},
    **{m: i for i, m in enumerate(("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя",
                                   "дек"), start=1)},
}
_ISO = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4}|\d{2})(?!\d)")
_DAY_NAME = re.compile(r"(?<!\d)(\d{1,2})\s*([^\W\d_]{3,})\.?,?\s*(\d{4})(?!\d)")
_NAME_DAY = re.compile(r"([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})(?!\d)")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


class ReplyError(ValueError):
    """The reply does not hold a value of the wanted kind; the message says what was expected."""


def _month(name: str) -> int | None:
    word = name.lower()
    if word.startswith(("май", "мая")):
        return 5
    return _MONTHS.get(word[:3])


def _full_year(year: str, today: date) -> int:
    if len(year) == 4:
        return int(year)
    # a two-digit year is in the past century unless that would be in the future
    short = int(year)
    return 2000 + short if 2000 + short <= today.year else 1900 + short


def parse_reply_date(text: Any, today: date) -> str:
    """The date written in ``text`` as ``YYYY-MM-DD``: a real day between 1900 and ``today``.

    ReplyError when there is none, it is not a real day, or it is out of that range.
    """
    reply = str(text or "").strip()
    found: tuple[int, int, int] | None = None
    if m := _ISO.search(reply):
        found = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _DAY_FIRST.search(reply):
        found = (_full_year(m[3], today), int(m[2]), int(m[1]))
    elif (m := _DAY_NAME.search(reply)) and _month(m[2]):
        found = (int(m[3]), _month(m[2]) or 0, int(m[1]))
    elif (m := _NAME_DAY.search(reply)) and _month(m[1]):
        found = (int(m[3]), _month(m[1]) or 0, int(m[2]))
    if found is None:
        raise ReplyError(f"the reply {reply[:60]!r} holds no date (expected e.g. 14.02.1990)")
    try:
        day = date(*found)
    except ValueError:
        raise ReplyError(f"the reply {reply[:60]!r} is not a real date") from None
    if day.year < _MIN_YEAR or day > today:
        raise ReplyError(f"the date {day.isoformat()} in the reply is not between {_MIN_YEAR} and today")
    return day.isoformat()


def parse_reply_number(text: Any) -> int | float:
    """The first number written in ``text`` (a decimal comma is read as a point)."""
    m = _NUMBER.search(str(text or ""))
    if m is None:
        raise ReplyError(f"the reply {str(text or '')[:60]!r} holds no number")
    value = float(m[0].replace(",", "."))
    return int(value) if value.is_integer() and "." not in m[0] and "," not in m[0] else value


def parse_reply(kind: str, text: Any, today: date) -> Any:
    """The reply read as ``kind`` (one of :data:`REPLY_KINDS`); the text itself, trimmed, for ``text``."""
    if kind == "date":
        return parse_reply_date(text, today)
    if kind == "number":
        return parse_reply_number(text)
    return str(text or "").strip()
