"""The stuck-contact inspector: reasons grouped by step, a normal wait is not stuck, and operator
actions (move, remove, re-enter after the end, retry the send, clear tags) audited with who and why."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from runtime.clock import VirtualClock
from runtime.contacts.tags import add_tag, contact_tags
from runtime.engine.runner import Runtime
from runtime.errors import InputError
from runtime.service import ProjectService
from runtime.storage.db import Project
from runtime.storage.models import Audit, Contact, Execution, Outbox, TagLog
from tests.runtime.engine_core_helpers import add_contacts, counters_view, enter, flow, install, recount, step, tokens

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
DOC = flow("Nurture", [
    step("wait_2d", "wait", duration="P2D"),
    step("hello", "send_email", subject="Hello", body="Hi {{ contact.first_name }}"),
    step("tag", "add_tag", tag="nurtured"),
], [("wait_2d", "hello"), ("hello", "tag")], entry={"repeat": "once"})


@pytest.fixture
def setup(project: Project) -> tuple[ProjectService, VirtualClock, int, list[int]]:
    clock = VirtualClock(T0)
    flow_id = install(project, DOC, clock)
    cids = add_contacts(project, clock, *({"external_id": f"u-{n}", "email": f"u{n}@shop.io", "first_name": f"U{n}"}
                                          for n in range(1, 5)))
    enter(project, flow_id, cids, clock)
    Runtime(project, clock, sandbox=False).run_until(T0, save=False)
    return ProjectService(project, clock), clock, flow_id, cids


def _execution(project: Project, contact_id: int, status: str = "active") -> int:
    with project.session() as s:
        return s.execute(select(Execution.id).where(Execution.contact_id == contact_id, Execution.status == status)
                         .order_by(Execution.id.desc())).scalars().first()


def _groups(report: dict) -> dict[tuple[str, str], int]:
    return {(g["step"], g["reason"]): g["count"] for g in report["groups"]}


def test_reasons_grouped_by_step_and_a_normal_wait_is_not_stuck(setup, project: Project) -> None:  # noqa: ANN001
    service, clock, flow_id, cids = setup
    clock.advance(timedelta(days=1))
    assert service.stuck_report(flow_id)["total"] == 0  # in the middle of a normal 2-day wait

    clock.advance(timedelta(days=2))  # nobody ran the engine: a day past the wait's plan
    report = service.stuck_report(flow_id)
    assert _groups(report) == {("wait_2d", "overdue"): 4}
    # an unnamed step is named as its card reads ("Wait 2 d"), not by its id
    assert report["contacts"][0]["step_name"] == "Wait 2 d" and report["contacts"][0]["hours"] == 72.0

    Runtime(project, clock, sandbox=False).tick()  # everyone reaches the email step; messages queued
    with project.write() as s:
        rows = {r.contact_id: r for r in s.execute(select(Outbox)).scalars()}
        rows[cids[0]].status, rows[cids[0]].reason = "held", "quiet hours until 08:00 in Europe/Moscow"
        rows[cids[1]].status, rows[cids[1]].reason = "review", "interrupted while sending"
        rows[cids[2]].attempts, rows[cids[2]].error = 2, "503 Service Unavailable"
        s.get(Contact, cids[3]).email_status = "unsubscribed"
    report = service.stuck_report(flow_id, "hello")
    assert _groups(report) == {("hello", "quiet_hours"): 1, ("hello", "in_review"): 1,
                               ("hello", "provider_retrying"): 1, ("hello", "channel_blocked"): 1}
    assert {c["contact"]: c["label"] for c in report["contacts"]}["u-3"] == "Provider error, retrying"

    service.pause(flow_id)
    assert _groups(service.stuck_report(flow_id)) == {("hello", "flow_paused"): 4}


def test_move_a_stuck_contact_continues_from_the_new_step_with_an_audit_row(setup, project: Project) -> None:  # noqa: ANN001
    service, clock, flow_id, cids = setup
    clock.advance(timedelta(days=3))
    stuck = service.stuck_report(flow_id)["contacts"]
    target = next(c for c in stuck if c["contact"] == "u-1")
    service.operator_action("move", [target["execution_id"]], to_step="tag", reason="skip the reminder",
                            actor="anna@shop")
    Runtime(project, clock, sandbox=False).tick()
    with project.session() as s:
        execution = s.get(Execution, target["execution_id"])
        assert execution.status == "completed"
        assert "nurtured" in contact_tags(s, cids[0])
        audit = s.execute(select(Audit).where(Audit.action == "move_to_step")).scalars().one()
    assert audit.actor == "anna@shop" and audit.detail["reason"] == "skip the reminder" and audit.detail["to"] == "tag"
    assert counters_view(service.flow_stats(flow_id)) == recount(project, flow_id)


def test_reenter_an_ended_execution_overrides_repeat_once_and_is_audited(setup, project: Project) -> None:  # noqa: ANN001
    service, clock, flow_id, cids = setup
    first = _execution(project, cids[0])
    service.operator_action("remove", [first], reason="asked to stop", actor="ops")
    with pytest.raises(InputError, match="reason is required"):
        service.operator_action("reenter", [first], reason=" ")
    result = service.operator_action("reenter", [first], reason="asked to start over", actor="ops")[0]
    assert result["previous"] == first and result["execution_id"] != first
    assert [t.step_id for t in tokens(project) if t.execution_id == result["execution_id"]] == ["wait_2d"]
    with project.session() as s:
        actions = [(a.action, a.actor, a.detail.get("reason")) for a in s.execute(select(Audit).order_by(Audit.id)).scalars()]
    assert actions == [("end_execution", "ops", "asked to stop"), ("reenter", "ops", "asked to start over")]
    assert counters_view(service.flow_stats(flow_id)) == recount(project, flow_id)


def test_retry_send_and_clear_tags_on_a_selection(setup, project: Project) -> None:  # noqa: ANN001
    service, clock, flow_id, cids = setup
    clock.advance(timedelta(days=2))
    Runtime(project, clock, sandbox=False).tick()
    with project.write() as s:
        for row in s.execute(select(Outbox)).scalars():
            row.status, row.error, row.next_attempt_at = "review", "interrupted", None
        for cid in cids[:2]:
            add_tag(s, cid, "vip", "import", None, T0)
            add_tag(s, cid, "trial", "import", None, T0)
    selection = [_execution(project, cid) for cid in cids[:2]]
    results = service.operator_action("retry_send", selection, reason="provider is back", actor="ops")
    assert [r["how"] for r in results] == ["requeued", "requeued"]
    service.operator_action("clear_tags", selection, reason="stale tags", actor="ops")
    with project.session() as s:
        statuses = {r.contact_id: (r.status, r.error) for r in s.execute(select(Outbox)).scalars()}
        assert statuses[cids[0]] == ("queued", None) and statuses[cids[2]][0] == "review"
        assert contact_tags(s, cids[0]) == [] and contact_tags(s, cids[1]) == []
        cleared = s.execute(select(TagLog).where(TagLog.by == "ops")).scalars().all()
        assert len(cleared) == 4 and all(t.reason == "stale tags" for t in cleared)
        assert len(s.execute(select(Audit).where(Audit.action == "retry_send")).scalars().all()) == 2


def test_a_bad_action_on_a_selection_changes_nothing(setup, project: Project) -> None:  # noqa: ANN001
    service, _clock, flow_id, cids = setup
    good, gone = _execution(project, cids[0]), _execution(project, cids[1])
    service.operator_action("remove", [gone])
    with pytest.raises(InputError, match="u-2"):
        service.operator_action("remove", [good, gone], reason="cleanup")
    assert _execution(project, cids[0]) == good  # the first contact was not removed either
    with pytest.raises(InputError, match="no step 'nowhere'"):
        service.operator_action("move", [good], to_step="nowhere")
