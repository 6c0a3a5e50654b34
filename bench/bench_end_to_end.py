"""The whole user path through the CLI, as subprocesses: contacts in, flow on, events in, run to done.

Per round, on a new SQLite project file (``flowcanvas`` console script, each command its own process):

1. ``init``, ``contacts import`` N contacts (CSV, every 10th tagged ``vip``), ``flow import --activate``
   of a 6-step flow triggered by the event ``signup`` (wait 1 h, condition tag vip, add_tag,
   send_email, wait 1 d, send_sms), ``run --once`` to give the project its virtual now S;
2. ``events import`` N ``signup`` events at S (JSONL);
3. ``run --clock virtual --until S --sandbox``: the entry phase (every event claimed, every contact
   entered, the first step run) -> ``events_entered_per_second``;
4. ``run --clock virtual --until S+3d --sandbox``: everyone through the flow.

``end_to_end_steps_per_second`` is the contact-steps both runs report divided by the wall time of
steps 2-4 (process start-up included: that is what the user waits for). ``raw`` is the ceiling of
the same pattern written with plain ``sqlite3`` on the same schema: the same events inserted, claimed in batches of 1,000 and turned
into executions and tokens, then the same number of token claims and step-log rows per token as the
engine reported, measured right after the CLI path. ``ratio`` = end to end / raw; ``ratio_cpu``
compares steps per CPU-second (the CLI processes' user+system time from ``wait4``), which a shared,
loaded machine disturbs less. ``peak_rss_mb`` is the largest resident set of any
CLI process of the round (GNU time's ``%M`` of the command itself where ``/usr/bin/time`` exists,
else ``wait4``); ``rss_mb_by_command`` gives each command's.

With ``--postgres`` the same path runs against a temporary PostgreSQL server (started like the test
fixture does) with 1, 2 and 4 ``run`` processes at once (``--workers``), and after each the
invariants are checked: every event processed, one execution per contact, everyone completed, no
step visit logged twice, counters equal to a recount. Figures per worker count: steps/s of the run
phase, the speed-up over one worker, and one worker against the SQLite run phase of the same round.

Every figure is the median over ``--repeat`` rounds. Prints one JSON document.

Usage: ``.venv/bin/python bench/bench_end_to_end.py [--contacts 20000] [--repeat 3] [--postgres]``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_engine import FLOW as ENGINE_FLOW  # noqa: E402
from bench.raw_ticks import counted, raw_ticks  # noqa: E402

FLOWCANVAS = Path(sys.executable).with_name("flowcanvas")
# the engine benchmark's flow without its purchase check: 6 steps, entered by the event signup
FLOW = {
    **ENGINE_FLOW, "name": "Bench e2e", "trigger": {"type": "event", "event": "signup"},
    # quiet hours off: the project's now is the wall clock at the start, and a run started in the evening would
    # otherwise hold the SMS overnight (a different, time-of-day dependent workload)
    "steps": [{**s, "config": {**s["config"], "quiet_hours": False}} if s["type"] == "send_sms" else s
              for s in ENGINE_FLOW["steps"] if s["id"] != "bought"],
    "edges": [e for e in ENGINE_FLOW["edges"] if "bought" not in (e["from"], e["to"])] + [{"from": "w2", "to": "sms"}],
}
RAW_ENTRY_BATCH = 1000
RAW_TOKEN_BATCH = 500


# ---------------------------------------------------------------------------------------------
# running CLI commands


class Proc:
    """One finished CLI process: its output, wall time and peak RSS."""

    def __init__(self, args: list[str], seconds: float, cpu: float, rss_mb: float, stdout: str) -> None:
        self.args, self.seconds, self.cpu, self.rss_mb, self.stdout = args, seconds, cpu, rss_mb, stdout

    def json(self) -> Any:
        return json.loads(self.stdout)


# An installed app has its modules byte-compiled; a shell with PYTHONDONTWRITEBYTECODE would make
# every CLI process compile ~600 modules again. Byte code goes to a cache outside the worktree.
PYCACHE = Path(tempfile.gettempdir()) / "flowcanvas-bench-pycache"
CLI_ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "PYTHONPYCACHEPREFIX": str(PYCACHE)}


# A child's ru_maxrss (wait4) starts from the size of the process that forked it, so once the bench
# itself has grown (it builds the raw project through SQLAlchemy) every command would report at
# least that. GNU time forks the command from its own small process and reports its peak alone.
GNU_TIME = Path("/usr/bin/time") if Path("/usr/bin/time").exists() else None


def start(*args: Any) -> tuple[subprocess.Popen[bytes], float, Any, Path | None]:
    """Start ``flowcanvas ARGS`` (stderr to a temporary file, so a full pipe never blocks it)."""
    err = tempfile.TemporaryFile()
    command = [str(FLOWCANVAS), *map(str, args)]
    rss_file = None
    if GNU_TIME is not None:
        handle, name = tempfile.mkstemp(prefix="fc-rss-")
        os.close(handle)
        rss_file = Path(name)
        command = [str(GNU_TIME), "-f", "%M", "-o", name, *command]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, cwd=ROOT, env=CLI_ENV)
    return proc, time.perf_counter(), err, rss_file


def finish(started: tuple[subprocess.Popen[bytes], float, Any, Path | None]) -> Proc:
    """Wait for a process from :func:`start`; raise with its stderr when it failed."""
    proc, t0, err, rss_file = started
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    message = err.read().decode(errors="replace")
    err.close()
    rss_mb = usage.ru_maxrss / 1024
    if rss_file is not None:
        lines = rss_file.read_text().split()
        rss_file.unlink()
        if lines and lines[-1].isdigit():
            rss_mb = int(lines[-1]) / 1024  # KB, the command's own peak
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, proc.args))} exited {proc.returncode}:\n{message[-3000:]}")
    return Proc(list(map(str, proc.args)), seconds, usage.ru_utime + usage.ru_stime, rss_mb, out.decode())


def fc(*args: Any) -> Proc:
    """Run ``flowcanvas ARGS`` to the end."""
    return finish(start(*args))


# ---------------------------------------------------------------------------------------------
# input files


def write_inputs(folder: Path, n: int) -> tuple[Path, Path]:
    """contacts.csv (N contacts) and flow.json; the events file is written once S is known."""
    contacts = folder / "contacts.csv"
    with contacts.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "email", "phone", "first_name", "timezone", "tags"])
        for i in range(n):
            writer.writerow([f"c{i}", f"c{i}@example.com", f"+7916{i:07d}", f"N{i}", "UTC", "vip" if i % 10 == 0 else ""])
    flow = folder / "flow.json"
    flow.write_text(json.dumps(FLOW), encoding="utf-8")
    return contacts, flow


def write_events(folder: Path, n: int) -> Path:
    events = folder / "events.jsonl"
    with events.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"contact": f"c{i}", "name": "signup", "props": {"source": "bench"}}) + "\n")
    return events


def prepare(target: str, folder: Path, n: int) -> tuple[datetime, Path, dict[str, float]]:
    """A project at ``target`` with N contacts and the active flow; (its virtual now, events file,
    peak RSS of each preparing command)."""
    contacts, flow = write_inputs(folder, n)
    procs = {"init": fc("init", target), "contacts_import": fc("contacts", "import", target, contacts, "--json"),
             "flow_import": fc("flow", "import", target, flow, "--activate", "--json"),
             "run_once": fc("run", target, "--clock", "virtual", "--once", "--sandbox", "--json")}
    start_at = datetime.fromisoformat(procs["run_once"].json()["now"])
    return start_at, write_events(folder, n), {name: round(p.rss_mb, 1) for name, p in procs.items()}


# ---------------------------------------------------------------------------------------------
# SQLite: the CLI path and the raw ceiling


def cli_round(folder: Path, n: int) -> dict[str, Any]:
    path = folder / "e2e.fcproj"
    start_at, events, prep_rss = prepare(str(path), folder, n)
    imported = fc("events", "import", path, events, "--json")
    enter = fc("run", path, "--clock", "virtual", "--until", start_at.isoformat(), "--sandbox", "--json")
    rest = fc("run", path, "--clock", "virtual", "--until", (start_at + timedelta(days=3)).isoformat(), "--sandbox",
              "--json")
    steps = int(enter.json()["steps"]) + int(rest.json()["steps"])
    tokens = int(enter.json()["tokens"]) + int(rest.json()["tokens"])
    wall = imported.seconds + enter.seconds + rest.seconds
    cpu = imported.cpu + enter.cpu + rest.cpu
    check = invariants_sqlite(path, n)
    return {
        "events_import_seconds": round(imported.seconds, 3), "enter_run_seconds": round(enter.seconds, 3),
        "rest_run_seconds": round(rest.seconds, 3), "steps": steps, "tokens": tokens,
        "cpu_seconds": {"events_import": round(imported.cpu, 3), "enter_run": round(enter.cpu, 3),
                        "rest_run": round(rest.cpu, 3), "cli_start": round(fc("flow", "validate", path.parent / "flow.json").cpu, 3)},
        "events_entered_per_second": round(n / enter.seconds, 1),
        "end_to_end_steps_per_second": round(steps / wall, 1),
        "end_to_end_steps_per_cpu_second": round(steps / cpu, 1),
        "events_entered_per_cpu_second": round(n / enter.cpu, 1),
        "run_steps_per_second": round(steps / (enter.seconds + rest.seconds), 1),
        "peak_rss_mb": round(max(*prep_rss.values(), imported.rss_mb, enter.rss_mb, rest.rss_mb), 1),
        "run_peak_rss_mb": round(max(enter.rss_mb, rest.rss_mb), 1),
        "rss_mb_by_command": {**prep_rss, "events_import": round(imported.rss_mb, 1),
                              "enter_run": round(enter.rss_mb, 1), "rest_run": round(rest.rss_mb, 1)},
        "invariants": check,
    }


def raw_round(folder: Path, n: int, steps: int, tokens: int) -> dict[str, Any]:
    """Plain sqlite3 on the project schema: N events in, entered in batches, ``tokens`` claims, ``steps`` log rows."""
    from runtime.storage.db import open_project
    from runtime.storage.models import Contact

    path = folder / "raw.fcproj"
    project = open_project(path, create=True)
    stamp = datetime(2026, 3, 2, 9, 0)
    with project.write() as session:  # the same contacts as the CLI imported, with the schema's defaults
        session.execute(Contact.__table__.insert(), [
            {"external_id": f"c{i}", "email": f"c{i}@example.com", "phone": f"+7916{i:07d}", "first_name": f"N{i}",
             "timezone": "UTC", "attributes": {}, "push_subscriptions": [], "created_at": stamp, "updated_at": stamp}
            for i in range(n)])
    project.close()
    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    ts = "2026-03-02 09:00:00.000000"
    con.execute("INSERT INTO flows (name, status, entry_enabled, draft, created_at, updated_at) "
                "VALUES ('raw', 'active', 1, '{}', ?, ?)", (ts, ts))
    per = steps / max(1, tokens)
    rounds = max(1, round(tokens / n))
    t0, c0 = time.perf_counter(), time.process_time()
    con.execute("BEGIN IMMEDIATE")
    counted(con, "events", lambda: con.executemany(
        "INSERT INTO events (contact_id, name, properties, occurred_at, recorded_at) VALUES (?, 'signup', "
        "'{\"source\": \"bench\"}', ?, ?)", [(cid, ts, ts) for cid in range(1, n + 1)]))
    con.execute("COMMIT")
    while True:  # entry: claim events, insert executions and first tokens, mark the events
        con.execute("BEGIN IMMEDIATE")
        rows = con.execute("SELECT id, contact_id FROM events WHERE processed_at IS NULL AND occurred_at <= ? "
                           "ORDER BY occurred_at, id LIMIT ?", (ts, RAW_ENTRY_BATCH)).fetchall()
        if not rows:
            con.execute("COMMIT")
            break
        before = con.execute("SELECT COALESCE(MAX(id), 0) FROM executions").fetchone()[0]
        counted(con, "executions", lambda: con.executemany(
            "INSERT INTO executions (flow_id, version_id, contact_id, status, entered_at, trigger_event_id) "
            "VALUES (1, 1, ?, 'active', ?, ?)", [(r[1], ts, r[0]) for r in rows]))
        con.execute("INSERT INTO tokens (execution_id, flow_id, step_id, state, due_at, visit) "
                    "SELECT id, flow_id, 'w1', 'ready', ?, 0 FROM executions WHERE id > ?", (ts, before))
        con.executemany("UPDATE events SET processed_at = ? WHERE id = ?", [(ts, r[0]) for r in rows])
        con.executemany("INSERT INTO counters (flow_id, step_id, name, value) VALUES (1, ?, ?, ?) ON CONFLICT "
                        "(flow_id, step_id, name) DO UPDATE SET value = counters.value + excluded.value",
                        [("", "entered", len(rows)), ("", "active", len(rows)), ("w1", "entered", len(rows))])
        con.execute("COMMIT")
    done = 0
    for round_no in range(rounds):  # the tick pattern: claim due tokens, move them, log the steps
        _logged, done = raw_ticks(con, flow_id=1, state="ready", due=f"2026-03-{2 + round_no:02d} 09:00:00.000000",
                                  next_due=f"2026-03-{3 + round_no:02d} 09:00:00.000000", batch=RAW_TOKEN_BATCH,
                                  per_token=per, done=done)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    logged = con.execute("SELECT COUNT(*) FROM step_log").fetchone()[0]
    con.close()
    return {"steps": logged, "seconds": round(elapsed, 3), "cpu_seconds": round(cpu, 3),
            "steps_per_second": round(logged / elapsed, 1), "steps_per_cpu_second": round(logged / cpu, 1)}


# ---------------------------------------------------------------------------------------------
# invariants


INVARIANT_SQL = {
    "unprocessed_events": "SELECT COUNT(*) FROM events WHERE processed_at IS NULL",
    "executions": "SELECT COUNT(*) FROM executions",
    "contacts_entered_twice": "SELECT COUNT(*) FROM (SELECT contact_id FROM executions GROUP BY contact_id "
                              "HAVING COUNT(*) > 1) AS x",
    "not_completed": "SELECT COUNT(*) FROM executions WHERE status <> 'completed'",
    "steps_logged_twice": "SELECT COUNT(*) FROM (SELECT execution_id, step_id, visit, outcome = 'waiting' FROM step_log "
                          "GROUP BY execution_id, step_id, visit, outcome = 'waiting' HAVING COUNT(*) > 1) AS x",
    "outbox_keys_twice": "SELECT COUNT(*) FROM (SELECT idempotency_key FROM outbox GROUP BY idempotency_key "
                         "HAVING COUNT(*) > 1) AS x",
}


def counters_equal_recount(target: str | Path) -> bool:
    """Every flow's stored counters equal a recount from the rows, edge counters (``p:<port>``) included."""
    from sqlalchemy import select

    from runtime.storage.db import open_project
    from runtime.storage.models import FlowRow
    from tests.runtime.engine_core_helpers import recount_counters, stored_counters

    project = open_project(target)
    try:
        with project.session() as s:
            return all(stored_counters(s, fid) == recount_counters(s, fid)
                       for fid in s.execute(select(FlowRow.id)).scalars())
    finally:
        project.close()


