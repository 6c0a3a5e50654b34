"""What the interface calls each channel: the brand names as they are (Email, SMS, Telegram…),
the two that are not brands translated."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from designer.i18n import tr_label

CHANNEL_NAMES = {"email": "Email", "sms": "SMS", "telegram": "Telegram", "whatsapp": "WhatsApp", "push": "Push", "vk": "VK",
                 "webhook": QT_TRANSLATE_NOOP("labels", "Webhook"), "team": QT_TRANSLATE_NOOP("labels", "Team")}


def channel_name(key: str) -> str:
    """The channel ``key`` (``email``, ``sms``…) as the interface shows it; an unknown key as it is."""
    return tr_label(CHANNEL_NAMES.get(key, key))
