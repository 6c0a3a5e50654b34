"""Teams update a flow from a reviewed file: ``flow import --into FLOW`` replaces the draft of the
existing flow (activate then publishes it as a new version); a file of another flow is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runtime.cli.main import main


def cli(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == code
    captured = capsys.readouterr()
    return json.loads(captured.out) if "--json" in argv and code == 0 else captured


def test_reviewed_file_updates_the_flow_as_a_new_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj, exported = tmp_path / "p.fcproj", tmp_path / "cart.json"
    cli(capsys, "init", str(proj))
    cli(capsys, "flow", "preset", str(proj), "abandoned_cart", "--activate")
    cli(capsys, "flow", "export", str(proj), "Abandoned cart", str(exported))
    doc = json.loads(exported.read_text(encoding="utf-8"))
    doc["description"] = "Reviewed: first reminder after 2 hours"
    doc["steps"][0]["config"]["duration"] = "PT2H"
    exported.write_text(json.dumps(doc), encoding="utf-8")

    report = cli(capsys, "flow", "import", str(proj), str(exported), "--into", "Abandoned cart", "--activate", "--json")
    assert (report["name"], report["version"], report["status"]) == ("Abandoned cart", 2, "active")
    flows = cli(capsys, "flow", "list", str(proj), "--json")
    assert [f["name"] for f in flows] == ["Abandoned cart"]  # updated, not a second flow
    cli(capsys, "flow", "export", str(proj), "Abandoned cart", str(tmp_path / "again.json"))
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again["steps"][0]["config"]["duration"] == "PT2H"


def test_a_file_of_another_flow_is_refused_and_changes_nothing(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    proj, exported = tmp_path / "p.fcproj", tmp_path / "welcome.json"
    cli(capsys, "init", str(proj))
    cli(capsys, "flow", "preset", str(proj), "abandoned_cart")
    cli(capsys, "flow", "preset", str(proj), "welcome")
    flows = cli(capsys, "flow", "list", str(proj), "--json")
    welcome = next(f["name"] for f in flows if f["name"] != "Abandoned cart")
    cli(capsys, "flow", "export", str(proj), welcome, str(exported))
    cli(capsys, "flow", "export", str(proj), "Abandoned cart", str(tmp_path / "before.json"))
    err = cli(capsys, "flow", "import", str(proj), str(exported), "--into", "Abandoned cart", code=2).err
    assert "welcome.json" in err and repr(welcome) in err and "'Abandoned cart'" in err
    cli(capsys, "flow", "export", str(proj), "Abandoned cart", str(tmp_path / "after.json"))
    assert (tmp_path / "before.json").read_text() == (tmp_path / "after.json").read_text()
