"""Evaluating flow conditions against a contact's data (syntax lives in runtime.flow.conditions).

Grammar (design.md section 3): ``all`` / ``any`` / ``not`` nesting; ``field`` comparisons on
contact columns and attributes (``attributes.x`` or just ``x``; ``event.x`` reads the trigger
event's properties); ``tag``; ``days_since``; ``event`` counts since entry, within a window
(ISO duration) or ever, optionally with a ``filter`` on the event's properties; ``message``
matches the last inbound message (events named ``message`` whose ``from`` is the contact).

The evaluator never raises on data: a malformed value, a bad regex or a missing field makes
that comparison false. :class:`EvalContext` works on an ORM ``Contact`` or on the engine's
prefetched snapshot; tags and events it was not given come from loaders the caller passes
(:mod:`runtime.engine.condition_data` reads them from the database), so this module never
touches storage.
"""

from __future__ import annotations

import difflib
import operator
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from runtime import safe_regex
from runtime.clock import UTC, ensure_utc

SIMILAR_RATIO = 0.8
CONTACT_COLUMNS = (
    "external_id", "email", "phone", "telegram_chat_id", "whatsapp", "push_subscriptions", "first_name",
    "last_name", "timezone", "birthday", "email_status", "sms_status", "telegram_status", "whatsapp_status",
    "push_status", "created_at", "updated_at", "last_activity_at",
)
_MISSING = object()

# one event seen by a condition: (occurred_at, properties, id)
EventItem = tuple[datetime, dict[str, Any], int]


class EvalContext:
    """Everything a condition may look at for one contact at one moment.

    ``contact`` is an ORM ``Contact`` or a dict of its columns (with ``attributes``). ``tags``,
    ``events`` (name -> items sorted by time) and ``messages`` may be given prefetched;
    otherwise they are loaded on first use through ``tag_loader`` and ``event_loader`` (none
    given: no tags, no events).
    """

    def __init__(
        self,
        *,
        contact: Any,
        now: datetime,
        entered_at: datetime | None = None,
        event: Any = None,
        tags: set[str] | None = None,
        events: dict[str, list[EventItem]] | None = None,
        messages: list[EventItem] | None = None,
        tag_loader: Callable[[], set[str]] | None = None,
        event_loader: Callable[[str], list[EventItem]] | None = None,
        props: dict[str, Any] | None = None,
    ) -> None:
        self.contact = contact
        self.now = now if now.tzinfo is UTC else ensure_utc(now)
        self.entered_at = (entered_at if entered_at.tzinfo is UTC else ensure_utc(entered_at)) if entered_at else None
        self.event = event
        self._tags = tags
        self._events = events if events is not None else {}
        self._messages = messages
        self._tag_loader = tag_loader
        self._event_loader = event_loader
        self.props = props  # set inside an event ``filter``: the event's properties come first

    # -- data access ----------------------------------------------------------------------------
    def _contact_value(self, name: str) -> Any:
        c = self.contact
        if isinstance(c, dict):
            return c.get(name, _MISSING)
        return getattr(c, name, _MISSING)

    def _contact_id(self) -> int | None:
        value = self._contact_value("id")
        return None if value is _MISSING else value

    def attributes(self) -> dict[str, Any]:
        attrs = self._contact_value("attributes")
        return attrs if isinstance(attrs, dict) else {}

    def event_props(self) -> dict[str, Any]:
        ev = self.event
        if ev is None:
            return {}
        if isinstance(ev, dict):
            return ev
        return getattr(ev, "properties", None) or {}

    def field(self, name: object) -> Any:
        """The value of a field (``_MISSING`` if absent): props, event.x, attributes.x, columns, attributes."""
        if not isinstance(name, str):
            return _MISSING
        if self.props is not None:
            key = name[6:] if name.startswith("props.") else name
            if key in self.props:
                return self.props[key]
        if name.startswith("event."):
            return self.event_props().get(name[6:], _MISSING)
        if name.startswith("attributes."):
            return self.attributes().get(name[11:], _MISSING)
        if name in CONTACT_COLUMNS:
            return self._contact_value(name)
        return self.attributes().get(name, _MISSING)

    def tags(self) -> set[str]:
        if self._tags is None:
            self._tags = self._tag_loader() if self._tag_loader is not None else set()
        return self._tags

    def events(self, name: str) -> list[EventItem]:
        if name not in self._events:
            self._events[name] = self._load_events(name)
        return self._events[name]

    def _load_events(self, name: str) -> list[EventItem]:
        if self._event_loader is not None:
            return self._event_loader(name)
        return []

    def last_message(self) -> dict[str, Any] | None:
        """Properties of the contact's last inbound message at or before now, or None."""
        items = self._messages if self._messages is not None else self.events("message")
        for occurred_at, props, _id in reversed(items):
            if occurred_at > self.now:
                continue
            if (props or {}).get("from", "contact") in (None, "contact"):
                return props or {}
        return None

    def with_props(self, props: dict[str, Any]) -> EvalContext:
        """A context whose fields read ``props`` first (for an event ``filter``)."""
        sub = EvalContext(contact=self.contact, now=self.now, entered_at=self.entered_at,
                          event=self.event, tags=self._tags, events=self._events, messages=self._messages,
                          tag_loader=self._tag_loader, event_loader=self._event_loader, props=props or {})
        return sub


