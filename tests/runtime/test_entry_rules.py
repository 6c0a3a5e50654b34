"""Entry rules: never twice at once, repeat once/always/cooldown, exclude, entry switch, window."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from runtime.clock import VirtualClock
from runtime.contacts.tags import add_tag
from runtime.engine.entry import check_flow_windows, may_enter, published_flow
from runtime.engine.executions import end_execution, enter_contact
from runtime.storage.db import Project, open_project
from runtime.storage.models import Contact, Execution, FlowRow
from tests.runtime.engine_helpers import add_contact, add_event, executions, flow_doc, inbound, install_flow

SIGNUP = {"type": "event", "event": "signup"}


def _setup(project: Project, clock: VirtualClock, **extra: object) -> tuple[int, int]:
    with project.write() as s:
        row = install_flow(s, flow_doc("Welcome", SIGNUP, **extra), clock)
        contact = add_contact(s, "c1", clock)
        return row.id, contact.id


def _may(project: Project, flow_id: int, contact_id: int, clock: VirtualClock) -> tuple[bool, str]:
    with project.session() as s:
        row = s.get(FlowRow, flow_id)
        return may_enter(s, row, published_flow(s, row), contact_id, clock.now())


def _enter(project: Project, flow_id: int, contact_id: int, clock: VirtualClock) -> int | None:
    with project.write() as s:
        return enter_contact(s, s.get(FlowRow, flow_id), contact_id, clock)


def _end(project: Project, execution_id: int, clock: VirtualClock) -> None:
    with project.write() as s:
        assert end_execution(s, execution_id, "completed", "completed", clock)


def test_unique_index_refuses_second_active_execution_even_without_may_enter(project: Project, clock: VirtualClock) -> None:
    flow_id, cid = _setup(project, clock, entry={"repeat": "always"})
    first = _enter(project, flow_id, cid, clock)
    assert first is not None
    assert _enter(project, flow_id, cid, clock) is None  # the engine's insert hits the index
    assert _may(project, flow_id, cid, clock) == (False, "already inside")
    # a raw insert that bypasses every check is refused by the database itself
    with pytest.raises(IntegrityError):
        with project.write() as s:
            row = s.get(FlowRow, flow_id)
            s.add(Execution(flow_id=flow_id, version_id=row.current_version_id, contact_id=cid, status="active",
                            entered_at=clock.now()))
            s.flush()
    with project.session() as s:
        assert [e.status for e in executions(s, flow_id)] == ["active"]
    # once the first ended, a new one may start (repeat: always)
    _end(project, first, clock)
    assert _enter(project, flow_id, cid, clock) is not None


def test_concurrent_writers_cannot_both_enter(tmp_path, clock: VirtualClock) -> None:
    path = tmp_path / "race.fcproj"
    project = open_project(path, create=True)
    flow_id, cid = _setup(project, clock, entry={"repeat": "always"})
    project.close()
    results: list[int | None] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def writer() -> None:
        own = open_project(path)  # separate engine and connection, like a second process
        try:
            barrier.wait()
            with own.write() as s:
                results.append(enter_contact(s, s.get(FlowRow, flow_id), cid, clock))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(r is not None for r in results) == 1
    check = open_project(path)
    with check.session() as s:
        assert len(executions(s, flow_id, cid)) == 1
    check.close()


def test_repeat_once_is_the_default(project: Project, clock: VirtualClock) -> None:
    flow_id, cid = _setup(project, clock)
    ex = _enter(project, flow_id, cid, clock)
    clock.advance(timedelta(days=1))
    _end(project, ex, clock)
    clock.advance(timedelta(days=400))
    assert _may(project, flow_id, cid, clock) == (False, "entered before (repeat: once)")


def test_repeat_always_allows_a_new_entry_once_the_previous_ended(project: Project, clock: VirtualClock) -> None:
    flow_id, cid = _setup(project, clock, entry={"repeat": "always"})
    ex = _enter(project, flow_id, cid, clock)
    assert _may(project, flow_id, cid, clock) == (False, "already inside")
    _end(project, ex, clock)
    assert _may(project, flow_id, cid, clock) == (True, "")


def test_repeat_cooldown_counts_from_the_end_of_the_previous_execution(project: Project, clock: VirtualClock) -> None:
    flow_id, cid = _setup(project, clock, entry={"repeat": "P30D"})
    ex = _enter(project, flow_id, cid, clock)
    clock.advance(timedelta(days=10))
    _end(project, ex, clock)  # ended at day 10: the cooldown runs until day 40
    clock.advance(timedelta(days=29, hours=23))
    allowed, reason = _may(project, flow_id, cid, clock)
    assert not allowed and "cooldown P30D" in reason
    clock.advance(timedelta(hours=1))
    assert _may(project, flow_id, cid, clock) == (True, "")


def test_exclude_keeps_matching_contacts_out(project: Project, clock: VirtualClock) -> None:
    flow_id, cid = _setup(project, clock, entry={"repeat": "always", "exclude": {"tag": "unsubscribed_all"}})
    assert _may(project, flow_id, cid, clock) == (True, "")
    with project.write() as s:
        add_tag(s, cid, "unsubscribed_all", "user", "test", clock.now())
    assert _may(project, flow_id, cid, clock) == (False, "excluded by the entry rule")


def test_entry_switch_off_stops_new_entries_but_not_contacts_inside(project: Project, clock: VirtualClock) -> None:
    flow_id, cid = _setup(project, clock)
    with project.write() as s:
        inside = add_contact(s, "inside", clock)
        add_event(s, inside, "signup", clock)
    inbound(project, clock)
    with project.write() as s:
        s.get(FlowRow, flow_id).entry_enabled = False
        add_event(s, s.get(Contact, cid), "signup", clock)
    assert _may(project, flow_id, cid, clock) == (False, "entry is switched off")
    inbound(project, clock)
    with project.session() as s:
        rows = executions(s, flow_id)
        assert [(e.contact_id, e.status) for e in rows] == [(inside.id, "active")]


def test_only_active_flows_admit(project: Project, clock: VirtualClock) -> None:
    flow_id, cid = _setup(project, clock)
    for status in ("draft", "paused", "terminated", "ended", "archived"):
        with project.write() as s:
            s.get(FlowRow, flow_id).status = status
        assert _may(project, flow_id, cid, clock) == (False, f"flow is {status}")


@pytest.mark.parametrize("where", ["entry", "settings"])
def test_start_at_and_end_at_bound_the_entry_window(project: Project, clock: VirtualClock, where: str) -> None:
    start = clock.now() + timedelta(days=1)
    end = clock.now() + timedelta(days=3)
    window = {"start_at": start.isoformat(), "end_at": end.isoformat()}
    extra = {"entry": {"repeat": "always", **window}} if where == "entry" else {"settings": window}
    flow_id, cid = _setup(project, clock, **extra)
    allowed, reason = _may(project, flow_id, cid, clock)
    assert not allowed and reason.startswith("flow starts at")
    clock.set(start)
    assert _may(project, flow_id, cid, clock) == (True, "")
    clock.set(end)
    allowed, reason = _may(project, flow_id, cid, clock)
    assert not allowed and reason.startswith("flow ended at")


def test_events_before_start_at_do_not_enter_and_later_ones_do(project: Project, clock: VirtualClock) -> None:
    start = clock.now() + timedelta(hours=2)
    flow_id, cid = _setup(project, clock, entry={"start_at": start.isoformat()})
    with project.write() as s:
        contact = s.get(Contact, cid)
        add_event(s, contact, "signup", clock)
        add_event(s, contact, "signup", clock, at=start + timedelta(minutes=5))
    inbound(project, clock)
    with project.session() as s:
        assert executions(s, flow_id) == []
        from runtime.engine.triggers import next_inbound_due

        assert next_inbound_due(s, clock.now()) == start  # the clock may jump to the start
    clock.set(start + timedelta(minutes=5))
    inbound(project, clock)
    with project.session() as s:
        assert [e.contact_id for e in executions(s, flow_id)] == [cid]


def test_flow_ends_after_end_at_once_nobody_is_inside(project: Project, clock: VirtualClock) -> None:
    end = clock.now() + timedelta(days=1)
    flow_id, cid = _setup(project, clock, entry={"end_at": end.isoformat()})
    ex = _enter(project, flow_id, cid, clock)
    clock.set(end + timedelta(hours=1))
    with project.write() as s:
        assert check_flow_windows(s, clock) == 0  # someone is still inside
        assert s.get(FlowRow, flow_id).status == "active"
    _end(project, ex, clock)
    inbound(project, clock)  # the trigger pass runs the same check
    with project.session() as s:
        assert s.execute(select(FlowRow.status).where(FlowRow.id == flow_id)).scalar_one() == "ended"


def test_entry_enabled_false_in_the_flow_file_keeps_entry_closed(project: Project, clock: VirtualClock) -> None:
    flow_id, cid = _setup(project, clock, entry={"enabled": False})
    assert _may(project, flow_id, cid, clock) == (False, "entry is switched off")


@pytest.mark.postgres
def test_concurrent_entries_on_postgresql_meet_the_unique_index(pg_fresh_url: str, clock: VirtualClock) -> None:
    """Two workers enter the same contact at once; both passed may_enter, one execution results."""
    project = open_project(pg_fresh_url, create=True)
    try:
        flow_id, cid = _setup(project, clock, entry={"repeat": "always"})
        first_inserted = threading.Event()
        release_first = threading.Event()
        results: dict[str, int | None] = {}

        def first() -> None:
            with project.write() as s:
                row = s.get(FlowRow, flow_id)
                assert may_enter(s, row, published_flow(s, row), cid, clock.now())[0]
                results["first"] = enter_contact(s, row, cid, clock)
                first_inserted.set()
                release_first.wait(timeout=30)  # hold the transaction open while the second inserts

        def second() -> None:
            first_inserted.wait(timeout=30)
            with project.write() as s:
                row = s.get(FlowRow, flow_id)
                # the first insert is not committed: the rules still say yes
                assert may_enter(s, row, published_flow(s, row), cid, clock.now())[0]
                release_first.set()  # the insert below waits for the first transaction to finish
                results["second"] = enter_contact(s, row, cid, clock)

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert results["first"] is not None and results["second"] is None
        with project.session() as s:
            assert len(executions(s, flow_id, cid)) == 1
    finally:
        project.close()
