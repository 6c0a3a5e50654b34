"""Operator actions: stuck contacts, move to step, end execution; counters stay equal to a recount."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from runtime.clock import VirtualClock
from runtime.engine.runner import Runtime
from runtime.errors import InputError
from runtime.service import ProjectService
from runtime.storage.db import Project
from runtime.storage.models import Audit
from tests.runtime.engine_core_helpers import (
    add_contacts,
    counters_view,
    enter,
    flow,
    install,
    outbox,
    recount,
    step,
    step_log,
    tokens,
)

DOC = flow("Nurture", [
    step("wait_day", "wait", duration="P1D"),
    step("hello", "send_email", subject="Hello", body="Hi {{ contact.first_name }}"),
    step("wait_buy", "wait", event="purchase", timeout="P7D"),
    step("tag", "add_tag", tag="nurtured"),
], [("wait_day", "hello"), ("hello", "wait_buy"), ("wait_buy", "yes", "tag"), ("wait_buy", "no", "tag")])


@pytest.fixture
def service(project: Project, clock: VirtualClock) -> ProjectService:
    return ProjectService(project, clock)


def _setup(project: Project, clock: VirtualClock, n: int = 6) -> tuple[int, list[int], Runtime]:
    flow_id = install(project, DOC, clock)
    cids = add_contacts(project, clock, *[{"external_id": f"c{i}", "email": f"c{i}@x.io"} for i in range(n)])
    enter(project, flow_id, cids, clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.run_until(clock.now(), save=False)
    return flow_id, cids, runtime


def _stats(service: ProjectService, flow_id: int) -> dict:
    return counters_view(service.flow_stats(flow_id))


def test_stuck_contacts_lists_who_waits_longer_than_n_hours(project, clock, service) -> None:
    flow_id, _cids, runtime = _setup(project, clock, n=3)
    assert service.stuck_contacts(flow_id, "wait_day", hours=5) == []
    runtime.run_until(clock.now() + timedelta(hours=6), save=False)
    stuck = service.stuck_contacts("Nurture", "wait_day", hours=5)
    assert [s["contact"] for s in stuck] == ["c0", "c1", "c2"]
    assert stuck[0]["hours"] == 6.0 and stuck[0]["state"] == "waiting"
    assert service.stuck_contacts(flow_id, "wait_day", hours=7) == []
    assert service.stuck_contacts(flow_id, "hello", hours=0) == []


def test_move_to_step_keeps_counters_equal_to_a_recount(project, clock, service) -> None:
    flow_id, _cids, runtime = _setup(project, clock)
    before = _stats(service, flow_id)
    assert before == recount(project, flow_id)
    execution_id = service.stuck_contacts(flow_id, "wait_day", hours=0)[0]["execution_id"]

    result = service.move_to_step(execution_id, "wait_buy", from_step="wait_day", reason="skip the delay")
    assert result == {"execution_id": execution_id, "contact": "c0", "flow": "Nurture", "from": "wait_day",
                      "to": "wait_buy"}
    after = _stats(service, flow_id)
    assert after == recount(project, flow_id)
    assert after["steps"]["wait_day"]["waiting"] == before["steps"]["wait_day"]["waiting"] - 1
    assert after["steps"]["wait_buy"] == {"entered": 1, "waiting": 1, "completed": 0, "failed": 0}

    # the moved contact runs from its new step at the next tick; the others keep waiting
    runtime.run_until(clock.now() + timedelta(minutes=1), save=False)
    assert _stats(service, flow_id) == recount(project, flow_id)
    assert [s["contact"] for s in service.stuck_contacts(flow_id, "wait_buy", hours=0)] == ["c0"]

    # a send step visited twice sends twice (a fresh visit each time, so a fresh idempotency key)
    for _ in range(2):
        service.move_to_step(execution_id, "hello")
        runtime.run_until(clock.now() + timedelta(minutes=1), save=False)
        assert _stats(service, flow_id) == recount(project, flow_id)
    assert _stats(service, flow_id) == recount(project, flow_id)
    mails = [o for o in outbox(project) if o.execution_id == execution_id]
    assert len(mails) == 2 and len({m.idempotency_key for m in mails}) == 2
    assert ("wait_day", "moved", None) in step_log(project, _cids[0])


def test_move_is_audited_and_validated(project, clock, service) -> None:
    flow_id, _cids, _runtime = _setup(project, clock, n=1)
    execution_id = service.stuck_contacts(flow_id, "wait_day", hours=0)[0]["execution_id"]
    with pytest.raises(InputError, match="flow 'Nurture' .* has no step 'nope'"):
        service.move_to_step(execution_id, "nope")
    with pytest.raises(InputError, match="contact 'c0' is not at step 'hello' of flow 'Nurture'"):
        service.move_to_step(execution_id, "tag", from_step="hello")
    assert _stats(service, flow_id) == recount(project, flow_id)
    service.move_to_step(execution_id, "tag", reason="manual fix", actor="anna")
    [entry] = service.audit_log()
    assert entry["actor"] == "anna" and entry["action"] == "move_to_step"
    assert entry["detail"]["contact"] == "c0" and entry["detail"]["reason"] == "manual fix"


def test_end_execution_by_operator(project, clock, service) -> None:
    flow_id, cids, runtime = _setup(project, clock, n=4)
    execution_id = service.stuck_contacts(flow_id, "wait_day", hours=0)[1]["execution_id"]
    changes = []
    service.subscribe(changes.append)
    result = service.end_execution(execution_id, reason="asked to stop")
    assert result["contact"] == "c1" and result["steps"] == ["wait_day"]
    assert changes[-1].kind == "project" and changes[-1].flow_ids == (flow_id,)
    stats = _stats(service, flow_id)
    assert stats == recount(project, flow_id)
    assert stats["flow"]["active"] == 3 and stats["flow"]["exited_other"] == 1
    assert all(t.state == "done" for t in tokens(project, execution_id))
    details = service.contact_details("c1")
    assert details.executions[0].status == "exited" and details.executions[0].exit_reason == "operator"
    with pytest.raises(InputError, match="contact 'c1' is no longer in flow 'Nurture'"):
        service.end_execution(execution_id)
    with project.session() as s:
        assert [a.action for a in s.execute(select(Audit)).scalars()] == ["end_execution"]
    runtime.run_until(clock.now() + timedelta(days=10), save=False)
    assert _stats(service, flow_id) == recount(project, flow_id)


def test_find_contacts_by_id_email_phone_and_name(project, clock, service) -> None:
    add_contacts(project, clock,
                 {"external_id": "u-100", "email": "Anna@Shop.io", "first_name": "Anna", "last_name": "Petrova",
                  "phone": "+79161234567"},
                 {"external_id": "u-200", "email": "bob@shop.io", "first_name": "Bob"})
    assert [c["id"] for c in service.find_contacts("u-100")] == ["u-100"]
    assert [c["id"] for c in service.find_contacts("anna@shop.io")] == ["u-100"]
    assert [c["id"] for c in service.find_contacts("+7 916 123-45-67")] == ["u-100"]
    assert [c["id"] for c in service.find_contacts("916 1234")] == ["u-100"]
    service.set_setting("default_region", "RU")
    assert [c["id"] for c in service.find_contacts("8 916 123-45-67")] == ["u-100"]
    assert [c["id"] for c in service.find_contacts("anna petrova")] == ["u-100"]
    assert [c["id"] for c in service.find_contacts("shop.io")] == ["u-100", "u-200"]
    assert service.find_contacts("   ") == []
    assert service.find_contacts("100%") == []


def test_move_and_end_on_postgresql(pg_fresh_url: str, clock: VirtualClock) -> None:
    from runtime.storage.db import open_project

    project = open_project(pg_fresh_url, create=True)
    try:
        service = ProjectService(project, clock)
        flow_id, _cids, runtime = _setup(project, clock, n=3)
        runtime.run_until(clock.now() + timedelta(hours=2), save=False)
        stuck = service.stuck_contacts(flow_id, "wait_day", hours=1)
        assert [s["contact"] for s in stuck] == ["c0", "c1", "c2"]
        service.move_to_step(stuck[0]["execution_id"], "wait_buy", reason="pg")
        service.end_execution(stuck[1]["execution_id"])
        assert _stats(service, flow_id) == recount(project, flow_id)
        assert [a["action"] for a in service.audit_log()] == ["end_execution", "move_to_step"]
        assert [c["id"] for c in service.find_contacts("C1@X.IO")] == ["c1"]
    finally:
        project.close()
