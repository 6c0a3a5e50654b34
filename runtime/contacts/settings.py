"""Project settings the contacts code reads: default phone region and default time zone.

Settings live in the ``settings`` table as JSON values (``runtime.storage.settings.get_setting`` /
``set_setting``); these helpers name the keys and validate what they read.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from runtime.storage.settings import get_setting

__all__ = ["DEFAULT_REGION_KEY", "DEFAULT_TIMEZONE_KEY", "SANDBOX_KEY", "default_region", "default_timezone"]

DEFAULT_REGION_KEY = "default_region"  # two-letter phone region (RU) for numbers without +
DEFAULT_TIMEZONE_KEY = "default_timezone"  # IANA zone of new contacts without one
SANDBOX_KEY = "sandbox"  # true: messages land in the outbox with status sandbox, nothing is sent


def default_timezone(session: Session) -> str:
    """The time zone new contacts get when they have none: the project's, else UTC."""
    value = get_setting(session, DEFAULT_TIMEZONE_KEY)
    return value if isinstance(value, str) and value else "UTC"


def default_region(session: Session) -> str | None:
    """The project's default phone region (``RU``), or None."""
    value = get_setting(session, DEFAULT_REGION_KEY)
    return value.upper() if isinstance(value, str) and value else None
