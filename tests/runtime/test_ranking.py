"""smart_send ranking from the last 90 days of outcomes, with a project-wide prior."""

from __future__ import annotations

from datetime import timedelta

from runtime.channels.ranking import channel_scores, rank_channels
from runtime.storage.models import Event
from tests.runtime.channel_helpers import T0, add_contact, add_outbox

CHANNELS = ["email", "telegram", "sms"]


def outcome(session, contact, channel: str, status: str, n: int, days_ago: float = 1) -> None:
    for _ in range(n):
        key = f"{contact.id}:{channel}:{status}:{days_ago}:{_}"
        add_outbox(session, contact, channel, {}, key, T0 - timedelta(days=days_ago), status=status)


def event(session, contact, name: str, channel: str | None, days_ago: float = 1, **props) -> None:
    if channel:
        props["channel"] = channel
    session.add(Event(contact_id=contact.id, name=name, properties=props, occurred_at=T0 - timedelta(days=days_ago),
                      recorded_at=T0))
    session.flush()


def everywhere(session, external_id: str, **kw):
    return add_contact(session, external_id, email=f"{external_id}@example.com", telegram_chat_id=external_id,
                       phone="+15550000000", **kw)


def test_contact_history_beats_the_priority_order(project) -> None:
    with project.write() as s:
        c = everywhere(s, "c1")
        outcome(s, c, "email", "failed", 3)
        outcome(s, c, "telegram", "sent", 3)
        event(s, c, "message", "telegram", text="thanks")
        assert rank_channels(s, c.id, CHANNELS, T0) == ["telegram", "sms", "email"]


def test_contact_without_history_follows_the_project_prior(project) -> None:
    with project.write() as s:
        new = everywhere(s, "new")
        others = [everywhere(s, f"o{i}") for i in range(5)]
        for o in others:
            outcome(s, o, "sms", "sent", 2)
            outcome(s, o, "email", "sent", 1)
            outcome(s, o, "email", "failed", 1)
            event(s, o, "clicked", None)  # opens and clicks without a channel count for email
        ranked = rank_channels(s, new.id, CHANNELS, T0)
        assert ranked[0] == "sms"
        scores = channel_scores(s, new.id, CHANNELS, T0)
        # Laplace prior: telegram has no data at all -> 0.5 delivery, 0.5 engagement
        assert abs(scores["telegram"] - 0.75) < 1e-9


def test_ties_keep_priority_and_unreachable_channels_go_last(project) -> None:
    with project.write() as s:
        c = add_contact(s, "c1", email="a@example.com", phone="+15550000000", sms_status="unsubscribed")
        assert rank_channels(s, c.id, ["sms", "telegram", "email"], T0) == ["email", "sms", "telegram"]


def test_outcomes_older_than_90_days_are_ignored(project) -> None:
    with project.write() as s:
        c = everywhere(s, "c1")
        outcome(s, c, "email", "failed", 10, days_ago=120)
        outcome(s, c, "sms", "failed", 1, days_ago=10)
        assert rank_channels(s, c.id, CHANNELS, T0) == ["email", "telegram", "sms"]


def test_operator_messages_are_not_engagement(project) -> None:
    with project.write() as s:
        c = everywhere(s, "c1")
        event(s, c, "message", "telegram", **{"from": "operator"})
        scores = channel_scores(s, c.id, CHANNELS, T0)
        assert scores["telegram"] == scores["sms"]