def _check(fetch: Any, n: int, target: str | Path) -> dict[str, Any]:
    found: dict[str, Any] = {key: int(fetch(sql)[0][0]) for key, sql in INVARIANT_SQL.items()}
    found["counters_equal_recount"] = counters_equal_recount(target)
    found["ok"] = (found["counters_equal_recount"] and found["executions"] == n and not any(
        found[k] for k in ("unprocessed_events", "contacts_entered_twice", "not_completed", "steps_logged_twice",
                           "outbox_keys_twice")))
    return found


def invariants_sqlite(path: Path, n: int) -> dict[str, Any]:
    con = sqlite3.connect(str(path))
    try:
        return _check(lambda sql: con.execute(sql).fetchall(), n, path)
    finally:
        con.close()


def invariants_pg(url: str, n: int) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return _check(lambda sql: conn.execute(sql).fetchall(), n, url)


# ---------------------------------------------------------------------------------------------
# PostgreSQL: the same path with several run processes


def pg_round(server: Any, folder: Path, n: int, workers: int, tag: str) -> dict[str, Any]:
    url = server.create_database(f"bench_{tag}_{workers}")
    start_at, events, _rss = prepare(url, folder, n)
    imported = fc("events", "import", url, events, "--json")
    until = (start_at + timedelta(days=3)).isoformat()
    t0 = time.perf_counter()
    running = [start("run", url, "--clock", "virtual", "--until", until, "--sandbox", "--json") for _ in range(workers)]
    done = [finish(p) for p in running]
    wall = time.perf_counter() - t0
    per_worker = [int(p.json()["steps"]) for p in done]
    check = invariants_pg(url, n)
    return {"workers": workers, "events_import_seconds": round(imported.seconds, 3), "run_seconds": round(wall, 3),
            "steps": sum(per_worker), "steps_by_worker": per_worker,
            "inbound_by_worker": [int(p.json()["inbound"]) for p in done],
            "run_steps_per_second": round(sum(per_worker) / wall, 1),
            "steps_per_second_per_worker": round(sum(per_worker) / wall / workers, 1),
            "peak_rss_mb": round(max(p.rss_mb for p in done), 1), "invariants": check}


