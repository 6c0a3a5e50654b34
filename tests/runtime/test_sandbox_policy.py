"""Tests that do not mislead: ``simulate`` renders the trigger event's properties and, like sandbox
runs, applies quiet hours and frequency caps (hold / skip with reasons); only the provider call
is replaced."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runtime.channels.settings import CAPS_KEY
from runtime.cli.main import main
from runtime.storage.db import open_project
from runtime.storage.settings import set_setting

NIGHT = "2030-01-07T22:00:00+00:00"  # SMS quiet hours (20:00-08:00) in the contact's zone (UTC)
FLOW = {
    "format": "flowcanvas/1", "name": "Cart", "trigger": {"type": "event", "event": "cart_add"},
    "steps": [
        {"id": "sms", "type": "send_sms", "config": {"text": "Your cart: {{ event.cart_url }}"}},
        {"id": "email", "type": "send_email", "config": {"subject": "Cart", "body": "{{ event.cart_url }}"}},
    ],
    "edges": [{"from": "sms", "to": "email"}],
}


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    return json.loads(out) if "--json" in argv else out


@pytest.fixture
def shop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    proj = tmp_path / "p.fcproj"
    cli(capsys, "init", str(proj))
    (tmp_path / "c.csv").write_text("id,email,phone,timezone\nann,ann@example.com,+447911123451,UTC\n",
                                    encoding="utf-8")
    (tmp_path / "f.json").write_text(json.dumps(FLOW), encoding="utf-8")
    cli(capsys, "contacts", "import", str(proj), str(tmp_path / "c.csv"))
    cli(capsys, "run", str(proj), "--clock", "virtual", "--until", NIGHT)
    cli(capsys, "flow", "import", str(proj), str(tmp_path / "f.json"), "--activate")
    return proj


def test_simulate_renders_the_trigger_props_and_holds_sms_in_quiet_hours(shop: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    result = cli(capsys, "simulate", str(shop), "Cart", "--contact", "ann", "--days", "2",
                 "--props", '{"cart_url": "https://shop.example/c/ann"}', "--json")
    sms, email = result["messages"]
    assert sms["content"]["text"] == "Your cart: https://shop.example/c/ann"
    assert email["content"]["body"] == "https://shop.example/c/ann"
    held = [p for p in result["path"] if p["step"] == "sms" and p["outcome"] == "held"]
    assert held and "quiet hours" in held[0]["detail"]["reason"]
    email_step = next(p for p in result["path"] if p["step"] == "email")
    assert email_step["at"] == "2030-01-08T08:00:00+00:00"  # the email waited for the held SMS


def test_simulate_takes_the_trigger_event_from_the_events_file(shop: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text('{"name": "cart_add", "props": {"cart_url": "https://shop.example/c/9"}}\n', encoding="utf-8")
    result = cli(capsys, "simulate", str(shop), "Cart", "--contact", "ann", "--events", str(events), "--json")
    assert result["messages"][0]["content"]["text"] == "Your cart: https://shop.example/c/9"


def test_sandbox_run_applies_quiet_hours_and_caps(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = open_project(shop)
    with project.write() as s:
        set_setting(s, CAPS_KEY, {"per_day": 1, "action": "skip"})
    project.close()
    cli(capsys, "event", str(shop), "ann", "cart_add", "--props", '{"cart_url": "u"}')
    cli(capsys, "run", str(shop), "--sandbox", "--until", "2030-01-08T12:00:00+00:00")
    rows = cli(capsys, "outbox", str(shop), "--json")
    by_step = {r["step"]: r for r in rows}
    assert by_step["sms"]["status"] == "sandbox"  # after the quiet hours, at 08:00
    assert by_step["email"]["status"] == "skipped"  # the day's cap of one message was used by the SMS
    shown = cli(capsys, "contacts", "show", str(shop), "ann", "--json")
    outcomes = [(s["step"], s["outcome"]) for s in shown["recent_steps"]]
    assert ("sms", "held") in outcomes and ("email", "skipped") in outcomes
