"""Inbound Telegram updates become contact events (getUpdates long polling with an offset)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from sqlalchemy import select

from runtime.channels.telegram import TelegramBot
from runtime.channels.telegram_updates import OFFSET_KEY, TelegramPoller, issue_invite_link
from runtime.clock import VirtualClock
from runtime.storage.models import Contact, Event, Setting
from tests.runtime.channel_helpers import T0, Recorder, add_contact, json_of

TOKEN = "42:T"
USER = {"id": 1001, "is_bot": False, "first_name": "Ann", "username": "ann"}
PRIVATE = {"id": 1001, "first_name": "Ann", "type": "private"}


def updates_server(batches: list[list[dict]]) -> Recorder:
    def handler(request: httpx.Request) -> httpx.Response:
        method = request.url.path.rsplit("/", 1)[1]
        if method == "getUpdates":
            batch = batches.pop(0) if batches else []
            return httpx.Response(200, json={"ok": True, "result": batch})
        return httpx.Response(200, json={"ok": True, "result": True})

    return Recorder(handler)


def poll(project, rec: Recorder, clock=None):
    clock = clock or VirtualClock(T0)
    return asyncio.run(TelegramPoller(project, TelegramBot(rec.client(), TOKEN), clock).poll_once())


def events(project) -> list[tuple[str, str, dict]]:
    with project.session() as s:
        rows = s.execute(select(Contact.external_id, Event.name, Event.properties).join(Contact, Contact.id == Event.contact_id)
                         .order_by(Event.id)).all()
    return [tuple(r) for r in rows]


def msg(update_id: int, text: str, chat=PRIVATE, user=USER) -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "from": user, "chat": chat, "date": 1772442000,
                                                "text": text}}


def test_messages_start_payloads_and_new_contacts(project) -> None:
    rec = updates_server([[msg(10, "/start promo_42"), msg(11, "How much is it?")]])
    report = poll(project, rec)
    assert report.to_json() == {"updates": 2, "events": {"start": 1, "message": 1}, "contacts_created": 1, "offset": 12}
    assert events(project) == [
        ("tg:1001", "start", {"payload": "promo_42"}),
        ("tg:1001", "message", {"text": "How much is it?", "channel": "telegram", "from": "contact", "chat_id": "1001"}),
    ]
    with project.session() as s:
        contact = s.scalars(select(Contact)).one()
        assert (contact.telegram_chat_id, contact.first_name, contact.attributes) == ("1001", "Ann", {"telegram_username": "ann"})
        assert s.get(Setting, OFFSET_KEY).value == 12
    (first,) = [r for r in rec.requests if r.url.path.endswith("getUpdates")]
    assert str(first.url) == f"https://api.telegram.org/bot{TOKEN}/getUpdates"
    assert "offset" not in json_of(first) and "chat_member" in json_of(first)["allowed_updates"]
    # the next poll continues after the stored offset and finds nothing new
    rec2 = updates_server([[]])
    assert poll(project, rec2).updates == 0
    assert json_of(rec2.requests[0])["offset"] == 12


def test_known_contact_buttons_and_blocking(project) -> None:
    with project.write() as s:
        add_contact(s, "c1", telegram_chat_id="1001")
    button = {"update_id": 20, "callback_query": {"id": "cbq-1", "from": USER, "data": "later", "chat_instance": "x",
                                                   "message": {"message_id": 5, "chat": PRIVATE, "date": 1}}}
    member = {"user": {"id": 99, "is_bot": True, "first_name": "Shop"}}
    blocked = {"update_id": 21, "my_chat_member": {"chat": PRIVATE, "from": USER, "date": 1,
                                                   "old_chat_member": {**member, "status": "member"},
                                                   "new_chat_member": {**member, "status": "kicked", "until_date": 0}}}
    rec = updates_server([[button, blocked]])
    poll(project, rec)
    assert events(project) == [("c1", "button", {"data": "later", "chat_id": "1001"}), ("c1", "blocked", {"chat_id": "1001"})]
    answered = [json_of(r) for r in rec.requests if r.url.path.endswith("answerCallbackQuery")]
    assert answered == [{"callback_query_id": "cbq-1"}]
    with project.session() as s:
        assert s.scalars(select(Contact)).one().telegram_status == "blocked"
    unblocked = {"update_id": 22, "my_chat_member": {"chat": PRIVATE, "from": USER, "date": 2,
                                                     "old_chat_member": {**member, "status": "kicked", "until_date": 0},
                                                     "new_chat_member": {**member, "status": "member"}}}
    poll(project, updates_server([[unblocked]]))
    with project.session() as s:
        assert s.scalars(select(Contact)).one().telegram_status == "subscribed"
    assert events(project)[-1] == ("c1", "unblocked", {"chat_id": "1001"})


def test_invite_link_join_is_credited_to_the_contact_who_owns_the_link(project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        owner = add_contact(s, "owner-1", telegram_chat_id="555")
    created = Recorder(lambda r: httpx.Response(200, json={"ok": True, "result": {
        "invite_link": "https://t.me/+Xyz123", "creator": {"id": 99}, "member_limit": 1,
        "is_primary": False, "is_revoked": False}}))

    async def make() -> str:
        with project.write() as s:
            contact = s.get(Contact, owner.id)
            link = await issue_invite_link(s, TelegramBot(created.client(), TOKEN), contact, "-100777", clock,
                                           timedelta(hours=72))
            again = await issue_invite_link(s, TelegramBot(created.client(), TOKEN), contact, "-100777", clock,
                                            timedelta(hours=72))
            assert again == link
            return link

    link = asyncio.run(make())
    assert len(created.requests) == 1  # reused while it has not expired
    with project.session() as s:
        attrs = s.get(Contact, owner.id).attributes
    assert attrs["telegram_invite_link"] == link and attrs["telegram_invite_expires"] == (T0 + timedelta(hours=72)).isoformat()
    joiner = {"id": 2002, "is_bot": False, "first_name": "Bob"}
    join = {"update_id": 30, "chat_member": {
        "chat": {"id": -100777, "title": "VIP club", "type": "supergroup"}, "from": joiner, "date": 3,
        "old_chat_member": {"user": joiner, "status": "left"}, "new_chat_member": {"user": joiner, "status": "member"},
        "invite_link": {"invite_link": link, "creator": {"id": 99}, "member_limit": 1, "is_primary": False,
                        "is_revoked": False}}}
    poll(project, updates_server([[join]]), clock)
    assert events(project) == [("owner-1", "invite_join", {"link": link, "chat_id": "-100777", "user_id": "2002"})]


def test_business_messages_from_the_owner_count_as_operator(project) -> None:
    owner = {"id": 7, "is_bot": False, "first_name": "Shop owner"}
    customer = {"id": 3003, "is_bot": False, "first_name": "Cid"}
    chat = {"id": 3003, "first_name": "Cid", "type": "private"}
    connection = {"update_id": 40, "business_connection": {"id": "bc-1", "user": owner, "user_chat_id": 7,
                                                           "date": 1, "can_reply": True, "is_enabled": True}}
    incoming = {"update_id": 41, "business_message": {"message_id": 1, "business_connection_id": "bc-1",
                                                      "from": customer, "chat": chat, "date": 2, "text": "price?"}}
    outgoing = {"update_id": 42, "business_message": {"message_id": 2, "business_connection_id": "bc-1",
                                                      "from": owner, "chat": chat, "date": 3, "text": "#offer"}}
    poll(project, updates_server([[connection, incoming, outgoing]]))
    assert events(project) == [
        ("tg:3003", "message", {"text": "price?", "channel": "telegram", "from": "contact", "chat_id": "3003", "business": True, "business_connection_id": "bc-1"}),
        ("tg:3003", "message", {"text": "#offer", "channel": "telegram", "from": "operator", "chat_id": "3003", "business": True, "business_connection_id": "bc-1"}),
    ]


def test_group_chatter_is_ignored(project) -> None:
    group = {"id": -100, "title": "Club", "type": "supergroup"}
    poll(project, updates_server([[msg(50, "hello all", chat=group)]]))
    assert events(project) == []
