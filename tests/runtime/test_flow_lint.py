"""The flow linter: each listed mistake is flagged on its step with a fix; silenced only with a reason."""

from __future__ import annotations

from typing import Any

import pytest

from runtime.flow.io import flow_from_dict
from runtime.flow.lint import LintContext, lint_flow
from runtime.flow.validate import validate_flow

EMAIL = {"subject": "Hi", "body": "Hi {{ contact.first_name }}"}


def _flow(steps: list[tuple[str, str, dict[str, Any]]], edges: list[tuple[str, str, str]], **extra: Any):
    doc = {"format": "flowcanvas/1", "name": "T", "trigger": {"type": "event", "event": "signup"},
           "goal": {"event": "purchase"},
           "steps": [{"id": i, "type": t, "config": c} for i, t, c in steps],
           "edges": [{"from": a, "port": p, "to": b} for a, p, b in edges], **extra}
    return flow_from_dict(doc)


def _codes(flow, context=None) -> list[tuple[str | None, str]]:
    return [(p.step_id, p.code) for p in lint_flow(flow, context)]


def test_no_goal_and_ab_split_without_goal() -> None:
    flow = _flow([("split", "ab_split", {"groups": [{"name": "a", "share": 50}, {"name": "b", "share": 50}]}),
                  ("x", "send_email", EMAIL), ("y", "send_email", EMAIL)],
                 [("split", "a", "x"), ("split", "b", "y")], goal=None)
    assert _codes(flow) == [(None, "lint_no_goal"), ("split", "lint_ab_without_goal")]
    [ab] = [p for p in lint_flow(flow) if p.step_id == "split"]
    assert "set the flow's goal" in ab.message


def test_two_sends_without_wait_through_a_tag_step() -> None:
    flow = _flow([("a", "send_email", EMAIL), ("t", "add_tag", {"tag": "x"}), ("b", "send_sms", {"text": "x"})],
                 [("a", "next", "t"), ("t", "next", "b")])
    [problem] = lint_flow(flow)
    assert (problem.step_id, problem.code) == ("b", "lint_sends_without_wait")
    assert "'a'" in problem.message and "add a Wait" in problem.message
    # a wait between them, or a fallback on the failed port, is fine
    waited = _flow([("a", "send_email", EMAIL), ("w", "wait", {"duration": "P1D"}), ("b", "send_sms", {"text": "x"})],
                   [("a", "next", "w"), ("w", "next", "b")])
    fallback = _flow([("a", "send_email", EMAIL), ("b", "send_sms", {"text": "x"})], [("a", "failed", "b")])
    assert lint_flow(waited) == [] and lint_flow(fallback) == []


def _chain(n: int, condition_at: int | None = None):
    steps, ids = [], []
    for i in range(n):
        if condition_at == i:
            steps.append((f"c{i}", "condition", {"if": {"tag": "vip"}}))
            ids.append(f"c{i}")
        steps += [(f"s{i}", "send_email", EMAIL), (f"w{i}", "wait", {"duration": "P1D"})]
        ids += [f"s{i}", f"w{i}"]
    edges = [(a, "no" if a.startswith("c") else "next", b) for a, b in zip(ids, ids[1:])]
    return _flow(steps, edges)


def test_more_than_three_sends_without_a_condition() -> None:
    assert _codes(_chain(3)) == []
    assert _codes(_chain(4)) == [("s3", "lint_long_send_chain")]
    assert _codes(_chain(5)) == [("s3", "lint_long_send_chain")]  # flagged once, where the chain gets too long
    assert _codes(_chain(4, condition_at=2)) == []


def test_sms_without_quiet_hours() -> None:
    off = _flow([("sms", "send_sms", {"text": "x", "quiet_hours": False})], [])
    assert _codes(off) == [("sms", "lint_sms_without_quiet_hours")]
    flow_off = _flow([("sms", "smart_send", {"channels": ["sms"], "content": {"sms": {"text": "x"}}})], [],
                     settings={"quiet_hours": "off"})
    assert _codes(flow_off) == [("sms", "lint_sms_without_quiet_hours")]
    project_off = _flow([("sms", "send_sms", {"text": "x"})], [])
    assert _codes(project_off) == []
    assert _codes(project_off, LintContext(quiet_hours=None)) == [("sms", "lint_sms_without_quiet_hours")]


