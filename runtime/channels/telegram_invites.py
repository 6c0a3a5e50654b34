"""Personal invite links issued by a ``send_telegram`` step (``"invite": {...}`` in its config).

The step renders ``{{ invite_link }}`` as :data:`INVITE_PLACEHOLDER` (the link does not exist
yet when the step runs: steps never call providers). When the dispatcher sends the message, the
Telegram adapter calls ``createChatInviteLink`` (``member_limit`` 1, ``expire_date``) for the
contact, puts the link where the placeholder is (text and button URLs), revokes the contact's
previous unused link into the same chat, and reports the link back; the dispatcher stores it on
the contact (so a ``chat_member`` join through it is credited to them: event ``invite_join``) and
in the send step's log.

Config: ``{"chat_id": "-100...", "expire": "PT24H"}``; either may be left out for the Telegram
channel's ``invite_chat_id`` / ``invite_expire_hours`` settings (``"invite": true`` takes both).
Telegram itself stops a link at its ``expire_date``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.flow.telegram import INVITE_CHAT_ATTR, INVITE_EXPIRES_ATTR, INVITE_LINK_ATTR, INVITE_PLACEHOLDER
from runtime.storage.models import Contact, Outbox


def expire_after(spec: dict[str, Any], default_hours: float) -> timedelta:
    """How long the link lives: the spec's ISO duration, else the channel's default hours."""
    if spec.get("expire"):
        from runtime.flow.durations import parse_duration

        return parse_duration(str(spec["expire"]))
    return timedelta(hours=default_hours)


def fill_link(content: dict[str, Any], link: str) -> dict[str, Any]:
    """``content`` with the placeholder replaced by ``link`` in the text and button URLs."""
    out = dict(content)
    if isinstance(out.get("text"), str):
        out["text"] = out["text"].replace(INVITE_PLACEHOLDER, link)
    if out.get("buttons"):
        rows = []
        for row in out["buttons"]:
            items = row if isinstance(row, list) else [row]
            rows.append([{**b, "url": str(b["url"]).replace(INVITE_PLACEHOLDER, link)} if isinstance(b, dict)
                         and b.get("url") else b for b in items])
        out["buttons"] = rows
    return out


def invite_detail(link: str, chat_id: str, expires: datetime) -> dict[str, Any]:
    """What the adapter reports back with a sent message that carried a link."""
    return {"invite_link": link, "invite_chat_id": chat_id, "invite_expires": expires.isoformat()}


def remember_invite(session: Session, row: Outbox, detail: dict[str, Any], clock: Clock) -> None:
    """Store an issued link on the contact and on the outbox row (the caller commits)."""
    link = detail.get("invite_link")
    if not link:
        return
    contact = session.get(Contact, row.contact_id)
    if contact is not None:
        contact.attributes = {**(contact.attributes or {}), INVITE_LINK_ATTR: link,
                              INVITE_CHAT_ATTR: detail.get("invite_chat_id"),
                              INVITE_EXPIRES_ATTR: detail.get("invite_expires")}
        contact.updated_at = clock.now()
    row.content = {**(row.content or {}), **detail}
