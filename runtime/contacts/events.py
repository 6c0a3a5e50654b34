"""Events: things contacts did (page_view, purchase, message, ...), recorded for the engine.

An event is stored with the time it happened (``occurred_at``) and the time it was recorded.
Events dated in the future are kept as they are and acted on when the project's clock reaches
them: ``processed_at`` stays NULL until the engine has looked at the event.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, bindparam, or_, update
from sqlalchemy.orm import Session

from runtime import strict_json
from runtime.clock import Clock, ensure_utc
from runtime.contacts.bulk import bulk_execute
from runtime.contacts.lookup import contact_ids
from runtime.contacts.results import EventImportResult, RowError
from runtime.contacts.textfile import read_utf8
from runtime.errors import InputError
from runtime.flow.limits import MAX_PROPS_BYTES
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event

MAX_NAME = 200


#: event times outside these years are typos (and near year 1 or 9999 a time zone shift overflows)
EARLIEST_EVENT_YEAR = 1900
LATEST_EVENT_YEAR = 9000


def parse_time(text: str) -> datetime:
    """An ISO 8601 time (``2026-11-22T10:00:00+03:00``, ``...Z``) as aware UTC.

    A time without an offset is taken to be UTC. Raises ValueError with a readable reason.
    """
    try:
        value = ensure_utc(datetime.fromisoformat(text.strip()))
    except (ValueError, AttributeError):
        raise ValueError(f"time {text!r} is not ISO 8601 (such as 2026-11-22T10:00:00+03:00)") from None
    except OverflowError:
        value = None
    if value is None or not EARLIEST_EVENT_YEAR <= value.year <= LATEST_EVENT_YEAR:
        raise ValueError(
            f"time {text!r} is out of range: events happen between {EARLIEST_EVENT_YEAR} and {LATEST_EVENT_YEAR}"
        )
    return value


def check_event_name(name: Any) -> str:
    """A trimmed event name; ValueError when missing, empty or too long."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("event name is missing")
    text = name.strip()
    if len(text) > MAX_NAME:
        raise ValueError(f"event name {text[:40]!r}... is longer than {MAX_NAME} characters")
    return text


def check_props(props: Any) -> dict[str, Any]:
    """Event properties: a JSON object (None means none); ValueError otherwise."""
    return checked_props(props)[0]


def checked_props(props: Any) -> tuple[dict[str, Any], str]:
    """:func:`check_props` with the props' stored JSON text (:func:`props_text`), encoded once."""
    if props is None:
        props = {}
    elif not isinstance(props, dict):
        raise ValueError(f"props must be a JSON object, not {type(props).__name__}")
    return props, props_text(props)


def props_text(props: dict[str, Any]) -> str:
    """``props`` as the readable JSON text stored on SQLite; ValueError when they are not JSON data
    or longer than :data:`MAX_PROPS_BYTES` (measured as ASCII-escaped JSON)."""
    try:
        text = strict_json.dumps(props, ensure_ascii=False)
        # the limit counts the escaped form; for ASCII text the two are the same string
        size = len(text) if text.isascii() else len(strict_json.dumps(props).encode())
    except (TypeError, ValueError) as exc:
        raise ValueError(f"props are not JSON data ({exc})") from None
    except RecursionError:
        raise ValueError("props nest too deeply") from None
    if size > MAX_PROPS_BYTES:
        raise ValueError(f"props are {size:,} bytes as JSON; the limit is {MAX_PROPS_BYTES:,}")
    return text


def record_event(
    session: Session,
    contact: Contact,
    name: str,
    props: dict[str, Any] | None,
    occurred_at: datetime | None,
    clock: Clock,
) -> Event:
    """Record that ``contact`` did ``name`` at ``occurred_at`` (default: the clock's now).

    Updates the contact's ``last_activity_at`` when the event is not in the future (a future
    event has not happened yet; the engine counts it when the clock reaches it). Raises
    InputError for a bad name or props. The caller commits.
    """
    try:
        name = check_event_name(name)
        props = check_props(props)
    except ValueError as exc:
        raise InputError(f"event for contact {contact.external_id!r}: {exc}") from None
    now = clock.now()
    at = ensure_utc(occurred_at) if occurred_at is not None else now
    event = Event(contact_id=contact.id, name=name, properties=props, occurred_at=at, recorded_at=now)
    session.add(event)
    if at <= now and (contact.last_activity_at is None or contact.last_activity_at < at):
        contact.last_activity_at = at
    session.flush()
    return event


def touch_last_activity(session: Session, contact_id: int, at: datetime) -> None:
    """Move contact ``contact_id``'s ``last_activity_at`` forward to ``at`` (never back).

    For the engine when it reaches an event that was recorded ahead of time: the event only
    counts as activity once it has happened.
    """
    _touch_activity(session, {contact_id: ensure_utc(at)})


def _parse_line(text: str) -> tuple[str, str, dict[str, Any], datetime | None, str]:
    """(contact, name, props, at, props as stored JSON text) from one JSONL line; ValueError with the reason."""
    try:
        data = strict_json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    unknown = sorted(set(data) - {"contact", "name", "props", "at"})
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)} (expected contact, name, props, at)")
    contact = data.get("contact")
    if isinstance(contact, int) and not isinstance(contact, bool):
        contact = str(contact)
    if not isinstance(contact, str) or not contact.strip():
        raise ValueError("contact is missing")
    name = check_event_name(data.get("name"))
    props, stored = checked_props(data.get("props"))
    at_raw = data.get("at")
    if at_raw is None:
        at = None
    elif isinstance(at_raw, str):
        at = parse_time(at_raw)
    else:
        raise ValueError(f"at must be an ISO 8601 string, not {type(at_raw).__name__}")
    return contact.strip(), name, props, at, stored


