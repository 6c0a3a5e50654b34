"""Importing contacts from a CSV file.

Columns (matched case-insensitively): ``id`` (required: the contact's external id), ``email``,
``phone``, ``telegram_chat_id``, ``whatsapp``, ``first_name``, ``last_name``, ``timezone``,
``birthday`` (YYYY-MM-DD), ``tags`` (``;``-separated) and the optional per-channel status
columns ``email_status`` ... ``push_status`` (subscribed / unsubscribed / blocked). Every other
column becomes an attribute; whole numbers and decimals without leading zeros are stored as
numbers, everything else as text.

The file is checked first and written second: a bad row is reported by its line number
(the header is line 1) and skipped, the good rows go in in one transaction, and a file that
cannot be read as a CSV at all (not UTF-8, empty, no ``id`` column) writes nothing. An
existing contact (same external id) is updated: non-empty cells overwrite, empty cells leave
the stored value alone, attributes are merged and tags are only ever added.

Speed matters (100,000 rows in a few seconds): rows become plain dicts written with Core
``executemany`` in batches, tag ids are looked up once, and phones/emails already in their
stored form take the validators' fast path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from runtime.clock import Clock
from runtime.contacts.bulk import bulk_insert
from runtime.contacts.normalize import (
    FieldError,
    check_region,
    normalize_birthday,
    normalize_channel_status,
    normalize_email,
    normalize_phone,
    normalize_telegram_chat_id,
    normalize_timezone,
    parse_attribute_value,
    split_tags,
)
from runtime.contacts.results import ImportResult, RowError
from runtime.contacts.settings import default_region as project_default_region
from runtime.contacts.settings import default_timezone
from runtime.contacts.tags import tag_ids
from runtime.contacts.textfile import read_utf8
from runtime.errors import InputError
from runtime.storage.db import Project
from runtime.storage.models import CHANNELS, Contact, ContactTag, TagLog

__all__ = ["ImportResult", "RowError", "import_contacts_csv", "KNOWN_COLUMNS"]

STATUS_COLUMNS = tuple(f"{channel}_status" for channel in CHANNELS)
# Columns stored in contact fields; every other column is an attribute.
FIELD_COLUMNS = (
    "email",
    "phone",
    "telegram_chat_id",
    "whatsapp",
    "first_name",
    "last_name",
    "timezone",
    "birthday",
    *STATUS_COLUMNS,
)
KNOWN_COLUMNS = ("id", *FIELD_COLUMNS, "tags")
MAX_ID = 200
MAX_NAME = 200
BATCH = 5000  # rows per executemany: bounded memory per statement, few round trips
IMPORT_BY = "import"

_contacts = Contact.__table__
_contact_tags = ContactTag.__table__
_tag_log = TagLog.__table__


def _name(value: str) -> str:
    text = value.strip()
    if len(text) > MAX_NAME:
        raise FieldError(f"name {text[:40]!r}... is longer than {MAX_NAME} characters")
    return text


@dataclass
class _Row:
    """One good CSV row: contact fields given (non-empty cells only), attributes and tags."""

    line: int
    external_id: str
    fields: dict[str, str]
    attributes: dict[str, Any]
    tags: list[str]


@dataclass
class _Parsed:
    rows: list[_Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _read_header(reader: Iterator[list[str]], source: str) -> list[str]:
    """Column names of the header line; InputError when it is missing or unusable."""
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"{source}: line 1: not a readable CSV header ({exc})") from None
    if header is None or not any(cell.strip() for cell in header):
        raise InputError(f"{source}: empty file: expected a header line with an 'id' column")
    columns: list[str] = []
    seen: set[str] = set()
    for position, cell in enumerate(header, start=1):
        name = cell.strip()
        key = name.lower() if name.lower() in KNOWN_COLUMNS else name
        if not name:
            raise InputError(f"{source}: line 1: column {position} has no name")
        if key in seen:
            raise InputError(f"{source}: line 1: column {name!r} appears twice")
        seen.add(key)
        columns.append(key)
    if "id" not in seen:
        raise InputError(
            f"{source}: line 1: no 'id' column (the header has: {', '.join(columns)}); "
            "every contact needs an external id"
        )
    return columns


def _parse_rows(text: str, source: str, region: str | None, today: date) -> _Parsed:
    """Check every data row; good rows become :class:`_Row`, bad ones :class:`RowError`."""
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = _read_header(reader, source)
    width = len(columns)
    id_index = columns.index("id")
    tags_index = columns.index("tags") if "tags" in columns else None

    def phone(value: str) -> str:
        return normalize_phone(value, region)

    def birthday(value: str) -> str:
        return normalize_birthday(value, today)

    normalizers: dict[str, Callable[[str], str]] = {
        "email": normalize_email,
        "phone": phone,
        "whatsapp": phone,
        "telegram_chat_id": normalize_telegram_chat_id,
        "first_name": _name,
        "last_name": _name,
        "timezone": normalize_timezone,
        "birthday": birthday,
        **{column: normalize_channel_status for column in STATUS_COLUMNS},
    }
    fields = [(i, name, normalizers[name]) for i, name in enumerate(columns) if name in normalizers]
    attributes = [(i, name) for i, name in enumerate(columns) if name not in KNOWN_COLUMNS]

    parsed = _Parsed()
    first_line: dict[str, int] = {}
    while True:
        line = reader.line_num + 1  # where the next record starts (a quoted cell may span lines)
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            raise InputError(f"{source}: line {line}: broken CSV ({exc}); nothing was imported") from None
        if cells is None:
            break
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not rows
        if len(cells) != width:
            parsed.errors.append(RowError(line, f"{len(cells)} fields, but the header has {width} columns"))
            continue
        reasons: list[str] = []
        external_id = cells[id_index].strip()
        if not external_id:
            reasons.append("id is empty")
        elif len(external_id) > MAX_ID:
            reasons.append(f"id is longer than {MAX_ID} characters")
        elif external_id in first_line:
            reasons.append(f"duplicate id {external_id!r} (first on line {first_line[external_id]})")
        else:
            first_line[external_id] = line
        values: dict[str, str] = {}
        for index, name, normalize in fields:
            cell = cells[index]
            if cell and not cell.isspace():
                try:
                    values[name] = normalize(cell)
                except FieldError as exc:
                    reasons.append(str(exc))
        attrs = {name: parse_attribute_value(cells[i]) for i, name in attributes if cells[i].strip()}
        tags = split_tags(cells[tags_index]) if tags_index is not None else []
        for tag in tags:
            if len(tag) > MAX_NAME:
                reasons.append(f"tag {tag[:40]!r}... is longer than {MAX_NAME} characters")
        if reasons:
            parsed.errors.append(RowError(line, "; ".join(reasons)))
        else:
            parsed.rows.append(_Row(line, external_id, values, attrs, tags))
    return parsed


def import_contacts_csv(
    project: Project, path: str | Path, clock: Clock, default_region: str | None = None
) -> ImportResult:
    """Import (create or update) contacts from the CSV file ``path``.

    ``default_region`` (``RU``) is the phone region for numbers written without ``+``; when
    None the project's ``default_region`` setting is used, and without either such numbers are
    rejected. Returns counts and the rejected lines; raises InputError (nothing written) when
    the file as a whole cannot be imported.
    """
    source = str(path)
    try:
        region = check_region(default_region)
    except FieldError as exc:
        raise InputError(str(exc)) from None
    with project.session() as session:
        region = region or project_default_region(session)
        zone = default_timezone(session)
    text = read_utf8(path)
    now = clock.now()
    # Parse before taking the write lock: checking 100,000 rows takes seconds.
    parsed = _parse_rows(text, source, region, now.date())
    result = ImportResult(errors=parsed.errors)
    if not parsed.rows:
        return result
    reason = f"imported from {Path(path).name}"
    with project.write() as session:
        conn = session.connection()
        existing = _existing_contacts(conn, [row.external_id for row in parsed.rows])
        new_rows = [row for row in parsed.rows if row.external_id not in existing]
        old_rows = [row for row in parsed.rows if row.external_id in existing]
        ids = _insert_contacts(conn, new_rows, zone, now)
        _update_contacts(conn, old_rows, existing, now)
        ids.update({external_id: values["id"] for external_id, values in existing.items()})
        _add_tags(session, conn, parsed.rows, ids, {values["id"] for values in existing.values()}, now, reason)
    result.created = len(new_rows)
    result.updated = len(old_rows)
    return result


def _existing_contacts(conn: Connection, external_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The stored contacts among ``external_ids`` (every updatable column), by external id."""
    found: dict[str, dict[str, Any]] = {}
    columns = [_contacts.c.id, _contacts.c.external_id, _contacts.c.attributes]
    columns += [_contacts.c[name] for name in FIELD_COLUMNS]
    for start in range(0, len(external_ids), 500):  # stay under bound-parameter limits
        chunk = external_ids[start : start + 500]
        for row in conn.execute(select(*columns).where(_contacts.c.external_id.in_(chunk))).mappings():
            found[row["external_id"]] = dict(row)
    return found


