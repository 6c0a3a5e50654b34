"""Personal invite links in the Telegram adapter, checked at the exact Bot API requests."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from runtime.channels.base import INVALID, Permanent, Sent
from runtime.channels.telegram import TelegramAdapter, TelegramBot
from runtime.flow.telegram import INVITE_PLACEHOLDER, invite_spec
from tests.runtime.channel_helpers import T0, Recorder, json_of, message


def bot_server() -> Recorder:
    def handler(request: httpx.Request) -> httpx.Response:
        method = request.url.path.rsplit("/", 1)[1]
        if method == "createChatInviteLink":
            return httpx.Response(200, json={"ok": True, "result": {"invite_link": "https://t.me/+NEW", "member_limit": 1}})
        if method == "revokeChatInviteLink":
            return httpx.Response(400, json={"ok": False, "error_code": 400, "description": "Bad Request: INVITE_HASH_EXPIRED"})
        return httpx.Response(200, json={"ok": True, "result": {"message_id": 9}})

    return Recorder(handler)


def test_link_is_issued_put_in_text_and_button_and_the_old_one_revoked() -> None:
    rec = bot_server()
    adapter = TelegramAdapter(TelegramBot(rec.client(), "42:T"), invite_chat_id="-100500", invite_expire_hours=72)
    content = {"chat_id": "701", "text": f"Your link: {INVITE_PLACEHOLDER}",
               "buttons": [[{"text": "Join", "url": INVITE_PLACEHOLDER}]],
               "invite": invite_spec({"expire": "PT24H"}, {"telegram_invite_link": "https://t.me/+OLD",
                                                           "telegram_invite_chat": "-100500"})}
    result = asyncio.run(adapter.send(message("telegram", content, now=T0, telegram_chat_id="701")))
    assert isinstance(result, Sent) and result.detail == {
        "invite_link": "https://t.me/+NEW", "invite_chat_id": "-100500",
        "invite_expires": (T0 + timedelta(hours=24)).isoformat()}
    create, revoke, send = rec.requests
    assert str(create.url).endswith("/bot42:T/createChatInviteLink")
    assert json_of(create) == {"chat_id": "-100500", "name": "fc c1", "member_limit": 1,
                               "expire_date": int((T0 + timedelta(hours=24)).timestamp())}
    assert json_of(revoke) == {"chat_id": "-100500", "invite_link": "https://t.me/+OLD"}  # its failure is harmless
    assert json_of(send) == {"chat_id": "701", "text": "Your link: https://t.me/+NEW",
                             "reply_markup": {"inline_keyboard": [[{"text": "Join", "url": "https://t.me/+NEW"}]]}}


def test_without_a_chat_the_message_fails_with_a_clear_reason() -> None:
    rec = bot_server()
    adapter = TelegramAdapter(TelegramBot(rec.client(), "42:T"))
    content = {"chat_id": "701", "text": INVITE_PLACEHOLDER, "invite": invite_spec(True, {})}
    result = asyncio.run(adapter.send(message("telegram", content, now=T0, telegram_chat_id="701")))
    assert isinstance(result, Permanent) and result.kind == INVALID and "invite_chat_id" in result.reason
    assert rec.requests == []
