"""Web Push subscriptions reach contacts (CSV column, CLI, service) so push can be delivered, and
a subscription the push service no longer knows (404/410) is removed, the others kept."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from runtime.channels.dispatcher import Dispatcher
from runtime.channels.webpush import WebPushAdapter
from runtime.clock import VirtualClock
from runtime.cli.main import main
from runtime.service import InputError, ProjectService
from runtime.storage.db import open_project
from runtime.storage.models import Contact, Outbox
from tests.runtime.channel_helpers import T0, Recorder, add_contact, add_outbox
from tests.runtime.test_channel_webpush import subscription, vapid_key

PHONE_SUB, _, _ = subscription("https://fcm.googleapis.com/fcm/send/phone")
LAPTOP_SUB, _, _ = subscription("https://updates.push.services.mozilla.com/wpush/v2/laptop")


def stored(path: Path, external_id: str) -> list[dict]:
    project = open_project(path)
    try:
        with project.session() as s:
            return s.scalars(select(Contact.push_subscriptions).where(Contact.external_id == external_id)).one()
    finally:
        project.close()


def test_csv_column_push_subscription_is_stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = tmp_path / "p.fcproj"
    assert main(["init", str(proj)]) == 0
    cell = json.dumps(PHONE_SUB).replace('"', '""')
    (tmp_path / "c.csv").write_text(
        f'id,email,push_subscription\nann,ann@example.com,"{cell}"\nbob,bob@example.com,"{{""endpoint"": ""x""}}"\n',
        encoding="utf-8")
    assert main(["contacts", "import", str(proj), str(tmp_path / "c.csv")]) == 1  # bob's line is rejected
    err = capsys.readouterr().err
    assert "line 3" in err and "endpoint" in err
    assert stored(proj, "ann") == [PHONE_SUB]


def test_cli_push_subscribe_adds_and_a_bad_file_changes_nothing(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    proj = tmp_path / "p.fcproj"
    assert main(["init", str(proj)]) == 0
    (tmp_path / "c.csv").write_text("id,email\nann,ann@example.com\n", encoding="utf-8")
    assert main(["contacts", "import", str(proj), str(tmp_path / "c.csv")]) == 0
    (tmp_path / "sub.json").write_text(json.dumps(LAPTOP_SUB), encoding="utf-8")
    capsys.readouterr()
    assert main(["contacts", "push-subscribe", str(proj), "ann", str(tmp_path / "sub.json"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"contact": "ann", "new": True, "subscriptions": 1}
    (tmp_path / "bad.json").write_text('{"endpoint": "http://insecure.example/x", "keys": {}}', encoding="utf-8")
    assert main(["contacts", "push-subscribe", str(proj), "ann", str(tmp_path / "bad.json")]) == 2
    assert "bad.json" in capsys.readouterr().err
    assert stored(proj, "ann") == [LAPTOP_SUB]


def test_service_adds_subscriptions_by_endpoint(tmp_path: Path) -> None:
    with ProjectService.create(tmp_path / "p.fcproj") as svc:
        with svc.project.write() as s:
            add_contact(s, "ann", email="ann@example.com")
        assert svc.add_push_subscription("ann", PHONE_SUB) is True
        assert svc.add_push_subscription("ann", json.dumps(PHONE_SUB)) is False  # same endpoint: replaced
        assert svc.add_push_subscription("ann", LAPTOP_SUB) is True
        with pytest.raises(InputError):
            svc.add_push_subscription("ann", {"endpoint": "https://x.example/1"})
        assert svc.remove_push_subscription("ann", PHONE_SUB["endpoint"]) is True
        with svc.project.session() as s:
            assert s.scalars(select(Contact.push_subscriptions)).one() == [LAPTOP_SUB]


def _dispatch(project, answers: dict[str, int]) -> Outbox:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(answers[str(request.url)], headers={"Location": "https://push/msg/1"})

    adapter = WebPushAdapter(Recorder(handler).client(), vapid_key(), "mailto:ops@shop.example")
    dispatcher = Dispatcher(project, VirtualClock(T0), adapters={"push": adapter}, sandbox=False)
    asyncio.run(dispatcher.run_once())
    with project.session() as s:
        return s.scalars(select(Outbox)).one()


def _seed(project) -> None:
    with project.write() as s:
        contact = add_contact(s, "ann")
        contact.push_subscriptions = [PHONE_SUB, LAPTOP_SUB]
        add_outbox(s, contact, "push", {"title": "Your cart", "body": "Still there"}, "1:push:0", T0)


def test_a_gone_subscription_is_removed_and_the_other_still_delivers(project) -> None:
    _seed(project)
    row = _dispatch(project, {PHONE_SUB["endpoint"]: 410, LAPTOP_SUB["endpoint"]: 201})
    assert row.status == "sent"
    with project.session() as s:
        assert s.scalars(select(Contact.push_subscriptions)).one() == [LAPTOP_SUB]


def test_every_subscription_gone_fails_and_removes_them(project) -> None:
    _seed(project)
    row = _dispatch(project, {PHONE_SUB["endpoint"]: 404, LAPTOP_SUB["endpoint"]: 410})
    assert row.status == "failed" and "expired" in row.error
    with project.session() as s:
        assert s.scalars(select(Contact.push_subscriptions)).one() == []


def test_demo_subscriptions_look_like_a_browser_and_encrypt() -> None:
    from pywebpush import WebPusher

    from runtime.contacts.demo_push import demo_push_subscriptions
    from runtime.contacts.push import normalize_push_subscription

    subs = [demo_push_subscriptions(f"c{n:04d}")[0] for n in range(1, 41)]
    assert all(normalize_push_subscription(s) == s for s in subs)  # stored as a real one would be
    assert len({s["endpoint"] for s in subs}) == 40 and demo_push_subscriptions("c0001")[0] == subs[0]
    hosts = {s["endpoint"].split("/")[2] for s in subs}
    assert hosts == {"fcm.googleapis.com", "updates.push.services.mozilla.com"}  # Chrome and Firefox
    assert WebPusher(subs[0]).encode(b'{"title": "hi"}', "aes128gcm")["body"]  # a valid P-256 key