def _insert_contacts(conn: Connection, rows: list[_Row], zone: str, now: datetime) -> dict[str, int]:
    """Insert new contacts in batches; their ids by external id.

    No RETURNING: SQLite can only return ids in parameter order one row at a time, which is
    several times slower. The new ids are read back afterwards as the rows above the previous
    highest id (other writers' rows, possible on PostgreSQL, are filtered out by external id).
    """
    ids: dict[str, int] = {}
    if not rows:
        return ids
    before = conn.execute(select(func.max(_contacts.c.id))).scalar() or 0
    blank: dict[str, Any] = {name: None for name in FIELD_COLUMNS}
    blank.update({name: "subscribed" for name in STATUS_COLUMNS})
    blank["timezone"] = zone
    defaults = [(name, blank[name]) for name in FIELD_COLUMNS]
    values = (
        [row.external_id, *[row.fields.get(name, default) for name, default in defaults], row.attributes]
        for row in rows
    )
    bulk_insert(
        conn,
        _contacts,
        ["external_id", *FIELD_COLUMNS, "attributes"],
        values,
        constants={"push_subscriptions": [], "created_at": now, "updated_at": now, "last_activity_at": None},
    )
    wanted = {row.external_id for row in rows}
    query = select(_contacts.c.external_id, _contacts.c.id).where(_contacts.c.id > before)
    ids.update((external_id, contact_id) for external_id, contact_id in conn.execute(query) if external_id in wanted)
    return ids


