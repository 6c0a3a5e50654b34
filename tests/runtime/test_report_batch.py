"""Report aggregates of the engine's bulk writes, counted set-wise, equal what the per-row triggers count.

The engine mutes the report triggers of step_log, outbox, executions and events while it inserts a
batch and counts the batch with one statement per metric (``runtime.storage.report_batch``). A
whole run's aggregates must equal a rebuild from the base tables, the mute must never outlive the
batch, and a row written by another writer (the operator) is still counted by its trigger.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from runtime.clock import UTC, VirtualClock
from runtime.contacts.events import import_events_jsonl
from runtime.engine.runner import Runtime
from runtime.storage import report_aggregates as aggregates
from runtime.storage.db import Project, open_project
from runtime.storage.models import StepLog
from tests.runtime.engine_core_helpers import add_contacts, add_event, flow, install, step

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FLOW = flow(
    "Welcome",
    [step("w1", "wait", duration="PT1H"), step("vip", "condition", **{"if": {"tag": "vip"}}),
     step("tag", "add_tag", tag="engaged"), step("mail", "send_email", subject="Hi", body="Hello"),
     step("w2", "wait", duration="P1D"), step("sms", "send_sms", text="Last chance", quiet_hours=False)],
    [("w1", "vip"), ("vip", "yes", "tag"), ("vip", "no", "mail"), ("tag", "mail"), ("mail", "w2"), ("w2", "sms")],
    trigger={"type": "event", "event": "signup"},
)


def _aggregates(project: Project) -> tuple[list[tuple], list[tuple]]:
    with project.session() as s:
        daily = s.execute(text("SELECT day, flow_id, step_id, metric, dim, value, amount FROM report_daily "
                               "WHERE value <> 0 OR amount <> 0 ORDER BY 1, 2, 3, 4, 5")).all()
        active = s.execute(text("SELECT day, flow_id, contact_id FROM report_active ORDER BY 1, 2, 3")).all()
    return [tuple(r) for r in daily], [tuple(r) for r in active]


def _run_week(tmp_path: Path) -> tuple[Project, VirtualClock, int]:
    clock = VirtualClock(START)
    project = open_project(tmp_path / "p.fcproj", create=True)
    flow_id = install(project, FLOW, clock)
    specs = [{"external_id": f"c{i}", "email": f"c{i}@example.com", "first_name": f"N{i}",
              # every third has no phone: their SMS is skipped (no address), a report dimension of its own
              **({"phone": f"+7916{i:07d}"} if i % 3 else {})} for i in range(60)]
    ids = add_contacts(project, clock, *specs)
    with project.write() as s:
        s.execute(text("INSERT INTO tags (name) VALUES ('vip')"))
        s.execute(text("INSERT INTO contact_tags (contact_id, tag_id, added_at) SELECT c.id, t.id, '2026-03-02 09:00:00' "
                       "FROM contacts c, tags t WHERE c.id % 4 = 0 AND t.name = 'vip'"))
    for cid in ids:
        add_event(project, cid, "signup", START)
    runtime = Runtime(project, clock, sandbox=True, batch_size=7)  # many small batches
    runtime.run_until(START + timedelta(days=3), save=False)
    return project, clock, flow_id


def test_a_run_counts_what_a_rebuild_counts(tmp_path: Path) -> None:
    project, _clock, flow_id = _run_week(tmp_path)
    daily, active = _aggregates(project)
    reached = {(r[2], r[0]): r[5] for r in daily if r[1] == flow_id and r[3] == "reached"}
    assert reached[("w1", "2026-03-02")] == 60 and reached[("sms", "2026-03-03")] == 60
    assert reached[("tag", "2026-03-02")] == 15  # the vip quarter took the yes branch
    skipped = {r[4]: r[5] for r in daily if r[3] == "skipped" and r[2] == "sms"}
    assert skipped == {"no_address": 20}
    with project.write() as s:
        assert s.execute(text("SELECT COUNT(*) FROM report_mute")).scalar() == 0
        aggregates.rebuild(s.connection())
    assert _aggregates(project) == (daily, active)
    project.close()


def test_a_row_from_another_writer_is_still_counted_by_its_trigger(tmp_path: Path) -> None:
    project, _clock, flow_id = _run_week(tmp_path)
    day3 = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)

    def reached_mail() -> int:
        daily, _active = _aggregates(project)
        return sum(r[5] for r in daily if r[:4] == ("2026-03-04", flow_id, "mail", "reached"))

    assert reached_mail() == 0
    with project.write() as s:  # an ORM writer (the dispatcher's records, the operator) mutes nothing
        s.add(StepLog(execution_id=1, flow_id=flow_id, contact_id=1, step_id="mail", visit=5, at=day3,
                      outcome="completed", port="next"))
    assert reached_mail() == 1
    daily, active = _aggregates(project)
    with project.write() as s:
        aggregates.rebuild(s.connection())
    assert _aggregates(project) == (daily, active)
    project.close()


def test_imported_events_count_as_recorded_ones(tmp_path: Path) -> None:
    project, clock, _flow_id = _run_week(tmp_path)
    clock.set(START + timedelta(days=3))
    lines = [
        '{"contact": "c1", "name": "purchase", "props": {"amount": 120.5}}',
        '{"contact": "c1", "name": "purchase", "props": {"total": "80"}}',
        '{"contact": "c2", "name": "email_opened", "props": {"outbox_id": 2}}',
        '{"contact": "c2", "name": "email_opened", "props": {"outbox_id": 2}}',
        '{"contact": "c5", "name": "page_view", "at": "2026-03-04T23:30:00+00:00"}',
    ]
    (tmp_path / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_events_jsonl(project, tmp_path / "events.jsonl", clock).imported == 5
    daily, active = _aggregates(project)
    purchases = [r for r in daily if r[3] == "purchase"]
    assert [(r[0], r[5], r[6]) for r in purchases] == [("2026-03-05", 2, 200.5)]
    assert sum(r[5] for r in daily if r[3] == "opened") == 1  # the first open of the message only
    with project.write() as s:
        assert s.execute(text("SELECT COUNT(*) FROM report_mute")).scalar() == 0
        aggregates.rebuild(s.connection())
    assert _aggregates(project) == (daily, active)
    project.close()
