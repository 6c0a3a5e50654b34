"""Cron expressions as standard crontab reads them, on APScheduler's ``CronTrigger``.

APScheduler 3's ``CronTrigger.from_crontab`` numbers the weekdays from Monday = 0, so
``0 10 * * 2`` would fire on Wednesday; crontab (and every cron example a marketer has seen)
counts Sunday = 0 (or 7), Monday = 1. :func:`cron_trigger` translates the weekday field into
APScheduler's day names first, so ``2`` is Tuesday.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # APScheduler is imported when a trigger is built (CLI start-up need not load it)
    from apscheduler.triggers.cron import CronTrigger

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # crontab numbering: Sunday = 0 (and 7)
ONE_MICROSECOND = timedelta(microseconds=1)


def _day_number(token: str) -> int:
    token = token.strip().lower()
    if token[:3] in DAY_NAMES and token.isalpha():
        return DAY_NAMES.index(token[:3])
    number = int(token)  # ValueError for anything else: reported as a bad expression
    if not 0 <= number <= 7:
        raise ValueError(f"weekday {number} is out of range 0-7")
    return number % 7


def _weekdays(field: str) -> str:
    """The crontab weekday field as APScheduler day names (``1-5`` -> ``mon,tue,wed,thu,fri``)."""
    if field.strip() in ("*", "?"):
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"bad step in weekday field {field!r}")
        if body.strip() == "*":
            first, last = 0, 6
        elif "-" in body:
            start, end = body.split("-", 1)
            first, last = _day_number(start), _day_number(end)
            if end.strip() == "7":
                last = 7  # "1-7": Monday through Sunday
        else:
            first = last = _day_number(body)
            if step_text:
                last = 6  # "1/2": from Monday every other day
        if last < first:
            raise ValueError(f"weekday range {body!r} runs backwards")
        days.update(d % 7 for d in range(first, last + 1, step))
    return ",".join(DAY_NAMES[d] for d in sorted(days))


def cron_trigger(expr: str, timezone: tzinfo | str = "UTC") -> CronTrigger:
    """A ``CronTrigger`` for the five-field crontab ``expr`` (weekdays counted as crontab does).

    Raises ValueError naming what is wrong with the expression.
    """
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"wrong number of fields; got {len(fields)}, expected 5 (minute hour day month weekday)")
    minute, hour, day, month, weekday = fields
    from apscheduler.triggers.cron import CronTrigger

    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=_weekdays(weekday),
                       timezone=timezone)


def last_fire_time(trigger: CronTrigger, start: datetime, end: datetime) -> datetime | None:
    """The latest fire time of ``trigger`` in ``[start, end]``, or None.

    Searches backwards from ``end`` in growing windows, so a minutely schedule over years costs
    no more than a weekly one.
    """
    span = timedelta(hours=1)
    while True:
        low = max(start, end - span)
        last = None
        moment = trigger.get_next_fire_time(None, low)
        while moment is not None and moment <= end:
            last = moment
            moment = trigger.get_next_fire_time(None, moment + ONE_MICROSECOND)
        if last is not None or low <= start:
            return last
        span *= 4
