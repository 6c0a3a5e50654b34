"""Every trigger type: event (+filter), message keywords, links, tag_added, date, segment, manual."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from runtime.clock import UTC, VirtualClock
from runtime.contacts.tags import add_tag, remove_tag
from runtime.engine.executions import end_execution
from runtime.engine.triggers import next_inbound_due, process_inbound
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event, FlowRow
from tests.runtime.engine_helpers import add_contact, add_event, executions, flow_doc, inbound, install_flow


def _flow(project: Project, clock: VirtualClock, trigger: dict, name: str = "F", **extra: object) -> int:
    with project.write() as s:
        return install_flow(s, flow_doc(name, trigger, **extra), clock).id


def _contacts(project: Project, clock: VirtualClock, *ids: str, **fields: object) -> list[int]:
    with project.write() as s:
        return [add_contact(s, x, clock, **fields).id for x in ids]


def _event(project: Project, clock: VirtualClock, cid: int, name: str, props: dict | None = None,
           at: datetime | None = None) -> int:
    with project.write() as s:
        return add_event(s, s.get(Contact, cid), name, clock, props, at).id


def _entered(project: Project, flow_id: int) -> list[int]:
    with project.session() as s:
        return [e.contact_id for e in executions(s, flow_id)]


# -- event ------------------------------------------------------------------------------------


def test_event_trigger_enters_and_marks_the_event_processed(project: Project, clock: VirtualClock) -> None:
    flow_id = _flow(project, clock, {"type": "event", "event": "cart_add"})
    a, b = _contacts(project, clock, "a", "b")
    ev = _event(project, clock, a, "cart_add", {"sku": "X1"})
    _event(project, clock, b, "page_view")
    assert inbound(project, clock) >= 2
    with project.session() as s:
        (execution,) = executions(s, flow_id)
        assert (execution.contact_id, execution.trigger_event_id, execution.status) == (a, ev, "active")
        assert execution.entered_at == clock.now()
        assert s.execute(select(Event.processed_at).where(Event.processed_at.is_(None))).all() == []
    assert inbound(project, clock) == 0  # nothing is handled twice


def test_event_trigger_filter_reads_the_event_properties(project: Project, clock: VirtualClock) -> None:
    flow_id = _flow(project, clock, {"type": "event", "event": "cart_add",
                                     "filter": {"field": "amount", "op": ">", "value": 50}})
    small, big, nested = _contacts(project, clock, "small", "big", "nested")
    _event(project, clock, small, "cart_add", {"amount": 10})
    _event(project, clock, big, "cart_add", {"amount": 120})
    inbound(project, clock)
    assert _entered(project, flow_id) == [big]
    # "event.x" spells the same field explicitly
    flow2 = _flow(project, clock, {"type": "event", "event": "cart_add",
                                   "filter": {"field": "event.amount", "op": ">=", "value": 500}}, name="G")
    _event(project, clock, nested, "cart_add", {"amount": 500})
    inbound(project, clock)
    assert _entered(project, flow2) == [nested]


def test_future_events_wait_for_the_clock(project: Project, clock: VirtualClock) -> None:
    flow_id = _flow(project, clock, {"type": "event", "event": "signup"})
    (a,) = _contacts(project, clock, "a")
    later = clock.now() + timedelta(hours=5)
    _event(project, clock, a, "signup", at=later)
    inbound(project, clock)
    assert _entered(project, flow_id) == []
    with project.session() as s:
        assert next_inbound_due(s, clock.now()) == later
    clock.set(later)
    inbound(project, clock)
    assert _entered(project, flow_id) == [a]
    with project.session() as s:
        assert next_inbound_due(s, clock.now()) is None


def test_events_are_handled_in_time_order_across_batches(project: Project, clock: VirtualClock) -> None:
    flow_id = _flow(project, clock, {"type": "event", "event": "signup"}, entry={"repeat": "always"})
    ids = _contacts(project, clock, *[f"c{i}" for i in range(7)])
    base = clock.now() - timedelta(hours=1)
    # recorded in reverse: occurred_at decides the order, not the insert order
    for n, cid in enumerate(reversed(ids)):
        _event(project, clock, cid, "signup", at=base + timedelta(minutes=len(ids) - n))
    with project.write() as s:
        assert process_inbound(s, clock, limit=3) == 3
    with project.write() as s:
        process_inbound(s, clock, limit=3)
        process_inbound(s, clock, limit=3)
    assert _entered(project, flow_id) == ids


def test_paused_and_draft_flows_are_not_entered(project: Project, clock: VirtualClock) -> None:
    paused = _flow(project, clock, {"type": "event", "event": "signup"}, name="P")
    with project.write() as s:
        s.get(FlowRow, paused).status = "paused"
        draft = install_flow(s, flow_doc("D", {"type": "event", "event": "signup"}), clock, status="draft").id
    (a,) = _contacts(project, clock, "a")
    _event(project, clock, a, "signup")
    inbound(project, clock)
    assert _entered(project, paused) == [] and _entered(project, draft) == []


def test_manual_flows_are_never_entered_by_the_trigger_pass(project: Project, clock: VirtualClock) -> None:
    flow_id = _flow(project, clock, {"type": "manual"})
    (a,) = _contacts(project, clock, "a")
    _event(project, clock, a, "signup")
    with project.write() as s:
        add_tag(s, a, "vip", "user", None, clock.now())
    inbound(project, clock)
    assert _entered(project, flow_id) == []


# -- message ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("match", "keyword", "text", "hit"),
    [
        ("exact", "price", "Price ", True),
        ("exact", "price", "what is the price", False),
        ("contains", "price", "What is the PRICE?", True),
        ("contains", "price", "hello", False),
        ("regex", r"^order\s+#?\d+$", "Order #1234", True),
        ("regex", r"^order\s+#?\d+$", "my order", False),
        ("regex", r"([unclosed", "anything", False),
        ("similar", "subscribe", "subscrbe", True),
        ("similar", "subscribe", "unrelated words", False),
    ],
)
def test_message_trigger_keyword_matching(project: Project, clock: VirtualClock, match: str, keyword: str, text: str,
                                          hit: bool) -> None:
    flow_id = _flow(project, clock, {"type": "message", "channel": "telegram", "match": match, "text": keyword})
    (a,) = _contacts(project, clock, "a")
    _event(project, clock, a, "message", {"text": text, "channel": "telegram", "from": "contact", "chat_id": "42"})
    inbound(project, clock)
    assert _entered(project, flow_id) == ([a] if hit else [])


def test_message_trigger_from_operator_vs_contact(project: Project, clock: VirtualClock) -> None:
    by_contact = _flow(project, clock, {"type": "message", "channel": "telegram", "match": "exact", "text": "demo"},
                       name="contact says demo")
    by_operator = _flow(project, clock, {"type": "message", "channel": "telegram", "match": "exact", "text": "demo",
                                         "from": "operator"}, name="operator says demo")
    alice, bob, carol = _contacts(project, clock, "alice", "bob", "carol")
    # alice writes "demo"; the operator writes "demo" to bob (seen through Telegram Business)
    _event(project, clock, alice, "message", {"text": "demo", "channel": "telegram", "from": "contact", "chat_id": "1"})
    _event(project, clock, bob, "message", {"text": "Demo", "channel": "telegram", "from": "operator", "chat_id": "2"})
    # no "from": a message from the contact; and another channel does not count
    _event(project, clock, carol, "message", {"text": "demo", "channel": "whatsapp"})
    inbound(project, clock)
    assert _entered(project, by_contact) == [alice]
    assert _entered(project, by_operator) == [bob]


# -- link ---------------------------------------------------------------------------------------


def test_link_trigger_matches_start_payload_and_invite_links(project: Project, clock: VirtualClock) -> None:
    promo = _flow(project, clock, {"type": "link", "payload": "promo2026"}, name="promo")
    invite = _flow(project, clock, {"type": "link", "payload": "https://t.me/+AbCdEf"}, name="invite")
    a, b, c = _contacts(project, clock, "a", "b", "c")
    _event(project, clock, a, "start", {"payload": "promo2026"})
    _event(project, clock, b, "invite_join", {"link": "https://t.me/+AbCdEf"})
    _event(project, clock, c, "start", {"payload": "other"})
    inbound(project, clock)
    assert _entered(project, promo) == [a]
    assert _entered(project, invite) == [b]


# -- tag_added -------------------------------------------------------------------------------------


def test_tag_added_trigger_reads_the_tag_log_once(project: Project, clock: VirtualClock) -> None:
    flow_id = _flow(project, clock, {"type": "tag_added", "tag": "vip"}, entry={"repeat": "always"})
    a, b = _contacts(project, clock, "a", "b")
    with project.write() as s:
        add_tag(s, a, "vip", "user", "promoted", clock.now())
        add_tag(s, b, "newsletter", "user", None, clock.now())
    inbound(project, clock)
    assert _entered(project, flow_id) == [a]
    with project.write() as s:
        (ex,) = executions(s, flow_id)
        end_execution(s, ex.id, "completed", "completed", clock)
    inbound(project, clock)  # the same log row is not read again
    assert _entered(project, flow_id) == [a]
    with project.write() as s:
        remove_tag(s, a, "vip", "user", None, clock.now())
    inbound(project, clock)
    assert _entered(project, flow_id) == [a]  # removals do not trigger
    with project.write() as s:
        add_tag(s, a, "vip", "user", None, clock.now())
    inbound(project, clock)
    assert _entered(project, flow_id) == [a, a]


# -- date -------------------------------------------------------------------------------------------


def test_birthday_with_offset_and_time_of_day_in_the_contacts_time_zone(project: Project, clock: VirtualClock) -> None:
    # clock: 2026-03-02 09:00 UTC. Birthday on 5 March, one day early at 10:00 Tokyo time
    # = 4 March 01:00 UTC; the New York contact's moment is 4 March 10:00 EST = 15:00 UTC.
    flow_id = _flow(project, clock, {"type": "date", "field": "birthday", "offset_days": -1, "time": "10:00"},
                    entry={"repeat": "always"})
    (tokyo,) = _contacts(project, clock, "tokyo", birthday="1990-03-05", timezone="Asia/Tokyo")
    (ny,) = _contacts(project, clock, "ny", birthday="1985-03-05", timezone="America/New_York")
    (none,) = _contacts(project, clock, "nobirthday")
    inbound(project, clock)
    assert _entered(project, flow_id) == []
    with project.session() as s:
        assert next_inbound_due(s, clock.now()) == datetime(2026, 3, 4, 1, 0, tzinfo=UTC)
    clock.set(datetime(2026, 3, 4, 0, 59, tzinfo=UTC))
    inbound(project, clock)
    assert _entered(project, flow_id) == []
    clock.set(datetime(2026, 3, 4, 1, 0, tzinfo=UTC))
    inbound(project, clock)
    assert _entered(project, flow_id) == [tokyo]
    with project.session() as s:
        assert next_inbound_due(s, clock.now()) == datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
    clock.set(datetime(2026, 3, 4, 16, 0, tzinfo=UTC))  # the engine was asleep: late, but once
    inbound(project, clock)
    inbound(project, clock)
    assert _entered(project, flow_id) == [tokyo, ny]
    assert none not in _entered(project, flow_id)


def test_date_trigger_fires_once_per_year_even_if_the_date_is_edited(project: Project, clock: VirtualClock) -> None:
    flow_id = _flow(project, clock, {"type": "date", "field": "birthday", "time": "09:00"}, entry={"repeat": "always"})
    (a,) = _contacts(project, clock, "a", birthday="1990-03-10")
    inbound(project, clock)
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    inbound(project, clock)
    assert _entered(project, flow_id) == [a]
    with project.write() as s:
        (ex,) = executions(s, flow_id)
        end_execution(s, ex.id, "completed", "completed", clock)
        contact = s.get(Contact, a)
        contact.birthday = "1990-04-01"  # edited later the same year: no second birthday in 2026
        contact.updated_at = clock.now()
    for day in range(1, 60):
        clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC) + timedelta(days=day))
        inbound(project, clock)
    assert _entered(project, flow_id) == [a]
    # next year it fires again, on the new date, by stepping only to the due moments
    with project.session() as s:
        due = next_inbound_due(s, clock.now())
    steps = 0
    while due is not None and due <= datetime(2027, 4, 2, tzinfo=UTC) and steps < 200:
        clock.set(due)
        inbound(project, clock)
        with project.session() as s:
            due = next_inbound_due(s, clock.now())
        steps += 1
    assert _entered(project, flow_id) == [a, a]
    with project.session() as s:
        assert executions(s, flow_id)[-1].entered_at == datetime(2027, 4, 1, 9, 0, tzinfo=UTC)


def test_date_trigger_from_an_attribute_and_29_february(project: Project, clock: VirtualClock) -> None:
    flow_id = _flow(project, clock, {"type": "date", "field": "signup_date", "time": "12:00"},
                    entry={"repeat": "always"})
    clock.set(datetime(2027, 2, 25, tzinfo=UTC))
    (leap,) = _contacts(project, clock, "leap", attributes={"signup_date": "2024-02-29"})
    inbound(project, clock)
    with project.session() as s:
        assert next_inbound_due(s, clock.now()) == datetime(2027, 2, 28, 12, 0, tzinfo=UTC)
    clock.set(datetime(2027, 2, 28, 12, 0, tzinfo=UTC))
    inbound(project, clock)
    assert _entered(project, flow_id) == [leap]


def test_date_trigger_does_not_fire_for_dates_before_activation(project: Project, clock: VirtualClock) -> None:
    (a,) = _contacts(project, clock, "a", birthday="1990-03-01")  # yesterday
    flow_id = _flow(project, clock, {"type": "date", "field": "birthday", "time": "09:00"})
    inbound(project, clock)
    clock.advance(timedelta(days=30))
    inbound(project, clock)
    assert _entered(project, flow_id) == []


# -- segment ---------------------------------------------------------------------------------------


def test_segment_once_enters_everyone_matching_at_activation_only(project: Project, clock: VirtualClock) -> None:
    a, b, c = _contacts(project, clock, "a", "b", "c")
    with project.write() as s:
        add_tag(s, a, "vip", "user", None, clock.now())
        add_tag(s, c, "vip", "user", None, clock.now())
    flow_id = _flow(project, clock, {"type": "segment", "condition": {"tag": "vip"}, "mode": "once"},
                    entry={"repeat": "always"})
    inbound(project, clock)
    assert sorted(_entered(project, flow_id)) == [a, c]
    with project.write() as s:
        add_tag(s, b, "vip", "user", None, clock.now())
    clock.advance(timedelta(days=1))
    inbound(project, clock)
    assert sorted(_entered(project, flow_id)) == [a, c]


def test_segment_realtime_enters_contacts_when_they_start_matching(project: Project, clock: VirtualClock) -> None:
    a, b = _contacts(project, clock, "a", "b")
    with project.write() as s:
        add_tag(s, a, "vip", "user", None, clock.now())  # already in the segment: the baseline
    flow_id = _flow(project, clock, {"type": "segment", "condition": {"tag": "vip"}, "mode": "realtime"},
                    entry={"repeat": "always"})
    inbound(project, clock)
    assert _entered(project, flow_id) == []
    with project.write() as s:
        add_tag(s, b, "vip", "user", None, clock.now())
    inbound(project, clock)
    assert _entered(project, flow_id) == [b]
    inbound(project, clock)
    assert _entered(project, flow_id) == [b]  # still matching: not a new start
    # a leaves the segment and comes back: that is a new start
    with project.write() as s:
        remove_tag(s, a, "vip", "user", None, clock.now())
    inbound(project, clock)
    with project.write() as s:
        add_tag(s, a, "vip", "user", None, clock.now())
    inbound(project, clock)
    assert _entered(project, flow_id) == [b, a]


def test_segment_realtime_sees_field_changes_and_time_passing(project: Project, clock: VirtualClock) -> None:
    (a, b) = _contacts(project, clock, "a", "b", last_activity_at=clock.now())
    flow_id = _flow(project, clock, {"type": "segment", "mode": "realtime", "recheck": "PT1H",
                                     "condition": {"any": [{"days_since": "last_activity_at", "op": ">", "value": 30},
                                                           {"field": "total_orders", "op": ">=", "value": 3}]}})
    inbound(project, clock)
    clock.advance(timedelta(days=1))
    with project.write() as s:
        contact = s.get(Contact, b)
        contact.attributes = {"total_orders": 3}
        contact.updated_at = clock.now()
    inbound(project, clock)
    assert _entered(project, flow_id) == [b]
    clock.advance(timedelta(days=30))  # a has been inactive for 31 days now: nothing touched a
    with project.session() as s:
        due = next_inbound_due(s, clock.now() - timedelta(days=30))
        assert due is not None
    inbound(project, clock)
    assert _entered(project, flow_id) == [b, a]


def test_segment_cron_rechecks_at_each_fire_time(project: Project, clock: VirtualClock) -> None:
    # clock: Monday 2026-03-02 09:00 UTC; the cron fires at 10:00 every day
    a, b = _contacts(project, clock, "a", "b")
    with project.write() as s:
        add_tag(s, a, "lapsed", "user", None, clock.now())
    flow_id = _flow(project, clock, {"type": "segment", "condition": {"tag": "lapsed"}, "mode": "cron",
                                     "cron": "0 10 * * *"}, entry={"repeat": "always"})
    inbound(project, clock)
    assert _entered(project, flow_id) == []
    with project.session() as s:
        assert next_inbound_due(s, clock.now()) == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    inbound(project, clock)
    assert _entered(project, flow_id) == [a]
    with project.write() as s:
        add_tag(s, b, "lapsed", "user", None, clock.now())
    inbound(project, clock)
    assert _entered(project, flow_id) == [a]  # not before the next fire time
    # the engine sleeps three days: the missed fire times collapse into one run
    clock.set(datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    inbound(project, clock)
    inbound(project, clock)
    assert sorted(_entered(project, flow_id)) == [a, b]  # a is still inside, b joined
    with project.session() as s:
        assert next_inbound_due(s, clock.now()) == datetime(2026, 3, 6, 10, 0, tzinfo=UTC)


def test_message_trigger_on_slash_start_and_keyword_alias(project: Project, clock: VirtualClock) -> None:
    # Telegram records "/start <payload>" as a start event; a keyword trigger on /start still fires
    funnel = _flow(project, clock, {"type": "message", "channel": "telegram", "match": "exact", "text": "/start"},
                   name="funnel")
    anywhere = _flow(project, clock, {"type": "message", "channel": "any", "match": "contains", "keyword": "help"},
                     name="help")
    a, b = _contacts(project, clock, "a", "b")
    _event(project, clock, a, "start", {"payload": ""})
    _event(project, clock, b, "message", {"text": "I need HELP", "channel": "whatsapp", "from": "contact"})
    inbound(project, clock)
    assert _entered(project, funnel) == [a]
    assert _entered(project, anywhere) == [b]


def test_date_moments_missed_beyond_max_lateness_are_skipped(project: Project, clock: VirtualClock) -> None:
    flow_id = _flow(project, clock, {"type": "date", "field": "birthday", "time": "09:00"},
                    settings={"max_lateness": "PT6H"})
    a, b = _contacts(project, clock, "a", "b")
    with project.write() as s:
        s.get(Contact, a).birthday = "1990-03-03"
        s.get(Contact, b).birthday = "1990-03-05"
    inbound(project, clock)
    clock.set(datetime(2026, 3, 5, 12, 0, tzinfo=UTC))  # asleep for three days: a is 2 days late, b 3 h
    inbound(project, clock)
    assert _entered(project, flow_id) == [b]


def test_segment_once_waits_for_start_at(project: Project, clock: VirtualClock) -> None:
    start = clock.now() + timedelta(days=2)
    (a,) = _contacts(project, clock, "a")
    with project.write() as s:
        add_tag(s, a, "vip", "user", None, clock.now())
    flow_id = _flow(project, clock, {"type": "segment", "condition": {"tag": "vip"}},
                    entry={"start_at": start.isoformat()})
    inbound(project, clock)
    assert _entered(project, flow_id) == []
    with project.session() as s:
        assert next_inbound_due(s, clock.now()) == start
    clock.set(start)
    inbound(project, clock)
    assert _entered(project, flow_id) == [a]


@pytest.mark.postgres
def test_triggers_and_goals_on_postgresql(pg_fresh_url: str, clock: VirtualClock) -> None:
    from runtime.engine.goals import goal_sweep
    from runtime.storage.db import open_project

    project = open_project(pg_fresh_url, create=True)
    try:
        on_event = _flow(project, clock, {"type": "event", "event": "signup"}, name="E", goal={"event": "purchase"})
        on_tag = _flow(project, clock, {"type": "tag_added", "tag": "vip"}, name="T",
                       goal={"condition": {"tag": "customer"}})
        cron = _flow(project, clock, {"type": "segment", "condition": {"tag": "vip"}, "mode": "cron",
                                      "cron": "0 10 * * *"}, name="S")
        a, b = _contacts(project, clock, "a", "b")
        _event(project, clock, a, "signup")
        with project.write() as s:
            add_tag(s, b, "vip", "user", None, clock.now())
        inbound(project, clock)
        assert _entered(project, on_event) == [a] and _entered(project, on_tag) == [b]
        clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
        _event(project, clock, a, "purchase")
        with project.write() as s:
            add_tag(s, b, "customer", "user", None, clock.now())
        inbound(project, clock)
        with project.write() as s:
            assert goal_sweep(s, clock) == 1
            assert [(e.status, e.exit_reason) for e in executions(s)][:2] == [("exited", "goal"), ("exited", "goal")]
        assert _entered(project, cron) == [b]
    finally:
        project.close()


def test_tags_added_by_one_flow_start_others_in_the_same_tick(project: Project, clock: VirtualClock) -> None:
    from runtime.engine.executions import enter_contact
    from runtime.engine.runner import Runtime

    tagger = _flow(project, clock, {"type": "manual"}, name="tagger",
                   steps=[{"id": "tag", "type": "add_tag", "config": {"tag": "vip"}},
                          {"id": "bump", "type": "update_contact", "config": {"increment": {"score": 5}}}],
                   edges=[{"from": "tag", "to": "bump"}])
    on_tag = _flow(project, clock, {"type": "tag_added", "tag": "vip"}, name="on tag")
    realtime = _flow(project, clock, {"type": "segment", "mode": "realtime",
                                      "condition": {"field": "score", "op": ">=", "value": 5}}, name="realtime")
    (a,) = _contacts(project, clock, "a")
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()  # the realtime segment takes its baseline: nobody matches yet
    with project.write() as s:
        enter_contact(s, s.get(FlowRow, tagger), a, clock)
    runtime.tick()
    assert _entered(project, on_tag) == [a]
    assert _entered(project, realtime) == [a]
    with project.session() as s:
        assert [e.status for e in executions(s, tagger)] == ["completed"]
