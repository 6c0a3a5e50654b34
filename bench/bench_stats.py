"""Stats latency at 1,000,000 executions: ``flow_stats`` reads counters only.

Builds a project with 100,000 contacts, 10 flows of 8 steps and 1,000,000 executions (each
contact once in every flow, a mix of active / completed / goal / other / failed, tokens of the
active ones spread over the steps) with their counters, then times ``flow_stats`` for one flow
(median and p95 of repeated calls, each in a fresh session as the designer's overlay does).

Usage: ``.venv/bin/python bench/bench_stats.py [--executions 1000000] [--calls 200]``
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from runtime.reports.stats import flow_stats  # noqa: E402
from runtime.storage.db import open_project  # noqa: E402

STEPS = [f"s{i}" for i in range(8)]
STATUSES = [("active", None), ("completed", "completed"), ("exited", "goal"), ("exited", "left"), ("failed", "failed")]
TS = "2026-03-02 09:00:00.000000"


def build(path: Path, executions: int, flows: int = 10) -> int:
    project = open_project(path, create=True)
    project.close()
    contacts = max(1, executions // flows)
    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    con.executemany("INSERT INTO contacts (id, external_id, timezone, attributes, push_subscriptions, email_status, "
                    "sms_status, telegram_status, whatsapp_status, push_status, created_at, updated_at) "
                    "VALUES (?, ?, 'UTC', '{}', '[]', 'subscribed', 'subscribed', 'subscribed', 'subscribed', "
                    "'subscribed', ?, ?)", ((i, f"c{i}", TS, TS) for i in range(1, contacts + 1)))
    counters: Counter[tuple[int, str, str]] = Counter()
    eid = 0
    for f in range(1, flows + 1):
        con.execute("INSERT INTO flows (id, name, status, entry_enabled, draft, created_at, updated_at) "
                    "VALUES (?, ?, 'active', 1, '{}', ?, ?)", (f, f"Flow {f}", TS, TS))
        con.execute("INSERT INTO flow_versions (id, flow_id, version, definition, published_at) VALUES (?, ?, 1, '{}', ?)",
                    (f, f, TS))
        rows, toks = [], []
        for c in range(1, contacts + 1):
            eid += 1
            status, reason = STATUSES[(c * 7 + f) % len(STATUSES)]
            rows.append((eid, f, f, c, status, TS, None if status == "active" else TS, reason))
            counters[(f, "", "entered")] += 1
            bucket = {"active": "active", "completed": "completed", "failed": "failed"}.get(
                status, "exited_goal" if reason == "goal" else "exited_other")
            counters[(f, "", bucket)] += 1
            if status == "active":
                sid = STEPS[c % len(STEPS)]
                toks.append((eid, f, sid, "waiting", TS, 0))
                counters[(f, sid, "waiting")] += 1
            for sid in STEPS[: 1 + c % len(STEPS)]:
                counters[(f, sid, "entered")] += 1
                counters[(f, sid, "completed")] += 1
        con.executemany("INSERT INTO executions (id, flow_id, version_id, contact_id, status, entered_at, ended_at, "
                        "exit_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.executemany("INSERT INTO tokens (execution_id, flow_id, step_id, state, due_at, visit) VALUES (?, ?, ?, ?, ?, ?)",
                        toks)
    con.executemany("INSERT INTO counters (flow_id, step_id, name, value) VALUES (?, ?, ?, ?)",
                    [(f, s, n, v) for (f, s, n), v in counters.items()])
    con.execute("COMMIT")
    con.close()
    return eid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--executions", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fc-bench-stats-") as tmp:
        path = Path(tmp) / "stats.fcproj"
        t0 = time.perf_counter()
        total = build(path, args.executions)
        build_seconds = time.perf_counter() - t0
        project = open_project(path)
        times = []
        result = None
        for i in range(args.calls):
            t = time.perf_counter()
            with project.session() as s:
                result = flow_stats(s, 1 + i % 10, STEPS)
            times.append((time.perf_counter() - t) * 1000)
        project.close()
    times.sort()
    print(json.dumps({
        "executions": total, "build_seconds": round(build_seconds, 1), "calls": args.calls,
        "median_ms": round(statistics.median(times), 3), "p95_ms": round(times[int(len(times) * 0.95) - 1], 3),
        "max_ms": round(times[-1], 3), "sample": result["flow"] if result else None,
    }, indent=2))


if __name__ == "__main__":
    main()
