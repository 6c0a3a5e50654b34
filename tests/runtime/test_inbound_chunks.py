"""Inbound work commits in bounded chunks, so a process that dies mid-way still keeps what it did.

Entering 5,000 events used to be one transaction: a process killed every few seconds never got
one committed. Now each call of the trigger pass claims at most ``inbound_limit`` events (1,000 by
default) and commits; a crash loses at most the chunk under way, and the next run carries on.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter as Tally
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from runtime.clock import UTC, VirtualClock
from runtime.engine import triggers
from runtime.engine.runner import Runtime
from runtime.storage.db import Project, open_project
from runtime.storage.models import Event, Execution
from tests.runtime.engine_core_helpers import add_contacts, flow, install, step

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def _signups(project: Project, clock: VirtualClock, n: int) -> int:
    flow_id = install(project, flow("Signup", [step("w", "wait", duration="PT1H")], [],
                                    trigger={"type": "event", "event": "signup"}), clock)
    ids = add_contacts(project, clock, *[{"external_id": f"c{i}"} for i in range(n)])
    with project.write() as s:
        s.execute(Event.__table__.insert(), [
            {"contact_id": cid, "name": "signup", "properties": {}, "occurred_at": START, "recorded_at": START}
            for cid in ids])
    return flow_id


def _done(project: Project) -> tuple[int, Tally[int]]:
    with project.session() as s:
        processed = s.execute(select(func.count()).where(Event.processed_at.is_not(None))).scalar_one()
        per_contact = Tally(s.execute(select(Execution.contact_id)).scalars())
    return processed, per_contact


def test_a_crash_in_the_second_chunk_keeps_the_first(project: Project, clock: VirtualClock,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _signups(project, clock, 2500)
    calls = {"n": 0}
    real = triggers._process_tags

    def dies_in_second_chunk(*args, **kwargs):  # noqa: ANN002, ANN003 - same signature as the real one
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("killed")  # the process dies inside the second chunk's transaction
        return real(*args, **kwargs)

    monkeypatch.setattr(triggers, "_process_tags", dies_in_second_chunk)
    runtime = Runtime(project, clock, sandbox=True)
    assert runtime.inbound_limit == 1000
    with pytest.raises(KeyboardInterrupt):
        runtime.tick()
    processed, per_contact = _done(project)
    assert processed == 1000 and len(per_contact) == 1000  # the first chunk is committed
    monkeypatch.setattr(triggers, "_process_tags", real)
    Runtime(project, clock, sandbox=True).tick()
    processed, per_contact = _done(project)
    assert processed == 2500 and len(per_contact) == 2500 and set(per_contact.values()) == {1}


# one chunk of inbound work per transaction, as Runtime.tick does it, announcing each commit
DRIVER = """
import sys
from datetime import datetime
from runtime.clock import VirtualClock
from runtime.engine.runner import Runtime
from runtime.engine.triggers import process_inbound
from runtime.storage.db import open_project

project = open_project(sys.argv[1])
runtime = Runtime(project, VirtualClock(datetime.fromisoformat(sys.argv[2])), sandbox=True)
while True:
    with project.write() as session:
        n = process_inbound(session, runtime.clock, limit=runtime.inbound_limit)
    print("committed", n, flush=True)
    if n < runtime.inbound_limit:
        break
"""


@pytest.mark.slow
def test_killed_after_each_commit_the_runs_still_get_through(tmp_path: Path) -> None:
    """SIGKILL each run right after its first commit: 5,000 events still all get entered, once each."""
    path = tmp_path / "chunks.fcproj"
    clock = VirtualClock(START)
    project = open_project(path, create=True)
    try:
        _signups(project, clock, 5000)
    finally:
        project.close()
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    kills, previous = 0, 0
    for _run in range(10):
        proc = subprocess.Popen([sys.executable, str(driver), str(path), START.isoformat()], cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        first = proc.stdout.readline()
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)  # somewhere in the next chunk, or between two
            kills += 1
        proc.communicate(timeout=120)
        project = open_project(path)
        try:
            processed, per_contact = _done(project)
        finally:
            project.close()
        assert first.startswith("committed") and processed >= previous + 1000  # every run kept its chunk
        previous = processed
        if processed == 5000:
            break
    assert kills >= 3
    assert previous == 5000 and len(per_contact) == 5000 and set(per_contact.values()) == {1}
