"""Crash safety: SIGKILL the engine at random moments while it moves thousands of contacts.

``flowcanvas run PROJECT --clock virtual --until T --sandbox`` runs the engine as a child
process; the test kills it with SIGKILL after seeded random delays, runs it again (aiming
further each time), lets the last run finish, and then checks the database: integrity, no step finished twice by one token, counters equal to a
recount, no execution lost or duplicated, no outbox row duplicated, everyone through the flow.
"""

from __future__ import annotations

import json
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
from runtime.project_clock import save_virtual_now
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


def _run(path: Path, until: datetime) -> subprocess.Popen[str]:
    """``flowcanvas run PROJECT --clock virtual --until T --sandbox`` as a child process."""
    return subprocess.Popen(
        [sys.executable, "main.py", "run", str(path), "--clock", "virtual", "--until", until.isoformat(), "--sandbox",
         "--json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


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
    rng = random.Random(20261122)
    kills = 0
    for round_no in range(ROUNDS):
        # each run aims a bit further; it is killed after a seeded wall-clock delay, wherever it is
        # (inside a batch transaction or between two), and the next run picks up from the database
        proc = _run(path, START + (round_no + 1) * (UNTIL - START) / (ROUNDS + 2))
        try:
            proc.wait(timeout=rng.uniform(1.0, 2.2))  # about 1 s goes to starting Python
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.communicate(timeout=60)
    final = _run(path, UNTIL)
    out, err = final.communicate(timeout=240)
    assert final.returncode == 0, err
    assert json.loads(out)["now"] == UNTIL.isoformat()
    assert kills >= 3  # the run really was interrupted several times

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
