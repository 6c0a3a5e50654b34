"""The raw-SQLite ceiling both engine benchmarks compare against: the engine's tick pattern in plain sqlite3.

Claim a batch of due tokens (``BEGIN IMMEDIATE``, by ``due_at``), move each one on, insert the
step-log rows the engine writes per token and upsert the counters, one transaction per batch.
Report aggregates are counted as the engine counts them: the table's report triggers muted for the
insert, then one set-wise statement per metric (:func:`counted`).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable

from runtime.storage.report_aggregates import MUTE_TABLE, batch_count_sql

STEP_LOG_INSERT = ("INSERT INTO step_log (execution_id, token_id, flow_id, contact_id, step_id, visit, at, outcome, "
                   "port, late_seconds, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
COUNTER_UPSERT = ("INSERT INTO counters (flow_id, step_id, name, value) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (flow_id, step_id, name) DO UPDATE SET value = counters.value + excluded.value")


def counted(con: sqlite3.Connection, table: str, insert: Callable[[], object]) -> None:
    """Run ``insert`` (rows into ``table``) with the table's report triggers muted, then count the
    new rows for the reports set-wise: what :func:`runtime.storage.report_batch.counted_insert` does."""
    after = con.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
    con.execute(f"INSERT INTO {MUTE_TABLE} (table_name) VALUES (?)", (table,))
    insert()
    con.execute(f"DELETE FROM {MUTE_TABLE} WHERE table_name = ?", (table,))
    for sql in batch_count_sql("sqlite", table):
        con.execute(sql, {"after": after})


def raw_ticks(con: sqlite3.Connection, *, flow_id: int, state: str, due: str, next_due: str, batch: int,
              per_token: float, done: int = 0) -> tuple[int, int]:
    """Run every token in ``state`` due by ``due`` once, batch by batch; each moves to ``next_due``.

    ``per_token`` step-log rows are written per token (a fraction is spread evenly over the
    tokens, counting from ``done`` tokens already run). Returns (rows logged, tokens run in all).
    """
    logged = 0
    while True:
        con.execute("BEGIN IMMEDIATE")
        rows = con.execute("SELECT id, execution_id, flow_id, step_id, state, due_at, visit, wait_event, wait_since, data "
                           "FROM tokens WHERE state = ? AND due_at <= ? ORDER BY due_at, id LIMIT ?",
                           (state, due, batch)).fetchall()
        if not rows:
            con.execute("COMMIT")
            return logged, done
        con.executemany("UPDATE tokens SET step_id = 'w2', due_at = ?, visit = visit + 1, data = NULL WHERE id = ?",
                        [(next_due, r[0]) for r in rows])
        log = []
        for r in rows:
            want = int(per_token * (done + 1)) - int(per_token * done)
            done += 1
            log.extend((r[1], r[0], r[2], r[1], f"s{k}", 0, due, "completed", "next", None, None) for k in range(want))
        counted(con, "step_log", lambda rows=log: con.executemany(STEP_LOG_INSERT, rows))
        con.executemany(COUNTER_UPSERT, [(flow_id, f"s{k}", "completed", len(rows))
                                         for k in range(math.ceil(per_token))])
        con.execute("COMMIT")
        logged += len(log)
