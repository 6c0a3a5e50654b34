"""A flow's own frequency cap holds in a sandbox run, across batches: the batch reads the contact's
earlier sends when a cap can ask for them (and only then; see runtime.engine.sandbox_policy)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from runtime.clock import UTC, VirtualClock
from runtime.engine.runner import Runtime
from runtime.storage.db import open_project
from tests.runtime.engine_core_helpers import add_contacts, enter, flow, install, outbox, step

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _run(tmp_path: Path, settings: dict[str, object]) -> list[tuple[str, str]]:
    clock = VirtualClock(T0)
    project = open_project(tmp_path / "p.fcproj", create=True)
    doc = flow("Capped", [step("sms1", "send_sms", text="One", quiet_hours=False),
                          step("w", "wait", duration="PT1H"),
                          step("sms2", "send_sms", text="Two", quiet_hours=False)],
               [("sms1", "w"), ("w", "sms2")], settings=settings)
    flow_id = install(project, doc, clock)
    ids = add_contacts(project, clock, {"external_id": "ann", "phone": "+447911123451"},
                       {"external_id": "bob", "phone": "+447911123452"})
    enter(project, flow_id, ids, clock)
    runtime = Runtime(project, clock, sandbox=True, batch_size=1)  # every token its own batch
    runtime.tick()
    clock.advance(timedelta(hours=1))
    runtime.tick()
    rows = [(r.step_id or "", r.status) for r in outbox(project)]
    project.close()
    return rows


def test_a_flow_cap_holds_the_second_message_of_the_day(tmp_path: Path) -> None:
    rows = _run(tmp_path, {"caps": {"per_day": 1, "action": "skip"}})
    assert sorted(rows) == [("sms1", "sandbox"), ("sms1", "sandbox"), ("sms2", "queued"), ("sms2", "queued")]


def test_without_caps_both_messages_go(tmp_path: Path) -> None:
    rows = _run(tmp_path, {})
    assert sorted(rows) == [("sms1", "sandbox"), ("sms1", "sandbox"), ("sms2", "sandbox"), ("sms2", "sandbox")]
