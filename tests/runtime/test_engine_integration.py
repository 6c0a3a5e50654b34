"""Integration fixes between the engine, the channels and the CLI.

Goal sweeps throttled to every 5 minutes of clock time, parsed versions cached by id, the real
clock's run summary, future events touching last activity, per-flow quiet hours and caps, the
scheduler following the project's sandbox setting, and the engine's delivery wait following
the dispatcher's give-up time. Virtual clocks and real SQLite files throughout.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from runtime.channels import settings as cs
from runtime.channels.base import Sent
from runtime.channels.dispatcher import Dispatcher
from runtime.channels.policy import PolicyConfig, decide
from runtime.clock import UTC, SystemClock, VirtualClock
from runtime.contacts.events import record_event
from runtime.contacts.tags import add_tag
from runtime.engine.executions import DELIVERY_MARGIN, delivery_timeout, enter_contact
from runtime.engine.flowcache import compiled_version
from runtime.engine.runner import GOAL_SWEEP_EVERY, Runtime
from runtime.engine.scheduler import EngineScheduler
from runtime.storage.db import Project, open_project
from runtime.storage.models import Contact, FlowRow, Outbox, StepLog, Token
from tests.runtime.channel_helpers import FakeAdapter
from tests.runtime.engine_helpers import (
    add_contact,
    add_event,
    executions,
    flow_doc,
    install_flow,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
SIGNUP = {"type": "event", "event": "signup"}
SMS_THEN_WAIT = [
    {"id": "sms", "type": "send_sms", "config": {"text": "Hello {{ contact.first_name }}"}},
    {"id": "hold", "type": "wait", "config": {"duration": "P30D"}},
]
SMS_EDGES = [{"from": "sms", "to": "hold"}]


def _signed_up(project: Project, clock: VirtualClock, doc: dict[str, Any], **contact: Any) -> tuple[int, int]:
    """Install ``doc`` and a contact who signed up now; returns (flow id, contact id)."""
    with project.write() as s:
        row = install_flow(s, doc, clock)
        person = add_contact(s, "ann", clock, **contact)
        add_event(s, person, "signup", clock)
        return row.id, person.id


# ---------------------------------------------------------------------------------------------
# 1. the goal sweep runs at most every 5 minutes of clock time


def test_tick_sweeps_condition_goals_at_most_every_five_minutes(project: Project) -> None:
    clock = VirtualClock(T0)
    flow_id, cid = _signed_up(project, clock, flow_doc("Onboarding", SIGNUP, goal={"tag": "customer"}))
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()  # enters, and sweeps once
    clock.advance(timedelta(minutes=1))
    with project.write() as s:
        add_tag(s, cid, "customer", "test", None, clock.now())
    runtime.tick()
    with project.session() as s:
        [ex] = executions(s, flow_id)
        assert ex.status == "active"  # a minute after the last sweep: no sweep yet
    clock.set(T0 + GOAL_SWEEP_EVERY)
    assert runtime.tick().goals == 1
    with project.session() as s:
        [ex] = executions(s, flow_id)
        assert (ex.status, ex.exit_reason) == ("exited", "goal")


def test_run_until_sweeps_every_five_virtual_minutes_for_condition_goals(project: Project) -> None:
    clock = VirtualClock(T0)
    flow_id, cid = _signed_up(project, clock, flow_doc("Onboarding", SIGNUP, goal={"tag": "customer"}))
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    with project.write() as s:
        add_tag(s, cid, "customer", "test", None, T0 + timedelta(minutes=1))
    runtime.run_until(T0 + timedelta(hours=1), save=False)
    with project.session() as s:
        [ex] = executions(s, flow_id)
        assert ex.status == "exited" and ex.ended_at == T0 + GOAL_SWEEP_EVERY


def test_condition_goal_with_a_window_is_seen_before_the_window_closes(project: Project) -> None:
    clock = VirtualClock(T0)
    goal = {"condition": {"tag": "customer"}, "within": "PT30M"}
    flow_id, cid = _signed_up(project, clock, flow_doc("Onboarding", SIGNUP, goal=goal))
    runtime = Runtime(project, clock, sandbox=True)
    runtime.run_until(T0 + timedelta(minutes=20), save=False)
    with project.write() as s:
        add_tag(s, cid, "customer", "test", None, clock.now())
    runtime.run_until(T0 + timedelta(days=2), save=False)  # the window closes at T0 + 30 min
    with project.session() as s:
        [ex] = executions(s, flow_id)
        assert ex.exit_reason == "goal" and ex.ended_at == T0 + timedelta(minutes=25)


def test_goal_events_are_handled_on_arrival_between_sweeps(project: Project) -> None:
    clock = VirtualClock(T0)
    flow_id, cid = _signed_up(project, clock, flow_doc("Onboarding", SIGNUP, goal={"event": "purchase"}))
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    clock.advance(timedelta(seconds=30))
    with project.write() as s:
        add_event(s, s.get(Contact, cid), "purchase", clock)
    runtime.tick()
    with project.session() as s:
        [ex] = executions(s, flow_id)
        assert ex.exit_reason == "goal" and ex.ended_at == T0 + timedelta(seconds=30)


def test_run_until_does_not_stop_for_sweeps_without_condition_goals(project: Project) -> None:
    clock = VirtualClock(T0)
    # an event goal, even with a window, is judged by the event's time: no need to stop for sweeps
    _signed_up(project, clock, flow_doc("Onboarding", SIGNUP, goal={"event": "purchase", "within": "P7D"}))
    runtime = Runtime(project, clock, sandbox=True)
    ticks: list[datetime] = []
    plain_tick = runtime.tick

    def counting_tick() -> Any:
        ticks.append(clock.now())
        return plain_tick()

    runtime.tick = counting_tick  # type: ignore[method-assign]
    runtime.run_until(T0 + timedelta(days=1), save=False)
    assert len(ticks) <= 3  # now, (the wait is 30 days away), the target: no 5-minute crawl


# ---------------------------------------------------------------------------------------------
# 2. parsed versions cached by id


def test_enter_contact_reads_a_version_once(project: Project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        row = install_flow(s, flow_doc("Welcome", {"type": "manual"}), clock)
        ids = [add_contact(s, f"c{i}", clock).id for i in range(3)]
        flow_id = row.id
    reads: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "flow_versions" in statement:
            reads.append(statement)

    sa_event.listen(project.engine, "before_cursor_execute", seen)
    try:
        for cid in ids:
            with project.write() as s:
                assert enter_contact(s, s.get(FlowRow, flow_id), cid, clock) is not None
    finally:
        sa_event.remove(project.engine, "before_cursor_execute", seen)
    assert len(reads) <= 1


def test_a_version_cached_in_a_rolled_back_transaction_is_forgotten(project: Project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        install_flow(s, flow_doc("Keep", {"type": "manual"}), clock)
    with pytest.raises(RuntimeError), project.write() as s:
        doc = flow_doc("Gone", {"type": "manual"}, steps=[{"id": "only_gone", "type": "wait",
                                                          "config": {"duration": "P1D"}}])
        gone = install_flow(s, doc, clock)
        assert "only_gone" in compiled_version(s, gone.current_version_id).steps
        gone_version = gone.current_version_id
        raise RuntimeError("rolled back")
    with project.write() as s:  # SQLite hands the rolled-back id to the next version
        row = install_flow(s, flow_doc("Next", {"type": "manual"}), clock)
        assert row.current_version_id == gone_version
        assert "only_gone" not in compiled_version(s, row.current_version_id).steps


def test_two_projects_with_the_same_version_id_do_not_share_a_cache_entry(tmp_path: Path) -> None:
    clock = VirtualClock(T0)
    first, second = open_project(tmp_path / "a.fcproj", create=True), open_project(tmp_path / "b.fcproj", create=True)
    try:
        for proj, step_id in ((first, "in_a"), (second, "in_b")):
            with proj.write() as s:
                doc = flow_doc("F", {"type": "manual"}, steps=[{"id": step_id, "type": "wait",
                                                                "config": {"duration": "P1D"}}])
                install_flow(s, doc, clock)
        for proj, step_id in ((first, "in_a"), (second, "in_b")):
            with proj.session() as s:
                assert list(compiled_version(s, 1).steps) == [step_id]
    finally:
        first.close()
        second.close()


# ---------------------------------------------------------------------------------------------
# 3. `run --clock real` reports the steps it ran, in the virtual run's shape


def test_real_clock_run_reports_steps_like_a_virtual_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from runtime.cli.main import main
    from runtime.engine import scheduler

    path = tmp_path / "real.fcproj"
    proj = open_project(path, create=True)
    clock = SystemClock()
    with proj.write() as s:
        install_flow(s, flow_doc("Welcome", SIGNUP), clock)
        for i in range(3):
            add_event(s, add_contact(s, f"c{i}", clock), "signup", clock)
    proj.close()

    def run_one_tick(project: Project, seconds: float | None, **options: Any) -> Any:
        # the real scheduler, stopped as soon as its first tick is done (instead of after `seconds`)
        runtime = options["runtime"]

        async def scenario() -> Any:
            loop = asyncio.get_running_loop()
            stop = asyncio.Event()
            plain_tick = runtime.tick

            def tick_then_stop() -> Any:
                result = plain_tick()
                loop.call_soon_threadsafe(stop.set)
                return result

            runtime.tick = tick_then_stop
            return await scheduler.run_headless(project, None, stop=stop, dispatcher=False, **options)

        return asyncio.run(scenario())

    monkeypatch.setattr(scheduler, "run_for", run_one_tick)
    assert main(["run", str(path), "--clock", "real", "--for", "60", "--sandbox", "--json"]) == 0
    real = json.loads(capsys.readouterr().out)
    assert real["clock"] == "real"
    assert (real["inbound"], real["tokens"], real["steps"]) == (3, 3, 3)  # three entries, one wait step each
    assert main(["run", str(path), "--clock", "real", "--for", "60", "--sandbox"]) == 0
    assert "0 steps, 0 inbound items" in capsys.readouterr().err  # nothing left to do: and it says so
    assert main(["run", str(path), "--clock", "virtual", "--once", "--json"]) == 0
    virtual = json.loads(capsys.readouterr().out)
    assert set(real) == set(virtual)


# ---------------------------------------------------------------------------------------------
# 4. events recorded ahead of time count as activity when their time comes


def test_future_event_moves_last_activity_when_reached(project: Project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        person = add_contact(s, "ann", clock)
        record_event(s, person, "appointment", {}, T0 + timedelta(hours=2), clock)
        cid = person.id
    with project.session() as s:
        assert s.get(Contact, cid).last_activity_at is None
    runtime = Runtime(project, clock, sandbox=True)
    runtime.run_until(T0 + timedelta(hours=1), save=False)
    with project.session() as s:
        assert s.get(Contact, cid).last_activity_at is None  # not happened yet
    runtime.run_until(T0 + timedelta(hours=3), save=False)
    with project.session() as s:
        assert s.get(Contact, cid).last_activity_at == T0 + timedelta(hours=2)


# ---------------------------------------------------------------------------------------------
# 5. per-flow quiet hours and caps


def _dispatch(project: Project, clock: VirtualClock, adapter: FakeAdapter) -> Any:
    async def once() -> Any:
        dispatcher = Dispatcher(project, clock, {"sms": adapter}, sandbox=False)
        try:
            return await dispatcher.run_once()
        finally:
            await dispatcher.aclose()

    return asyncio.run(once())


def _outbox(project: Project) -> list[Outbox]:
    with project.session() as s:
        return list(s.scalars(select(Outbox).order_by(Outbox.id)))


def test_flow_quiet_hours_hold_an_sms_until_the_window_opens_in_the_contacts_zone(project: Project) -> None:
    late = datetime(2026, 3, 2, 20, 30, tzinfo=UTC)  # 21:30 in Berlin (UTC+1)
    clock = VirtualClock(late)
    with project.write() as s:
        cs.set_quiet_hours(s, "sms", "off")  # the project has none: only the flow's setting can hold it
    doc = flow_doc("Evening", SIGNUP, steps=SMS_THEN_WAIT, edges=SMS_EDGES, settings={"quiet_hours": "21:00-08:00"})
    flow_id, _cid = _signed_up(project, clock, doc, phone="+447911123451", first_name="Ann", timezone="Europe/Berlin")
    runtime = Runtime(project, clock, sandbox=False)
    runtime.tick()
    [row] = _outbox(project)
    assert row.status == "queued" and row.content["flow_quiet_hours"] == "21:00-08:00"
    adapter = FakeAdapter("sms", [Sent("sms-1")], field_name="phone")
    _dispatch(project, clock, adapter)
    [row] = _outbox(project)
    opens = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
    assert (row.status, row.next_attempt_at) == ("held", opens) and adapter.calls == []
    assert "21:00-08:00" in row.reason and "Europe/Berlin" in row.reason
    clock.set(opens)
    _dispatch(project, clock, adapter)
    runtime.tick()
    [row] = _outbox(project)
    assert row.status == "sent" and len(adapter.calls) == 1
    with project.session() as s:
        [ex] = executions(s, flow_id)
        [token] = s.scalars(select(Token).where(Token.execution_id == ex.id, Token.state == "waiting"))
        assert token.step_id == "hold"  # the send went on through 'next'


def test_flow_quiet_hours_replace_the_projects(project: Project) -> None:
    evening = datetime(2026, 3, 2, 19, 30, tzinfo=UTC)  # 20:30 in Berlin: inside the SMS default 20:00-08:00
    clock = VirtualClock(evening)
    doc = flow_doc("Evening", SIGNUP, steps=SMS_THEN_WAIT, edges=SMS_EDGES, settings={"quiet_hours": "21:00-08:00"})
    _signed_up(project, clock, doc, phone="+447911123451", timezone="Europe/Berlin")
    Runtime(project, clock, sandbox=False).tick()
    adapter = FakeAdapter("sms", [Sent("sms-1")], field_name="phone")
    _dispatch(project, clock, adapter)
    assert [r.status for r in _outbox(project)] == ["sent"]


def test_quiet_hours_and_caps_precedence_step_over_flow_over_project() -> None:
    late = datetime(2026, 3, 2, 22, 0, tzinfo=UTC)
    config = PolicyConfig({"default": "22:30-07:00", "sms": "20:00-08:00"}, {"per_day": 5, "action": "delay"})
    # flow window replaces the project's; "off" switches it off; the step's False wins over both
    assert decide(config, None, "sms", 1, "UTC", late).action == "hold"
    assert decide(config, None, "sms", 1, "UTC", late, flow_quiet_hours="off").action == "send"
    assert decide(config, None, "email", 1, "UTC", late, flow_quiet_hours="21:00-08:00").action == "hold"
    assert decide(config, None, "email", 1, "UTC", late, quiet_hours=False, flow_quiet_hours="21:00-08:00").action \
        == "send"
    assert decide(config, None, "webhook", 1, "UTC", late, flow_quiet_hours="21:00-08:00").action == "send"

    noon = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

    class Ledger:
        """Two messages sent this morning."""

        def history(self, _contact_id: int) -> list[tuple[str, datetime]]:
            return [("email", noon - timedelta(hours=1)), ("sms", noon - timedelta(hours=2))]

    ledger: Any = Ledger()
    assert decide(config, ledger, "email", 1, "UTC", noon).action == "send"  # project: 5 a day
    held = decide(config, ledger, "email", 1, "UTC", noon, flow_caps={"per_day": 2})
    assert held.action == "hold" and "frequency cap 2 per day" in held.reason
    assert decide(config, ledger, "email", 1, "UTC", noon, flow_caps={"per_day": 2, "action": "skip"}).action == "skip"
    assert decide(config, ledger, "email", 1, "UTC", noon, cap="ignore", flow_caps={"per_day": 2}).action == "send"
    assert decide(config, ledger, "email", 1, "UTC", noon, cap="skip", flow_caps={"per_day": 2}).action == "skip"


def test_flow_caps_reach_the_outbox_and_the_dispatcher(project: Project) -> None:
    clock = VirtualClock(T0)
    doc = flow_doc("Capped", SIGNUP, steps=SMS_THEN_WAIT, edges=SMS_EDGES, settings={"caps": {"per_day": 0}})
    _signed_up(project, clock, doc, phone="+447911123451")
    Runtime(project, clock, sandbox=False).tick()
    [row] = _outbox(project)
    assert row.content["flow_caps"] == {"per_day": 0}
    _dispatch(project, clock, FakeAdapter("sms", [Sent("sms-1")], field_name="phone"))
    [row] = _outbox(project)
    assert row.status == "skipped" and "frequency cap 0 per day" in row.reason


def test_designer_settings_shapes_validate() -> None:
    from runtime.flow.io import flow_from_dict
    from runtime.flow.validate import validate_flow

    # exactly what designer/inspector/flow_settings.py writes
    doc = flow_doc("Shapes", SIGNUP, steps=SMS_THEN_WAIT, edges=SMS_EDGES,
                   settings={"quiet_hours": "21:00-08:00", "caps": {"per_day": 2, "per_week": 5},
                             "max_lateness": "PT2H"})
    report = validate_flow(flow_from_dict(doc))
    assert not [p for p in report.errors if p.code == "bad_settings"]


# ---------------------------------------------------------------------------------------------
# 6. the scheduler follows the project's sandbox setting


def test_scheduler_uses_the_projects_sandbox_setting(project: Project) -> None:
    with project.write() as s:
        cs.set_sandbox(s, True)
    engine = EngineScheduler(project, SystemClock(), dispatcher=False)
    assert engine.runtime.sandbox is True
    with project.write() as s:
        cs.set_sandbox(s, False)
    assert EngineScheduler(project, SystemClock(), dispatcher=False).runtime.sandbox is False
    assert EngineScheduler(project, SystemClock(), sandbox=True, dispatcher=False).runtime.sandbox is True


# ---------------------------------------------------------------------------------------------
# 7. the engine waits for delivery as long as the dispatcher may still send


def test_delivery_wait_follows_the_dispatchers_give_up_time(project: Project) -> None:
    with project.session() as s:
        assert delivery_timeout(s) == timedelta(hours=48) + DELIVERY_MARGIN
    with project.write() as s:
        cs.set_dispatch_settings(s, {"give_up_after_hours": 100})
    with project.session() as s:
        assert delivery_timeout(s) == timedelta(hours=100) + DELIVERY_MARGIN


def test_a_long_give_up_time_keeps_the_flow_waiting_until_the_message_is_sent(project: Project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        cs.set_dispatch_settings(s, {"give_up_after_hours": 100})
    doc = flow_doc("Patient", SIGNUP, steps=SMS_THEN_WAIT, edges=SMS_EDGES)
    flow_id, _cid = _signed_up(project, clock, doc, phone="+447911123451")
    runtime = Runtime(project, clock, sandbox=False)
    runtime.tick()
    with project.session() as s:
        [token] = s.scalars(select(Token).where(Token.flow_id == flow_id, Token.state == "waiting"))
        assert token.step_id == "sms" and token.due_at == T0 + timedelta(hours=100) + DELIVERY_MARGIN
    runtime.run_until(T0 + timedelta(hours=95), save=False)  # past the old fixed 3 days (08:00 UTC: no quiet hours)
    with project.session() as s:
        [ex] = executions(s, flow_id)
        assert ex.status == "active"
        assert not s.scalars(select(StepLog).where(StepLog.outcome == "failed")).all()
    adapter = FakeAdapter("sms", [Sent("late-but-sent")], field_name="phone")
    _dispatch(project, clock, adapter)
    runtime.tick()
    assert [r.status for r in _outbox(project)] == ["sent"]
    with project.session() as s:
        [token] = s.scalars(select(Token).where(Token.flow_id == flow_id, Token.state == "waiting"))
        assert token.step_id == "hold"