def _update_contacts(
    conn: Connection, rows: list[_Row], existing: dict[str, dict[str, Any]], now: datetime
) -> None:
    """Overwrite stored fields with the non-empty cells; merge attributes."""
    if not rows:
        return
    names = [*FIELD_COLUMNS, "attributes"]
    statement = (
        update(_contacts)
        .where(_contacts.c.id == bindparam("b_id"))
        .values({name: bindparam(f"b_{name}") for name in names} | {"updated_at": bindparam("b_updated_at")})
    )
    for start in range(0, len(rows), BATCH):
        batch = []
        for row in rows[start : start + BATCH]:
            stored = existing[row.external_id]
            merged = {name: row.fields.get(name, stored[name]) for name in FIELD_COLUMNS}
            merged["attributes"] = {**(stored["attributes"] or {}), **row.attributes}
            values = {f"b_{name}": value for name, value in merged.items()}
            values.update(b_id=stored["id"], b_updated_at=now)
            batch.append(values)
        conn.execute(statement, batch)


def _add_tags(
    session: Any,
    conn: Connection,
    rows: list[_Row],
    ids: dict[str, int],
    existing_ids: set[int],
    now: datetime,
    reason: str,
) -> None:
    """Give each contact the tags of its row it does not have yet, logging each addition."""
    tagged = [row for row in rows if row.tags]
    if not tagged:
        return
    tag_id = tag_ids(session, {tag for row in tagged for tag in row.tags})
    have: set[tuple[int, int]] = set()
    old = sorted({ids[row.external_id] for row in tagged} & existing_ids)
    for start in range(0, len(old), 500):
        chunk = old[start : start + 500]
        have.update(
            conn.execute(
                select(_contact_tags.c.contact_id, _contact_tags.c.tag_id).where(_contact_tags.c.contact_id.in_(chunk))
            ).tuples()
        )
    links: list[tuple[int, int]] = []
    log: list[tuple[int, str, str]] = []
    for row in tagged:
        contact_id = ids[row.external_id]
        why = f"{reason} line {row.line}"
        for tag in row.tags:
            key = (contact_id, tag_id[tag])
            if key in have:
                continue
            have.add(key)
            links.append(key)
            log.append((contact_id, tag, why))
    bulk_insert(conn, _contact_tags, ["contact_id", "tag_id"], links, constants={"added_at": now})
    bulk_insert(conn, _tag_log, ["contact_id", "tag", "reason"], log, constants={"action": "add", "at": now, "by": IMPORT_BY})
