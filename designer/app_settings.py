"""The designer's own settings (QSettings): theme, language, where projects live, the defaults a
new project starts with, and whether the tour was seen.

Project settings (a project's own region, quiet hours, caps) live in the project file; the values
here are what a *new* project gets (:func:`project_defaults`), so a user sets them once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QSettings

THEME_KEY = "ui/theme"  # "light" or "dark"
LANGUAGE_KEY = "ui/language"  # "en", "ru", ... (the i18n helper reads the same key)
TOUR_KEY = "ui/tour_done"
PROJECTS_DIR_KEY = "projects/dir"
REGION_KEY = "defaults/phone_region"
QUIET_KEY = "defaults/quiet_hours"
CAP_DAY_KEY = "defaults/cap_per_day"
CAP_WEEK_KEY = "defaults/cap_per_week"

THEMES = ("light", "dark")
LANGUAGES = (("en", "English"), ("ru", "Русский"))
DEFAULT_REGION = "RU"
DEFAULT_QUIET_HOURS = "21:00-08:00"
WINDOW = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def _text(settings: QSettings, key: str, default: str) -> str:
    value = settings.value(key, default)
    return str(value) if value not in (None, "") else default


def _int(settings: QSettings, key: str) -> int:
    try:
        return max(0, int(settings.value(key, 0) or 0))
    except (TypeError, ValueError):
        return 0


def theme(settings: QSettings) -> str:
    """The chosen theme ("light" unless "dark" was chosen)."""
    value = _text(settings, THEME_KEY, "light")
    return value if value in THEMES else "light"


def language(settings: QSettings) -> str:
    """The chosen interface language code ("en" by default)."""
    return _text(settings, LANGUAGE_KEY, "en")


def projects_dir(settings: QSettings) -> Path:
    """Where project files go by default: the user's documents folder's ``FlowCanvas`` (created on
    first use), or the folder chosen in Settings."""
    chosen = _text(settings, PROJECTS_DIR_KEY, "")
    folder = Path(chosen) if chosen else Path(platformdirs.user_documents_dir()) / "FlowCanvas"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only or missing documents folder: the user's data folder instead
        folder = Path(platformdirs.user_data_dir("FlowCanvas", "FlowCanvas"))
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_quiet_hours(text: str) -> str:
    """``"HH:MM-HH:MM"`` or ``"off"``/empty (``"off"``); ValueError with a sentence otherwise."""
    text = text.strip()
    if text.lower() in ("", "off"):
        return "off"
    if not WINDOW.match(text):
        raise ValueError(f"Quiet hours must look like 21:00-08:00 (or be empty for none), not “{text}”.")
    return text


def defaults(settings: QSettings) -> dict[str, Any]:
    """What a new project starts with: ``region``, ``quiet_hours``, ``cap_per_day``, ``cap_per_week``."""
    return {"region": _text(settings, REGION_KEY, DEFAULT_REGION).upper(),
            "quiet_hours": _text(settings, QUIET_KEY, DEFAULT_QUIET_HOURS),
            "cap_per_day": _int(settings, CAP_DAY_KEY), "cap_per_week": _int(settings, CAP_WEEK_KEY)}


def project_defaults(settings: QSettings) -> tuple[dict[str, Any], dict[str, str]]:
    """(project settings, channel policy values) for a new project, from :func:`defaults`."""
    values = defaults(settings)
    policy = {"quiet_hours.default": values["quiet_hours"]}
    for period in ("per_day", "per_week"):
        if values[f"cap_{period}"]:
            policy[f"cap.{period}"] = str(values[f"cap_{period}"])
    return {"default_region": values["region"]}, policy
