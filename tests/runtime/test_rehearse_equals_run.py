"""Rehearsal keeps its promise: its numbers equal running the same events for real.

A project has run a signup flow for three days (history on the virtual clock). Rehearse predicts
the next three days by replaying those days' events shifted three days ahead. Then the same
events really happen three days later and the project runs (sandbox, virtual clock) to the end of
the window: entries, exits, messages per channel per day, holds by quiet hours, skips by caps and
visits per step are the same, and the outbox the user can list agrees.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from runtime.cli.main import main
from runtime.rehearsal.window_report import window_report
from runtime.storage.db import open_project

T0 = datetime.fromisoformat("2030-01-10T00:00:00+00:00")
DAYS = 3
FLOW = {
    "format": "flowcanvas/1", "name": "Signup nurture", "trigger": {"type": "event", "event": "signup"},
    "entry": {"repeat": "always"}, "goal": {"event": "purchase", "within": "P3D"},
    # two messages a day at most: the third touch of a day is skipped
    "settings": {"caps": {"per_day": 2, "action": "skip"}},
    "steps": [
        {"id": "welcome", "type": "send_email", "config": {"subject": "Welcome", "body": "Hi"}, "position": [0, 0]},
        {"id": "wait_2h", "type": "wait", "config": {"duration": "PT2H"}, "position": [300, 0]},
        # SMS keeps the project's quiet hours (20:00-08:00): an evening signup's SMS waits for the morning
        {"id": "sms", "type": "send_sms", "config": {"text": "Your code: HELLO"}, "position": [600, 0]},
        {"id": "wait_1h", "type": "wait", "config": {"duration": "PT1H"}, "position": [900, 0]},
        {"id": "bought", "type": "condition", "name": "Bought?",
         "config": {"if": {"event": "purchase", "since": "entry"}}, "position": [1200, 0]},
        {"id": "tg", "type": "send_telegram", "config": {"text": "Still thinking?"}, "position": [1500, 0]},
    ],
    "edges": [{"from": "welcome", "to": "wait_2h"}, {"from": "wait_2h", "to": "sms"}, {"from": "sms", "to": "wait_1h"},
              {"from": "wait_1h", "to": "bought"}, {"from": "bought", "port": "no", "to": "tg"}],
}
# (hours before T0, contact, event): signups in the morning and the evening, two purchases
HISTORY = [(70, "c0", "signup"), (69.5, "c0", "purchase"), (60, "c1", "signup"), (52, "c2", "signup"),
           (47, "c3", "signup"), (30, "c4", "signup"), (27, "c5", "signup"), (26, "c5", "purchase"),
           (20, "c6", "signup"), (5, "c7", "signup")]


def cli(capsys: pytest.CaptureFixture[str], *argv: object) -> Any:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out) if "--json" in argv else out.out


def _event(capsys: pytest.CaptureFixture[str], proj: Path, who: str, name: str, moment: datetime) -> None:
    cli(capsys, "event", proj, who, name, "--at", moment.isoformat())


@pytest.fixture
def running(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The project three days into running the flow, the virtual clock at T0."""
    proj = tmp_path / "shop.fcproj"
    cli(capsys, "init", proj)
    csv = tmp_path / "c.csv"
    csv.write_text("id,email,phone,telegram_chat_id,first_name\n" + "".join(
        f"c{i},c{i}@example.com,+44791112345{i},{7000 + i},C{i}\n" for i in range(8)), encoding="utf-8")
    cli(capsys, "contacts", "import", proj, csv)
    start = T0 - timedelta(days=DAYS, hours=1)
    cli(capsys, "run", proj, "--clock", "virtual", "--until", start.isoformat(), "--sandbox", "--json")
    flow_file = tmp_path / "flow.json"
    flow_file.write_text(json.dumps(FLOW), encoding="utf-8")
    cli(capsys, "flow", "import", proj, flow_file, "--activate")
    for hours, who, name in HISTORY:
        _event(capsys, proj, who, name, T0 - timedelta(hours=hours))
    cli(capsys, "run", proj, "--clock", "virtual", "--until", T0.isoformat(), "--sandbox", "--json")
    return proj


def test_rehearsal_numbers_equal_the_real_run(running: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predicted = cli(capsys, "rehearse", running, "Signup nurture", "--days", DAYS, "--conversion", "10%", "--json")
    assert predicted["replayed_events"] == len(HISTORY)
    totals = predicted["totals"]
    # the window shows what the user is asked to check: holds, skips and goal exits all happen
    assert totals["held_quiet_hours"] > 0 and totals["skipped_by_cap"] > 0 and totals["exited_goal"] == 2
    assert totals["entered"] == 8 and totals["expected_goal_exits"] == 0.8

    # the same events, for real, three days later; the project runs to the end of the window
    for hours, who, name in HISTORY:
        _event(capsys, running, who, name, T0 + timedelta(days=DAYS) - timedelta(hours=hours))
    cli(capsys, "run", running, "--clock", "virtual", "--until", (T0 + timedelta(days=DAYS)).isoformat(),
        "--sandbox", "--json")
    steps = {s["id"]: s["type"] for s in FLOW["steps"]}
    real = window_report(open_project(running), predicted["flow_id"], steps, T0, DAYS)
    for key in ("entered", "completed", "exited_goal", "exited_other", "failed", "active_at_end", "messages",
                "held_quiet_hours", "delayed_by_cap", "skipped_by_cap", "conversion"):
        assert real["totals"][key] == totals[key], key
    assert real["steps"] == predicted["steps"]
    assert real["per_day"] == [{k: v for k, v in day.items() if k != "expected_goal_exits"}
                               for day in predicted["per_day"]]
    # what the user can list in the outbox agrees: messages per channel and the skipped ones
    window = [m for m in cli(capsys, "outbox", running, "--json")
              if T0 <= datetime.fromisoformat(m["at"]) < T0 + timedelta(days=DAYS)]
    by_channel: dict[str, int] = {}
    for m in window:
        by_channel[m["channel"]] = by_channel.get(m["channel"], 0) + 1
    assert by_channel == totals["messages"]
    assert sum(m["status"] == "skipped" for m in window) == totals["skipped_by_cap"]
