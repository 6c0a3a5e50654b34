"""Inbound Telegram: long-polling ``getUpdates`` and turning updates into contact events.

Each update is handled in one write transaction together with the new ``offset`` (settings key
``telegram.update_offset``), so an update is recorded exactly once even if the poller is
interrupted. Events (through ``runtime.contacts.events.record_event``):

- ``message`` ``{text, channel: "telegram", from: "contact" | "operator", chat_id[, media,
  file_name]}`` — private messages, and Telegram Business chats (``business_message``), where a
  message written by the business account owner counts as ``from: "operator"`` (one a bot sent on
  the owner's behalf, ``sender_business_bot``, counts as nobody's); a photo, voice note, document
  ... carries its kind in ``media`` (its caption, if any, is the text);
- ``start`` ``{payload}`` — ``/start <payload>`` deep links (``t.me/<bot>?start=<payload>``);
- ``button`` ``{data}`` — inline button presses (``callback_query``);
- ``blocked`` / ``unblocked`` — ``my_chat_member`` changes (also sets ``telegram_status``);
- ``invite_join`` ``{link}`` — someone joined a chat through a personal invite link; credited to
  the contact the link was made for (see :func:`issue_invite_link`).

Chats the project does not know create contacts with external id ``tg:<chat_id>``. Group chats
are never contacts: messages and button presses there are skipped. A business connection that is
switched off (``is_enabled: false``) is forgotten, noted in the audit log, and its chats ignored.
Each update is handled in its own transaction; one that fails is logged, kept in the setting
``telegram.failed_updates`` and skipped (the offset moves on), so it cannot stop the poller.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.channels.telegram import TelegramApiError, TelegramBot
from runtime.clock import Clock, ensure_utc
from runtime.contacts.events import record_event
from runtime.flow.telegram import (
    BLOCKED_ATTR,
    CHATS_ATTR,
    INVITE_CHAT_ATTR,
    INVITE_EXPIRES_ATTR,
    INVITE_LINK_ATTR,
    blocked_accounts,
)
from runtime.storage.db import Project
from runtime.storage.models import Audit, Contact
from runtime.storage.settings import get_setting, set_setting

log = logging.getLogger(__name__)

OFFSET_KEY = "telegram.update_offset"
BUSINESS_OWNERS_KEY = "telegram.business_owners"
BUSINESS_DISABLED_KEY = "telegram.business_disabled"
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "chat_member",
                   "business_connection", "business_message"]
JOINED = ("member", "administrator", "creator", "restricted")


@dataclass
class PollReport:
    """What one poll did."""

    updates: int = 0
    events: dict[str, int] = field(default_factory=dict)
    contacts_created: int = 0
    offset: int | None = None
    failed: int = 0  # updates that could not be handled (logged, recorded, skipped)

    def to_json(self) -> dict[str, Any]:
        out = {"updates": self.updates, "events": dict(self.events),
               "contacts_created": self.contacts_created, "offset": self.offset}
        if self.failed:
            out["failed"] = self.failed
        return out


def contact_for_chat(session: Session, chat_id: Any, user: dict[str, Any] | None, clock: Clock,
                     report: PollReport | None = None) -> Contact:
    """The contact whose Telegram chat is ``chat_id``; created as ``tg:<chat_id>`` when unknown."""
    chat = str(chat_id)
    contact = session.scalars(select(Contact).where(Contact.telegram_chat_id == chat).limit(1)).first()
    if contact is None:
        contact = session.scalars(select(Contact).where(Contact.external_id == f"tg:{chat}")).first()
    if contact is not None:
        return contact
    user = user or {}
    now = clock.now()
    attributes = {"telegram_username": user["username"]} if user.get("username") else {}
    contact = Contact(
        external_id=f"tg:{chat}", telegram_chat_id=chat, first_name=user.get("first_name"),
        last_name=user.get("last_name"), timezone="UTC", attributes=attributes, push_subscriptions=[],
        created_at=now, updated_at=now,
    )
    session.add(contact)
    session.flush()
    if report is not None:
        report.contacts_created += 1
    return contact


def contact_for_invite_link(session: Session, link: str) -> Contact | None:
    """The contact a personal invite link was made for."""
    return session.scalars(
        select(Contact).where(Contact.attributes[INVITE_LINK_ATTR].as_string() == link).limit(1)
    ).first()


async def issue_invite_link(
    session: Session, bot: TelegramBot, contact: Contact, chat_id: str, clock: Clock, expire_after: timedelta
) -> str:
    """A personal invite link into ``chat_id`` for ``contact`` (one member, expiring), stored on the
    contact's attributes; an unexpired link for the same chat is reused. The caller commits."""
    attrs = dict(contact.attributes or {})
    now = clock.now()
    expires = attrs.get(INVITE_EXPIRES_ATTR)
    if (attrs.get(INVITE_LINK_ATTR) and attrs.get(INVITE_CHAT_ATTR) == str(chat_id) and expires
            and ensure_utc(datetime.fromisoformat(expires)) > now):
        return str(attrs[INVITE_LINK_ATTR])
    expire_at = now + expire_after
    link = await bot.create_invite_link(chat_id, f"fc {contact.external_id}", expire_at)
    attrs.update({INVITE_LINK_ATTR: link, INVITE_EXPIRES_ATTR: expire_at.isoformat(), INVITE_CHAT_ATTR: str(chat_id)})
    contact.attributes = attrs
    contact.updated_at = now
    session.flush()
    return link


