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
_LONG_NUMBER = re.compile(r"\d{19}|[eE][+-]?\d{3}")


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


def loads(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``text`` as RFC 8259 JSON.

    Refuses ``NaN``/``Infinity``, numbers that overflow (``1e400``) or do not fit 64 bits,
    duplicate keys in one object and nesting deeper than ``max_depth``, each with its position.
    """
    _check_depth(text, max_depth)
    # Numbers need a look only when one is long (an overflowing float or a wide integer): the
    # hooks then run per number; the ordinary document is parsed by the C scanner alone.
    suspicious = _LONG_NUMBER.search(text) is not None

    def constant(name: str) -> Any:
        match = _CONSTANT.search(text)
        raise _fail(f"{name} is not a JSON number; write a number or null", text, match.start() if match else 0)

    def number(literal: str) -> float:
        value = float(literal)
        if value in (float("inf"), float("-inf")):
            raise _fail(f"number {literal[:30]} is out of range", text, text.find(literal))
        return value

    def integer(literal: str) -> int:
        if len(literal) > 20 or not -_INT_LIMIT <= int(literal) < _INT_LIMIT:
            raise _fail(f"integer {literal[:30]} does not fit 64 bits", text, text.find(literal))
        return int(literal)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            seen: set[str] = set()
            key = next(k for k, _v in items if k in seen or seen.add(k))  # type: ignore[func-returns-value]
            raise _fail(f"key {key!r} appears twice in one object; keep one", text, _position_of_key(text, key))
        return out

    hooks: dict[str, Any] = {"parse_float": number, "parse_int": integer} if suspicious else {}
    try:
        return json.loads(text, parse_constant=constant, object_pairs_hook=pairs, **hooks)
    except RecursionError:
        raise _fail("nested too deeply; flatten the data", text, 0) from None


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` that refuses ``NaN``/``Infinity`` (ValueError) instead of writing them."""
    return json.dumps(value, allow_nan=False, **kwargs)
