"""Templates and patterns cannot stall the runtime: bombs fail fast with a reason, in validation and per step."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from runtime.cli.main import main
from runtime.templates import TemplateError, render_template, static_limit_problem

BOMBS = {
    "power": "{{ 9**(9**9) }}",
    "repeat": '{{ ("a"*4*10**9)|length }}',
    "nested ranges": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "center": '{{ "a"|center(1000000000) }}',
    "ljust": '{{ "a".ljust(10**9) }}',
    "printf width": '{{ "%1000000000d" % 1 }}',
    "format width": '{{ "{:>1000000000}".format(1) }}',
    "doubling with ~": '{% set ns = namespace(x="ab") %}{% for i in range(100) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}',
    "doubling with +": '{% set ns = namespace(x="ab") %}{% for i in range(100) %}{% set ns.x = ns.x + ns.x %}{% endfor %}',
    "batch fill": '{{ "x"|batch(1000000000, "y")|list }}',
    "replace empty": '{{ ("a"*1000)|replace("", "b"*1000) }}',
    "slow loops": "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_template_bomb_fails_fast_with_a_reason(name: str) -> None:
    text = BOMBS[name]
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"step 'email' body: template over its limits: "):
        render_template(text, {"contact": {"first_name": "Ann"}}, "step 'email' body")
    # the budget is half a second; a bomb that ran would take minutes or gigabytes
    assert time.monotonic() - started < 5


def test_extend_in_a_loop_is_refused_as_mutation() -> None:
    with pytest.raises(TemplateError, match="unsafe"):
        render_template("{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}", {})


def test_ordinary_templates_still_render() -> None:
    ctx = {"contact": {"first_name": "Ann", "total": 3}, "event": {"items": ["a", "b"]}}
    text = ('Hi {{ contact.first_name }} {{ 2**10 }} {{ "ab"*3 }} {{ "%5d|" % 3 }}{{ "{:>4}".format(7) }} '
            '{{ contact.first_name ~ "!" }} {% for i in range(3) %}{{ i }}{% endfor %} {{ event["items"]|join(",") }} '
            '{{ "x"|center(5) }}|{{ contact.total + 1 }}')
    assert render_template(text, ctx) == "Hi Ann 1024 ababab     3|   7 Ann! 012 a,b   x  |4"


def test_the_output_is_capped() -> None:
    big = "x" * 600_000
    with pytest.raises(TemplateError, match="rendered text is longer than 1,000,000"):
        render_template("{{ a }}{{ a }}", {"a": big})


def test_a_template_that_ran_out_of_time_fails_at_once_next_time() -> None:
    text = BOMBS["slow loops"] + "{# once #}"
    with pytest.raises(TemplateError, match="longer than"):
        render_template(text, {})
    started = time.monotonic()
    for _ in range(20):  # twenty contacts: the budget is not spent again for each
        with pytest.raises(TemplateError, match="longer than"):
            render_template(text, {})
    assert time.monotonic() - started < 0.5


def test_static_bombs_are_validation_errors_and_data_dependent_ones_are_not() -> None:
    assert "9 ** 387420489 is too large" in (static_limit_problem(BOMBS["power"]) or "")
    assert static_limit_problem("{{ contact.first_name * 1000000 }}") is None
    assert static_limit_problem("Hi {{ contact.first_name }}") is None


def _flow(body: str) -> dict:
    return {
        "format": "flowcanvas/1", "name": "Bomb", "trigger": {"type": "event", "event": "go"},
        "steps": [{"id": "email", "type": "send_email", "config": {"subject": "Hi", "body": body}}],
        "edges": [],
    }


def test_flow_validate_reports_a_constant_bomb_quickly(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bomb.json"
    path.write_text(json.dumps(_flow(BOMBS["power"])), encoding="utf-8")
    started = time.monotonic()
    code = main(["flow", "validate", str(path), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and time.monotonic() - started < 10
    assert [e["code"] for e in report["errors"]] == ["template_over_limits"]
    assert report["errors"][0]["step"] == "email" and "too large" in report["errors"][0]["message"]


def test_a_step_whose_template_explodes_for_a_contact_fails_with_the_reason(tmp_path: Path, capsys) -> None:
    project = tmp_path / "p.fcproj"
    csv = tmp_path / "c.csv"
    csv.write_text("id,email,first_name\nann,ann@example.com,Ann\n", encoding="utf-8")
    flow = tmp_path / "f.json"
    flow.write_text(json.dumps(_flow("{{ contact.first_name * 1000000 }}")), encoding="utf-8")
    for argv in (["init", project], ["contacts", "import", project, csv], ["flow", "import", project, flow, "--activate"],
                 ["event", project, "ann", "go"]):
        assert main([str(a) for a in argv]) == 0, capsys.readouterr().err
    assert main(["run", str(project), "--clock", "virtual", "--for", "60", "--sandbox"]) == 0
    capsys.readouterr()
    assert main(["contacts", "show", str(project), "ann", "--json"]) == 0
    details = json.loads(capsys.readouterr().out)
    steps = [s for s in details["recent_steps"] if s["step"] == "email"]
    assert steps and steps[0]["outcome"] == "failed"
    assert "'*' would make a value of 3,000,000 characters" in json.dumps(steps[0], ensure_ascii=False)


def test_a_backtracking_regex_from_a_flow_file_does_not_stall_matching() -> None:
    from runtime.steps.conditions import text_matches

    started = time.monotonic()
    assert text_matches("regex", r"(x+x+)+y", "x" * 5000) is False
    assert time.monotonic() - started < 10  # Python's re would backtrack for hours
    assert text_matches("regex", r"hello\s+world", "Hello   World") is True
