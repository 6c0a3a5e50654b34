"""Reading the JSON bodies of the inbound API into checked values.

Every check names the JSON path of the bad value (``events[3].props``), which the API returns as
the error's ``field``. Nothing here touches the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from runtime.contacts.events import check_event_name, parse_time
from runtime.inbound.errors import ApiError, bad_request

MAX_BATCH = 1000


@dataclass(frozen=True)
class EventIn:
    """One checked event of a request."""

    index: int
    path: str
    contact: str
    name: str
    props: dict[str, Any]
    at: datetime | None
    create_contact: bool


def parse_json(body: bytes) -> Any:
    """The request body as JSON; 400 naming the line and column of a syntax error."""
    if not body.strip():
        raise bad_request("the request body is empty; send a JSON document", "body")
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise bad_request("the request body is not UTF-8", "body") from None
    except json.JSONDecodeError as exc:
        raise bad_request(f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                          "body") from None


def _identifier(value: Any, path: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise bad_request("a contact id (string) is required", path)
    if len(value.strip()) > 200:
        raise bad_request("the contact id is longer than 200 characters", path)
    return value.strip()


def _flag(value: Any, path: str, default: bool = False) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise bad_request("must be true or false", path)
    return value


def _items(data: Any, key: str) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    """(path, item) pairs of a single object, a ``{key: [...]}`` batch or a bare list."""
    if isinstance(data, list):
        items, outer = data, {}
        prefix = ""
    elif isinstance(data, dict) and key in data:
        items, outer = data[key], data
        prefix = key
        if not isinstance(items, list):
            raise bad_request(f"{key} must be a list", key)
    elif isinstance(data, dict):
        return [("", data)], {}
    else:
        raise bad_request("the body must be a JSON object or a list of objects", "body")
    if not items:
        raise bad_request("the batch is empty", prefix or "body")
    if len(items) > MAX_BATCH:
        raise ApiError(413, "batch_too_large", f"at most {MAX_BATCH} items per request, got {len(items)}",
                       prefix or "body")
    return [(f"{prefix}[{i}]", item) for i, item in enumerate(items)], outer


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def parse_events(data: Any) -> list[EventIn]:
    """The events of a ``POST /v1/events`` body: one event, ``{"events": [...]}`` or a list.

    A batch-level ``create_contact`` is the default of every event in it.
    """
    pairs, outer = _items(data, "events")
    default_create = _flag(outer.get("create_contact"), "create_contact")
    events = []
    for index, (path, item) in enumerate(pairs):
        if not isinstance(item, dict):
            raise bad_request("an event must be a JSON object", path or "body")
        unknown = sorted(set(item) - {"contact", "name", "props", "at", "create_contact"})
        if unknown:
            raise bad_request(f"unknown key {unknown[0]!r} (expected contact, name, props, at, create_contact)",
                              _join(path, unknown[0]))
        contact = _identifier(item.get("contact"), _join(path, "contact"))
        try:
            name = check_event_name(item.get("name"))
        except ValueError as exc:
            raise bad_request(str(exc), _join(path, "name")) from None
        props = item.get("props")
        if props is None:
            props = {}
        elif not isinstance(props, dict):  # parsed JSON: an object is always JSON data again
            raise bad_request(f"props must be a JSON object, not {type(props).__name__}", _join(path, "props"))
        at_raw = item.get("at")
        at = None
        if at_raw is not None:
            if not isinstance(at_raw, str):
                raise bad_request("must be an ISO 8601 time string", _join(path, "at"))
            try:
                at = parse_time(at_raw)
            except ValueError as exc:
                raise bad_request(str(exc), _join(path, "at")) from None
        create = _flag(item.get("create_contact"), _join(path, "create_contact"), default_create)
        events.append(EventIn(index, path, contact, name, props, at, create))
    return events


@dataclass(frozen=True)
class ContactIn:
    """One contact of a ``POST /v1/contacts`` body."""

    path: str
    id: str | None
    fields: dict[str, Any]
    attributes: dict[str, Any]
    tags: list[str]


CONTACT_KEYS = {"id", "email", "phone", "whatsapp", "telegram_chat_id", "first_name", "last_name", "timezone",
                "birthday", "attributes", "tags"}


def parse_contacts(data: Any) -> list[ContactIn]:
    """The contacts of a ``POST /v1/contacts`` body: one, ``{"contacts": [...]}`` or a list."""
    pairs, _ = _items(data, "contacts")
    out = []
    for path, item in pairs:
        if not isinstance(item, dict):
            raise bad_request("a contact must be a JSON object", path or "body")
        unknown = sorted(set(item) - CONTACT_KEYS)
        if unknown:
            raise bad_request(f"unknown key {unknown[0]!r}; put custom data in attributes", _join(path, unknown[0]))
        external = _identifier(item["id"], _join(path, "id")) if item.get("id") is not None else None
        attributes = item.get("attributes") or {}
        if not isinstance(attributes, dict):
            raise bad_request("attributes must be a JSON object", _join(path, "attributes"))
        tags = item.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise bad_request("tags must be a list of strings", _join(path, "tags"))
        fields = {key: value for key, value in item.items() if key not in ("id", "attributes", "tags")}
        out.append(ContactIn(path, external, fields, attributes, tags))
    return out


def parse_push_subscription(data: Any) -> tuple[str, Any]:
    """(contact id, subscription) of a ``POST /v1/push-subscriptions`` body; the subscription (the
    browser's ``PushSubscription.toJSON()``) is checked when it is stored
    (:func:`runtime.contacts.push.normalize_push_subscription`)."""
    if not isinstance(data, dict):
        raise bad_request("the body must be a JSON object", "body")
    contact = _identifier(data.get("contact"), "contact")
    if not isinstance(data.get("subscription"), dict):
        raise bad_request("subscription must be the browser's PushSubscription JSON", "subscription")
    return contact, data["subscription"]
