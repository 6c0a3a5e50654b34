"""Where branches meet: an unwired extra start is named in a warning, and a merge step's join
mode decides how many times what follows runs (default ``first``: once, never twice by accident)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runtime.cli.main import main
from runtime.flow.io import flow_from_dict
from runtime.flow.validate import validate_flow

T0 = "2030-01-07T09:00:00+00:00"
LATER = "2030-01-08T09:00:00+00:00"


def merge_flow(join: str | None = None, *, slow_branch: bool = False, start: bool = False) -> dict[str, Any]:
    """welcome -> (wait 1 h ->) thanks; a dropped "SMS" step wired into thanks but not from anything."""
    sms: dict[str, Any] = {"id": "sms", "type": "add_tag", "name": "SMS", "config": {"tag": "sms_path"}}
    if start:
        sms["start"] = True
    thanks: dict[str, Any] = {"id": "thanks", "type": "send_email",
                              "config": {"subject": "Thanks", "body": "Hi {{ contact.first_name }}"}}
    if join:
        thanks["join"] = join
    steps = [{"id": "welcome", "type": "add_tag", "config": {"tag": "welcomed"}}, sms, thanks]
    edges = [{"from": "sms", "to": "thanks"}]
    if slow_branch:
        steps.append({"id": "wait", "type": "wait", "config": {"duration": "PT1H"}})
        edges += [{"from": "welcome", "to": "wait"}, {"from": "wait", "to": "thanks"}]
    else:
        edges.append({"from": "welcome", "to": "thanks"})
    return {"format": "flowcanvas/1", "name": "Welcome", "trigger": {"type": "event", "event": "signup"},
            "steps": steps, "edges": edges}


def test_an_unwired_extra_start_is_a_warning_naming_it() -> None:
    report = validate_flow(flow_from_dict(merge_flow()))
    assert [w.message for w in report.warnings if w.step_id == "sms"] == [
        "'SMS' also starts the flow \u2014 connect it, or mark it as a start"]
    marked = validate_flow(flow_from_dict(merge_flow(start=True)))
    assert not [w for w in marked.warnings if w.step_id == "sms"]


def test_join_and_start_round_trip_in_the_flow_file() -> None:
    from runtime.flow.io import flow_to_dict

    doc = merge_flow("all", start=True)
    again = flow_to_dict(flow_from_dict(doc))
    assert again["steps"][1]["start"] is True and again["steps"][2]["join"] == "all"
    bad = merge_flow("sometimes")
    with pytest.raises(Exception, match="'join' must be one of first, each, all"):
        flow_from_dict(bad)


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict[str, Any]) -> list[tuple[str, str]]:
    proj = tmp_path / "p.fcproj"
    assert main(["init", str(proj)]) == 0
    (tmp_path / "c.csv").write_text("id,email,first_name\nann,ann@example.com,Ann\n", encoding="utf-8")
    (tmp_path / "f.json").write_text(json.dumps(doc), encoding="utf-8")
    assert main(["contacts", "import", str(proj), str(tmp_path / "c.csv")]) == 0
    assert main(["run", str(proj), "--clock", "virtual", "--until", T0]) == 0
    assert main(["flow", "import", str(proj), str(tmp_path / "f.json"), "--activate"]) == 0
    assert main(["event", str(proj), "ann", "signup"]) == 0
    assert main(["run", str(proj), "--sandbox", "--until", LATER]) == 0
    capsys.readouterr()
    assert main(["outbox", str(proj), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert main(["stats", str(proj), "Welcome", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["flow"]["completed"] + stats["flow"]["exited_other"] == 1 and stats["flow"]["active"] == 0
    return [(r["step"], r["at"]) for r in rows]


def test_default_join_sends_once_where_two_paths_meet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, capsys, merge_flow()) == [("thanks", T0)]


def test_join_each_lets_every_branch_continue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, capsys, merge_flow("each")) == [("thanks", T0), ("thanks", T0)]


def test_join_all_waits_for_the_slow_branch_then_continues_once(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, capsys, merge_flow("all", slow_branch=True)) == [("thanks", "2030-01-07T10:00:00+00:00")]


def test_join_first_with_a_slow_branch_sends_at_the_first_arrival(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, capsys, merge_flow("first", slow_branch=True)) == [("thanks", T0)]
