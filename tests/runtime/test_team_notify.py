"""A team notification with a Telegram chat goes through the project's bot, and a failing
notification never stops the run loop (it is recorded on its outbox row)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runtime.cli.main import main
from tests.runtime.channel_helpers import FakeBotApi

T0 = "2030-01-07T09:00:00+00:00"
LATER = "2030-01-07T12:00:00+00:00"
FLOW = {
    "format": "flowcanvas/1", "name": "New lead", "trigger": {"type": "event", "event": "signup"},
    "steps": [
        {"id": "tell", "type": "notify_team",
         "config": {"text": "New lead {{ contact.first_name }}", "telegram_chat_id": "-100777"}},
        {"id": "tag", "type": "add_tag", "config": {"tag": "lead"}},
    ],
    "edges": [{"from": "tell", "to": "tag"}],
}


def cli(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> Any:
    rc = main(list(argv))
    out = capsys.readouterr()
    assert rc == code, out.err
    return json.loads(out.out) if "--json" in argv else out


@pytest.fixture
def lead_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    proj = tmp_path / "leads.fcproj"
    cli(capsys, "init", str(proj), "--live")  # these messages really go out (to the local fakes)
    csv = tmp_path / "c.csv"
    csv.write_text("id,email,first_name\nann,ann@example.com,Ann\n", encoding="utf-8")
    cli(capsys, "contacts", "import", str(proj), str(csv))
    flow = tmp_path / "flow.json"
    flow.write_text(json.dumps(FLOW), encoding="utf-8")
    cli(capsys, "flow", "import", str(proj), str(flow), "--activate")
    cli(capsys, "run", str(proj), "--clock", "virtual", "--until", T0, "--json")
    cli(capsys, "event", str(proj), "ann", "signup")
    return proj


def test_team_note_reaches_the_chat_through_the_bot(lead_project: Path, bot_api: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "channel", "set", str(lead_project), "telegram", "token=42:GOOD", f"api_base={bot_api}")
    summary = cli(capsys, "run", str(lead_project), "--until", LATER, "--json")
    assert summary["now"] == LATER
    sent = [body for method, body in FakeBotApi.calls if method == "sendMessage"]
    assert len(sent) == 1 and sent[0]["chat_id"] == "-100777" and sent[0]["text"].startswith("New lead Ann")
    [row] = cli(capsys, "outbox", str(lead_project), "--json")
    assert (row["channel"], row["status"]) == ("team", "sent")
    shown = cli(capsys, "contacts", "show", str(lead_project), "ann", "--json")
    assert "lead" in shown["tags"]


def test_a_failing_team_note_does_not_stop_the_run(lead_project: Path, bot_api: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "channel", "set", str(lead_project), "telegram", "token=42:BAD", f"api_base={bot_api}")
    summary = cli(capsys, "run", str(lead_project), "--until", LATER, "--json")
    assert summary["now"] == LATER  # the virtual clock went all the way
    [row] = cli(capsys, "outbox", str(lead_project), "--json", "--status", "failed")
    assert row["channel"] == "team"
    shown = cli(capsys, "contacts", "show", str(lead_project), "ann", "--json")
    assert "lead" in shown["tags"]  # the contact went on past the note