#: lines parsed, looked up and inserted at a time: the import's memory stays flat in the file's length
IMPORT_CHUNK_LINES = 5000


def import_events_jsonl(project: Project, path: str | Path, clock: Clock,
                        create_contacts: bool = False) -> EventImportResult:
    """Import events from a JSONL file: one ``{"contact", "name", "props", "at"}`` per line.

    Lines with bad JSON, an unknown contact, no name or a bad time are reported by line number;
    the good lines are recorded in one transaction. A file that is not UTF-8 is refused whole
    (InputError). ``at`` defaults to the clock's now. With ``create_contacts`` an unknown
    contact is created from the line's props (:mod:`runtime.contacts.from_event`).

    The lines are parsed and inserted :data:`IMPORT_CHUNK_LINES` at a time (still one
    transaction), so only the file's text and one chunk's rows are in memory at once.
    """
    lines = read_utf8(path).splitlines()
    result = EventImportResult()
    now = clock.now()
    with project.write() as session:
        for start in range(0, len(lines), IMPORT_CHUNK_LINES):
            chunk = lines[start : start + IMPORT_CHUNK_LINES]
            lines[start : start + IMPORT_CHUNK_LINES] = [""] * len(chunk)  # each line's text is freed once read
            _import_chunk(session, chunk, start + 1, clock, now, create_contacts, result)
    result.errors.sort(key=lambda error: error.line)
    return result


def _import_chunk(session: Session, lines: list[str], first_line: int, clock: Clock, now: datetime,
                  create_contacts: bool, result: EventImportResult) -> None:
    """Parse, look up and insert one chunk of an events file (``first_line``: the number of its first line)."""
    parsed: list[tuple[int, str, str, dict[str, Any], datetime | None, str]] = []
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        try:
            parsed.append((number, *_parse_line(line)))
        except ValueError as exc:
            result.errors.append(RowError(number, str(exc)))
    ids = contact_ids(session, {row[1] for row in parsed})
    rows: list[tuple[int, str, dict[str, Any], datetime | None]] = []
    texts: list[str] = []
    for number, contact, name, props, at, props_json in parsed:
        contact_id = ids.get(contact)
        if contact_id is None and create_contacts:
            from runtime.contacts.from_event import contact_from_event

            try:
                with session.begin_nested():
                    contact_id = ids[contact] = contact_from_event(session, contact, props, clock)[0].id
            except InputError as exc:
                result.errors.append(RowError(number, f"contact {contact!r} cannot be created: {exc}"))
                continue
            result.created += 1
        if contact_id is None:
            result.errors.append(RowError(number, f"contact {contact!r} not found"))
            continue
        rows.append((contact_id, name, props, at))
        texts.append(props_json)
    insert_event_rows(session, rows, now, props_texts=texts)
    result.imported += len(rows)


def _touch_activity(session: Session, latest: dict[int, datetime]) -> None:
    """Move each contact's last_activity_at forward to its latest imported event."""
    table = Contact.__table__
    statement = (
        update(table)
        .where(
            and_(
                table.c.id == bindparam("cid"),
                or_(table.c.last_activity_at.is_(None), table.c.last_activity_at < bindparam("at")),
            )
        )
        .values(last_activity_at=bindparam("at"))
    )
    bulk_execute(session.connection(), statement, ["cid", "at"], list(latest.items()))


def insert_event_rows(session: Session, rows: list[tuple[int, str, dict[str, Any], datetime | None]], now: datetime,
                      *, props_texts: list[str] | None = None) -> None:
    """Record already-checked events ``(contact id, name, props, occurred_at or None)`` in one
    statement, moving each contact's ``last_activity_at`` forward (the inbound API's batches,
    ``events import``). Their report aggregates are counted set-wise (runtime.storage.report_batch).

    Talks to the DBAPI connection of the session's transaction (as the engine's hot path does):
    SQLAlchemy's per-row parameter processing cost more than SQLite itself here.
    ``props_texts`` (by position) are the props already encoded by :func:`props_text`.
    """
    if not rows:
        return
    from runtime.storage.rawdb import RawDB
    from runtime.storage.report_batch import counted_insert

    db = RawDB(session)
    values: list[tuple[Any, ...]] = []
    latest: dict[int, datetime] = {}
    recorded = db.dt(now)
    bound: dict[datetime, Any] = {now: recorded}  # a file's events share a few times: bind each once

    def stamp(at: datetime) -> Any:
        value = bound.get(at)
        if value is None:
            value = bound[at] = db.dt(at)
        return value

    for index, (contact_id, name, props, at) in enumerate(rows):
        props = props or {}
        # readable JSON on SQLite, like every other JSON column of the project
        if not db.sqlite:
            data = db.j(props)
        elif props_texts is not None:
            data = props_texts[index]
        else:
            data = json.dumps(props, ensure_ascii=False)
        if at is None:
            at = now
            values.append((contact_id, name, data, recorded, recorded))
        else:
            at = ensure_utc(at)
            values.append((contact_id, name, data, stamp(at), recorded))
        if at <= now and (contact_id not in latest or latest[contact_id] < at):
            latest[contact_id] = at
    counted_insert(db, "events", lambda: db.many(
        "INSERT INTO events (contact_id, name, properties, occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?)", values))
    db.many("UPDATE contacts SET last_activity_at = ? WHERE id = ? AND (last_activity_at IS NULL OR last_activity_at < ?)",
            [(stamp(at), cid, stamp(at)) for cid, at in latest.items()])
