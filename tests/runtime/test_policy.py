"""Quiet hours and frequency caps: pure decisions and their effect on outbox rows."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from runtime.channels import settings as cs
from runtime.channels.dispatcher import Dispatcher
from runtime.channels.policy import PolicyConfig, decide, quiet_until
from runtime.clock import UTC, VirtualClock
from runtime.errors import InputError
from runtime.storage.models import Outbox, StepLog
from tests.runtime.channel_helpers import T0, FakeAdapter, add_contact, add_outbox, waiting_execution

NIGHT = ((20, 0), (8, 0))


@pytest.mark.parametrize(
    ("utc", "tz", "opens"),
    [
        # 22:30 Moscow (UTC+3) -> 08:00 next morning Moscow = 05:00 UTC
        (datetime(2026, 3, 2, 19, 30, tzinfo=UTC), "Europe/Moscow", datetime(2026, 3, 3, 5, 0, tzinfo=UTC)),
        # 03:00 Moscow -> 08:00 the same morning
        (datetime(2026, 3, 2, 0, 0, tzinfo=UTC), "Europe/Moscow", datetime(2026, 3, 2, 5, 0, tzinfo=UTC)),
        # 12:00 Moscow: not quiet
        (datetime(2026, 3, 2, 9, 0, tzinfo=UTC), "Europe/Moscow", None),
        # exactly 08:00 is open, exactly 20:00 is quiet
        (datetime(2026, 3, 2, 5, 0, tzinfo=UTC), "Europe/Moscow", None),
        (datetime(2026, 3, 2, 17, 0, tzinfo=UTC), "Europe/Moscow", datetime(2026, 3, 3, 5, 0, tzinfo=UTC)),
        # the night DST starts in Berlin (2026-03-29): 08:00 CEST is 06:00 UTC
        (datetime(2026, 3, 28, 22, 0, tzinfo=UTC), "Europe/Berlin", datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
        # an unknown time zone falls back to UTC
        (datetime(2026, 3, 2, 21, 0, tzinfo=UTC), "Mars/Olympus", datetime(2026, 3, 3, 8, 0, tzinfo=UTC)),
    ],
)
def test_quiet_until_in_the_contacts_time_zone(utc, tz, opens) -> None:
    assert quiet_until(utc, NIGHT, tz) == opens


def test_daytime_window_and_off() -> None:
    lunch = ((12, 0), (13, 0))
    assert quiet_until(datetime(2026, 3, 2, 12, 30, tzinfo=UTC), lunch, "UTC") == datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    assert quiet_until(datetime(2026, 3, 2, 12, 30, tzinfo=UTC), None, "UTC") is None


def test_sms_defaults_to_night_quiet_hours_other_channels_none_and_step_can_opt_out() -> None:
    config = PolicyConfig(cs.DEFAULT_QUIET_HOURS, {})
    late = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)
    held = decide(config, None, "sms", 1, "UTC", late)
    assert held.action == "hold" and held.until == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert held.reason == "quiet hours 20:00-08:00 (UTC): held until 2026-03-03 08:00 contact time"
    assert decide(config, None, "email", 1, "UTC", late).action == "send"
    assert decide(config, None, "webhook", 1, "UTC", late).action == "send"
    assert decide(config, None, "sms", 1, "UTC", late, quiet_hours=False).action == "send"


def test_bad_quiet_hours_setting_is_rejected(project) -> None:
    with project.write() as s, pytest.raises(InputError, match="20:00-08:00"):
        cs.set_quiet_hours(s, "sms", "8pm-8am")


def dispatch(project, clock, adapter) -> None:
    asyncio.run(Dispatcher(project, clock, {adapter.channel: adapter}, sandbox=False).run_once())


def outbox(project) -> list[Outbox]:
    with project.session() as s:
        return list(s.scalars(select(Outbox).order_by(Outbox.id)))


def test_held_sms_goes_out_at_eight_contact_time_and_the_step_log_says_why(project) -> None:
    clock = VirtualClock(datetime(2026, 3, 2, 19, 30, tzinfo=UTC))  # 22:30 in Moscow
    with project.write() as s:
        contact = add_contact(s, phone="+79255070602", timezone="Europe/Moscow")
        execution, _ = waiting_execution(s, contact, clock.now())
        add_outbox(s, contact, "sms", {"text": "Sale"}, f"{execution.id}:send:0", clock.now(),
                   execution_id=execution.id, flow_id=execution.flow_id)
    adapter = FakeAdapter("sms", field_name="phone")
    dispatch(project, clock, adapter)
    (row,) = outbox(project)
    assert row.status == "held" and row.next_attempt_at == datetime(2026, 3, 3, 5, 0, tzinfo=UTC)
    assert "held until 2026-03-03 08:00 contact time" in row.reason
    with project.session() as s:
        log = s.scalars(select(StepLog).where(StepLog.outcome == "held")).one()
        assert log.detail["reason"] == row.reason and log.step_id == "send"
    clock.set(datetime(2026, 3, 3, 4, 59, tzinfo=UTC))
    dispatch(project, clock, adapter)
    assert adapter.calls == []
    clock.set(datetime(2026, 3, 3, 5, 0, tzinfo=UTC))
    dispatch(project, clock, adapter)
    (row,) = outbox(project)
    assert row.status == "sent" and row.sent_at == datetime(2026, 3, 3, 5, 0, tzinfo=UTC)
    assert len(adapter.calls) == 1


def test_frequency_cap_skip_per_channel(project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        cs.set_caps(s, {"action": "skip", "channels": {"email": {"per_day": 1}}})
        contact = add_contact(s, email="a@example.com")
        add_outbox(s, contact, "email", {"subject": "1"}, "1:a:0", T0, status="sent", sent_at=T0 - timedelta(hours=2))
        add_outbox(s, contact, "email", {"subject": "2"}, "1:b:0", T0)
        add_outbox(s, contact, "sms", {"text": "3"}, "1:c:0", T0)
        contact2 = add_contact(s, "c2", email="b@example.com")
        add_outbox(s, contact2, "email", {"subject": "4"}, "2:b:0", T0)
    adapter = FakeAdapter("email")
    dispatch(project, clock, adapter)
    _, capped, sms, other = outbox(project)
    assert capped.status == "skipped" and capped.reason == "frequency cap 1 per day on email reached: skipped"
    assert sms.status == "queued"  # another channel: not counted (and no sms adapter here)
    assert other.status == "sent"
    assert [m.recipient.external_id for m in adapter.calls] == ["c2"]


def test_frequency_cap_delay_overall_counts_messages_in_the_same_batch(project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        cs.set_caps(s, {"per_day": 2, "action": "delay"})
        contact = add_contact(s, email="a@example.com")
        add_outbox(s, contact, "email", {"subject": "old"}, "0:a:0", T0, status="sent", sent_at=T0 - timedelta(hours=20))
        for i in range(3):
            add_outbox(s, contact, "email", {"subject": str(i)}, f"1:{i}:0", T0)
    adapter = FakeAdapter("email")
    dispatch(project, clock, adapter)
    _, first, second, third = outbox(project)
    assert first.status == "sent"
    assert second.status == "held" and third.status == "held"
    assert second.next_attempt_at == T0 + timedelta(hours=4)  # when the 20-hour-old one leaves the day
    assert "frequency cap 2 per day across channels reached: delayed until" in second.reason
    clock.set(T0 + timedelta(hours=4))
    dispatch(project, clock, adapter)
    statuses = [r.status for r in outbox(project)]
    assert statuses.count("sent") == 3 and statuses.count("held") == 1


def test_step_option_ignores_the_cap(project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        cs.set_caps(s, {"per_day": 0, "action": "skip"})
        contact = add_contact(s, email="a@example.com")
        add_outbox(s, contact, "email", {"subject": "x", "cap": "ignore"}, "1:a:0", T0)
        add_outbox(s, contact, "email", {"subject": "y"}, "1:b:0", T0)
    dispatch(project, clock, FakeAdapter("email"))
    assert [r.status for r in outbox(project)] == ["sent", "skipped"]


def test_caps_setting_is_validated(project) -> None:
    with project.write() as s, pytest.raises(InputError, match="delay or skip"):
        cs.set_caps(s, {"action": "drop"})
    with project.write() as s, pytest.raises(InputError, match="whole number"):
        cs.set_caps(s, {"per_day": -1})


def test_a_delay_beyond_the_give_up_time_becomes_a_skip(project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        cs.set_caps(s, {"per_week": 1, "action": "delay"})
        contact = add_contact(s, email="a@example.com")
        add_outbox(s, contact, "email", {"subject": "old"}, "0:a:0", T0, status="sent", sent_at=T0 - timedelta(days=1))
        add_outbox(s, contact, "email", {"subject": "new"}, "1:a:0", T0)
    asyncio.run(Dispatcher(project, clock, {"email": FakeAdapter("email")}, sandbox=False,
                           give_up_after=timedelta(hours=48)).run_once())
    row = outbox(project)[1]
    assert row.status == "skipped"
    assert "frequency cap 1 per week across channels reached" in row.reason and "beyond the 48 h give-up time" in row.reason
