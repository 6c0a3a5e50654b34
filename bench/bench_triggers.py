"""Trigger throughput: how fast the tick's trigger pass turns arrivals into entries.

Prints one JSON document (seconds, and rates per second):

- ``events``: N ``signup`` events for N contacts, handled by ``process_inbound`` (goal checks,
  wait wake-ups and an event trigger with a filter) in batches of 5,000, each its own transaction;
- ``tags``: N ``tag_log`` additions read by a ``tag_added`` trigger;
- ``segment_once``: a segment trigger (``tag vip`` and ``purchase`` in the last 30 days)
  evaluated over all N contacts and entering the matching third;
- ``date_scan``: the first pass of a birthday trigger over N contacts (moments for the next week).

Usage: ``.venv/bin/python bench/bench_triggers.py [--contacts 20000]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from runtime.clock import UTC, VirtualClock  # noqa: E402
from runtime.engine.triggers import process_inbound  # noqa: E402
from runtime.flow.io import dumps_flow, flow_from_dict  # noqa: E402
from runtime.storage.db import Project, open_project  # noqa: E402
from runtime.storage.models import Contact, ContactTag, Event, FlowRow, FlowVersion, Tag, TagLog  # noqa: E402

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STEPS = [{"id": "hold", "type": "wait", "config": {"duration": "P30D"}}]


def _flow(project: Project, name: str, trigger: dict) -> None:
    doc = {"format": "flowcanvas/1", "name": name, "trigger": trigger, "entry": {"repeat": "always"},
           "goal": {"event": "purchase"}, "steps": STEPS, "edges": []}
    text = dumps_flow(flow_from_dict(doc))
    with project.write() as s:
        row = FlowRow(name=name, status="active", entry_enabled=True, draft=text, created_at=START, updated_at=START,
                      activated_at=START)
        s.add(row)
        s.flush()
        version = FlowVersion(flow_id=row.id, version=1, definition=text, published_at=START)
        s.add(version)
        s.flush()
        row.current_version_id = version.id


def _contacts(project: Project, n: int) -> None:
    rows = [{"external_id": f"c{i}", "timezone": ("UTC", "Europe/Berlin", "Asia/Tokyo")[i % 3],
             "birthday": f"1990-03-{1 + i % 28:02d}", "attributes": {}, "push_subscriptions": [],
             "email_status": "subscribed", "sms_status": "subscribed", "telegram_status": "subscribed",
             "whatsapp_status": "subscribed", "push_status": "subscribed", "created_at": START, "updated_at": START}
            for i in range(n)]
    with project.write() as s:
        s.execute(insert(Contact), rows)


def _drain(project: Project, clock: VirtualClock) -> float:
    began = time.perf_counter()
    while True:
        with project.write() as s:
            if process_inbound(s, clock) < 5000:
                break
    return time.perf_counter() - began


def run(n: int) -> dict:
    out: dict = {"contacts": n}
    with tempfile.TemporaryDirectory() as tmp:
        project = open_project(Path(tmp) / "bench.fcproj", create=True)
        clock = VirtualClock(START)
        _contacts(project, n)
        _drain(project, clock)  # nothing active yet: sets the cursors
        _flow(project, "signup", {"type": "event", "event": "signup",
                                  "filter": {"field": "plan", "op": "in", "value": ["free", "pro"]}})
        with project.write() as s:
            s.execute(insert(Event), [{"contact_id": i + 1, "name": "signup", "properties": {"plan": "pro"},
                                       "occurred_at": START, "recorded_at": START} for i in range(n)])
        seconds = _drain(project, clock)
        out["events"] = {"seconds": round(seconds, 3), "per_second": round(n / seconds)}

        _flow(project, "vip", {"type": "tag_added", "tag": "vip"})
        with project.write() as s:
            s.execute(insert(Tag), [{"name": "vip"}])
            s.execute(insert(ContactTag), [{"contact_id": i + 1, "tag_id": 1, "added_at": START}
                                           for i in range(0, n, 3)])
            s.execute(insert(TagLog), [{"contact_id": i + 1, "tag": "vip", "action": "add", "at": START, "by": "bench"}
                                       for i in range(n)])
        seconds = _drain(project, clock)
        out["tags"] = {"seconds": round(seconds, 3), "per_second": round(n / seconds)}

        with project.write() as s:
            s.execute(insert(Event), [{"contact_id": i + 1, "name": "purchase", "properties": {},
                                       "occurred_at": START - timedelta(days=3), "recorded_at": START,
                                       "processed_at": START} for i in range(0, n, 2)])
        _flow(project, "segment", {"type": "segment", "mode": "once", "condition": {
            "all": [{"tag": "vip"}, {"event": "purchase", "since": "P30D", "op": ">=", "count": 1}]}})
        seconds = _drain(project, clock)
        out["segment_once"] = {"seconds": round(seconds, 3), "contacts_per_second": round(n / seconds)}

        _flow(project, "birthday", {"type": "date", "field": "birthday", "time": "09:00"})
        seconds = _drain(project, clock)
        out["date_scan"] = {"seconds": round(seconds, 3), "contacts_per_second": round(n / seconds)}
        project.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=20000)
    args = parser.parse_args()
    print(json.dumps(run(args.contacts), indent=2))


if __name__ == "__main__":
    main()
