"""Goals: a contact who reaches the goal leaves at once with reason ``goal`` (on arrival and in the sweep)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from runtime.clock import VirtualClock
from runtime.contacts.tags import add_tag
from runtime.engine.executions import enter_contact
from runtime.engine.goals import goal_sweep
from runtime.storage.db import Project
from runtime.storage.models import Contact, Counter, FlowRow, Token
from tests.runtime.engine_helpers import add_contact, add_event, executions, flow_doc, inbound, install_flow


def _setup(project: Project, clock: VirtualClock, goal: dict, n: int = 1) -> tuple[int, list[int]]:
    """A flow with ``goal`` and ``n`` contacts inside it since now."""
    with project.write() as s:
        row = install_flow(s, flow_doc("Cart", {"type": "event", "event": "cart_add"}, goal=goal), clock)
        ids = []
        for i in range(n):
            cid = add_contact(s, f"c{i}", clock).id
            enter_contact(s, row, cid, clock)
            ids.append(cid)
        return row.id, ids


def _status(project: Project, flow_id: int) -> list[tuple[str, str | None]]:
    with project.session() as s:
        return [(e.status, e.exit_reason) for e in executions(s, flow_id)]


def _event(project: Project, clock: VirtualClock, cid: int, name: str, props: dict | None = None, at=None) -> None:
    with project.write() as s:
        add_event(s, s.get(Contact, cid), name, clock, props, at)


def _sweep(project: Project, clock: VirtualClock) -> int:
    with project.write() as s:
        return goal_sweep(s, clock)


def _counters(project: Project, flow_id: int) -> dict[str, int]:
    with project.session() as s:
        rows = s.execute(select(Counter.name, Counter.value).where(Counter.flow_id == flow_id, Counter.step_id == ""))
        return dict(rows.tuples().all())


def test_goal_event_ends_the_execution_when_it_arrives(project: Project, clock: VirtualClock) -> None:
    flow_id, (a, b) = _setup(project, clock, {"event": "purchase"}, n=2)
    clock.advance(timedelta(hours=2))
    _event(project, clock, a, "purchase", {"total": 30})
    _event(project, clock, b, "page_view")
    inbound(project, clock)
    assert _status(project, flow_id) == [("exited", "goal"), ("active", None)]
    counters = _counters(project, flow_id)
    assert counters["exited_goal"] == 1 and counters["active"] == 1 and counters["entered"] == 2
    with project.session() as s:
        ex = executions(s, flow_id)[0]
        assert ex.ended_at == clock.now()
        live = s.execute(select(Token.state).where(Token.execution_id == ex.id)).scalars().all()
        assert live and set(live) == {"done"}


def test_goal_events_before_entry_do_not_count(project: Project, clock: VirtualClock) -> None:
    flow_id, (a,) = _setup(project, clock, {"event": "purchase"})
    _event(project, clock, a, "purchase", at=clock.now() - timedelta(minutes=1))
    inbound(project, clock)
    assert _sweep(project, clock) == 0
    assert _status(project, flow_id) == [("active", None)]


def test_goal_within_a_window_after_entry(project: Project, clock: VirtualClock) -> None:
    flow_id, (fast, slow) = _setup(project, clock, {"event": "purchase", "within": "P7D"}, n=2)
    _event(project, clock, fast, "purchase", at=clock.now() + timedelta(days=6))
    _event(project, clock, slow, "purchase", at=clock.now() + timedelta(days=8))
    clock.advance(timedelta(days=6))
    inbound(project, clock)
    clock.advance(timedelta(days=2))
    inbound(project, clock)
    _sweep(project, clock)
    assert _status(project, flow_id) == [("exited", "goal"), ("active", None)]


def test_goal_event_with_a_filter(project: Project, clock: VirtualClock) -> None:
    flow_id, (a, b) = _setup(project, clock, {"event": "purchase", "filter": {"field": "total", "op": ">=", "value": 50}},
                             n=2)
    _event(project, clock, a, "purchase", {"total": 20})
    _event(project, clock, b, "purchase", {"total": 80})
    inbound(project, clock)
    assert _status(project, flow_id) == [("active", None), ("exited", "goal")]


def test_sweep_finds_goal_events_the_arrival_check_missed(project: Project, clock: VirtualClock) -> None:
    flow_id, (a,) = _setup(project, clock, {"event": "purchase", "within": "P3D"})
    with project.write() as s:
        s.get(FlowRow, flow_id).status = "paused"  # paused flows hold everything, goals included
    clock.advance(timedelta(hours=1))
    _event(project, clock, a, "purchase")
    inbound(project, clock)
    assert _status(project, flow_id) == [("active", None)]
    with project.write() as s:
        s.get(FlowRow, flow_id).status = "active"
    clock.advance(timedelta(days=7))  # resumed late: the purchase was inside the window all the same
    assert _sweep(project, clock) == 1
    assert _status(project, flow_id) == [("exited", "goal")]


def test_condition_goal_met_without_an_event_is_found_by_the_sweep(project: Project, clock: VirtualClock) -> None:
    flow_id, (a, b) = _setup(project, clock, {"condition": {"tag": "customer"}}, n=2)
    assert _sweep(project, clock) == 0
    with project.write() as s:
        add_tag(s, a, "customer", "flow:other:tag", None, clock.now())
    clock.advance(timedelta(minutes=5))
    assert _sweep(project, clock) == 1
    assert _status(project, flow_id) == [("exited", "goal"), ("active", None)]
    assert _counters(project, flow_id)["exited_goal"] == 1


def test_condition_goal_also_checked_when_an_event_arrives(project: Project, clock: VirtualClock) -> None:
    flow_id, (a,) = _setup(project, clock, {"event": "purchase", "since": "entry", "op": ">=", "count": 2})
    _event(project, clock, a, "purchase")
    inbound(project, clock)
    assert _status(project, flow_id) == [("active", None)]
    clock.advance(timedelta(minutes=1))
    _event(project, clock, a, "purchase")
    inbound(project, clock)
    assert _status(project, flow_id) == [("exited", "goal")]


def test_condition_goal_window_closes(project: Project, clock: VirtualClock) -> None:
    flow_id, (a, b) = _setup(project, clock, {"condition": {"tag": "customer"}, "within": "P1D"}, n=2)
    with project.write() as s:
        add_tag(s, a, "customer", "user", None, clock.now())
    clock.advance(timedelta(hours=23))
    assert _sweep(project, clock) == 1
    with project.write() as s:
        add_tag(s, b, "customer", "user", None, clock.now())
    clock.advance(timedelta(hours=2))  # b's window closed before the sweep saw the tag
    assert _sweep(project, clock) == 0
    assert _status(project, flow_id) == [("exited", "goal"), ("active", None)]


def test_each_execution_uses_the_goal_of_the_version_it_entered(project: Project, clock: VirtualClock) -> None:
    from runtime.flow.io import dumps_flow, flow_from_dict
    from runtime.storage.models import FlowVersion

    flow_id, (a,) = _setup(project, clock, {"event": "purchase"})
    with project.write() as s:
        row = s.get(FlowRow, flow_id)
        text = dumps_flow(flow_from_dict(flow_doc("Cart", {"type": "event", "event": "cart_add"},
                                                  goal={"event": "signup"}), "<v2>"))
        v2 = FlowVersion(flow_id=flow_id, version=2, definition=text, published_at=clock.now())
        s.add(v2)
        s.flush()
        row.current_version_id = v2.id
        b = add_contact(s, "b", clock).id
        enter_contact(s, row, b, clock)
    _event(project, clock, a, "signup")
    _event(project, clock, b, "purchase")
    inbound(project, clock)
    assert _status(project, flow_id) == [("active", None), ("active", None)]
    _event(project, clock, a, "purchase")
    _event(project, clock, b, "signup")
    inbound(project, clock)
    assert _status(project, flow_id) == [("exited", "goal"), ("exited", "goal")]
