"""The batched entry path decides exactly as one entry at a time would, inside one batch too."""

from __future__ import annotations

from datetime import timedelta

from runtime.clock import VirtualClock
from runtime.engine.admission import Admission, admit
from runtime.engine.entry import published_flow
from runtime.storage.db import Project
from runtime.storage.models import Contact, FlowRow
from tests.runtime.engine_helpers import add_contact, add_event, executions, flow_doc, inbound, install_flow


def _setup(project: Project, clock: VirtualClock, trigger: dict, n: int = 1, **extra: object) -> tuple[int, list[int]]:
    with project.write() as s:
        flow_id = install_flow(s, flow_doc("F", trigger, **extra), clock).id
        ids = [add_contact(s, f"c{i}", clock).id for i in range(n)]
    return flow_id, ids


def _events(project: Project, clock: VirtualClock, *items: tuple[int, str, int]) -> None:
    """Record (contact, name, seconds after now) events."""
    with project.write() as s:
        for cid, name, later in items:
            add_event(s, s.get(Contact, cid), name, clock, {}, clock.now() + timedelta(seconds=later))


def test_two_triggering_events_in_one_batch_enter_once(project: Project, clock: VirtualClock) -> None:
    flow_id, (a,) = _setup(project, clock, {"type": "event", "event": "signup"}, entry={"repeat": "always"})
    _events(project, clock, (a, "signup", 0), (a, "signup", 0))
    inbound(project, clock)
    with project.session() as s:
        assert [e.contact_id for e in executions(s, flow_id)] == [a]  # the second found it already inside


def test_a_goal_later_in_the_batch_ends_the_execution_an_earlier_event_started(project: Project,
                                                                              clock: VirtualClock) -> None:
    flow_id, (a, b) = _setup(project, clock, {"type": "event", "event": "signup"}, n=2, goal={"event": "purchase"})
    _events(project, clock, (a, "signup", 0), (b, "signup", 0), (a, "purchase", 0))
    inbound(project, clock)
    with project.session() as s:
        by_contact = {e.contact_id: (e.status, e.exit_reason) for e in executions(s, flow_id)}
    assert by_contact == {a: ("exited", "goal"), b: ("active", None)}


def test_repeat_once_in_a_batch_admits_only_the_first_offer(project: Project, clock: VirtualClock) -> None:
    flow_id, ids = _setup(project, clock, {"type": "manual"}, n=3)
    with project.write() as s:
        row = s.get(FlowRow, flow_id)
        flow = published_flow(s, row)
        admission = Admission(s, clock, [flow_id], ids)
        first = [admission.offer(row, flow, cid) for cid in ids]
        again = admission.offer(row, flow, ids[0])
        written = admission.flush()
    assert first == [(True, "")] * 3 and again == (False, "already inside")
    assert sorted(c for _f, c in written) == ids
    with project.write() as s:  # later, with the executions ended, "once" still refuses them
        for e in executions(s, flow_id):
            e.status = "completed"
        assert admit(s, clock, s.get(FlowRow, flow_id), published_flow(s, s.get(FlowRow, flow_id)), ids) == 0


def test_flow_wide_rules_refuse_the_whole_batch_with_their_reason(project: Project, clock: VirtualClock) -> None:
    later = (clock.now() + timedelta(days=1)).isoformat()
    flow_id, ids = _setup(project, clock, {"type": "manual"}, n=2, entry={"start_at": later})
    with project.write() as s:
        row = s.get(FlowRow, flow_id)
        admission = Admission(s, clock, [flow_id], ids)
        answers = {admission.offer(row, published_flow(s, row), cid) for cid in ids}
        assert admission.flush() == {}
    assert answers == {(False, f"flow starts at {later}")}
