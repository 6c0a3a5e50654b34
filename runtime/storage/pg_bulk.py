"""PostgreSQL statements of many rows: multi-row ``INSERT ... VALUES`` and set-wise ``UPDATE ... FROM (VALUES ...)``.

psycopg's executemany runs a statement once per row (pipelined, but each row is still parsed,
planned, executed and fires its per-row triggers on its own); at the engine's batch sizes that
per-row overhead was most of a worker's database time. These helpers send one statement per
chunk of rows with native ``$n`` placeholders (psycopg's ``RawCursor``: no client-side parsing of
a statement with thousands of parameters). The statement texts are cached per shape.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

PG_MAX_PARAMS = 60000  # PostgreSQL takes at most 65,535 parameters per statement
PG_ROWS_PER_STATEMENT = 1000
NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
# "INSERT INTO t (...) VALUES (<row>) <tail>" whose tail holds no parameters
_INSERT = re.compile(r"^(INSERT INTO [^()]+\([^()]*\)\s*VALUES\s*)(\([^()]*\))([^:?%]*)$", re.S)
# "UPDATE t SET a = ?, b = ? WHERE id = ? [AND <no parameters>]"
_UPDATE = re.compile(r"^UPDATE (\w+) SET ((?:\w+ = \?, )*\w+ = \?) WHERE id = \?((?: AND [^:?%]*)?)$", re.S)


def chunk_size(width: int) -> int:
    """Rows per statement for rows of ``width`` parameters."""
    return max(1, min(PG_ROWS_PER_STATEMENT, PG_MAX_PARAMS // max(1, width)))


@lru_cache(maxsize=256)
def _values(parts: tuple[str, ...], rows: int) -> str:
    """``(<row 1>), (<row 2>), ...``: the row text ``parts`` (the text around its placeholders)
    repeated ``rows`` times with numbered placeholders."""
    width = len(parts) - 1
    groups = []
    for i in range(rows):
        base = i * width
        groups.append(parts[0] + "".join(f"${base + j + 1}{parts[j + 1]}" for j in range(width)))
    return ", ".join(groups)


def insert_plan(sql: str, rows: list[Any]) -> tuple[str, str, tuple[str, ...], list[list[Any]]] | None:
    """``(head, tail, row parts, values)`` of a plain ``INSERT ... VALUES (...)`` (named or ``?``
    placeholders), None for any other statement or an upsert."""
    match = _INSERT.match(sql)
    if match is None or "DO UPDATE" in sql.upper():
        return None
    head, row_sql, tail = match.groups()
    names = NAMED.findall(row_sql)
    if names and isinstance(rows[0], dict):
        return head, tail, tuple(NAMED.split(row_sql)[::2]), [[row[n] for n in names] for row in rows]
    if not names and not isinstance(rows[0], dict):
        return head, tail, tuple(row_sql.split("?")), [list(row) for row in rows]
    return None


def insert_sql(head: str, tail: str, parts: tuple[str, ...], rows: int) -> str:
    """The multi-row insert of ``rows`` rows."""
    return head + _values(parts, rows) + tail


def update_plan(sql: str, rows: list[Any]) -> tuple[str, tuple[str, ...], str] | None:
    """``(table, set columns, extra condition)`` of ``UPDATE t SET a = ?, ... WHERE id = ? [AND ...]``
    with tuple rows whose ids are distinct (each row must meet its target row alone, as it did
    one statement at a time), None otherwise."""
    match = _UPDATE.match(sql)
    if match is None or not rows or isinstance(rows[0], dict):
        return None
    ids = [row[-1] for row in rows]
    if len(set(ids)) != len(ids):
        return None
    table, sets, extra = match.groups()
    return table, tuple(s.split(" = ")[0] for s in sets.split(", ")), extra


def update_sql(table: str, cols: tuple[str, ...], types: tuple[str, ...], extra: str, rows: int) -> str:
    """``UPDATE table SET col = v_.p1, ... FROM (VALUES ...) v_ WHERE id = v_.id_ <extra>`` for
    ``rows`` rows; ``types`` are the columns' types (the VALUES list needs them: an untyped
    parameter column would be text)."""
    parts = ("(", *(f"::{t}, " for t in types), "::bigint)")
    names = ", ".join(f"p{i}" for i in range(len(cols)))
    sets = ", ".join(f"{c} = v_.p{i}" for i, c in enumerate(cols))
    return (f"UPDATE {table} SET {sets} FROM (VALUES {_values(parts, rows)}) AS v_({names}, id_) "
            f"WHERE {table}.id = v_.id_{extra}")


def column_types(dbapi: Any, table: str) -> dict[str, str]:
    """``{column: SQL type}`` of ``table`` on the PostgreSQL connection ``dbapi``."""
    cur = dbapi.cursor()
    try:
        cur.execute("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                    "WHERE attrelid = CAST(%s AS regclass) AND attnum > 0 AND NOT attisdropped", (table,))
        return {str(name): str(kind) for name, kind in cur.fetchall()}
    finally:
        cur.close()
