"""The allowed range of every numeric delivery setting, as JSON Schema.

A setting outside its range does not fail loudly later; it misbehaves quietly (``concurrency=0``
makes dispatch wait forever, a negative give-up time drops every retry), so values are checked
against these schemas when they are set, and the error names the setting, its range and the
command to fix it.
"""

from __future__ import annotations

import math
from typing import Any

from runtime.errors import InputError

__all__ = ["CHANNEL_NUMBER_SCHEMA", "DISPATCH_SCHEMA", "check_channel_number", "check_dispatch"]


def _number(low: float, high: float, *, exclusive_low: bool = False, integer: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer" if integer else "number", "maximum": high}
    schema["exclusiveMinimum" if exclusive_low else "minimum"] = low
    return schema


#: dispatcher tuning (``flowcanvas channel policy KEY=VALUE``)
DISPATCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "give_up_after_hours": _number(0, 24 * 365, exclusive_low=True),
        "concurrency": _number(1, 1000, integer=True),
        "batch": _number(1, 10_000, integer=True),
        "backoff_base_seconds": _number(0, 86_400, exclusive_low=True),
        "backoff_max_seconds": _number(1, 7 * 86_400),
        "sending_lease_seconds": _number(10, 7 * 86_400),
    },
}

#: numeric channel settings (``flowcanvas channel set PROJECT CHANNEL KEY=VALUE``), by key
CHANNEL_NUMBER_SCHEMA: dict[str, dict[str, Any]] = {
    "port": _number(1, 65_535, integer=True),
    "timeout": _number(0, 600, exclusive_low=True),
    "rate_per_second": _number(0, 10_000, exclusive_low=True),
    "rate_per_chat_per_second": _number(0, 100, exclusive_low=True),
    "invite_expire_hours": _number(0, 24 * 365, exclusive_low=True),
    "ttl": _number(0, 28 * 86_400, integer=True),
}


def _range_text(schema: dict[str, Any]) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    op = ">=" if "minimum" in schema else ">"
    kind = "a whole number" if schema["type"] == "integer" else "a number"
    return f"{kind} {op} {low:g} and <= {schema['maximum']:g}"


def _coerce(value: Any, schema: dict[str, Any], what: str) -> Any:
    """``value`` (text from the command line or a dialog) as the schema's type."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a number, got {value!r} (allowed: {_range_text(schema)})") from None
    if not math.isfinite(number):
        raise InputError(f"{what} must be {_range_text(schema)}, got {value!r}")
    if schema["type"] == "integer":
        if number != int(number):
            raise InputError(f"{what} must be {_range_text(schema)}, got {value!r}")
        return int(number)
    return number


def _check(value: Any, schema: dict[str, Any], what: str, fix: str) -> Any:
    coerced = _coerce(value, schema, what)
    from jsonschema import Draft202012Validator  # only when a setting is checked: a heavy import

    if any(True for _ in Draft202012Validator(schema).iter_errors(coerced)):
        raise InputError(f"{what} must be {_range_text(schema)}, got {value!r}; {fix}")
    return coerced


def check_dispatch(key: str, value: Any) -> Any:
    """``value`` for dispatch setting ``key`` coerced and range-checked (InputError otherwise)."""
    schema = DISPATCH_SCHEMA["properties"][key]
    return _check(value, schema, f"policy setting {key}", f"run `flowcanvas channel policy PROJECT {key}=...`")


def check_channel_number(channel: str, key: str, value: Any) -> Any:
    """A numeric channel setting coerced and range-checked; unknown keys pass through unchanged."""
    schema = CHANNEL_NUMBER_SCHEMA.get(key)
    if schema is None:
        return value
    return _check(value, schema, f"channel {channel}: {key}", f"run `flowcanvas channel set PROJECT {channel} {key}=...`")
