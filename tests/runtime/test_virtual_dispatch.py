"""``run --until`` on a virtual clock outside sandbox mode dispatches the outbox on the way:
the email goes to a real SMTP server at +1 h virtual time, the contact moves on along ``next``,
an SMS held by quiet hours goes out at 08:00 contact time, retries back off in virtual time."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from runtime.cli.main import main
from runtime.storage.db import open_project
from runtime.storage.models import Outbox
from tests.runtime.channel_helpers import Recorder, form_of
from tests.runtime.smtp_server import smtp_server

T0 = datetime.fromisoformat("2030-01-07T09:00:00+00:00")  # a Monday, later than any wall clock; GMT = UTC
SMS_OK = {"status": "OK", "status_code": 100, "balance": 10.0,
          "sms": {"447911123451": {"status": "OK", "status_code": 100, "sms_id": "000001-1"}}}

FLOW = {
    "format": "flowcanvas/1",
    "name": "Cart reminder",
    "trigger": {"type": "event", "event": "cart_add"},
    "entry": {"repeat": "once"},
    "steps": [
        {"id": "wait_1h", "type": "wait", "config": {"duration": "PT1H"}},
        {"id": "bought", "type": "condition", "config": {"if": {"event": "purchase", "since": "entry"}}},
        {"id": "email_cart", "type": "send_email",
         "config": {"subject": "You left something", "body": "Hi {{ contact.first_name }}: {{ event.cart_url }}\n"}},
        {"id": "wait_12h", "type": "wait", "config": {"duration": "PT12H"}},
        {"id": "sms_cart", "type": "send_sms", "config": {"text": "{{ contact.first_name }}, your cart expires soon"}},
        {"id": "reminded", "type": "add_tag", "config": {"tags": ["cart_reminded"]}},
    ],
    "edges": [
        {"from": "wait_1h", "to": "bought"},
        {"from": "bought", "port": "no", "to": "email_cart"},
        {"from": "email_cart", "to": "wait_12h"},
        {"from": "wait_12h", "to": "sms_cart"},
        {"from": "sms_cart", "to": "reminded"},
    ],
}


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    rc = main(list(argv))
    out = capsys.readouterr()
    assert rc == 0, out.err
    return json.loads(out.out) if "--json" in argv else out


def at(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat()


def outbox(proj: Path) -> list[tuple[str, str, datetime | None, int]]:
    project = open_project(proj)
    try:
        with project.session() as s:
            return [(r.channel, r.status, r.sent_at, r.attempts) for r in s.scalars(select(Outbox).order_by(Outbox.id))]
    finally:
        project.close()


@pytest.fixture
def shop(tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: Any) -> Path:
    """A project (not in sandbox mode) with one shopper in London and the cart-reminder flow active,
    its virtual clock at T0."""
    proj = tmp_path / "shop.fcproj"
    cli(capsys, "init", str(proj), "--live")  # these messages really go out (to the local fakes)
    csv = tmp_path / "contacts.csv"
    csv.write_text("id,email,phone,first_name,timezone\nann,ann@example.com,+447911123451,Ann,Europe/London\n",
                   encoding="utf-8")
    cli(capsys, "contacts", "import", str(proj), str(csv))
    cli(capsys, "run", str(proj), "--clock", "virtual", "--until", at(0), "--json")
    flow = tmp_path / "cart.json"
    flow.write_text(json.dumps(FLOW), encoding="utf-8")
    cli(capsys, "flow", "import", str(proj), str(flow), "--activate")
    cli(capsys, "channel", "set", str(proj), "sms", "provider=sms_ru", "api_id=KEY-1", "sender=Shop")
    return proj


def sms_provider(monkeypatch: pytest.MonkeyPatch, handler: Any) -> Recorder:
    """Route the dispatcher's HTTP client through a MockTransport recording each request."""
    recorder = Recorder(handler)
    monkeypatch.setattr("runtime.channels.http.delivery_client", lambda *a, **k: recorder.client())
    return recorder


