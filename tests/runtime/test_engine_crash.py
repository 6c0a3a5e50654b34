"""Crash safety: SIGKILL the engine at random moments while it moves thousands of contacts.

A child process runs the engine on the project's virtual clock as ``flowcanvas run PROJECT
--clock virtual --until T --sandbox`` does (``Runtime.run_until``, storing the virtual now);
the test kills it with SIGKILL at seeded random moments while it works, runs it again (aiming
further each time), lets the last run finish, and then checks the database: integrity, no step finished twice by one token, counters equal to a
recount, no execution lost or duplicated, no outbox row duplicated, everyone through the flow.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter as Tally
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from runtime.clock import UTC, VirtualClock
from runtime.contacts.tags import add_tag
from runtime.storage.project_clock import save_virtual_now
from runtime.storage.db import Project, open_project
from runtime.storage.models import Counter, Event, Execution, Outbox, StepLog, Token
from tests.runtime.engine_helpers import add_contact, add_event, install_flow

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
UNTIL = START + timedelta(hours=12)
CONTACTS = 1500
ROUNDS = 7

FLOW = {
    "format": "flowcanvas/1",
    "name": "Crash",
    "trigger": {"type": "event", "event": "signup"},
    "steps": [
        {"id": "w1", "type": "wait", "config": {"duration": "PT1H"}},
        {"id": "e1", "type": "send_email", "config": {"subject": "Hi", "body": "Hello {{ contact.first_name }}"}},
        {"id": "p1", "type": "add_tag", "config": {"tag": "emailed"}},
        {"id": "c1", "type": "condition", "config": {"if": {"tag": "vip"}}},
        {"id": "t1", "type": "add_tag", "config": {"tag": "vip_seen"}},
        {"id": "w2", "type": "wait", "config": {"duration": "PT2H"}},
        {"id": "s1", "type": "send_sms", "config": {"text": "Thanks for being a VIP"}},
        {"id": "w3", "type": "wait", "config": {"duration": "PT30M"}},
        {"id": "s2", "type": "send_telegram", "config": {"text": "Hi {{ contact.first_name }}"}},
    ],
    "edges": [
        {"from": "w1", "to": "e1"},
        {"from": "e1", "to": "p1"},  # parallel branches after the email
        {"from": "e1", "to": "c1"},
        {"from": "c1", "port": "yes", "to": "t1"},
        {"from": "t1", "to": "w2"},
        {"from": "w2", "to": "s1"},
        {"from": "c1", "port": "no", "to": "w3"},
        {"from": "w3", "to": "s2"},
    ],
}
SEND_STEPS = {"e1", "s1", "s2"}

def _populate(path: Path) -> None:
    clock = VirtualClock(START)
    rng = random.Random(5)
    project = open_project(path, create=True)
    try:
        with project.write() as s:
            install_flow(s, FLOW, clock)
            for i in range(CONTACTS):
                contact = add_contact(s, f"c{i}", clock, email=f"c{i}@example.com", phone="+14155550100",
                                      telegram_chat_id=str(1000 + i), first_name=f"N{i}")
                if i % 3 == 0:
                    add_tag(s, contact.id, "vip", "import", None, clock.now())
                # signups spread over six hours, so entries keep arriving while others move on
                add_event(s, contact, "signup", clock, {}, START + timedelta(minutes=rng.randrange(360)))
            save_virtual_now(s, START)
    finally:
        project.close()


# What ``flowcanvas run PROJECT --clock virtual --until T --sandbox`` does, in 10-minute steps
# that each store the virtual now, printing a line per step so the test knows work is under way
# (the CLI prints only at the end, and Python's start-up time varies too much to aim a kill).
DRIVER = """
import sys
from datetime import datetime, timedelta

from runtime.clock import VirtualClock
from runtime.engine.runner import Runtime
from runtime.storage.project_clock import stored_virtual_now
from runtime.storage.db import open_project

path, until = sys.argv[1], datetime.fromisoformat(sys.argv[2])
project = open_project(path)
with project.session() as session:
    clock = VirtualClock(stored_virtual_now(session))
runtime = Runtime(project, clock, sandbox=True)
print("started", flush=True)
while clock.now() < until:
    runtime.run_until(min(until, clock.now() + timedelta(minutes=10)))
    print(clock.now().isoformat(), flush=True)