def test_wait_for_event_without_timeout_and_same_branches() -> None:
    flow = _flow([("w", "wait", {"event": "opened"}), ("c", "condition", {"if": {"tag": "vip"}}),
                  ("x", "send_email", EMAIL)],
                 [("w", "yes", "c"), ("c", "yes", "x"), ("c", "no", "x")])
    assert _codes(flow) == [("w", "lint_wait_without_timeout"), ("c", "lint_same_branches")]


def test_plain_http_webhook() -> None:
    flow = _flow([("hook", "webhook", {"url": "http://crm.example/hook"}),
                  ("safe", "webhook", {"url": "https://crm.example/hook"})], [("hook", "next", "safe")])
    assert _codes(flow) == [("hook", "lint_plain_http_webhook")]


def test_keyword_of_another_active_flow_and_unknown_template_variable() -> None:
    flow = _flow([("a", "send_telegram", {"text": "{{ contact.first_name }} {{ contact.shoe_size }}"}),
                  ("u", "update_contact", {"set": {"lucky": "7"}}), ("w", "wait", {"duration": "P1D"}),
                  ("b", "send_telegram", {"text": "{{ contact.lucky }}"})],
                 [("a", "next", "u"), ("u", "next", "w"), ("w", "next", "b")],
                 trigger={"type": "message", "channel": "telegram", "match": "exact", "text": "/Start"})
    context = LintContext(keywords={"/start": ["Telegram funnel"]}, known_fields={"first_name", "email"})
    problems = lint_flow(flow, context)
    assert [(p.step_id, p.code) for p in problems] == [(None, "lint_keyword_in_use"), ("a", "lint_unknown_variable")]
    assert "'Telegram funnel'" in problems[0].message and "contact.shoe_size" in problems[1].message
    assert lint_flow(flow) == []  # without the project, neither check can know


def test_silenced_per_step_with_a_reason_stored_in_the_flow() -> None:
    steps = [("w", "wait", {"event": "opened"})]
    quiet = _flow(steps, [], settings={"lint_silenced": [
        {"step": "w", "check": "lint_wait_without_timeout", "reason": "an open house: they come when they like"}]})
    assert lint_flow(quiet) == []
    no_reason = _flow(steps, [], settings={"lint_silenced": [{"step": "w", "check": "lint_wait_without_timeout"}]})
    assert _codes(no_reason) == [("w", "lint_bad_silence"), ("w", "lint_wait_without_timeout")]
    other_step = _flow(steps, [], settings={"lint_silenced": [
        {"step": "x", "check": "lint_wait_without_timeout", "reason": "r"}]})
    assert _codes(other_step) == [("w", "lint_wait_without_timeout")]


@pytest.mark.parametrize("goal", [None, {"event": "purchase"}])
def test_validation_reports_lint_warnings_without_blocking(goal) -> None:
    flow = _flow([("hook", "webhook", {"url": "http://crm.example/hook"})], [], goal=goal)
    report = validate_flow(flow)
    assert report.ok and "lint_plain_http_webhook" in report.codes()
    assert ("lint_no_goal" in report.codes()) is (goal is None)


def test_flow_validate_with_a_project_lints_keywords_and_fields(tmp_path, capsys) -> None:
    import json

    from runtime.cli.main import main
    from runtime.service import ProjectService

    path = tmp_path / "p.fcproj"
    with ProjectService.create(path) as service:
        service.create_flow_from_preset("telegram_funnel", activate=True)  # keyword /start
        people = tmp_path / "people.csv"
        people.write_text("id,email,first_name\nann,ann@example.com,Ann\n", encoding="utf-8")
        service.import_contacts_csv(people)
    doc = {"format": "flowcanvas/1", "name": "Quiz", "goal": {"event": "purchase"},
           "trigger": {"type": "message", "channel": "telegram", "match": "exact", "text": "/start"},
           "steps": [{"id": "ask", "type": "send_telegram", "config": {"text": "{{ contact.shoe_size }}?"}}],
           "edges": []}
    file = tmp_path / "quiz.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["flow", "validate", str(file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []  # alone, the file cannot know
    assert main(["flow", "validate", str(file), "--project", str(path), "--json"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert [(w["step"], w["code"]) for w in warnings] == [(None, "lint_keyword_in_use"), ("ask", "lint_unknown_variable")]
    assert "'Telegram funnel'" in warnings[0]["message"]
