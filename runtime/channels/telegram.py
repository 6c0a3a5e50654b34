"""Telegram Bot API over httpx: messages with inline buttons, photos and documents by URL,
personal invite links, getMe.

Errors follow the Bot API's documented shape ``{"ok": false, "error_code": N, "description": ...,
"parameters": {"retry_after": s}}``: 403 (blocked by the user, user deactivated) is a permanent
``blocked`` failure, 429 waits ``retry_after``, 401 means the token is wrong or revoked, 5xx /
timeouts / malformed JSON are transient. The Bot API has no idempotency keys.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

import httpx

from runtime.channels.base import (
    AUTH,
    BLOCKED,
    INVALID,
    NO_ADDRESS,
    ChannelError,
    Message,
    Permanent,
    Recipient,
    SendResult,
    Sent,
    Transient,
    button_rows,
)
from runtime.channels.http_errors import json_body, malformed_answer, transport_failure

API_BASE = "https://api.telegram.org"
_TOKEN_IN_URL = re.compile(r"/bot\d+:[A-Za-z0-9_-]+")


class RedactBotTokens(logging.Filter):
    """Bot API URLs carry the token (``/bot<token>/method``); httpx logs every request URL at
    INFO. This filter rewrites such records so tokens never reach a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "/bot" in text:
            redacted = _TOKEN_IN_URL.sub("/bot<token>", text)
            if redacted != text:
                record.msg, record.args = redacted, ()
        return True


