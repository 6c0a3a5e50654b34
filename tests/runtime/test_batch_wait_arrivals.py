"""Tokens that arrive at a flow's first plain wait park without their contact being read; every
other step in the same batch still sees the contact's fields and tags."""

from __future__ import annotations

from datetime import datetime, timedelta

from runtime.clock import UTC, VirtualClock
from runtime.engine.runner import Runtime
from runtime.storage.db import Project
from tests.runtime.engine_core_helpers import add_contacts, enter, flow, install, outbox, step, step_log, tokens

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


MAIL = step("mail", "send_email", subject="Hi {{ contact.first_name }} {{ contact.tags }}", body="b")


def greet(name: str, first: dict[str, object] | None) -> dict[str, object]:
    """``first`` (if any), then an email whose subject names the contact and shows its tags."""
    if first is None:
        return flow(name, [MAIL], [])
    return flow(name, [first, MAIL], [(first["id"], "mail")])


def test_a_batch_mixing_first_waits_and_sends_renders_every_contact(project: Project) -> None:
    clock = VirtualClock(T0)
    a, b = add_contacts(project, clock, {"external_id": "a", "first_name": "Anna", "email": "a@example.com"},
                        {"external_id": "b", "first_name": "Boris", "email": "b@example.com"})
    waits = install(project, greet("waits", step("w", "wait", duration="PT1H")), clock)
    zero = install(project, greet("zero wait", step("z", "wait", duration="PT0S")), clock)
    sends = install(project, greet("sends", None), clock)
    enter(project, waits, [a, b], clock)  # both park at w
    enter(project, zero, [a], clock)  # a zero wait goes straight on: a's contact is read
    enter(project, sends, [b], clock)  # b, in the same batch as its parking token, is read too
    Runtime(project, clock, sandbox=True).tick()
    subjects = sorted(m.content["subject"] for m in outbox(project))
    assert subjects == ["Hi Anna []", "Hi Boris []"]
    assert step_log(project, a)[0] == ("w", "waiting", None)
    assert [t.state for t in tokens(project) if t.step_id == "w"] == ["waiting", "waiting"]
    # an hour later the waiting tokens resume and read the contacts as usual
    clock.advance(timedelta(hours=1))
    Runtime(project, clock, sandbox=True).tick()
    assert sorted(m.content["subject"] for m in outbox(project)) == [
        "Hi Anna []", "Hi Anna []", "Hi Boris []", "Hi Boris []"]


def test_contacts_entering_a_first_wait_park_with_one_log_row_each(project: Project) -> None:
    clock = VirtualClock(T0)
    ids = add_contacts(project, clock, *({"external_id": f"c{i}", "first_name": f"N{i}"} for i in range(3)))
    fid = install(project, greet("waits", step("w", "wait", duration="P1D")), clock)
    enter(project, fid, ids, clock)
    result = Runtime(project, clock, sandbox=True).tick()
    assert (result.tokens, result.steps) == (3, 3)
    for cid in ids:
        assert step_log(project, cid) == [("w", "waiting", None)]
    parked = tokens(project)
    assert {(t.state, t.due_at, t.wait_since) for t in parked} == {("waiting", T0 + timedelta(days=1), T0)}