# ---------------------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--postgres", action="store_true", help="also run the path on PostgreSQL with several workers")
    parser.add_argument("--workers", default="1,2,4", help="worker counts for --postgres (default 1,2,4)")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw-SQLite ceiling")
    args = parser.parse_args()
    if not FLOWCANVAS.exists():
        raise SystemExit(f"{FLOWCANVAS} not found: run `make venv` first")
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    server = None
    if args.postgres:
        from tests.runtime.pg_cluster import start_cluster

        server = start_cluster()
    rounds: list[dict[str, Any]] = []
    try:
        for round_no in range(max(1, args.repeat)):
            with tempfile.TemporaryDirectory(prefix="fc-e2e-") as tmp:
                base = Path(tmp)
                for sub in ("cli", "raw", *(f"pg{w}" for w in worker_counts)):
                    (base / sub).mkdir()
                entry: dict[str, Any] = {"load_average_before": os.getloadavg()}
                cli = cli_round(base / "cli", args.contacts)
                entry["cli"] = cli
                if not args.no_raw:
                    # right after the CLI path (it needs the engine's step and token counts), same machine state
                    raw = raw_round(base / "raw", args.contacts, cli["steps"], cli["tokens"])
                    entry["raw"] = raw
                    entry["ratio"] = cli["end_to_end_steps_per_second"] / raw["steps_per_second"]
                    entry["ratio_cpu"] = cli["end_to_end_steps_per_cpu_second"] / raw["steps_per_cpu_second"]
                if server is not None:
                    entry["postgres"] = [pg_round(server, base / f"pg{w}", args.contacts, w, f"r{round_no}")
                                         for w in worker_counts]
                entry["load_average_after"] = os.getloadavg()
                rounds.append(entry)
                print(json.dumps({"round": round_no, **entry}), file=sys.stderr)
    finally:
        if server is not None:
            server.stop()
    median: dict[str, Any] = {
        key: _median([r["cli"][key] for r in rounds])
        for key in ("end_to_end_steps_per_second", "end_to_end_steps_per_cpu_second", "run_steps_per_second",
                    "events_entered_per_second", "events_entered_per_cpu_second", "peak_rss_mb",
                    "run_peak_rss_mb", "events_import_seconds", "enter_run_seconds", "rest_run_seconds")
    }
    median["invariants_ok"] = all(r["cli"]["invariants"]["ok"] for r in rounds)
    if not args.no_raw:
        median["raw_steps_per_second"] = _median([r["raw"]["steps_per_second"] for r in rounds])
        median["raw_steps_per_cpu_second"] = _median([r["raw"]["steps_per_cpu_second"] for r in rounds])
        median["ratio"] = _median([r["ratio"] for r in rounds])
        median["ratio_cpu"] = _median([r["ratio_cpu"] for r in rounds])
    if server is not None:
        pg: dict[str, Any] = {}
        for i, w in enumerate(worker_counts):
            per = [r["postgres"][i] for r in rounds]
            pg[str(w)] = {
                "run_steps_per_second": _median([p["run_steps_per_second"] for p in per]),
                "steps_per_second_per_worker": _median([p["steps_per_second_per_worker"] for p in per]),
                "speedup_vs_first": _median([p["run_steps_per_second"] / r["postgres"][0]["run_steps_per_second"]
                                             for p, r in zip(per, rounds)]),
                "vs_sqlite_run": _median([p["run_steps_per_second"] / r["cli"]["run_steps_per_second"]
                                          for p, r in zip(per, rounds)]),
                "invariants_ok": all(p["invariants"]["ok"] for p in per),
            }
        median["postgres"] = pg
    print(json.dumps({"contacts": args.contacts, "rounds": len(rounds), "cpus": os.cpu_count(), "median": median,
                      "runs": rounds}, indent=2))


if __name__ == "__main__":
    main()
