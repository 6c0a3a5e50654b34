"""Inbound API benchmark: events accepted per second by ``flowcanvas serve`` on one core.

Run: ``.venv/bin/python bench/bench_inbound.py [--events 100000] [--batch 100] [--concurrency 8]
[--seconds 60] [--repeat 3]``

Each round creates a fresh SQLite project with ``--contacts`` contacts and an API token, starts
``flowcanvas serve PROJECT --no-engine`` as a child process pinned to one CPU (the path a user
runs, bound to 127.0.0.1), waits for ``/v1/health``, and sends ``POST /v1/events`` from this
process: ``--events`` events in batches of ``--batch`` from ``--concurrency`` keep-alive
connections, stopping early after ``--seconds``. Every answer must be 202; the bench then counts
the events in the project to check none was lost. It reports events per second (accepted events
over wall time from the first request to the last answer), and the latency of requests (p50, p99).
A second phase sends single events (``--single`` of them, batch of 1) for the per-request rate
and latency without client batching. Load goes to 127.0.0.1 only and is bounded in count and time.

Prints one JSON object: per-round figures and medians. Target: >= 2,000 events/s with batching.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from runtime.clock import VirtualClock  # noqa: E402
from runtime.inbound.tokens import create_token  # noqa: E402
from runtime.storage.db import open_project  # noqa: E402
from runtime.storage.models import Contact, Event  # noqa: E402

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_project(path: Path, contacts: int) -> str:
    project = open_project(path, create=True)
    try:
        with project.write() as session:
            session.execute(insert(Contact), [
                {"external_id": f"c{i}", "email": f"c{i}@mailbox.org", "timezone": "UTC", "attributes": {},
                 "push_subscriptions": [], "email_status": "subscribed", "sms_status": "subscribed",
                 "telegram_status": "subscribed", "whatsapp_status": "subscribed", "push_status": "subscribed",
                 "created_at": NOW, "updated_at": NOW} for i in range(contacts)])
            token, _ = create_token(session, "bench", VirtualClock(NOW))
    finally:
        project.close()
    return token


def start_server(path: Path, port: int, cpu: int) -> subprocess.Popen[bytes]:
    def pin() -> None:
        os.sched_setaffinity(0, {cpu})

    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "serve", str(path), "--port", str(port), "--no-engine",
         "--rate", "100000", "--burst", "100000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=pin,
    )


async def wait_ready(base: str, deadline: float) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get("/v1/health")).status_code == 200:
                    return
            except httpx.TransportError:
                await asyncio.sleep(0.1)  # the child is still starting: polling its port, not synchronising a test
    raise RuntimeError("the server did not start")


async def load(base: str, token: str, events: int, batch: int, concurrency: int, seconds: float,
               contacts: int) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    requests = (events + batch - 1) // batch
    bodies = []
    for r in range(min(requests, 64)):  # a few distinct bodies, prepared before the clock starts
        items = [{"contact": f"c{(r * batch + i) % contacts}", "name": "page_view", "props": {"url": f"/p/{i}"}}
                 for i in range(batch)]
        bodies.append(json.dumps({"events": items} if batch > 1 else items[0]).encode())
    latencies: list[float] = []
    accepted = 0
    next_request = 0
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as client:
        async def worker() -> None:
            nonlocal next_request, accepted
            while next_request < requests and time.monotonic() < stop_at:
                index = next_request
                next_request += 1
                body = bodies[index % len(bodies)]
                started = time.perf_counter()
                response = await client.post("/v1/events", content=body)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 202:
                    raise RuntimeError(f"answer {response.status_code}: {response.text[:200]}")
                accepted += response.json()["accepted"]

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - began
    latencies.sort()
    return {
        "events": accepted, "requests": len(latencies), "seconds": round(wall, 3),
        "events_per_second": round(accepted / wall, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 2),
    }


def one_round(args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.fcproj"
        token = make_project(path, args.contacts)
        port = free_port()
        server = start_server(path, port, args.cpu)
        base = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(wait_ready(base, time.monotonic() + 30))
            batched = asyncio.run(load(base, token, args.events, args.batch, args.concurrency, args.seconds,
                                       args.contacts))
            single = asyncio.run(load(base, token, args.single, 1, args.concurrency, args.seconds, args.contacts))
        finally:
            server.terminate()
            server.wait(timeout=30)
        project = open_project(path)
        try:
            with project.session() as session:
                stored = session.scalar(select(func.count()).select_from(Event))
        finally:
            project.close()
        if stored != batched["events"] + single["events"]:
            raise RuntimeError(f"{stored} events stored, {batched['events'] + single['events']} accepted")
        return {"batched": batched, "single": single, "stored": stored}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the batched phase")
    parser.add_argument("--batch", type=int, default=100, help="events per request in the batched phase")
    parser.add_argument("--single", type=int, default=5_000, help="single-event requests in the second phase")
    parser.add_argument("--concurrency", type=int, default=8, help="connections sending at once")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit of each phase")
    parser.add_argument("--cpu", type=int, default=0, help="the one CPU the server runs on")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rounds = [one_round(args) for _ in range(args.repeat)]

    def median(phase: str, key: str) -> float:
        return statistics.median(r[phase][key] for r in rounds)  # type: ignore[index]

    print(json.dumps({
        "benchmark": "inbound_events",
        "server": "flowcanvas serve --no-engine, one CPU, 127.0.0.1",
        "batch": args.batch, "concurrency": args.concurrency,
        "rounds": rounds,
        "median_events_per_second_batched": median("batched", "events_per_second"),
        "median_p99_ms_batched": median("batched", "p99_ms"),
        "median_events_per_second_single": median("single", "events_per_second"),
        "median_p99_ms_single": median("single", "p99_ms"),
        "target_events_per_second": 2000,
    }, indent=2))


if __name__ == "__main__":
    main()
