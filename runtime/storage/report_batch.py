"""Report aggregates of a bulk insert counted set-wise: one statement per metric, not a trigger per row.

The report triggers (:mod:`runtime.storage.report_aggregates`) count every row as it is inserted.
For the engine's batches (thousands of step-log rows, outbox rows and executions per transaction)
that per-row work cost about a third of the engine's time on SQLite. A bulk writer therefore mutes
the table's ``batched`` triggers for its own transaction (a row in ``report_mute``, which no other
connection ever sees: it is deleted before the commit), inserts, and then counts the new rows with
the same statement specs the triggers and the rebuild use, restricted to ``id > <max id before>``.
SQLite has one writer at a time, so exactly the rows of this insert lie above that id. On
PostgreSQL, where several workers insert at once, the triggers stay on (they only append deltas).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from runtime.storage.report_aggregates import MUTE_TABLE, batch_count_sql


@lru_cache(maxsize=16)
def _count_sql(dialect: str, table: str) -> tuple[str, ...]:
    return tuple(batch_count_sql(dialect, table))


def counted_insert(db: Any, table: str, write: Callable[[], None]) -> None:
    """Run ``write`` (inserts into ``table`` through ``db``, a :class:`runtime.storage.rawdb.RawDB`)
    and count its rows for the reports with one statement per metric (SQLite; elsewhere the
    triggers count them as usual)."""
    if not db.sqlite:
        write()
        return
    after = db.fetch(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0]
    db.execute(f"INSERT INTO {MUTE_TABLE} (table_name) VALUES (:t)", {"t": table})
    try:
        write()
    finally:
        db.execute(f"DELETE FROM {MUTE_TABLE} WHERE table_name = :t", {"t": table})
    for sql in _count_sql(db.dialect, table):
        db.execute(sql, {"after": after})
