"""Presets: shipped flow files that validate cleanly, round-trip and read left to right."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from runtime.errors import NotFoundError
from runtime.flow.durations import parse_duration
from runtime.flow.io import dumps_flow, load_flow
from runtime.flow.model import Flow
from runtime.flow.presets import PRESETS_DIR, load_preset, preset_names, preset_path
from runtime.flow.validate import validate_flow

NAMES = ["abandoned_cart", "birthday", "paid_handoff", "post_purchase", "reactivation", "saas_onboarding",
         "telegram_funnel", "tg_lead_magnet", "welcome"]


def test_preset_names() -> None:
    assert preset_names() == NAMES
    assert PRESETS_DIR.name == "presets" and (PRESETS_DIR.parent / "runtime").is_dir()


@pytest.mark.parametrize("name", NAMES)
def test_preset_validates_with_zero_errors_and_passes_the_linter(name: str) -> None:
    report = validate_flow(load_preset(name))
    assert report.errors == [], report.to_json()
    assert [p for p in report.warnings if p.code.startswith("lint_")] == [], report.to_json()


@pytest.mark.parametrize("name", NAMES)
def test_preset_file_is_canonical(name: str) -> None:
    text = preset_path(name).read_text(encoding="utf-8")
    assert dumps_flow(load_flow(preset_path(name))) == text
    assert "preset" not in load_preset(name).settings  # what it expects and its translations stay in the gallery


@pytest.mark.parametrize("name", NAMES)
def test_preset_is_laid_out_left_to_right(name: str) -> None:
    flow = load_preset(name)
    assert flow.name and flow.description and flow.trigger
    positions = {s.id: s.position for s in flow.steps}
    assert all(p is not None for p in positions.values())
    for edge in flow.edges:
        assert positions[edge.target][0] > positions[edge.source][0], edge
    # no two cards on the same spot
    assert len(set(positions.values())) == len(positions)


def test_load_preset_returns_a_fresh_flow() -> None:
    first = load_preset("welcome")
    first.steps.clear()
    assert load_preset("welcome").steps


@pytest.mark.parametrize("bad", ["nope", "../pyproject", "", ".hidden"])
def test_unknown_preset(bad: str) -> None:
    with pytest.raises(NotFoundError, match="presets: abandoned_cart, birthday"):
        load_preset(bad)


def _path(flow: Flow, port_choice: dict[str, str]) -> list[tuple[timedelta, str]]:
    """Walk from the first step taking ``port_choice[type]`` (else ``next``); (elapsed, step id) per step."""
    [step] = flow.first_steps()
    elapsed = timedelta(0)
    out = []
    while True:
        out.append((elapsed, step.id))
        if step.type == "wait" and "duration" in step.config:
            elapsed += parse_duration(step.config["duration"])
        edges = flow.outgoing(step.id, port_choice.get(step.type, "next"))
        if not edges:
            return out
        step = flow.step(edges[0].target)


def test_abandoned_cart_tells_the_story() -> None:
    flow = load_preset("abandoned_cart")
    assert flow.trigger == {"type": "event", "event": "cart_add"}
    assert flow.goal == {"event": "purchase", "within": "P7D"}  # buyers leave with reason goal
    # a shopper who never buys: email at +1 h, push at +24 h, SMS at +72 h
    path = _path(flow, {"condition": "no"})
    sends = [(at, flow.step(sid)) for at, sid in path if flow.step(sid).type.startswith("send_")]
    assert [(at, s.type) for at, s in sends] == [
        (timedelta(hours=1), "send_email"),
        (timedelta(hours=24), "send_push"),
        (timedelta(hours=72), "send_sms"),
    ]
    assert sends[0][1].config["subject"] == "You left something"
    # before each send a condition checks for a purchase since entry; a buyer's "yes" ends the flow
    checks = [flow.step(sid) for _, sid in path if flow.step(sid).type == "condition"]
    assert len(checks) == 3
    for check in checks:
        assert check.config["if"] == {"event": "purchase", "since": "entry"}
        assert flow.outgoing(check.id, "yes") == []
    assert _path(flow, {"condition": "yes"})[-1][1] == checks[0].id


def test_birthday_uses_a_date_trigger_on_the_birthday_field() -> None:
    flow = load_preset("birthday")
    assert flow.trigger["type"] == "date" and flow.trigger["field"] == "birthday"


def test_telegram_funnel_has_its_parts() -> None:
    flow = load_preset("telegram_funnel")
    assert flow.trigger == {"type": "message", "channel": "telegram", "match": "exact", "text": "/start"}
    types = [s.type for s in flow.steps]
    assert {"send_telegram", "add_tag", "wait", "notify_team"} <= set(types)
    assert any(s.config.get("buttons") for s in flow.steps if s.type == "send_telegram")
    [wait] = [s for s in flow.steps if s.type == "wait"]
    assert wait.config.get("event") and {e.port for e in flow.outgoing(wait.id)} == {"yes", "no"}


def test_presets_use_many_step_types() -> None:
    used = {s.type for name in NAMES for s in load_preset(name).steps}
    assert {"send_email", "send_sms", "send_push", "send_telegram", "smart_send", "wait", "condition",
            "ab_split", "channel_switch", "add_tag", "remove_tag", "update_contact", "notify_team",
            "leave_flows"} <= used


def test_abandoned_cart_runs_the_story_on_the_engine(project, clock) -> None:
    """Run the preset on the real engine with a virtual clock: the story, end to end."""
    from sqlalchemy import select

    from runtime.engine.runner import Runtime
    from runtime.storage.models import Contact, Outbox
    from tests.runtime.engine_helpers import add_contact, add_event, executions, install_flow

    start = clock.now()
    doc = json.loads(preset_path("abandoned_cart").read_text(encoding="utf-8"))
    with project.write() as session:
        row = install_flow(session, doc, clock)
        flow_id = row.id
        never = add_contact(session, "never", clock, email="never@example.com", phone="+4915112345678",
                            push_subscriptions=[{"endpoint": "https://push.example/1", "keys": {"p256dh": "k", "auth": "a"}}])
        buyer = add_contact(session, "buyer", clock, email="buyer@example.com", phone="+4915112345679")
        never_id, buyer_id = never.id, buyer.id
        add_event(session, never, "cart_add", clock, {"cart_url": "https://shop.example/c/1"})
        add_event(session, buyer, "cart_add", clock, {"cart_url": "https://shop.example/c/2"})

    runtime = Runtime(project, clock, sandbox=True)
    runtime.run_until(start + timedelta(hours=3))
    with project.write() as session:
        add_event(session, session.get(Contact, buyer_id), "purchase", clock)  # buyer buys at +3 h
    runtime.run_until(start + timedelta(days=8))

    with project.session() as session:
        sent = session.execute(select(Outbox).order_by(Outbox.id)).scalars().all()
        by_contact = {cid: [(o.channel, o.created_at - start) for o in sent if o.contact_id == cid]
                      for cid in (never_id, buyer_id)}
        assert by_contact[never_id] == [
            ("email", timedelta(hours=1)), ("push", timedelta(hours=24)), ("sms", timedelta(hours=72))]
        assert sent[0].content["subject"] == "You left something"
        assert by_contact[buyer_id] == [("email", timedelta(hours=1))]
        [buyer_run] = executions(session, flow_id, buyer_id)
        assert buyer_run.exit_reason == "goal"
        [never_run] = executions(session, flow_id, never_id)
        assert never_run.status != "active" and never_run.exit_reason != "goal"