# -- values -----------------------------------------------------------------------------------
def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def as_datetime(value: Any) -> datetime | None:
    """A datetime from a datetime, a date or an ISO string; None when it is not one."""
    if isinstance(value, datetime):
        return ensure_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str) and value.strip():
        try:
            return ensure_utc(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def _is_set(value: Any) -> bool:
    return value is not _MISSING and value is not None and value != "" and value != [] and value != {}


def compare(left: Any, op: str, right: Any) -> bool:
    """``left op right`` with loose typing (numbers, then dates, then text); never raises."""
    try:
        if op == "is_set":
            return _is_set(left)
        if op == "is_not_set":
            return not _is_set(left)
        if left is _MISSING:
            left = None
        if op in ("=", "!="):
            return _loosely_equal(left, right) == (op == "=")
        if op == "contains":
            return _contains(left, right)
        if op == "in":
            if isinstance(right, (list, tuple, set)):
                return left in right or (left is not None and str(left) in [str(x) for x in right])
            return left is not None and str(left).casefold() in str(right).casefold()
        if op in _ORDER:
            if left is None or right is None:
                return False
            ln, rn = _order_keys(left, right)
            return _ORDER[op](ln, rn)
    except (TypeError, ValueError):
        return False
    return False


_ORDER: dict[str, Callable[[Any, Any], bool]] = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def _loosely_equal(left: Any, right: Any) -> bool:
    if left == right:
        return True
    ln, rn = _number(left), _number(right)
    if ln is not None and rn is not None and ln == rn:
        return True
    return isinstance(left, str) and isinstance(right, str) and left.strip().casefold() == right.strip().casefold()


def _contains(left: Any, right: Any) -> bool:
    if isinstance(left, (list, tuple, set)):
        return right in left or str(right) in [str(x) for x in left]
    if isinstance(left, dict):
        return right in left
    return left is not None and str(right).casefold() in str(left).casefold()


def _order_keys(left: Any, right: Any) -> tuple[float, float] | tuple[str, str]:
    """Comparable keys: both numbers, else both dates (as timestamps), else both texts."""
    ln, rn = _number(left), _number(right)
    if ln is not None and rn is not None:
        return ln, rn
    ld, rd = as_datetime(left), as_datetime(right)
    if ld is not None and rd is not None:
        return ld.timestamp(), rd.timestamp()
    return str(left), str(right)


# -- messages ---------------------------------------------------------------------------------
def normalize_text(text: Any) -> str:
    """Text as keywords compare it: NFKC, case-folded, punctuation dropped, whitespace collapsed."""
    norm = unicodedata.normalize("NFKC", "" if text is None else str(text)).casefold()
    norm = re.sub(r"[^\w\s]", " ", norm)
    return " ".join(norm.split())


def text_matches(match: str, pattern: Any, text: Any, synonyms: Any = None, language: Any = None) -> bool:
    """Whether ``text`` matches ``pattern`` under exact / contains / regex / similar; never raises.

    ``similar`` is by meaning (:func:`runtime.text.keywords.matches_meaning`: lemmas, typos,
    ``synonyms``, negation), else a near-identical whole text (a typo spread over a short phrase).
    """
    if text is None:
        return False
    try:
        if match == "exact":
            return normalize_text(text) == normalize_text(pattern)
        if match == "contains":
            pat = normalize_text(pattern)
            return bool(pat) and pat in normalize_text(text)
        if match == "regex":
            return safe_regex.search(str(pattern), str(text))  # time-limited: patterns come from flow files
        if match == "similar":
            from runtime.text.keywords import NEGATORS, matches_meaning

            alternatives = [str(s) for s in synonyms] if isinstance(synonyms, list) else []
            if matches_meaning(str(pattern), str(text), alternatives, str(language or "en")):
                return True
            # difflib is quadratic: compare the first 1,000 characters (keywords are far shorter)
            a, b = normalize_text(text)[:1000], normalize_text(pattern)[:1000]
            if not a or not b or NEGATORS.intersection(a.split()) - NEGATORS.intersection(b.split()):
                return False
            return difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR_RATIO
    except (re.error, TypeError, ValueError, RecursionError):
        return False
    return False


# -- evaluation -------------------------------------------------------------------------------
def _since(ctx: EvalContext, since: Any) -> datetime | None:
    if since is None:
        return None
    if since == "entry":
        return ctx.entered_at
    from runtime.flow.durations import parse_duration

    try:
        return ctx.now - parse_duration(str(since))
    except ValueError:
        return None


def event_count(ctx: EvalContext, cond: dict[str, Any]) -> int:
    """How many of the contact's events match an ``event`` condition's name, window and filter."""
    start = _since(ctx, cond.get("since"))
    flt = cond.get("filter")
    n = 0
    for occurred_at, props, _id in ctx.events(str(cond.get("event"))):
        if occurred_at > ctx.now or (start is not None and occurred_at < start):
            continue
        if flt and not evaluate(flt, ctx.with_props(props)):
            continue
        n += 1
    return n


def evaluate(cond: Any, ctx: EvalContext) -> bool:
    """Whether ``cond`` holds in ``ctx``. An empty condition holds; unknown shapes do not."""
    if cond is None or cond == {}:
        return True
    if not isinstance(cond, dict):
        return False
    if "all" in cond:
        return all(evaluate(c, ctx) for c in (cond["all"] or []))
    if "any" in cond:
        return any(evaluate(c, ctx) for c in (cond["any"] or []))
    if "not" in cond:
        return not evaluate(cond["not"], ctx)
    if "field" in cond:
        return compare(ctx.field(cond["field"]), str(cond.get("op", "=")), cond.get("value"))
    if "tag" in cond:
        return str(cond["tag"]) in ctx.tags()
    if "days_since" in cond:
        moment = as_datetime(ctx.field(cond["days_since"]))
        if moment is None:
            return False
        days = (ctx.now - moment) / timedelta(days=1)
        return compare(days, str(cond.get("op", ">=")), cond.get("value", 0))
    if "event" in cond:
        count = event_count(ctx, cond)
        return compare(count, str(cond.get("op", ">=")), cond.get("count", 1))
    if "message" in cond:
        spec = cond["message"] if isinstance(cond["message"], dict) else {}
        last = ctx.last_message()
        if last is None:
            return False
        channel = spec.get("channel")
        if channel and last.get("channel") and last.get("channel") != channel:
            return False
        return text_matches(str(spec.get("match", "exact")), spec.get("text", ""), last.get("text"),
                            spec.get("synonyms"), spec.get("language"))
    return False


__all__ = ["EvalContext", "as_datetime", "compare", "evaluate", "event_count", "normalize_text", "text_matches"]
