"""Three PostgreSQL workers share inbound work: each event, tag change and segment check is handled once.

The workers are three runtimes with their own connections on one database, each running the
project's virtual clock forward at once, small inbound chunks and small token batches so their
transactions interleave. Before the fix, a missing ``engine:tag_log_cursor`` row locked nothing
and every worker handled the same tag changes (inflated inbound counts), and counter upserts in
entry order could deadlock.
"""

from __future__ import annotations

import threading
from collections import Counter as Tally
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from runtime.clock import UTC, VirtualClock
from runtime.contacts.tags import add_tag
from runtime.engine.runner import Runtime, TickResult
from runtime.reports.stats import flow_stats
from runtime.storage.db import open_project
from runtime.storage.models import Event, Execution, StepLog, TagLog
from tests.runtime.engine_core_helpers import (
    add_contacts,
    counters_view,
    flow,
    install,
    recount,
    recount_counters,
    run_together,
    step,
    stored_counters,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONTACTS = 240
WORKERS = 3


def _flows(project, clock) -> dict[str, int]:
    signup = flow("On signup", [step("w", "wait", duration="PT10M"), step("tag", "add_tag", tag="engaged"),
                                step("mail", "send_email", subject="Hi", body="Hello")],
                  [("w", "tag"), ("tag", "mail")], trigger={"type": "event", "event": "signup"},
                  goal={"event": "purchase"})
    tagged = flow("On tag", [step("sms", "send_sms", text="Welcome")], [],
                  trigger={"type": "tag_added", "tags": ["vip", "engaged"]})
    segment = flow("VIP segment", [step("push", "send_email", subject="VIP", body="You are VIP")], [],
                   trigger={"type": "segment", "mode": "once", "condition": {"tag": "vip"}})
    return {name: install(project, doc, clock) for name, doc in
            (("signup", signup), ("tagged", tagged), ("segment", segment))}


def _populate(project, clock) -> None:
    ids = add_contacts(project, clock, *[{"external_id": f"c{i}", "email": f"c{i}@example.com"}
                                         for i in range(CONTACTS)])
    with project.write() as s:
        for i, cid in enumerate(ids):
            s.add(Event(contact_id=cid, name="signup", properties={}, occurred_at=START + timedelta(seconds=i % 60),
                        recorded_at=START))
            if i % 4 == 0:  # some buy before the wait ends: the goal takes them out
                s.add(Event(contact_id=cid, name="purchase", properties={}, occurred_at=START + timedelta(minutes=5),
                            recorded_at=START))
            if i % 3 == 0:
                add_tag(s, cid, "vip", "import", None, START)


@pytest.mark.postgres
def test_three_workers_handle_each_inbound_item_once(pg_fresh_url: str) -> None:
    clock = VirtualClock(START)
    project = open_project(pg_fresh_url, create=True)
    try:
        ids = _flows(project, clock)
        _populate(project, clock)
        results: list[TickResult] = []
        errors: list[BaseException] = []
        barrier = threading.Barrier(WORKERS)

        def worker() -> None:
            own = open_project(pg_fresh_url)
            try:
                runtime = Runtime(own, VirtualClock(START), sandbox=True, batch_size=20, inbound_limit=25)
                barrier.wait()
                results.append(runtime.run_until(START + timedelta(hours=2), save=False))
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
            finally:
                own.close()

        run_together([worker] * WORKERS, errors)
        with project.session() as s:
            database = s.execute(text("SELECT current_database()")).scalar_one()
            deadlocks = s.execute(text("SELECT deadlocks FROM pg_stat_database WHERE datname = :d"),
                                  {"d": database}).scalar_one()
            events = s.execute(select(func.count()).select_from(Event)).scalar_one()
            tag_changes = s.execute(select(func.count()).select_from(TagLog)).scalar_one()
            assert s.execute(select(func.count()).where(Event.processed_at.is_(None))).scalar_one() == 0
            assert s.execute(select(func.count()).where(TagLog.processed_at.is_(None))).scalar_one() == 0
            per_flow = {name: Tally(s.execute(select(Execution.contact_id).where(Execution.flow_id == fid)).scalars())
                        for name, fid in ids.items()}
            dupes = s.execute(text(
                "SELECT execution_id, step_id, visit, outcome = 'waiting', COUNT(*) FROM step_log "
                "GROUP BY execution_id, step_id, visit, outcome = 'waiting' HAVING COUNT(*) > 1")).all()
            logged = s.execute(select(func.count()).select_from(StepLog)).scalar_one()
        assert deadlocks == 0
        vips = len(range(0, CONTACTS, 3))
        # every contact entered each flow once: signup (one event each), tags (vip or engaged,
        # repeat once), the once-segment (vip at its first pass)
        assert len(per_flow["signup"]) == CONTACTS and set(per_flow["signup"].values()) == {1}
        assert set(per_flow["tagged"].values()) == {1} and len(per_flow["tagged"]) >= vips
        assert len(per_flow["segment"]) == vips and set(per_flow["segment"].values()) == {1}
        # handled once: the workers' inbound counts add up to the items, not more
        segment_entries = len(per_flow["segment"])
        assert sum(r.inbound for r in results) == events + tag_changes + segment_entries
        assert dupes == [] and logged > 0
        for fid in ids.values():
            with project.session() as s:
                assert counters_view(flow_stats(s, fid)) == recount(project, fid)
                assert stored_counters(s, fid) == recount_counters(s, fid)  # the edge counters too
    finally:
        project.close()
