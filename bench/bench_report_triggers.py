"""What the report aggregates cost the engine: ``bench_engine``'s run with and without them.

Each round builds ``bench_engine``'s project twice (``--contacts`` contacts entering its flow of
waits, conditions, tags and sandbox sends), drops the report triggers in one copy (and, for that
run, the set-wise counts the engine's batches do instead of the triggers on SQLite, see
``runtime.storage.report_batch``), and runs both to done; rounds alternate which goes first. Prints contact-steps per CPU second (CPU time, so
other load on the machine matters less) for both, and their ratio per round and in the median.

Usage: ``.venv/bin/python bench/bench_report_triggers.py [--contacts 20000] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import START, setup  # noqa: E402

from runtime.clock import VirtualClock  # noqa: E402
from runtime.engine.executions import enter_contacts_bulk  # noqa: E402
from runtime.engine.runner import Runtime  # noqa: E402
from runtime.storage import report_aggregates as aggregates  # noqa: E402
from runtime.storage import report_batch  # noqa: E402
from runtime.storage.models import FlowRow  # noqa: E402


def run(path: Path, n: int, triggers: bool) -> float:
    """Contact-steps per CPU second of one run to done."""
    project, flow_id, ids = setup(path, n)
    if not triggers:
        with project.write() as s:
            aggregates.drop(s.connection())
    counts = report_batch._count_sql
    if not triggers:
        report_batch._count_sql = lambda _dialect, _table: ()  # type: ignore[assignment]
    clock = VirtualClock(START)
    with project.write() as s:
        enter_contacts_bulk(s, s.get(FlowRow, flow_id), ids, clock)
    runtime = Runtime(project, clock, sandbox=True, batch_size=500)
    runtime.tick()
    c0 = time.process_time()
    result = runtime.run_until(START + timedelta(days=2), save=False)
    cpu = time.process_time() - c0
    report_batch._count_sql = counts  # type: ignore[assignment]
    project.close()
    return result.steps / cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            order = (True, False) if r % 2 == 0 else (False, True)
            got = {}
            for on in order:
                got[on] = run(Path(tmp) / f"r{r}-{'on' if on else 'off'}.fcproj", args.contacts, on)
            rounds.append({"with_triggers": round(got[True]), "without": round(got[False]),
                           "ratio": round(got[True] / got[False], 3)})
    print(json.dumps({
        "benchmark": "report triggers in the engine", "contacts": args.contacts, "rounds": rounds,
        "median_with_triggers_steps_per_cpu_s": round(statistics.median(r["with_triggers"] for r in rounds)),
        "median_without_steps_per_cpu_s": round(statistics.median(r["without"] for r in rounds)),
        "median_ratio": round(statistics.median(r["ratio"] for r in rounds), 3),
    }, indent=2))


if __name__ == "__main__":
    main()
