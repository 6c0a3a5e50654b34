"""The channel commands end to end: settings, keyring, connection tests, dispatch, polling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from runtime.cli.main import main
from runtime.storage.db import open_project
from runtime.storage.models import Event, Outbox, Setting
from tests.runtime.channel_helpers import T0, add_contact, add_outbox
from tests.runtime.smtp_server import smtp_server


@pytest.fixture
def path(tmp_path: Path) -> str:
    project = open_project(tmp_path / "p.fcproj", create=True)
    project.close()
    return str(tmp_path / "p.fcproj")


def test_set_show_and_test_telegram(path, bot_api, memory_keyring, capsys) -> None:
    assert main(["channel", "set", path, "telegram", "token=42:GOOD", f"api_base={bot_api}"]) == 0
    assert "token in the OS keyring" in capsys.readouterr().out
    assert list(memory_keyring.store.values()) == ["42:GOOD"]
    assert main(["channel", "show", path, "telegram", "--json"]) == 0
    shown = capsys.readouterr().out
    assert "42:GOOD" not in shown
    fields = {f["key"]: f for f in json.loads(shown)["channels"][0]["fields"]}
    assert fields["token"]["is_set"] is True and fields["api_base"]["value"] == bot_api
    assert main(["channel", "test", path, "telegram"]) == 0
    assert "Telegram bot @shop_bot (id 42) is ready" in capsys.readouterr().out
    project = open_project(path)
    with project.session() as s:
        assert "42:GOOD" not in repr([r.value for r in s.scalars(select(Setting))])
    project.close()
    for part in Path(path).parent.glob("p.fcproj*"):  # the file and its WAL never hold the token
        assert b"42:GOOD" not in part.read_bytes()


def test_connection_failure_is_a_readable_error(path, bot_api, capsys) -> None:
    main(["channel", "set", path, "telegram", "token=42:BAD", f"api_base={bot_api}"])
    capsys.readouterr()
    assert main(["channel", "test", path, "telegram"]) == 2
    err = capsys.readouterr().err
    assert "rejected the bot token" in err and "channel set PROJECT telegram token=" in err and "42:BAD" not in err


def test_telegram_poll_once_records_events(path, bot_api, capsys) -> None:
    main(["channel", "set", path, "telegram", "token=42:GOOD", f"api_base={bot_api}"])
    assert main(["telegram", "poll", path, "--once", "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{"):]) == {"updates": 1, "events": {"start": 1}, "contacts_created": 1, "offset": 6}
    project = open_project(path)
    with project.session() as s:
        assert [(e.name, e.properties) for e in s.scalars(select(Event))] == [("start", {"payload": "vip"})]
    project.close()


def test_dispatch_once_sends_email_through_a_real_smtp_server(path, tmp_path, capsys) -> None:
    project = open_project(path)
    with project.write() as s:
        contact = add_contact(s, email="ann@example.com")
        add_outbox(s, contact, "email", {"subject": "Hello", "body": "<p>Hi</p>"}, "1:send:0", T0)
    project.close()
    with smtp_server(tmp_path) as server:
        assert main(["channel", "set", path, "email", "host=127.0.0.1", f"port={server.port}", "security=none",
                     "from_email=news@shop.example"]) == 0
        assert main(["channel", "policy", path, "sandbox=false", "quiet_hours=off"]) == 0
        capsys.readouterr()
        assert main(["dispatch", path, "--once", "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
    assert report["sent"] == 1 and report["failed"] == 0
    ((_, rcpts, mail),) = server.inbox.messages
    assert rcpts == ["ann@example.com"] and mail["Subject"] == "Hello"
    project = open_project(path)
    with project.session() as s:
        assert s.scalars(select(Outbox.status)).one() == "sent"
    project.close()


def test_policy_command_validates(path, capsys) -> None:
    assert main(["channel", "policy", path, "quiet_hours.sms=21:00-09:00", "cap.per_day=3", "cap.sms.per_week=2",
                 "cap.action=skip", "give_up_after_hours=12"]) == 0
    policy = json.loads(capsys.readouterr().out)
    assert policy["quiet_hours"]["sms"] == "21:00-09:00"
    assert policy["caps"] == {"per_day": 3, "per_week": None, "action": "skip", "channels": {"sms": {"per_week": 2}}}
    assert policy["dispatch"]["give_up_after_hours"] == 12.0
    assert main(["channel", "policy", path, "cap.per_day=many"]) == 2
    assert "whole number" in capsys.readouterr().err
    assert main(["channel", "set", path, "fax", "x=1"]) == 2
    assert "unknown channel 'fax'" in capsys.readouterr().err


def test_review_command_resolves_a_flagged_message(path, capsys) -> None:
    project = open_project(path)
    with project.write() as s:
        contact = add_contact(s, telegram_chat_id="5")
        row = add_outbox(s, contact, "telegram", {"text": "hi"}, "1:send:0", T0, status="review",
                         reason="interrupted")
        row_id = row.id
    project.close()
    assert main(["channel", "review", path, str(row_id), "requeue", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "queued"
    assert main(["channel", "review", path, str(row_id), "sent"]) == 2
    assert "is queued, not waiting for review" in capsys.readouterr().err


def test_show_without_a_keyring_still_shows_settings(path, capsys) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert main(["channel", "show", path, "telegram", "--json"]) == 0
    view = json.loads(capsys.readouterr().out)["channels"][0]
    assert next(f for f in view["fields"] if f["key"] == "token")["is_set"] is None
    assert "keyrings.alt" in view["keyring_error"]
    assert main(["channel", "set", path, "telegram", "token=x"]) == 2
    assert "no OS keyring is available" in capsys.readouterr().err
