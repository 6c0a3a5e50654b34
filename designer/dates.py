"""Dates as the interface's language writes them ("15 Nov 2026 23:25", "15 нояб. 2026 23:25").

Python's ``strftime("%b")`` names months in English whatever the interface's language; QLocale
names them in the language of the installed translation (:func:`designer.i18n.current_language`).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from designer.i18n import current_language

__all__ = ["day_month", "day_month_year_time"]


def _locale() -> QLocale:
    return QLocale(current_language())


def day_month(day: date) -> str:
    """``15 Nov`` / ``15 нояб.`` (chart axes)."""
    return _locale().toString(QDate(day.year, day.month, day.day), "dd MMM")


def day_month_year_time(moment: datetime) -> str:
    """``15 Nov 2026 23:25`` / ``15 нояб. 2026 23:25`` (the board's dates)."""
    when = QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))
    return _locale().toString(when, "dd MMM yyyy HH:mm")
