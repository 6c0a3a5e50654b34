"""``GET /v1/health``: whether this server and the project's runtime are well, for probes and people.

The answer (no token needed; it names no contact)::

    {"ok": true, "now": "...",
     "engine": {"state": "running",  # or starting, paused, fast_forward, stopped, lost
                "last_tick": "...", "seconds_since_tick": 0.4, "totals": {...},
                "errors": 0, "last_error": null} | null,
     "lease": {"holder": "`flowcanvas serve`", "host": "...", "pid": 7, ...} | {"shared": true} | null,
     "backlog": {"due_positions": 0, "events": 3, "outbox": 12}}

``engine`` is the runner beside this server (null with ``--no-engine``); ``lease`` who runs the
SQLite project (``shared`` on PostgreSQL, where workers share the work; null: nobody);
``backlog`` what is due and not done yet: contact positions due now, events not yet taken in,
messages waiting for the dispatcher. The status is 503 with ``ok: false`` when the runner beside
the server has stopped or lost the project, or has not ticked for :data:`STALE_AFTER`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from runtime.clock import Clock, ensure_utc
from runtime.flow.states import LIVE_TOKEN_STATES
from runtime.storage.db import Project
from runtime.storage.models import Event, Outbox, Token

#: a running engine that has not ticked for this long is reported unwell
STALE_AFTER = timedelta(minutes=2)
#: outbox statuses the dispatcher still has to work on
PENDING_OUTBOX = ("queued", "held")

#: what the server asks the runner beside it: a RunnerStatus-like object (state, last_tick, ...)
StatusSource = Callable[[], Any]


def backlog(project: Project, now: datetime) -> dict[str, int]:
    """Due positions, untaken events and pending messages at ``now`` (three counts, indexed)."""
    with project.session() as session:
        due = session.scalar(select(func.count()).select_from(Token)
                             .where(Token.state.in_(LIVE_TOKEN_STATES), Token.due_at <= now)) or 0
        events = session.scalar(select(func.count()).select_from(Event)
                                .where(Event.processed_at.is_(None), Event.occurred_at <= now)) or 0
        outbox = session.scalar(select(func.count()).select_from(Outbox)
                                .where(Outbox.status.in_(PENDING_OUTBOX))) or 0
    return {"due_positions": int(due), "events": int(events), "outbox": int(outbox)}


def lease_state(project: Project, clock: Clock) -> dict[str, Any] | None:
    """Who holds the project's runner lease (``{"shared": true}`` on PostgreSQL, None: nobody)."""
    from runtime.engine.lease import current_holder

    if project.dialect != "sqlite":
        return {"shared": True}
    holder = current_holder(project, clock)
    return holder.to_json() if holder is not None else None


def engine_state(status: Any, wall_now: datetime) -> dict[str, Any]:
    """The runner's status as the health answer shows it."""
    last = status.last_tick
    since = (ensure_utc(wall_now) - datetime.fromisoformat(last)).total_seconds() if last else None
    errors = tuple(status.errors)
    return {"state": status.state, "sandbox": status.sandbox, "virtual": status.virtual, "now": status.now,
            "last_tick": last, "seconds_since_tick": None if since is None else round(since, 1),
            "totals": dict(status.totals), "errors": len(errors),
            "last_error": None if not errors else {"at": errors[-1].at, "job": errors[-1].job,
                                                    "message": errors[-1].message}}


def healthy(engine: dict[str, Any] | None) -> bool:
    """False when the engine beside the server stopped, lost the project or stopped ticking."""
    if engine is None:
        return True
    if engine["state"] == "lost" or (engine["state"] == "stopped" and engine["last_tick"] is not None):
        return False  # (stopped before its first tick: still starting)
    since = engine["seconds_since_tick"]
    return engine["state"] == "paused" or since is None or since <= STALE_AFTER.total_seconds()


class WallClock:
    """The server's wall clock (unix seconds from the injected ``wall`` callable) as a Clock."""

    def __init__(self, wall: Callable[[], float]) -> None:
        self.wall = wall

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.wall(), UTC)


async def health_report(project: Project, clock: Clock, wall: Clock, status: StatusSource | None) -> dict[str, Any]:
    """The health answer (database reads on a worker thread: the loop keeps serving)."""
    now = ensure_utc(clock.now())
    loop = asyncio.get_running_loop()
    counts, lease = await asyncio.gather(loop.run_in_executor(None, backlog, project, now),
                                         loop.run_in_executor(None, lease_state, project, wall))
    engine = engine_state(status(), wall.now()) if status is not None else None
    return {"ok": healthy(engine), "now": now.isoformat(), "engine": engine, "lease": lease, "backlog": counts}
