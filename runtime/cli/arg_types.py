"""Argument types with ranges for the command line, and the confirmation of clock jumps.

argparse reports a bad value as ``argument --for: ...`` with exit 2, which names the option;
these types add the range (``--for -5``, ``--for nan`` and ``--days 100000000`` are refused
there instead of failing deep inside the engine).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from runtime.errors import InputError

__all__ = ["CLOCK_JUMP_HORIZON", "bounded_float", "bounded_int", "confirm_clock_jump"]

#: a virtual clock jump longer than this asks for ``--yes`` (the clock never moves back); five
#: years covers rehearsing yearly flows (birthdays, renewals) several times over
CLOCK_JUMP_HORIZON = timedelta(days=5 * 365 + 1)
#: the latest time a virtual clock may reach (dates near year 9999 overflow on any addition)
LATEST_CLOCK_YEAR = 9000


def bounded_float(low: float, high: float, *, exclusive_low: bool = True, unit: str = "") -> Callable[[str], float]:
    """An argparse type: a finite number in (low, high] (or [low, high])."""
    op = ">" if exclusive_low else ">="

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        ok = math.isfinite(value) and (value > low if exclusive_low else value >= low) and value <= high
        if not ok:
            raise argparse.ArgumentTypeError(f"{text!r} is out of range: must be {op} {low:g} and <= {high:,.0f}{unit}")
        return value

    return parse


def bounded_int(low: int, high: int, *, unit: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number in [low, high]."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is out of range: must be from {low} to {high}{unit}")
        return value

    return parse


def confirm_clock_jump(start: datetime, until: datetime, option: str, confirmed: bool) -> None:
    """Refuse moving a project's virtual clock far ahead (for good) unless ``--yes`` was given."""
    if until.year > LATEST_CLOCK_YEAR:
        raise InputError(f"{option}: {until.date()} is beyond the year {LATEST_CLOCK_YEAR}; pick an earlier time")
    jump = until - start
    if jump > CLOCK_JUMP_HORIZON and not confirmed:
        years = jump.days / 365.25
        raise InputError(
            f"{option}: this moves the project's virtual clock {jump.days:,} days ({years:,.1f} years) ahead, "
            f"from {start.date()} to {until.date()}, and it never moves back; "
            f"run again with --yes to confirm, or choose a nearer time"
        )
