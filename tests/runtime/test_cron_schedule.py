"""Cron segments read weekdays as crontab does (2 = Tuesday), and firings missed by a gap
(a virtual jump over years) coalesce into one entry instead of one per missed firing."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from runtime.cli.main import main
from runtime.flow.cron import cron_trigger
from runtime.flow.io import flow_from_dict
from runtime.flow.validate import validate_flow

UTC = timezone.utc
MONDAY = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("expr", "weekday"), [
    ("0 10 * * 2", "Tuesday"), ("0 10 * * 0", "Sunday"), ("0 10 * * 7", "Sunday"),
    ("0 10 * * 1-5", "Monday"), ("0 10 * * 6", "Saturday"), ("0 10 * * fri", "Friday"),
])
def test_weekday_numbers_are_crontab_numbers(expr: str, weekday: str) -> None:
    fire = cron_trigger(expr).get_next_fire_time(None, MONDAY)
    assert fire is not None and fire.strftime("%A") == weekday and fire.hour == 10


def test_bad_weekday_is_a_validation_error() -> None:
    doc = {"format": "flowcanvas/1", "name": "F",
           "trigger": {"type": "segment", "condition": {"tag": "x"}, "mode": "cron", "cron": "0 10 * * 9"},
           "steps": [{"id": "x", "type": "exit", "config": {}}], "edges": []}
    errors = [p.message for p in validate_flow(flow_from_dict(doc)).errors]
    assert any("trigger.cron" in e and "0 10 * * 9" in e for e in errors), errors


def _weekly_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    proj = tmp_path / "p.fcproj"
    assert main(["init", str(proj)]) == 0
    (tmp_path / "c.csv").write_text("id,email\nann,ann@example.com\n", encoding="utf-8")
    assert main(["contacts", "import", str(proj), str(tmp_path / "c.csv")]) == 0
    flow = {"format": "flowcanvas/1", "name": "Weekly digest",
            "trigger": {"type": "segment", "condition": {"field": "email", "op": "is_set"}, "mode": "cron",
                        "cron": "0 10 * * 2"},
            "entry": {"repeat": "always"},
            "steps": [{"id": "tag", "type": "add_tag", "config": {"tag": "digest"}}], "edges": []}
    (tmp_path / "f.json").write_text(json.dumps(flow), encoding="utf-8")
    assert main(["run", str(proj), "--clock", "virtual", "--until", MONDAY.isoformat()]) == 0
    assert main(["flow", "import", str(proj), str(tmp_path / "f.json"), "--activate"]) == 0
    capsys.readouterr()
    return proj


def _entries(proj: Path) -> list[datetime]:
    con = sqlite3.connect(proj)
    try:
        rows = con.execute("SELECT entered_at FROM executions ORDER BY entered_at").fetchall()
    finally:
        con.close()
    return [datetime.fromisoformat(r[0]) for r in rows]


def test_tuesday_schedule_enters_on_tuesday(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = _weekly_project(tmp_path, capsys)
    assert main(["run", str(proj), "--until", "2030-01-08T12:00:00+00:00"]) == 0
    assert [(e.strftime("%A"), e.hour) for e in _entries(proj)] == [("Tuesday", 10)]


def test_a_jump_over_years_enters_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = _weekly_project(tmp_path, capsys)
    assert main(["run", str(proj), "--until", "2033-01-20T00:00:00+00:00"]) == 0
    [entered] = _entries(proj)  # 157 Tuesdays were passed; one entry
    assert entered.strftime("%A") == "Tuesday" and entered.date().isoformat() == "2033-01-18"
    # the schedule goes on from there, one firing per week again
    assert main(["run", str(proj), "--until", "2033-01-26T00:00:00+00:00"]) == 0
    assert [e.date().isoformat() for e in _entries(proj)] == ["2033-01-18", "2033-01-25"]


def test_a_rehearsal_fires_a_weekly_schedule_every_week(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a rehearsal predicts the next four weeks: four Tuesdays, four digests (a jump would enter once)
    proj = _weekly_project(tmp_path, capsys)
    assert main(["rehearse", str(proj), "Weekly digest", "--days", "28", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["totals"]["entered"] == 4
    entered_on = [day["date"] for day in result["per_day"] if day["entered"]]
    assert [datetime.fromisoformat(d).strftime("%A") for d in entered_on] == ["Tuesday"] * 4
    assert _entries(proj) == []  # the project itself is untouched
