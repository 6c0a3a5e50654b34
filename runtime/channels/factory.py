"""Build a channel's adapter from the project's settings and the keyring's secrets."""

from __future__ import annotations

import ssl

import httpx
from sqlalchemy.orm import Session

from runtime.channels import settings as cs
from runtime.channels.base import Adapter, ChannelError
from runtime.channels.email_smtp import SmtpAdapter, SmtpConfig
from runtime.channels.sms_ru import SmsRuAdapter
from runtime.channels.telegram import TeamTelegramAdapter, TelegramAdapter, TelegramBot
from runtime.channels.twilio import TwilioAdapter
from runtime.channels.vk import VkAdapter, VkApi
from runtime.channels.webhook import WebhookAdapter
from runtime.channels.whatsapp import WhatsAppAdapter
from runtime.inbound.signing import link_key


def telegram_bot(session: Session, client: httpx.AsyncClient, account: str | None = None) -> TelegramBot:
    """The project's Telegram bot client, or a named account's (``telegram:<account>``)."""
    channel = f"telegram:{account}" if account else "telegram"
    values = cs.channel_settings(session, channel)
    return TelegramBot(client, cs.secret(session, channel, "token") or "", values.get("api_base") or "https://api.telegram.org")


def vk_api(session: Session, client: httpx.AsyncClient) -> VkApi:
    """The project's VK community API client."""
    values = cs.channel_settings(session, "vk")
    return VkApi(client, cs.secret(session, "vk", "token") or "", values.get("api_base") or "https://api.vk.com",
                 values.get("api_version") or "5.199")


def build_adapter(
    session: Session, channel: str, client: httpx.AsyncClient, *, tls_context: ssl.SSLContext | None = None
) -> Adapter:
    """The adapter of ``channel`` configured for this project; ChannelError names what is missing."""
    # team notifications go through the project's Telegram bot and have no settings of their own
    values = cs.channel_settings(session, "telegram" if channel == "team" else channel)
    if channel == "email":
        username = values.get("username")
        return SmtpAdapter(
            SmtpConfig(
                host=cs.require(values, channel, "host"),
                port=int(values.get("port") or 587),
                security=values.get("security") or "starttls",
                username=username,
                password=cs.secret(session, channel, "password", required=bool(username)),
                from_email=cs.require(values, channel, "from_email"),
                from_name=values.get("from_name"),
                reply_to=values.get("reply_to"),
                unsubscribe_url=values.get("unsubscribe_url"),
                unsubscribe_mailto=values.get("unsubscribe_mailto"),
                timeout=float(values.get("timeout") or 30.0),
                tls_context=tls_context,
                public_url=values.get("public_url") or None,
                link_key=link_key(session) if values.get("public_url") else None,
                track=bool(values.get("track")),
            )
        )
    if channel == "sms":
        provider = values.get("provider") or "sms_ru"
        if provider == "twilio":
            return TwilioAdapter(
                client,
                cs.require(values, channel, "account_sid"),
                cs.secret(session, channel, "auth_token") or "",
                from_number=values.get("from_number"),
                messaging_service_sid=values.get("messaging_service_sid"),
            )
        return SmsRuAdapter(client, cs.secret(session, channel, "api_id") or "", sender=values.get("sender"))
    if channel == "telegram" or channel.startswith("telegram:"):
        account = channel.partition(":")[2] or None
        return TelegramAdapter(telegram_bot(session, client, account), values.get("invite_chat_id") or None,
                               float(values.get("invite_expire_hours") or 72.0), account=account)
    if channel == "team":
        return TeamTelegramAdapter(telegram_bot(session, client))
    if channel == "whatsapp":
        return WhatsAppAdapter(
            client,
            cs.require(values, channel, "phone_number_id"),
            cs.secret(session, channel, "access_token") or "",
            api_version=values.get("api_version") or "v21.0",
            fallback_template=values.get("fallback_template"),
            fallback_language=values.get("fallback_language") or "en_US",
        )
    if channel == "push":
        from runtime.channels.webpush import WebPushAdapter  # imports cryptography: only when used

        return WebPushAdapter(
            client,
            cs.secret(session, channel, "vapid_private_key") or "",
            cs.require(values, channel, "vapid_subject"),
            ttl=int(values.get("ttl") or 86400),
        )
    if channel == "vk":
        return VkAdapter(vk_api(session, client))
    if channel == "webhook":
        return WebhookAdapter(client, cs.secret(session, channel, "secret", required=False),
                              timeout=float(values.get("timeout") or 15.0))
    raise ChannelError(f"unknown channel {channel!r}")


def rate_limits(session: Session, channel: str) -> tuple[float | None, float | None]:
    """(messages per second for the channel, per recipient) from the channel's settings."""
    values = cs.channel_settings(session, channel)
    per_second = values.get("rate_per_second")
    per_chat = values.get("rate_per_chat_per_second")
    return (float(per_second) if per_second else None, float(per_chat) if per_chat else None)
