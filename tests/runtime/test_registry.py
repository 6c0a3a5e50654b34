"""The step type registry: the single source for palette, inspector, ports and card summaries."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from runtime.flow.model import Edge, Flow, Step
from runtime.flow.validate import validate_flow
from runtime.steps.handlers import HANDLERS, SKIPPABLE, TEMPLATE_TYPES, handler_of
from runtime.steps.registry import (
    CHANNEL_STEP,
    CHANNELS,
    FIELD_KINDS,
    GROUPS,
    REGISTRY,
    ConfigField,
    StepType,
    get_step_type,
    step_types,
    step_types_in_group,
)

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
SEED = {"send_email", "send_sms", "send_telegram", "send_whatsapp", "send_push", "channel_switch", "smart_send",
        "wait", "condition", "update_contact", "add_tag", "remove_tag", "exit"}
EXTRA = {"ab_split", "webhook", "notify_team", "leave_flows"}


def test_all_seventeen_types_are_registered() -> None:
    assert set(REGISTRY) == SEED | EXTRA
    assert len(step_types()) == 17
    assert all(isinstance(t, StepType) for t in step_types())


def test_palette_order_follows_the_groups() -> None:
    groups = [t.group for t in step_types()]
    assert groups == sorted(groups, key=GROUPS.index)
    assert set(groups) == set(GROUPS)
    assert [t.type for t in step_types_in_group("timing")] == ["wait"]
    assert {t.type for t in step_types_in_group("messages")} >= {"send_email", "smart_send"}


@pytest.mark.parametrize("step_type", list(REGISTRY.values()), ids=list(REGISTRY))
def test_each_type_is_complete(step_type: StepType) -> None:
    assert step_type.display_name and step_type.description
    assert step_type.group in GROUPS
    assert step_type.icon == f"{step_type.type}.svg"
    svg = (ICONS / step_type.icon).read_text(encoding="utf-8")
    assert 'viewBox="0 0 24 24"' in svg and 'width="24"' in svg
    for f in step_type.fields:
        assert isinstance(f, ConfigField)
        assert f.kind in FIELD_KINDS, f
        assert f.label
        if f.kind == "choice":
            assert f.choices
    keys = [f.key for f in step_type.fields]
    assert len(keys) == len(set(keys))
    jsonschema.Draft202012Validator.check_schema(step_type.config_schema)
    # every top-level field key is described by the schema, so inspector and validator agree
    props = step_type.config_schema.get("properties", {})
    for key in keys:
        assert key.split(".")[0] in props, key


@pytest.mark.parametrize("step_type", list(REGISTRY.values()), ids=list(REGISTRY))
def test_each_type_has_a_handler_and_consistent_traits(step_type: StepType) -> None:
    """The engine's tables come from the registry: a type without a handler cannot be registered."""
    assert handler_of(step_type) is not None, f"{step_type.type}: no handle_{step_type.type} in runtime/steps"
    assert HANDLERS[step_type.type] is handler_of(step_type)
    if step_type.channel is not None:
        assert step_type.channel in CHANNELS and CHANNEL_STEP[step_type.channel] == step_type.type
        assert step_type.reaches_outside and step_type.renders_templates
    assert (step_type.type in SKIPPABLE) == step_type.reaches_outside
    assert (step_type.type in TEMPLATE_TYPES) == step_type.renders_templates


@pytest.mark.parametrize("step_type", list(REGISTRY.values()), ids=list(REGISTRY))
def test_a_newly_dropped_step_is_valid(step_type: StepType) -> None:
    step = Step("new", step_type.type, step_type.default_config())
    flow = Flow("one step", trigger={"type": "manual"}, steps=[step])
    report = validate_flow(flow)
    assert report.ok, report.to_json()


def test_trigger_and_goal_icons_exist() -> None:
    for name in ("trigger.svg", "goal.svg"):
        assert (ICONS / name).read_text(encoding="utf-8").startswith("<svg")


def test_get_step_type() -> None:
    assert get_step_type("wait") is REGISTRY["wait"]
    with pytest.raises(KeyError, match="unknown step type 'teleport'"):
        get_step_type("teleport")


@pytest.mark.parametrize(
    ("type_", "config", "ports"),
    [
        ("send_email", {}, ["next", "failed"]),
        ("send_telegram", {"text": "x"}, ["next", "failed"]),
        ("smart_send", {}, ["next", "failed"]),
        ("webhook", {"url": "https://x"}, ["next", "failed"]),
        ("wait", {"duration": "PT1H"}, ["next"]),
        ("wait", {"event": "purchase", "timeout": "P1D"}, ["yes", "no"]),
        ("condition", {"if": {"tag": "a"}}, ["yes", "no"]),
        ("ab_split", {"groups": [{"name": "a", "share": 50}, {"name": "b", "share": 50}]}, ["a", "b"]),
        ("ab_split", {"groups": "junk"}, []),
        ("channel_switch", {"rules": [{"if": {}, "port": "telegram"}, {"if": {}, "port": "sms"}]},
         ["telegram", "sms", "else"]),
        ("channel_switch", {}, ["else"]),
        ("exit", {}, []),
        ("add_tag", {"tag": "x"}, ["next"]),
        ("notify_team", {"text": "x"}, ["next"]),
        ("leave_flows", {"flows": "all"}, ["next"]),
        ("update_contact", {"set": {"a": 1}}, ["next"]),
    ],
)
def test_ports_follow_the_config(type_: str, config: dict, ports: list[str]) -> None:
    assert REGISTRY[type_].ports(config) == ports


