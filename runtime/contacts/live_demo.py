"""A demo project that lives: a gentle, believable stream of synthetic customer behaviour.

While a demo project runs (the designer's embedded runtime, or any
:class:`~runtime.engine.scheduler.EngineScheduler` built with ``live_demo=True``), every engine
tick calls :func:`pulse`, which writes what the demo customers did since the last pulse: page
visits, cart adds (some followed by a purchase), Telegram messages and ``/start``, the odd
sign-up of a new customer and the odd unsubscribe. The preset flows that ``init --demo``
activates pick these events up like real ones, so contacts enter and move within seconds.

Time is cut into slots of :data:`SLOT` on the injected clock; what happens in slot ``k`` is drawn
from ``random.Random(f"{seed}:{k}")`` alone, so the same seed, clock and contacts give the same
stream however the ticks fall (one pulse per slot or one per hour of virtual time). After
downtime, or a jump of a virtual clock, at most :data:`MAX_CATCH_UP` is filled in, never a
burst of days. The project setting ``demo:live`` (true for demo projects) switches it off.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.clock import UTC, Clock, ensure_utc
from runtime.contacts import demo
from runtime.contacts.demo_push import demo_push_subscriptions
from runtime.contacts.events import record_event
from runtime.storage.models import Contact
from runtime.storage.settings import get_setting, set_setting

LIVE_KEY = "demo:live"  # true: the demo stream runs while the project runs
STATE_KEY = "demo:live_state"  # {"cursor": ISO time of the last slot done, "signups": n}
SLOT = timedelta(seconds=5)
MAX_CATCH_UP = timedelta(hours=1)
DEFAULT_SEED = 11
LIVE_PREFIX = "live"
# (what happens, weight): about one thing every 8 seconds across the whole demo base
ACTIONS = (("visit", 40), ("cart", 22), ("telegram", 12), ("start", 5), ("signup", 6), ("unsubscribe", 3),
           ("nothing", 60))


def enabled(session: Session) -> bool:
    """True when the project's demo stream is switched on."""
    return bool(get_setting(session, LIVE_KEY, False))


