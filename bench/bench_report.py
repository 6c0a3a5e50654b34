"""``report`` latency on a project with 1,000,000 step-log rows.

The project: 100,000 contacts imported through ``contacts import``, a 9-step flow (SMS and two
emails in sandbox, tags, a condition, waits) imported and activated through the CLI, and a month
of history (100,000 executions with 10 step-log rows each, 300,000 outbox rows, sign-ups and
purchases, one in seven reaching the goal) written straight into the tables with the report
triggers on, as the engine leaves it (running it through ``run`` takes too long on this machine).

Timed, each ``--calls`` times (median, p95):
- ``open_and_report``: what ``flowcanvas report PROJECT --format json`` does after parsing its
  arguments: open the project (schema check), build the month's report, write the JSON text;
- ``report_open_service``: the report on an open project (the designer's Reports view);
- ``flow_report_open_service``: the same for one flow;
- ``cli_in_process``: ``main(["report", ...])`` in this process (argument parser included).
One run as a fresh process (interpreter start and imports) is given for reference.

Usage: ``.venv/bin/python bench/bench_report.py [--contacts 100000] [--calls 15] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runtime.cli.main import main as cli  # noqa: E402
from runtime.service import ProjectService  # noqa: E402

START = datetime(2026, 3, 1, tzinfo=timezone.utc)
DAYS = 30
FLOW = {
    "format": "flowcanvas/1", "name": "Onboarding", "trigger": {"type": "event", "event": "signup"},
    "goal": {"event": "purchase", "within": "P7D"},
    "steps": [
        {"id": "sms", "type": "send_sms", "config": {"text": "Welcome, {{ contact.first_name }}"}},
        {"id": "tag_new", "type": "add_tag", "config": {"tag": "onboarded"}},
        {"id": "wait_1d", "type": "wait", "config": {"duration": "P1D"}},
        {"id": "email", "type": "send_email", "config": {"subject": "Hello", "body": "Hi {{ contact.first_name }}"}},
        {"id": "vip", "type": "condition", "config": {"if": {"field": "plan", "op": "=", "value": "pro"}}},
        {"id": "tag_vip", "type": "add_tag", "config": {"tag": "vip"}},
        {"id": "wait_2d", "type": "wait", "config": {"duration": "P2D"}},
        {"id": "email_2", "type": "send_email", "config": {"subject": "Tips", "body": "Tips"}},
        {"id": "done", "type": "add_tag", "config": {"tag": "got_tips"}},
    ],
    "edges": [
        {"from": "sms", "to": "tag_new"}, {"from": "tag_new", "to": "wait_1d"}, {"from": "wait_1d", "to": "email"},
        {"from": "email", "to": "vip"}, {"from": "vip", "port": "yes", "to": "tag_vip"},
        {"from": "vip", "port": "no", "to": "wait_2d"}, {"from": "tag_vip", "to": "wait_2d"},
        {"from": "wait_2d", "to": "email_2"}, {"from": "email_2", "to": "done"},
    ],
}


def _run(argv: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli(argv)
    if code not in (0, None):
        raise SystemExit(f"flowcanvas {' '.join(argv)} exited with {code}")


def build(tmp: Path, contacts: int) -> Path:
    """The project: contacts and the flow through the CLI, a month of history written straight to
    the tables (executions, 10 step-log rows each, outbox rows, events) with the report triggers on,
    as the engine would leave it; building it through ``run`` takes too long on a 2-core machine."""
    project = tmp / "bench_report.fcproj"
    _run(["init", str(project)])
    with (tmp / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "email", "phone", "first_name", "timezone", "plan"])
        for i in range(contacts):
            w.writerow([f"c{i}", f"user{i}@mail.ru", f"+7916{i:07d}", f"Name{i}", "Europe/Moscow",
                        "pro" if i % 5 == 0 else "free"])
    _run(["contacts", "import", str(project), str(tmp / "contacts.csv"), "--region", "RU"])
    flow = tmp / "flow.json"
    flow.write_text(json.dumps(FLOW), encoding="utf-8")
    _run(["flow", "import", str(project), str(flow), "--activate"])
    con = sqlite3.connect(str(project), isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    flow_id, version_id = con.execute("SELECT id, current_version_id FROM flows").fetchone()
    ids = [r[0] for r in con.execute("SELECT id FROM contacts ORDER BY id")]
    path = ["sms", "tag_new", "wait_1d", "wait_1d", "email", "vip", "wait_2d", "wait_2d", "email_2", "done"]
    ts = lambda at: at.replace(tzinfo=None).isoformat(" ", "microseconds")  # noqa: E731
    for n, cid in enumerate(ids):
        entered = START + timedelta(seconds=n * DAYS * 86400 // len(ids))
        goal = n % 7 == 0
        con.execute("INSERT INTO executions (id, flow_id, version_id, contact_id, status, entered_at, ended_at, "
                    "exit_reason) VALUES (?, ?, ?, ?, 'active', ?, NULL, NULL)",
                    (n + 1, flow_id, version_id, cid, ts(entered)))
        con.execute("INSERT INTO events (contact_id, name, properties, occurred_at, recorded_at, processed_at) "
                    "VALUES (?, 'signup', '{}', ?, ?, ?)", (cid, ts(entered), ts(entered), ts(entered)))
        logs, out = [], []
        for k, step in enumerate(path):
            at = entered + timedelta(days=0 if k < 3 else (1 if k < 7 else 3))
            waiting = step.startswith("wait") and path[k - 1] != step
            port = None if waiting else ("yes" if step == "vip" and n % 5 == 0 else "no" if step == "vip" else "next")
            logs.append((n + 1, flow_id, cid, step, ts(at), "waiting" if waiting else "completed", port))
            if step in ("sms", "email", "email_2"):
                out.append((n + 1, flow_id, step, cid, "sms" if step == "sms" else "email", f"{n}:{step}", ts(at)))
        con.executemany("INSERT INTO step_log (execution_id, flow_id, contact_id, step_id, visit, at, outcome, port) "
                        "VALUES (?, ?, ?, ?, 0, ?, ?, ?)", logs)
        con.executemany("INSERT INTO outbox (execution_id, flow_id, step_id, contact_id, channel, content, "
                        "idempotency_key, status, attempts, created_at) VALUES (?, ?, ?, ?, ?, '{}', ?, 'sandbox', 0, ?)",
                        out)
        if goal:
            bought = entered + timedelta(days=2)
            con.execute("INSERT INTO events (contact_id, name, properties, occurred_at, recorded_at, processed_at) "
                        "VALUES (?, 'purchase', '{\"amount\": 990}', ?, ?, ?)", (cid, ts(bought), ts(bought), ts(bought)))
            con.execute("UPDATE executions SET status = 'exited', exit_reason = 'goal', ended_at = ? WHERE id = ?",
                        (ts(bought), n + 1))
    con.execute("COMMIT")
    con.close()
    return project


def _time_fn(fn: Callable[[], object], calls: int) -> dict[str, float]:
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "min_ms": round(times[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=100000, help="contacts (10 step-log rows each)")
    parser.add_argument("--calls", type=int, default=15, help="timed report calls per case")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep the project (reused when there)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(args.keep or scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        project = tmp / "bench_report.fcproj"
        build_s = None
        if not (args.keep and project.exists()):  # --keep DIR with a project built before: reuse it
            project = build(tmp, args.contacts)
            build_s = round(time.perf_counter() - t0, 1)
        con = sqlite3.connect(str(project))
        step_rows = con.execute("SELECT COUNT(*) FROM step_log").fetchone()[0]
        agg_rows = con.execute("SELECT COUNT(*) FROM report_daily").fetchone()[0]
        con.close()
        span = ["--from", START.date().isoformat(), "--to", (START + timedelta(days=DAYS + 4)).date().isoformat()]
        first, last = START.date(), (START + timedelta(days=DAYS + 4)).date()
        _run(["report", str(project), *span, "--format", "json"])  # first call: zone check, warm caches

        def open_and_report() -> None:
            with ProjectService.open(project) as svc:
                svc.export_report("json", None, None, first, last)

        with ProjectService.open(project) as svc:
            flow_id = svc.flow_id("Onboarding")
            cases = {
                "open_and_report": _time_fn(open_and_report, args.calls),
                "report_open_service": _time_fn(lambda: svc.report(None, first, last), args.calls),
                "flow_report_open_service": _time_fn(lambda: svc.report([flow_id], first, last), args.calls),
            }
        cases["cli_in_process"] = _time_fn(lambda: _run(["report", str(project), *span, "--format", "json"]),
                                           args.calls)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), "report", str(project), *span, "--format", "json"],
                       check=True, capture_output=True)
        process_ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({
        "benchmark": "report", "contacts": args.contacts, "step_log_rows": step_rows,
        "report_daily_rows": agg_rows, "days": DAYS + 5, "build_seconds": build_s,
        "in_process": cases, "target_ms": 200,
        "met": cases["open_and_report"]["median_ms"] < 200,
        "fresh_process_ms": round(process_ms, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
