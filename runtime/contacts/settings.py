"""Project settings the contacts code reads: default phone region and default time zone.

Settings live in the ``settings`` table as JSON values under a key. These helpers read and
write single keys; they never commit (the caller's transaction does).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from runtime.storage.models import Setting

DEFAULT_REGION_KEY = "default_region"  # two-letter phone region (RU) for numbers without +
DEFAULT_TIMEZONE_KEY = "default_timezone"  # IANA zone of new contacts without one
SANDBOX_KEY = "sandbox"  # true: messages land in the outbox with status sandbox, nothing is sent


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    """The value of setting ``key``, or ``default`` when it is not set."""
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value: Any) -> None:
    """Set ``key`` to the JSON value ``value`` (caller commits)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def default_timezone(session: Session) -> str:
    """The time zone new contacts get when they have none: the project's, else UTC."""
    value = get_setting(session, DEFAULT_TIMEZONE_KEY)
    return value if isinstance(value, str) and value else "UTC"


def default_region(session: Session) -> str | None:
    """The project's default phone region (``RU``), or None."""
    value = get_setting(session, DEFAULT_REGION_KEY)
    return value.upper() if isinstance(value, str) and value else None
