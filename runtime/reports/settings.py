"""Report settings of a project: reporting zone, milestone tags and channels' daily limits.

Stored in the ``settings`` table: ``report.timezone`` (IANA zone; the project's
``default_timezone`` until set), ``report.milestones`` (tag names), ``report.daily_limits``
(``{"sms": 500, ...}``: messages a channel may send per day, e.g. an SMS package).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from runtime.errors import InputError
from runtime.storage import report_aggregates as aggregates
from runtime.storage.models import CHANNELS
from runtime.storage.settings import get_setting, set_setting

ZONE_KEY = "report.timezone"
FILLED_KEY = "report.zone_filled"  # the zone report_zone currently holds
MILESTONES_KEY = "report.milestones"
LIMITS_KEY = "report.daily_limits"


def read_all(session: Session) -> dict[str, Any]:
    """Every report setting in one read: ``{"zone", "filled", "milestones", "limits"}``."""
    from sqlalchemy import select

    from runtime.storage.models import Setting

    keys = (ZONE_KEY, "default_timezone", FILLED_KEY, MILESTONES_KEY, LIMITS_KEY)
    values = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys))).tuples().all())
    zone = next((v for k in (ZONE_KEY, "default_timezone") if isinstance(v := values.get(k), str) and v), "UTC")
    milestones = values.get(MILESTONES_KEY)
    limits = values.get(LIMITS_KEY)
    return {"zone": zone, "filled": values.get(FILLED_KEY),
            "milestones": [str(v) for v in milestones] if isinstance(milestones, list) else [],
            "limits": {str(k): int(v) for k, v in limits.items()} if isinstance(limits, dict) else {}}


def report_zone(session: Session) -> str:
    """The reporting zone: ``report.timezone``, else the project's default zone, else UTC."""
    for key in (ZONE_KEY, "default_timezone"):
        value = get_setting(session, key)
        if isinstance(value, str) and value:
            return value
    return "UTC"


def check_zone(zone: str) -> str:
    """``zone`` if it is an IANA zone name, else an :class:`InputError` naming it."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(f"unknown time zone {zone!r} (use an IANA name such as Europe/Moscow)") from exc
    return zone


def sync_zone(session: Session) -> str:
    """Make the aggregates use the reporting zone (refill and rebuild once when it changed)."""
    zone = report_zone(session)
    if get_setting(session, FILLED_KEY) != zone:
        conn = session.connection()
        aggregates.fill_zone(conn, check_zone(zone))
        aggregates.rebuild(conn)
        set_setting(session, FILLED_KEY, zone)
    return zone


def set_zone(session: Session, zone: str) -> None:
    """Set the reporting zone and rebuild the aggregates in it (in the caller's transaction)."""
    set_setting(session, ZONE_KEY, check_zone(zone))
    sync_zone(session)


def milestones(session: Session) -> list[str]:
    value = get_setting(session, MILESTONES_KEY)
    return [str(v) for v in value] if isinstance(value, list) else []


def daily_limits(session: Session) -> dict[str, int]:
    value = get_setting(session, LIMITS_KEY)
    return {str(k): int(v) for k, v in value.items()} if isinstance(value, dict) else {}


def parse_limits(items: list[str]) -> dict[str, int]:
    """``["sms=500", ...]`` as ``{"sms": 500}``; a bad item raises an :class:`InputError` naming it."""
    out: dict[str, int] = {}
    for item in items:
        channel, _, number = item.partition("=")
        channel = channel.strip()
        if channel not in CHANNELS or not number.strip().isdigit():
            raise InputError(f"bad daily limit {item!r}: use CHANNEL=NUMBER with a channel of {', '.join(CHANNELS)}")
        out[channel] = int(number)
    return out


def save(session: Session, *, zone: str | None = None, milestone_tags: list[str] | None = None,
         limits: dict[str, Any] | None = None) -> None:
    """Store the given report settings (None leaves one as it is)."""
    if milestone_tags is not None:
        set_setting(session, MILESTONES_KEY, [t for t in milestone_tags if t])
    if limits is not None:
        set_setting(session, LIMITS_KEY, {k: int(v) for k, v in limits.items()})
    if zone is not None:
        set_zone(session, zone)
