"""flow_stats reads the counters kept in the same transaction as each change."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete

from runtime.clock import VirtualClock
from runtime.engine.executions import end_execution
from runtime.engine.runner import Runtime
from runtime.reports.stats import flow_stats
from runtime.storage.db import Project
from runtime.storage.models import StepLog
from tests.runtime.engine_core_helpers import add_contacts, counters_view, enter, flow, install, recount, step

DOC = flow("Stats", [step("w", "wait", duration="PT1H"), step("mail", "send_email", subject="s", body="b"),
                     step("never", "add_tag", tag="x")],
           [("w", "mail"), ("mail", "failed", "never")])


def test_shape_and_values(project: Project, clock: VirtualClock) -> None:
    flow_id = install(project, DOC, clock)
    other = install(project, flow("Other", [step("w", "wait", duration="PT1H")], []), clock)
    cids = add_contacts(project, clock, {"external_id": "a", "email": "a@x.io"}, {"external_id": "b"},
                        {"external_id": "c", "email": "c@x.io"}, {"external_id": "d", "email": "d@x.io"})
    eids = enter(project, flow_id, cids, clock)
    enter(project, other, cids[:1], clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    with project.write() as s:
        end_execution(s, eids[2], "exited", "goal", clock)
        end_execution(s, eids[3], "exited", "left", clock)
    runtime.run_until(clock.now() + timedelta(hours=2), save=False)
    with project.session() as s:
        stats = flow_stats(s, flow_id, ["w", "mail", "never", "unused"])
    assert stats == {
        "flow": {"entered": 4, "active": 0, "completed": 2, "exited_goal": 1, "exited_other": 1, "failed": 0,
                 "conversion": 0.25},
        "steps": {
            "w": {"entered": 4, "waiting": 0, "completed": 2, "failed": 0},
            "mail": {"entered": 2, "waiting": 0, "completed": 1, "failed": 1},
            "never": {"entered": 1, "waiting": 0, "completed": 1, "failed": 0},
            "unused": {"entered": 0, "waiting": 0, "completed": 0, "failed": 0},
        },
    }
    assert counters_view(stats) == recount(project, flow_id)


def test_reads_counters_not_history(project: Project, clock: VirtualClock) -> None:
    flow_id = install(project, DOC, clock)
    cids = add_contacts(project, clock, {"external_id": "a", "email": "a@x.io"})
    enter(project, flow_id, cids, clock)
    Runtime(project, clock, sandbox=True).run_until(clock.now() + timedelta(hours=2), save=False)
    with project.session() as s:
        before = flow_stats(s, flow_id)
    with project.write() as s:
        s.execute(delete(StepLog))
    with project.session() as s:
        assert flow_stats(s, flow_id) == before


def test_empty_flow_has_zero_conversion(project: Project, clock: VirtualClock) -> None:
    flow_id = install(project, DOC, clock)
    with project.session() as s:
        stats = flow_stats(s, flow_id)
    assert stats["flow"]["conversion"] == 0.0 and stats["steps"] == {}
