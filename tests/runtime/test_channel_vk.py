"""The VK community bot channel against a local fake VK API: messages.send at the exact request,
Bots Long Poll updates as events, message_allow/deny and error 901 as subscribe/block."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

from runtime.channels.base import AUTH, BLOCKED, INVALID, Permanent, Transient
from runtime.channels.vk import classify_error, keyboard, random_id
from runtime.channels.vk_updates import TS_KEY, VkLongPoller
from runtime.cli.main import main
from runtime.clock import VirtualClock
from runtime.engine.runner import Runtime
from runtime.rehearsal.virtual_run import run_virtual
from runtime.storage.db import open_project
from runtime.storage.models import Contact, Event, Outbox
from runtime.storage.settings import get_setting
from tests.runtime.channel_helpers import T0
from tests.runtime.fake_vk import TOKEN, FakeVk, vk_api_url  # noqa: F401 - fixture

FLOW = {
    "format": "flowcanvas/1", "name": "VK hello", "entry": {"repeat": "always"},
    "trigger": {"type": "message", "channel": "vk", "match": "similar", "text": "привет"},
    "steps": [{"id": "hello", "type": "send_vk", "config": {
        "text": "Здравствуйте! Что вам показать?",
        "buttons": [[{"text": "Каталог", "data": "catalog"}], [{"text": "Сайт", "url": "https://shop.example"}]]}}],
    "edges": [],
}


def message_new(event_id: str, user: int, text: str, payload: str | None = None) -> dict:
    message = {"date": 1772442000, "from_id": user, "id": 0, "out": 0, "peer_id": user, "text": text,
               "conversation_message_id": 7, "fwd_messages": [], "important": False, "random_id": 0,
               "attachments": [], "is_hidden": False}
    if payload:
        message["payload"] = payload
    return {"group_id": 123, "type": "message_new", "event_id": event_id, "v": "5.199",
            "object": {"message": message, "client_info": {"button_actions": ["text", "open_link"], "keyboard": True,
                                                           "inline_keyboard": True, "carousel": True, "lang_id": 0}}}


def allow(event_id: str, user: int, kind: str = "message_allow") -> dict:
    return {"group_id": 123, "type": kind, "event_id": event_id, "v": "5.199", "object": {"user_id": user, "key": ""}}


def test_error_codes_are_mapped_like_telegrams() -> None:
    assert classify_error("messages.send", {"error_code": 901, "error_msg": "x"}).kind == BLOCKED  # type: ignore[union-attr]
    assert classify_error("messages.send", {"error_code": 5, "error_msg": "x"}).kind == AUTH  # type: ignore[union-attr]
    assert isinstance(classify_error("messages.send", {"error_code": 6, "error_msg": "x"}), Transient)
    bad = classify_error("messages.send", {"error_code": 100, "error_msg": "One of the parameters specified was missing"})
    assert isinstance(bad, Permanent) and bad.kind == INVALID and "code 100" in bad.reason
    assert random_id("1:hello:0") == random_id("1:hello:0") != random_id("2:hello:0")
    assert json.loads(keyboard([[{"text": "A", "data": "a"}]]))["buttons"][0][0]["action"] == {
        "type": "text", "label": "A", "payload": '{"data": "a"}'}


def test_vk_bot_end_to_end(tmp_path: Path, vk_api_url: str, capsys) -> None:  # noqa: F811
    path = str(tmp_path / "p.fcproj")
    assert main(["init", path]) == 0
    assert main(["channel", "set", path, "vk", f"token={TOKEN}", "group_id=123", f"api_base={vk_api_url}"]) == 0
    (tmp_path / "flow.json").write_text(json.dumps(FLOW, ensure_ascii=False), "utf-8")
    assert main(["flow", "import", path, str(tmp_path / "flow.json"), "--activate"]) == 0
    capsys.readouterr()
    FakeVk.longpoll = [
        {"ts": "12", "updates": [allow("e1", 555), message_new("e2", 555, "Привет!")]},
        {"failed": 2},  # the key expired: a new one, same position
        {"ts": "13", "updates": [message_new("e3", 666, "привет"), message_new("e4", 555, "", '{"data": "catalog"}')]},
    ]
    FakeVk.refuse = {"666": 901}
    project = open_project(path)
    clock = VirtualClock(T0)
    try:
        async def poll_three() -> list[dict]:
            async with httpx.AsyncClient() as client:
                from runtime.channels.vk import VkApi

                poller = VkLongPoller(project, VkApi(client, TOKEN, vk_api_url), "123", clock, wait=0)
                return [(await poller.poll_once()).to_json() for _ in range(3)]

        reports = asyncio.run(poll_three())
        assert [r["updates"] for r in reports] == [2, 0, 2]
        with project.session() as s:
            assert get_setting(s, TS_KEY) == "13"
            rows = s.execute(select(Contact.external_id, Event.name, Event.properties)
                             .join(Contact, Contact.id == Event.contact_id).order_by(Event.id)).all()
        assert [tuple(r) for r in rows] == [
            ("vk:555", "subscribed", {"channel": "vk"}),
            ("vk:555", "message", {"text": "Привет!", "channel": "vk", "from": "contact", "peer_id": "555"}),
            ("vk:666", "message", {"text": "привет", "channel": "vk", "from": "contact", "peer_id": "666"}),
            ("vk:555", "message", {"text": "", "channel": "vk", "from": "contact", "peer_id": "555", "data": "catalog"}),
        ]
        checks = [q for m, q in FakeVk.calls if m == "a_check"]
        assert [(q["key"], q["ts"]) for q in checks] == [("key1", "10"), ("key1", "12"), ("key2", "12")]

        run_virtual(Runtime(project, clock, sandbox=False), clock.now() + timedelta(minutes=1))
        sends = sorted((form for method, form in FakeVk.calls if method == "messages.send"), key=lambda f: f["peer_id"])
        assert [s["peer_id"] for s in sends] == ["555", "666"]  # sent concurrently: in any order
        first = sends[0]
        assert set(first) == {"peer_id", "random_id", "message", "keyboard", "access_token", "v"}
        assert (first["message"], first["access_token"], first["v"]) == ("Здравствуйте! Что вам показать?", TOKEN, "5.199")
        assert json.loads(first["keyboard"]) == {"inline": True, "buttons": [
            [{"action": {"type": "text", "label": "Каталог", "payload": '{"data": "catalog"}'}}],
            [{"action": {"type": "open_link", "link": "https://shop.example", "label": "Сайт"}}]]}
        with project.session() as s:
            outcomes = {o.content["peer_id"]: (o.status, o.error) for o in s.scalars(select(Outbox))}
            blocked = s.scalars(select(Contact).where(Contact.external_id == "vk:666")).one()
        assert outcomes["555"] == ("sent", None)
        assert outcomes["666"][0] == "failed" and "901" in outcomes["666"][1]
        assert blocked.attributes["vk_status"] == "blocked"
    finally:
        project.close()


def test_message_deny_and_allow_switch_the_contacts_vk_status(project, clock) -> None:
    from runtime.channels.vk_updates import VkPollReport, handle_update

    report = VkPollReport()
    with project.write() as s:
        handle_update(s, allow("e1", 777, "message_deny"), clock, report)
    with project.session() as s:
        assert s.scalars(select(Contact)).one().attributes == {"vk_id": "777", "vk_status": "blocked"}
    with project.write() as s:
        handle_update(s, allow("e2", 777), clock, report)
        handle_update(s, message_new("e3", 2000000001, "в беседе"), clock, report)  # a group chat: skipped
    with project.session() as s:
        assert s.scalars(select(Contact)).one().attributes["vk_status"] == "subscribed"
    assert report.events == {"blocked": 1, "subscribed": 1}
