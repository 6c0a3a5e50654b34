"""A/B figures against a worked example, and masked exports (CSV, XLSX, JSON) through the CLI."""

from __future__ import annotations

import csv
import json
import math
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from runtime.cli.main import main
from runtime.clock import UTC, VirtualClock
from runtime.contacts.events import record_event
from runtime.engine.runner import Runtime
from runtime.reports.abtest import ab_groups, compare
from runtime.reports.masking import csv_safe, mask_email, mask_phone
from runtime.service import ProjectService
from runtime.storage.db import open_project
from runtime.storage.models import Audit, Contact
from tests.runtime.engine_helpers import add_contact, flow_doc, install_flow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PHONE_RE = re.compile(r"\+?\(?\d(?:[ \-()]{0,2}\d){9,}")  # ten or more digits in a row, maybe spaced: a full phone
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]{2,}@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")  # more than one letter before @


def test_ab_figures_match_the_worked_example() -> None:
    # control 200 of 1000 convert, variant 250 of 1000.
    # pooled p = 450/2000 = 0.225; se = sqrt(0.225 * 0.775 * (1/1000 + 1/1000)) = 0.0186748
    # z = (0.25 - 0.20) / 0.0186748 = 2.6774; two-sided p = 2 * (1 - Phi(2.6774)) = 0.007419
    se = math.sqrt(0.225 * 0.775 * (2 / 1000))
    z = 0.05 / se
    p = math.erfc(z / math.sqrt(2))
    result = compare((200, 1000), (250, 1000))
    assert result.z == pytest.approx(2.6774, abs=1e-4) and result.z == pytest.approx(z, rel=1e-9)
    assert result.p_value == pytest.approx(0.007419, abs=1e-6) and result.p_value == pytest.approx(p, rel=1e-9)
    assert result.lift == pytest.approx(0.25)
    assert result.significant
    # Beta(251, 751) against Beta(201, 801): normal approximation of the difference gives
    # P = Phi(0.05 / sqrt(0.25*0.75/1000 + 0.2*0.8/1000)) = Phi(2.6795) = 0.9963
    assert result.prob_beat_control == pytest.approx(0.9963, abs=0.001)
    # a small difference on small groups is not significant
    weak = compare((10, 100), (12, 100))
    assert not weak.significant and 0.5 < weak.prob_beat_control < 0.8
    rows = ab_groups([("a", 1000, 200), ("b", 1000, 250)])
    assert rows[0] == {"group": "a", "size": 1000, "converted": 200, "conversion": 0.2, "control": True}
    assert rows[1]["p_value"] == pytest.approx(p, abs=1e-6) and rows[1]["significant"] is True


