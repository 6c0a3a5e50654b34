"""Telegram webhook mode: Telegram pushes updates to ``POST /v1/telegram/webhook`` instead of the
runtime long-polling ``getUpdates``.

:func:`set_webhook` registers the public URL with a random ``secret_token`` (Telegram sends it
back in ``X-Telegram-Bot-Api-Secret-Token`` on every call, so nobody else can post updates);
:func:`delete_webhook` goes back to long polling. Updates are handled exactly as polled ones
(:func:`runtime.channels.telegram_updates.handle_update`), each in its own savepoint; one that
fails is logged and recorded and answered 200 so Telegram does not deliver it forever.
"""

from __future__ import annotations

import logging
import secrets
from functools import partial
from typing import TYPE_CHECKING, Any

from runtime.channels.telegram import TelegramBot
from runtime.channels.telegram_updates import ALLOWED_UPDATES, PollReport, handle_update, record_failed_update

if TYPE_CHECKING:
    from runtime.inbound.context import InboundContext

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/v1/telegram/webhook"


def new_secret() -> str:
    """A ``secret_token`` for setWebhook (1-256 characters of A-Z, a-z, 0-9, _ and -)."""
    return secrets.token_urlsafe(32)


async def set_webhook(bot: TelegramBot, public_base: str, secret: str, account: str | None = None) -> str:
    """Point the bot's updates at ``<public_base>/v1/telegram/webhook[/<account>]``; returns that URL."""
    url = public_base.rstrip("/") + WEBHOOK_PATH + (f"/{account}" if account else "")
    await bot.call("setWebhook", {"url": url, "secret_token": secret, "allowed_updates": ALLOWED_UPDATES})
    return url


async def delete_webhook(bot: TelegramBot) -> None:
    """Stop pushing updates (long polling works again); pending updates are kept."""
    await bot.call("deleteWebhook", {"drop_pending_updates": False})


async def handle(ctx: InboundContext, update: dict[str, Any], account: str | None = None) -> PollReport:
    """Record one update pushed to the default bot (or a named one); a failure is logged and
    recorded, never raised."""
    report = PollReport()
    try:
        await ctx.writer.submit(lambda session: handle_update(session, update, ctx.clock, report, account))
    except Exception as exc:  # one bad update must not make Telegram retry it forever
        log.exception("Telegram update %s could not be handled", update.get("update_id"))
        await ctx.writer.submit(partial(record_failed_update, update=update, exc=exc, clock=ctx.clock))
    report.updates = 1
    return report
