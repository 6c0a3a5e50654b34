"""Condition syntax: checking, describing and listing what a condition refers to.

Conditions are used by ``condition`` and ``channel_switch`` steps, trigger filters,
``entry.exclude`` and goals. Their grammar (design.md section 3)::

    {"all": [C, ...]}  {"any": [C, ...]}  {"not": C}
    {"field": "total_orders", "op": ">", "value": 3}
    {"tag": "vip"}
    {"days_since": "last_activity_at", "op": ">", "value": 30}
    {"event": "purchase", "since": "entry" | "P3D", "op": ">=", "count": 1}
    {"message": {"match": "exact" | "contains" | "regex" | "similar", "text": "..."}}

This module never evaluates a condition against data; the engine does that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from runtime.flow.durations import human_duration, parse_duration

__all__ = [
    "COMPARE_OPS",
    "FIELD_OPS",
    "MESSAGE_MATCHES",
    "condition_problems",
    "describe_condition",
    "referenced_events",
    "referenced_fields",
    "referenced_tags",
]

FIELD_OPS = ("=", "!=", ">", ">=", "<", "<=", "contains", "in", "is_set", "is_not_set")
COMPARE_OPS = ("=", "!=", ">", ">=", "<", "<=")
MESSAGE_MATCHES = ("exact", "contains", "regex", "similar")
_KINDS = ("all", "any", "not", "field", "tag", "days_since", "event", "message")
_ALLOWED_KEYS = {
    "all": {"all"},
    "any": {"any"},
    "not": {"not"},
    "field": {"field", "op", "value"},
    "tag": {"tag"},
    "days_since": {"days_since", "op", "value"},
    "event": {"event", "since", "op", "count", "filter"},
    "message": {"message"},
}
_NO_VALUE_OPS = ("is_set", "is_not_set")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _kind(cond: Any) -> str | None:
    """Which kind of condition ``cond`` is (its first recognised key), or None."""
    if isinstance(cond, dict):
        for key in cond:
            if key in _KINDS:
                return str(key)
    return None


def condition_problems(cond: Any, path: str = "condition", allow_empty: bool = True) -> list[str]:
    """Every syntax problem of ``cond`` as a message naming where it is (empty list when fine).

    ``path`` prefixes the messages, e.g. ``"if"`` gives ``"if.all[1]: unknown operator '=>'"``.
    An empty object ``{}`` means "always" (the engine treats it so; editors write it for "no
    filter") unless ``allow_empty`` is False, where a condition is the whole point of the setting.
    """
    out: list[str] = []
    if cond == {}:
        if not allow_empty:
            out.append(f"{path}: the condition is empty")
        return out
    _check(cond, path, out)
    return out


#: the deepest nesting of all/any/not accepted (a readable condition is a few levels deep)
MAX_CONDITION_DEPTH = 32


def _single_kind(cond: Any, path: str, out: list[str], depth: int) -> str | None:
    """The one kind of ``cond``, or None after reporting why it has none (too deep, not an object,
    no kind key, several)."""
    if depth > MAX_CONDITION_DEPTH:
        out.append(f"{path[:80]}...: conditions nest more than {MAX_CONDITION_DEPTH} levels deep; flatten them")
        return None
    if not isinstance(cond, dict):
        out.append(f"{path}: a condition must be an object, not {cond!r}")
        return None
    kinds = [k for k in cond if k in _KINDS]
    if not kinds:
        keys = ", ".join(repr(k) for k in cond) or "nothing"
        out.append(f"{path}: not a condition (has {keys}; expected one of {', '.join(_KINDS)})")
        return None
    if len(kinds) > 1:
        out.append(f"{path}: mixes {' and '.join(repr(k) for k in kinds)}; wrap them in 'all' or 'any'")
        return None
    return str(kinds[0])


def _check(cond: Any, path: str, out: list[str], depth: int = 0) -> None:
    kind = _single_kind(cond, path, out, depth)
    if kind is None:
        return
    extra = [k for k in cond if k not in _ALLOWED_KEYS[kind]]
    if extra:
        out.append(f"{path}: unknown key(s) {', '.join(repr(k) for k in extra)} in a '{kind}' condition")
    if kind in ("all", "any"):
        items = cond[kind]
        if not isinstance(items, list):
            out.append(f"{path}.{kind}: must be a list of conditions")
            return
        for index, item in enumerate(items):
            _check(item, f"{path}.{kind}[{index}]", out, depth + 1)
    elif kind == "not":
        _check(cond["not"], f"{path}.not", out, depth + 1)
    elif kind == "field":
        _check_field(cond, path, out)
    elif kind == "tag":
        if not isinstance(cond["tag"], str) or not cond["tag"].strip():
            out.append(f"{path}: 'tag' must be a non-empty tag name")
    elif kind == "days_since":
        _check_days_since(cond, path, out)
    elif kind == "event":
        _check_event(cond, path, out)
    elif kind == "message":
        _check_message(cond["message"], f"{path}.message", out)


def _check_days_since(cond: dict[str, Any], path: str, out: list[str]) -> None:
    if not isinstance(cond["days_since"], str) or not cond["days_since"]:
        out.append(f"{path}: 'days_since' must name a date field")
    op = cond.get("op", ">=")  # the engine reads a missing op as ">="
    if op not in COMPARE_OPS:
        out.append(f"{path}: unknown operator {op!r} for days_since (use {' '.join(COMPARE_OPS)})")
    if "value" not in cond:
        out.append(f"{path}: 'days_since' needs a 'value' (a number of days)")
    elif not _is_number(cond["value"]):
        out.append(f"{path}: days_since 'value' must be a number, not {cond['value']!r}")


def _check_field(cond: dict[str, Any], path: str, out: list[str]) -> None:
    if not isinstance(cond["field"], str) or not cond["field"]:
        out.append(f"{path}: 'field' must be a field name")
    op = cond.get("op", "=")  # the engine reads a missing op as "="
    if op not in FIELD_OPS:
        out.append(f"{path}: unknown operator {op!r} (use {' '.join(FIELD_OPS)})")
        return
    if op in _NO_VALUE_OPS:
        return
    if "value" not in cond:
        out.append(f"{path}: operator {op!r} needs a 'value'")
        return
    value = cond["value"]
    if op == "in" and not isinstance(value, list):
        out.append(f"{path}: operator 'in' needs a list 'value', not {value!r}")
    if op in (">", ">=", "<", "<=") and not (_is_number(value) or isinstance(value, str)):
        out.append(f"{path}: operator {op!r} needs a number or date 'value', not {value!r}")


def _check_event(cond: dict[str, Any], path: str, out: list[str]) -> None:
    if not isinstance(cond["event"], str) or not cond["event"].strip():
        out.append(f"{path}: 'event' must be an event name")
    since = cond.get("since")
    if since is not None and since != "entry":
        try:
            parse_duration(since)
        except ValueError as exc:
            out.append(f"{path}: 'since' must be \"entry\" or an ISO duration: {exc}")
    op = cond.get("op")
    if op is not None and op not in COMPARE_OPS:
        out.append(f"{path}: unknown operator {op!r} for event count (use {' '.join(COMPARE_OPS)})")
    count = cond.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        out.append(f"{path}: 'count' must be a whole number >= 0, not {count!r}")
    if "filter" in cond:
        _check(cond["filter"], f"{path}.filter", out)


def _check_message(msg: Any, path: str, out: list[str]) -> None:
    if not isinstance(msg, dict):
        out.append(f"{path}: must be an object {{\"match\": ..., \"text\": ...}}")
        return
    match = msg.get("match")
    if match is None:
        out.append(f"{path}: missing 'match' ({', '.join(MESSAGE_MATCHES)})")
    elif match not in MESSAGE_MATCHES:
        out.append(f"{path}: unknown match {match!r} (use {', '.join(MESSAGE_MATCHES)})")
    text = msg.get("text")
    if not isinstance(text, str):
        out.append(f"{path}: missing 'text'")
        return
    if match == "regex":
        try:
            re.compile(text)
        except re.error as exc:
            out.append(f"{path}: bad regex {text!r}: {exc}")
    synonyms = msg.get("synonyms")
    if synonyms is not None and not (isinstance(synonyms, list) and all(isinstance(x, str) for x in synonyms)):
        out.append(f"{path}: 'synonyms' must be a list of words or phrases")
    extra = [k for k in msg if k not in ("match", "text", "channel", "synonyms", "language")]
    if extra:
        out.append(f"{path}: unknown key(s) {', '.join(repr(k) for k in extra)}")


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _since_text(since: Any) -> str:
    if since is None:
        return ""
    if since == "entry":
        return " since entry"
    try:
        return f" in last {human_duration(since)}"
    except ValueError:
        return f" since {since}"


def describe_condition(cond: Any) -> str:
    """Short human text: ``purchase since entry``, ``total_orders > 3``, ``has tag vip``."""
    kind = _kind(cond)
    if kind is None:
        return "(invalid condition)"
    if kind in ("all", "any"):
        return _describe_group(kind, cond[kind])
    if kind == "not":
        inner = cond["not"]
        if _kind(inner) == "tag":
            return f"no tag {inner['tag']}"
        if _kind(inner) == "event" and inner.get("op") is None and inner.get("count") is None:
            return f"no {inner['event']}{_since_text(inner.get('since'))}"
        return f"not ({describe_condition(inner)})"
    if kind == "field":
        op = cond.get("op")
        if op == "is_set":
            return f"{cond['field']} is set"
        if op == "is_not_set":
            return f"{cond['field']} is not set"
        return f"{cond['field']} {op or '='} {_value_text(cond.get('value'))}"
    if kind == "tag":
        return f"has tag {cond['tag']}"
    if kind == "days_since":
        return f"days since {cond['days_since']} {cond.get('op') or '>='} {_value_text(cond.get('value'))}"
    if kind == "event":
        return _describe_event(cond)
    msg = cond["message"] if isinstance(cond["message"], dict) else {}
    verb = {"exact": "is", "contains": "contains", "regex": "matches", "similar": "is like"}.get(
        str(msg.get("match")), "matches"
    )
    text = msg.get("text", "")
    shown = f"/{text}/" if msg.get("match") == "regex" else f'"{text}"'
    return f"reply {verb} {shown}"


def _describe_group(kind: str, items: Any) -> str:
    """``a and b`` / ``a or (b and c)``; an empty ``all`` always holds, an empty ``any`` never."""
    items = items if isinstance(items, list) else []
    if not items:
        return "always" if kind == "all" else "never"
    parts = []
    for item in items:
        text = describe_condition(item)
        if _kind(item) in ("all", "any") and len(item[_kind(item)] or []) > 1:
            text = f"({text})"
        parts.append(text)
    return (" and " if kind == "all" else " or ").join(parts)


def _describe_event(cond: dict[str, Any]) -> str:
    op, count = cond.get("op"), cond.get("count")
    quantity = ""
    if (op, count) not in ((None, None), (">=", 1), (None, 1), (">", 0)):
        if (op, count) in (("=", 0), ("<", 1), ("<=", 0)):
            return f"no {cond['event']}{_since_text(cond.get('since'))}"
        quantity = f" {op or '>='} {count if count is not None else 1} times"
    text = f"{cond['event']}{quantity}{_since_text(cond.get('since'))}"
    if "filter" in cond:
        text += f" where {describe_condition(cond['filter'])}"
    return text


def _walk(cond: Any) -> Iterator[Any]:
    """Every sub-condition of ``cond`` (itself included), depth first."""
    kind = _kind(cond)
    if kind is None:
        return
    yield cond
    if kind in ("all", "any") and isinstance(cond[kind], list):
        for item in cond[kind]:
            yield from _walk(item)
    elif kind == "not":
        yield from _walk(cond["not"])


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def referenced_fields(cond: Any) -> list[str]:
    """Contact fields ``cond`` reads (field and days_since conditions), in order, without repeats."""
    out = []
    for sub in _walk(cond):
        kind = _kind(sub)
        if kind == "field" and isinstance(sub["field"], str):
            out.append(sub["field"])
        elif kind == "days_since" and isinstance(sub["days_since"], str):
            out.append(sub["days_since"])
    return _unique(out)


def referenced_tags(cond: Any) -> list[str]:
    """Tags ``cond`` tests, in order, without repeats."""
    return _unique([s["tag"] for s in _walk(cond) if _kind(s) == "tag" and isinstance(s["tag"], str)])


def referenced_events(cond: Any) -> list[str]:
    """Event names ``cond`` counts, in order, without repeats."""
    return _unique([s["event"] for s in _walk(cond) if _kind(s) == "event" and isinstance(s["event"], str)])