def _record(session: Session, contact: Contact, name: str, props: dict[str, Any], clock: Clock, report: PollReport) -> None:
    record_event(session, contact, name, props, None, clock)
    report.events[name] = report.events.get(name, 0) + 1


def _text(message: dict[str, Any]) -> str:
    return str(message.get("text") or message.get("caption") or "")


# message fields that carry media, in the Bot API's names; the first one present is the kind
MEDIA_KINDS = ("photo", "video", "voice", "video_note", "audio", "document", "animation", "sticker", "contact",
               "location", "venue", "poll", "dice")


def _message_props(message: dict[str, Any], sender: str, chat_id: Any) -> dict[str, Any]:
    """The props of a ``message`` event; media without a caption is told by ``media``, never an
    empty text that a flow could not tell from nothing."""
    props: dict[str, Any] = {"text": _text(message), "channel": "telegram", "from": sender, "chat_id": str(chat_id)}
    kind = next((name for name in MEDIA_KINDS if name in message), None)
    if kind is not None:
        props["media"] = kind
        if kind in ("document", "audio", "video") and isinstance(message[kind], dict):
            name = message[kind].get("file_name")
            if name:
                props["file_name"] = str(name)
    return props


FAILED_KEY = "telegram.failed_updates"
FAILED_KEEP = 50


def record_failed_update(session: Session, update: dict[str, Any], exc: BaseException, clock: Clock) -> None:
    """Remember an update that could not be handled (settings ``telegram.failed_updates``, the
    newest :data:`FAILED_KEEP`), so an operator can see what was skipped and why."""
    failed = list(get_setting(session, FAILED_KEY, []) or [])
    failed.append({"update_id": update.get("update_id"), "at": clock.now().isoformat(),
                   "error": f"{type(exc).__name__}: {exc}"[:500],
                   "kinds": sorted(key for key in update if key != "update_id")})
    set_setting(session, FAILED_KEY, failed[-FAILED_KEEP:])


def handle_update(session: Session, update: dict[str, Any], clock: Clock, report: PollReport,
                  account: str | None = None) -> None:
    """Record the events of one update (the caller commits, together with the new offset).

    ``account`` names the bot the update came to (runtime.channels.accounts; None: the default
    bot): its events say ``account``, and the contact's chat with that bot is remembered."""
    if account:
        _handle_for_account(session, update, clock, report, account)
        return
    _handle(session, update, clock, report)


def _handle_for_account(session: Session, update: dict[str, Any], clock: Clock, report: PollReport, account: str) -> None:
    """A named bot's update: handled like the default bot's, then its events and contacts marked."""
    before = report.events.copy()
    seen: list[Contact] = []

    def event(session_: Session, contact: Contact, name: str, props: dict[str, Any], clock_: Clock,
              report_: PollReport) -> None:
        seen.append(contact)
        _record(session_, contact, name, {**props, "account": account}, clock_, report_)

    _handle(session, update, clock, report, event, account)
    for contact in seen:
        chat = _private_chat(update)
        attrs = dict(contact.attributes or {})
        chats = dict(attrs.get(CHATS_ATTR) or {})
        if chat is not None and chats.get(account) != chat:
            chats[account] = chat
            attrs[CHATS_ATTR] = chats
        blocked = blocked_accounts(attrs)
        names = {k for k, v in report.events.items() if v > before.get(k, 0)}
        if "blocked" in names and account not in blocked:
            attrs[BLOCKED_ATTR] = [*blocked, account]
        elif "unblocked" in names and account in blocked:
            attrs[BLOCKED_ATTR] = [name for name in blocked if name != account]
        contact.attributes = attrs


