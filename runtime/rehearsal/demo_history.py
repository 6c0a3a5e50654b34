"""Weeks of history for a new demo project, made by really running its flows.

A demo project that opens with every count at zero looks dead. :func:`build_history` gives it
the past a shop would have: starting ``days`` before the end, hour by hour on a virtual clock, the
demo customers visit, fill carts, buy, write on Telegram, sign up and unsubscribe (the same
behaviour as the living demo, :func:`runtime.contacts.live_demo.pulse`, only sparser), recipients
open and click the sandbox emails, answer the Telegram bot and review their orders, and the engine
ticks after every :data:`STEP` of virtual time. Counts, step logs, goal exits, notes for the team and stuck contacts are
therefore the engine's own, not painted on.

Everything is drawn from ``random.Random(seed)`` and the virtual clock: the same seed and end time
give the same project.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import VirtualClock, ensure_utc
from runtime.contacts import live_demo
from runtime.contacts.events import record_event
from runtime.engine.runner import Runtime
from runtime.rehearsal.virtual_run import VirtualDispatch
from runtime.storage.db import Project
from runtime.storage.models import Contact, Outbox
from runtime.storage.settings import get_setting, set_setting

DEFAULT_DAYS = 21
#: The engine ticks once per step of virtual time: waits end up to a step late, which history
#: cannot tell, and three weeks take 168 ticks (a few seconds) instead of 504.
STEP = timedelta(hours=3)
#: Behaviour draws per busy step (about 60 % of them do something): a small shop's pace.
DRAWS_PER_STEP = 9
#: Steps starting in these UTC hours are busy (daytime in Moscow, the demo's default zone).
BUSY_HOURS_UTC = range(5, 20)

Progress = Callable[[int, int], None]


def build_history(project: Project, end: datetime, days: int = DEFAULT_DAYS, seed: int = 5,
                  progress: Progress | None = None) -> dict[str, int]:
    """Run ``days`` days of demo behaviour up to ``end`` through the project's active flows.

    The project's contacts should already exist (dated before ``end - days``); the flows active
    now run from the start. ``progress(done, total)`` is called after every tick of the
    engine (one per :data:`STEP`). Returns counts by action plus ``ticks`` and the engine's ``steps``.
    """
    clock = VirtualClock(ensure_utc(end) - timedelta(days=days))
    runtime = Runtime(project, clock, sandbox=True)
    with VirtualDispatch(project, clock, sandbox=True) as dispatch:
        return _run(project, runtime, dispatch, days, random.Random(seed), progress)


def _run(project: Project, runtime: Runtime, dispatch: VirtualDispatch, days: int, rng: random.Random,
         progress: Progress | None) -> dict[str, int]:
    clock = runtime.clock
    assert isinstance(clock, VirtualClock)
    counts: dict[str, int] = {}
    steps = int(timedelta(days=days) / STEP)
    seen_outbox = 0
    with project.session() as session:
        state = dict(get_setting(session, live_demo.STATE_KEY, None) or {})
    day_began_at: dict[date, int] = {}  # the sign-up count when each day's first busy step began
    for done in range(steps):
        start = clock.now()
        clock.set(start + STEP)
        with project.write() as session:
            if start.hour in BUSY_HOURS_UTC:
                day_began_at.setdefault(start.date(), counts.get("signup", 0))
                contacts = live_demo.contacts_of(session)
                for _ in range(DRAWS_PER_STEP):
                    at = start + timedelta(seconds=rng.uniform(0, STEP.total_seconds() - live_demo.SLOT.total_seconds()))
                    live_demo.act(session, clock, rng, at, contacts, state, counts)
                last_busy = (start + STEP).hour not in BUSY_HOURS_UTC
                if last_busy and counts.get("signup", 0) == day_began_at[start.date()]:
                    _someone_signs_up(session, clock, rng, start, contacts, state, counts)
            seen_outbox = _reactions(session, clock, rng, seen_outbox, counts)
            set_setting(session, live_demo.STATE_KEY, state)
        runtime.tick()
        if dispatch().resolved:  # delivery verdicts (quiet hours over, caps) move contacts on
            runtime.tick()
        if progress is not None:
            progress(done + 1, steps)
    counts["ticks"] = steps
    counts["steps"] = runtime.totals.steps
    return counts


def _someone_signs_up(session: Session, clock: VirtualClock, rng: random.Random, start: datetime,
                      contacts: list[int], state: dict[str, Any], counts: dict[str, int]) -> None:
    """A sign-up in this busy step (the day's last) when the day's draws brought none.

    Sign-ups are a few percent of the draws, so a short history (``--history-days 3``) could
    otherwise leave the Welcome flow empty on the canvas."""
    at = start + timedelta(seconds=rng.uniform(0, STEP.total_seconds() - live_demo.SLOT.total_seconds()))
    live_demo.sign_up(session, clock, rng, at, contacts, state)
    _count(counts, "signup")


def _reactions(session: Session, clock: VirtualClock, rng: random.Random, after: int,
               counts: dict[str, int]) -> int:
    """What recipients did with the messages the last hour produced; the last outbox id seen."""
    rows = session.execute(select(Outbox.id, Outbox.contact_id, Outbox.channel, Outbox.step_id, Outbox.flow_id)
                           .where(Outbox.id > after).order_by(Outbox.id)).all()
    for outbox_id, contact_id, channel, step_id, flow_id in rows:
        contact = session.get(Contact, contact_id)
        if contact is None:
            continue
        at = clock.now() - timedelta(minutes=rng.randint(1, 50))
        props: dict[str, Any] = {"outbox_id": outbox_id, "flow": flow_id, "step": step_id}
        if channel == "email" and rng.random() < 0.45:
            record_event(session, contact, "email_opened", props, at, clock)
            _count(counts, "opened")
            if rng.random() < 0.3:
                record_event(session, contact, "email_clicked", {**props, "url": "https://shop.example/"}, at, clock)
                _count(counts, "clicked")
            if step_id == "review_request" and rng.random() < 0.6:
                record_event(session, contact, "review", {"rating": rng.choice((3, 4, 5, 5))}, at, clock)
                _count(counts, "review")
        elif channel == "telegram" and contact.telegram_chat_id and rng.random() < 0.35:
            text = rng.choice(("Yes", "More, please", "да", "No thanks"))
            record_event(session, contact, "message", {"text": text, "channel": "telegram", "from": "contact",
                                                      "chat_id": contact.telegram_chat_id}, at, clock)
            _count(counts, "replied")
    return rows[-1][0] if rows else after


def _count(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1
