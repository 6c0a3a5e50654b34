"""Publishing a live edit: the impact preview, and moving waiting contacts to the new version."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from runtime.cli.main import main
from runtime.clock import VirtualClock
from runtime.engine.runner import Runtime
from runtime.flow.io import flow_to_dict
from runtime.flow.model import Edge, Step
from runtime.flow.presets import load_preset
from runtime.service import ProjectService
from runtime.storage.db import open_project
from runtime.storage.models import Outbox
from tests.runtime.engine_helpers import add_contact, add_event, install_flow


def _live_cart(path: Path, clock: VirtualClock) -> tuple[int, Runtime]:
    """Abandoned cart, version 1 live; two shoppers who got the 1 h email wait at ``wait_23h``."""
    project = open_project(path, create=True)
    with project.write() as session:
        flow_id = install_flow(session, flow_to_dict(load_preset("abandoned_cart")), clock).id
        for who in ("ann", "bob"):
            contact = add_contact(session, who, clock, email=f"{who}@example.com", phone="+4915112345678",
                                  push_subscriptions=[{"endpoint": "https://p.example/1",
                                                       "keys": {"p256dh": "k", "auth": "a"}}])
            add_event(session, contact, "cart_add", clock, {"cart_url": "https://shop.example/c"})
    runtime = Runtime(project, clock, sandbox=True)
    runtime.run_until(clock.now() + timedelta(hours=2))
    project.close()
    return flow_id, runtime


def _edit(service: ProjectService, flow_id: int) -> None:
    flow = service.get_flow(flow_id).draft
    flow.steps = [s for s in flow.steps if s.id != "sms_cart"]
    flow.edges = [e for e in flow.edges if e.target != "sms_cart"]
    flow.steps.append(Step("tag_reminded", "add_tag", {"tag": "reminded"}, (3000, 0), name="Tag reminded"))
    flow.edges.append(Edge("bought_72h", "tag_reminded", "no"))
    service.save_draft(flow_id, flow)


def test_impact_names_waiting_contacts_deleted_steps_and_new_branches(tmp_path: Path, clock, capsys) -> None:
    path = tmp_path / "p.fcproj"
    flow_id, _ = _live_cart(path, clock)
    with ProjectService.open(path, clock=clock) as service:
        _edit(service, flow_id)
        impact = service.publish_impact(flow_id)
    assert impact["waiting"] == [{"version": 1, "step": "wait_23h", "name": "wait_23h", "contacts": 2,
                                  "step_in_new_version": True}]
    assert [(d["step"], d["contacts"]) for d in impact["deleted"]] == [("sms_cart", 2)]
    assert [a["step"] for a in impact["added"]] == ["tag_reminded"]
    assert impact["summary"] == ["2 contacts waiting at wait_23h stay on version 1",
                                 "deleting sms_cart affects 2 contacts on version 1 when they reach it",
                                 "the new step Tag reminded applies to new entries only"]
    assert impact["migratable"] == 2 and impact["next_version"] == 2
    assert main(["flow", "impact", str(path), str(flow_id)]) == 0
    out = capsys.readouterr().out
    assert "deleting sms_cart affects 2 contacts" in out and "2 of 2 contacts inside can move" in out


@pytest.mark.parametrize("migrate", [False, True])
def test_publish_keeps_or_moves_waiting_contacts(tmp_path: Path, clock, capsys, migrate: bool) -> None:
    path = tmp_path / "p.fcproj"
    flow_id, _ = _live_cart(path, clock)
    with ProjectService.open(path, clock=clock) as service:
        _edit(service, flow_id)
    argv = ["flow", "publish", str(path), str(flow_id), "--json"] + (["--migrate"] if migrate else [])
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out) == {"version": 2, "migrated": 2 if migrate else 0}
    project = open_project(path)
    Runtime(project, clock, sandbox=True).run_until(clock.now() + timedelta(days=8))
    with project.session() as session:
        channels = [o.channel for o in session.execute(select(Outbox).order_by(Outbox.id)).scalars()]
    project.close()
    # moved contacts follow version 2 (no SMS); the others finish version 1 (SMS included)
    assert channels.count("sms") == (0 if migrate else 2)
    assert channels.count("push") == 2
