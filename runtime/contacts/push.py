"""Web Push subscriptions of a contact: the browser's ``PushSubscription.toJSON()`` documents.

One public API for every way a subscription arrives (a CSV column ``push_subscription``, the
CLI ``contacts push-subscribe``, the inbound HTTP API) and for the dispatcher, which removes a
subscription when the push service answers 404/410 (the browser unsubscribed or it expired).
A contact may hold several (one per browser); a subscription is identified by its endpoint.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from runtime.contacts.phones import FieldError
from runtime.storage.models import Contact

MAX_SUBSCRIPTIONS = 20  # per contact: the oldest goes when a new browser subscribes past it


def normalize_push_subscription(value: Any) -> dict[str, Any]:
    """The subscription as stored: ``{"endpoint", "keys": {"p256dh", "auth"}}`` (plus
    ``expirationTime`` when given). ``value`` is the JSON text or the parsed object; FieldError
    says what is wrong."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise FieldError(f"push subscription is not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(value, dict):
        raise FieldError("push subscription must be a JSON object with 'endpoint' and 'keys'")
    endpoint = value.get("endpoint")
    parts = urlsplit(endpoint) if isinstance(endpoint, str) else None
    if parts is None or parts.scheme != "https" or not parts.netloc:
        raise FieldError(f"push subscription endpoint {endpoint!r} is not an https URL")
    keys = value.get("keys")
    if not isinstance(keys, dict) or not all(isinstance(keys.get(k), str) and keys.get(k) for k in ("p256dh", "auth")):
        raise FieldError("push subscription needs 'keys' with 'p256dh' and 'auth'")
    out: dict[str, Any] = {"endpoint": endpoint, "keys": {"p256dh": keys["p256dh"], "auth": keys["auth"]}}
    if value.get("expirationTime") is not None:
        out["expirationTime"] = value["expirationTime"]
    return out


def _contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise LookupError(f"contact #{contact_id} does not exist")
    return contact


def add_push_subscription(session: Session, contact_id: int, subscription: Any, now: datetime) -> bool:
    """Store ``subscription`` for contact ``contact_id`` (normalised; the same endpoint replaces
    the stored one). True when it is a new endpoint. FieldError when the subscription is bad."""
    sub = normalize_push_subscription(subscription)
    contact = _contact(session, contact_id)
    stored = [s for s in (contact.push_subscriptions or []) if isinstance(s, dict)]
    new = all(s.get("endpoint") != sub["endpoint"] for s in stored)
    kept = [s for s in stored if s.get("endpoint") != sub["endpoint"]]
    contact.push_subscriptions = [*kept, sub][-MAX_SUBSCRIPTIONS:]  # a new list: the JSON column sees the change
    contact.updated_at = now
    session.flush()
    return new


def remove_push_subscription(session: Session, contact_id: int, endpoint: str, now: datetime) -> bool:
    """Forget the subscription with ``endpoint`` of contact ``contact_id``; True if it was stored."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        return False
    stored = list(contact.push_subscriptions or [])
    kept = [s for s in stored if not (isinstance(s, dict) and s.get("endpoint") == endpoint)]
    if len(kept) == len(stored):
        return False
    contact.push_subscriptions = kept
    contact.updated_at = now
    session.flush()
    return True
