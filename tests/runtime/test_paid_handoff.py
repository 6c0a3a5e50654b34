"""The paid hand-off preset end to end, on the virtual clock, against the local fake Bot API:
free funnel -> operator's payment keyword in a Telegram Business chat -> personal invite links ->
one buyer joins (credited to them: tagged paid), the other does not (the team is told)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

from runtime.channels.telegram import TelegramBot
from runtime.channels.telegram_updates import TelegramPoller
from runtime.cli.main import main
from runtime.clock import VirtualClock
from runtime.contacts.tags import contact_tags
from runtime.engine.runner import Runtime
from runtime.rehearsal.virtual_run import run_virtual
from runtime.flow.presets import preset_path
from runtime.storage.db import open_project
from runtime.storage.models import Contact, Execution, FlowRow, StepLog
from tests.runtime.channel_helpers import T0, FakeBotApi

PAID_CHANNEL = "-1001777000111"
TEAM_CHAT = "-1001999000222"
OWNER = {"id": 600, "is_bot": False, "first_name": "Anna", "username": "anna_shop"}
BUYERS = {"ann": {"id": 701, "first_name": "Ann"}, "bob": {"id": 702, "first_name": "Bob"}}


def private(update_id: int, who: str, text: str) -> dict:
    user = {**BUYERS[who], "is_bot": False}
    return {"update_id": update_id, "message": {"message_id": update_id, "from": user, "date": 1772442000,
                                                "chat": {"id": user["id"], "first_name": user["first_name"],
                                                         "type": "private"}, "text": text}}


def business(update_id: int, who: str, text: str) -> dict:
    chat = {"id": BUYERS[who]["id"], "first_name": BUYERS[who]["first_name"], "type": "private"}
    return {"update_id": update_id, "business_message": {"message_id": update_id, "from": OWNER, "chat": chat,
                                                         "date": 1772442100, "business_connection_id": "bc-77",
                                                         "text": text}}


def joined(update_id: int, who: str, link: str) -> dict:
    user = {**BUYERS[who], "is_bot": False}
    return {"update_id": update_id, "chat_member": {
        "chat": {"id": int(PAID_CHANNEL), "title": "Paid club", "type": "channel"}, "from": user, "date": 1772450000,
        "old_chat_member": {"user": user, "status": "left"}, "new_chat_member": {"user": user, "status": "member"},
        "invite_link": {"invite_link": link, "creator": {"id": 42, "is_bot": True, "first_name": "Shop"},
                        "creates_join_request": False, "is_primary": False, "is_revoked": False, "member_limit": 1}}}


def calls(method: str) -> list[dict]:
    return [body for name, body in FakeBotApi.calls if name == method]


def test_paid_handoff_end_to_end(tmp_path: Path, bot_api: str, capsys) -> None:
    path = str(tmp_path / "shop.fcproj")
    assert main(["init", path]) == 0
    assert main(["channel", "set", path, "telegram", "token=42:GOOD", f"api_base={bot_api}",
                 f"invite_chat_id={PAID_CHANNEL}"]) == 0
    handoff = json.loads(preset_path("paid_handoff").read_text("utf-8"))
    for step in handoff["steps"]:
        if step["id"] == "tell_team":
            step["config"]["telegram_chat_id"] = TEAM_CHAT
    (tmp_path / "handoff.json").write_text(json.dumps(handoff), "utf-8")
    assert main(["flow", "import", path, str(tmp_path / "handoff.json"), "--activate"]) == 0
    assert main(["flow", "preset", path, "telegram_funnel", "--activate"]) == 0
    capsys.readouterr()

    project = open_project(path)
    clock = VirtualClock(T0)
    runtime = Runtime(project, clock, sandbox=False)

    def poll(batch: list[dict]) -> None:
        FakeBotApi.updates = [batch]

        async def go() -> None:
            async with httpx.AsyncClient() as client:
                await TelegramPoller(project, TelegramBot(client, "42:GOOD", bot_api), clock).poll_once()

        asyncio.run(go())

    def run_for(minutes: float) -> None:
        run_virtual(runtime, clock.now() + timedelta(minutes=minutes))

    try:
        # both buyers start the free bot: they are in the free funnel
        poll([private(1, "ann", "/start"), private(2, "bob", "/start")])
        run_for(1)
        # the operator confirms both payments in the business chats
        poll([{"update_id": 3, "business_connection": {"id": "bc-77", "user": OWNER, "user_chat_id": 600,
                                                        "date": 1772440000, "can_reply": True, "is_enabled": True}},
              business(4, "ann", "Оплачено ✅"), business(5, "bob", "оплачено, спасибо")])
        issued_at = clock.now()
        run_for(1)

        links = sorted(calls("createChatInviteLink"), key=lambda c: c["name"])  # sent concurrently
        assert [(c["chat_id"], c["member_limit"], c["name"]) for c in links] == [
            (PAID_CHANNEL, 1, "fc tg:701"), (PAID_CHANNEL, 1, "fc tg:702")]
        assert all(c["expire_date"] == int((issued_at + timedelta(hours=24)).timestamp()) for c in links)
        with project.session() as s:
            contacts = {c.external_id: c for c in s.scalars(select(Contact))}
            link_of = {who: contacts[f"tg:{u['id']}"].attributes["telegram_invite_link"] for who, u in BUYERS.items()}
        assert link_of["ann"] != link_of["bob"]
        sends = {str(c["chat_id"]): c for c in calls("sendMessage") if "business_connection_id" in c}
        assert sends["701"]["text"].endswith(link_of["ann"]) and sends["702"]["text"].endswith(link_of["bob"])
        assert sends["701"]["business_connection_id"] == "bc-77"

        # Ann joins through her link three hours later; Bob never does
        clock.advance(timedelta(hours=3))
        poll([joined(6, "ann", link_of["ann"])])
        run_for(25 * 60)

        with project.session() as s:
            ann, bob = (s.scalars(select(Contact).where(Contact.external_id == f"tg:{BUYERS[w]['id']}")).one()
                        for w in ("ann", "bob"))
            assert "paid" in contact_tags(s, ann.id) and "paid" not in contact_tags(s, bob.id)
            free = s.scalars(select(FlowRow).where(FlowRow.name == "Telegram funnel")).one()
            left = s.scalars(select(Execution).where(Execution.flow_id == free.id)).all()
            assert sorted(e.exit_reason for e in left) == ["left", "left"]
            (logged,) = s.scalars(select(StepLog).where(StepLog.contact_id == ann.id, StepLog.step_id == "send_link",
                                                        StepLog.outcome == "completed")).all()
            assert logged.detail["invite_link"] == link_of["ann"]
        team = [c for c in calls("sendMessage") if str(c["chat_id"]) == TEAM_CHAT]
        assert len(team) == 1 and team[0]["text"].startswith("Bob paid but has not joined")
    finally:
        project.close()