@pytest.mark.parametrize(
    ("type_", "config", "summary"),
    [
        ("wait", {"duration": "PT24H"}, "Wait 24 h"),
        ("wait", {"until": {"time": "09:00", "weekdays": [1, 2, 3, 4, 5]}}, "Wait until 09:00 Mon\u2013Fri"),
        ("wait", {"until": {"time": "18:30", "weekdays": [6, 7]}}, "Wait until 18:30 Sat, Sun"),
        ("wait", {"until": {"time": "08:00"}}, "Wait until 08:00"),
        ("wait", {"event": "purchase", "timeout": "P3D"}, "Wait for purchase (max 3 d)"),
        ("send_email", {"subject": "You left something", "body": "x"}, "Email: You left something"),
        ("send_sms", {"text": "Your cart\nis waiting"}, "SMS: Your cart is waiting"),
        ("send_telegram", {"text": "Hi", "buttons": [[{"text": "a", "url": "u"}, {"text": "b", "data": "d"}]]},
         "Telegram: Hi [2 buttons]"),
        ("send_whatsapp", {"template": {"name": "cart_reminder", "language": "en"}}, "WhatsApp template cart_reminder"),
        ("send_push", {"title": "Still there?", "body": "x"}, "Push: Still there?"),
        ("smart_send", {"channels": ["telegram", "email"]}, "Smart send: telegram \u2192 email"),
        ("condition", {"if": {"event": "purchase", "since": "entry"}}, "If purchase since entry"),
        ("ab_split", {"groups": [{"name": "a", "share": 50}, {"name": "b", "share": 50}]}, "A/B 50/50"),
        ("ab_split", {"groups": [{"name": "control", "share": 20}, {"name": "test", "share": 80}]},
         "control/test 20/80"),
        ("channel_switch", {"rules": [{"if": {}, "port": "telegram"}]}, "Channel: telegram, else"),
        ("add_tag", {"tag": "vip"}, "Tag +vip"),
        ("add_tag", {"tag": "vip", "tags": ["buyer", "vip"]}, "Tags +vip +buyer"),
        ("remove_tag", {"tag": "vip"}, "Tag \u2212vip"),
        ("update_contact", {"set": {"plan": "gold"}, "increment": {"orders": 1}, "clear": ["coupon"]},
         "Update: plan = gold, orders +1, clear coupon"),
        ("leave_flows", {"flows": "all"}, "Leave all other flows"),
        ("leave_flows", {"flows": ["Welcome", "Abandoned cart"]}, "Leave Welcome, Abandoned cart"),
        ("notify_team", {"text": "Hot lead"}, "Notify team: Hot lead"),
        ("webhook", {"url": "https://crm.example.com/hook", "method": "PUT"}, "Webhook PUT crm.example.com"),
        ("exit", {}, "Exit"),
        ("exit", {"reason": "bought"}, "Exit: bought"),
    ],
)
def test_summaries(type_: str, config: dict, summary: str) -> None:
    assert REGISTRY[type_].summary(config) == summary


def test_summaries_survive_half_edited_configs() -> None:
    for step_type in step_types():
        for config in ({}, {"duration": 5}, {"groups": [None]}, {"if": "x"}, {"until": 3}):
            assert isinstance(step_type.summary(config), str)
            assert isinstance(step_type.ports(config), list)
    assert len(REGISTRY["send_sms"].summary({"text": "x" * 200})) <= 45


def test_default_config_builds_nested_keys_and_is_fresh() -> None:
    wait = REGISTRY["wait"]
    assert wait.default_config() == {"duration": "PT1H"}
    first = REGISTRY["ab_split"].default_config()
    first["groups"].append({"name": "c", "share": 0})
    assert len(REGISTRY["ab_split"].default_config()["groups"]) == 2
    assert wait.field("until.time").kind == "time_of_day"
    assert wait.field("nope") is None


def test_registry_ports_drive_edge_validation() -> None:
    # the validator uses the same ports the designer draws
    flow = Flow("f", trigger={"type": "manual"},
                steps=[Step("ab", "ab_split", REGISTRY["ab_split"].default_config()), Step("x", "exit")],
                edges=[Edge("ab", "x", "a"), Edge("ab", "x", "c")])
    report = validate_flow(flow)
    assert [(p.code, p.step_id) for p in report.errors] == [("bad_port", "ab")]
