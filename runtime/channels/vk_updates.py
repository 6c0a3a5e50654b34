"""Inbound VK: the Bots Long Poll API turned into contact events.

``groups.getLongPollServer`` gives a server, a key and a position ``ts``; ``GET {server}?act=
a_check&key=..&ts=..&wait=25`` returns updates and the next ``ts``. Each update is recorded in
its own transaction with its ``event_id`` (``vk.longpoll_seen``), and the new ``ts`` after the
batch, so an interrupted batch is not recorded twice when it is fetched again. ``failed: 1`` means the
history moved on (continue from the new ``ts``), ``failed: 2`` the key expired, ``failed: 3`` the
whole position is lost (both: ask for a new server). The position is kept in the setting ``vk.longpoll_ts``.

Events (contacts ``vk:<user id>``, attribute ``vk_id``, created when unknown):

- ``message`` ``{text, channel: "vk", from: "contact", peer_id[, data]}`` for ``message_new`` from a
  user (``data``: the payload of a pressed keyboard button); chats (peer_id >= 2e9) are skipped;
- ``subscribed`` / ``blocked`` for ``message_allow`` / ``message_deny`` (the user allowed or
  denied the community's messages), also kept in the attribute ``vk_status``.

An update that cannot be handled is logged, remembered in ``vk.failed_updates`` and skipped.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.channels.base import Transient
from runtime.channels.http_errors import transport_failure
from runtime.channels.vk import VkApi, VkApiError
from runtime.clock import Clock
from runtime.contacts.events import record_event
from runtime.flow.channels import VK_ID_ATTR, VK_STATUS_ATTR
from runtime.storage.db import Project
from runtime.storage.models import Contact
from runtime.storage.settings import get_setting, set_setting

log = logging.getLogger(__name__)

TS_KEY = "vk.longpoll_ts"
SEEN_KEY = "vk.longpoll_seen"  # event ids of the current batch already recorded
FAILED_KEY = "vk.failed_updates"
CHAT_PEER_START = 2_000_000_000


@dataclass
class VkPollReport:
    """What one long-poll round did."""

    updates: int = 0
    events: dict[str, int] = field(default_factory=dict)
    contacts_created: int = 0
    failed: int = 0
    ts: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"updates": self.updates, "events": dict(self.events), "contacts_created": self.contacts_created,
                "failed": self.failed, "ts": self.ts}


def contact_for_user(session: Session, user_id: Any, clock: Clock, report: VkPollReport) -> Contact:
    """The contact with this VK user id; ``vk:<id>`` is created when unknown."""
    vk_id = str(user_id)
    contact = session.scalars(select(Contact).where(Contact.attributes[VK_ID_ATTR].as_string() == vk_id).limit(1)).first()
    if contact is None:
        contact = session.scalars(select(Contact).where(Contact.external_id == f"vk:{vk_id}")).first()
    if contact is not None:
        return contact
    now = clock.now()
    contact = Contact(external_id=f"vk:{vk_id}", timezone="UTC", attributes={VK_ID_ATTR: vk_id, VK_STATUS_ATTR: "subscribed"},
                      push_subscriptions=[], created_at=now, updated_at=now)
    session.add(contact)
    session.flush()
    report.contacts_created += 1
    return contact


def _event(session: Session, contact: Contact, name: str, props: dict[str, Any], clock: Clock,
           report: VkPollReport) -> None:
    record_event(session, contact, name, props, None, clock)
    report.events[name] = report.events.get(name, 0) + 1


def _set_status(contact: Contact, status: str, clock: Clock) -> None:
    contact.attributes = {**(contact.attributes or {}), VK_STATUS_ATTR: status}
    contact.updated_at = clock.now()


def handle_update(session: Session, update: dict[str, Any], clock: Clock, report: VkPollReport) -> None:
    """Record the events of one Long Poll update (the caller commits with the new ``ts``)."""
    kind = update.get("type")
    obj = update.get("object") or {}
    if kind == "message_new":
        message = obj.get("message") or obj  # API >= 5.103 wraps it in "message"
        peer = int(message["peer_id"])
        if peer >= CHAT_PEER_START or int(message.get("from_id", peer)) <= 0:
            return  # a group chat, or a community: not a contact's own message
        contact = contact_for_user(session, message["from_id"], clock, report)
        props: dict[str, Any] = {"text": str(message.get("text") or ""), "channel": "vk", "from": "contact",
                                 "peer_id": str(peer)}
        if message.get("payload"):
            try:
                payload = json.loads(message["payload"])
            except (TypeError, ValueError):
                payload = message["payload"]
            props["data"] = payload.get("data", payload) if isinstance(payload, dict) else payload
        if message.get("attachments"):
            props["media"] = str((message["attachments"][0] or {}).get("type") or "attachment")
        _event(session, contact, "message", props, clock, report)
    elif kind in ("message_allow", "message_deny"):
        contact = contact_for_user(session, obj["user_id"], clock, report)
        allowed = kind == "message_allow"
        _set_status(contact, "subscribed" if allowed else "blocked", clock)
        _event(session, contact, "subscribed" if allowed else "blocked", {"channel": "vk"}, clock, report)


def record_failed_update(session: Session, update: dict[str, Any], exc: BaseException, clock: Clock) -> None:
    """Remember an update that could not be handled (the newest 50)."""
    failed = list(get_setting(session, FAILED_KEY, []) or [])
    failed.append({"event_id": update.get("event_id"), "type": update.get("type"), "at": clock.now().isoformat(),
                   "error": f"{type(exc).__name__}: {exc}"[:500]})
    set_setting(session, FAILED_KEY, failed[-50:])


class VkLongPoller:
    """Long-polls one community's updates into a project."""

    def __init__(self, project: Project, api: VkApi, group_id: str, clock: Clock, *, wait: int = 25) -> None:
        self.project = project
        self.api = api
        self.group_id = group_id
        self.clock = clock
        self.wait = wait
        self._server: dict[str, str] | None = None

    async def _new_server(self, keep_ts: bool) -> None:
        server = await self.api.call("groups.getLongPollServer", {"group_id": self.group_id})
        self._server = {"server": str(server["server"]), "key": str(server["key"])}
        if not keep_ts:
            with self.project.write() as session:
                set_setting(session, TS_KEY, str(server["ts"]))

    async def poll_once(self) -> VkPollReport:
        """One ``a_check`` round: record what arrived; raises VkApiError on API failures."""
        report = VkPollReport()
        with self.project.session() as session:
            ts = get_setting(session, TS_KEY)
        if self._server is None:
            await self._new_server(keep_ts=ts is not None)
            with self.project.session() as session:
                ts = get_setting(session, TS_KEY)
        assert self._server is not None
        params = {"act": "a_check", "key": self._server["key"], "ts": ts, "wait": self.wait}
        try:
            response = await self.api.client.get(self._server["server"], params=params, timeout=self.wait + 15.0)
            data = response.json()
        except httpx.HTTPError as exc:
            raise VkApiError(transport_failure("VK long poll", exc)) from None
        except ValueError:
            raise VkApiError(Transient("VK long poll: the answer is not JSON")) from None
        failed = data.get("failed")
        if failed == 1:  # history moved on: continue from the ts it gives
            with self.project.write() as session:
                set_setting(session, TS_KEY, str(data["ts"]))
            report.ts = str(data["ts"])
            return report
        if failed in (2, 3):  # key expired (2) or everything lost (3): a new server
            await self._new_server(keep_ts=failed == 2)
            return report
        new_ts = str(data.get("ts"))
        with self.project.session() as session:
            seen = set(get_setting(session, SEEN_KEY, []) or [])
        for update in data.get("updates") or []:
            event_id = str(update.get("event_id") or "")
            if event_id and event_id in seen:
                continue  # recorded before an interruption: the ts had not moved on yet
            try:
                with self.project.write() as session:
                    handle_update(session, update, self.clock, report)
                    if event_id:
                        seen.add(event_id)
                        set_setting(session, SEEN_KEY, sorted(seen))
            except Exception as exc:  # one bad update must not stop the poller
                log.exception("VK update %s could not be handled; skipped", update.get("event_id"))
                report.failed += 1
                with self.project.write() as session:
                    record_failed_update(session, update, exc, self.clock)
            report.updates += 1
        with self.project.write() as session:
            set_setting(session, TS_KEY, new_ts)
            set_setting(session, SEEN_KEY, [])
        report.ts = new_ts
        return report
