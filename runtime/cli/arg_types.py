"""Argument types with ranges for the command line.

argparse reports a bad value as ``argument --for: ...`` with exit 2, which names the option;
these types add the range (``--for -5``, ``--for nan`` and ``--days 100000000`` are refused
there instead of failing deep inside the engine).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

__all__ = ["bounded_float", "bounded_int", "percent"]


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


def percent(text: str) -> float:
    """An argparse type: a share given as ``5%`` or ``5`` (per cent) -> 0.05; from 0 to 100 %."""
    value = bounded_float(0, 100, exclusive_low=False, unit=" %")(text.strip().removesuffix("%").strip())
    return value / 100
