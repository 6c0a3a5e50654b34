"""Workers sharing a PostgreSQL database never stop on each other's locks.

A transaction the server rolls back as a deadlock victim is run again from the start
(``Project.write_retrying``, which every engine transaction goes through), and the periodic goal
sweep passes over an execution another worker holds instead of waiting for it: an inbound pass
ends goal-reaching executions in its events' order and the sweep in id order, so waiting in both
would be a deadlock whenever the two met.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from runtime.clock import VirtualClock
from runtime.engine.goals import goal_sweep
from runtime.engine.runner import Runtime
from runtime.storage.db import open_project
from tests.runtime.engine_core_helpers import add_contacts, add_event, enter, flow, install, run_together, step
from tests.runtime.test_report_batch import START

GOAL_FLOW = flow("Cart", [step("w", "wait", duration="P1D"), step("mail", "send_email", subject="Hi", body="Hello")],
                 [("w", "mail")], trigger={"type": "event", "event": "cart_add"}, goal={"event": "purchase"})


@pytest.mark.postgres
def test_a_deadlock_victim_is_run_again(pg_fresh_url: str, caplog: pytest.LogCaptureFixture) -> None:
    project = open_project(pg_fresh_url, create=True)
    try:
        with project.write() as s:
            s.execute(text("CREATE TABLE pair (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
            s.execute(text("INSERT INTO pair VALUES (1, 0), (2, 0)"))
        both_hold_one = threading.Barrier(2, timeout=30)
        attempts: list[int] = []
        errors: list[BaseException] = []

        def crossing(first: int, second: int) -> None:
            def work(session: Session) -> None:
                attempts.append(first)
                session.execute(text("UPDATE pair SET n = n + 1 WHERE id = :i"), {"i": first})
                if attempts.count(first) == 1:
                    both_hold_one.wait()  # each holds its first row: taking the other's is a cycle
                session.execute(text("UPDATE pair SET n = n + 1 WHERE id = :i"), {"i": second})

            own = open_project(pg_fresh_url)
            try:
                own.write_retrying(work, what="a crossing update")
            except BaseException as exc:  # noqa: BLE001 - reported by run_together
                errors.append(exc)
            finally:
                own.close()

        with caplog.at_level(logging.WARNING, logger="runtime.storage.db"):
            run_together([lambda: crossing(1, 2), lambda: crossing(2, 1)], errors)
        # the server rolled one back; it ran again and both committed whole
        assert sorted(attempts) in ([1, 1, 2], [1, 2, 2])
        assert any("SQLSTATE 40P01" in r.getMessage() for r in caplog.records)
        with project.session() as s:
            assert s.execute(text("SELECT id, n FROM pair ORDER BY id")).tuples().all() == [(1, 2), (2, 2)]
    finally:
        project.close()


@pytest.mark.postgres
def test_the_goal_sweep_passes_over_an_execution_another_worker_holds(pg_fresh_url: str) -> None:
    clock = VirtualClock(START)
    project = open_project(pg_fresh_url, create=True)
    try:
        flow_id = install(project, GOAL_FLOW, clock)
        held_contact, free_contact = add_contacts(project, clock, {"external_id": "a", "email": "a@example.com"},
                                                  {"external_id": "b", "email": "b@example.com"})
        held_execution, free_execution = enter(project, flow_id, [held_contact, free_contact], clock)
        for cid in (held_contact, free_contact):
            add_event(project, cid, "purchase", START + timedelta(minutes=5))
        clock.set(START + timedelta(minutes=10))
        other = project.engine.connect()  # another worker, in the middle of moving one contact
        try:
            other.execute(text("SELECT id FROM tokens WHERE execution_id = :e FOR UPDATE"), {"e": held_execution})
            with project.write() as s:
                s.execute(text("SET LOCAL lock_timeout = '10s'"))  # a sweep that waits fails, not hangs
                assert goal_sweep(s, clock) == 1
        finally:
            other.rollback()
            other.close()
        with project.session() as s:
            status = dict(s.execute(text("SELECT id, exit_reason FROM executions")).tuples().all())
        assert status == {held_execution: None, free_execution: "goal"}
        # the next sweep, with nobody holding it, ends the other one too
        runtime = Runtime(project, clock, sandbox=True)
        runtime.last_goal_sweep = START
        runtime.tick()
        with project.session() as s:
            assert s.execute(text("SELECT COUNT(*) FROM executions WHERE exit_reason = 'goal'")).scalar() == 2
            assert s.execute(text("SELECT COUNT(*) FROM tokens WHERE state IN ('ready', 'waiting')")).scalar() == 0
    finally:
        project.close()
