"""On PostgreSQL the report INSERT triggers count each statement's rows set-wise, over the
statement's transition table: concurrent workers interleave their ids, yet a run's aggregates
equal a rebuild from the base tables, row for row.

Two runtime workers step the same contacts through the flow at once (small batches, so their
multi-row inserts and updates of executions, step log, outbox and tokens interleave) while a
third connection imports events; a third of the contacts buy during the one-day wait and leave at the
goal. Then the deltas are folded and compared with a rebuild.

The workers' virtual clocks move in lockstep, an hour at a time, as workers on one real clock do:
with clocks left to run apart, a worker that found nothing due (the other held it) jumped ahead
alone, took buyers out at the goal before the other stepped their first wait, and scheduled waits
past the end of the run, so what the flow did varied from run to run.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from runtime.clock import VirtualClock
from runtime.contacts.events import import_events_jsonl
from runtime.engine.runner import Runtime
from runtime.storage import report_aggregates as aggregates
from runtime.storage.db import Project, open_project
from runtime.storage.models import StepLog
from tests.runtime.engine_core_helpers import add_contacts, add_event, enter, install, run_together
from tests.runtime.test_report_batch import FLOW, START

CONTACTS = 90
WORKERS = 2
GOAL_FLOW = {**FLOW, "goal": {"event": "purchase"}}


def _folded(project: Project) -> tuple[list[tuple], list[tuple]]:
    """The aggregates as a report reads them (deltas folded first)."""
    with project.write() as s:
        aggregates.fold(s.connection())
        assert s.execute(text("SELECT COUNT(*) FROM report_delta")).scalar() == 0
        daily = s.execute(text("SELECT day, flow_id, step_id, metric, dim, value, amount FROM report_daily "
                               "WHERE value <> 0 OR amount <> 0 ORDER BY 1, 2, 3, 4, 5")).all()
        active = s.execute(text("SELECT day, flow_id, contact_id FROM report_active ORDER BY 1, 2, 3")).all()
    return [tuple(r) for r in daily], [tuple(r) for r in active]


def _populate(project: Project, clock: VirtualClock, tmp_path: Path) -> Path:
    """Contacts (a third without phone), the vip quarter, a signup each; returns an events file
    of page views to import while the workers run. Every third contact buys during the one-day wait."""
    ids = add_contacts(project, clock, *[
        {"external_id": f"c{i}", "email": f"c{i}@example.com", **({"phone": f"+7916{i:07d}"} if i % 3 else {})}
        for i in range(CONTACTS)])
    with project.write() as s:
        s.execute(text("INSERT INTO tags (name) VALUES ('vip')"))
        s.execute(text("INSERT INTO contact_tags (contact_id, tag_id, added_at) SELECT c.id, t.id, '2026-03-02 09:00:00' "
                       "FROM contacts c, tags t WHERE c.id % 4 = 0 AND t.name = 'vip'"))
    for i, cid in enumerate(ids):
        add_event(project, cid, "signup", START)
        if i % 3 == 0:
            add_event(project, cid, "purchase", START + timedelta(hours=5), {"amount": i})
    lines = [f'{{"contact": "c{i}", "name": "page_view", "at": "2026-03-02T10:00:00+00:00"}}' for i in range(CONTACTS)]
    path = tmp_path / "views.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.postgres
def test_concurrent_workers_count_what_a_rebuild_counts(pg_fresh_url: str, tmp_path: Path) -> None:
    clock = VirtualClock(START)
    project = open_project(pg_fresh_url, create=True)
    try:
        flow_id = install(project, GOAL_FLOW, clock)
        views = _populate(project, clock, tmp_path)
        errors: list[BaseException] = []
        steps: list[int] = []
        barrier = threading.Barrier(WORKERS + 1)
        lockstep = threading.Barrier(WORKERS, timeout=120)

        def worker() -> None:
            own = open_project(pg_fresh_url)
            try:
                runtime = Runtime(own, VirtualClock(START), sandbox=True, batch_size=7)
                barrier.wait()
                done = 0
                for hour in range(3 * 24 + 1):
                    lockstep.wait()
                    done += runtime.run_until(START + timedelta(hours=hour), save=False).steps
                steps.append(done)
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                lockstep.abort()  # the other worker stops waiting for this one
                errors.append(exc)
            finally:
                own.close()

        def importer() -> None:
            own = open_project(pg_fresh_url)
            try:
                barrier.wait()
                assert import_events_jsonl(own, views, VirtualClock(START + timedelta(hours=2))).imported == CONTACTS
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
            finally:
                own.close()

        run_together([worker] * WORKERS + [importer], errors)
        assert len(steps) == WORKERS and all(n > 0 for n in steps)  # both workers did part of the work

        daily, active = _folded(project)
        reached = {(r[2], r[0]): r[5] for r in daily if r[1] == flow_id and r[3] == "reached"}
        buyers = CONTACTS // 3
        assert reached[("w1", "2026-03-02")] == CONTACTS and reached[("sms", "2026-03-03")] == CONTACTS - buyers
        assert [(r[0], r[5], r[6]) for r in daily if r[3] == "purchase"] == [("2026-03-02", buyers, 1305.0)]
        assert [(r[4], r[5]) for r in daily if r[3] == "event" and r[4] == "page_view"] == [("page_view", CONTACTS)]
        flow_rows: Counter[tuple[str, str]] = Counter()  # summed over the days
        for r in daily:
            if r[1] == flow_id and r[2] == "":
                flow_rows[(r[3], r[4])] += r[5]
        assert flow_rows[("entered", "1")] == CONTACTS and flow_rows[("goal", "1")] == buyers
        assert sum(v for (metric, _dim), v in flow_rows.items() if metric == "ended") == CONTACTS
        goal_ports: Counter[str] = Counter()
        for r in daily:
            if r[3] == "goal_port":
                goal_ports[r[4]] += r[5]
        assert set(goal_ports) <= {"yes", "no"} and sum(goal_ports.values()) <= buyers
        with project.write() as s:
            aggregates.rebuild(s.connection())
        assert _folded(project) == (daily, active)
    finally:
        project.close()


@pytest.mark.postgres
def test_a_single_row_insert_is_counted_once(pg_fresh_url: str) -> None:
    clock = VirtualClock(START)
    project = open_project(pg_fresh_url, create=True)
    try:
        flow_id = install(project, FLOW, clock)
        [cid] = add_contacts(project, clock, {"external_id": "solo", "email": "solo@example.com"})
        [eid] = enter(project, flow_id, [cid], clock)
        with project.write() as s:  # an ORM writer (the operator, the dispatcher's records)
            s.add(StepLog(execution_id=eid, flow_id=flow_id, contact_id=cid, step_id="mail", visit=1, at=START,
                          outcome="completed", port="next"))
            s.add(StepLog(execution_id=eid, flow_id=flow_id, contact_id=cid, step_id="mail", visit=1, at=START,
                          outcome="failed", port="failed", detail={"reason": "no email address"}))
        daily, active = _folded(project)
        mail = {(r[3], r[4]): r[5] for r in daily if r[1] == flow_id and r[2] == "mail"}
        # the second row of the same visit is not a second arrival; its failure is a skip (no address)
        assert mail == {("reached", ""): 1, ("skipped", "no_address"): 1}
        assert sum(r[5] for r in daily if r[1] == flow_id and r[3] == "entered") == 1
        with project.write() as s:
            aggregates.rebuild(s.connection())
        assert _folded(project) == (daily, active)
    finally:
        project.close()


def _trigger_levels(project: Project) -> set[tuple[str, bool]]:
    """``{(trigger, per row)}`` of the report triggers on the PostgreSQL database."""
    with project.session() as s:
        rows = s.execute(text("SELECT tgname, (tgtype & 1) = 1 FROM pg_trigger WHERE tgname LIKE 'fc_rep_%'")).all()
    return {(str(name), bool(per_row)) for name, per_row in rows}


@pytest.mark.postgres
def test_migration_0009_goes_down_to_per_row_triggers_and_back(pg_fresh_url: str) -> None:
    from alembic import command

    from runtime.storage.db import _alembic_config

    clock = VirtualClock(START)
    project = open_project(pg_fresh_url, create=True)
    try:
        levels = _trigger_levels(project)
        assert levels and not any(per_row for _name, per_row in levels)
        config = _alembic_config()
        for target, per_row in (("0008_report_batch", True), ("head", False)):
            with project.engine.connect() as conn:
                config.attributes["connection"] = conn
                (command.downgrade if per_row else command.upgrade)(config, target)
                conn.commit()
            assert _trigger_levels(project) == {(name, per_row) for name, _ in levels}
            add_contacts(project, clock, {"external_id": f"c{target}", "email": f"{target}@example.com"})
        daily, _active = _folded(project)
        assert [r[5] for r in daily if r[3] == "new_contacts"] == [2]  # one counted by each kind of trigger
    finally:
        project.close()
