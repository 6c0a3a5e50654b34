"""Flow lifecycle: states only move forward; pause holds, resume continues, terminate ends everyone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from runtime.storage import flows_repo
from runtime.clock import VirtualClock
from runtime.engine.entry import enter_if_allowed, published_flow
from runtime.engine.lifecycle import activate_flow, archive_flow, pause_flow, resume_flow, terminate_flow
from runtime.engine.runner import Runtime
from runtime.reports.stats import flow_stats
from runtime.errors import FlowCanvasError
from runtime.flow.io import flow_from_dict
from runtime.storage.db import Project
from runtime.storage.models import Audit, Execution, FlowRow, FlowVersion
from tests.runtime.engine_core_helpers import add_contacts, enter, flow, recount, counters_view, step, step_log


def make_flow(project: Project, clock: VirtualClock, doc: dict) -> int:
    with project.write() as s:
        return flows_repo.create_flow(s, flow_from_dict(doc, "<test>"), clock).id


def act(project: Project, clock: VirtualClock, flow_id: int, func) -> object:  # type: ignore[no-untyped-def]
    with project.write() as s:
        return func(s, s.get(FlowRow, flow_id), clock)


def row(project: Project, flow_id: int) -> FlowRow:
    with project.session() as s:
        return s.get(FlowRow, flow_id)


WAIT_TAG = flow("Life", [step("w", "wait", duration="P1D"), step("t", "add_tag", tag="done")], [("w", "t")])


def test_activate_publishes_once_and_again_after_an_edit(project: Project, clock: VirtualClock) -> None:
    flow_id = make_flow(project, clock, WAIT_TAG)
    assert row(project, flow_id).status == "draft"
    first = act(project, clock, flow_id, activate_flow)
    assert first is not None and row(project, flow_id).status == "active"
    assert act(project, clock, flow_id, activate_flow) is None  # unchanged draft: no new version
    [cid] = add_contacts(project, clock, {"external_id": "a"})
    [eid] = enter(project, flow_id, [cid], clock)
    edited = flow("Life", [step("w", "wait", duration="P1D"), step("t2", "add_tag", tag="v2")], [("w", "t2")])
    with project.write() as s:
        flows_repo.save_draft(s, s.get(FlowRow, flow_id), flow_from_dict(edited, "<test>"), clock)
    second = act(project, clock, flow_id, activate_flow)
    assert second is not None and second != first
    with project.session() as s:
        assert s.get(Execution, eid).version_id == first
        assert [v for v, in s.execute(select(FlowVersion.version).where(FlowVersion.flow_id == flow_id))] == [1, 2]
        assert [a.action for a in s.execute(select(Audit).order_by(Audit.id)).scalars()] == ["flow.activate"] * 3
    Runtime(project, clock, sandbox=True).run_until(clock.now() + timedelta(days=2), save=False)
    assert step_log(project, cid)[-1][0] == "t"


def test_invalid_transitions_name_the_flow_and_states(project: Project, clock: VirtualClock) -> None:
    flow_id = make_flow(project, clock, WAIT_TAG)
    with pytest.raises(FlowCanvasError, match=r"'Life'.*draft.*paused"):
        act(project, clock, flow_id, pause_flow)
    with pytest.raises(FlowCanvasError, match=r"'Life'.*resume.*draft"):
        act(project, clock, flow_id, resume_flow)
    with pytest.raises(FlowCanvasError, match=r"'Life'.*terminate"):
        act(project, clock, flow_id, terminate_flow)
    act(project, clock, flow_id, activate_flow)
    act(project, clock, flow_id, terminate_flow)
    for func in (activate_flow, pause_flow, resume_flow, terminate_flow):
        with pytest.raises(FlowCanvasError, match="terminated"):
            act(project, clock, flow_id, func)
    act(project, clock, flow_id, archive_flow)
    with pytest.raises(FlowCanvasError, match="archived"):
        act(project, clock, flow_id, archive_flow)
    assert row(project, flow_id).status == "archived"


def test_pause_holds_and_resume_continues(project: Project, clock: VirtualClock) -> None:
    flow_id = make_flow(project, clock, WAIT_TAG)
    act(project, clock, flow_id, activate_flow)
    cids = add_contacts(project, clock, {"external_id": "a"}, {"external_id": "b"})
    enter(project, flow_id, cids, clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    act(project, clock, flow_id, pause_flow)
    runtime.run_until(clock.now() + timedelta(days=3), save=False)
    assert [o for _s, o, _p in step_log(project)] == ["waiting", "waiting"]
    # a paused flow takes nobody new
    with project.write() as s:
        r = s.get(FlowRow, flow_id)
        assert enter_if_allowed(s, r, published_flow(s, r), cids[0], clock) is None
    act(project, clock, flow_id, resume_flow)
    runtime.tick()
    assert [(st, o) for st, o, _p in step_log(project)][2:] == [("w", "completed"), ("t", "completed")] * 2


def test_terminate_ends_everyone_and_nobody_enters(project: Project, clock: VirtualClock) -> None:
    flow_id = make_flow(project, clock, WAIT_TAG)
    act(project, clock, flow_id, activate_flow)
    cids = add_contacts(project, clock, *[{"external_id": f"c{i}"} for i in range(5)])
    enter(project, flow_id, cids, clock)
    Runtime(project, clock, sandbox=True).tick()
    assert act(project, clock, flow_id, terminate_flow) == 5
    with project.session() as s:
        assert {(e.status, e.exit_reason) for e in s.execute(select(Execution)).scalars()} == {("terminated", "terminated")}
        stats = flow_stats(s, flow_id)
        r = s.get(FlowRow, flow_id)
    assert stats["flow"]["active"] == 0 and stats["flow"]["exited_other"] == 5
    assert stats["steps"]["w"]["waiting"] == 0
    assert counters_view(stats) == recount(project, flow_id)
    with project.write() as s:
        r = s.get(FlowRow, flow_id)
        assert enter_if_allowed(s, r, published_flow(s, r), cids[0], clock) is None


def test_archive_an_active_flow_lets_contacts_leave(project: Project, clock: VirtualClock) -> None:
    flow_id = make_flow(project, clock, WAIT_TAG)
    act(project, clock, flow_id, activate_flow)
    cids = add_contacts(project, clock, {"external_id": "a"})
    enter(project, flow_id, cids, clock)
    assert act(project, clock, flow_id, archive_flow) == 1
    with project.session() as s:
        assert s.execute(select(Execution.exit_reason)).scalar() == "archived"


def test_flow_ends_when_end_at_passed_and_nobody_left(project: Project, clock: VirtualClock) -> None:
    end_at = (clock.now() + timedelta(days=1)).isoformat()
    doc = dict(WAIT_TAG, entry={"end_at": end_at})
    flow_id = make_flow(project, clock, doc)
    act(project, clock, flow_id, activate_flow)
    cids = add_contacts(project, clock, {"external_id": "a"})
    enter(project, flow_id, cids, clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.run_until(clock.now() + timedelta(hours=25), save=False)
    assert row(project, flow_id).status == "ended"
    with pytest.raises(FlowCanvasError, match="ended"):
        act(project, clock, flow_id, pause_flow)
