"""Benchmark: import a 100,000-row contacts CSV into a fresh project file.

Generates a realistic CSV (Russian/Chinese/English names, emails, phones in E.164 and in
national formats, tags, a few attribute columns) in a temporary directory, then imports it in
a child process (so peak RSS is the import's own) into a new project file. Prints one JSON
document: rows, seconds (median of the runs), rows_per_second, peak_rss_mb and details.

    .venv/bin/python bench/bench_import_contacts.py [--rows 100000] [--repeat 3]

Target: under 10 s for 100,000 rows on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TAGS = ["newsletter", "customer", "lead", "vip", "b2b", "sale_interest", "telegram", "wholesale"]
PLANS = ["free", "basic", "pro"]


def _phone(rng: random.Random, locale: str) -> str:
    """A mobile number; a quarter are written the way people type them, not in E.164."""
    if locale == "ru":
        digits = f"9{rng.randint(0, 99):02d}{rng.randint(0, 9999999):07d}"
        if rng.random() < 0.25:
            return f"8 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
        return f"+7{digits}"
    if locale == "zh":
        digits = f"1{rng.choice(['30', '31', '35', '36', '38', '39', '86', '88'])}{rng.randint(0, 99999999):08d}"
        if rng.random() < 0.25:
            return f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"
        return f"+86{digits}"
    digits = f"{rng.choice(['212', '415', '646', '312'])}{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"
    if rng.random() < 0.25:
        return f"+1 ({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return f"+1{digits}"


def generate_csv(path: Path, rows: int, seed: int = 1) -> None:
    """Write the benchmark CSV: id,email,phone,first_name,last_name,timezone,birthday,tags,city,total_orders,plan."""
    from runtime.contacts import demo

    rng = random.Random(seed)
    cities = {"ru": demo.RU_CITIES, "zh": demo.CN_CITIES, "en": demo.EN_CITIES}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "email", "phone", "first_name", "last_name", "timezone", "birthday", "tags",
                         "city", "total_orders", "plan"])
        for number in range(rows):
            person = demo._person(rng)
            city, zone, _ = demo._weighted(rng, cities[person.locale])
            domain = rng.choice(demo.DOMAINS[person.locale])
            email = f"{person.latin}{number}@{domain}"
            if rng.random() < 0.1:
                email = email.title()  # mixed case: the validator's slow path
            tags = ";".join(rng.sample(TAGS, rng.randint(0, 3)))
            birthday = f"{rng.randint(1960, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            writer.writerow([
                f"u{number:07d}", email, _phone(rng, person.locale), person.first, person.last, zone,
                birthday if rng.random() < 0.8 else "", tags, city, rng.randint(0, 40), rng.choice(PLANS),
            ])


def child(csv_path: str, project_path: str) -> None:
    """Run one import in this process and print its figures as JSON."""
    from datetime import datetime

    from runtime.clock import UTC, VirtualClock
    from runtime.contacts.importer import import_contacts_csv
    from runtime.storage.db import open_project

    started = time.perf_counter()
    project = open_project(project_path, create=True)
    opened = time.perf_counter()
    cpu_before = time.process_time()
    result = import_contacts_csv(project, csv_path, VirtualClock(datetime(2026, 11, 22, tzinfo=UTC)), "RU")
    finished = time.perf_counter()
    cpu = time.process_time() - cpu_before
    project.close()
    print(json.dumps({
        "open_seconds": round(opened - started, 3),
        "seconds": round(finished - opened, 3),
        "cpu_seconds": round(cpu, 3),
        "created": result.created,
        "rejected": len(result.errors),
        "first_rejected": [e.to_json() for e in result.errors[:3]],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="imports to run (the median is reported)")
    parser.add_argument("--child", nargs=2, metavar=("CSV", "PROJECT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="fc-bench-") as tmp:
        csv_path = Path(tmp) / "contacts.csv"
        started = time.perf_counter()
        generate_csv(csv_path, args.rows)
        generate_seconds = time.perf_counter() - started
        runs = []
        for run in range(args.repeat):
            project = Path(tmp) / f"bench-{run}.fcproj"
            output = subprocess.run(
                [sys.executable, __file__, "--child", str(csv_path), str(project)],
                check=True, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
            ).stdout
            runs.append(json.loads(output))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{project}{suffix}").unlink(missing_ok=True)
        seconds = statistics.median(run["seconds"] for run in runs)
        print(json.dumps({
            "benchmark": "import_contacts_csv",
            "rows": args.rows,
            "seconds": seconds,
            "rows_per_second": round(args.rows / seconds),
            "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
            "runs_seconds": [run["seconds"] for run in runs],
            "cpu_seconds": statistics.median(run["cpu_seconds"] for run in runs),
            "runs_cpu_seconds": [run["cpu_seconds"] for run in runs],
            "open_project_seconds": statistics.median(run["open_seconds"] for run in runs),
            "created": runs[0]["created"],
            "rejected": runs[0]["rejected"],
            "first_rejected": runs[0]["first_rejected"],
            "csv_mb": round(csv_path.stat().st_size / 2**20, 1),
            "generate_seconds": round(generate_seconds, 2),
            "cpus": os.cpu_count(),
            "load_average_1m": round(os.getloadavg()[0], 2),  # other work on the machine inflates "seconds"
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
        }, indent=2))


if __name__ == "__main__":
    main()