print("done", flush=True)
"""


def _run(driver: Path, path: Path, until: datetime) -> subprocess.Popen[str]:
    """The driver as a child process, aiming at virtual time ``until``."""
    return subprocess.Popen([sys.executable, str(driver), str(path), until.isoformat()], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _recount_matches_counters(project: Project, flow_id: int) -> None:
    with project.session() as s:
        stored = {(step, name): value for step, name, value in s.execute(
            select(Counter.step_id, Counter.name, Counter.value).where(Counter.flow_id == flow_id)) if value}
        expected: Tally[tuple[str, str]] = Tally()
        for status, reason, n in s.execute(
            select(Execution.status, Execution.exit_reason, func.count()).where(Execution.flow_id == flow_id)
            .group_by(Execution.status, Execution.exit_reason)
        ):
            expected[("", "entered")] += n
            if status == "active":
                expected[("", "active")] += n
            elif status in ("completed", "failed"):
                expected[("", status)] += n
            else:
                expected[("", "exited_goal" if reason == "goal" else "exited_other")] += n
        for step, outcome, n in s.execute(
            select(StepLog.step_id, StepLog.outcome, func.count()).where(StepLog.flow_id == flow_id,
                                                                         StepLog.outcome != "waiting")
            .group_by(StepLog.step_id, StepLog.outcome)
        ):
            expected[(step, "entered")] += n
            expected[(step, "failed" if outcome == "failed" else "completed")] += n
        for step, n in s.execute(
            select(Token.step_id, func.count()).where(Token.flow_id == flow_id, Token.state.in_(("ready", "waiting")))
            .group_by(Token.step_id)
        ):
            expected[(step, "entered")] += n  # arrived, not finished yet
            expected[(step, "waiting")] += n
    assert stored == {k: v for k, v in expected.items() if v}


@pytest.mark.slow
def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "crash.fcproj"
    _populate(path)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    rng = random.Random(20261122)
    kills = 0
    for round_no in range(ROUNDS):
        # each run aims a bit further; once it is working (a seeded number of progress lines) it
        # gets a seeded fraction of a second more and then SIGKILL, inside a batch transaction or
        # between two; the next run picks up from the database
        proc = _run(driver, path, START + (round_no + 1) * (UNTIL - START) / (ROUNDS + 1))
        assert proc.stdout is not None
        progress = [proc.stdout.readline() for _ in range(rng.randint(1, 3))]
        delay = rng.uniform(0.0, 0.6)
        if "done" not in "".join(progress):  # else it finished its stretch: nothing to kill
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                kills += 1
        proc.communicate(timeout=120)
    final = _run(driver, path, UNTIL)
    out, err = final.communicate(timeout=240)
    assert final.returncode == 0, err
    assert out.strip().endswith("done")
    assert kills >= 4  # the run really was interrupted, again and again

    project = open_project(path)
    try:
        with project.session() as s:
            assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            # every signup was handled and made exactly one execution
            assert s.execute(select(func.count()).where(Event.processed_at.is_(None))).scalar_one() == 0
            per_contact = Tally(s.execute(select(Execution.contact_id)).scalars())
            assert len(per_contact) == CONTACTS and set(per_contact.values()) == {1}
            # every contact finished the flow
            statuses = Tally(s.execute(select(Execution.status)).scalars())
            assert statuses == {"completed": CONTACTS}
            assert s.execute(select(func.count()).where(Token.state != "done")).scalar_one() == 0
            # no step finished twice by one token; every waiting visit was logged once
            dupes = s.execute(text(
                "SELECT execution_id, step_id, visit, outcome = 'waiting', COUNT(*) FROM step_log "
                "GROUP BY execution_id, step_id, visit, outcome = 'waiting' HAVING COUNT(*) > 1")).all()
            assert dupes == []
            # each contact's path: 6 finished visits (w1 e1 p1 c1 + t1 w2 s1 or w3 s2 ...)
            visits = Tally(s.execute(select(StepLog.step_id).where(StepLog.outcome != "waiting")).scalars())
            vips = len(range(0, CONTACTS, 3))
            assert visits == {"w1": CONTACTS, "e1": CONTACTS, "p1": CONTACTS, "c1": CONTACTS, "t1": vips,
                              "w2": vips, "s1": vips, "w3": CONTACTS - vips, "s2": CONTACTS - vips}
            # exactly one outbox row per send visit, keys unique
            rows = s.execute(select(Outbox.idempotency_key, Outbox.step_id, Outbox.status)).all()
            keys = Tally(r[0] for r in rows)
            assert max(keys.values()) == 1
            assert Tally(r[1] for r in rows) == {k: v for k, v in visits.items() if k in SEND_STEPS}
            assert {r[2] for r in rows} == {"sandbox"}
            flow_id = s.execute(select(Execution.flow_id).limit(1)).scalar_one()
        _recount_matches_counters(project, flow_id)
    finally:
        project.close()
