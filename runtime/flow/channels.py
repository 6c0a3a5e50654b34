"""The one list of channels: every name a message, a setting or an outbox row can carry.

Every other list of channels is derived from :class:`Channel` (in its order, which is the order
screens and reports show them in). Which channels a contact has a subscription status for is
derived from the contact model's ``<channel>_status`` columns (``runtime.storage.models``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["INBOUND_CHANNELS", "MESSAGE_CHANNELS", "SETTINGS_CHANNELS", "VK_ID_ATTR", "VK_STATUS_ATTR", "Channel"]


class Channel(StrEnum):
    """A channel name; compares equal to (and is stored as) its string."""

    EMAIL = "email"
    SMS = "sms"
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"
    PUSH = "push"
    WEBHOOK = "webhook"  # a flow's HTTP call (its own adapter settings and delivery policy)
    VK = "vk"
    TEAM = "team"  # a note to the team: in the outbox, never sent to a contact


#: VK has no column of its own on the contact: its user id and subscription status are attributes
#: (kept here, not beside the VK adapter, so readers of the status need not load its HTTP client)
VK_ID_ATTR = "vk_id"
VK_STATUS_ATTR = "vk_status"

#: channels a message step sends to a contact (smart_send's ``content`` keys)
MESSAGE_CHANNELS: tuple[Channel, ...] = tuple(c for c in Channel if c not in (Channel.WEBHOOK, Channel.TEAM))
#: channels with adapter settings (``flowcanvas channel ...``)
SETTINGS_CHANNELS: tuple[Channel, ...] = tuple(c for c in Channel if c != Channel.TEAM)
#: channels a contact writes back on (inbound message triggers), most used first
INBOUND_CHANNELS: tuple[Channel, ...] = (Channel.TELEGRAM, Channel.VK, Channel.WHATSAPP, Channel.SMS, Channel.EMAIL)
