"""Driver-level database access for the engine's hot path (claim, bulk load, bulk write).

The tick touches thousands of rows per batch; SQLAlchemy's per-row parameter processing costs
more than SQLite itself, so the batch loop talks to the DBAPI connection of the session's
current transaction directly (same transaction, same BEGIN IMMEDIATE / FOR UPDATE semantics).
Values are converted exactly as SQLAlchemy stores them (``runtime.storage.types.UTCDateTime``:
naive UTC; on SQLite the text ``YYYY-MM-DD HH:MM:SS.ffffff``; JSON as text on SQLite and as
``json`` on PostgreSQL), so ORM readers see the same data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from runtime.clock import UTC
from runtime.storage import pg_bulk

ENGINE_CACHE_KIB = 65536
_NAMED = pg_bulk.NAMED
_PG_TYPES: dict[str, dict[str, str]] = {}  # column types per table (one schema head per process)


@lru_cache(maxsize=256)
def _pg_sql(sql: str) -> str:
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%")).replace("?", "%s")


def ints(values: Iterable[Any]) -> str:
    """A SQL list of integers for ``IN (...)`` (values come from the database, checked as ints)."""
    return ",".join(str(int(v)) for v in values) or "NULL"


@lru_cache(maxsize=4096)
def _parse_dt(text: str) -> datetime:
    # the same few due times recur across a batch: parse each once
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class RawDB:
    """The DBAPI connection of ``session``'s transaction, with value conversions."""

    def __init__(self, session: Session) -> None:
        conn = session.connection()
        self.dialect = conn.dialect.name
        self.sqlite = self.dialect == "sqlite"
        dbapi = conn.connection.driver_connection
        if dbapi is None:
            raise RuntimeError("the session's connection is closed")
        # sqlite3 or psycopg: the two DBAPI connections share no typed interface
        self.dbapi: Any = dbapi
        if self.sqlite and not conn.connection.info.get("flowcanvas_engine_cache"):
            # the tick reads contacts, tokens and executions all over the file: a page cache of
            # 64 MiB (default 2 MiB) keeps a 100,000-contact project's hot pages in memory
            self.dbapi.execute(f"PRAGMA cache_size = -{ENGINE_CACHE_KIB}")
            conn.connection.info["flowcanvas_engine_cache"] = True
        if not self.sqlite:
            from psycopg.types.json import Json

            self._json = Json

    def _sql(self, sql: str) -> str:
        return sql if self.sqlite else _pg_sql(sql)

    def fetch(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        cur = self.dbapi.cursor()
        try:
            cur.execute(self._sql(sql), params or {})
            rows: list[tuple[Any, ...]] = cur.fetchall()
            return rows
        finally:
            cur.close()

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> int:
        cur = self.dbapi.cursor()
        try:
            cur.execute(self._sql(sql), params or {})
            return int(cur.rowcount)
        finally:
            cur.close()

    def many(self, sql: str, rows: list[Any]) -> None:
        if not rows:
            return
        if not self.sqlite and (self._insert_rows(sql, rows) or self._update_rows(sql, rows)):
            return
        cur = self.dbapi.cursor()
        try:
            cur.executemany(self._sql(sql), rows)
        finally:
            cur.close()

    def _insert_rows(self, sql: str, rows: list[Any]) -> bool:
        """PostgreSQL: a plain ``INSERT ... VALUES (...)`` of many rows as multi-row VALUES
        statements (False, doing nothing, for any other statement or an upsert)."""
        plan = pg_bulk.insert_plan(sql, rows)
        if plan is None:
            return False
        head, tail, parts, values = plan
        self._chunks(values, len(parts) - 1, lambda n: pg_bulk.insert_sql(head, tail, parts, n))
        return True

    def _update_rows(self, sql: str, rows: list[Any]) -> bool:
        """PostgreSQL: ``UPDATE t SET a = ?, ... WHERE id = ? [AND ...]`` of many rows as one
        ``UPDATE ... FROM (VALUES ...)`` per chunk (False, doing nothing, for other statements)."""
        plan = pg_bulk.update_plan(sql, rows)
        if plan is None:
            return False
        table, cols, extra = plan
        types = _PG_TYPES.get(table)
        if types is None:
            types = _PG_TYPES[table] = pg_bulk.column_types(self.dbapi, table)
        kinds = tuple(types[c] for c in cols)
        self._chunks([list(row) for row in rows], len(cols) + 1,
                     lambda n: pg_bulk.update_sql(table, cols, kinds, extra, n))
        return True

    def _chunks(self, values: list[list[Any]], width: int, statement: Callable[[int], str]) -> None:
        from psycopg import RawCursor

        step = pg_bulk.chunk_size(width)
        # native $n placeholders: psycopg need not parse a statement of thousands of parameters
        cur = RawCursor(self.dbapi)
        try:
            for start in range(0, len(values), step):
                chunk = values[start : start + step]
                cur.execute(statement(len(chunk)), [v for row in chunk for v in row])
        finally:
            cur.close()

    def insert_returning_id(self, sql: str, params: dict[str, Any]) -> int:
        """Insert one row and return its id."""
        cur = self.dbapi.cursor()
        try:
            if self.sqlite:
                cur.execute(sql, params)
                return int(cur.lastrowid)
            cur.execute(self._sql(sql + " RETURNING id"), params)
            return int(cur.fetchone()[0])
        finally:
            cur.close()

    # -- values -------------------------------------------------------------------------------
    def dt(self, value: datetime | None) -> Any:
        """A datetime as bound for a UTCDateTime column."""
        if value is None:
            return None
        if value.tzinfo is not None:
            value = (value if value.tzinfo is UTC else value.astimezone(UTC)).replace(tzinfo=None)
        if self.sqlite:
            return value.isoformat(" ", "microseconds")
        return value

    def j(self, value: Any) -> Any:
        """A value as bound for a JSON column (None stays SQL NULL)."""
        if value is None:
            return None
        if self.sqlite:
            return json.dumps(value) if value else ("{}" if isinstance(value, dict) else json.dumps(value))
        return self._json(value)

    @staticmethod
    def rdt(value: Any) -> datetime | None:
        """A UTCDateTime column value read back as an aware datetime."""
        if value is None:
            return None
        if isinstance(value, str):
            return _parse_dt(value)
        stored: datetime = value
        return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)

    @staticmethod
    def rdt_set(value: Any) -> datetime:
        """A NOT NULL UTCDateTime column value read back as an aware datetime."""
        when = RawDB.rdt(value)
        if when is None:
            raise ValueError("a NOT NULL time column held NULL")
        return when

    @staticmethod
    def rj(value: Any) -> Any:
        """A JSON column value read back."""
        if isinstance(value, (str, bytes)):
            if value == "{}":
                return {}
            if value == "[]":
                return []
            return json.loads(value)
        return value
