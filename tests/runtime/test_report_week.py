"""A scripted week on the virtual clock, reported in the Moscow zone and checked against hand counts.

Contacts sign up, buy, unsubscribe, get milestone tags, are sent SMS, Telegram and email (sandbox),
open and click, reply and press buttons. The report's daily table and per-step funnel must equal
numbers worked out here by hand, and moving the reporting zone to UTC must move a late-evening
sign-up to the previous day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from runtime.clock import UTC, VirtualClock
from runtime.contacts.events import record_event
from runtime.contacts.tags import add_tag
from runtime.engine.runner import Runtime
from runtime.service import ProjectService
from runtime.storage.db import Project, open_project
from runtime.storage.models import Contact, Outbox
from tests.runtime.engine_helpers import add_contact, flow_doc, install_flow

MSK_MON = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # Monday 09:00 in Moscow (UTC+3)
WELCOME = flow_doc(
    "Welcome", {"type": "event", "event": "signup"},
    goal={"event": "purchase", "within": "P7D"},
    steps=[
        # the hand counts send at once, at any hour: quiet hours (which the sandbox applies too) are off here
        {"id": "sms", "type": "send_sms", "config": {"text": "Hi {{ contact.first_name }}", "quiet_hours": False}},
        {"id": "tg", "type": "send_telegram", "config": {"text": "Your analysis", "buttons": [[{"text": "More", "data": "more"}]]}},
        {"id": "mail", "type": "send_email", "config": {"subject": "Analysis", "body": "Read it"}},
        {"id": "got", "type": "add_tag", "config": {"tag": "got_analysis"}},
        {"id": "hold", "type": "wait", "config": {"duration": "P30D"}},
    ],
    edges=[{"from": "sms", "to": "tg"}, {"from": "tg", "to": "mail"}, {"from": "mail", "to": "got"},
           {"from": "got", "to": "hold"}],
)


def _person(project: Project, clock: VirtualClock, ext: str, **fields: object) -> int:
    with project.write() as s:
        return add_contact(s, ext, clock, first_name=ext, **fields).id


def _event(project: Project, clock: VirtualClock, cid: int, name: str, props: dict | None = None) -> None:
    with project.write() as s:
        record_event(s, s.get(Contact, cid), name, props or {}, None, clock)


def _outbox_id(project: Project, cid: int, step: str) -> int:
    with project.session() as s:
        return s.scalars(select(Outbox.id).where(Outbox.contact_id == cid, Outbox.step_id == step)).one()


def _week(project: Project, clock: VirtualClock) -> int:
    """Run the week; returns the Welcome flow id."""
    with project.write() as s:
        flow_id = install_flow(s, WELCOME, clock).id
    runtime = Runtime(project, clock, sandbox=True)
    # Monday (Moscow): a, b, c sign up. c has no phone, b no Telegram chat.
    a = _person(project, clock, "a", phone="+79161234567", telegram_chat_id="1001", email="anna@mail.ru")
    b = _person(project, clock, "b", phone="+79162223344", email="boris@mail.ru")
    c = _person(project, clock, "c", telegram_chat_id="1003")
    for cid in (a, b, c):
        _event(project, clock, cid, "signup")
    runtime.tick()
    clock.advance(timedelta(hours=1))
    _event(project, clock, a, "email_opened", {"outbox_id": _outbox_id(project, a, "mail"), "flow": "Welcome", "step": "mail"})
    _event(project, clock, a, "email_opened", {"outbox_id": _outbox_id(project, a, "mail"), "flow": "Welcome", "step": "mail"})
    _event(project, clock, b, "email_clicked", {"outbox_id": _outbox_id(project, b, "mail"), "flow": "Welcome",
                                                "step": "mail", "url": "https://shop.example/a"})
    _event(project, clock, a, "message", {"text": "thanks!", "channel": "telegram", "from": "contact"})
    _event(project, clock, c, "button", {"data": "more"})
    clock.advance(timedelta(hours=2))  # 12:00 Moscow: a buys on the day she came
    _event(project, clock, a, "purchase", {"amount": 500})
    runtime.tick()
    # 23:30 UTC Monday = 02:30 Tuesday in Moscow: d signs up (Tuesday in the report)
    clock.set(datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    d = _person(project, clock, "d", phone="+79165556677")
    _event(project, clock, d, "signup")
    runtime.tick()
    # Tuesday 10:00 Moscow: b buys (not new), c unsubscribes from SMS
    clock.set(datetime(2026, 3, 3, 7, 0, tzinfo=UTC))
    _event(project, clock, b, "purchase", {"amount": 1000})
    with project.write() as s:
        contact = s.get(Contact, c)
        contact.sms_status, contact.updated_at = "unsubscribed", clock.now()
    runtime.tick()
    # Wednesday: e arrives and buys the same day; c writes her birthday (a milestone tag)
    clock.set(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    e = _person(project, clock, "e", email="elena@mail.ru")
    _event(project, clock, e, "purchase", {"amount": 250.5})
    with project.write() as s:
        add_tag(s, c, "wrote_birthday", "operator", None, clock.now())
    runtime.tick()
    # Thursday: d looks at a page
    clock.set(datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    _event(project, clock, d, "page_view")
    runtime.tick()
    clock.set(datetime(2026, 3, 8, 20, 0, tzinfo=UTC))
    runtime.tick()
    return flow_id


def _zero_day(day: str) -> dict:
    return {"day": day, "new_contacts": 0, "active": 0, "inactive.sms": 0, "inactive": 0,
            "milestone.got_analysis": 0, "milestone.wrote_birthday": 0, "purchases_new": 0,
            "purchases_new_amount": 0.0, "purchases": 0, "purchases_amount": 0.0,
            "sent.sms": 0, "limit.sms": 1, "over_limit.sms": False, "sent.telegram": 0, "sent.email": 0}


def test_week_report_equals_hand_counts_in_the_reporting_zone(project: Project) -> None:
    clock = VirtualClock(MSK_MON)
    svc = ProjectService(project, clock)
    svc.save_report_settings(zone="Europe/Moscow", milestones=["got_analysis", "wrote_birthday"], limits={"sms": 1})
    _week(project, clock)
    report = svc.report(start=date(2026, 3, 2), end=date(2026, 3, 8))
    assert report["zone"] == "Europe/Moscow"
    days = {row["day"]: row for row in report["daily"]}
    expected = {d: _zero_day(d) for d in days}
    # Monday: a, b, c new and active; a bought 500 the day she came; SMS to a and b (limit 1: over),
    # Telegram to a and c, email to a and b; all three got the analysis tag
    expected["2026-03-02"].update({"new_contacts": 3, "active": 3, "milestone.got_analysis": 3, "purchases_new": 1,
                                   "purchases_new_amount": 500.0, "purchases": 1, "purchases_amount": 500.0,
                                   "sent.sms": 2, "over_limit.sms": True, "sent.telegram": 2, "sent.email": 2})
    # Tuesday (Moscow): d signed up at 02:30; b bought 1000; c unsubscribed from SMS
    expected["2026-03-03"].update({"new_contacts": 1, "active": 2, "inactive.sms": 1, "inactive": 1,
                                   "milestone.got_analysis": 1, "purchases": 1, "purchases_amount": 1000.0,
                                   "sent.sms": 1})
    # Wednesday: e new and bought 250.50 that day; c's birthday milestone
    expected["2026-03-04"].update({"new_contacts": 1, "active": 1, "milestone.wrote_birthday": 1, "purchases_new": 1,
                                   "purchases_new_amount": 250.5, "purchases": 1, "purchases_amount": 250.5})
    expected["2026-03-05"].update({"active": 1})
    assert list(days) == [f"2026-03-0{i}" for i in range(2, 9)]
    assert days == expected

    steps = {row["step"]: row for row in report["steps"] if row["flow"] == "Welcome"}
    assert [r["step"] for r in report["steps"] if r["flow"] == "Welcome"] == ["sms", "tg", "mail", "got", "hold"]
    pick = ("reached", "sent", "sandbox", "opened", "clicked", "replied", "failed", "skipped", "skipped.no_address")
    assert {k: steps["sms"][k] for k in pick} == dict(zip(pick, (4, 3, 3, 0, 0, 0, 0, 1, 1)))
    assert {k: steps["tg"][k] for k in pick} == dict(zip(pick, (4, 2, 2, 0, 1, 1, 0, 2, 2)))
    assert {k: steps["mail"][k] for k in pick} == dict(zip(pick, (4, 2, 2, 1, 1, 0, 0, 2, 2)))
    assert steps["hold"]["waiting_now"] == 2  # a and b left at the goal; c and d wait
    assert report["goals"] == [{"flow": "Welcome", "goal": "purchase", "within": "P7D", "version": 1,
                                "entered": 4, "converted": 2, "conversion": 0.5}]
    drop = {(r["from"], r["to"]): r for r in report["dropoff"]}
    assert drop[("sms", "tg")]["passed"] == 1.0 and drop[("got", "hold")]["to_reached"] == 4
    per_day = {(r["day"], r["step"]): r["reached"] for r in report["step_days"]}
    assert per_day[("2026-03-02", "sms")] == 3 and per_day[("2026-03-03", "sms")] == 1

    # the same week in UTC: d's sign-up (23:30 UTC Monday) is Monday's
    svc.save_report_settings(zone="UTC")
    utc = {row["day"]: row for row in svc.report(start=date(2026, 3, 2), end=date(2026, 3, 8))["daily"]}
    assert (utc["2026-03-02"]["new_contacts"], utc["2026-03-03"]["new_contacts"]) == (4, 0)
    assert (utc["2026-03-02"]["sent.sms"], utc["2026-03-03"]["sent.sms"]) == (3, 0)
    # and back: the rebuilt aggregates equal the ones the triggers kept
    svc.save_report_settings(zone="Europe/Moscow")
    assert svc.report(start=date(2026, 3, 2), end=date(2026, 3, 8))["daily"] == report["daily"]


def test_flow_scope_counts_entries_and_the_flows_own_milestones(project: Project) -> None:
    clock = VirtualClock(MSK_MON)
    svc = ProjectService(project, clock)
    svc.save_report_settings(zone="Europe/Moscow", milestones=["got_analysis", "wrote_birthday"])
    flow_id = _week(project, clock)
    report = svc.report([flow_id], start=date(2026, 3, 2), end=date(2026, 3, 4))
    days = {row["day"]: row for row in report["daily"]}
    assert [days[d]["new_contacts"] for d in sorted(days)] == [3, 1, 0]  # entries into Welcome
    # the birthday tag was added by an operator, not by the flow
    assert [days[d]["milestone.wrote_birthday"] for d in sorted(days)] == [0, 0, 0]
    assert [days[d]["milestone.got_analysis"] for d in sorted(days)] == [3, 1, 0]
    # active in the flow: entered it, or did something while inside (e never entered)
    assert [days[d]["active"] for d in sorted(days)] == [3, 2, 0]


@pytest.mark.postgres
def test_the_same_week_on_postgresql_gives_the_same_report(project: Project, pg_fresh_url: str) -> None:
    reports = []
    for target in (project, open_project(pg_fresh_url, create=True)):
        clock = VirtualClock(MSK_MON)
        svc = ProjectService(target, clock)
        svc.save_report_settings(zone="Europe/Moscow", milestones=["got_analysis", "wrote_birthday"], limits={"sms": 1})
        _week(target, clock)
        report = svc.report(start=date(2026, 3, 2), end=date(2026, 3, 8))
        reports.append({k: report[k] for k in ("daily", "steps", "goals", "dropoff")})
        if target is not project:
            # PostgreSQL's triggers append deltas that the report folded in: a second read
            # finds none left and the same figures (nothing counted twice)
            with target.session() as session:
                assert session.execute(text("SELECT COUNT(*) FROM report_delta")).scalar() == 0
            again = svc.report(start=date(2026, 3, 2), end=date(2026, 3, 8))
            assert {k: again[k] for k in ("daily", "steps", "goals", "dropoff")} == reports[-1]
            target.close()
    assert reports[0] == reports[1]
    assert reports[1]["daily"][0]["new_contacts"] == 3


def test_a_real_send_counts_on_the_day_the_provider_took_it(project: Project) -> None:
    clock = VirtualClock(datetime(2026, 3, 2, 19, 0, tzinfo=UTC))  # 22:00 in Moscow: quiet hours for SMS
    svc = ProjectService(project, clock)
    svc.save_report_settings(zone="Europe/Moscow")
    with project.write() as s:
        flow_id = install_flow(s, WELCOME, clock).id
        cid = add_contact(s, "q", clock, phone="+79161234567").id
        row = Outbox(flow_id=flow_id, step_id="sms", contact_id=cid, channel="sms", content={"text": "hi"},
                     idempotency_key="k1", status="queued", created_at=clock.now())
        s.add(row)
    clock.set(datetime(2026, 3, 3, 5, 0, tzinfo=UTC))  # held overnight, sent at 08:00 Moscow
    with project.write() as s:
        held = s.scalars(select(Outbox)).one()
        held.status, held.sent_at = "sent", clock.now()
    report = svc.report([flow_id], date(2026, 3, 2), date(2026, 3, 3))
    assert [d["sent.sms"] for d in report["daily"]] == [0, 1]
    [sms] = [r for r in report["steps"] if r["step"] == "sms"]
    assert (sms["sent"], sms["delivered"], sms["sandbox"]) == (1, 1, 0)
