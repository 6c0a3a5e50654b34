"""The project and flow commands of the CLI: init, flow import/preset/export/list/validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime.cli.main import main
from tests.runtime.cli_helpers import digest, run

LINT_NO_GOAL = ("the flow has no goal: contacts who already converted keep getting messages; set a goal "
                "(e.g. event purchase within 7 days) so they leave")


@pytest.fixture
def proj(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "p.fcproj"
    code, out, _ = run(capsys, "init", path)
    assert code == 0 and str(path) in out
    return path


def test_init_creates_and_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.fcproj"
    code, out, err = run(capsys, "init", path, "--json")
    assert code == 0, err
    report = json.loads(out)
    # a new project starts in sandbox: nothing it queues leaves the machine until the user says so
    assert report["project"] == str(path) and report["flows"] == [] and report["sandbox"] is True
    before = digest(path)
    code, out, err = run(capsys, "init", path)
    assert code == 2 and out == ""
    assert f"{path}: already exists" in err
    assert digest(path) == before


def test_init_says_which_mode_and_live_opts_out(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "init", tmp_path / "quiet.fcproj")
    assert code == 0, err
    assert "mode: sandbox" in out and f"flowcanvas channel policy {tmp_path / 'quiet.fcproj'} sandbox=false" in out
    code, out, err = run(capsys, "init", tmp_path / "loud.fcproj", "--live")
    assert code == 0, err
    assert "mode: LIVE" in out and "sandbox" not in out
    code, out, _ = run(capsys, "channel", "policy", tmp_path / "loud.fcproj")
    assert json.loads(out)["sandbox"] is False
    code, out, err = run(capsys, "init", tmp_path / "demo.fcproj", "--demo", "--live")
    assert code == 2 and out == "" and "--live cannot be used with --demo" in err
    assert not (tmp_path / "demo.fcproj").exists()


def test_import_list_export(proj: Path, tmp_path: Path, capsys, write_flow_file, flow_doc) -> None:
    source = write_flow_file(flow_doc("Welcome"))
    code, out, err = run(capsys, "flow", "import", proj, source)
    assert code == 0, err
    flow_id = int(out.strip())

    code, out, err = run(capsys, "flow", "import", proj, write_flow_file(flow_doc("Second"), "second.json"), "--json")
    assert code == 0, err
    # the linter's advice comes along with the import (this small flow has no goal)
    assert json.loads(out) == {"id": flow_id + 1, "name": "Second", "status": "draft", "version": None,
                               "warnings": [{"step": None, "code": "lint_no_goal", "message": LINT_NO_GOAL,
                                             "text": LINT_NO_GOAL}]}

    code, out, err = run(capsys, "flow", "list", proj, "--json")
    assert code == 0, err
    flows = json.loads(out)
    assert [(f["id"], f["name"], f["status"]) for f in flows] == [(flow_id + 1, "Second", "draft"), (flow_id, "Welcome", "draft")]
    assert set(flows[0]) == {"id", "name", "status", "entry_enabled", "version", "entered_total", "entered_today",
                             "active", "updated_at", "actions", "start_at", "end_at", "scheduled"}

    code, out, err = run(capsys, "flow", "list", proj)
    assert code == 0 and "Welcome" in out and "STATUS" in out

    exported = tmp_path / "exported.json"
    code, out, err = run(capsys, "flow", "export", proj, "Welcome", exported)
    assert code == 0, err
    assert json.loads(exported.read_text(encoding="utf-8"))["steps"] == flow_doc("Welcome")["steps"]


def test_export_import_export_is_byte_identical(proj: Path, tmp_path: Path, capsys, write_flow_file, flow_doc) -> None:
    doc = flow_doc("Ünïcode flow ✓")
    doc["steps"][1]["config"]["subject"] = "Привет, {{ contact.first_name }}"
    run(capsys, "flow", "import", proj, write_flow_file(doc))
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run(capsys, "flow", "export", proj, "Ünïcode flow ✓", first)[0] == 0
    other = tmp_path / "other.fcproj"
    assert run(capsys, "init", other)[0] == 0
    assert run(capsys, "flow", "import", other, first)[0] == 0
    assert run(capsys, "flow", "export", other, "1", second)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert "Привет" in first.read_text(encoding="utf-8")  # UTF-8, not \u escapes


def test_validate_good_file(capsys, write_flow_file, flow_doc) -> None:
    code, out, err = run(capsys, "flow", "validate", write_flow_file(flow_doc()), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["errors"] == [] and isinstance(result["warnings"], list)


def cycle(doc: dict) -> dict:
    doc["edges"].append({"from": "hello", "to": "wait_1h"})
    return doc


def unknown_type(doc: dict) -> dict:
    doc["steps"].append({"id": "beam_up", "type": "teleport"})
    doc["edges"].append({"from": "hello", "to": "beam_up"})
    return doc


def dangling(doc: dict) -> dict:
    doc["edges"].append({"from": "hello", "to": "ghost"})
    return doc


BAD_FLOWS = {
    "cycle": (cycle, ["wait_1h", "hello"]),
    "unknown_type": (unknown_type, ["beam_up", "teleport"]),
    "dangling_edge": (dangling, ["ghost"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FLOWS))
def test_validate_reports_errors_with_step_ids(case: str, capsys, write_flow_file, flow_doc) -> None:
    make_bad, words = BAD_FLOWS[case]
    path = write_flow_file(make_bad(flow_doc()))
    code, out, err = run(capsys, "flow", "validate", path, "--json")
    assert code == 1
    result = json.loads(out)
    assert result["errors"]
    text = json.dumps(result["errors"])
    for word in words:
        assert word in text
    assert any(e.get("step") for e in result["errors"])


def test_validate_malformed_json_names_line(capsys, write_flow_file) -> None:
    path = write_flow_file('{\n  "format": "flowcanvas/1",\n  "name": "x",\n  "steps": [,]\n}\n')
    code, out, err = run(capsys, "flow", "validate", path, "--json")
    assert code == 1
    errors = json.loads(out)["errors"]
    assert errors[0]["line"] == 4 and str(path) in errors[0]["message"]


def test_validate_missing_file(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "flow", "validate", tmp_path / "nope.json", "--json")
    assert code == 2 and out == "" and "nope.json" in err


@pytest.mark.parametrize("case", [*sorted(BAD_FLOWS), "malformed_json", "missing_file"])
def test_bad_import_changes_nothing(case: str, proj: Path, tmp_path: Path, capsys, write_flow_file, flow_doc) -> None:
    assert run(capsys, "flow", "import", proj, write_flow_file(flow_doc("Existing"), "ok.json"))[0] == 0
    if case == "malformed_json":
        path = write_flow_file('{"format": "flowcanvas/1", "name": "x", "steps": [', "bad.json")
        expected = ["bad.json", "line 1"]
    elif case == "missing_file":
        path, expected = tmp_path / "absent.json", ["absent.json"]
    else:
        make_bad, words = BAD_FLOWS[case]
        path = write_flow_file(make_bad(flow_doc("Bad")), "bad.json")
        expected = ["bad.json", *words]
    before = digest(proj)
    code, out, err = run(capsys, "flow", "import", proj, path)
    assert code == 2 and out == ""
    for word in expected:
        assert word in err
    assert digest(proj) == before
    code, out, _ = run(capsys, "flow", "list", proj, "--json")
    assert [f["name"] for f in json.loads(out)] == ["Existing"]


def test_unknown_flow_is_named(proj: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "flow", "export", proj, "No such flow", tmp_path / "x.json")
    assert code == 2
    assert f"no flow named 'No such flow' in {proj}" in err
    assert not (tmp_path / "x.json").exists()


def test_project_that_is_not_sqlite(tmp_path: Path, capsys, write_flow_file, flow_doc) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("id,email\n1,a@example.com\n")
    before = digest(path)
    for argv in (("flow", "list", path, "--json"), ("flow", "import", path, write_flow_file(flow_doc()))):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert f"{path}: not a FlowCanvas project" in err
    assert digest(path) == before


def test_missing_project(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "flow", "list", tmp_path / "ghost.fcproj", "--json")
    assert code == 2 and "ghost.fcproj: no such project file" in err


def test_preset_command(proj: Path, capsys) -> None:
    from runtime.flow.presets import preset_names

    code, out, err = run(capsys, "flow", "preset", proj, "no_such_preset")
    assert code == 2 and "no_such_preset" in err
    for name in preset_names():
        code, out, err = run(capsys, "flow", "preset", proj, name, "--json")
        assert code == 0, err
        assert json.loads(out)["status"] == "draft"
    code, out, _ = run(capsys, "flow", "list", proj, "--json")
    assert len(json.loads(out)) == len(preset_names())


def test_init_demo_then_list(tmp_path: Path, capsys) -> None:
    from runtime.flow.presets import preset_names

    path = tmp_path / "demo.fcproj"
    code, out, err = run(capsys, "init", path, "--demo", "--history-days", "0", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["sandbox"] is True and len(report["flows"]) == len(preset_names())
    assert report["contacts"] > 0
    code, out, err = run(capsys, "flow", "list", path, "--json")
    assert code == 0, err
    assert len(json.loads(out)) == len(preset_names())


def test_import_shows_webhooks_for_review(proj: Path, capsys, write_flow_file, flow_doc) -> None:
    doc = flow_doc("With hook")
    doc["steps"].append({"id": "crm", "type": "webhook", "config": {"url": "https://crm.example.com/hook"}})
    doc["edges"].append({"from": "hello", "to": "crm"})
    code, out, err = run(capsys, "flow", "import", proj, write_flow_file(doc))
    assert code == 0, err
    assert out.strip().isdigit()
    assert "warning" in err and "crm.example.com" in err and "review" in err
    code, out, err = run(capsys, "flow", "import", proj, write_flow_file(doc), "--name", "Hook 2", "--json")
    warnings = json.loads(out)["warnings"]
    assert [w["code"] for w in warnings] == ["webhook_review", "lint_no_goal"] and warnings[0]["step"] == "crm"


def test_import_and_preset_with_activate(proj: Path, capsys, write_flow_file, flow_doc) -> None:
    code, out, err = run(capsys, "flow", "import", proj, write_flow_file(flow_doc("Live")), "--activate", "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == "active" and json.loads(out)["version"] == 1
    code, out, err = run(capsys, "flow", "preset", proj, "welcome", "--activate", "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == "active"
    code, out, _ = run(capsys, "flow", "list", proj, "--json")
    flows = json.loads(out)
    assert len(flows) == 2 and {f["status"] for f in flows} == {"active"}


@pytest.mark.parametrize(("argv", "usage"), [
    (["stats"], "usage: flowcanvas stats [-h] [--json] PROJECT FLOW"),
    (["flow", "pause"], "usage: flowcanvas flow pause [-h] [--json] PROJECT FLOW"),
    (["flow", "validate"], "usage: flowcanvas flow validate [-h] [--json] [--project PROJECT] FILE"),
    (["token", "revoke"], "usage: flowcanvas token revoke [-h] [--json] PROJECT TOKEN"),
])
def test_commands_built_by_the_shared_helper_keep_their_usage(capsys, monkeypatch, argv: list[str], usage: str) -> None:
    # PROJECT, then FLOW, then the command's own arguments; --json before options added afterwards
    monkeypatch.setenv("COLUMNS", "120")  # argparse wraps the usage line at the terminal's width
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.splitlines()[0] == usage
