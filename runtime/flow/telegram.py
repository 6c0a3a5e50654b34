"""What Telegram send steps mean, shared by the step handlers and the Telegram channel: named bot
accounts (``"account": "paid"``) and personal invite links (``"invite": {...}``, ``{{ invite_link }}``).

Pure data rules, no I/O: the handlers put them into outbox content; the channel
(:mod:`runtime.channels.accounts`, :mod:`runtime.channels.telegram_invites`) acts on it.
"""

from __future__ import annotations

from typing import Any

# personal invite links: the template value of {{ invite_link }} until the message is sent
INVITE_PLACEHOLDER = "⟦invite_link⟧"
INVITE_LINK_ATTR = "telegram_invite_link"
INVITE_EXPIRES_ATTR = "telegram_invite_expires"
INVITE_CHAT_ATTR = "telegram_invite_chat"
# named bots: per contact, the chat with each bot and the bots the contact blocked
CHATS_ATTR = "telegram_chats"
BLOCKED_ATTR = "telegram_blocked"


def invite_spec(config: Any, attributes: dict[str, Any]) -> dict[str, Any] | None:
    """The outbox form of a step's ``invite`` config (None when the step issues no link), with the
    contact's previous link so the channel can revoke it."""
    if not config:
        return None
    spec: dict[str, Any] = dict(config) if isinstance(config, dict) else {}
    out: dict[str, Any] = {key: str(spec[key]) for key in ("chat_id", "expire") if spec.get(key)}
    if attributes.get(INVITE_LINK_ATTR):
        out["previous"] = {"link": str(attributes[INVITE_LINK_ATTR]), "chat_id": str(attributes.get(INVITE_CHAT_ATTR) or "")}
    return out


def chat_for(contact: dict[str, Any], account: str | None) -> Any:
    """The contact's chat with ``account`` (a private chat's id is the user's id for every bot, so
    the default chat id stands in until the contact has written to that bot)."""
    if account:
        chats = (contact.get("attributes") or {}).get(CHATS_ATTR) or {}
        if chats.get(account):
            return chats[account]
    return contact.get("telegram_chat_id") or None


def blocked_accounts(attributes: dict[str, Any] | None) -> list[str]:
    """The named bots the contact has blocked."""
    value = (attributes or {}).get(BLOCKED_ATTR) or []
    return [str(v) for v in value] if isinstance(value, list) else []
