"""smart_send: rank channels per contact by how likely a message is to reach them.

For each channel, from the last 90 days:

- delivery: outbox rows ``sent`` vs ``failed`` (the contact's own, and project-wide);
- engagement: ``opened`` / ``clicked`` events and inbound ``message`` replies on that channel
  (``properties.channel``; opens and clicks without a channel count for email).

Project-wide rates are Laplace-smoothed (``(successes + 1) / (trials + 2)``) and act as the prior
for each contact: the contact's own history is blended in with a prior weight of
:data:`PRIOR_WEIGHT` pseudo-messages, so a contact without history gets the project's ranking and
a few of their own outcomes move it. The score is ``P(delivered) * (1 + P(engaged | delivered))``.

Channels the contact cannot be reached on (no address, unsubscribed, blocked) go last, in the
step's priority order; ties keep the priority order. The engine tries the ranked channels in
order and falls back to the next one when a channel fails permanently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.flow.states import OutboxStatus
from runtime.storage.models import Contact, Event, Outbox

WINDOW = timedelta(days=90)
PRIOR_WEIGHT = 2.0
ENGAGEMENT_EVENTS = ("opened", "clicked", "message")
ADDRESS_FIELDS = {"email": "email", "sms": "phone", "telegram": "telegram_chat_id", "whatsapp": "whatsapp", "push": "push_subscriptions"}


@dataclass
class _Stats:
    sent: float = 0.0
    failed: float = 0.0
    engaged: float = 0.0


def _outbox_stats(session: Session, since: datetime, contact_id: int | None) -> dict[str, _Stats]:
    query = (
        select(Outbox.channel, Outbox.status, func.count())
        .where(Outbox.status.in_((OutboxStatus.SENT, OutboxStatus.FAILED)), Outbox.created_at >= since)
        .group_by(Outbox.channel, Outbox.status)
    )
    if contact_id is not None:
        query = query.where(Outbox.contact_id == contact_id)
    stats: dict[str, _Stats] = defaultdict(_Stats)
    for channel, status, count in session.execute(query):
        setattr(stats[channel], status, float(count))
    return stats


def _engagement(session: Session, since: datetime, contact_id: int | None, stats: dict[str, _Stats]) -> None:
    query = select(Event.name, Event.properties).where(Event.name.in_(ENGAGEMENT_EVENTS), Event.occurred_at >= since)
    if contact_id is not None:
        query = query.where(Event.contact_id == contact_id)
    for name, props in session.execute(query):
        props = props or {}
        if name == "message" and props.get("from", "contact") != "contact":
            continue  # an operator's own message is not engagement
        channel = props.get("channel") or ("email" if name in ("opened", "clicked") else None)
        if channel:
            stats[channel].engaged += 1


def _reachable(contact: Contact | None, channel: str) -> bool:
    if contact is None:
        return False
    field = ADDRESS_FIELDS.get(channel)
    if field is None:
        return True
    if not getattr(contact, field):
        if channel == "whatsapp" and contact.phone:
            pass  # WhatsApp falls back to the phone number
        else:
            return False
    return getattr(contact, f"{channel}_status", "subscribed") not in ("unsubscribed", "blocked")


def channel_scores(session: Session, contact_id: int, channels: list[str], now: datetime) -> dict[str, float]:
    """The score of each channel for one contact (higher is better)."""
    since = now - WINDOW
    project = _outbox_stats(session, since, None)
    _engagement(session, since, None, project)
    own = _outbox_stats(session, since, contact_id)
    _engagement(session, since, contact_id, own)
    scores: dict[str, float] = {}
    for channel in channels:
        p, c = project.get(channel, _Stats()), own.get(channel, _Stats())
        # a reply or click proves the channel reaches the contact even without a logged send
        p = _Stats(max(p.sent, p.engaged), p.failed, p.engaged)
        c = _Stats(max(c.sent, c.engaged), c.failed, c.engaged)
        prior_delivery = (p.sent + 1.0) / (p.sent + p.failed + 2.0)
        prior_engaged = (p.engaged + 1.0) / (p.sent + 2.0)
        delivery = (c.sent + PRIOR_WEIGHT * prior_delivery) / (c.sent + c.failed + PRIOR_WEIGHT)
        engaged = (c.engaged + PRIOR_WEIGHT * prior_engaged) / (c.sent + PRIOR_WEIGHT)
        scores[channel] = delivery * (1.0 + engaged)
    return scores


def rank_channels(session: Session, contact_id: int, channels: list[str], now: datetime) -> list[str]:
    """``channels`` (a priority list) ordered for this contact: best first, unreachable last."""
    contact = session.get(Contact, contact_id)
    scores = channel_scores(session, contact_id, channels, now)
    order = {ch: i for i, ch in enumerate(channels)}
    return sorted(channels, key=lambda ch: (not _reachable(contact, ch), -round(scores[ch], 9), order[ch]))
