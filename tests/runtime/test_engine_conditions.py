"""The condition evaluator against data: fields, tags, days_since, event counts, last message."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runtime.clock import UTC
from runtime.steps.conditions import EvalContext, compare, evaluate, text_matches

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
ENTERED = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)


def ctx(**over: object) -> EvalContext:
    contact = {"id": 1, "first_name": "Ann", "email": "ann@x.io", "phone": None, "timezone": "UTC",
               "last_activity_at": datetime(2026, 2, 1, tzinfo=UTC),
               "attributes": {"total_orders": 4, "plan": "Pro", "signup": "2026-03-01", "langs": ["en", "de"]}}
    events = {
        "purchase": [(datetime(2026, 3, 1, tzinfo=UTC), {"total": 20}, 1), (datetime(2026, 3, 9, tzinfo=UTC), {"total": 80}, 2),
                     (datetime(2026, 3, 11, tzinfo=UTC), {"total": 5}, 3)],
        "message": [(datetime(2026, 3, 9, tzinfo=UTC), {"text": "What's the PRICE?", "channel": "telegram"}, 4),
                    (datetime(2026, 3, 9, 1, tzinfo=UTC), {"text": "ok", "from": "operator"}, 5)],
    }
    kw = dict(contact=contact, now=NOW, entered_at=ENTERED, tags={"vip"}, events=events, event={"cart": 3})
    kw.update(over)
    return EvalContext(**kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("cond,expected", [
    ({"field": "total_orders", "op": ">", "value": 3}, True),
    ({"field": "attributes.total_orders", "op": "<=", "value": 3}, False),
    ({"field": "total_orders", "op": "=", "value": "4"}, True),
    ({"field": "plan", "op": "=", "value": "pro"}, True),
    ({"field": "plan", "op": "!=", "value": "Basic"}, True),
    ({"field": "first_name", "op": "contains", "value": "an"}, True),
    ({"field": "langs", "op": "contains", "value": "de"}, True),
    ({"field": "plan", "op": "in", "value": ["Pro", "Max"]}, True),
    ({"field": "phone", "op": "is_set"}, False),
    ({"field": "phone", "op": "is_not_set"}, True),
    ({"field": "nope", "op": "is_not_set"}, True),
    ({"field": "nope", "op": ">", "value": 1}, False),
    ({"field": "signup", "op": "<", "value": "2026-03-02"}, True),
    ({"field": "event.cart", "op": ">=", "value": 3}, True),
    ({"tag": "vip"}, True),
    ({"tag": "gone"}, False),
    ({"days_since": "last_activity_at", "op": ">", "value": 30}, True),
    ({"days_since": "signup", "op": "<", "value": 10}, True),
    ({"days_since": "nope", "op": ">", "value": 1}, False),
    ({"event": "purchase", "since": "entry"}, True),
    ({"event": "purchase", "since": "entry", "op": ">=", "count": 2}, False),
    ({"event": "purchase"}, True),
    ({"event": "purchase", "op": "=", "count": 2}, True),  # the one in the future does not count yet
    ({"event": "purchase", "since": "P3D"}, True),
    ({"event": "purchase", "since": "PT12H"}, False),
    ({"event": "purchase", "filter": {"field": "total", "op": ">", "value": 50}, "op": "=", "count": 1}, True),
    ({"event": "refund", "op": "=", "count": 0}, True),
    ({"message": {"match": "contains", "text": "price"}}, True),
    ({"message": {"match": "exact", "text": "what's the price"}}, True),
    ({"message": {"match": "regex", "text": r"pri[cz]e"}}, True),
    ({"message": {"match": "similar", "text": "whats the prise"}}, True),
    ({"message": {"match": "similar", "text": "completely different"}}, False),
    ({"message": {"match": "regex", "text": "([unclosed"}}, False),
    ({"message": {"match": "contains", "text": "price", "channel": "sms"}}, False),
    ({"all": [{"tag": "vip"}, {"not": {"tag": "gone"}}]}, True),
    ({"any": [{"tag": "gone"}, {"field": "plan", "op": "=", "value": "x"}]}, False),
    ({}, True),
    ({"unknown": 1}, False),
])
def test_conditions(cond: dict, expected: bool) -> None:
    assert evaluate(cond, ctx()) is expected


def test_without_messages_message_conditions_are_false() -> None:
    assert evaluate({"message": {"match": "contains", "text": "x"}}, ctx(events={})) is False


def test_operator_messages_are_not_the_contacts() -> None:
    events = {"message": [(NOW - timedelta(hours=1), {"text": "price list", "from": "operator"}, 1)]}
    assert evaluate({"message": {"match": "contains", "text": "price"}}, ctx(events=events)) is False


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60), pattern=st.text(max_size=30),
       match=st.sampled_from(["exact", "contains", "regex", "similar", "bogus"]))
def test_message_matching_never_crashes(text: str, pattern: str, match: str) -> None:
    assert text_matches(match, pattern, text) in (True, False)


@settings(max_examples=200, deadline=None)
@given(left=st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10),
                      st.lists(st.integers(), max_size=3)),
       right=st.one_of(st.none(), st.integers(), st.text(max_size=10), st.lists(st.text(max_size=3), max_size=3)),
       op=st.sampled_from(["=", "!=", ">", ">=", "<", "<=", "contains", "in", "is_set", "is_not_set", "??"]))
def test_compare_never_crashes(left: object, right: object, op: str) -> None:
    assert compare(left, op, right) in (True, False)
