"""Telegram conformance: update payloads in the shape the Bot API sends them, replayed through
``telegram poll`` (the poller) and the webhook, for the cases that used to go wrong."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from sqlalchemy import select

from runtime.channels.telegram import TelegramBot
from runtime.channels.telegram_updates import FAILED_KEY, OFFSET_KEY, TelegramPoller
from runtime.clock import VirtualClock
from runtime.storage.models import Audit, Contact, Event
from runtime.storage.settings import get_setting
from tests.runtime.channel_helpers import T0, Recorder

UPDATES = json.loads((Path(__file__).parent / "data" / "telegram_conformance_updates.json").read_text("utf-8"))


def server(batches: list[list[dict]]) -> Recorder:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/getUpdates"):
            return httpx.Response(200, json={"ok": True, "result": batches.pop(0) if batches else []})
        return httpx.Response(200, json={"ok": True, "result": True})

    return Recorder(handler)


def poll(project, *names: str):
    rec = server([[UPDATES[name] for name in names]])
    return asyncio.run(TelegramPoller(project, TelegramBot(rec.client(), "42:T"), VirtualClock(T0)).poll_once())


def events(project) -> list[tuple[str, str, dict]]:
    with project.session() as s:
        rows = s.execute(select(Contact.external_id, Event.name, Event.properties)
                         .join(Contact, Contact.id == Event.contact_id).order_by(Event.id)).all()
    return [tuple(r) for r in rows]


def test_a_button_pressed_in_a_group_creates_no_contact(project) -> None:
    report = poll(project, "group_button")
    assert (report.updates, report.contacts_created, report.events) == (1, 0, {})
    with project.session() as s:
        assert s.scalars(select(Contact)).all() == []


def test_media_without_caption_records_its_kind(project) -> None:
    poll(project, "photo_no_caption", "voice", "document")
    base = {"text": "", "channel": "telegram", "from": "contact", "chat_id": "5012345678"}
    assert events(project) == [
        ("tg:5012345678", "message", {**base, "media": "photo"}),
        ("tg:5012345678", "message", {**base, "media": "voice"}),
        ("tg:5012345678", "message", {**base, "media": "document", "file_name": "чек.pdf"}),
    ]


def test_a_message_our_bot_sent_for_the_owner_is_not_the_operators(project) -> None:
    poll(project, "business_connection", "business_message_by_bot", "business_message_by_owner")
    assert events(project) == [("tg:5112345678", "message", {
        "text": "оплачено", "channel": "telegram", "from": "operator", "chat_id": "5112345678", "business": True,
        "business_connection_id": "Xk3Gq9AAAAAAbC1"})]


def test_a_disabled_business_connection_is_noticed(project) -> None:
    poll(project, "business_connection", "business_connection_disabled", "business_message_after_disable")
    assert events(project) == []
    with project.session() as s:
        assert get_setting(s, "telegram.business_owners") == {}
        (audit,) = s.scalars(select(Audit)).all()
        assert (audit.actor, audit.action, audit.detail["username"]) == ("telegram", "business_connection_disabled",
                                                                          "anna_coach")
    # switched on again: messages count again
    poll(project, "business_connection", "business_message_by_owner")
    assert [e[2]["from"] for e in events(project)] == ["operator"]


def test_an_update_that_fails_is_recorded_and_skipped_not_retried_forever(project) -> None:
    broken = {"update_id": 918273700, "message": {"message_id": 5, "date": 1772442000, "text": "hi",
                                                  "from": {"id": 1, "is_bot": False, "first_name": "X"},
                                                  "chat": {"type": "private"}}}  # no chat id: handling raises
    rec = server([[broken, UPDATES["voice"]], []])
    poller = TelegramPoller(project, TelegramBot(rec.client(), "42:T"), VirtualClock(T0))
    report = asyncio.run(poller.poll_once())
    assert (report.updates, report.failed, report.offset) == (2, 1, 918273604)
    assert [e[1] for e in events(project)] == ["message"]  # the good update after it still counts
    with project.session() as s:
        (failed,) = get_setting(s, FAILED_KEY)
        assert failed["update_id"] == 918273700 and failed["error"].startswith("KeyError")
        assert get_setting(s, OFFSET_KEY) == 918273604
    # the next poll asks past the bad update: a restart does not hit it again
    asyncio.run(poller.poll_once())
    polls = [json.loads(r.content) for r in rec.requests if r.url.path.endswith("/getUpdates")]
    assert polls[-1]["offset"] == 918273604
