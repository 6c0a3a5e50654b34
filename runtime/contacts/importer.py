"""Importing contacts from a CSV file.

Columns (matched case-insensitively): ``id`` (required: the contact's external id), ``email``,
``phone``, ``telegram_chat_id``, ``whatsapp``, ``first_name``, ``last_name``, ``timezone``,
``birthday`` (YYYY-MM-DD), ``tags`` (``;``-separated), ``push_subscription`` (the browser's
Web Push subscription JSON) and the optional per-channel status
columns ``email_status`` ... ``push_status`` (subscribed / unsubscribed / blocked). Every other
column becomes an attribute; whole numbers and decimals without leading zeros are stored as
numbers, everything else as text. The separator is a comma, or a semicolon or tab when the
header uses those (Excel in Russian locales saves CSV with semicolons).

The file is checked first and written second: a bad row is reported by its line number
(the header is line 1) and skipped, the good rows go in in one transaction, and a file that
cannot be read as a CSV at all (not UTF-8, empty, no ``id`` column) writes nothing. An
existing contact (same external id) is updated: non-empty cells overwrite, empty cells leave
the stored value alone, attributes are merged and tags are only ever added.

Speed matters (100,000 rows in a few seconds; bench/bench_import_contacts.py): rows are
compact tuples written with Core-compiled ``executemany`` batches (``runtime.contacts.bulk``),
tag ids are looked up once, and phones/emails in their usual form take the validators' fast
paths.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Integer, bindparam, func, select, update

from runtime.clock import Clock
from runtime.contacts.bulk import bulk_execute, bulk_insert
from runtime.contacts.fields import MAX_NAME, field_normalizers
from runtime.contacts.normalize import FieldError, check_region, parse_attribute_value, split_tags
from runtime.contacts.push import add_push_subscription, normalize_push_subscription
from runtime.contacts.results import ImportResult, RowError
from runtime.contacts.settings import default_region as project_default_region
from runtime.contacts.settings import default_timezone
from runtime.contacts.tags import tag_ids
from runtime.contacts.textfile import read_utf8
from runtime.errors import InputError
from runtime.storage.db import Project
from runtime.storage.models import CONTACT_FIELD_COLUMNS, CONTACT_STATUS_COLUMNS, Contact, ContactTag, TagLog
from runtime.storage.search_key import refresh_search_keys, search_key

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

__all__ = ["KNOWN_COLUMNS", "ImportResult", "RowError", "import_contacts_csv", "read_csv_header"]

STATUS_COLUMNS = CONTACT_STATUS_COLUMNS
# Columns stored in contact fields (the model's); every other column is an attribute.
FIELD_COLUMNS = (*CONTACT_FIELD_COLUMNS, *CONTACT_STATUS_COLUMNS)
PUSH_COLUMN = "push_subscription"  # the browser's PushSubscription JSON (runtime.contacts.push)
KNOWN_COLUMNS = ("id", *FIELD_COLUMNS, "tags", PUSH_COLUMN)
_REPEATING = frozenset({"first_name", "last_name", "timezone", *STATUS_COLUMNS})
MAX_ID = 200
BATCH = 5000  # rows per executemany: bounded memory per statement, few round trips
IMPORT_BY = "import"

# the fields search_key is made of, besides the external id
_KEY_FIELDS = ("email", "phone", "telegram_chat_id", "first_name", "last_name")
_contacts = Contact.__table__
_contact_tags = ContactTag.__table__
_tag_log = TagLog.__table__


@dataclass(slots=True)
class _Row:
    """One good CSV row: contact fields (in FIELD_COLUMNS order, None = empty cell), attributes, tags.

    A tuple rather than a dict per row, and repeated values shared, keep 100,000 parsed rows
    small (a dict per row doubled the import's peak memory).
    """

    line: int
    external_id: str
    fields: tuple[str | None, ...]
    attributes: dict[str, Any]
    tags: tuple[str, ...]
    push: dict[str, Any] | None = None


@dataclass
class _Parsed:
    rows: list[_Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _header_cells(reader: Iterator[list[str]], source: str) -> list[str]:
    """The raw cells of the header line; InputError when it is missing or unreadable."""
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"{source}: line 1: not a readable CSV header ({exc})") from None
    if header is None or not any(cell.strip() for cell in header):
        raise InputError(f"{source}: empty file: expected a header line with an 'id' column")
    return header


def _csv_reader(text: str) -> CsvReader:
    return csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)


def read_csv_header(path: str | Path) -> list[str]:
    """The column names of the CSV file ``path``'s header, read as the import reads them
    (UTF-8, separator judged from the header), for choosing a column mapping before importing."""
    return [cell.strip() for cell in _header_cells(_csv_reader(read_utf8(path)), str(path))]


def _read_header(reader: Iterator[list[str]], source: str, mapping: Mapping[str, str] | None = None) -> list[str]:
    """Column names of the header line, renamed by ``mapping`` (header name -> field or
    attribute name); InputError when it is missing or unusable or a mapped column is absent."""
    header = _header_cells(reader, source)
    columns: list[str] = []
    seen: set[str] = set()
    mapping = {k.strip(): v.strip() for k, v in (mapping or {}).items()}
    names = [cell.strip() for cell in header]
    for source_name in mapping:
        if source_name not in names:
            raise InputError(f"{source}: line 1: --map {source_name!r}: no such column "
                             f"(the header has: {', '.join(names)})")
    for position, cell in enumerate(header, start=1):
        name = mapping.get(cell.strip(), cell.strip())
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


def _delimiter(text: str) -> str:
    """The field separator, judged from the header line: comma, semicolon or tab.

    Excel in Russian (and other comma-decimal) locales saves "CSV" with semicolons; the header
    holds only column names, so whichever separator it uses most is the file's.
    """
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _parse_rows(text: str, source: str, region: str | None, today: date,
                mapping: Mapping[str, str] | None = None) -> _Parsed:
    """Check every data row; good rows become :class:`_Row`, bad ones :class:`RowError`."""
    reader = _csv_reader(text)
    columns = _read_header(reader, source, mapping)
    width = len(columns)
    rows = _RowParser(columns, region, today)
    parsed = _Parsed()
    while True:
        line = reader.line_num + 1  # where the next record starts (a quoted cell may span lines)
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            raise InputError(f"{source}: line {line}: broken CSV ({exc}); nothing was imported") from None
        if cells is None:
            break
        if not "".join(cells).strip():
            continue  # blank lines are not rows
        if len(cells) != width:
            parsed.errors.append(RowError(line, f"{len(cells)} fields, but the header has {width} columns"))
            continue
        row = rows.parse(cells, line)
        if isinstance(row, RowError):
            parsed.errors.append(row)
        else:
            parsed.rows.append(row)
    return parsed


class _RowParser:
    """Turns the cells of one data row into a :class:`_Row` or a :class:`RowError` naming every reason."""

    def __init__(self, columns: list[str], region: str | None, today: date) -> None:
        self.id_index = columns.index("id")
        self.tags_index = columns.index("tags") if "tags" in columns else None
        self.push_index = columns.index(PUSH_COLUMN) if PUSH_COLUMN in columns else None
        normalizers = field_normalizers(region, today)
        # (cell index, position in FIELD_COLUMNS, normaliser, value repeats across rows)
        self.fields = [
            (i, FIELD_COLUMNS.index(name), normalizers[name], name in _REPEATING)
            for i, name in enumerate(columns)
            if name in normalizers
        ]
        self.attributes = [(i, name) for i, name in enumerate(columns) if name not in KNOWN_COLUMNS]
        self.shared: dict[Any, Any] = {}  # one copy of each repeated value (names, zones, cities, tags)
        self.empty: list[Any] = [None] * len(FIELD_COLUMNS)
        self.first_line: dict[str, int] = {}

    def parse(self, cells: list[str], line: int) -> _Row | RowError:
        reasons: list[str] = []
        external_id = cells[self.id_index].strip()
        if not external_id:
            reasons.append("id is empty")
        elif len(external_id) > MAX_ID:
            reasons.append(f"id is longer than {MAX_ID} characters")
        elif external_id in self.first_line:
            reasons.append(f"duplicate id {external_id!r} (first on line {self.first_line[external_id]})")
        else:
            self.first_line[external_id] = line
        values = self._fields(cells, reasons)
        attrs = self._attributes(cells)
        shared = self.shared
        tags = () if self.tags_index is None else tuple(shared.setdefault(t, t) for t in split_tags(cells[self.tags_index]))
        for tag in tags:
            if len(tag) > MAX_NAME:
                reasons.append(f"tag {tag[:40]!r}... is longer than {MAX_NAME} characters")
        push = None
        if self.push_index is not None and cells[self.push_index].strip():
            try:
                push = normalize_push_subscription(cells[self.push_index])
            except FieldError as exc:
                reasons.append(str(exc))
        if reasons:
            return RowError(line, "; ".join(reasons))
        return _Row(line, external_id, tuple(values), attrs, tags, push)

    def _fields(self, cells: list[str], reasons: list[str]) -> list[Any]:
        values = self.empty.copy()
        shared = self.shared
        for index, position, normalize, repeats in self.fields:
            cell = cells[index]
            if cell and not cell.isspace():
                try:
                    value = normalize(cell)
                except FieldError as exc:
                    reasons.append(str(exc))
                else:
                    values[position] = shared.setdefault(value, value) if repeats else value
        return values

    def _attributes(self, cells: list[str]) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        shared = self.shared
        for index, name in self.attributes:
            if cells[index].strip():
                value = parse_attribute_value(cells[index])
                # share text only: 1 and 1.0 are equal dict keys but must stay int and float
                attrs[name] = shared.setdefault(value, value) if isinstance(value, str) else value
        return attrs


def import_contacts_csv(
    project: Project, path: str | Path, clock: Clock, default_region: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ImportResult:
    """Import (create or update) contacts from the CSV file ``path``.

    ``mapping`` renames columns first (``{"имя": "first_name"}``): a header name to a contact
    field, ``tags``, ``push_subscription`` or an attribute name.

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
    with _gc_paused():
        # Parse before taking the write lock: checking 100,000 rows takes seconds.
        parsed = _parse_rows(text, source, region, now.date(), mapping)
        del text  # the rows hold what is needed; a big file's text need not outlive parsing
        result = ImportResult(errors=parsed.errors)
        if not parsed.rows:
            return result
        reason = f"imported from {Path(path).name}"
        with project.write() as session:
            conn = session.connection()
            with _big_cache(conn):
                existing = _existing_contacts(conn, [row.external_id for row in parsed.rows])
                new_rows = [row for row in parsed.rows if row.external_id not in existing]
                old_rows = [row for row in parsed.rows if row.external_id in existing]
                ids = _insert_contacts(conn, new_rows, zone, now)
                _update_contacts(conn, old_rows, existing, now)
                ids.update({external_id: stored[0] for external_id, stored in existing.items()})
                old_ids = {stored[0] for stored in existing.values()}
                _add_tags(session, conn, parsed.rows, ids, old_ids, now, reason)
                for row in parsed.rows:
                    if row.push is not None:
                        add_push_subscription(session, ids[row.external_id], row.push, now)
    result.created = len(new_rows)
    result.updated = len(old_rows)
    return result


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while an import builds its rows.

    An import allocates hundreds of thousands of small dicts and lists, none of them in
    reference cycles; the collector would rescan the growing heap again and again (about a
    quarter of the parse time) without freeing anything. Reference counting still frees memory.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _big_cache(conn: Connection) -> Iterator[None]:
    """On SQLite, a 64 MB page cache for this connection while the import writes.

    Inserting 100,000 contacts updates four indexes in random key order; the default 2 MB
    cache makes SQLite re-read index pages over and over. The old size is put back afterwards.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    old = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(old or -2000)}")  # -2000: SQLite's default


def _existing_contacts(conn: Connection, external_ids: list[str]) -> dict[str, tuple[int, dict[str, Any]]]:
    """(id, attributes) of the stored contacts among ``external_ids``, by external id."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    columns = (_contacts.c.external_id, _contacts.c.id, _contacts.c.attributes)
    for start in range(0, len(external_ids), 500):  # stay under bound-parameter limits
        chunk = external_ids[start : start + 500]
        query = select(*columns).where(_contacts.c.external_id.in_(chunk))
        for external_id, contact_id, attributes in conn.execute(query):
            found[external_id] = (contact_id, attributes or {})
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
    blank: dict[str, Any] = dict.fromkeys(FIELD_COLUMNS)
    blank.update(dict.fromkeys(STATUS_COLUMNS, "subscribed"))
    blank["timezone"] = zone
    defaults = [blank[name] for name in FIELD_COLUMNS]
    email, phone, chat, first, last = (FIELD_COLUMNS.index(name) for name in _KEY_FIELDS)
    values = (
        [
            row.external_id,
            *[default if value is None else value for value, default in zip(row.fields, defaults, strict=True)],
            row.attributes,
            search_key(row.external_id, row.fields[email], row.fields[first], row.fields[last],
                       row.fields[phone], row.fields[chat]),
        ]
        for row in rows
    )
    bulk_insert(
        conn,
        _contacts,
        ["external_id", *FIELD_COLUMNS, "attributes", "search_key"],
        values,
        constants={"push_subscriptions": [], "created_at": now, "updated_at": now, "last_activity_at": None},
    )
    wanted = {row.external_id for row in rows}
    query = select(_contacts.c.external_id, _contacts.c.id).where(_contacts.c.id > before)
    ids.update((external_id, contact_id) for external_id, contact_id in conn.execute(query) if external_id in wanted)
    return ids


def _update_contacts(
    conn: Connection, rows: list[_Row], existing: dict[str, tuple[int, dict[str, Any]]], now: datetime
) -> None:
    """Overwrite stored fields with the non-empty cells (COALESCE keeps the rest); merge attributes."""
    if not rows:
        return
    columns = [*FIELD_COLUMNS, "attributes"]
    values: dict[str, ColumnElement[Any]] = {
        name: func.coalesce(bindparam(f"b_{name}", type_=_contacts.c[name].type), _contacts.c[name])
        for name in columns
    }
    values["updated_at"] = bindparam("b_updated_at", type_=_contacts.c.updated_at.type)
    statement = update(_contacts).where(_contacts.c.id == bindparam("b_id", type_=Integer)).values(values)
    params = []
    for row in rows:
        contact_id, stored = existing[row.external_id]
        params.append([*row.fields, {**stored, **row.attributes} if row.attributes else None, contact_id])
    bulk_execute(conn, statement, [*(f"b_{name}" for name in columns), "b_id"], params, {"b_updated_at": now})
    refresh_search_keys(conn, (existing[row.external_id][0] for row in rows))


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
    constants = {"action": "add", "at": now, "by": IMPORT_BY}
    bulk_insert(conn, _tag_log, ["contact_id", "tag", "reason"], log, constants=constants)
