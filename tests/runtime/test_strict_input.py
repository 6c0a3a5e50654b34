"""Input that other programs cannot read back, or a reviewer cannot read, is refused with its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.runtime.cli_helpers import digest, project_with_contacts, run


@pytest.fixture
def proj(tmp_path: Path, capsys) -> Path:
    return project_with_contacts(tmp_path, capsys, "id,email,first_name\nann,ann@example.com,Ann\n")


def flow_text(share: str = "50", step_id: str = "ab", duration: str = "PT1H", extra: str = "") -> str:
    return (
        '{"format": "flowcanvas/1", "name": "F", "trigger": {"type": "event", "event": "go"},%s\n'
        ' "steps": [{"id": "w", "type": "wait", "config": {"duration": "%s"}},\n'
        '  {"id": %s, "type": "ab_split", "config": {"groups": [{"name": "a", "share": %s}, {"name": "b", "share": 50}]}}],\n'
        ' "edges": [{"from": "w", "to": %s}]}' % (extra, duration, json.dumps(step_id), share, json.dumps(step_id))
    )


@pytest.mark.parametrize(("share", "message"), [
    ("NaN", "NaN is not a JSON number"),
    ("Infinity", "Infinity is not a JSON number"),
    ("-Infinity", "-Infinity is not a JSON number"),
    ("1e400", "number 1e400 is out of range"),
])
def test_non_standard_numbers_in_a_flow_file_are_refused_with_line_and_column(
        proj: Path, tmp_path: Path, capsys, share: str, message: str) -> None:
    path = tmp_path / "f.json"
    path.write_text(flow_text(share=share), encoding="utf-8")
    before = digest(proj)
    code, _, err = run(capsys, "flow", "import", proj, path)
    assert code == 2 and f"{path}: invalid JSON at line 3, column" in err and message in err
    assert digest(proj) == before


def test_a_share_of_1e308_is_a_validation_error_not_a_crash(proj: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "f.json"
    path.write_text(flow_text(share="1e308"), encoding="utf-8")
    code, _, err = run(capsys, "flow", "import", proj, path)
    # in words for people, the step id as the detail in front
    assert code == 2 and "step 'ab': A/B split (A/B 1e+308/50): Groups 1, share: must be at most 100" in err
    assert "Traceback" not in err


def test_duplicate_keys_are_refused(proj: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "f.json"
    path.write_text(flow_text(extra=' "name": "G",'), encoding="utf-8")
    code, _, err = run(capsys, "flow", "import", proj, path)
    assert code == 2 and "key 'name' appears twice in one object; keep one" in err and "line 1" in err


@pytest.mark.parametrize(("step_id", "what"), [
    ("ab\u202egnp.exe", "RIGHT-TO-LEFT OVERRIDE"),
    ("a\u200bb", "ZERO WIDTH SPACE"),
    ("a\nb", "U+000A"),
    ("x" * 101, "the limit is 100"),
])
def test_step_ids_must_be_printable(proj: Path, tmp_path: Path, capsys, step_id: str, what: str) -> None:
    path = tmp_path / "f.json"
    path.write_text(flow_text(step_id=step_id), encoding="utf-8")
    code, _, err = run(capsys, "flow", "import", proj, path)
    assert code == 2 and "the step id" in err and what in err


def test_a_huge_duration_is_an_error_naming_the_step(proj: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "f.json"
    path.write_text(flow_text(duration="P99999999999999D"), encoding="utf-8")
    code, _, err = run(capsys, "flow", "validate", path)
    assert code == 1 and "step 'w': Wait (Wait 1e+14 d), Wait for: duration 'P99999999999999D' is too long" in err


def test_a_condition_nested_thousands_deep_is_refused(proj: Path, tmp_path: Path, capsys) -> None:
    n = 5000
    cond = '{"not": ' * n + '{"tag": "vip"}' + "}" * n
    path = tmp_path / "deep.json"
    path.write_text('{"format": "flowcanvas/1", "name": "D", "trigger": {"type": "event", "event": "go"}, '
                    '"steps": [{"id": "c", "type": "condition", "config": {"if": %s}}], "edges": []}' % cond)
    code, _, err = run(capsys, "flow", "import", proj, path)
    assert code == 2 and "nested more than 64 levels deep" in err and "Traceback" not in err


def test_a_huge_description_is_refused(proj: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "f.json"
    doc = json.loads(flow_text())
    doc["description"] = "d" * 20_000
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(capsys, "flow", "import", proj, path)
    assert code == 2 and "the description is 20,000 characters long; the limit is 10,000" in err
    big = tmp_path / "big.json"
    big.write_text(" " * 3_000_000 + json.dumps(doc), encoding="utf-8")
    code, _, err = run(capsys, "flow", "import", proj, big)
    assert code == 2 and "the limit is 2,000,000" in err


@pytest.mark.parametrize(("props", "message"), [
    ('{"total": NaN}', "NaN is not a JSON number"),
    ('{"total": 1, "total": 2}', "key 'total' appears twice"),
    ('{"a": ' * 3000 + "1" + "}" * 3000, "nested more than 64 levels deep"),
    ('{"blob": "%s"}' % ("x" * 70_000), "the limit is 64,000"),
])
def test_bad_event_props_are_refused_and_change_nothing(proj: Path, capsys, props: str, message: str) -> None:
    before = digest(proj)
    code, _, err = run(capsys, "event", proj, "ann", "purchase", "--props", props)
    assert code == 2 and message in err and "Traceback" not in err
    assert digest(proj) == before


def test_bad_lines_of_an_events_file_are_reported_by_line(proj: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text('{"contact": "ann", "name": "a"}\n{"contact": "ann", "name": "b", "props": {"x": Infinity}}\n'
                    '{"contact": "ann", "name": "c", "at": "0001-01-01T00:00:00+14:00"}\n', encoding="utf-8")
    code, out, err = run(capsys, "events", "import", proj, path)
    assert code == 1, err
    assert f"{path}: line 2: not JSON (Infinity is not a JSON number" in err
    assert f"{path}: line 3: time '0001-01-01T00:00:00+14:00' is out of range" in err


def test_an_event_time_near_year_one_is_refused(proj: Path, capsys) -> None:
    before = digest(proj)
    code, _, err = run(capsys, "event", proj, "ann", "x", "--at", "0001-01-01T00:00:00+14:00")
    assert code == 2 and "--at: time '0001-01-01T00:00:00+14:00' is out of range" in err
    assert digest(proj) == before


def test_export_is_always_rfc_8259_json(proj: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "f.json"
    path.write_text(flow_text(), encoding="utf-8")
    assert run(capsys, "flow", "import", proj, path)[0] == 0
    out = tmp_path / "out.json"
    assert run(capsys, "flow", "export", proj, "F", out)[0] == 0

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the export")

    json.loads(out.read_text(encoding="utf-8"), parse_constant=refuse)
