"""Leads arrive on their own: an event for an unknown contact creates it from the event's props
(normalised as the CSV importer does) when asked, and it enters flows as usual; CSV columns can be
mapped to fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runtime.cli.main import main
from runtime.service import InputError, ProjectService

T0 = "2030-01-07T09:00:00+00:00"
WELCOME = {"format": "flowcanvas/1", "name": "Welcome lead", "trigger": {"type": "event", "event": "lead"},
           "steps": [{"id": "mail", "type": "send_email", "config": {"subject": "Hi {{ contact.first_name }}",
                                                                      "body": "Thanks"}}],
           "edges": []}


def cli(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == code, capsys.readouterr().err
    out = capsys.readouterr().out
    return json.loads(out) if "--json" in argv and code == 0 else out


@pytest.fixture
def proj(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "p.fcproj"
    cli(capsys, "init", str(path))
    (tmp_path / "f.json").write_text(json.dumps(WELCOME), encoding="utf-8")
    cli(capsys, "run", str(path), "--clock", "virtual", "--until", T0)
    cli(capsys, "flow", "import", str(path), str(tmp_path / "f.json"), "--activate")
    return path


def test_unknown_contact_is_still_rejected_without_the_flag(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["event", str(proj), "lead-1", "lead", "--props", '{"email": "a@example.com"}']) != 0
    assert "lead-1" in capsys.readouterr().err


def test_event_creates_the_contact_normalised_and_it_enters_the_flow(proj: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    props = {"email": " Lead@EXAMPLE.com ", "phone": "+7 (916) 123-45-67", "first_name": "Olga",
             "utm_source": "ads", "tags": "lead;webinar"}
    data = cli(capsys, "event", str(proj), "lead-1", "lead", "--props", json.dumps(props), "--create-contact", "--json")
    assert data["created_contact"] is True
    cli(capsys, "run", str(proj), "--sandbox", "--until", "2030-01-07T10:00:00+00:00")
    shown = cli(capsys, "contacts", "show", str(proj), "lead-1", "--json")
    assert (shown["email"], shown["phone"], shown["first_name"]) == ("Lead@example.com", "+79161234567", "Olga")
    assert shown["attributes"] == {"utm_source": "ads"} and {"lead", "webinar"} <= set(shown["tags"])
    assert [e["flow"] for e in shown["executions"]] == ["Welcome lead"]
    [row] = cli(capsys, "outbox", str(proj), "--json")
    assert row["content"]["subject"] == "Hi Olga"
    again = cli(capsys, "event", str(proj), "lead-1", "lead", "--create-contact", "--json")
    assert again["created_contact"] is False  # found, not created twice


def test_bad_field_creates_nothing(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["event", str(proj), "lead-2", "lead", "--props", '{"phone": "not a phone"}', "--create-contact"]) != 0
    assert "phone" in capsys.readouterr().err
    assert main(["contacts", "show", str(proj), "lead-2"]) != 0


def test_events_import_creates_contacts(proj: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [{"contact": "a", "name": "lead", "props": {"email": "a@example.com"}},
             {"contact": "b", "name": "lead", "props": {"email": "not-an-email"}},
             {"contact": "a", "name": "page_view"}]
    path = tmp_path / "e.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["events", "import", str(proj), str(path), "--create-contacts", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert (result["imported"], result["created_contacts"]) == (2, 1)
    assert [r["line"] for r in result["rejected"]] == [2]


def test_service_contact_from_event(tmp_path: Path) -> None:
    with ProjectService.create(tmp_path / "p.fcproj") as svc:
        assert svc.contact_from_event("x1", {"email": "x@example.com"}) is True
        assert svc.contact_from_event("x1", {"email": "other@example.com"}) is False
        with pytest.raises(InputError, match="email"):
            svc.contact_from_event("x2", {"email": "nope"})


def test_csv_import_maps_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.fcproj"
    cli(capsys, "init", str(path))
    csv = tmp_path / "c.csv"
    csv.write_text("id,имя,почта,город\nann,Анна,ann@example.com,Москва\n", encoding="utf-8")
    cli(capsys, "contacts", "import", str(path), str(csv), "--map", "имя=first_name", "--map", "почта=email")
    shown = cli(capsys, "contacts", "show", str(path), "ann", "--json")
    assert (shown["first_name"], shown["email"], shown["attributes"]) == ("Анна", "ann@example.com", {"город": "Москва"})
    assert main(["contacts", "import", str(path), str(csv), "--map", "фамилия=last_name"]) == 2
    assert "фамилия" in capsys.readouterr().err
