"""RFC 8259 JSON in and out: what other programs can read back, nothing more.

Python's ``json`` accepts ``NaN``/``Infinity`` and merges duplicate keys silently (the last one
wins), and writes ``NaN`` back out, which other tools refuse. Flow files, event properties and
exports go through these two functions instead. A bad document raises
:class:`json.JSONDecodeError` (so callers keep one ``except`` that reports line and column) with
a message that says what to change.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_DEPTH", "dumps", "loads"]

#: the deepest nesting of objects and arrays accepted (conditions and props are a few levels)
MAX_DEPTH = 64
#: integers must fit a 64-bit column
_INT_LIMIT = 2**63

_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_CONSTANT = re.compile(r"-?(?:NaN|Infinity)")


def _fail(message: str, text: str, pos: int) -> json.JSONDecodeError:
    return json.JSONDecodeError(message, text, max(0, min(pos, len(text))))


def _check_depth(text: str, max_depth: int) -> None:
    if text.count("{") + text.count("[") <= max_depth:
        return  # cannot nest deeper than it has brackets (counted in C: the common case costs little)
    depth = 0
    for match in _STRUCTURE.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise _fail(f"nested more than {max_depth} levels deep; flatten the data", text, match.start())
        elif char in "]}":
            depth -= 1


def _position_of_key(text: str, key: str) -> int:
    """Where ``key`` is written a second time (best effort, for the message only)."""
    hits = [m.start() for m in re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", text)]
    if len(hits) < 2:
        hits = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return hits[1] if len(hits) > 1 else 0


class _RefusedError(ValueError):
    """Raised by the decoder's hooks; ``loads`` turns it into a JSONDecodeError with a position."""

    def __init__(self, message: str, needle: str, pattern: re.Pattern[str] | None = None) -> None:
        super().__init__(message)
        self.message, self.needle, self.pattern = message, needle, pattern

    def position(self, text: str) -> int:
        if self.pattern is not None:
            found = self.pattern.search(text)
            return found.start() if found else 0
        return max(text.find(self.needle), 0)


def _constant(name: str) -> Any:
    raise _RefusedError(f"{name} is not a JSON number; write a number or null", name, _CONSTANT)


def _number(literal: str) -> float:
    value = float(literal)
    if value - value != 0:  # inf (nan cannot come from a literal)
        raise _RefusedError(f"number {literal[:30]} is out of range", literal)
    return value


def _integer(literal: str) -> int:
    if len(literal) > 20 or not -_INT_LIMIT <= int(literal) < _INT_LIMIT:
        raise _RefusedError(f"integer {literal[:30]} does not fit 64 bits", literal)
    return int(literal)


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(items)
    if len(out) != len(items):
        seen: set[str] = set()
        for key, _value in items:
            if key in seen:
                break
            seen.add(key)
        raise _RefusedError(f"key {key!r} appears twice in one object; keep one", key)
    return out


# One decoder for every call: json.loads with hooks would build a new scanner each time.
_DECODER = json.JSONDecoder(parse_constant=_constant, parse_float=_number, parse_int=_integer,
                            object_pairs_hook=_pairs)


def loads(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``text`` as RFC 8259 JSON.

    Refuses ``NaN``/``Infinity``, numbers that overflow (``1e400``) or do not fit 64 bits,
    duplicate keys in one object and nesting deeper than ``max_depth``, each with its position.
    """
    _check_depth(text, max_depth)
    try:
        return _DECODER.decode(text)
    except _RefusedError as exc:
        twice = exc.message.endswith("keep one")
        position = _position_of_key(text, exc.needle) if twice else exc.position(text)
        raise _fail(exc.message, text, position) from None
    except RecursionError:
        raise _fail("nested too deeply; flatten the data", text, 0) from None


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` that refuses ``NaN``/``Infinity`` (ValueError) instead of writing them."""
    return json.dumps(value, allow_nan=False, **kwargs)