def _private_chat(update: dict[str, Any]) -> str | None:
    for key in ("message", "my_chat_member"):
        chat = (update.get(key) or {}).get("chat") or {}
        if chat.get("type") == "private" and chat.get("id") is not None:
            return str(chat["id"])
    query = update.get("callback_query") or {}
    chat = (query.get("message") or {}).get("chat") or {}
    return str(chat["id"]) if chat.get("type") == "private" else None


#: records one event: (session, contact, name, props, clock, report)
_Recorder = Callable[[Session, Contact, str, dict[str, Any], Clock, PollReport], None]


def _handle(session: Session, update: dict[str, Any], clock: Clock, report: PollReport, _event: Any = None,
            account: str | None = None) -> None:
    """One update (``_event`` records an event; a named ``account`` leaves the contact's
    Telegram status column alone: blocking one bot is kept per bot)."""
    record: _Recorder = _event or _record
    for kind, handler in _HANDLERS:  # the first kind present decides, as Telegram sends one per update
        if kind in update:
            handler(_Update(session, update[kind], clock, report, record, account))
            return


@dataclass
class _Update:
    """One update's payload (the value under its kind) and what its handler needs."""

    session: Session
    body: dict[str, Any]
    clock: Clock
    report: PollReport
    record: _Recorder
    account: str | None

    def contact(self, chat_id: Any, sender: dict[str, Any] | None) -> Contact:
        return contact_for_chat(self.session, chat_id, sender, self.clock, self.report)

    def event(self, contact: Contact, name: str, props: dict[str, Any]) -> None:
        self.record(self.session, contact, name, props, self.clock, self.report)


def _on_message(u: _Update) -> None:
    message = u.body
    chat = message.get("chat") or {}
    if chat.get("type", "private") != "private":
        return  # group chatter is not a contact's message to us
    contact = u.contact(chat["id"], message.get("from"))
    text = _text(message)
    if text == "/start" or text.startswith("/start "):
        u.event(contact, "start", {"payload": text[len("/start"):].strip()})
    else:
        u.event(contact, "message", _message_props(message, "contact", chat["id"]))


def _on_callback_query(u: _Update) -> None:
    query = u.body
    chat = (query.get("message") or {}).get("chat") or {}
    if chat.get("type", "private") != "private":
        return  # a button under a bot message in a group: the group is not a contact
    chat_id = chat.get("id") or query["from"]["id"]
    contact = u.contact(chat_id, query.get("from"))
    u.event(contact, "button", {"data": query.get("data") or "", "chat_id": str(chat_id)})


def _on_my_chat_member(u: _Update) -> None:
    change = u.body
    chat = change.get("chat") or {}
    if chat.get("type", "private") != "private":
        return
    old = (change.get("old_chat_member") or {}).get("status")
    new = (change.get("new_chat_member") or {}).get("status")
    contact = u.contact(chat["id"], change.get("from"))
    if new == "kicked" and old != "kicked":
        if u.account is None:
            contact.telegram_status = "blocked"
        u.event(contact, "blocked", {"chat_id": str(chat["id"])})
    elif old == "kicked" and new in JOINED:
        if u.account is None:
            contact.telegram_status = "subscribed"
        u.event(contact, "unblocked", {"chat_id": str(chat["id"])})
    contact.updated_at = u.clock.now()


def _on_chat_member(u: _Update) -> None:
    change = u.body
    link = (change.get("invite_link") or {}).get("invite_link")
    old = (change.get("old_chat_member") or {}).get("status")
    new = (change.get("new_chat_member") or {}).get("status")
    if link and new in JOINED and old not in JOINED:
        owner = contact_for_invite_link(u.session, link)
        if owner is not None:
            joined = (change.get("new_chat_member") or {}).get("user") or {}
            u.event(owner, "invite_join", {"link": link, "chat_id": str((change.get("chat") or {}).get("id")),
                                           "user_id": str(joined.get("id"))})


