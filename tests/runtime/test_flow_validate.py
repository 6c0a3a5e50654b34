"""Validation: each bad input gives its specific error with the step id; every problem at once.

Also covers the pieces validation is built from: durations, condition syntax and the shipped
JSON Schema.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtime.errors import FlowValidationError
from runtime.flow.conditions import (
    condition_problems,
    describe_condition,
    referenced_events,
    referenced_fields,
    referenced_tags,
)
from runtime.flow.durations import format_duration, human_duration, parse_duration, parse_signed_duration
from runtime.flow.io import flow_from_dict
from runtime.flow.model import Edge, Flow, Step
from runtime.flow.schema import SCHEMA_PATH, build_flow_schema, schema_text
from runtime.flow.lint import LINT_CODES
from runtime.flow.validate import Problem, ValidationReport, validate_file, validate_flow, validate_text
from runtime.steps.registry import REGISTRY

EMAIL = {"subject": "Hi", "body": "Hello {{ contact.first_name }}"}


def make(steps: list[dict[str, Any]], edges: list[dict[str, Any]] | None = None, **top: Any) -> Flow:
    doc = {"format": "flowcanvas/1", "name": "test", "trigger": {"type": "manual"}, **top,
           "steps": steps, "edges": edges or []}
    return flow_from_dict(doc)


def chain(*steps: dict[str, Any]) -> Flow:
    """Steps joined a -> b -> c by their ``next`` port."""
    edges = [{"from": a["id"], "to": b["id"]} for a, b in zip(steps, steps[1:])]
    return make(list(steps), edges)


def errors(report: ValidationReport, code: str) -> list[Problem]:
    return [p for p in report.errors if p.code == code]


def warnings(report: ValidationReport, code: str) -> list[Problem]:
    return [p for p in report.warnings if p.code == code]


def the_error(report: ValidationReport, code: str, step: str | None, contains: str = "") -> Problem:
    found = [p for p in errors(report, code) if p.step_id == step and contains in p.message]
    assert found, f"no {code} error for step {step!r}; got {report.to_json()}"
    if step is not None:
        assert repr(step) in found[0].message  # the message names the step
    return found[0]


# ---------------------------------------------------------------------------------------------
# a good flow


def test_a_good_flow_has_no_problems() -> None:
    flow = make(
        [
            {"id": "wait_1h", "type": "wait", "config": {"duration": "PT1H"}},
            {"id": "bought", "type": "condition", "config": {"if": {"event": "purchase", "since": "entry"}}},
            {"id": "email", "type": "send_email", "config": EMAIL},
        ],
        [{"from": "wait_1h", "to": "bought"}, {"from": "bought", "port": "no", "to": "email"}],
        trigger={"type": "event", "event": "cart_add"},
        entry={"repeat": "P30D", "exclude": {"tag": "unsubscribed_all"}},
        goal={"event": "purchase", "within": "P7D"},
    )
    report = validate_flow(flow)
    assert report.ok and report.to_json() == {"errors": [], "warnings": []}


# ---------------------------------------------------------------------------------------------
# one test per error code


def test_unknown_step_type_suggests_the_close_name() -> None:
    problem = the_error(validate_flow(make([{"id": "c", "type": "conditon"}])), "unknown_type", "c")
    assert "unknown step type 'conditon'" in problem.message and "'condition'" in problem.message


def test_missing_config_names_the_key() -> None:
    report = validate_flow(make([{"id": "mail", "type": "send_email", "config": {"subject": "Hi"}}]))
    assert "missing 'body'" in the_error(report, "missing_config", "mail").message


def test_missing_config_when_config_is_absent_altogether() -> None:
    report = validate_flow(make([{"id": "sms", "type": "send_sms"}]))
    assert "missing 'text'" in the_error(report, "missing_config", "sms").message


def test_wrong_type_for_a_known_key_is_bad_config() -> None:
    report = validate_flow(make([{"id": "mail", "type": "send_email", "config": {"subject": 5, "body": "x"}}]))
    assert "config.subject: must be text, not a whole number" in the_error(report, "bad_config", "mail").message


def test_send_steps_allow_extra_keys_but_strict_types_elsewhere() -> None:
    ok = validate_flow(make([{"id": "mail", "type": "send_email", "config": {**EMAIL, "reply_to": "a@b.c",
                                                                            "quiet_hours": False, "cap": "skip"}}]))
    assert ok.ok
    report = validate_flow(make([{"id": "w", "type": "wait", "config": {"duraton": "PT1H"}}]))
    assert "unknown key(s) 'duraton'" in the_error(report, "bad_config", "w").message
    report = validate_flow(make([{"id": "mail", "type": "send_email", "config": {**EMAIL, "cap": "maybe"}}]))
    assert "'maybe' is not one of skip, delay, ignore" in the_error(report, "bad_config", "mail").message


def test_bad_port_names_the_ports_the_step_has() -> None:
    flow = chain({"id": "w", "type": "wait", "config": {"duration": "PT1H"}}, {"id": "x", "type": "exit"})
    flow.edges[0] = Edge("w", "x", "yes")
    problem = the_error(validate_flow(flow), "bad_port", "w")
    assert "has no port 'yes' (its ports: next)" in problem.message


def test_ports_depend_on_config() -> None:
    wait_event = {"id": "w", "type": "wait", "config": {"event": "purchase", "timeout": "P3D"}}
    flow = make([wait_event, {"id": "x", "type": "exit"}], [{"from": "w", "to": "x"}])
    assert "(its ports: yes, no)" in the_error(validate_flow(flow), "bad_port", "w").message
    flow = make([wait_event, {"id": "x", "type": "exit"}], [{"from": "w", "port": "no", "to": "x"}])
    assert validate_flow(flow).ok


def test_edges_from_an_exit_step_are_bad_ports() -> None:
    flow = chain({"id": "x", "type": "exit"}, {"id": "s", "type": "send_sms", "config": {"text": "hi"}})
    assert "(its ports: none)" in the_error(validate_flow(flow), "bad_port", "x").message


def test_dangling_edges_name_the_unknown_step() -> None:
    flow = make([{"id": "a", "type": "send_sms", "config": {"text": "hi"}}],
                [{"from": "a", "to": "ghost"}, {"from": "nobody", "to": "a"}])
    report = validate_flow(flow)
    assert "unknown step 'ghost'" in the_error(report, "dangling_edge", "a").message
    assert "unknown step 'nobody'" in errors(report, "dangling_edge")[1].message
    assert errors(report, "dangling_edge")[1].step_id == "nobody"


def test_duplicate_step_ids() -> None:
    flow = make([{"id": "a", "type": "exit"}, {"id": "a", "type": "exit"}])
    assert len(errors(validate_flow(flow), "duplicate_id")) == 1
    the_error(validate_flow(flow), "duplicate_id", "a")


def test_cycle_names_the_steps_on_it() -> None:
    flow = make(
        [
            {"id": "start", "type": "send_sms", "config": {"text": "hi"}},
            {"id": "w", "type": "wait", "config": {"duration": "PT1H"}},
            {"id": "check", "type": "condition", "config": {"if": {"tag": "vip"}}},
            {"id": "sms", "type": "send_sms", "config": {"text": "again"}},
        ],
        [{"from": "start", "to": "w"}, {"from": "w", "to": "check"},
         {"from": "check", "port": "no", "to": "sms"}, {"from": "sms", "to": "w"}],
    )
    problem = the_error(validate_flow(flow), "cycle", "w")
    assert "'w' \u2192 'check' \u2192 'sms' \u2192 'w'" in problem.message
    assert "start" not in problem.message


def test_self_loop_is_a_cycle() -> None:
    flow = make([{"id": "a", "type": "send_sms", "config": {"text": "x"}}], [{"from": "a", "to": "a"}])
    report = validate_flow(flow)
    assert "step 'a' has an edge to itself" in the_error(report, "cycle", "a").message
    the_error(report, "no_first_step", None)


def test_unreachable_steps() -> None:
    flow = make(
        [{"id": "first", "type": "exit"}, {"id": "x", "type": "send_sms", "config": {"text": "x"}},
         {"id": "y", "type": "send_sms", "config": {"text": "y"}}],
        [{"from": "x", "to": "y"}, {"from": "y", "to": "x"}],
    )
    report = validate_flow(flow)
    the_error(report, "unreachable", "x")
    the_error(report, "unreachable", "y")
    assert not errors(report, "no_first_step")


def test_no_first_step_and_no_steps() -> None:
    assert errors(validate_flow(make([])), "no_first_step")[0].message == "the flow has no steps"


def test_bad_durations() -> None:
    for bad, expected in (("1h", "expected ISO 8601"), ("P1M", "no fixed length"), ("PT0S", "longer than zero")):
        report = validate_flow(make([{"id": "w", "type": "wait", "config": {"duration": bad}}]))
        assert expected in the_error(report, "bad_duration", "w").message
    report = validate_flow(make([{"id": "w", "type": "wait", "config": {"event": "reply", "timeout": "3 days"}}]))
    assert "timeout" in the_error(report, "bad_duration", "w").message


def test_wait_modes() -> None:
    report = validate_flow(make([{"id": "w", "type": "wait", "config": {}}]))
    assert "needs 'duration', 'until' or 'event'" in the_error(report, "missing_config", "w").message
    report = validate_flow(make([{"id": "w", "type": "wait", "config": {"duration": "PT1H", "event": "x", "timeout": "P1D"}}]))
    assert "use only one of 'duration', 'event'" in the_error(report, "bad_config", "w").message
    report = validate_flow(make([{"id": "w", "type": "wait", "config": {"event": "reply"}}]))
    assert "needs a 'timeout'" in the_error(report, "missing_config", "w").message
    report = validate_flow(make([{"id": "w", "type": "wait", "config": {"until": {"time": "25:00", "weekdays": [1, 8]}}}]))
    the_error(report, "bad_config", "w", "until.time: '25:00' is not a time of day")
    assert any("must be at most 7" in p.message for p in errors(report, "bad_config"))
    ok = make([{"id": "w", "type": "wait", "config": {"until": {"time": "09:00", "weekdays": [1, 2, 3, 4, 5]}}}])
    assert validate_flow(ok).ok


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        ({"field": "orders", "op": "=>", "value": 3}, "unknown operator '=>'"),
        ({"field": "orders", "op": ">"}, "needs a 'value'"),
        ({"field": "country", "op": "in", "value": "DE"}, "needs a list 'value'"),
        ({"event": "purchase", "since": "yesterday"}, "'since' must be \"entry\" or an ISO duration"),
        ({"event": "purchase", "count": -1}, "'count' must be a whole number"),
        ({"message": {"match": "regex", "text": "(unclosed"}}, "bad regex '(unclosed'"),
        ({"message": {"match": "fuzzy", "text": "x"}}, "unknown match 'fuzzy'"),
        ({"message": {"match": "exact"}}, "missing 'text'"),
        ({"all": [{"tag": "vip"}, {"colour": "red"}]}, "if.all[1]: not a condition"),
        ({"tag": "vip", "field": "x", "op": "is_set"}, "mixes 'tag' and 'field'"),
        ({"not": {"days_since": "last_seen", "op": "~", "value": 3}}, "if.not: unknown operator '~'"),
        ("vip", "a condition must be an object"),
    ],
)
def test_bad_conditions(cond: Any, expected: str) -> None:
    report = validate_flow(make([{"id": "check", "type": "condition", "config": {"if": cond}}]))
    messages = [p.message for p in errors(report, "bad_condition") if p.step_id == "check"]
    assert any(expected in m for m in messages), messages


def test_bad_templates_name_the_field_and_line() -> None:
    body = "Hello {{ contact.first_name }}\nYour cart: {{ event.cart_url }\n"
    report = validate_flow(make([{"id": "mail", "type": "send_email", "config": {"subject": "Hi {% if %}", "body": body}}]))
    messages = sorted(p.message for p in errors(report, "bad_template") if p.step_id == "mail")
    assert len(messages) == 2
    assert messages[0].startswith("step 'mail' (send_email) body: template error on line 2")
    assert messages[1].startswith("step 'mail' (send_email) subject: template error on line 1")


def test_templates_inside_other_steps_are_compiled() -> None:
    steps = [
        {"id": "smart", "type": "smart_send", "config": {"channels": ["sms"], "content": {"sms": {"text": "{{ x"}}}},
        {"id": "team", "type": "notify_team", "config": {"text": "{% for %}"}},
        {"id": "upd", "type": "update_contact", "config": {"set": {"note": "{{ }}"}}},
        {"id": "tg", "type": "send_telegram", "config": {"text": "ok", "buttons": [[{"text": "{{", "data": "d"}]]}},
    ]
    report = validate_flow(make(steps))
    assert {p.step_id for p in errors(report, "bad_template")} == {"smart", "team", "upd", "tg"}
    assert "content.sms text" in the_error(report, "bad_template", "smart").message


def test_ab_split_shares_and_group_count() -> None:
    groups = [{"name": "a", "share": 60}, {"name": "b", "share": 30}]
    report = validate_flow(make([{"id": "ab", "type": "ab_split", "config": {"groups": groups}}]))
    assert "shares sum to 90, not 100" in the_error(report, "ab_shares", "ab").message
    six = [{"name": f"g{i}", "share": 100 / 6} for i in range(6)]
    report = validate_flow(make([{"id": "ab", "type": "ab_split", "config": {"groups": six}}]))
    assert "6 groups; at most 5" in the_error(report, "ab_shares", "ab").message
    dup = [{"name": "a", "share": 50}, {"name": "a", "share": 50}]
    report = validate_flow(make([{"id": "ab", "type": "ab_split", "config": {"groups": dup}}]))
    assert "'a' used twice" in the_error(report, "bad_config", "ab").message


def test_channel_switch_rules() -> None:
    rules = [{"if": {"field": "telegram_chat_id", "op": "is_set"}, "port": "tg"},
             {"if": {"field": "x", "op": "??"}, "port": "tg"}, {"if": {"tag": "a"}, "port": "else"}]
    report = validate_flow(make([{"id": "sw", "type": "channel_switch", "config": {"rules": rules}}]))
    the_error(report, "bad_condition", "sw")
    bad = [p.message for p in errors(report, "bad_config")]
    assert any("port 'tg' is used by an earlier rule" in m for m in bad)
    assert any("'else' is the fallback port" in m for m in bad)


def test_other_semantic_config_checks() -> None:
    steps = [
        {"id": "wa", "type": "send_whatsapp", "config": {}},
        {"id": "tag", "type": "add_tag", "config": {}},
        {"id": "upd", "type": "update_contact", "config": {"set": {"a": 1}, "clear": ["a"]}},
        {"id": "leave", "type": "leave_flows", "config": {"flows": "some"}},
        {"id": "hook", "type": "webhook", "config": {"url": "ftp://example.com"}},
        {"id": "tg", "type": "send_telegram", "config": {"text": "x", "buttons": [[{"text": "b"}]]}},
        {"id": "smart", "type": "smart_send", "config": {"channels": ["email", "sms"], "content": {"sms": {"text": "x"}}}},
    ]
    report = validate_flow(make(steps))
    assert "needs 'text' or an approved 'template'" in the_error(report, "missing_config", "wa").message
    assert "needs 'tag' or 'tags'" in the_error(report, "missing_config", "tag").message
    assert "'a' changed twice" in the_error(report, "bad_config", "upd").message
    assert "must be \"all\" or a list" in the_error(report, "bad_config", "leave").message
    assert "is not an http(s) URL" in the_error(report, "bad_config", "hook").message
    assert "exactly one of 'url' or 'data'" in the_error(report, "bad_config", "tg").message
    assert "no content for channel 'email'" in the_error(report, "missing_config", "smart").message


# ---------------------------------------------------------------------------------------------
# trigger, entry, goal


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [
        ({"type": "webhook_in"}, "unknown trigger type 'webhook_in'"),
        ({"type": "event"}, "needs 'event'"),
        ({"type": "segment", "condition": {"tag": "a"}, "mode": "cron", "cron": "61 * * * *"}, "bad cron expression"),
        ({"type": "segment", "condition": {"tag": "a"}, "mode": "cron"}, "needs a 'cron' expression"),
        ({"type": "segment", "condition": {"tag": "a"}, "mode": "sometimes"}, "'mode' must be one of"),
        ({"type": "date", "field": "birthday", "time": "9am"}, "'9am' is not a time of day"),
        ({"type": "date", "field": "birthday", "offset": "yesterday"}, "trigger.offset"),
        ({"type": "message", "match": "regex", "text": "(["}, "bad regex"),
        ({"type": "message", "text": "/start", "from": "bot"}, "'from' must be contact or operator"),
        ({"type": "event", "event": 5}, "trigger.event: must be text"),
    ],
)
def test_bad_triggers(trigger: dict[str, Any], expected: str) -> None:
    report = validate_flow(make([{"id": "x", "type": "exit"}], trigger=trigger))
    messages = [p.message for p in errors(report, "bad_trigger")]
    assert any(expected in m for m in messages), report.to_json()
    assert all(p.step_id is None for p in errors(report, "bad_trigger"))


def test_bad_trigger_condition_is_a_bad_condition() -> None:
    report = validate_flow(make([{"id": "x", "type": "exit"}],
                                trigger={"type": "segment", "condition": {"field": "a", "op": "like", "value": 1}}))
    assert "trigger.condition: unknown operator 'like'" in errors(report, "bad_condition")[0].message


@pytest.mark.parametrize(
    ("entry", "code", "expected"),
    [
        ({"repeat": "sometimes"}, "bad_entry", "'sometimes' is not 'once', 'always' or a cooldown"),
        ({"repeat": "PT0S"}, "bad_entry", "must be longer than zero"),
        ({"repeat": 3}, "bad_entry", "entry.repeat: must be text"),
        ({"start_at": "2026-01-01T00:00:00"}, "bad_entry", "has no time zone"),
        ({"start_at": "2026-02-01T00:00:00Z", "end_at": "2026-01-01T00:00:00Z"}, "bad_entry", "end_at must be after"),
        ({"exclude": {"tag": ""}}, "bad_condition", "entry.exclude: 'tag' must be a non-empty tag name"),
        ({"repat": "once"}, "bad_entry", "unknown key(s) 'repat'"),
    ],
)
def test_bad_entry_rules(entry: dict[str, Any], code: str, expected: str) -> None:
    report = validate_flow(make([{"id": "x", "type": "exit"}], entry=entry))
    assert any(expected in p.message for p in errors(report, code)), report.to_json()


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ({"within": "P7D"}, "give either an 'event' or a 'condition'"),
        ({"event": "purchase", "within": "a week"}, "goal.within"),
        ({"event": "purchase", "since": "entry", "op": "~"}, "unknown operator '~'"),
    ],
)
def test_bad_goals(goal: dict[str, Any], expected: str) -> None:
    report = validate_flow(make([{"id": "x", "type": "exit"}], goal=goal))
    assert any(expected in p.message for p in errors(report, "bad_goal")), report.to_json()


def test_bad_max_lateness_setting() -> None:
    report = validate_flow(make([{"id": "x", "type": "exit"}], settings={"max_lateness": "2 hours"}))
    assert errors(report, "bad_settings")


# ---------------------------------------------------------------------------------------------
# warnings


def test_warnings_do_not_block() -> None:
    flow = make(
        [
            {"id": "hook", "type": "webhook", "config": {"url": "https://crm.example.com/hook",
                                                         "headers": {"Authorization": "Bearer x"}}},
            {"id": "send", "type": "send_sms", "config": {"text": "hi"}},
            {"id": "lonely", "type": "add_tag", "config": {"tag": "x"}},
            {"id": "check", "type": "condition", "config": {"if": {"tag": "vip"}}},
        ],
        [{"from": "hook", "to": "send"}, {"from": "send", "to": "check"}],
    )
    report = validate_flow(flow)
    assert report.ok
    assert "review before activation" in warnings(report, "webhook_review")[0].message
    assert warnings(report, "webhook_review")[0].step_id == "hook"
    assert warnings(report, "secret_in_flow")[0].step_id == "hook"
    assert [p.step_id for p in warnings(report, "not_connected")] == ["lonely"]
    assert [p.step_id for p in warnings(report, "unused_port")] == ["check"]
    # a send step's unconnected 'failed' port is normal
    assert not [p for p in report.warnings if p.step_id == "send"]


def test_missing_trigger_is_a_warning() -> None:
    flow = make([{"id": "x", "type": "exit"}])
    flow.trigger = None
    report = validate_flow(flow)
    assert report.ok and warnings(report, "no_trigger")


# ---------------------------------------------------------------------------------------------
# every problem at once; JSON shape; files


def test_every_problem_is_reported_at_once() -> None:
    flow = make(
        [
            {"id": "a", "type": "wait", "config": {"duration": "soon"}},
            {"id": "b", "type": "teleport"},
            {"id": "b", "type": "send_email", "config": {"subject": "{{"}},
            {"id": "c", "type": "ab_split", "config": {"groups": [{"name": "x", "share": 10}, {"name": "y", "share": 10}]}},
        ],
        [{"from": "a", "to": "zzz"}, {"from": "a", "port": "maybe", "to": "c"}],
        trigger={"type": "sometimes"},
    )
    codes = set(validate_flow(flow).codes())
    assert {"bad_duration", "unknown_type", "duplicate_id", "missing_config", "bad_template", "ab_shares",
            "dangling_edge", "bad_port", "bad_trigger"} <= codes


def test_report_json_shape_and_raise() -> None:
    report = validate_flow(make([{"id": "c", "type": "nope"}]))
    data = report.to_json()
    assert data["errors"][0] == {"step": "c", "code": "unknown_type", "message": "step 'c': unknown step type 'nope'",
                                 "text": "Nope: unknown step type 'nope'"}
    json.dumps(data)
    with pytest.raises(FlowValidationError) as info:
        report.raise_for_errors("flow 'test'")
    assert info.value.problems == report.errors
    assert "flow 'test' has 1 error(s)" in str(info.value)
    assert report.for_step("c") == report.errors


def test_validate_file_turns_load_errors_into_a_report(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "flowcanvas/1",\n  "name": "x"\n  "steps": []}', encoding="utf-8")
    report = validate_file(bad)
    assert not report.ok
    [problem] = report.errors
    assert problem.code == "bad_json" and "bad.json" in problem.message and "line 3, column 3" in problem.message

    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "zapier/1", "name": "x"}', encoding="utf-8")
    assert validate_file(wrong).codes() == ["bad_format"]

    shape = tmp_path / "shape.json"
    shape.write_text('{"format": "flowcanvas/1", "name": "x", "steps": [{"id": "s1"}]}', encoding="utf-8")
    assert [(p.code, p.step_id) for p in validate_file(shape).errors] == [("bad_structure", "s1")]

    assert validate_file(tmp_path / "missing.json").codes() == ["unreadable"]

    good = tmp_path / "good.json"
    good.write_text(json.dumps({"format": "flowcanvas/1", "name": "x", "trigger": {"type": "manual"},
                                "steps": [{"id": "x", "type": "exit"}]}), encoding="utf-8")
    assert validate_file(good).ok
    assert validate_text(good.read_text(encoding="utf-8")).ok


def test_in_memory_flows_validate_like_files() -> None:
    flow = Flow("mem", trigger={"type": "manual"}, steps=[Step("a", "send_email", {}), Step("b", "exit")],
                edges=[Edge("a", "b")])
    report = validate_flow(flow)
    assert {p.message for p in errors(report, "missing_config")} == {
        "step 'a' (send_email): config: missing 'subject'", "step 'a' (send_email): config: missing 'body'"}


# ---------------------------------------------------------------------------------------------
# the shipped schema


def test_shipped_schema_matches_the_registry() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(build_flow_schema()), (
        "regenerate with: python -m runtime.flow.schema > runtime/flow/flowcanvas-1.schema.json")


def test_shipped_schema_accepts_presets_and_rejects_junk() -> None:
    import jsonschema

    from runtime.flow.presets import PRESETS_DIR

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in PRESETS_DIR.glob("*.json"):
        assert not list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))), path
    assert list(validator.iter_errors({"format": "flowcanvas/1", "name": "x",
                                        "steps": [{"id": "a", "type": "wait", "config": {"duration": 1}}]}))


# ---------------------------------------------------------------------------------------------
# durations


def test_parse_and_format_durations() -> None:
    assert parse_duration("PT30M") == timedelta(minutes=30)
    assert parse_duration("P1DT2H") == timedelta(days=1, hours=2)
    assert parse_duration("P1W") == timedelta(days=7)
    assert parse_duration("PT1.5S") == timedelta(seconds=1.5)
    assert parse_signed_duration("-P1D") == timedelta(days=-1)
    for bad in ("", "P", "PT", "1H", "P1H", "PT1D", "-P1D", "P1Y", "P2M", None, 5):
        with pytest.raises(ValueError):
            parse_duration(bad)  # type: ignore[arg-type]
    assert format_duration(timedelta(hours=24)) == "P1D"
    assert format_duration(timedelta(days=1, hours=2, minutes=3, seconds=4)) == "P1DT2H3M4S"
    assert format_duration(timedelta(0)) == "PT0S"
    assert format_duration(timedelta(seconds=1.5)) == "PT1.5S"
    assert format_duration(timedelta(days=-1)) == "-P1D"
    for text in ("PT1H", "P3D", "P1DT30M", "PT45S"):
        assert format_duration(parse_duration(text)) == text


def test_human_durations_keep_the_written_units() -> None:
    assert human_duration("PT24H") == "24 h"
    assert human_duration("PT1H30M") == "1 h 30 min"
    assert human_duration("P3D") == "3 d"
    assert human_duration("P1W") == "1 wk"
    assert human_duration("-P1D") == "-1 d"
    with pytest.raises(ValueError):
        human_duration("soon")


# ---------------------------------------------------------------------------------------------
# conditions: description and references


def test_describe_conditions() -> None:
    assert describe_condition({"event": "purchase", "since": "entry"}) == "purchase since entry"
    assert describe_condition({"event": "purchase", "since": "P3D", "op": ">=", "count": 2}) == \
        "purchase >= 2 times in last 3 d"
    assert describe_condition({"not": {"event": "purchase", "since": "entry"}}) == "no purchase since entry"
    assert describe_condition({"field": "total_orders", "op": ">", "value": 3}) == "total_orders > 3"
    assert describe_condition({"field": "email", "op": "is_set"}) == "email is set"
    assert describe_condition({"field": "country", "op": "in", "value": ["DE", "FR"]}) == "country in [DE, FR]"
    assert describe_condition({"tag": "vip"}) == "has tag vip"
    assert describe_condition({"not": {"tag": "vip"}}) == "no tag vip"
    assert describe_condition({"days_since": "last_activity_at", "op": ">", "value": 30}) == \
        "days since last_activity_at > 30"
    assert describe_condition({"message": {"match": "contains", "text": "yes"}}) == 'reply contains "yes"'
    assert describe_condition({"message": {"match": "regex", "text": "^y"}}) == "reply matches /^y/"
    assert describe_condition({"all": [{"tag": "a"}, {"any": [{"tag": "b"}, {"tag": "c"}]}]}) == \
        "has tag a and (has tag b or has tag c)"
    assert describe_condition({"all": []}) == "always"
    assert describe_condition({"bogus": 1}) == "(invalid condition)"


def test_condition_references() -> None:
    cond = {"all": [
        {"field": "total_orders", "op": ">", "value": 3},
        {"any": [{"tag": "vip"}, {"not": {"tag": "blocked"}}, {"tag": "vip"}]},
        {"days_since": "last_activity_at", "op": ">", "value": 30},
        {"event": "purchase", "since": "entry"},
        {"not": {"event": "refund"}},
    ]}
    assert referenced_fields(cond) == ["total_orders", "last_activity_at"]
    assert referenced_tags(cond) == ["vip", "blocked"]
    assert referenced_events(cond) == ["purchase", "refund"]
    assert condition_problems(cond) == []
    assert referenced_fields("junk") == []


# ---------------------------------------------------------------------------------------------
# robustness: any flow, however broken, gets a report (never an exception)

KNOWN_CODES = {
    "bad_json", "bad_format", "bad_structure", "unknown_type", "missing_config", "bad_config", "bad_port",
    "dangling_edge", "duplicate_id", "cycle", "unreachable", "no_first_step", "bad_duration", "bad_condition",
    "bad_template", "ab_shares", "bad_trigger", "bad_entry", "bad_goal", "bad_settings", "unreadable",
    "not_connected", "webhook_review", "unused_port", "duplicate_edge", "no_trigger", "secret_in_flow",
    "unused_content", "extra_start", *LINT_CODES,
}
_scalar = st.none() | st.booleans() | st.integers(-3, 200) | st.sampled_from(
    ["", "PT1H", "P1M", "entry", "09:00", "{{ x", "a", "all", "=", "in", "regex", "(", "https://x.io", "email"])
_value = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["if", "all", "any", "not", "field", "op", "value", "tag", "event", "since", "count",
                     "message", "match", "text", "name", "share", "port", "time", "weekdays"]), inner, max_size=3),
    max_leaves=10)


@st.composite
def broken_flows(draw) -> Flow:
    ids = draw(st.lists(st.sampled_from("abcdef"), max_size=6))
    steps = []
    for sid in ids:
        type_ = draw(st.sampled_from([*REGISTRY, "nope"]))
        keys = [f.key.split(".")[0] for f in REGISTRY[type_].fields] if type_ in REGISTRY else ["x"]
        config = draw(st.dictionaries(st.sampled_from([*keys, "extra"]), _value, max_size=4))
        steps.append(Step(sid, type_, config))
    ports = st.sampled_from(["next", "yes", "no", "failed", "a", "else"])
    edges = [Edge(draw(st.sampled_from("abcdefg")), draw(st.sampled_from("abcdefg")), draw(ports))
             for _ in range(draw(st.integers(0, 8)))]
    trigger = draw(st.none() | st.dictionaries(st.sampled_from(["type", "event", "cron", "condition", "mode", "text"]),
                                               _value, max_size=3))
    entry = draw(st.dictionaries(st.sampled_from(["repeat", "exclude", "start_at"]), _value, max_size=2))
    goal = draw(st.none() | st.dictionaries(st.sampled_from(["event", "condition", "within", "op"]), _value, max_size=2))
    return Flow("fuzz", trigger=trigger, entry=entry, goal=goal, steps=steps, edges=edges)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_flows())
def test_any_flow_gets_a_report(flow: Flow) -> None:
    report = validate_flow(flow)
    for problem in report.problems:
        assert problem.code in KNOWN_CODES, problem
        assert problem.severity in ("error", "warning")
        assert problem.step_id is None or problem.step_id in "abcdefg"
    json.dumps(report.to_json())
    for step in flow.steps:
        if step.type in REGISTRY:
            assert isinstance(REGISTRY[step.type].summary(step.config), str)


def test_empty_conditions_mean_always_where_optional() -> None:
    ok = make([{"id": "x", "type": "exit"}], trigger={"type": "event", "event": "e", "filter": {}},
              entry={"exclude": {}})
    assert validate_flow(ok).ok
    report = validate_flow(make([{"id": "c", "type": "condition", "config": {"if": {}}}]))
    assert "if: the condition is empty" in the_error(report, "bad_condition", "c").message
    report = validate_flow(make([{"id": "x", "type": "exit"}], trigger={"type": "segment", "condition": {}}))
    assert any("trigger.condition: the condition is empty" in p.message for p in errors(report, "bad_condition"))
    assert condition_problems({}) == [] and condition_problems({}, "if", allow_empty=False)


@pytest.mark.parametrize(
    ("settings_", "expected"),
    [
        ({"quiet_hours": "9pm-8am"}, "settings.quiet_hours"),
        ({"caps": {"per_day": -1}}, "settings.caps.per_day"),
        ({"caps": {"action": "drop"}}, "settings.caps.action"),
        ({"caps": 3}, "settings.caps: must be an object"),
    ],
)
def test_bad_delivery_settings(settings_: dict[str, Any], expected: str) -> None:
    report = validate_flow(make([{"id": "x", "type": "exit"}], settings=settings_))
    assert any(expected in p.message for p in errors(report, "bad_settings")), report.to_json()
    good = {"quiet_hours": "21:00-08:00", "caps": {"per_day": 2, "per_week": 5, "action": "skip"},
            "max_lateness": "PT2H", "custom": True}
    assert validate_flow(make([{"id": "x", "type": "exit"}], settings=good)).ok


def test_a_malformed_smart_send_channel_list_is_an_error_not_a_crash_of_the_linter() -> None:
    """The linter runs on flows with schema errors too; `channels: 5` is reported, never raised."""
    flow = Flow(name="x", trigger={"type": "manual"},
                steps=[Step(id="s", type="smart_send", config={"channels": 5, "content": {}})])
    report = validate_flow(flow)
    assert any(p.step_id == "s" for p in report.errors)
