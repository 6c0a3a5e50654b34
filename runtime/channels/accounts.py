"""Named channel accounts: several Telegram bots in one project (``telegram:free``, ``telegram:paid``).

The plain channel ``telegram`` is the project's default bot. ``telegram:<name>`` is another bot,
with its own settings (``channel.telegram:<name>``) and its own token in the keyring
(``telegram:<name>.token``). A send step says ``"account": "<name>"``; a message trigger with
``"account": "<name>"`` only listens to that bot; ``telegram poll --account <name>`` polls it.

Outbox rows stay on channel ``telegram`` (quiet hours, caps and reports see one channel); the
account travels in the content. Per contact, the chat with each named bot is kept in the
attribute ``telegram_chats`` (``{"paid": "123"}``), and a bot that the contact blocked in
``telegram_blocked`` (a list of account names), so blocking the paid bot never silences the free one.
"""

from __future__ import annotations

import re
from typing import Any

ACCOUNT_CHANNELS = ("telegram",)
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}\Z")


def split_channel(channel: str) -> tuple[str, str | None]:
    """``("telegram", "paid")`` for ``telegram:paid``; ``(channel, None)`` for a plain channel.

    ValueError when the account name is not lower-case letters, digits, ``-`` and ``_`` (1-32) or
    the channel has no accounts.
    """
    base, sep, name = channel.partition(":")
    if not sep:
        return channel, None
    if base not in ACCOUNT_CHANNELS:
        raise ValueError(f"channel {base!r} has no named accounts (only {', '.join(ACCOUNT_CHANNELS)})")
    if not _NAME.match(name):
        raise ValueError(f"account name {name!r}: use 1-32 lower-case letters, digits, '-' or '_'")
    return base, name


def account_of(content: dict[str, Any] | None) -> str | None:
    """The named account an outbox row is sent from (None: the default bot)."""
    name = (content or {}).get("account")
    return str(name) if name else None


def adapter_key(channel: str, content: dict[str, Any] | None) -> str:
    """``telegram:<account>`` for a row sent from a named bot, else the channel."""
    name = account_of(content)
    return f"{channel}:{name}" if name and channel in ACCOUNT_CHANNELS else channel
