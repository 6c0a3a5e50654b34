"""The clock a project runs on: the wall clock, or the project's own virtual now.

With ``--clock virtual`` a project keeps its virtual now in the settings table (key ``clock``,
value ``{"mode": "virtual", "now": ISO8601}``), so ``run --until T`` and ``event`` without
``--at`` agree across separate CLI invocations.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from runtime.clock import Clock, SystemClock, VirtualClock, ensure_utc
from runtime.storage.settings import get_setting, set_setting

CLOCK_KEY = "clock"


def stored_virtual_now(session: Session) -> datetime | None:
    """The project's virtual now, or None when the project runs on the wall clock."""
    value = get_setting(session, CLOCK_KEY)
    if not isinstance(value, dict) or value.get("mode") != "virtual":
        return None
    return ensure_utc(datetime.fromisoformat(value["now"]))


def save_virtual_now(session: Session, now: datetime) -> None:
    """Store ``now`` as the project's virtual now (caller commits)."""
    set_setting(session, CLOCK_KEY, {"mode": "virtual", "now": ensure_utc(now).isoformat()})


def project_clock(session: Session, fallback: Clock | None = None) -> Clock:
    """A :class:`VirtualClock` at the stored virtual now, else ``fallback`` (the wall clock)."""
    now = stored_virtual_now(session)
    if now is not None:
        return VirtualClock(now)
    return fallback or SystemClock()
