"""What the inbound API writes: events, contacts, push subscriptions, with idempotency.

Each function takes the writer's session (see :mod:`runtime.inbound.writer`) and raises
:class:`ApiError` for anything the client must fix; the writer then rolls back that request
alone. Events only need recording here: the engine's tick picks them up (triggers, goals, waits).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.contacts.events import insert_event_rows
from runtime.contacts.from_event import contact_from_event
from runtime.contacts.normalize import FieldError
from runtime.contacts.push import add_push_subscription as store_push_subscription
from runtime.errors import InputError
from runtime.inbound.contact_fields import upsert_contact
from runtime.inbound.errors import ApiError, bad_request
from runtime.inbound.payloads import ContactIn, EventIn
from runtime.storage.models import Contact, InboundRequest

IDEMPOTENCY_TTL = timedelta(hours=24)

Outcome = tuple[int, dict[str, Any]]  # (HTTP status, JSON body)


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What an idempotent request is compared by: the same key with another body is an error."""
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def idempotent(
    session: Session, token_id: int, key: str | None, print_: str, clock: Clock, work: Callable[[], Outcome]
) -> tuple[Outcome, bool]:
    """Run ``work`` once per (token, key): a replay returns the first answer; returns (outcome, replayed)."""
    if not key:
        return work(), False
    stored = session.get(InboundRequest, (token_id, key))
    if stored is not None:
        if stored.fingerprint != print_:
            raise ApiError(422, "idempotency_key_reused",
                           "this Idempotency-Key was already used for a different request", "Idempotency-Key")
        return (stored.status, dict(stored.response)), True
    status, body = work()
    session.add(InboundRequest(token_id=token_id, key=key, fingerprint=print_, status=status, response=body,
                               created_at=clock.now()))
    session.flush()
    return (status, body), False


def forget_old_requests(session: Session, clock: Clock) -> int:
    """Drop idempotency records older than :data:`IDEMPOTENCY_TTL`; returns how many."""
    result = session.execute(delete(InboundRequest).where(InboundRequest.created_at < clock.now() - IDEMPOTENCY_TTL))
    return int(result.rowcount or 0) if isinstance(result, CursorResult) else 0


def _prop_error(exc: InputError, path: str) -> ApiError:
    """400 naming the event property at fault (``event property 'email': ...``)."""
    text = str(exc)
    if text.startswith("event property '"):
        return bad_request(text, f"{path}.{text.split(chr(39))[1]}")
    return bad_request(text, path)


def _field_error(exc: FieldError, path: str) -> ApiError:
    text = str(exc)
    name = text.split(":", 1)[0] if ":" in text else None
    if not name or " " in name:
        return bad_request(text, path or None)
    return bad_request(text, f"{path}.{name}" if path else name)


def _contact_ids(session: Session, external_ids: list[str]) -> dict[str, int]:
    """Internal ids of the existing contacts among ``external_ids`` (driver level: this runs for
    every request, and SQLAlchemy's statement overhead was most of a small request's cost)."""
    from runtime.storage.rawdb import RawDB

    db = RawDB(session)
    found: dict[str, int] = {}
    for start in range(0, len(external_ids), 500):  # under SQLite's bound-parameter limit
        chunk = external_ids[start:start + 500]
        marks = ", ".join(f":e{i}" for i in range(len(chunk)))
        rows = db.fetch(f"SELECT external_id, id FROM contacts WHERE external_id IN ({marks})",
                        {f"e{i}": value for i, value in enumerate(chunk)})
        found.update((str(ext), int(cid)) for ext, cid in rows)
    return found


def record_events(session: Session, events: list[EventIn], clock: Clock) -> Outcome:
    """Record a checked batch: unknown contacts are created from the props when the event asks,
    else the whole batch is refused (404 naming the first unknown one)."""
    known = _contact_ids(session, list({event.contact for event in events}))
    created: list[str] = []
    for event in events:
        if event.contact in known:
            continue
        path = f"{event.path}.contact" if event.path else "contact"
        if not event.create_contact:
            raise ApiError(404, "unknown_contact",
                           f"contact {event.contact!r} not found (send create_contact: true to create it from props)", path)
        try:
            # the same reading of props as `flowcanvas event --create-contact`
            contact, new = contact_from_event(session, event.contact, event.props, clock)
        except InputError as exc:
            raise _prop_error(exc, f"{event.path}.props" if event.path else "props") from None
        known[event.contact] = contact.id
        if new:
            created.append(event.contact)
    now = clock.now()
    insert_event_rows(session, [(known[e.contact], e.name, e.props, e.at) for e in events], now)
    return 202, {"accepted": len(events), "contacts_created": created}


def upsert_contacts(session: Session, contacts: list[ContactIn], clock: Clock) -> Outcome:
    """Create or update each contact (normalised); 400 naming the field of a bad value."""
    out = []
    for item in contacts:
        try:
            contact, created = upsert_contact(session, item.id, item.fields, clock, attributes=item.attributes,
                                              tags=item.tags, by="api")
        except FieldError as exc:
            raise _field_error(exc, item.path) from None
        out.append({"id": contact.external_id, "created": created})
    return 200, {"contacts": out}


def add_push_subscription(session: Session, contact_ref: str, subscription: Any, clock: Clock) -> Outcome:
    """Store a Web Push subscription on a contact (one with the same endpoint is replaced):
    201 for a new browser, 200 for a known one."""
    contact = session.scalars(select(Contact).where(Contact.external_id == contact_ref)).first()
    if contact is None:
        raise ApiError(404, "unknown_contact", f"contact {contact_ref!r} not found", "contact")
    try:
        new = store_push_subscription(session, contact.id, subscription, clock.now())
    except FieldError as exc:
        raise bad_request(str(exc), "subscription") from None
    return (201 if new else 200), {"contact": contact.external_id,
                                   "subscriptions": len(contact.push_subscriptions or [])}