def _on_business_connection(u: _Update) -> None:
    connection, session = u.body, u.session
    owners = dict(get_setting(session, BUSINESS_OWNERS_KEY, {}) or {})
    disabled = set(get_setting(session, BUSINESS_DISABLED_KEY, []) or [])
    key = str(connection["id"])
    user = connection.get("user") or {}
    if connection.get("is_enabled", True):
        owners[key] = str(user.get("id"))
        disabled.discard(key)
    else:
        # the owner disconnected the bot (or it lost its rights): their chats are no longer
        # ours to read or answer; operators see it in the audit log
        owners.pop(key, None)
        disabled.add(key)
        session.add(Audit(at=u.clock.now(), actor="telegram", action="business_connection_disabled",
                          detail={"connection_id": key, "user_id": str(user.get("id")),
                                  "username": user.get("username")}))
    set_setting(session, BUSINESS_OWNERS_KEY, owners)
    set_setting(session, BUSINESS_DISABLED_KEY, sorted(disabled))


def _on_business_message(u: _Update) -> None:
    message, session = u.body, u.session
    chat = message.get("chat") or {}
    sender = message.get("from") or {}
    if str(message.get("business_connection_id")) in (get_setting(session, BUSINESS_DISABLED_KEY, []) or []):
        return  # the connection was switched off: nothing from it counts
    owners = get_setting(session, BUSINESS_OWNERS_KEY, {}) or {}
    owner = owners.get(str(message.get("business_connection_id")))
    # in a business chat, chat.id is the customer; anyone else writing is the account owner
    is_operator = str(sender.get("id")) == owner if owner else str(sender.get("id")) != str(chat.get("id"))
    if is_operator and message.get("sender_business_bot"):
        return  # a bot (maybe ours) wrote on the owner's behalf: not the operator's own keyword
    customer = None if is_operator else sender
    contact = u.contact(chat["id"], customer or chat)
    props = _message_props(message, "operator" if is_operator else "contact", chat["id"])
    u.event(contact, "message",
            {**props, "business": True, "business_connection_id": str(message.get("business_connection_id"))})


_HANDLERS: tuple[tuple[str, Callable[[_Update], None]], ...] = (
    ("message", _on_message),
    ("callback_query", _on_callback_query),
    ("my_chat_member", _on_my_chat_member),
    ("chat_member", _on_chat_member),
    ("business_connection", _on_business_connection),
    ("business_message", _on_business_message),
)


class TelegramPoller:
    """Long-polls one bot's updates into a project."""

    def __init__(self, project: Project, bot: TelegramBot, clock: Clock, *, timeout: int = 0, limit: int = 100,
                 account: str | None = None) -> None:
        self.project = project
        self.bot = bot
        self.clock = clock
        self.timeout = timeout
        self.limit = limit
        self.account = account  # a named bot (telegram:<account>): its own offset and events
        self.offset_key = f"{OFFSET_KEY}:{account}" if account else OFFSET_KEY

    async def poll_once(self) -> PollReport:
        """Fetch pending updates once and record them; raises ChannelError-worthy TelegramApiError."""
        report = PollReport()
        with self.project.session() as session:
            offset = get_setting(session, self.offset_key)
        payload: dict[str, Any] = {"timeout": self.timeout, "limit": self.limit, "allowed_updates": ALLOWED_UPDATES}
        if offset is not None:
            payload["offset"] = int(offset)
        updates = await self.bot.call("getUpdates", payload, timeout=self.timeout + 15.0) or []
        callbacks: list[str] = []
        for update in updates:
            try:
                with self.project.write() as session:
                    handle_update(session, update, self.clock, report, self.account)
                    set_setting(session, self.offset_key, int(update["update_id"]) + 1)
            except Exception as exc:  # one bad update must not stop the poller
                # Without this the same update would fail on every restart, for good: log it,
                # remember it, and move the offset past it.
                log.exception("Telegram update %s could not be handled; skipped", update.get("update_id"))
                report.failed += 1
                with self.project.write() as session:
                    record_failed_update(session, update, exc, self.clock)
                    set_setting(session, self.offset_key, int(update["update_id"]) + 1)
            report.updates += 1
            report.offset = int(update["update_id"]) + 1
            if "callback_query" in update:
                callbacks.append(str(update["callback_query"]["id"]))
        for callback_id in callbacks:
            # stops the button's spinner in the user's app; failure here loses nothing
            try:
                await self.bot.call("answerCallbackQuery", {"callback_query_id": callback_id})
            except TelegramApiError:
                pass
        return report

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set, backing off on errors."""
        delay = 1.0
        while not stop.is_set():
            try:
                await self.poll_once()
                delay = 1.0
            except TelegramApiError:
                try:
                    await asyncio.wait_for(stop.wait(), timeout=delay)
                except TimeoutError:
                    pass
                delay = min(delay * 2, 60.0)
