"""``flowcanvas run PROJECT`` as a service: JSON log lines on stdout, and SIGTERM in the middle of
the work stops it cleanly (exit 0, the batch in flight committed, the runner lease released) and
loses nothing: a second run finishes the rest, and every contact went through exactly once."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections import Counter as Tally
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from runtime.cli.main import main as cli_main
from runtime.clock import SystemClock
from runtime.engine.lease import current_holder
from runtime.service.service_log import HANDLER_NAME, configure_logging, resolve_format
from runtime.storage.db import Project, open_project
from runtime.storage.models import Event, Execution, Outbox, Token
from tests.runtime.engine_core_helpers import recount_counters, stored_counters

ROOT = Path(__file__).resolve().parents[2]
CONTACTS = 8000

FLOW = {
    "format": "flowcanvas/1",
    "name": "Service",
    "trigger": {"type": "event", "event": "signup"},
    "steps": [
        {"id": "t1", "type": "add_tag", "config": {"tag": "lead"}},
        {"id": "e1", "type": "send_email", "config": {"subject": "Hi", "body": "Hello {{ contact.first_name }}"}},
        {"id": "c1", "type": "condition", "config": {"if": {"field": "first_name", "op": "contains", "value": "7"}}},
        {"id": "t2", "type": "add_tag", "config": {"tag": "seven"}},
        {"id": "t3", "type": "add_tag", "config": {"tag": "other"}},
    ],
    "edges": [
        {"from": "t1", "to": "e1"},
        {"from": "e1", "to": "c1"},
        {"from": "c1", "port": "yes", "to": "t2"},
        {"from": "c1", "port": "no", "to": "t3"},
    ],
}


def _populate(path: Path | str, tmp_path: Path, contacts_count: int = CONTACTS) -> None:
    """CONTACTS sign-ups, all due now on the wall clock (the service runs on the real clock), put
    in as a user does: a flow file, a contacts CSV and an events file through the CLI."""
    at = (SystemClock().now() - timedelta(minutes=30)).isoformat()
    flow, contacts, events = tmp_path / "flow.json", tmp_path / "contacts.csv", tmp_path / "events.jsonl"
    flow.write_text(json.dumps(FLOW), encoding="utf-8")
    contacts.write_text("id,email,first_name\n" + "".join(f"c{i},c{i}@example.com,N{i}\n"
                                                         for i in range(contacts_count)), encoding="utf-8")
    events.write_text("".join(json.dumps({"contact": f"c{i}", "name": "signup", "at": at}) + "\n"
                              for i in range(contacts_count)), encoding="utf-8")
    for argv in (["init", str(path)], ["flow", "import", str(path), str(flow), "--activate"],
                 ["contacts", "import", str(path), str(contacts)], ["events", "import", str(path), str(events)]):
        assert cli_main(argv) == 0, argv


def _count(project: Project, query: Any) -> int:
    with project.session() as s:
        return int(s.execute(query).scalar_one())


def _start(path: Path | str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "main.py", "run", str(path), "--sandbox", *extra], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_sigterm_mid_run_exits_cleanly_releases_the_lease_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "service.fcproj"
    _populate(path, tmp_path)
    project = open_project(path)
    try:
        proc = _start(path)  # stdout is a pipe, not a terminal: JSON log lines by default
        # SIGTERM as soon as the first batch of contacts has gone through: the rest is still to come
        _wait_for(lambda: _count(project, select(func.count()).where(Execution.status == "completed")) > 0,
                  proc, "the service never started working", interval=0.02)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err

        lines = [json.loads(line) for line in out.splitlines()]  # every line is one JSON object
        assert all({"ts", "level", "event", "message"} <= line.keys() for line in lines)
        events = [line["event"] for line in lines]
        for name in ("start", "signal", "stop"):
            assert events.count(name) == 1, events
        assert events.index("start") < events.index("signal") < events.index("stop")
        leases = [line["lease"] for line in lines if line["event"] == "lease"]
        assert leases == ["acquired", "released"]
        assert next(line for line in lines if line["event"] == "signal")["signal"] == "SIGTERM"
        assert current_holder(project, include_expired=True) is None  # the lease row is gone

        # stopped part-way: what was taken in is consistent, the rest is still waiting, untouched
        with project.session() as s:
            assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            taken = s.execute(select(func.count()).where(Event.processed_at.is_not(None))).scalar_one()
            executions = s.execute(select(func.count()).select_from(Execution)).scalar_one()
            assert 0 < taken == executions
            statuses = Tally(s.execute(select(Execution.status)).scalars())
            assert 0 < statuses["completed"] < CONTACTS  # stopped part-way through the contacts
            # no contact left half-way through a step: each is done or waits at a step, ready to go on
            assert set(s.execute(select(Token.state).distinct()).scalars()) <= {"ready", "waiting", "done"}
            flow_id = s.execute(select(Execution.flow_id).limit(1)).scalar_one()
            assert stored_counters(s, flow_id) == recount_counters(s, flow_id)
        stopped_totals = next(line for line in lines if line["event"] == "stop")["totals"]
        assert stopped_totals["inbound"] >= taken and stopped_totals["steps"] > 0  # (inbound counts tag changes too)

        # a second service run picks up the rest
        second = _start(path, "--for", "60", "--log", "json")
        _wait_for(lambda: not (_count(project, select(func.count()).where(Event.processed_at.is_(None)))
                               or _count(project, select(func.count()).where(Token.state != "done"))),
                  second, "the second run did not finish")
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=120) == 0
        _assert_everyone_once(project, CONTACTS)
        assert current_holder(project, include_expired=True) is None
    finally:
        project.close()


def _wait_for(condition: Any, proc: subprocess.Popen[str], what: str, timeout: float = 180,
              interval: float = 0.05) -> None:
    """Poll another process's progress in the database until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, what
        time.sleep(interval)  # the other process's progress shows only in the database


