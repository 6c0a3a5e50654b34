"""Reaching an Exit step is a completion; an Exit with its own reason is counted as an exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime.cli.main import main

T0 = "2030-01-07T09:00:00+00:00"


def _stats(tmp_path: Path, capsys: pytest.CaptureFixture[str], exit_config: dict) -> dict:
    proj = tmp_path / "p.fcproj"
    assert main(["init", str(proj)]) == 0
    (tmp_path / "c.csv").write_text("id,email\nann,ann@example.com\nbob,bob@example.com\n", encoding="utf-8")
    flow = {"format": "flowcanvas/1", "name": "Onboarding", "trigger": {"type": "event", "event": "signup"},
            "steps": [{"id": "tag", "type": "add_tag", "config": {"tag": "new"}},
                      {"id": "done", "type": "exit", "config": exit_config}],
            "edges": [{"from": "tag", "to": "done"}]}
    (tmp_path / "f.json").write_text(json.dumps(flow), encoding="utf-8")
    assert main(["contacts", "import", str(proj), str(tmp_path / "c.csv")]) == 0
    assert main(["run", str(proj), "--clock", "virtual", "--until", T0]) == 0
    assert main(["flow", "import", str(proj), str(tmp_path / "f.json"), "--activate"]) == 0
    for who in ("ann", "bob"):
        assert main(["event", str(proj), who, "signup"]) == 0
    assert main(["run", str(proj), "--until", "2030-01-07T10:00:00+00:00"]) == 0
    capsys.readouterr()
    assert main(["stats", str(proj), "Onboarding", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["flow"]


def test_every_contact_at_the_exit_counts_as_completed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = _stats(tmp_path, capsys, {})
    assert (flow["entered"], flow["completed"], flow["exited_other"], flow["active"]) == (2, 2, 0, 0)


def test_an_exit_with_its_own_reason_is_an_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = _stats(tmp_path, capsys, {"reason": "not_interested"})
    assert (flow["completed"], flow["exited_other"]) == (0, 2)
