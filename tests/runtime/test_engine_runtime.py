"""The tick runtime: entries, parallel branches and merges, versions, lateness, counters, wakes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from runtime.clock import UTC, VirtualClock
from runtime.engine.executions import (
    end_execution,
    enter_contact,
    enter_contacts_bulk,
    resume_after_delivery,
    wake_waiting_tokens,
)
from runtime.engine.runner import Runtime
from runtime.reports.stats import flow_stats
from runtime.storage.db import Project
from runtime.storage.models import Execution, FlowRow
from tests.runtime.engine_core_helpers import (
    add_contacts,
    add_event,
    counters_view,
    enter,
    execution,
    flow,
    install,
    log_rows,
    outbox,
    publish_new_version,
    recount,
    step,
    step_log,
    tokens,
)


def stats(project: Project, flow_id: int) -> dict:
    with project.session() as s:
        return flow_stats(s, flow_id)


def test_enter_contact_never_twice_at_once(project: Project, clock: VirtualClock) -> None:
    flow_id = install(project, flow("F", [step("w", "wait", duration="P1D")], []), clock)
    [cid] = add_contacts(project, clock, {"external_id": "a"})
    first, second = enter(project, flow_id, [cid, cid], clock)
    assert first is not None and second is None
    # the unique index decides even when a caller skips every check
    with project.write() as s:
        assert enter_contact(s, s.get(FlowRow, flow_id), cid, clock) is None
    assert stats(project, flow_id)["flow"]["entered"] == 1
    with project.write() as s:
        end_execution(s, first, "completed", "completed", clock)
    assert enter(project, flow_id, [cid], clock)[0] is not None


def test_enter_contacts_bulk_skips_those_inside(project: Project, clock: VirtualClock) -> None:
    flow_id = install(project, flow("F", [step("w", "wait", duration="P1D")], []), clock)
    cids = add_contacts(project, clock, *[{"external_id": f"c{i}"} for i in range(50)])
    enter(project, flow_id, cids[:10], clock)
    with project.write() as s:
        assert enter_contacts_bulk(s, s.get(FlowRow, flow_id), cids + cids[:5], clock) == 40
    assert stats(project, flow_id)["flow"]["entered"] == 50
    assert stats(project, flow_id)["steps"]["w"]["waiting"] == 50
    assert counters_view(stats(project, flow_id)) == recount(project, flow_id)


def test_parallel_branches_and_merge(project: Project, clock: VirtualClock) -> None:
    doc = flow("P", [step("split", "add_tag", tag="s"), step("fast", "wait", duration="PT1H"),
                     step("slow", "wait", duration="PT3H"), step("merge", "send_sms", text="hi")],
               [("split", "fast"), ("split", "slow"), ("fast", "merge"), ("slow", "merge")])
    flow_id = install(project, doc, clock)
    [cid] = add_contacts(project, clock, {"external_id": "a", "phone": "+15550001"})
    [eid] = enter(project, flow_id, [cid], clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    assert sorted(t.step_id for t in tokens(project) if t.state == "waiting") == ["fast", "slow"]
    runtime.run_until(clock.now() + timedelta(hours=2), save=False)
    assert execution(project, eid).status == "active"
    runtime.run_until(clock.now() + timedelta(hours=2), save=False)
    assert execution(project, eid).status == "completed"
    msgs = outbox(project)
    # each arriving token continues: two messages, each with its own idempotency key
    assert [m.idempotency_key for m in msgs] == [f"{eid}:merge:0", f"{eid}:merge:1"]
    assert [m.created_at.hour for m in msgs] == [10, 12]
    assert counters_view(stats(project, flow_id)) == recount(project, flow_id)
    assert stats(project, flow_id)["steps"]["merge"] == {"entered": 2, "waiting": 0, "completed": 2, "failed": 0}


def test_new_version_leaves_contacts_on_theirs(project: Project, clock: VirtualClock) -> None:
    v1 = flow("V", [step("w", "wait", duration="P1D"), step("old", "add_tag", tag="v1")], [("w", "old")])
    v2 = flow("V", [step("w", "wait", duration="P1D"), step("new", "add_tag", tag="v2")], [("w", "new")])
    flow_id = install(project, v1, clock)
    a, b = add_contacts(project, clock, {"external_id": "a"}, {"external_id": "b"})
    enter(project, flow_id, [a], clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    publish_new_version(project, flow_id, v2, clock)
    enter(project, flow_id, [b], clock)
    runtime.run_until(clock.now() + timedelta(days=2), save=False)
    assert step_log(project, a)[-1][0] == "old"
    assert step_log(project, b)[-1][0] == "new"


def test_pause_a_week_then_resume_continues_in_place(project: Project, clock: VirtualClock) -> None:
    doc = flow("Pause", [step("w1", "wait", duration="PT1H"), step("mail", "send_email", subject="s", body="b"),
                         step("w2", "wait", duration="P2D"), step("sms", "send_sms", text="t")],
               [("w1", "mail"), ("mail", "w2"), ("w2", "sms")])
    flow_id = install(project, doc, clock)
    specs = [{"external_id": f"c{i}", "email": f"c{i}@x.io", "phone": f"+1555000{i:04d}"} for i in range(20)]
    cids = add_contacts(project, clock, *specs)
    enter(project, flow_id, cids[:10], clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.run_until(clock.now() + timedelta(hours=2), save=False)  # first ten are past the email
    enter(project, flow_id, cids[10:], clock)
    runtime.tick()  # the second ten wait in w1
    before = {(t.execution_id, t.step_id, t.state, t.due_at) for t in tokens(project) if t.state != "done"}
    from runtime.engine.lifecycle import pause_flow, resume_flow

    with project.write() as s:
        pause_flow(s, s.get(FlowRow, flow_id), clock)
    paused_at = clock.now()
    runtime.run_until(paused_at + timedelta(days=7), save=False)
    assert {(t.execution_id, t.step_id, t.state, t.due_at) for t in tokens(project) if t.state != "done"} == before
    assert len(outbox(project)) == 10
    with project.write() as s:
        resume_flow(s, s.get(FlowRow, flow_id), clock)
    runtime.tick()
    # everybody continued from where they stood, late, in due order
    late = [r for r in log_rows(project) if r.at == clock.now() and r.outcome != "waiting"]
    assert {r.step_id for r in late if r.contact_id in cids[:10]} == {"w2", "sms"}
    assert {r.step_id for r in late if r.contact_id in cids[10:]} == {"w1", "mail"}
    # paused at 11:00 on day 0 for 7 days; w1 was due at 12:00 on day 0, w2 at 10:00 on day 2
    assert {r.late_seconds for r in late if r.step_id in ("w1", "mail")} == {7 * 86400 - 3600.0}
    assert {r.late_seconds for r in late if r.step_id in ("w2", "sms")} == {5 * 86400 + 3600.0}
    firsts = [r for r in log_rows(project) if r.at == clock.now()]
    assert firsts[0].contact_id in cids[10:]  # the oldest due (w1 at 12:00 on day 0) ran first
    runtime.run_until(clock.now() + timedelta(days=3), save=False)
    assert all(execution(project, e.id).status == "completed" for e in _execs(project))
    assert len([m for m in outbox(project) if m.channel == "sms"]) == 20
    assert counters_view(stats(project, flow_id)) == recount(project, flow_id)


def _execs(project: Project) -> list[Execution]:
    with project.session() as s:
        return list(s.execute(select(Execution)).scalars())


def test_max_lateness_skips_sends_and_moves_on(project: Project, clock: VirtualClock) -> None:
    doc = flow("Late", [step("w", "wait", duration="PT1H"), step("mail", "send_email", subject="s", body="b"),
                        step("t", "add_tag", tag="after")], [("w", "mail"), ("mail", "t")],
               settings={"max_lateness": "PT6H"})
    flow_id = install(project, doc, clock)
    cids = add_contacts(project, clock, {"external_id": "a", "email": "a@x.io"})
    enter(project, flow_id, cids, clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    clock.advance(timedelta(hours=10))  # the laptop slept: the wait came due 9 h ago
    runtime.tick()
    rows = [r for r in log_rows(project) if r.at == clock.now()]
    assert [(r.step_id, r.outcome) for r in rows] == [("w", "completed"), ("mail", "skipped"), ("t", "completed")]
    assert rows[1].late_seconds == 9 * 3600 and rows[1].detail["late_seconds"] == 9 * 3600
    assert outbox(project) == []
    assert counters_view(stats(project, flow_id)) == recount(project, flow_id)


def test_late_steps_run_when_no_max_lateness(project: Project, clock: VirtualClock) -> None:
    doc = flow("Late", [step("w", "wait", duration="PT1H"), step("mail", "send_email", subject="s", body="b")],
               [("w", "mail")])
    flow_id = install(project, doc, clock)
    cids = add_contacts(project, clock, {"external_id": "a", "email": "a@x.io"})
    enter(project, flow_id, cids, clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    clock.advance(timedelta(hours=10))
    runtime.tick()
    assert [(r.step_id, r.outcome, r.late_seconds) for r in log_rows(project)][-2:] == [
        ("w", "completed", 9 * 3600.0), ("mail", "completed", 9 * 3600.0)]
    assert len(outbox(project)) == 1


def test_wake_waiting_tokens_directly(project: Project, clock: VirtualClock) -> None:
    doc = flow("E", [step("w", "wait", event="reply", timeout="P3D")], [])
    flow_id = install(project, doc, clock)
    [cid] = add_contacts(project, clock, {"external_id": "a"})
    enter(project, flow_id, [cid], clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    later = clock.now() + timedelta(hours=2)
    add_event(project, cid, "reply", later)
    clock.set(later)
    with project.write() as s:
        assert wake_waiting_tokens(s, cid, "reply", later, clock) == 1
        assert wake_waiting_tokens(s, cid, "other", later, clock) == 0
    runtime.run_tokens()
    assert step_log(project)[-1] == ("w", "completed", "yes")


def test_counters_match_recount_after_mixed_scenario(project: Project, clock: VirtualClock) -> None:
    doc = flow("Mix", [
        step("ab", "ab_split", groups=[{"name": "a", "share": 50}, {"name": "b", "share": 50}]),
        step("wa", "wait", duration="PT1H"), step("wb", "wait", event="buy", timeout="PT5H"),
        step("mail", "send_email", subject="s", body="b"), step("c", "condition", **{"if": {"tag": "vip"}}),
        step("x", "exit"), step("t", "add_tag", tag="done")],
        [("ab", "a", "wa"), ("ab", "b", "wb"), ("wa", "mail"), ("wb", "yes", "mail"), ("wb", "no", "c"),
         ("mail", "c"), ("c", "yes", "x"), ("c", "no", "t")])
    flow_id = install(project, doc, clock)
    specs = [{"external_id": f"c{i}", "email": f"c{i}@x.io" if i % 3 else None} for i in range(60)]
    cids = add_contacts(project, clock, *specs)
    with project.write() as s:
        enter_contacts_bulk(s, s.get(FlowRow, flow_id), cids, clock)
    for cid in cids[::7]:
        add_event(project, cid, "buy", clock.now() + timedelta(hours=2))
    runtime = Runtime(project, clock, sandbox=True)
    runtime.run_until(clock.now() + timedelta(hours=3), save=False)
    with project.write() as s:
        ids = s.execute(select(Execution.id).where(Execution.status == "active")).scalars().all()[:5]
        for eid in ids:
            end_execution(s, eid, "exited", "goal", clock)
    assert counters_view(stats(project, flow_id)) == recount(project, flow_id)
    runtime.run_until(clock.now() + timedelta(hours=6), save=False)
    assert counters_view(stats(project, flow_id)) == recount(project, flow_id)
    assert stats(project, flow_id)["flow"]["active"] == 0
    assert stats(project, flow_id)["flow"]["exited_goal"] == 5


def test_paused_flow_holds_other_flows_run(project: Project, clock: VirtualClock) -> None:
    a = install(project, flow("A", [step("w", "wait", duration="PT1H"), step("t", "add_tag", tag="a")], [("w", "t")]), clock)
    b = install(project, flow("B", [step("w", "wait", duration="PT1H"), step("t", "add_tag", tag="b")], [("w", "t")]), clock)
    [cid] = add_contacts(project, clock, {"external_id": "a"})
    enter(project, a, [cid], clock)
    enter(project, b, [cid], clock)
    with project.write() as s:
        s.execute(update(FlowRow).where(FlowRow.id == a).values(status="paused"))
    Runtime(project, clock, sandbox=True).run_until(clock.now() + timedelta(hours=2), save=False)
    assert stats(project, a)["flow"]["active"] == 1 and stats(project, b)["flow"]["completed"] == 1


def test_run_until_stores_virtual_now(project: Project, clock: VirtualClock) -> None:
    from runtime.storage.project_clock import stored_virtual_now

    target = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    Runtime(project, clock, sandbox=True).run_until(target)
    with project.session() as s:
        assert stored_virtual_now(s) == target


@pytest.mark.postgres
def test_postgres_claims_and_runs(pg_fresh_url: str, clock: VirtualClock) -> None:
    from runtime.storage.db import open_project

    project = open_project(pg_fresh_url, create=True)
    try:
        doc = flow("PG", [step("w", "wait", duration="PT1H"), step("mail", "send_email", subject="s", body="b"),
                          step("t", "add_tag", tag="x")], [("w", "mail"), ("mail", "t")])
        flow_id = install(project, doc, clock)
        cids = add_contacts(project, clock, *[{"external_id": f"c{i}", "email": f"c{i}@x.io"} for i in range(30)])
        with project.write() as s:
            enter_contacts_bulk(s, s.get(FlowRow, flow_id), cids, clock)
        Runtime(project, clock, sandbox=True, batch_size=7).run_until(clock.now() + timedelta(hours=2), save=False)
        assert len(outbox(project)) == 30
        assert counters_view(stats(project, flow_id)) == recount(project, flow_id)
        assert stats(project, flow_id)["flow"]["completed"] == 30
        # real mode: the token waits for its message, the dispatcher's verdict moves it on
        real = install(project, flow("PG real", [step("mail", "send_email", subject="s", body="b"),
                                                 step("t", "add_tag", tag="sent")], [("mail", "t")]), clock)
        [eid] = enter(project, real, cids[:1], clock)
        Runtime(project, clock, sandbox=False).tick()
        [msg] = [m for m in outbox(project) if m.execution_id == eid]
        assert msg.status == "queued" and [t.data["outbox_id"] for t in tokens(project, eid)] == [msg.id]
        with project.write() as s:
            assert resume_after_delivery(s, msg.id, "next", clock)
        Runtime(project, clock, sandbox=False).tick()
        assert execution(project, eid).status == "completed"
    finally:
        project.close()