def _assert_everyone_once(project: Project, count: int) -> None:
    """Every contact entered once and completed; no step visit or message twice; counters true."""
    with project.session() as s:
        per_contact = Tally(s.execute(select(Execution.contact_id)).scalars())
        assert len(per_contact) == count and set(per_contact.values()) == {1}
        assert Tally(s.execute(select(Execution.status)).scalars()) == {"completed": count}
        dupes = s.execute(text("SELECT execution_id, step_id, visit, COUNT(*) FROM step_log "
                               "WHERE outcome != 'waiting' GROUP BY execution_id, step_id, visit "
                               "HAVING COUNT(*) > 1")).all()
        assert dupes == []
        keys = Tally(s.execute(select(Outbox.idempotency_key)).scalars())
        assert len(keys) == count and max(keys.values()) == 1
        flow_id = s.execute(select(Execution.flow_id).limit(1)).scalar_one()
        assert stored_counters(s, flow_id) == recount_counters(s, flow_id)


@pytest.mark.slow
@pytest.mark.postgres
def test_two_postgres_workers_share_the_work_and_one_stops_on_sigterm_without_losing_any(
        pg_fresh_url: str, tmp_path: Path) -> None:
    count = 4000
    _populate(pg_fresh_url, tmp_path, count)
    project = open_project(pg_fresh_url)
    try:
        first, second = _start(pg_fresh_url), _start(pg_fresh_url)
        completed = select(func.count()).where(Execution.status == "completed")
        _wait_for(lambda: _count(project, completed) > 0, first, "the workers never started working")
        first.send_signal(signal.SIGTERM)  # the other worker carries on alone
        out, err = first.communicate(timeout=120)
        assert first.returncode == 0, err
        lines = [json.loads(line) for line in out.splitlines()]
        events = [line["event"] for line in lines]
        assert events.count("signal") == 1 and events[-1] == "stop", events
        start = next(line for line in lines if line["event"] == "start")
        assert start["database"] == "postgresql" and start["shared"] is True
        assert "lease" not in events  # workers on PostgreSQL share the work: no runner lease
        _wait_for(lambda: _count(project, completed) == count, second, "the second worker did not finish")
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=120) == 0
        _assert_everyone_once(project, count)
    finally:
        project.close()


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_json_logs_are_the_default_only_for_a_service_off_a_terminal() -> None:
    assert resolve_format(None, service=True, stream=_Stream(tty=False)) == "json"  # systemd, Docker, a pipe
    assert resolve_format(None, service=True, stream=_Stream(tty=True)) == "off"  # a person at a terminal
    assert resolve_format(None, service=False, stream=_Stream(tty=False)) == "off"  # run --until, --json, ...
    assert resolve_format("text", service=True, stream=_Stream(tty=False)) == "text"


def test_a_log_record_becomes_one_json_line_with_its_fields_and_traceback() -> None:
    stream = _Stream(tty=False)
    level = logging.getLogger().level
    configure_logging("json", stream=stream)
    configure_logging("json", stream=stream)  # configured twice: still one line per record
    logger = logging.getLogger("runtime.test")
    try:
        logger.info("tick: %d steps", 5, extra={"event": "tick", "steps": 5})
        try:
            raise ValueError("bad row")
        except ValueError:
            logger.exception("engine job tick failed", extra={"event": "error", "job": "tick"})
        logger.warning("plain")
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
            root.removeHandler(handler)
        root.setLevel(level)
    tick, error, plain = (json.loads(line) for line in stream.getvalue().splitlines())
    assert tick["event"] == "tick" and tick["steps"] == 5 and tick["message"] == "tick: 5 steps"
    assert tick["level"] == "info" and tick["ts"].endswith("Z") and tick["logger"] == "runtime.test"
    assert error["event"] == "error" and error["job"] == "tick" and "ValueError: bad row" in error["traceback"]
    assert plain["event"] == "log" and plain["level"] == "warning"
