"""ISO 8601 durations (``PT30M``, ``PT1H``, ``P3D``) as used in flow files.

Only fixed-length units are accepted (weeks, days, hours, minutes, seconds): a "month" or a
"year" has no fixed length, so a flow that says ``P1M`` would wait a different time for every
contact; flows write ``P30D`` instead. A leading ``-`` is accepted by :func:`parse_signed_duration`
(date triggers fire a day *before* a birthday with ``-P1D``) but not by :func:`parse_duration`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from runtime.i18n import ngettext

_DURATION_RE = re.compile(
    r"^P(?!$)"
    r"(?:(?P<weeks>\d+)W)?"
    r"(?:(?P<days>\d+)D)?"
    r"(?:T(?!$)"
    r"(?:(?P<hours>\d+)H)?"
    r"(?:(?P<minutes>\d+)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?"
    r")?$"
)
_YEAR_MONTH_RE = re.compile(r"^P(?:\d+Y)?(?:\d+M)?")

# each unit's text in the plural form ``n`` needs (English keeps the short units: "3 d", "24 h";
# Russian inflects: 1 день, 2 дня, 5 дней)
_UNITS: tuple[tuple[str, Callable[[int], str]], ...] = (
    ("weeks", lambda n: ngettext("{n} wk", "{n} wk", n)),
    ("days", lambda n: ngettext("{n} d", "{n} d", n)),
    ("hours", lambda n: ngettext("{n} h", "{n} h", n)),
    ("minutes", lambda n: ngettext("{n} min", "{n} min", n)),
    ("seconds", lambda n: ngettext("{n} s", "{n} s", n)),
)


def _unit_text(value: float, form: Callable[[int], str]) -> str:
    """``value`` with its unit in the current language (a fraction takes the "many" form)."""
    count = int(value) if value == int(value) else 5
    return form(count).format(n=f"{value:g}")


def _parts(text: str) -> dict[str, float]:
    """The written components of ``text`` (unnormalised), or ValueError."""
    if not isinstance(text, str):
        raise ValueError(f"a duration must be a string like 'PT1H', not {text!r}")
    match = _DURATION_RE.match(text.strip())
    if match is None:
        if _YEAR_MONTH_RE.match(text) and re.search(r"^P[^T]*[YM]", text):
            raise ValueError(
                f"bad duration {text!r}: years and months have no fixed length; use days (e.g. 'P30D')"
            )
        raise ValueError(f"bad duration {text!r}: expected ISO 8601 like 'PT30M', 'PT1H' or 'P3D'")
    return {k: float(v) for k, v in match.groupdict().items() if v is not None}


#: the longest duration a flow may write (a wait beyond a century is a typo, and much longer ones
#: do not fit a date)
MAX_DURATION_DAYS = 36_500

_SECONDS = {"weeks": 604800.0, "days": 86400.0, "hours": 3600.0, "minutes": 60.0, "seconds": 1.0}


def parse_duration(text: str) -> timedelta:
    """Parse an ISO 8601 duration into a timedelta; ValueError names the bad text."""
    parts = _parts(text)
    total = sum(_SECONDS[k] * v for k, v in parts.items())
    if total > MAX_DURATION_DAYS * 86400.0:
        raise ValueError(
            f"duration {text!r} is too long: the longest is P{MAX_DURATION_DAYS}D (100 years)"
        )
    return timedelta(**parts)


def parse_signed_duration(text: str) -> timedelta:
    """Like :func:`parse_duration` but also accepts a leading ``-`` (e.g. ``-P1D``)."""
    if isinstance(text, str) and text.startswith("-"):
        return -parse_duration(text[1:])
    return parse_duration(text)


def format_duration(td: timedelta) -> str:
    """The canonical ISO 8601 text of ``td`` (days, hours, minutes, seconds): ``P1DT2H``."""
    if td < timedelta(0):
        return "-" + format_duration(-td)
    total = td.total_seconds()
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    out = "P"
    if days:
        out += f"{int(days)}D"
    time_part = ""
    if hours:
        time_part += f"{int(hours)}H"
    if minutes:
        time_part += f"{int(minutes)}M"
    if seconds:
        sec = round(seconds, 6)
        time_part += f"{int(sec)}S" if sec == int(sec) else f"{sec:g}S"
    if time_part:
        out += "T" + time_part
    if out == "P":
        out = "PT0S"
    return out


def human_duration(text: str) -> str:
    """Short human text of a duration as written: ``PT24H`` -> ``24 h``, ``PT1H30M`` -> ``1 h 30 min``.

    Units are kept as the author wrote them (``PT24H`` stays "24 h", not "1 d"). Raises ValueError
    for a bad duration.
    """
    sign = ""
    if isinstance(text, str) and text.startswith("-"):
        sign, text = "-", text[1:]
    parts = _parts(text)
    words = []
    for key, form in _UNITS:
        value = parts.get(key)
        if value:
            words.append(_unit_text(value, form))
    return sign + (" ".join(words) if words else _unit_text(0, _UNITS[-1][1]))
