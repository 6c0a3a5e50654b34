"""Injected clocks.

Nothing in the runtime calls ``datetime.now()`` directly: every component receives a
:class:`Clock`. :class:`SystemClock` reads the wall clock; :class:`VirtualClock` only moves
when told to, which lets tests, ``simulate`` and ``run --clock virtual`` jump from due time to
due time so a month of a flow runs in seconds.
"""

from __future__ import annotations

from datetime import UTC as UTC  # re-exported: the runtime imports its UTC from here
from datetime import datetime, timedelta
from typing import Protocol


def ensure_utc(value: datetime) -> datetime:
    """Return ``value`` as an aware UTC datetime (naive values are taken to be UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime:  # pragma: no cover - protocol
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)  # noqa: TID251 - the one place that reads the wall clock


class VirtualClock:
    """A clock that only moves when :meth:`set` or :meth:`advance` is called."""

    def __init__(self, start: datetime) -> None:
        self._now = ensure_utc(start)

    def now(self) -> datetime:
        return self._now

    def set(self, value: datetime) -> None:
        """Move the clock to ``value``; it never moves backwards."""
        value = ensure_utc(value)
        if value > self._now:
            self._now = value

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta``."""
        self.set(self._now + delta)