def test_ab_groups_in_the_report_come_from_the_split_and_the_goal(project) -> None:
    clock = VirtualClock(T0)
    doc = flow_doc("Split", {"type": "event", "event": "signup"}, goal={"event": "purchase", "within": "P7D"},
                   steps=[{"id": "split", "type": "ab_split",
                           "config": {"groups": [{"name": "a", "share": 50}, {"name": "b", "share": 50}]}},
                          {"id": "wa", "type": "wait", "config": {"duration": "P30D"}},
                          {"id": "wb", "type": "wait", "config": {"duration": "P30D"}}],
                   edges=[{"from": "split", "port": "a", "to": "wa"}, {"from": "split", "port": "b", "to": "wb"}])
    with project.write() as s:
        install_flow(s, doc, clock)
        people = [add_contact(s, f"p{i}", clock) for i in range(40)]
        for person in people:
            record_event(s, person, "signup", {}, None, clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()
    svc = ProjectService(project, clock)
    groups = {g["group"]: g for g in svc.report()["ab"][0]["groups"]}
    assert groups["a"]["size"] + groups["b"]["size"] == 40 and min(groups["a"]["size"], groups["b"]["size"]) > 0
    # everybody in group b buys; nobody in a
    from runtime.storage.models import StepLog

    with project.write() as s:
        in_b = s.scalars(select(StepLog.contact_id).where(StepLog.step_id == "split", StepLog.port == "b")).all()
        for cid in in_b:
            record_event(s, s.get(Contact, cid), "purchase", {"amount": 1}, None, clock)
    clock.advance(timedelta(minutes=10))
    runtime.tick()
    groups = {g["group"]: g for g in svc.report()["ab"][0]["groups"]}
    assert (groups["a"]["converted"], groups["b"]["converted"]) == (0, len(in_b))
    assert groups["b"]["significant"] is True and groups["b"]["prob_beat_control"] > 0.99


def test_masking_formats() -> None:
    assert mask_phone("+79161234567") == "+7 916 ***-**-67"
    assert mask_email("sasha@mail.ru") == "s***@mail.ru"
    assert [csv_safe(v) for v in ("=1+2", "+7 916", "-3", "@x", "plain", 5)] == ["'=1+2", "'+7 916", "'-3", "'@x",
                                                                                "plain", 5]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A project with contacts whose phones and emails appear in fields, attributes and names."""
    path = tmp_path / "shop.fcproj"
    clock = VirtualClock(T0)
    project = open_project(path, create=True)
    try:
        with project.write() as s:
            install_flow(s, flow_doc("Welcome", {"type": "event", "event": "signup"}), clock)
            for i in range(5):
                c = add_contact(s, f"c{i}", clock, email=f"person{i}@mail.ru", phone=f"+7916123456{i}",
                                first_name="=HYPERLINK(\"http://x\")" if i == 0 else f"Name{i}",
                                attributes={"note": f"call me at +7 903 555-12-3{i} or alt{i}@ya.ru"})
                record_event(s, c, "signup", {}, None, clock)
                record_event(s, c, "purchase", {"amount": 100 * (i + 1)}, None, clock)
        Runtime(project, clock, sandbox=True).tick()
    finally:
        project.close()
    return path


def _no_full_addresses(text: str) -> None:
    assert not PHONE_RE.search(text), PHONE_RE.search(text)
    assert not EMAIL_RE.search(text), EMAIL_RE.search(text)


def test_contacts_export_is_masked_and_escaped(shop: Path, tmp_path: Path, capsys) -> None:
    assert main(["contacts", "export", str(shop), "--flow", "Welcome", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    _no_full_addresses(out)
    rows = list(csv.DictReader(out.splitlines()))
    assert len(rows) == 5
    assert rows[1]["phone"] == "'+7 916 ***-**-61" and rows[1]["email"] == "p***@mail.ru"
    assert rows[0]["first_name"].startswith("'=HYPERLINK")  # never a live formula
    xlsx = tmp_path / "c.xlsx"
    assert main(["contacts", "export", str(shop), "--tag", "nope", "--format", "xlsx", "--out", str(xlsx)]) == 0
    assert load_workbook(xlsx)["contacts"].max_row == 1  # header only
    assert main(["contacts", "export", str(shop), "--flow", "Welcome", "--format", "xlsx", "--out", str(xlsx)]) == 0
    ws = load_workbook(xlsx)["contacts"]
    values = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    _no_full_addresses("\n".join(values))
    first_name = ws.cell(row=2, column=2)
    assert first_name.data_type == "s" and first_name.value.startswith("=HYPERLINK")


def test_unmask_shows_full_values_and_is_audited(shop: Path, capsys) -> None:
    assert main(["contacts", "export", str(shop), "--flow", "Welcome", "--unmask"]) == 0
    out = capsys.readouterr().out
    assert "person3@mail.ru" in out and "+79161234563" in out
    project = open_project(shop)
    try:
        with project.session() as s:
            [audit] = s.scalars(select(Audit).where(Audit.action == "contacts.unmasked")).all()
    finally:
        project.close()
    assert audit.actor.startswith("cli") and audit.detail["count"] == 5 and audit.detail["flow"] == "Welcome"


def test_report_csv_json_and_xlsx_carry_the_same_numbers(shop: Path, tmp_path: Path, capsys) -> None:
    args = ["report", str(shop), "--from", "2026-03-01", "--to", "2026-03-03"]
    assert main([*args, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    monday = next(r for r in doc["daily"] if r["day"] == "2026-03-02")
    assert (monday["new_contacts"], monday["purchases"], monday["purchases_amount"]) == (5, 5, 1500.0)
    assert main([*args, "--format", "csv"]) == 0
    text = capsys.readouterr().out
    _no_full_addresses(text)
    section = text.split("# daily\n")[1].split("\n\n")[0]
    csv_monday = next(r for r in csv.DictReader(section.splitlines()) if r["day"] == "2026-03-02")
    assert (csv_monday["new_contacts"], csv_monday["purchases_amount"]) == ("5", "1500.0")
    out = tmp_path / "r.xlsx"
    assert main([*args, "--format", "xlsx", "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["daily", "steps", "step_days", "dropoff", "goals", "ab"]
    ws = wb["daily"]
    header = [c.value for c in ws[1]]
    sheet_rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in ws.iter_rows(min_row=2)]
    assert [{k: r[k] for k in ("day", "new_contacts", "active", "purchases", "purchases_amount")} for r in sheet_rows] == [
        {k: r[k] for k in ("day", "new_contacts", "active", "purchases", "purchases_amount")} for r in doc["daily"]]
    steps = {c.value for c in wb["steps"]["B"][1:]}
    assert steps == {s["step"] for s in doc["steps"]}


def test_bad_report_input_is_named_and_changes_nothing(shop: Path, capsys) -> None:
    assert main(["report", str(shop), "--from", "March"]) != 0
    assert "bad --from date 'March'" in capsys.readouterr().err
    assert main(["report", str(shop), "--format", "xlsx"]) != 0
    assert "xlsx needs --out" in capsys.readouterr().err
    assert main(["report", str(shop), "--zone", "Mars/Olympus"]) != 0
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err
    assert main(["report", str(shop), "--limit", "fax=3"]) != 0
    assert "bad daily limit 'fax=3'" in capsys.readouterr().err
    assert main(["contacts", "export", str(shop), "--flow", "Welcome", "--step", "nope"]) != 0
    assert "has no step 'nope'" in capsys.readouterr().err
    with ProjectService.open(shop) as svc:
        assert svc.report_settings()["limits"] == {}