def _slot_of(moment: datetime) -> int:
    return int(ensure_utc(moment).timestamp() // SLOT.total_seconds())


def _slot_start(index: int) -> datetime:
    return datetime.fromtimestamp(index * SLOT.total_seconds(), tz=UTC)


def pulse(session: Session, clock: Clock, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write the demo events of every whole slot since the last pulse; counts by action.

    Does nothing (and returns ``{}``) unless ``demo:live`` is on. The first pulse starts the
    stream at the current slot. The caller commits.
    """
    if not enabled(session):
        return {}
    now = clock.now()
    state = dict(get_setting(session, STATE_KEY, None) or {})
    last = _slot_of(now) - 1  # the newest slot that has fully passed
    done = state.get("slot")
    first = last if done is None else max(done + 1, last - int(MAX_CATCH_UP / SLOT) + 1)
    counts: dict[str, int] = {}
    if first <= last:
        contacts = contacts_of(session)
        for index in range(first, last + 1):
            act(session, clock, random.Random(f"{seed}:{index}"), _slot_start(index), contacts, state, counts)
        state["slot"] = last
        set_setting(session, STATE_KEY, state)
    return counts


def contacts_of(session: Session) -> list[int]:
    """Ids of everyone the stream may pick, in id order (so a seed means the same people)."""
    return list(session.execute(select(Contact.id).order_by(Contact.id)).scalars())


def _chatters(session: Session) -> list[int]:
    """Ids of the contacts one can hear from on Telegram, in id order."""
    return list(session.execute(
        select(Contact.id).where(Contact.telegram_chat_id.is_not(None), Contact.telegram_status == "subscribed")
        .order_by(Contact.id)).scalars())


def act(session: Session, clock: Clock, rng: random.Random, start: datetime, contacts: list[int],
        state: dict[str, Any], counts: dict[str, int]) -> None:
    """Draw what one demo customer does in the slot starting at ``start`` (often nothing) and
    record it; ``contacts`` are the candidates (a sign-up is appended), ``counts`` tallies by action."""
    action = rng.choices([a for a, _ in ACTIONS], weights=[w for _, w in ACTIONS])[0]
    if action == "nothing" or (not contacts and action != "signup"):
        return
    at = start + SLOT * rng.random()
    # drawn for every action alike, so a seed gives the same history whatever the actions
    contact = session.get(Contact, rng.choice(contacts)) if contacts else None
    if action in ("telegram", "start"):
        chatters = _chatters(session)
        chatter = session.get(Contact, rng.choice(chatters)) if chatters else None
        if chatter is None:
            return
        _chat(session, clock, rng, chatter, action, at)
    elif action == "signup":
        sign_up(session, clock, rng, at, contacts, state)
    else:
        if contact is None:
            return
        done = _shop(session, clock, rng, contact, action, at, start)
        if done is None:
            return
        action = done
    counts[action] = counts.get(action, 0) + 1


def sign_up(session: Session, clock: Clock, rng: random.Random, at: datetime, contacts: list[int],
            state: dict[str, Any]) -> Contact:
    """A new demo customer signs up at ``at`` (the ``signup`` event that starts the Welcome flow);
    appended to ``contacts``."""
    contact = _new_contact(session, rng, at, state)
    contacts.append(contact.id)
    record_event(session, contact, "signup", {"source": rng.choice(["website", "telegram", "ads"])}, at, clock)
    return contact


def _shop(session: Session, clock: Clock, rng: random.Random, contact: Contact, action: str, at: datetime,
          start: datetime) -> str | None:
    """A visit, a cart (sometimes bought: ``purchase``) or an unsubscribe; the action done, or None."""
    locale = (contact.attributes or {}).get("language", "ru")
    if action == "visit":
        sku = rng.choice(demo.SKUS)
        for view in range(rng.randint(1, 3)):
            record_event(session, contact, "page_view", {"url": rng.choice(demo.PAGES).format(sku=sku)},
                         min(at + timedelta(milliseconds=300 * view), start + SLOT), clock)
    elif action == "cart":
        sku = rng.choice(demo.SKUS)
        price = rng.choice([29, 45, 59, 89, 120]) * demo.PRICE_SCALE.get(locale, 1)
        currency = demo.CURRENCY.get(locale, "USD")
        record_event(session, contact, "cart_add", {"sku": sku, "price": price, "currency": currency}, at, clock)
        if rng.random() < 0.4:  # the others leave the cart: the abandoned-cart flow has work
            record_event(session, contact, "purchase", {"order_id": f"ORD-{rng.randint(100000, 999999)}",
                                                        "total": price, "currency": currency}, at, clock)
            return "purchase"
    elif action == "unsubscribe":
        if contact.email_status != "subscribed":
            return None
        contact.email_status = "unsubscribed"
        contact.updated_at = at
        record_event(session, contact, "unsubscribe", {"channel": "email"}, at, clock)
    return action


def _chat(session: Session, clock: Clock, rng: random.Random, contact: Contact, action: str, at: datetime) -> None:
    """A Telegram ``start`` or a message from a contact who has a chat."""
    if action == "start":
        record_event(session, contact, "start", {"payload": ""}, at, clock)
    else:
        text = rng.choice(demo.MESSAGES.get((contact.attributes or {}).get("language", "ru"), demo.MESSAGES["en"]))
        record_event(session, contact, "message", {"text": text, "channel": "telegram", "from": "contact",
                                                   "chat_id": contact.telegram_chat_id}, at, clock)


def _new_contact(session: Session, rng: random.Random, at: datetime, state: dict[str, Any]) -> Contact:
    """A new demo customer, numbered after the last one the stream created."""
    number = int(state.get("signups", 0)) + 1
    state["signups"] = number
    person = demo._person(rng)
    cities = {"ru": demo.RU_CITIES, "zh": demo.CN_CITIES, "en": demo.EN_CITIES}[person.locale]
    city, zone, _ = demo._weighted(rng, cities)
    external_id = f"{LIVE_PREFIX}{number:05d}"
    while session.execute(select(func.count()).where(Contact.external_id == external_id)).scalar_one():
        number += 1  # someone imported that id: take the next free one
        state["signups"] = number
        external_id = f"{LIVE_PREFIX}{number:05d}"
    telegram = str(rng.randint(100000000, 7999999999)) if rng.random() < 0.3 else None
    contact = Contact(
        external_id=external_id, email=demo._email(rng, person, number), phone=demo._phone(rng, person.locale, city),
        telegram_chat_id=telegram, first_name=person.first, last_name=person.last, timezone=zone,
        attributes={"city": city, "total_orders": 0, "plan": "free", "language": person.locale},
        push_subscriptions=demo_push_subscriptions(external_id), created_at=at, updated_at=at,
    )
    session.add(contact)
    session.flush()
    return contact
