"""smart_send's ranking data: outbox outcomes and engagement per channel from the last 90 days.

:func:`load_history` reads, in a few grouped queries, what :mod:`runtime.steps.ranking` ranks
channels from: the project-wide delivery (``sent`` / ``failed`` outbox rows) and engagement
(``opened`` / ``clicked`` events and inbound ``message`` replies, by ``properties.channel``;
opens and clicks without a channel count for email), and the same for each contact of a batch.
The engine's batch loader calls it once per batch that holds a smart_send step, so the handler
ranks from a snapshot. :func:`channel_scores` and :func:`rank_channels` answer for one contact.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.flow.states import OutboxStatus
from runtime.steps.ranking import ADDRESS_FIELDS, ChannelHistory, ChannelStats, rank, scores
from runtime.storage.models import Contact, Event, Outbox

WINDOW = timedelta(days=90)
ENGAGEMENT_EVENTS = ("opened", "clicked", "message")
_CHUNK = 500


def _outbox(session: Session, since: datetime, contact_ids: list[int] | None, history: ChannelHistory) -> None:
    """``sent`` / ``failed`` counts per channel: project-wide (no ids) or per contact."""
    recent = (Outbox.status.in_((OutboxStatus.SENT, OutboxStatus.FAILED)), Outbox.created_at >= since)
    if contact_ids is None:
        totals = select(Outbox.channel, Outbox.status, func.count()).where(*recent)
        for channel, status, count in session.execute(totals.group_by(Outbox.channel, Outbox.status)):
            setattr(history.project.setdefault(channel, ChannelStats()), status, float(count))
        return
    query = select(Outbox.contact_id, Outbox.channel, Outbox.status, func.count()).where(*recent)
    for i in range(0, len(contact_ids), _CHUNK):
        chunk = query.where(Outbox.contact_id.in_(contact_ids[i : i + _CHUNK]))
        for cid, channel, status, count in session.execute(
                chunk.group_by(Outbox.contact_id, Outbox.channel, Outbox.status)):
            setattr(history.contacts.setdefault(cid, {}).setdefault(channel, ChannelStats()), status, float(count))


def _engaged_channel(name: str, props: dict[str, Any] | None) -> str | None:
    props = props or {}
    if name == "message" and props.get("from", "contact") != "contact":
        return None  # an operator's own message is not engagement
    return props.get("channel") or ("email" if name in ("opened", "clicked") else None)


def _engagement(session: Session, since: datetime, contact_ids: list[int] | None, history: ChannelHistory) -> None:
    query = select(Event.contact_id, Event.name, Event.properties).where(
        Event.name.in_(ENGAGEMENT_EVENTS), Event.occurred_at >= since)
    if contact_ids is None:
        for _cid, name, props in session.execute(query):
            channel = _engaged_channel(name, props)
            if channel:
                history.project.setdefault(channel, ChannelStats()).engaged += 1
        return
    for i in range(0, len(contact_ids), _CHUNK):
        for cid, name, props in session.execute(query.where(Event.contact_id.in_(contact_ids[i : i + _CHUNK]))):
            channel = _engaged_channel(name, props)
            if channel:
                history.contacts.setdefault(cid, {}).setdefault(channel, ChannelStats()).engaged += 1


def load_history(session: Session, contact_ids: Iterable[int], now: datetime) -> ChannelHistory:
    """The project's and these contacts' channel outcomes over the last 90 days before ``now``."""
    since = now - WINDOW
    ids = list(dict.fromkeys(contact_ids))
    history = ChannelHistory()
    _outbox(session, since, None, history)
    _engagement(session, since, None, history)
    if ids:
        _outbox(session, since, ids, history)
        _engagement(session, since, ids, history)
    return history


def channel_scores(session: Session, contact_id: int, channels: list[str], now: datetime) -> dict[str, float]:
    """The score of each channel for one contact (higher is better)."""
    history = load_history(session, [contact_id], now)
    return scores(history.project, history.of(contact_id), channels)


def rank_channels(session: Session, contact_id: int, channels: list[str], now: datetime) -> list[str]:
    """``channels`` (a priority list) ordered for this contact: best first, unreachable last."""
    row = session.get(Contact, contact_id)
    contact = None
    if row is not None:
        names = {*ADDRESS_FIELDS.values(), "phone", *(f"{ch}_status" for ch in ADDRESS_FIELDS)}
        contact = {name: getattr(row, name) for name in names if hasattr(row, name)}
    return rank(load_history(session, [contact_id], now), contact, contact_id, channels)
