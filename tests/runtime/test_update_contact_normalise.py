"""Data captured inside a flow is normalised as the CSV importer does: a phone typed in a form
becomes E.164, an email loses its spaces and upper-case domain; an invalid value changes nothing
and takes the step's ``failed`` port."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runtime.cli.main import main
from runtime.contacts.settings import DEFAULT_REGION_KEY
from runtime.storage.db import open_project
from runtime.storage.settings import set_setting

T0 = "2030-01-07T09:00:00+00:00"
FLOW = {
    "format": "flowcanvas/1", "name": "Lead form", "trigger": {"type": "event", "event": "form"},
    "steps": [
        {"id": "save", "type": "update_contact",
         "config": {"set": {"phone": "{{ event.phone }}", "email": "{{ event.email }}"}}},
        {"id": "sms", "type": "send_sms", "config": {"text": "Thanks!"}},
        {"id": "bad_input", "type": "add_tag", "config": {"tag": "check_form"}},
    ],
    "edges": [{"from": "save", "to": "sms"}, {"from": "save", "port": "failed", "to": "bad_input"}],
}


def _project(tmp_path: Path) -> Path:
    proj = tmp_path / "p.fcproj"
    assert main(["init", str(proj)]) == 0
    project = open_project(proj)
    with project.write() as s:
        set_setting(s, DEFAULT_REGION_KEY, "RU")
    project.close()
    (tmp_path / "c.csv").write_text("id,first_name\nann,Ann\n", encoding="utf-8")
    (tmp_path / "f.json").write_text(json.dumps(FLOW), encoding="utf-8")
    assert main(["contacts", "import", str(proj), str(tmp_path / "c.csv")]) == 0
    assert main(["run", str(proj), "--clock", "virtual", "--until", T0]) == 0
    assert main(["flow", "import", str(proj), str(tmp_path / "f.json"), "--activate"]) == 0
    return proj


def _submit(proj: Path, capsys: pytest.CaptureFixture[str], **props: str) -> dict[str, Any]:
    assert main(["event", str(proj), "ann", "form", "--props", json.dumps(props)]) == 0
    assert main(["run", str(proj), "--sandbox", "--until", "2030-01-07T10:00:00+00:00"]) == 0
    capsys.readouterr()
    assert main(["contacts", "show", str(proj), "ann", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_phone_and_email_from_a_form_are_normalised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = _project(tmp_path)
    ann = _submit(proj, capsys, phone="8 (916) 123-45-67", email="  Ann.Lee@EXAMPLE.COM ")
    assert (ann["phone"], ann["email"]) == ("+79161234567", "Ann.Lee@example.com")
    assert "check_form" not in ann["tags"]


def test_an_invalid_phone_changes_nothing_and_takes_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = _project(tmp_path)
    ann = _submit(proj, capsys, phone="call me maybe", email="ann@example.com")
    assert ann["phone"] is None and ann["email"] is None
    assert "check_form" in ann["tags"]
    step = next(s for s in ann["recent_steps"] if s["step"] == "save")
    assert (step["outcome"], step["port"]) == ("failed", "failed")
