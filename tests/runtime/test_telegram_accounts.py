"""Several bots in one project: named Telegram accounts (``telegram:free``, ``telegram:paid``), each
with its own token, offset, triggers and sends, and a chat and a block per bot."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

from runtime.channels.factory import telegram_bot
from runtime.channels.telegram_updates import TelegramPoller
from runtime.cli.main import main
from runtime.clock import VirtualClock
from runtime.engine.runner import Runtime
from runtime.rehearsal.virtual_run import run_virtual
from runtime.storage.db import open_project
from runtime.storage.models import Contact, Outbox
from runtime.storage.settings import get_setting
from tests.runtime.channel_helpers import T0, FakeBotApi

USER = {"id": 701, "is_bot": False, "first_name": "Ann"}
CHAT = {"id": 701, "first_name": "Ann", "type": "private"}


def start(update_id: int) -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "from": USER, "chat": CHAT, "date": 1,
                                                "text": "/start"}}


def kicked(update_id: int) -> dict:
    bot = {"id": 43, "is_bot": True, "first_name": "Paid"}
    return {"update_id": update_id, "my_chat_member": {"chat": CHAT, "from": USER, "date": 2,
                                                       "old_chat_member": {"user": bot, "status": "member"},
                                                       "new_chat_member": {"user": bot, "status": "kicked"}}}


def flow(name: str, account: str, text: str) -> dict:
    return {"format": "flowcanvas/1", "name": name, "entry": {"repeat": "always"},
            "trigger": {"type": "message", "channel": "telegram", "account": account, "match": "exact", "text": "/start"},
            "steps": [{"id": "hello", "type": "send_telegram", "config": {"text": text, "account": account}}],
            "edges": []}


def test_two_bots_each_with_its_own_token_trigger_chat_and_block(tmp_path: Path, bot_api: str, capsys) -> None:
    FakeBotApi.good_tokens |= {"41:FREE", "43:PAID"}
    path = str(tmp_path / "p.fcproj")
    assert main(["init", path]) == 0
    for account, token in (("free", "41:FREE"), ("paid", "43:PAID")):
        assert main(["channel", "set", path, f"telegram:{account}", f"token={token}", f"api_base={bot_api}"]) == 0
        (tmp_path / f"{account}.json").write_text(json.dumps(flow(f"{account} hello", account, f"hi from {account}")))
        assert main(["flow", "import", path, str(tmp_path / f"{account}.json"), "--activate"]) == 0
    assert main(["channel", "set", path, "telegram:Bad Name", "token=x"]) != 0
    assert "account name 'Bad Name'" in capsys.readouterr().err

    project = open_project(path)
    clock = VirtualClock(T0)
    runtime = Runtime(project, clock, sandbox=False)

    def poll(account: str, batch: list[dict]) -> None:
        FakeBotApi.updates = [batch]

        async def go() -> None:
            async with httpx.AsyncClient() as client:
                with project.write() as s:
                    bot = telegram_bot(s, client, account)
                await TelegramPoller(project, bot, clock, account=account).poll_once()

        asyncio.run(go())

    def sends() -> list[tuple[str, str]]:
        return [(token, body["text"]) for token, method, body in FakeBotApi.by_token if method == "sendMessage"]

    try:
        poll("free", [start(10)])
        run_virtual(runtime, clock.now() + timedelta(minutes=1))
        assert sends() == [("41:FREE", "hi from free")]  # only the free bot's flow answered
        poll("paid", [start(7)])
        run_virtual(runtime, clock.now() + timedelta(minutes=1))
        assert sends()[1:] == [("43:PAID", "hi from paid")]
        with project.session() as s:
            (ann,) = s.scalars(select(Contact)).all()
            assert ann.attributes["telegram_chats"] == {"free": "701", "paid": "701"}
            assert (get_setting(s, "telegram.update_offset:free"), get_setting(s, "telegram.update_offset:paid")) == (11, 8)
        # Ann blocks the paid bot: the paid flow can no longer reach her, the free one still can
        poll("paid", [kicked(8), start(9)])
        poll("free", [start(11)])
        run_virtual(runtime, clock.now() + timedelta(minutes=1))
        assert sends()[2:] == [("41:FREE", "hi from free")]
        with project.session() as s:
            ann = s.scalars(select(Contact)).one()
            assert (ann.telegram_status, ann.attributes["telegram_blocked"]) == ("subscribed", ["paid"])
            statuses = [(o.content.get("account"), o.status) for o in s.scalars(select(Outbox).order_by(Outbox.id))]
        assert statuses == [("free", "sent"), ("paid", "sent"), ("free", "sent")]
    finally:
        project.close()