for _name in ("httpx", "httpcore"):
    if not any(isinstance(f, RedactBotTokens) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(RedactBotTokens())
TOKEN_HINT = "set a valid token with `flowcanvas channel set PROJECT telegram token=...`"


def inline_keyboard(buttons: list[Any]) -> dict[str, Any] | None:
    """``reply_markup`` for step buttons: rows of ``{"text", "url"}`` / ``{"text", "data"}``.

    A flat list of buttons puts each button on its own row.
    """
    if not buttons:
        return None
    rows = []
    for items in button_rows(buttons):
        out = []
        for button in items:
            item = {"text": str(button.get("text", ""))}
            if button.get("url"):
                item["url"] = str(button["url"])
            else:
                item["callback_data"] = str(button.get("data", button.get("text", "")))[:64]
            out.append(item)
        rows.append(out)
    return {"inline_keyboard": rows}


class TelegramApiError(Exception):
    """A Bot API call failed; ``result`` says whether retrying may help."""

    def __init__(self, result: Transient | Permanent) -> None:
        super().__init__(result.reason)
        self.result = result


class TelegramBot:
    """A thin Bot API client; every call is ``POST {base}/bot<token>/<method>`` with a JSON body."""

    def __init__(self, client: httpx.AsyncClient, token: str, api_base: str = API_BASE) -> None:
        self.client = client
        self.token = token
        self.api_base = api_base.rstrip("/")

    def url(self, method: str) -> str:
        return f"{self.api_base}/bot{self.token}/{method}"

    async def call(self, method: str, payload: dict[str, Any] | None = None, timeout: float | None = None) -> Any:
        """Call one method and return its ``result``; raises :class:`TelegramApiError`."""
        try:
            response = await self.client.post(
                self.url(method), json=payload or {}, timeout=timeout if timeout else httpx.USE_CLIENT_DEFAULT
            )
        except httpx.HTTPError as exc:
            # never echo the URL: it contains the token
            raise TelegramApiError(transport_failure(f"Telegram {method}", _scrub(exc, self.token))) from None
        data = json_body(response)
        if data is None:
            raise TelegramApiError(malformed_answer(f"Telegram {method}", response))
        if data.get("ok") is True:
            return data.get("result")
        raise TelegramApiError(classify_error(method, response.status_code, data))

    async def get_me(self) -> dict[str, Any]:
        """The bot's own user object."""
        me: dict[str, Any] = await self.call("getMe")
        return me

    async def create_invite_link(self, chat_id: str, name: str, expire_date: datetime) -> str:
        """A one-person invite link (``member_limit`` 1) into ``chat_id`` that expires."""
        result = await self.call(
            "createChatInviteLink",
            {"chat_id": chat_id, "name": name[:32], "expire_date": int(expire_date.timestamp()), "member_limit": 1},
        )
        return str(result["invite_link"])


def _scrub(exc: Exception, token: str) -> Exception:
    text = str(exc).replace(token, "<token>")
    return type(exc)(text) if text != str(exc) else exc


def classify_error(method: str, status: int, data: dict[str, Any]) -> Transient | Permanent:
    """Map a Bot API error answer to a result."""
    code = int(data.get("error_code") or status)
    description = str(data.get("description") or f"HTTP {status}")
    parameters = data.get("parameters") or {}
    if code == 429:
        retry_after = parameters.get("retry_after")
        return Transient(f"Telegram {method}: {description}", float(retry_after) if retry_after is not None else None)
    if code == 401:
        return Permanent(f"Telegram rejected the bot token ({description}); {TOKEN_HINT}", AUTH)
    if code == 403:
        return Permanent(f"Telegram {method}: {description}", BLOCKED)
    if code == 404 and method == "getMe":
        return Permanent(f"Telegram does not know this bot token ({description}); {TOKEN_HINT}", AUTH)
    if code >= 500 or status >= 500:
        return Transient(f"Telegram {method}: server error {code}: {description}")
    return Permanent(f"Telegram {method}: {description}", INVALID)


class TelegramAdapter:
    """Sends text, photo or document messages to a contact's Telegram chat, with a personal invite
    link when the step asks for one (:mod:`runtime.channels.telegram_invites`)."""

    channel = "telegram"
    honours_idempotency = False

    def __init__(self, bot: TelegramBot, invite_chat_id: str | None = None, invite_expire_hours: float = 72.0,
                 account: str | None = None) -> None:
        self.bot = bot
        self.invite_chat_id = invite_chat_id
        self.invite_expire_hours = invite_expire_hours
        self.account = account  # a named bot (runtime.channels.accounts): its chat comes with the content

    def address(self, recipient: Recipient) -> str | None:
        return recipient.telegram_chat_id or None

    @staticmethod
    def request(chat_id: str, content: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The Bot API method and JSON payload for a send_telegram step's content."""
        markup = inline_keyboard(content.get("buttons") or [])
        text = content.get("text") or ""
        if content.get("photo"):
            method, payload = "sendPhoto", {"chat_id": chat_id, "photo": content["photo"]}
        elif content.get("document"):
            method, payload = "sendDocument", {"chat_id": chat_id, "document": content["document"]}
        else:
            method, payload = "sendMessage", {"chat_id": chat_id, "text": text}
        if method != "sendMessage" and text:
            payload["caption"] = text
        if content.get("parse_mode"):
            payload["parse_mode"] = content["parse_mode"]
        if content.get("business_connection_id"):
            # sent on behalf of the business account, into the customer's chat with it
            payload["business_connection_id"] = content["business_connection_id"]
        if markup:
            payload["reply_markup"] = markup
        return method, payload

    async def send(self, message: Message) -> SendResult:
        chat_id = self.address(message.recipient)
        if self.account and message.content.get("chat_id"):
            chat_id = str(message.content["chat_id"])  # the contact's chat with this bot
        if not chat_id:
            return Permanent("contact has no Telegram chat id", NO_ADDRESS)
        content, detail = message.content, None
        if content.get("invite") is not None:
            try:
                content, detail = await self._with_invite(message)
            except TelegramApiError as exc:
                return exc.result
            except ValueError as exc:
                return Permanent(f"personal invite link: {exc}", INVALID)
        method, payload = self.request(chat_id, content)
        try:
            result = await self.bot.call(method, payload)
        except TelegramApiError as exc:
            return exc.result
        return Sent(str((result or {}).get("message_id", "")) or None, detail=detail)

    async def _with_invite(self, message: Message) -> tuple[dict[str, Any], dict[str, Any]]:
        """Issue the contact's link (revoking their previous unused one) and put it in the content."""
        from runtime.channels.telegram_invites import expire_after, fill_link, invite_detail

        spec = message.content.get("invite") or {}
        chat = str(spec.get("chat_id") or self.invite_chat_id or "")
        if not chat:
            raise ValueError("no chat: set the step's invite.chat_id or the telegram channel's invite_chat_id")
        if message.now is None:
            raise ValueError("the dispatcher gave no time to date the link's expiry from")
        expires = message.now + expire_after(spec, self.invite_expire_hours)
        link = await self.bot.create_invite_link(chat, f"fc {message.recipient.external_id}", expires)
        previous = spec.get("previous") or {}
        if previous.get("link") and previous.get("chat_id") == chat and previous["link"] != link:
            try:  # one contact, one working link: the old one may have been forwarded
                await self.bot.call("revokeChatInviteLink", {"chat_id": chat, "invite_link": previous["link"]})
            except TelegramApiError:
                pass  # expired or already used: nothing to revoke
        return fill_link(message.content, link), invite_detail(link, chat, expires)

    async def test_connection(self) -> str:
        """getMe: proves the token works and names the bot."""
        try:
            me = await self.bot.get_me()
        except TelegramApiError as exc:
            raise ChannelError(f"telegram: {exc.result.reason}") from None
        return f"Telegram bot @{me.get('username')} (id {me.get('id')}) is ready"


class TeamTelegramAdapter:
    """notify_team messages that name a Telegram chat (``content.telegram_chat_id``): sent by the
    project's bot to the operators' chat, not to the contact."""

    channel = "team"
    honours_idempotency = False

    def __init__(self, bot: TelegramBot) -> None:
        self.bot = bot

    def address(self, recipient: Recipient) -> str | None:
        return "team"  # the chat is in the content

    async def send(self, message: Message) -> SendResult:
        chat_id = message.content.get("telegram_chat_id")
        if not chat_id:
            return Sent(None)  # in-app only: being in the outbox is the delivery
        text = message.content.get("text") or ""
        if message.content.get("contact"):
            text = f"{text}\n\ncontact: {message.content['contact']}"
        try:
            result = await self.bot.call("sendMessage", {"chat_id": str(chat_id), "text": text})
        except TelegramApiError as exc:
            return exc.result
        return Sent(str((result or {}).get("message_id", "")) or None)

    async def test_connection(self) -> str:
        return await TelegramAdapter(self.bot).test_connection()
