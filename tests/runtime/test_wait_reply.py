"""A wait for a reply keeps it in a contact field: read as a date or a number, or 'failed'."""

from __future__ import annotations

from datetime import date

import pytest

from runtime.flow.io import flow_from_dict
from runtime.flow.validate import validate_flow
from runtime.steps.registry import get_step_type
from runtime.steps.reply_values import ReplyError, parse_reply, parse_reply_date

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(("reply", "kept"), [
    ("14.02.1990", "1990-02-14"), ("my birthday is 14/02/1990!", "1990-02-14"), ("1990-02-14", "1990-02-14"),
    ("14 февраля 1990", "1990-02-14"), ("родилась 9 мая 1985 г.", "1985-05-09"), ("Feb 14, 1990", "1990-02-14"),
    ("14 February 1990", "1990-02-14"), ("3.4.90", "1990-04-03"), ("1.1.05", "2005-01-01"),
])
def test_dates_as_people_write_them(reply: str, kept: str) -> None:
    assert parse_reply_date(reply, TODAY) == kept


@pytest.mark.parametrize(("reply", "why"), [
    ("hello", "holds no date"), ("31.02.1990", "not a real date"), ("01.01.2030", "between 1900 and today"),
    ("05.03.1850", "between 1900 and today"), ("", "holds no date"),
])
def test_what_is_not_a_birth_date(reply: str, why: str) -> None:
    with pytest.raises(ReplyError, match=why):
        parse_reply_date(reply, TODAY)


def test_numbers_and_text() -> None:
    assert parse_reply("number", "about 3,5 kg", TODAY) == 3.5 and parse_reply("number", "42", TODAY) == 42
    assert parse_reply("text", "  hi there ", TODAY) == "hi there"
    with pytest.raises(ReplyError, match="holds no number"):
        parse_reply("number", "many", TODAY)


def _flow(wait: dict) -> dict:
    return {"format": "flowcanvas/1", "name": "Ask", "trigger": {"type": "manual"}, "goal": {"event": "purchase"},
            "steps": [{"id": "ask", "type": "wait", "name": "Birth date?", "config": wait}], "edges": []}


def test_reading_a_date_adds_a_failed_port() -> None:
    wait = get_step_type("wait")
    assert wait.ports({"event": "message", "timeout": "P1D"}) == ["yes", "no"]
    assert wait.ports({"event": "message", "timeout": "P1D", "save_reply": {"field": "note"}}) == ["yes", "no"]
    assert wait.ports({"event": "message", "timeout": "P1D",
                       "save_reply": {"field": "birthday", "as": "date"}}) == ["yes", "no", "failed"]


def test_save_reply_needs_a_message_wait_and_a_known_kind() -> None:
    report = validate_flow(flow_from_dict(_flow({"event": "purchase", "timeout": "P1D",
                                                "save_reply": {"field": "birthday"}})))
    assert any("'save_reply' keeps a reply" in e.message and e.step_id == "ask" for e in report.errors)
    report = validate_flow(flow_from_dict(_flow({"event": "message", "timeout": "P1D",
                                                "save_reply": {"field": "birthday", "as": "colour"}})))
    assert report.errors and all(e.step_id == "ask" for e in report.errors)
    ok = validate_flow(flow_from_dict(_flow({"event": "message", "timeout": "P1D",
                                            "save_reply": {"field": "birthday", "as": "date"}})))
    assert ok.errors == []
