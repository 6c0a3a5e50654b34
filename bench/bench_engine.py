"""Engine throughput: contact-steps per second with 100,000 active contacts, vs a raw-sqlite3 ceiling.

Prints one JSON document:

- ``enter_seconds``: entering N contacts with ``enter_contacts_bulk`` (one transaction);
- ``engine``: contact-steps/s of ``Runtime.run_until`` over a flow of waits, conditions, tags and
  sandbox sends (wait 1 h -> condition tag vip -> add_tag -> send_email -> wait 1 d ->
  condition "purchase since entry" -> send_sms), measured over the ticks that process tokens;
- ``raw``: the same tick pattern written with plain ``sqlite3`` executemany on a copy of the
  same schema (claim a batch by due_at, update tokens, insert the same number of step_log rows
  per token, upsert counters), i.e. the ceiling of SQLite on this machine;
- ``ratio``: engine / raw (the raw ceiling is measured right before and right after the engine and
  averaged, since a shared machine's load changes from minute to minute); ``ratio_cpu`` compares
  steps per CPU-second, which is less sensitive to other processes;
- with ``--repeat N`` every figure is the median of N rounds.

Usage: ``.venv/bin/python bench/bench_engine.py [--contacts 100000] [--batch 500] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.raw_ticks import raw_ticks  # noqa: E402
from runtime.clock import UTC, VirtualClock  # noqa: E402
from runtime.engine.executions import enter_contacts_bulk  # noqa: E402
from runtime.engine.runner import Runtime  # noqa: E402
from runtime.flow.io import dumps_flow, flow_from_dict  # noqa: E402
from runtime.storage.db import open_project  # noqa: E402
from runtime.storage.models import Contact, FlowRow, FlowVersion  # noqa: E402

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STEPS_PER_TOKEN = 3.425  # what the engine does per claimed token in this flow (printed by every run)
FLOW = {
    "format": "flowcanvas/1", "name": "Bench", "trigger": {"type": "manual"},
    "steps": [
        {"id": "w1", "type": "wait", "config": {"duration": "PT1H"}},
        {"id": "vip", "type": "condition", "config": {"if": {"tag": "vip"}}},
        {"id": "tag", "type": "add_tag", "config": {"tag": "engaged"}},
        {"id": "mail", "type": "send_email", "config": {"subject": "Hi {{ contact.first_name }}", "body": "Hello"}},
        {"id": "w2", "type": "wait", "config": {"duration": "P1D"}},
        {"id": "bought", "type": "condition", "config": {"if": {"event": "purchase", "since": "entry"}}},
        {"id": "sms", "type": "send_sms", "config": {"text": "Last chance, {{ contact.first_name }}"}},
    ],
    "edges": [
        {"from": "w1", "to": "vip"}, {"from": "vip", "port": "yes", "to": "tag"}, {"from": "vip", "port": "no", "to": "mail"},
        {"from": "tag", "to": "mail"}, {"from": "mail", "to": "w2"}, {"from": "w2", "to": "bought"},
        {"from": "bought", "port": "no", "to": "sms"},
    ],
}


def setup(path: Path, n: int) -> tuple[object, int, list[int]]:
    project = open_project(path, create=True)
    clock = VirtualClock(START)
    text = dumps_flow(flow_from_dict(FLOW, "<bench>"))
    with project.write() as s:
        row = FlowRow(name="Bench", status="active", entry_enabled=True, draft=text, created_at=START,
                      updated_at=START, activated_at=START)
        s.add(row)
        s.flush()
        version = FlowVersion(flow_id=row.id, version=1, definition=text, published_at=START)
        s.add(version)
        s.flush()
        row.current_version_id = version.id
        flow_id = row.id
        s.execute(Contact.__table__.insert(), [
            {"external_id": f"c{i}", "email": f"c{i}@example.com", "phone": f"+1555{i:07d}", "first_name": f"N{i}",
             "timezone": "UTC", "attributes": {"orders": i % 7}, "push_subscriptions": [], "created_at": START,
             "updated_at": START}
            for i in range(n)
        ])
        s.execute(Contact.__table__.update().values(email_status="subscribed", sms_status="subscribed",
                                                    telegram_status="subscribed", whatsapp_status="subscribed",
                                                    push_status="subscribed"))
        from sqlalchemy import select, text as sql

        ids = list(s.execute(select(Contact.id).order_by(Contact.id)).scalars())
        s.execute(sql("INSERT INTO tags (name) VALUES ('vip')"))
        s.execute(sql("INSERT INTO contact_tags (contact_id, tag_id, added_at) "
                      "SELECT id, (SELECT id FROM tags WHERE name='vip'), '2026-03-01 00:00:00.000000' "
                      "FROM contacts WHERE id % 10 = 0"))
        s.execute(sql("INSERT INTO events (contact_id, name, properties, occurred_at, recorded_at, processed_at) "
                      "SELECT id, 'purchase', '{}', '2026-03-02 12:00:00.000000', '2026-03-02 12:00:00.000000', "
                      "'2026-03-02 12:00:00.000000' FROM contacts WHERE id % 4 = 0"))
    return project, flow_id, ids


def bench_engine(n: int, batch: int, tmp: Path) -> dict[str, object]:
    project, flow_id, ids = setup(tmp / "engine.fcproj", n)
    clock = VirtualClock(START)
    t0, c0 = time.perf_counter(), time.process_time()
    with project.write() as s:
        entered = enter_contacts_bulk(s, s.get(FlowRow, flow_id), ids, clock)
    enter_seconds, enter_cpu = time.perf_counter() - t0, time.process_time() - c0
    runtime = Runtime(project, clock, sandbox=True, batch_size=batch)
    runtime.tick()  # tokens of the first step: start waiting
    t0, c0 = time.perf_counter(), time.process_time()
    result = runtime.run_until(START + timedelta(days=2), save=False)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    project.close()
    return {"entered": entered, "enter_seconds": round(enter_seconds, 3), "enter_cpu_seconds": round(enter_cpu, 3),
            "steps": result.steps, "tokens": result.tokens, "seconds": round(elapsed, 3), "cpu_seconds": round(cpu, 3),
            "steps_per_second": round(result.steps / elapsed, 1), "steps_per_cpu_second": round(result.steps / cpu, 1),
            "steps_per_token": result.steps / max(1, result.tokens)}


def bench_raw(n: int, batch: int, steps_per_token: float, tmp: Path) -> dict[str, object]:
    """The same tick pattern with plain sqlite3 on the project schema: the ceiling."""
    project, flow_id, ids = setup(tmp / "raw.fcproj", n)
    project.close()
    con = sqlite3.connect(str(tmp / "raw.fcproj"), isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    ts = "2026-03-02 09:00:00.000000"
    con.execute("BEGIN")
    con.executemany("INSERT INTO executions (flow_id, version_id, contact_id, status, entered_at) VALUES (?, 1, ?, 'active', ?)",
                    [(flow_id, cid, ts) for cid in ids])
    con.execute("INSERT INTO tokens (execution_id, flow_id, step_id, state, due_at, visit) "
                "SELECT id, flow_id, 'w1', 'waiting', ?, 0 FROM executions", (ts,))
    con.execute("COMMIT")
    t0, c0 = time.perf_counter(), time.process_time()
    steps, _tokens = raw_ticks(con, flow_id=flow_id, state="waiting", due=ts, next_due="2026-03-03 09:00:00.000000",
                               batch=batch, per_token=max(1, round(steps_per_token)))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    con.close()
    return {"steps": steps, "seconds": round(elapsed, 3), "cpu_seconds": round(cpu, 3),
            "steps_per_second": round(steps / elapsed, 1), "steps_per_cpu_second": round(steps / cpu, 1)}


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; medians are reported")
    args = parser.parse_args()
    rounds = []
    for _ in range(max(1, args.repeat)):
        with tempfile.TemporaryDirectory(prefix="fc-bench-") as tmp:
            # the ceiling is measured right before and right after the engine, on the same machine
            # state, and averaged: a shared machine's load changes from minute to minute
            base = Path(tmp)
            for sub in ("before", "engine", "after"):
                (base / sub).mkdir()
            before = bench_raw(args.contacts, args.batch, STEPS_PER_TOKEN, base / "before")
            engine = bench_engine(args.contacts, args.batch, base / "engine")
            after = bench_raw(args.contacts, args.batch, float(engine["steps_per_token"]), base / "after")
        raw = {key: round((before[key] + after[key]) / 2, 3) for key in before}
        rounds.append({"engine": engine, "raw": raw, "raw_before": before, "raw_after": after,
                       "ratio": float(engine["steps_per_second"]) / float(raw["steps_per_second"]),
                       "ratio_cpu": float(engine["steps_per_cpu_second"]) / float(raw["steps_per_cpu_second"]),
                       "load_average": os.getloadavg()})
    print(json.dumps({
        "contacts": args.contacts, "batch": args.batch, "cpus": os.cpu_count(), "rounds": len(rounds),
        "median": {
            "enter_seconds": _median([r["engine"]["enter_seconds"] for r in rounds]),
            "engine_steps_per_second": _median([r["engine"]["steps_per_second"] for r in rounds]),
            "engine_steps_per_cpu_second": _median([r["engine"]["steps_per_cpu_second"] for r in rounds]),
            "raw_steps_per_second": _median([r["raw"]["steps_per_second"] for r in rounds]),
            "raw_steps_per_cpu_second": _median([r["raw"]["steps_per_cpu_second"] for r in rounds]),
            "ratio": _median([r["ratio"] for r in rounds]),
            "ratio_cpu": _median([r["ratio_cpu"] for r in rounds]),
        },
        "runs": rounds,
    }, indent=2))


if __name__ == "__main__":
    main()
