"""smart_send's ranking math: channels ordered by how likely a message is to reach this contact.

Pure functions of the history the batch loader prefetched (:class:`ChannelHistory`, read by
:func:`runtime.channels.ranking.load_history`). For each channel, from the last 90 days:

- delivery: outbox rows ``sent`` vs ``failed`` (the contact's own, and project-wide);
- engagement: ``opened`` / ``clicked`` events and inbound ``message`` replies on that channel.

Project-wide rates are Laplace-smoothed (``(successes + 1) / (trials + 2)``) and act as the prior
for each contact: the contact's own history is blended in with a prior weight of
:data:`PRIOR_WEIGHT` pseudo-messages, so a contact without history gets the project's ranking and
a few of their own outcomes move it. The score is ``P(delivered) * (1 + P(engaged | delivered))``.
Channels the contact cannot be reached on (no address, unsubscribed, blocked) go last, in the
step's priority order; ties keep the priority order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PRIOR_WEIGHT = 2.0
# the contact field holding each channel's address (a channel without one is always reachable)
ADDRESS_FIELDS = {"email": "email", "sms": "phone", "telegram": "telegram_chat_id", "whatsapp": "whatsapp",
                  "push": "push_subscriptions"}


@dataclass
class ChannelStats:
    """Outcomes on one channel: messages sent, failed, and engagement events."""

    sent: float = 0.0
    failed: float = 0.0
    engaged: float = 0.0


@dataclass
class ChannelHistory:
    """The project's and each contact's :class:`ChannelStats` per channel (the last 90 days)."""

    project: dict[str, ChannelStats] = field(default_factory=dict)
    contacts: dict[int, dict[str, ChannelStats]] = field(default_factory=dict)

    def of(self, contact_id: int) -> dict[str, ChannelStats]:
        """One contact's own stats per channel (empty when it has no history)."""
        return self.contacts.get(contact_id, {})


def scores(project: Mapping[str, ChannelStats], own: Mapping[str, ChannelStats],
           channels: list[str]) -> dict[str, float]:
    """The score of each channel for a contact with ``own`` history (higher is better)."""
    out: dict[str, float] = {}
    for channel in channels:
        p, c = project.get(channel, ChannelStats()), own.get(channel, ChannelStats())
        # a reply or click proves the channel reaches the contact even without a logged send
        p = ChannelStats(max(p.sent, p.engaged), p.failed, p.engaged)
        c = ChannelStats(max(c.sent, c.engaged), c.failed, c.engaged)
        prior_delivery = (p.sent + 1.0) / (p.sent + p.failed + 2.0)
        prior_engaged = (p.engaged + 1.0) / (p.sent + 2.0)
        delivery = (c.sent + PRIOR_WEIGHT * prior_delivery) / (c.sent + c.failed + PRIOR_WEIGHT)
        engaged = (c.engaged + PRIOR_WEIGHT * prior_engaged) / (c.sent + PRIOR_WEIGHT)
        out[channel] = delivery * (1.0 + engaged)
    return out


def reachable(contact: Mapping[str, Any] | None, channel: str) -> bool:
    """Whether ``contact`` (its columns) has an address on ``channel`` and is not unsubscribed or blocked."""
    if contact is None:
        return False
    name = ADDRESS_FIELDS.get(channel)
    if name is None:
        return True
    if not contact.get(name) and not (channel == "whatsapp" and contact.get("phone")):
        return False  # WhatsApp falls back to the phone number
    return contact.get(f"{channel}_status", "subscribed") not in ("unsubscribed", "blocked")


def rank(history: ChannelHistory, contact: Mapping[str, Any] | None, contact_id: int,
         channels: list[str]) -> list[str]:
    """``channels`` (a priority list) ordered for this contact: best first, unreachable last."""
    found = scores(history.project, history.of(contact_id), channels)
    order = {ch: i for i, ch in enumerate(channels)}
    return sorted(channels, key=lambda ch: (not reachable(contact, ch), -round(found[ch], 9), order[ch]))
