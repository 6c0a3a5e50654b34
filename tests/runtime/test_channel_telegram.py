"""Telegram adapter: the exact Bot API requests and the documented error answers."""

from __future__ import annotations

import asyncio
from datetime import datetime

import httpx
import pytest

from runtime.channels.base import AUTH, BLOCKED, ChannelError, Permanent, Sent, Transient
from runtime.channels.telegram import TelegramAdapter, TelegramBot
from runtime.clock import UTC
from tests.runtime.channel_helpers import Recorder, json_of, message, reply

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


def adapter(recorder: Recorder) -> TelegramAdapter:
    return TelegramAdapter(TelegramBot(recorder.client(), TOKEN))


def send(recorder: Recorder, content: dict, **recipient) -> object:
    recipient.setdefault("telegram_chat_id", "555")
    return asyncio.run(adapter(recorder).send(message("telegram", content, **recipient)))


OK = {"ok": True, "result": {"message_id": 42, "chat": {"id": 555}, "date": 1700000000, "text": "hi"}}


def test_send_message_with_parse_mode_and_inline_buttons() -> None:
    rec = Recorder(reply(200, OK))
    result = send(rec, {"text": "<b>Hi</b>", "parse_mode": "HTML",
                        "buttons": [[{"text": "Shop", "url": "https://shop.example/cart"}, {"text": "Later", "data": "later"}]]})
    assert result == Sent("42")
    (req,) = rec.requests
    assert req.method == "POST"
    assert str(req.url) == f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    assert req.headers["content-type"] == "application/json"
    assert json_of(req) == {
        "chat_id": "555",
        "text": "<b>Hi</b>",
        "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": [[{"text": "Shop", "url": "https://shop.example/cart"},
                                              {"text": "Later", "callback_data": "later"}]]},
    }


def test_photo_and_document_are_sent_by_url_with_caption() -> None:
    rec = Recorder(reply(200, OK))
    send(rec, {"text": "Look", "photo": "https://cdn.example/p.jpg"})
    send(rec, {"text": "", "document": "https://cdn.example/price.pdf"})
    assert str(rec.requests[0].url).endswith("/sendPhoto")
    assert json_of(rec.requests[0]) == {"chat_id": "555", "photo": "https://cdn.example/p.jpg", "caption": "Look"}
    assert str(rec.requests[1].url).endswith("/sendDocument")
    assert json_of(rec.requests[1]) == {"chat_id": "555", "document": "https://cdn.example/price.pdf"}


def test_blocked_by_the_user_is_permanent_blocked() -> None:
    rec = Recorder(reply(403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}))
    result = send(rec, {"text": "hi"})
    assert result == Permanent("Telegram sendMessage: Forbidden: bot was blocked by the user", BLOCKED)


def test_flood_wait_is_transient_with_retry_after() -> None:
    body = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 17",
            "parameters": {"retry_after": 17}}
    result = send(Recorder(reply(429, body)), {"text": "hi"})
    assert isinstance(result, Transient) and result.retry_after == 17


def test_expired_token_is_a_readable_channel_error_and_never_leaks_the_token() -> None:
    result = send(Recorder(reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})), {"text": "hi"})
    assert isinstance(result, Permanent) and result.kind == AUTH
    assert "token" in result.reason and "channel set" in result.reason and TOKEN not in result.reason


@pytest.mark.parametrize(
    "handler",
    [
        reply(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
        reply(500, "<html>oops</html>"),
        reply(200, b"{not json"),
    ],
    ids=["5xx", "html-5xx", "malformed-json"],
)
def test_server_errors_and_malformed_answers_are_transient(handler) -> None:
    result = send(Recorder(handler), {"text": "hi"})
    assert isinstance(result, Transient) and result.reason


def test_timeout_is_transient_without_the_token() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout(f"timed out reading {request.url}", request=request)

    result = send(Recorder(timeout), {"text": "hi"})
    assert isinstance(result, Transient) and "no answer in time" in result.reason
    assert TOKEN not in result.reason


def test_contact_without_chat_id_fails_permanently() -> None:
    rec = Recorder(reply(200, OK))
    result = send(rec, {"text": "hi"}, telegram_chat_id=None)
    assert isinstance(result, Permanent) and result.kind == "no_address"
    assert rec.requests == []


def test_get_me_tests_the_connection() -> None:
    me = {"ok": True, "result": {"id": 99, "is_bot": True, "first_name": "Shop", "username": "shop_bot"}}
    rec = Recorder(reply(200, me))
    assert "@shop_bot" in asyncio.run(adapter(rec).test_connection())
    assert str(rec.requests[0].url) == f"https://api.telegram.org/bot{TOKEN}/getMe"
    bad = Recorder(reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"}))
    with pytest.raises(ChannelError, match="rejected the bot token"):
        asyncio.run(adapter(bad).test_connection())


def test_personal_invite_link_has_member_limit_one_and_expiry() -> None:
    link = {"ok": True, "result": {"invite_link": "https://t.me/+AbCdEf", "creator": {"id": 99},
                                   "member_limit": 1, "is_primary": False, "is_revoked": False}}
    rec = Recorder(reply(200, link))
    expire = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    got = asyncio.run(TelegramBot(rec.client(), TOKEN).create_invite_link("-1001234", "fc c1", expire))
    assert got == "https://t.me/+AbCdEf"
    assert str(rec.requests[0].url).endswith("/createChatInviteLink")
    assert json_of(rec.requests[0]) == {"chat_id": "-1001234", "name": "fc c1",
                                        "expire_date": int(expire.timestamp()), "member_limit": 1}


def test_bot_token_never_reaches_the_logs(caplog) -> None:
    import logging

    with caplog.at_level(logging.DEBUG):
        send(Recorder(reply(200, OK)), {"text": "hi"})
    assert "sendMessage" in caplog.text  # httpx did log the request ...
    assert TOKEN not in caplog.text  # ... without the token
