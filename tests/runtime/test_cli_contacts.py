"""The contacts CLI: contacts import/show, event, events import (exit codes, JSON, errors)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from runtime.cli.main import main
from runtime.clock import UTC
from runtime.storage.project_clock import save_virtual_now
from runtime.storage.db import Project, open_project
from runtime.storage.models import Contact, Event, Execution, FlowRow, FlowVersion, StepLog

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@contextmanager
def opened_project(target: str) -> Iterator[Project]:
    project = open_project(target)
    try:
        yield project
    finally:
        project.close()


@pytest.fixture
def project_file(tmp_path: Path) -> str:
    path = tmp_path / "shop.fcproj"
    open_project(path, create=True).close()
    return str(path)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_all_good_exits_0(project_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_path = write(tmp_path, "c.csv", "id,email,phone\nc1,a@example.com,8 916 123 45 67\n")
    code, out, _ = run(capsys, "contacts", "import", project_file, csv_path, "--region", "RU", "--json")
    assert code == 0
    assert json.loads(out) == {"created": 1, "updated": 0, "rejected": []}
    code, out, _ = run(capsys, "contacts", "import", project_file, csv_path, "--region", "RU")
    assert code == 0 and out.strip() == "created 0, updated 1, rejected 0"


def test_import_with_bad_rows_exits_1_and_names_lines(
    project_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = write(tmp_path, "c.csv", "id,email\nc1,a@example.com\nc2,nope\nc1,b@example.com\n")
    code, out, err = run(capsys, "contacts", "import", project_file, csv_path, "--json")
    assert code == 1
    report = json.loads(out)
    assert report["created"] == 1 and report["updated"] == 0
    assert [r["line"] for r in report["rejected"]] == [3, 4]
    assert "first on line 2" in report["rejected"][1]["reason"]
    code, out, err = run(capsys, "contacts", "import", project_file, csv_path)
    assert code == 1
    assert f"{csv_path}: line 3: email 'nope' is not valid" in err


def test_import_of_unusable_file_exits_2_and_writes_nothing(
    project_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "gbk.csv"
    bad.write_bytes("id,first_name\nc1,王伟\n".encode("gbk"))
    code, out, err = run(capsys, "contacts", "import", project_file, str(bad), "--json")
    assert code == 2 and out == ""
    assert f"{bad}: not UTF-8 text: line 2" in err
    code, _, err = run(capsys, "contacts", "import", project_file, write(tmp_path, "x.csv", "email\na@b.com\n"))
    assert code == 2 and "no 'id' column" in err
    ids_only = write(tmp_path, "y.csv", "id\nc1\n")
    code, _, err = run(capsys, "contacts", "import", project_file, ids_only, "--region", "ZZ")
    assert code == 2 and "unknown phone region 'ZZ'" in err
    with opened_project(project_file) as project, project.session() as session:
        assert session.scalars(select(Contact)).all() == []


def test_missing_project_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "contacts", "show", str(tmp_path / "nope.fcproj"), "c1")
    assert code == 2 and "nope.fcproj" in err


def _seed_flow_history(project_file: str) -> None:
    """A contact in one flow, with two step visits (what the engine would have written)."""
    project = open_project(project_file)
    with project.write() as session:
        contact = session.scalars(select(Contact).where(Contact.external_id == "c1")).one()
        flow = FlowRow(name="Welcome", status="active", draft="{}", created_at=T0, updated_at=T0)
        session.add(flow)
        session.flush()
        version = FlowVersion(flow_id=flow.id, version=1, definition="{}", published_at=T0)
        session.add(version)
        session.flush()
        execution = Execution(flow_id=flow.id, version_id=version.id, contact_id=contact.id, status="exited",
                              entered_at=T0, ended_at=T0, exit_reason="goal")
        session.add(execution)
        session.flush()
        for n, step in enumerate(("wait_1h", "hello")):
            session.add(StepLog(execution_id=execution.id, flow_id=flow.id, contact_id=contact.id, step_id=step,
                                at=T0.replace(minute=n), outcome="completed", port="next"))
    project.close()


def test_show_prints_fields_tags_channels_executions_and_steps(
    project_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = write(tmp_path, "c.csv", "id,email,first_name,tags,city\nc1,a@example.com,Анна,vip;newsletter,Москва\n")
    run(capsys, "contacts", "import", project_file, csv_path)
    _seed_flow_history(project_file)
    code, out, _ = run(capsys, "contacts", "show", project_file, "c1", "--json")
    assert code == 0
    details = json.loads(out)
    assert details["id"] == "c1" and details["first_name"] == "Анна" and details["email"] == "a@example.com"
    assert details["attributes"] == {"city": "Москва"}
    assert details["tags"] == ["newsletter", "vip"]
    assert [h["tag"] for h in details["tag_history"]] == ["vip", "newsletter"]
    assert details["channels"] == {"email": "subscribed", "sms": "subscribed", "telegram": "subscribed",
                                   "whatsapp": "subscribed", "push": "subscribed"}
    (execution,) = details["executions"]
    assert (execution["flow"], execution["status"], execution["exit_reason"]) == ("Welcome", "exited", "goal")
    assert execution["entered_at"] == T0.isoformat()
    assert [(s["flow"], s["step"]) for s in details["recent_steps"]] == [("Welcome", "hello"), ("Welcome", "wait_1h")]
    code, out, _ = run(capsys, "contacts", "show", project_file, "c1")
    assert code == 0 and "contact c1 (Анна)" in out and "flow Welcome: exited" in out


def test_show_unknown_contact_exits_2_naming_it(project_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "contacts", "show", project_file, "ghost", "--json")
    assert code == 2 and out == ""
    assert "contact 'ghost' not found" in err and project_file in err


def test_event_uses_the_projects_virtual_now(
    project_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "contacts", "import", project_file, write(tmp_path, "c.csv", "id\nc1\n"))
    project = open_project(project_file)
    with project.write() as session:
        save_virtual_now(session, T0)
    project.close()
    code, out, _ = run(capsys, "event", project_file, "c1", "purchase", "--props", '{"total": 1990}', "--json")
    assert code == 0
    data = json.loads(out)
    assert data["occurred_at"] == T0.isoformat() and data["props"] == {"total": 1990} and data["future"] is False
    code, out, _ = run(capsys, "event", project_file, "c1", "cart_add", "--at", "2026-11-23T09:00:00+03:00")
    assert code == 0 and "in the future" in out
    with opened_project(project_file) as project, project.session() as session:
        stored = session.scalars(select(Event).order_by(Event.id)).all()
    assert [(e.name, e.occurred_at) for e in stored] == [
        ("purchase", T0), ("cart_add", datetime(2026, 11, 23, 6, 0, tzinfo=UTC))]
    assert all(e.processed_at is None for e in stored)


def test_event_errors_exit_2(project_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "contacts", "import", project_file, write(tmp_path, "c.csv", "id\nc1\n"))
    code, _, err = run(capsys, "event", project_file, "ghost", "purchase")
    assert code == 2 and "contact 'ghost' not found" in err
    code, _, err = run(capsys, "event", project_file, "c1", "purchase", "--props", "{total: 1}")
    assert code == 2 and "--props is not JSON" in err
    code, _, err = run(capsys, "event", project_file, "c1", "purchase", "--props", "[1]")
    assert code == 2 and "--props must be a JSON object" in err
    code, _, err = run(capsys, "event", project_file, "c1", "purchase", "--at", "soon")
    assert code == 2 and "--at: time 'soon' is not ISO 8601" in err
    with opened_project(project_file) as project, project.session() as session:
        assert session.scalars(select(Event)).all() == []


def test_events_import_exit_codes(project_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "contacts", "import", project_file, write(tmp_path, "c.csv", "id\nc1\n"))
    good = write(tmp_path, "good.jsonl", '{"contact": "c1", "name": "signup"}\n')
    code, out, _ = run(capsys, "events", "import", project_file, good, "--json")
    assert code == 0 and json.loads(out) == {"imported": 1, "rejected": []}
    mixed = write(tmp_path, "mixed.jsonl", '{"contact": "c1", "name": "a"}\n{"contact": "c9", "name": "b"}\n')
    code, out, err = run(capsys, "events", "import", project_file, mixed)
    assert code == 1 and "imported 1, rejected 1" in out and "mixed.jsonl: line 2: contact 'c9' not found" in err
    code, _, err = run(capsys, "events", "import", project_file, str(tmp_path / "none.jsonl"))
    assert code == 2 and "no such file" in err
