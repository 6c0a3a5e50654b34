"""Project settings: JSON values in the ``settings`` table, read and written by key.

The one place that knows how a setting is stored; every module that keeps something in settings
(channel configuration, the project clock, Telegram's update offset, contacts defaults) goes
through these two functions.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from runtime.storage.models import Setting

__all__ = ["get_setting", "set_setting"]


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    """The JSON value of setting ``key``, or ``default`` when it is not set."""
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value: Any) -> None:
    """Insert or replace setting ``key`` in the caller's transaction (caller commits)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