def test_run_until_sends_email_then_releases_quiet_hours_sms_at_8(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sms = sms_provider(monkeypatch, lambda request: httpx.Response(200, json=SMS_OK))
    proj = str(shop)
    cli(capsys, "event", proj, "ann", "cart_add", "--props", json.dumps({"cart_url": "https://shop.example/c/1"}),
        "--at", at(0))
    with smtp_server(tmp_path) as server:
        cli(capsys, "channel", "set", proj, "email", "host=127.0.0.1", f"port={server.port}", "security=none",
            "from_email=shop@example.com")
        summary = cli(capsys, "run", proj, "--until", at(2), "--json")
        assert summary["now"] == at(2) and summary["sandbox"] is False and summary["outbox"]["sent"] == 1
        [(sender, recipients, mail)] = server.inbox.messages
    assert (sender, recipients, mail["Subject"]) == ("shop@example.com", ["ann@example.com"], "You left something")
    assert mail.get_content().strip() == "Hi Ann: https://shop.example/c/1"
    assert outbox(shop) == [("email", "sent", T0 + timedelta(hours=1), 1)]
    shown = cli(capsys, "contacts", "show", proj, "ann", "--json")
    path = [(s["step"], s["outcome"], s["port"], s["at"]) for s in reversed(shown["recent_steps"])]
    # the sender's result resumed the contact at +1 h, along 'next' to the 12 h wait
    assert path[-3:] == [("email_cart", "waiting", None, at(1)), ("email_cart", "completed", "next", at(1)),
                         ("wait_12h", "waiting", None, at(1))]

    # at 22:00 London time the SMS is queued but held by quiet hours (20:00-08:00) ...
    cli(capsys, "run", proj, "--until", at(14), "--json")
    assert outbox(shop)[1][:2] == ("sms", "held") and sms.requests == []
    # ... and goes out at 08:00 contact time; the contact then moves on to the tag step
    summary = cli(capsys, "run", proj, "--until", at(30), "--json")
    assert summary["outbox"]["sent"] == 1
    [request] = sms.requests
    assert str(request.url) == "https://sms.ru/sms/send"
    assert form_of(request) == {"api_id": "KEY-1", "to": "447911123451", "msg": "Ann, your cart expires soon",
                                "json": "1", "from": "Shop"}
    assert outbox(shop)[1] == ("sms", "sent", T0 + timedelta(hours=23), 1)  # 08:00 on Tuesday
    shown = cli(capsys, "contacts", "show", proj, "ann", "--json")
    assert "cart_reminded" in shown["tags"]
    [change] = [c for c in shown["tag_history"] if c["tag"] == "cart_reminded"]
    assert change["at"] == at(23)
    assert [e["status"] for e in shown["executions"]] == ["completed"]


def test_retries_back_off_in_virtual_time(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [httpx.Response(503, text="busy"), httpx.Response(200, json=SMS_OK)]
    sms = sms_provider(monkeypatch, lambda request: answers[min(len(sms.requests), len(answers)) - 1])
    proj = str(shop)
    cli(capsys, "channel", "policy", proj, "quiet_hours.sms=off")
    flow = {**FLOW, "name": "SMS now", "trigger": {"type": "event", "event": "ping"},
            "steps": [FLOW["steps"][4], FLOW["steps"][5]], "edges": [FLOW["edges"][4]]}
    path = shop.parent / "sms_now.json"
    path.write_text(json.dumps(flow), encoding="utf-8")
    cli(capsys, "flow", "import", proj, str(path), "--activate")
    cli(capsys, "event", proj, "ann", "ping", "--at", at(0))
    summary = cli(capsys, "run", proj, "--until", at(1), "--json")
    assert (summary["outbox"]["retry"], summary["outbox"]["sent"]) == (1, 1)
    assert len(sms.requests) == 2
    [(channel, status, sent_at, attempts)] = outbox(shop)
    assert (channel, status, attempts) == ("sms", "sent", 2)
    # the retry waited in virtual time (backoff with jitter), not in wall time and not until --until
    assert T0 < sent_at < T0 + timedelta(hours=1)
    assert "cart_reminded" in cli(capsys, "contacts", "show", proj, "ann", "--json")["tags"]


def test_sandbox_run_sends_nothing(shop: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    sms = sms_provider(monkeypatch, lambda request: httpx.Response(200, json=SMS_OK))
    proj = str(shop)
    cli(capsys, "event", proj, "ann", "cart_add", "--props", json.dumps({"cart_url": "u"}), "--at", at(0))
    summary = cli(capsys, "run", proj, "--sandbox", "--until", at(30), "--json")
    # the dispatcher runs in sandbox mode (quiet hours, caps) but never calls a provider
    assert sms.requests == [] and summary.get("outbox", {}).get("sent", 0) == 0
    assert [(c, s) for c, s, _, _ in outbox(shop)] == [("email", "sandbox"), ("sms", "sandbox")]
