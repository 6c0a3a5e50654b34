"""An empty contact field renders as nothing, never "None"; ``default`` fills it in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime.cli.main import main
from runtime.templates import render_template

T0 = "2030-01-07T09:00:00+00:00"


def test_none_renders_empty_and_default_replaces_it() -> None:
    contact = {"first_name": "Pavel", "last_name": None}
    assert render_template("Hi {{ contact.first_name }} {{ contact.last_name }}!", {"contact": contact}) == "Hi Pavel !"
    assert render_template("{{ contact.last_name | default('friend') }}", {"contact": contact}) == "friend"
    assert render_template("{{ contact.first_name | default('friend') }}", {"contact": contact}) == "Pavel"
    assert render_template("{{ contact.last_name | d('-') }}", {"contact": contact}) == "-"
    assert render_template("{{ x | default('y', true) }}", {"x": ""}) == "y"
    assert render_template("{{ 0 }}/{{ false }}", {}) == "0/False"  # only None is emptied


def test_an_email_to_a_contact_without_last_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = tmp_path / "p.fcproj"
    assert main(["init", str(proj)]) == 0
    (tmp_path / "c.csv").write_text("id,email,first_name\npavel,pavel@example.com,Pavel\n", encoding="utf-8")
    flow = {"format": "flowcanvas/1", "name": "Hello", "trigger": {"type": "event", "event": "signup"},
            "steps": [{"id": "mail", "type": "send_email", "config": {
                "subject": "Hello {{ contact.first_name }} {{ contact.last_name }}",
                "body": "Dear {{ contact.first_name }} {{ contact.last_name | default('') }}"}}],
            "edges": []}
    (tmp_path / "f.json").write_text(json.dumps(flow), encoding="utf-8")
    assert main(["contacts", "import", str(proj), str(tmp_path / "c.csv")]) == 0
    assert main(["run", str(proj), "--clock", "virtual", "--until", T0]) == 0
    assert main(["flow", "import", str(proj), str(tmp_path / "f.json"), "--activate"]) == 0
    assert main(["event", str(proj), "pavel", "signup"]) == 0
    assert main(["run", str(proj), "--sandbox", "--until", "2030-01-07T10:00:00+00:00"]) == 0
    capsys.readouterr()
    assert main(["outbox", str(proj), "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["content"]["subject"] == "Hello Pavel "
    assert "None" not in row["content"]["body"]
