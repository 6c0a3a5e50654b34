"""Outbox drain benchmark: the dispatcher against a local HTTP provider that answers after 50 ms.

Run: ``.venv/bin/python bench/bench_outbox.py [--messages 3000] [--rate 1000] [--concurrency 64] [--repeat 3]``

Each run creates a fresh SQLite project with ``--messages`` queued webhook rows (one contact
each), starts a minimal asyncio HTTP/1.1 server on 127.0.0.1 in a child process (keep-alive,
every answer delayed by ``--latency-ms``), and times ``Dispatcher.run_once()`` until every row
is sent. The server stamps each request's arrival, so the bench reports the highest number of
requests seen in any sliding one-second window and checks it never exceeds the configured rate.
``--channel telegram`` sends through the Telegram adapter instead (Bot API paths on the local
server; use a rate of 30 and fewer messages).

Prints one JSON object: per-run figures and the median drain rate. Target: >= 500 messages/s.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import statistics
import sys
import multiprocessing
import os
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

from runtime.channels.dispatcher import Dispatcher  # noqa: E402
from runtime.channels.http import delivery_client  # noqa: E402
from runtime.channels.telegram import TelegramAdapter, TelegramBot  # noqa: E402
from runtime.channels.webhook import WebhookAdapter  # noqa: E402
from runtime.clock import VirtualClock  # noqa: E402
from runtime.storage.db import open_project  # noqa: E402
from runtime.storage.models import Contact, Outbox  # noqa: E402

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


class SlowHttpServer:
    """A minimal HTTP/1.1 server (keep-alive) in a child process that answers every request after
    ``latency`` seconds (a process of its own, so it does not compete with the dispatcher for the GIL)."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.arrivals: list[float] = []
        self.port = 0

    def __enter__(self) -> SlowHttpServer:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, self.latency), daemon=True)
        self._process.start()
        self.port = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self.arrivals = self._conn.recv()
        self._process.join(timeout=10)

    def max_per_second(self) -> int:
        """The most requests that arrived within any one-second window."""
        times = sorted(self.arrivals)
        best = 0
        for i, t in enumerate(times):
            best = max(best, bisect.bisect_left(times, t + 1.0) - i)
        return best


def _serve(conn, latency: float) -> None:  # noqa: ANN001 - a multiprocessing pipe end
    arrivals: list[float] = []

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                arrivals.append(time.monotonic())
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await reader.readexactly(length)
                await asyncio.sleep(latency)
                body = b'{"ok":true,"result":{"message_id":1}}'
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def serve() -> None:
        server = await asyncio.start_server(client, "127.0.0.1", 0, backlog=1024)
        conn.send(server.sockets[0].getsockname()[1])
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # wait for "stop"
        server.close()

    asyncio.run(serve())
    conn.send(arrivals)


def seed(project, messages: int, channel: str, base: str) -> None:
    with project.write() as s:
        s.execute(insert(Contact), [
            {"external_id": f"c{i}", "telegram_chat_id": str(10_000 + i), "timezone": "UTC", "attributes": {},
             "push_subscriptions": [], "created_at": NOW, "updated_at": NOW} for i in range(messages)
        ])
        ids = list(s.scalars(select(Contact.id).order_by(Contact.id)))
        s.execute(insert(Outbox), [
            {"contact_id": cid, "channel": channel, "idempotency_key": f"{i}:bench:0", "status": "queued",
             "attempts": 0, "created_at": NOW,
             "content": {"url": f"{base}/hook", "body": '{"n": %d}' % i} if channel == "webhook" else {"text": f"n{i}"}}
            for i, cid in enumerate(ids)
        ])


def one_run(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory() as tmp, SlowHttpServer(args.latency_ms / 1000) as server:
        project = open_project(Path(tmp) / "bench.fcproj", create=True)
        base = f"http://127.0.0.1:{server.port}"
        seed(project, args.messages, args.channel, base)

        async def drain() -> tuple[float, dict]:
            async with delivery_client(args.concurrency) as client:
                if args.channel == "webhook":
                    adapter = WebhookAdapter(client, secret="bench-secret")
                else:
                    adapter = TelegramAdapter(TelegramBot(client, "1:BENCH", base))
                per_chat = 1.0 if args.channel == "telegram" else None
                dispatcher = Dispatcher(project, VirtualClock(NOW), {args.channel: adapter}, sandbox=False,
                                        concurrency=args.concurrency, batch=args.batch,
                                        rate_limits={args.channel: (args.rate, per_chat)})
                start, cpu_start = time.perf_counter(), time.process_time()
                report = await dispatcher.run_once()
                cpu[0] = time.process_time() - cpu_start
                return time.perf_counter() - start, report.to_json()

        cpu = [0.0]
        seconds, report = asyncio.run(drain())
        with project.session() as s:
            sent = s.scalar(select(func.count()).where(Outbox.status == "sent"))
        project.close()
    observed = server.max_per_second()  # the server's arrival log is collected when it stops
    return {
        "messages": args.messages,
        "sent": sent,
        "seconds": round(seconds, 3),
        "messages_per_second": round(sent / seconds, 1),
        # CPU of this process (event loop + database thread; the provider runs in another process):
        # what the drain rate would be with one idle core to itself
        "process_cpu_seconds": round(cpu[0], 3),
        "messages_per_cpu_second": round(sent / cpu[0], 1) if cpu[0] else None,
        "max_observed_per_second": observed,
        "rate_limit_per_second": args.rate,
        "rate_limit_respected": observed <= args.rate,
        "failed": report["failed"],
        "retried": report["retry"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=1000.0, help="configured channel rate limit (messages/s)")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--channel", choices=("webhook", "telegram"), default="webhook")
    args = parser.parse_args()
    runs = [one_run(args) for _ in range(args.repeat)]
    rates = [r["messages_per_second"] for r in runs]
    print(json.dumps({
        "bench": "outbox_drain",
        "channel": args.channel,
        "provider_latency_ms": args.latency_ms,
        "concurrency": args.concurrency,
        "median_messages_per_second": round(statistics.median(rates), 1),
        "median_messages_per_cpu_second": round(statistics.median(r["messages_per_cpu_second"] for r in runs), 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "max_observed_per_second": max(r["max_observed_per_second"] for r in runs),
        "rate_limit_per_second": args.rate,
        "rate_limit_respected": all(r["rate_limit_respected"] for r in runs),
        "target_messages_per_second": 500,
        "runs": runs,
    }, indent=2))


if __name__ == "__main__":
    main()
