"""Writing reports and contact lists as CSV, XLSX (openpyxl) or JSON.

A report is a list of tables (daily, steps, step_days, dropoff, goals, ab). CSV puts them one after
another, each under a ``# name`` line and its header row, separated by a blank line; XLSX gives
each its own sheet. Text cells are masked (:mod:`runtime.reports.masking`) unless unmasked, and
CSV cells are escaped against formula injection.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runtime.errors import InputError
from runtime.reports.masking import csv_safe, mask_value

FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Table:
    """A titled table: columns and rows of plain values."""

    name: str
    columns: list[str]
    rows: list[list[Any]]


def _table(name: str, records: list[dict[str, Any]], first: Iterable[str] = ()) -> Table:
    columns: list[str] = list(first)
    for rec in records:
        for key in rec:
            if key not in columns:
                columns.append(key)
    return Table(name, columns, [[rec.get(c) for c in columns] for rec in records])


def report_tables(report: dict[str, Any]) -> list[Table]:
    """The report's sections as tables (A/B groups one row each)."""
    ab_rows = [{"flow": t["flow"], "step": t["step"], "goal": t["goal"], **g} for t in report.get("ab", [])
               for g in t["groups"]]
    return [
        _table("daily", report.get("daily", []), ["day"]),
        _table("steps", report.get("steps", []), ["flow", "step", "name", "type"]),
        _table("step_days", report.get("step_days", []), ["day", "flow", "step"]),
        _table("dropoff", report.get("dropoff", [])),
        _table("goals", report.get("goals", [])),
        _table("ab", ab_rows, ["flow", "step", "goal", "group"]),
    ]


def contacts_table(records: list[dict[str, Any]]) -> Table:
    """A contact list as one table."""
    return _table("contacts", records, ["id"])


def _masked(table: Table, unmask: bool) -> Table:
    if unmask:
        return table
    return Table(table.name, table.columns, [[mask_value(v) for v in row] for row in table.rows])


def csv_text(tables: list[Table], unmask: bool = False) -> str:
    """The tables as CSV text (one section per table when there are several)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for i, table in enumerate(tables):
        table = _masked(table, unmask)
        if len(tables) > 1:
            if i:
                writer.writerow([])
            writer.writerow([f"# {table.name}"])
        writer.writerow([csv_safe(c) for c in table.columns])
        for row in table.rows:
            writer.writerow(["" if v is None else csv_safe(v) for v in row])
    return buf.getvalue()


def write_xlsx(tables: list[Table], path: str | Path, unmask: bool = False) -> None:
    """The tables as an XLSX workbook, one sheet each (text cells stored as text, never formulas)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    for default_sheet in wb.worksheets:  # the empty sheet a new workbook starts with
        wb.remove(default_sheet)
    for table in tables:
        table = _masked(table, unmask)
        ws = wb.create_sheet(title=table.name[:31])
        ws.append(table.columns)
        for row in table.rows:
            ws.append([_xlsx_cell(v) for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for i, col in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(str(col)) + 2))
        ws.freeze_panes = "A2"
        # openpyxl writes a string starting with "=" as a formula: mark such cells as text
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    wb.save(str(path))


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def check_format(fmt: str, allowed: tuple[str, ...] = FORMATS) -> str:
    if fmt not in allowed:
        raise InputError(f"unknown format {fmt!r}: use one of {', '.join(allowed)}")
    return fmt


def write(tables: list[Table], fmt: str, out: str | Path | None, unmask: bool = False,
          document: Any = None) -> str | None:
    """Write ``tables`` in ``fmt`` to ``out``; without ``out`` return the text (csv/json only).

    ``document`` is what JSON writes (the report as built); it is masked like the tables.
    """
    check_format(fmt)
    if fmt == "xlsx":
        if out is None:
            raise InputError("xlsx needs --out FILE (a workbook is not printed)")
        write_xlsx(tables, out, unmask)
        return None
    if fmt == "json":
        value = document if document is not None else {t.name: [dict(zip(t.columns, r, strict=True)) for r in t.rows]
                                                          for t in tables}
        body = json.dumps(value if unmask else _mask_deep(value), indent=2, ensure_ascii=False, default=str) + "\n"
    else:
        body = csv_text(tables, unmask)
    if out is None:
        return body
    Path(out).write_text(body, encoding="utf-8", newline="")
    return None


def _mask_deep(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _mask_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_deep(v) for v in value]
    return mask_value(value)
