""""Send me a test": one step's message, rendered for a sample contact, goes to the operator's own
address through the real channel: a real SMTP server (aiosmtpd), and the Telegram and SMS.ru HTTP
APIs checked at the exact request. Nothing enters the outbox; the audit log says who got what."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from runtime.errors import InputError, NotFoundError
from runtime.service import ProjectService
from tests.runtime.channel_helpers import Recorder, form_of, json_of, reply
from tests.runtime.smtp_server import smtp_server

TOKEN = "42:GOOD"


@pytest.fixture
def svc(tmp_path: Path):
    people = tmp_path / "people.csv"
    people.write_text("id,email,first_name\nann,ann@example.com,Ann\n", encoding="utf-8")
    with ProjectService.create(tmp_path / "p.fcproj") as service:
        service.import_contacts_csv(people)
        yield service


def test_email_goes_to_my_address_on_a_real_smtp_server(svc: ProjectService, tmp_path: Path) -> None:
    flow_id = svc.create_flow_from_preset("welcome")
    with smtp_server(tmp_path) as server:
        svc.channel_set("email", {"host": server.host, "port": server.port, "security": "none",
                                  "from_email": "news@shop.example", "test_to": "Me@Shop.Example"})
        result = svc.send_me_a_test(flow_id, "welcome_email")
        as_ann = svc.send_me_a_test(flow_id, "welcome_email", contact="ann")
    assert result["status"] == "sent" and result["to"] == "Me@shop.example" and result["contact"] == "sample"
    (sender, rcpts, mail), (_, rcpts_ann, mail_ann) = server.inbox.messages
    assert sender == "news@shop.example" and rcpts == ["Me@shop.example"] and rcpts_ann == ["Me@shop.example"]
    # rendered for the sample contact, marked as a test; then as a real contact would see it
    assert mail["Subject"] == "[Test] Welcome, Alex!" and mail_ann["Subject"] == "[Test] Welcome, Ann!"
    assert "ann@example.com" not in str(mail_ann)  # the contact never gets the test
    assert svc.outbox() == []
    audit = [a for a in svc.audit_log() if a["action"] == "send_test"]
    assert len(audit) == 2 and audit[0]["detail"]["to"] == "Me@shop.example"


def test_telegram_request_as_the_bot_api_expects(svc: ProjectService) -> None:
    flow_id = svc.create_flow_from_preset("telegram_funnel")
    svc.channel_set("telegram", {"token": TOKEN, "test_to": "777"})
    rec = Recorder(reply(200, {"ok": True, "result": {"message_id": 9, "date": 0, "chat": {"id": 777}}}))
    result = svc.send_me_a_test(flow_id, "hello", transport=httpx.MockTransport(rec))
    (req,) = rec.requests
    assert req.method == "POST" and str(req.url) == f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    assert json_of(req) == {
        "chat_id": "777", "text": "Hi Alex! Want our best offers right here? Just reply \"yes\".",
        "reply_markup": {"inline_keyboard": [[{"text": "Visit the shop", "url": "https://example.com/shop"}]]}}
    assert result["status"] == "sent" and result["provider_id"] == "9"


def test_sms_request_and_a_refusal_is_reported(svc: ProjectService) -> None:
    flow_id = svc.create_flow_from_preset("abandoned_cart")
    svc.channel_set("sms", {"provider": "sms_ru", "api_id": "API-ID-1", "sender": "Shop", "test_to": "+7 925 507-06-02"})
    ok = Recorder(reply(200, {"status": "OK", "status_code": 100, "sms": {
        "79255070602": {"status": "OK", "status_code": 100, "sms_id": "000-1"}}, "balance": 10}))
    result = svc.send_me_a_test(flow_id, "sms_cart", transport=httpx.MockTransport(ok))
    (req,) = ok.requests
    assert str(req.url) == "https://sms.ru/sms/send"
    form = form_of(req)
    assert {k: form[k] for k in ("api_id", "to", "json", "from")} == {
        "api_id": "API-ID-1", "to": "79255070602", "json": "1", "from": "Shop"}
    assert "CART10" in form["msg"] and result["status"] == "sent" and result["to"] == "+79255070602"
    bad_key = Recorder(reply(200, {"status": "ERROR", "status_code": 200, "status_text": "Неправильный api_id"}))
    refused = svc.send_me_a_test(flow_id, "sms_cart", transport=httpx.MockTransport(bad_key))
    assert refused["status"] == "failed" and "api_id" in refused["error"]
    assert svc.outbox() == []


def test_what_cannot_be_sent_says_why_and_sends_nothing(svc: ProjectService) -> None:
    flow_id = svc.create_flow_from_preset("welcome")
    with pytest.raises(InputError, match=r"set your own email address first: Channels > email > Send tests to"):
        svc.send_me_a_test(flow_id, "welcome_email")
    svc.channel_set("email", {"host": "127.0.0.1", "from_email": "news@shop.example", "test_to": "not an address"})
    with pytest.raises(InputError, match="'Send tests to' 'not an address' is not valid"):
        svc.send_me_a_test(flow_id, "welcome_email")
    with pytest.raises(InputError, match="sends no message"):
        svc.send_me_a_test(flow_id, "wait_2d")
    with pytest.raises(NotFoundError, match="no step 'nope'"):
        svc.send_me_a_test(flow_id, "nope")
    assert [a for a in svc.audit_log() if a["action"] == "send_test"] == []


def test_send_test_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from runtime.cli.main import main

    proj = str(tmp_path / "cli.fcproj")
    assert main(["init", proj]) == 0
    assert main(["flow", "preset", proj, "welcome"]) == 0
    capsys.readouterr()
    assert main(["send-test", proj, "Welcome", "welcome_email"]) == 2
    assert "set your own email address first" in capsys.readouterr().err
    with smtp_server(tmp_path) as server:
        assert main(["channel", "set", proj, "email", f"host={server.host}", f"port={server.port}", "security=none",
                     "from_email=news@shop.example", "test_to=me@shop.example"]) == 0
        capsys.readouterr()
        assert main(["send-test", proj, "Welcome", "welcome_email", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["status"], result["to"], result["content"]["subject"]) == ("sent", "me@shop.example",
                                                                           "[Test] Welcome, Alex!")
    [(_, rcpts, mail)] = server.inbox.messages
    assert rcpts == ["me@shop.example"] and mail["Subject"] == "[Test] Welcome, Alex!"
