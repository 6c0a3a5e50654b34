"""Weeks of live activity on a demo project, on a virtual clock: what the Reports view shows.

Every hour of the day new people sign up (email, phone, Telegram as the demo's mix), shoppers add
to carts and buy, Telegram users write /start and press buttons, recipients open and click the
sandbox emails, a few unsubscribe; the preset flows run on it the whole time. Deterministic for a
seed. Used for the README screenshot (``designer/reports_screenshot.py``, through the service); the
demo project itself keeps only history (see :mod:`runtime.contacts.demo`).
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import VirtualClock
from runtime.contacts.demo_push import demo_push_subscriptions
from runtime.engine.runner import Runtime
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event, Outbox
from runtime.storage.project_clock import save_virtual_now


def record_event(s: Session, contact: Contact, name: str, props: dict[str, Any], _at: None,
                 clock: VirtualClock) -> None:
    """An event happening now (what ``runtime.contacts.events.record_event`` stores for valid input)."""
    now = clock.now()
    s.add(Event(contact_id=contact.id, name=name, properties=props, occurred_at=now, recorded_at=now))
    contact.last_activity_at = now
    s.flush()


def simulate_activity(project: Project, clock: VirtualClock, days: int = 14, per_day: int = 24,
                      seed: int = 11) -> None:
    """Run ``days`` days of activity from ``clock``'s now through the project's active flows."""
    rng = random.Random(seed)
    runtime = Runtime(project, clock, sandbox=True)
    serial = 0
    seen_outbox = 0
    for _day in range(days):
        day_start = clock.now()
        for hour in range(24):
            clock.set(day_start + timedelta(hours=hour, minutes=rng.randint(0, 50)))
            if 8 <= hour <= 22:
                with project.write() as s:
                    serial = _newcomers(s, clock, rng, serial, per_day / 15)
                    _shoppers(s, clock, rng)
                    seen_outbox = _reactions(s, clock, rng, seen_outbox)
            runtime.tick()
        clock.set(day_start + timedelta(days=1))
    runtime.tick()
    with project.write() as s:
        save_virtual_now(s, clock.now())


def _newcomers(s: Session, clock: VirtualClock, rng: random.Random, serial: int, mean: float) -> int:
    for _ in range(int(mean) + (1 if rng.random() < mean - int(mean) else 0)):
        serial += 1
        now = clock.now()
        phone = f"+7916{rng.randint(1000000, 9999999)}" if rng.random() < 0.85 else None
        telegram = str(rng.randint(100000000, 999999999)) if rng.random() < 0.4 else None
        contact = Contact(external_id=f"live{serial:05d}", email=f"user{serial}@mail.ru" if rng.random() < 0.9 else None,
                          phone=phone, telegram_chat_id=telegram, first_name=rng.choice(("Анна", "Олег", "Мария", "Иван")),
                          timezone="Europe/Moscow", attributes={},
                          push_subscriptions=demo_push_subscriptions(f"live{serial:05d}"), created_at=now, updated_at=now)
        s.add(contact)
        s.flush()
        record_event(s, contact, "signup", {}, None, clock)
        if telegram and rng.random() < 0.7:
            record_event(s, contact, "message", {"text": "/start", "channel": "telegram", "from": "contact",
                                                 "chat_id": telegram}, None, clock)
    return serial


def _shoppers(s: Session, clock: VirtualClock, rng: random.Random) -> None:
    ids = s.scalars(select(Contact.id).order_by(Contact.id.desc()).limit(400)).all()
    for cid in rng.sample(ids, min(len(ids), 3)):
        contact = s.get(Contact, cid)
        if contact is None:
            continue
        roll = rng.random()
        if roll < 0.5:
            record_event(s, contact, "cart_add", {"sku": f"SKU-{rng.randint(1, 40)}"}, None, clock)
        elif roll < 0.8:
            record_event(s, contact, "purchase", {"amount": rng.choice((990, 1490, 2990, 4990))}, None, clock)
        elif roll < 0.83 and contact.sms_status == "subscribed":
            contact.sms_status, contact.updated_at = "unsubscribed", clock.now()


def _reactions(s: Session, clock: VirtualClock, rng: random.Random, after: int) -> int:
    rows = s.execute(select(Outbox.id, Outbox.contact_id, Outbox.channel, Outbox.step_id)
                     .where(Outbox.id > after).order_by(Outbox.id)).all()
    for oid, cid, channel, step in rows:
        contact = s.get(Contact, cid)
        if contact is None:
            continue
        if channel == "email" and rng.random() < 0.45:
            record_event(s, contact, "email_opened", {"outbox_id": oid, "step": step}, None, clock)
            if rng.random() < 0.3:
                record_event(s, contact, "email_clicked", {"outbox_id": oid, "step": step,
                                                           "url": "https://shop.example/"}, None, clock)
        elif channel == "telegram" and rng.random() < 0.35:
            record_event(s, contact, "button", {"data": "more"}, None, clock)
    return rows[-1][0] if rows else after
