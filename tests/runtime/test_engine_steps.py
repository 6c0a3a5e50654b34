"""Every step type and port, run through the real tick on a SQLite project and a virtual clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from runtime.clock import UTC, VirtualClock
from runtime.engine.executions import resume_after_delivery
from runtime.engine.runner import Runtime
from runtime.steps.logic import next_local_time
from runtime.storage.db import Project
from runtime.storage.models import Contact, ContactTag, Execution, Tag, TagLog
from tests.runtime.engine_core_helpers import (
    add_contacts,
    add_event,
    enter,
    execution,
    flow,
    install,
    log_rows,
    outbox,
    step,
    step_log,
    tokens,
)

ANN = {"external_id": "ann", "email": "ann@example.com", "phone": "+15550001", "first_name": "Ann",
       "telegram_chat_id": "111", "attributes": {"plan": "pro", "orders": 2}}
BOB = {"external_id": "bob", "first_name": "Bob"}  # no addresses at all


def start(project: Project, clock: VirtualClock, doc: dict, *contacts: dict, sandbox: bool = True) -> tuple[Runtime, int, list[int], list[int]]:
    flow_id = install(project, doc, clock)
    cids = add_contacts(project, clock, *contacts)
    eids = enter(project, flow_id, cids, clock)
    runtime = Runtime(project, clock, sandbox=sandbox)
    runtime.tick()
    return runtime, flow_id, cids, eids


# -- sends ----------------------------------------------------------------------------------------
def test_send_email_sandbox_renders_and_continues(project: Project, clock: VirtualClock) -> None:
    doc = flow("Mail", [step("mail", "send_email", subject="Hi {{ contact.first_name }}",
                             body="Plan {{ contact.plan }} / {{ contact.attributes.orders }} on {{ flow.name }}"),
                        step("tag", "add_tag", tag="mailed")], [("mail", "tag")])
    _rt, _f, cids, eids = start(project, clock, doc, ANN)
    [msg] = outbox(project)
    assert (msg.channel, msg.status, msg.idempotency_key) == ("email", "sandbox", f"{eids[0]}:mail:0")
    assert msg.content == {"to": "ann@example.com", "subject": "Hi Ann", "body": "Plan pro / 2 on Mail"}
    assert step_log(project) == [("mail", "completed", "next"), ("tag", "completed", "next")]
    assert execution(project, eids[0]).status == "completed"


@pytest.mark.parametrize("type_,config,channel,content", [
    ("send_sms", {"text": "Hi {{ contact.first_name }}"}, "sms", {"to": "+15550001", "text": "Hi Ann"}),
    ("send_telegram", {"text": "Hi", "buttons": [[{"text": "Go {{ contact.first_name }}", "url": "https://x"}]],
                       "parse_mode": "HTML"},
     "telegram", {"chat_id": "111", "text": "Hi", "buttons": [[{"text": "Go Ann", "url": "https://x"}]],
                  "parse_mode": "HTML"}),
    ("send_whatsapp", {"template": {"name": "cart", "language": "en", "params": ["{{ contact.first_name }}"]}},
     "whatsapp", {"to": "+15550001", "template": {"name": "cart", "language": "en", "params": ["Ann"]}}),
])
def test_send_channels_content(project: Project, clock: VirtualClock, type_: str, config: dict, channel: str,
                               content: dict) -> None:
    start(project, clock, flow("F", [step("s", type_, **config)], []), ANN)
    [msg] = outbox(project)
    assert (msg.channel, msg.status, msg.content) == (channel, "sandbox", content)


def test_send_push_needs_subscription(project: Project, clock: VirtualClock) -> None:
    subs = [{"endpoint": "https://push.example/1", "keys": {"p256dh": "k", "auth": "a"}}]
    doc = flow("P", [step("p", "send_push", title="T {{ contact.first_name }}", body="B", url="https://shop")], [])
    start(project, clock, doc, {**ANN, "push_subscriptions": subs}, {**BOB})
    [msg] = outbox(project)
    assert msg.content == {"subscriptions": subs, "title": "T Ann", "body": "B", "url": "https://shop"}
    assert [r.detail["reason"] for r in log_rows(project) if r.outcome == "failed"] == ["no push address"]


def test_send_failures_take_failed_port_with_reason(project: Project, clock: VirtualClock) -> None:
    doc = flow("F", [step("mail", "send_email", subject="s", body="b"), step("fix", "add_tag", tag="bounced"),
                     step("ok", "add_tag", tag="mailed")],
               [("mail", "failed", "fix"), ("mail", "ok")])
    specs = [BOB, {**ANN, "external_id": "u", "email_status": "unsubscribed"},
             {**ANN, "external_id": "b", "email_status": "blocked"}, ANN]
    _rt, _f, cids, _e = start(project, clock, doc, *specs)
    reasons = {r.contact_id: r.detail["reason"] for r in log_rows(project) if r.step_id == "mail" and r.outcome == "failed"}
    assert reasons == {cids[0]: "no email address", cids[1]: "email unsubscribed", cids[2]: "email blocked"}
    assert [m.contact_id for m in outbox(project)] == [cids[3]]
    with project.session() as s:
        tags = {(cid, name) for cid, name in s.execute(select(ContactTag.contact_id, Tag.name).join(Tag))}
    assert tags == {(cids[0], "bounced"), (cids[1], "bounced"), (cids[2], "bounced"), (cids[3], "mailed")}


def test_unconnected_failed_port_carries_on_along_next(project: Project, clock: VirtualClock) -> None:
    doc = flow("F", [step("mail", "send_email", subject="s", body="b"), step("after", "add_tag", tag="x")],
               [("mail", "after")])
    _rt, _f, _c, eids = start(project, clock, doc, BOB)
    assert step_log(project) == [("mail", "failed", "failed"), ("after", "completed", "next")]
    assert execution(project, eids[0]).status == "completed"


def test_last_step_failing_fails_the_execution(project: Project, clock: VirtualClock) -> None:
    _rt, _f, _c, eids = start(project, clock, flow("F", [step("mail", "send_email", subject="s", body="b")], []), BOB)
    ex = execution(project, eids[0])
    assert (ex.status, ex.exit_reason) == ("failed", "failed")


def test_template_error_fails_the_step_not_the_batch(project: Project, clock: VirtualClock) -> None:
    doc = flow("F", [step("mail", "send_email", subject="{{ 1 / 0 }}", body="b")], [])
    _rt, _f, _c, eids = start(project, clock, doc, ANN, {**ANN, "external_id": "ann2"})
    rows = log_rows(project)
    assert [r.outcome for r in rows] == ["failed", "failed"]
    assert "template" in rows[0].detail["reason"]


def test_real_send_waits_for_delivery_then_continues(project: Project, clock: VirtualClock) -> None:
    doc = flow("F", [step("mail", "send_email", subject="s", body="b"), step("t", "add_tag", tag="sent"),
                     step("f", "add_tag", tag="undelivered")], [("mail", "t"), ("mail", "failed", "f")])
    runtime, _f, cids, eids = start(project, clock, doc, ANN, {**ANN, "external_id": "a2"}, {**ANN, "external_id": "a3"},
                                    sandbox=False)
    msgs = outbox(project)
    assert [m.status for m in msgs] == ["queued", "queued", "queued"]
    assert all(t.state == "waiting" and t.data["outbox_id"] == m.id for t, m in zip(tokens(project), msgs))
    with project.write() as s:
        assert resume_after_delivery(s, msgs[0].id, "next", clock)
        assert resume_after_delivery(s, msgs[1].id, "failed", clock, reason="mailbox full")
        assert not resume_after_delivery(s, 9999, "next", clock)
    runtime.tick()
    assert execution(project, eids[0]).status == "completed"
    assert [r for r in step_log(project, cids[0])] == [("mail", "waiting", None), ("mail", "completed", "next"),
                                                       ("t", "completed", "next")]
    assert step_log(project, cids[1])[-2:] == [("mail", "failed", "failed"), ("f", "completed", "next")]
    assert log_rows(project, cids[1])[-2].detail["reason"] == "mailbox full"
    # the third never hears back: after 3 days it gives up through 'failed'
    runtime.run_until(clock.now() + timedelta(days=3, minutes=1), save=False)
    assert step_log(project, cids[2])[-2:] == [("mail", "failed", "failed"), ("f", "completed", "next")]
    assert log_rows(project, cids[2])[-2].detail["reason"] == "delivery timeout"


def test_webhook_and_notify_team(project: Project, clock: VirtualClock) -> None:
    doc = flow("Hook", [step("hook", "webhook", url="https://h.example/{{ contact.external_id }}",
                             headers={"X-Flow": "1"}, body='{"name": "{{ contact.first_name }}"}'),
                        step("team", "notify_team", text="{{ contact.first_name }} reached the end")],
               [("hook", "team")])
    start(project, clock, doc, ANN)
    hook, team = outbox(project)
    assert (hook.channel, hook.status) == ("webhook", "sandbox")
    assert hook.content == {"url": "https://h.example/ann", "method": "POST", "headers": {"X-Flow": "1"},
                            "body": '{"name": "Ann"}'}
    assert (team.channel, team.content["text"]) == ("team", "Ann reached the end")


def test_notify_team_real_mode_is_delivered_in_app(project: Project, clock: VirtualClock) -> None:
    start(project, clock, flow("N", [step("team", "notify_team", text="hello")], []), ANN, sandbox=False)
    [team] = outbox(project)
    assert (team.channel, team.status) == ("team", "sent")


def test_smart_send_falls_back_through_priority(project: Project, clock: VirtualClock) -> None:
    doc = flow("S", [step("smart", "smart_send", channels=["telegram", "email", "sms"],
                          content={"telegram": {"text": "tg {{ contact.first_name }}"},
                                   "email": {"subject": "s", "body": "mail"}, "sms": {"text": "sms"}})], [])
    specs = [{**ANN, "external_id": "tg"}, {**ANN, "external_id": "no_tg", "telegram_chat_id": None},
             {**ANN, "external_id": "sms_only", "telegram_chat_id": None, "email": None}, BOB]
    _rt, _f, cids, _e = start(project, clock, doc, *specs)
    got = {m.contact_id: m.channel for m in outbox(project)}
    assert got[cids[1]] == "email" and got[cids[2]] == "sms" and cids[3] not in got
    assert got[cids[0]] in ("telegram", "email", "sms")
    assert [r.detail["reason"] for r in log_rows(project, cids[3])] == ["no reachable channel"]


def test_smart_send_prefers_the_channel_the_contact_answers_on(project: Project, clock: VirtualClock) -> None:
    doc = flow("S", [step("smart", "smart_send", channels=["email", "telegram"],
                          content={"telegram": {"text": "tg"}, "email": {"subject": "s", "body": "mail"}})], [])
    flow_id = install(project, doc, clock)
    [fan] = add_contacts(project, clock, {**ANN, "external_id": "fan"})
    for days in (1, 2, 3):  # email comes first in the step's list, but the contact answers on Telegram
        add_event(project, fan, "message", clock.now() - timedelta(days=days), {"channel": "telegram", "text": "hi"})
    enter(project, flow_id, [fan], clock)
    Runtime(project, clock, sandbox=True).tick()
    assert [(m.contact_id, m.channel) for m in outbox(project)] == [(fan, "telegram")]


def test_channel_switch_first_matching_rule(project: Project, clock: VirtualClock) -> None:
    doc = flow("CS", [step("sw", "channel_switch", rules=[
        {"if": {"field": "telegram_chat_id", "op": "is_set"}, "port": "telegram"},
        {"if": {"field": "email", "op": "is_set"}, "port": "email"}])], [])
    start(project, clock, doc, ANN, {**ANN, "external_id": "e", "telegram_chat_id": None}, BOB)
    assert [p for _s, _o, p in step_log(project)] == ["telegram", "email", "else"]


# -- waits ----------------------------------------------------------------------------------------
def test_wait_duration(project: Project, clock: VirtualClock) -> None:
    doc = flow("W", [step("w", "wait", duration="PT2H"), step("t", "add_tag", tag="done")], [("w", "t")])
    runtime, _f, _c, eids = start(project, clock, doc, ANN)
    [tok] = tokens(project)
    assert (tok.state, tok.due_at) == ("waiting", clock.now() + timedelta(hours=2))
    runtime.run_until(clock.now() + timedelta(hours=1, minutes=59), save=False)
    assert execution(project, eids[0]).status == "active"
    runtime.run_until(clock.now() + timedelta(minutes=1), save=False)
    assert execution(project, eids[0]).status == "completed"
    assert log_rows(project)[-1].at == datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


def test_wait_until_time_of_day_in_contact_zone(project: Project, clock: VirtualClock) -> None:
    # 09:00 UTC Monday = 18:00 in Tokyo, 04:00 in New York
    doc = flow("W", [step("w", "wait", until={"time": "10:00"})], [])
    start(project, clock, doc, {**ANN, "timezone": "Asia/Tokyo"}, {**ANN, "external_id": "ny", "timezone": "America/New_York"},
          {**ANN, "external_id": "bad", "timezone": "Not/AZone"})
    due = [t.due_at for t in tokens(project)]
    assert due == [datetime(2026, 3, 3, 1, 0, tzinfo=UTC),  # Tuesday 10:00 Tokyo
                   datetime(2026, 3, 2, 15, 0, tzinfo=UTC),  # Monday 10:00 EST
                   datetime(2026, 3, 2, 10, 0, tzinfo=UTC)]  # unknown zone -> UTC


def test_wait_until_weekday_and_dst() -> None:
    friday_noon = datetime(2026, 3, 6, 12, 0, tzinfo=UTC)
    # next Monday 09:00 Berlin (UTC+1 in March before the switch)
    assert next_local_time(friday_noon, "Europe/Berlin", "09:00", [1]) == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    # US DST starts Sunday 2026-03-08 at 02:00: 02:30 does not exist, the wait ends right after the gap
    sat = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    moment = next_local_time(sat, "America/New_York", "02:30", [7])
    assert moment == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    # the day after DST starts 09:00 New York is 13:00 UTC (EDT), the day before it was 14:00 UTC (EST)
    assert next_local_time(sat, "America/New_York", "09:00", [1]) == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)
    assert next_local_time(sat, "America/New_York", "09:00", [6]) == datetime(2026, 3, 7, 14, 0, tzinfo=UTC)
    assert next_local_time(sat, "America/New_York", "09:00", [7]) == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)
    # already the time: no wait at all
    assert next_local_time(datetime(2026, 3, 9, 13, 0, tzinfo=UTC), "America/New_York", "09:00") == datetime(
        2026, 3, 9, 13, 0, tzinfo=UTC)


def test_wait_for_event_yes_and_timeout_no(project: Project, clock: VirtualClock) -> None:
    doc = flow("E", [step("w", "wait", event="reply", timeout="P1D"), step("yes", "add_tag", tag="replied"),
                     step("no", "add_tag", tag="silent")], [("w", "yes", "yes"), ("w", "no", "no")])
    runtime, _f, cids, _e = start(project, clock, doc, ANN, {**ANN, "external_id": "quiet"})
    add_event(project, cids[0], "reply", clock.now() + timedelta(hours=3))
    runtime.run_until(clock.now() + timedelta(days=2), save=False)
    assert step_log(project, cids[0])[-2:] == [("w", "completed", "yes"), ("yes", "completed", "next")]
    assert log_rows(project, cids[0])[-2].at == datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert step_log(project, cids[1])[-2:] == [("w", "completed", "no"), ("no", "completed", "next")]
    assert log_rows(project, cids[1])[-2].at == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def test_wait_for_event_with_filter_ignores_other_events(project: Project, clock: VirtualClock) -> None:
    doc = flow("E", [step("w", "wait", event="purchase", timeout="P2D", filter={"field": "total", "op": ">", "value": 50})],
               [])
    runtime, _f, cids, _e = start(project, clock, doc, ANN)
    add_event(project, cids[0], "purchase", clock.now() + timedelta(hours=1), {"total": 10})
    add_event(project, cids[0], "purchase", clock.now() + timedelta(hours=5), {"total": 80})
    runtime.run_until(clock.now() + timedelta(days=3), save=False)
    rows = [r for r in log_rows(project) if r.outcome != "waiting"]
    assert [(r.port, r.at) for r in rows] == [("yes", datetime(2026, 3, 2, 14, 0, tzinfo=UTC))]


# -- logic ----------------------------------------------------------------------------------------
def test_condition_yes_no(project: Project, clock: VirtualClock) -> None:
    doc = flow("C", [step("c", "condition", **{"if": {"all": [{"field": "orders", "op": ">=", "value": 2},
                                                               {"not": {"tag": "vip"}}]}})], [])
    start(project, clock, doc, ANN, {**ANN, "external_id": "few", "attributes": {"orders": 1}})
    assert [p for _s, _o, p in step_log(project)] == ["yes", "no"]


def test_ab_split_is_stable_and_follows_shares(project: Project, clock: VirtualClock) -> None:
    doc = flow("AB", [step("ab", "ab_split", groups=[{"name": "a", "share": 20}, {"name": "b", "share": 80}])], [])
    specs = [{"external_id": f"c{i}"} for i in range(1000)]
    _rt, flow_id, cids, _e = start(project, clock, doc, *specs)
    first = {r.contact_id: r.port for r in log_rows(project)}
    share_a = sum(1 for p in first.values() if p == "a") / len(first)
    assert 0.16 < share_a < 0.24
    # entering again (repeat) gives every contact the same group
    with project.write() as s:
        s.execute(Execution.__table__.update().values(status="completed"))
    enter(project, flow_id, cids, clock)
    Runtime(project, clock, sandbox=True).tick()
    second: dict[int, list[str]] = {}
    for r in log_rows(project):
        second.setdefault(r.contact_id, []).append(r.port)
    assert all(len(set(ports)) == 1 and len(ports) == 2 for ports in second.values())


def test_update_contact_set_increment_clear(project: Project, clock: VirtualClock) -> None:
    doc = flow("U", [step("u", "update_contact", set={"first_name": "Anna", "stage": "lead-{{ contact.plan }}"},
                          increment={"orders": 3, "visits": 1}, clear=["plan", "phone"])], [])
    _rt, _f, cids, _e = start(project, clock, doc, ANN)
    with project.session() as s:
        c = s.get(Contact, cids[0])
    assert c.first_name == "Anna" and c.phone is None
    assert c.attributes == {"orders": 5, "visits": 1, "stage": "lead-pro"}


def test_tags_logged_with_who_and_why(project: Project, clock: VirtualClock) -> None:
    doc = flow("Tags", [step("add", "add_tag", tags=["vip", "new"]), step("rm", "remove_tag", tag="new"),
                        step("c", "condition", **{"if": {"tag": "vip"}})], [("add", "rm"), ("rm", "c")])
    _rt, _f, cids, _e = start(project, clock, doc, ANN)
    with project.session() as s:
        names = set(s.execute(select(Tag.name).join(ContactTag)).scalars())
        log = [(r.tag, r.action, r.by) for r in s.execute(select(TagLog).order_by(TagLog.id)).scalars()]
    assert names == {"vip"}
    assert log == [("vip", "add", "flow:Tags/add"), ("new", "add", "flow:Tags/add"), ("new", "remove", "flow:Tags/rm")]
    assert step_log(project)[-1] == ("c", "completed", "yes")


def test_leave_flows_ends_other_executions(project: Project, clock: VirtualClock) -> None:
    hold = flow("Hold", [step("w", "wait", duration="P30D")], [])
    other = flow("Other", [step("w", "wait", duration="P30D")], [])
    leave = flow("Leave", [step("leave", "leave_flows", flows=["Hold"])], [])
    hold_id, other_id = install(project, hold, clock), install(project, other, clock)
    [cid] = add_contacts(project, clock, ANN)
    [e_hold] = enter(project, hold_id, [cid], clock)
    [e_other] = enter(project, other_id, [cid], clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    leave_id = install(project, leave, clock)
    enter(project, leave_id, [cid], clock)
    runtime.tick()
    assert (execution(project, e_hold).status, execution(project, e_hold).exit_reason) == ("exited", "left")
    assert execution(project, e_other).status == "active"


def test_exit_step_ends_all_branches(project: Project, clock: VirtualClock) -> None:
    doc = flow("X", [step("start", "add_tag", tag="a"), step("slow", "wait", duration="P1D"),
                     step("out", "exit")], [("start", "slow"), ("start", "out")])
    _rt, _f, _c, eids = start(project, clock, doc, ANN)
    ex = execution(project, eids[0])
    assert (ex.status, ex.exit_reason) == ("exited", "exit_step")
    assert all(t.state == "done" for t in tokens(project))


def test_unknown_step_type_fails_without_stopping_others(project: Project, clock: VirtualClock) -> None:
    flow_id = install(project, flow("Ok", [step("t", "add_tag", tag="fine")], []), clock)
    cids = add_contacts(project, clock, ANN, {**ANN, "external_id": "a2"})
    enter(project, flow_id, cids, clock)
    Runtime(project, clock, sandbox=True).tick()
    assert [o for _s, o, _p in step_log(project)] == ["completed", "completed"]
