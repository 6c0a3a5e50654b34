"""Events: recorded with the project's time, future ones kept for later, JSONL import (a long file
chunk by chunk: same rows, errors and contacts as one pass)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from runtime.clock import UTC, VirtualClock
from runtime.contacts import events as events_module
from runtime.contacts.events import import_events_jsonl, parse_time, record_event, touch_last_activity
from runtime.contacts.lookup import get_contact
from runtime.errors import InputError
from runtime.flow.limits import MAX_PROPS_BYTES
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(NOW)


@pytest.fixture
def contacts(project: Project) -> Project:
    with project.write() as session:
        for external_id in ("c1", "c2"):
            session.add(Contact(external_id=external_id, created_at=NOW, updated_at=NOW))
    return project


def events(project: Project) -> list[Event]:
    with project.session() as session:
        return list(session.scalars(select(Event).order_by(Event.id)))


def test_record_event_stamps_now_and_updates_last_activity(contacts: Project, clock: VirtualClock) -> None:
    with contacts.write() as session:
        contact = get_contact(session, "c1")
        event = record_event(session, contact, "purchase", {"total": 1990, "currency": "RUB"}, None, clock)
        assert event.id is not None
    (stored,) = events(contacts)
    assert (stored.name, stored.properties, stored.occurred_at, stored.recorded_at) == (
        "purchase", {"total": 1990, "currency": "RUB"}, NOW, NOW)
    assert stored.processed_at is None
    with contacts.session() as session:
        assert get_contact(session, "c1").last_activity_at == NOW


def test_future_event_is_kept_unprocessed_and_is_not_activity_yet(contacts: Project, clock: VirtualClock) -> None:
    later = NOW + timedelta(days=2)
    with contacts.write() as session:
        record_event(session, get_contact(session, "c1"), "cart_add", None, later, clock)
    (stored,) = events(contacts)
    assert stored.occurred_at == later and stored.processed_at is None and stored.properties == {}
    with contacts.session() as session:
        assert get_contact(session, "c1").last_activity_at is None
    # when the clock reaches it, the engine counts it as activity
    with contacts.write() as session:
        touch_last_activity(session, get_contact(session, "c1").id, later)
        touch_last_activity(session, get_contact(session, "c1").id, NOW)  # never moves back
    with contacts.session() as session:
        assert get_contact(session, "c1").last_activity_at == later


def test_older_event_does_not_move_last_activity_back(contacts: Project, clock: VirtualClock) -> None:
    with contacts.write() as session:
        contact = get_contact(session, "c1")
        record_event(session, contact, "page_view", None, NOW - timedelta(hours=1), clock)
        record_event(session, contact, "page_view", None, NOW - timedelta(days=3), clock)
    with contacts.session() as session:
        assert get_contact(session, "c1").last_activity_at == NOW - timedelta(hours=1)


def test_bad_name_or_props_is_an_input_error(contacts: Project, clock: VirtualClock) -> None:
    with contacts.write() as session:
        contact = get_contact(session, "c1")
        with pytest.raises(InputError, match="contact 'c1': event name is missing"):
            record_event(session, contact, " ", None, None, clock)
        with pytest.raises(InputError, match="props must be a JSON object"):
            record_event(session, contact, "x", [1, 2], None, clock)  # type: ignore[arg-type]


def test_parse_time_accepts_offsets_and_z_and_takes_naive_as_utc() -> None:
    assert parse_time("2026-11-22T12:00:00+03:00") == NOW
    assert parse_time("2026-11-22T09:00:00Z") == NOW
    assert parse_time("2026-11-22T09:00") == NOW
    with pytest.raises(ValueError, match="not ISO 8601"):
        parse_time("yesterday")


def test_jsonl_import_reports_bad_lines_and_imports_the_rest(
    contacts: Project, clock: VirtualClock, tmp_path: Path
) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        '{"contact": "c1", "name": "page_view", "props": {"url": "/"}, "at": "2026-11-21T10:00:00Z"}\n'
        "not json\n"
        '{"contact": "ghost", "name": "purchase"}\n'
        "\n"
        '{"contact": "c2"}\n'
        '{"contact": "c2", "name": "signup", "at": "tomorrow"}\n'
        '{"contact": "c2", "name": "signup"}\n'
        '["c1", "x"]\n'
        '{"contact": "c1", "name": "cart_add", "props": "sku"}\n'
        '{"contact": "c1", "name": "purchase", "at": "2026-12-01T00:00:00+00:00"}\n',
        encoding="utf-8",
    )
    result = import_events_jsonl(contacts, path, clock)
    assert [(e.line, e.reason.split(" (")[0]) for e in result.errors] == [
        (2, "not JSON"),
        (3, "contact 'ghost' not found"),
        (5, "event name is missing"),
        (6, "time 'tomorrow' is not ISO 8601"),
        (8, "not a JSON object"),
        (9, "props must be a JSON object, not str"),
    ]
    assert result.imported == 3 and result.exit_code == 1
    stored = events(contacts)
    assert [(e.name, e.occurred_at) for e in stored] == [
        ("page_view", datetime(2026, 11, 21, 10, tzinfo=UTC)),
        ("signup", NOW),
        ("purchase", datetime(2026, 12, 1, tzinfo=UTC)),
    ]
    assert all(e.recorded_at == NOW and e.processed_at is None for e in stored)
    with contacts.session() as session:
        assert get_contact(session, "c1").last_activity_at == datetime(2026, 11, 21, 10, tzinfo=UTC)
        assert get_contact(session, "c2").last_activity_at == NOW


def test_non_utf8_jsonl_is_refused_whole(contacts: Project, clock: VirtualClock, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_bytes('{"contact": "c1", "name": "ok"}\n{"contact": "c1", "name": "покупка"}\n'.encode("cp1251"))
    with pytest.raises(InputError, match="not UTF-8 text: line 2"):
        import_events_jsonl(contacts, path, clock)
    with contacts.session() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 0


# ---------------------------------------------------------------------------------------------
# a long file, chunk by chunk (a 3-line chunk here)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events_module, "IMPORT_CHUNK_LINES", 3)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_errors_keep_their_line_numbers_across_chunks(contacts: Project, tmp_path: Path, small_chunks: None) -> None:
    path = write(tmp_path / "events.jsonl", [
        '{"contact": "c1", "name": "a"}',
        "not json",
        '{"contact": "ghost", "name": "b"}',
        "",  # line 4, chunk 2
        '{"contact": "c2", "name": "c", "at": "2026-11-21T10:00:00Z"}',
        '{"contact": "c2"}',
        '{"contact": "c1", "name": "d"}',  # line 7, chunk 3
        '{"contact": "nobody", "name": "e"}',
    ])
    result = import_events_jsonl(contacts, path, VirtualClock(NOW))
    assert [(e.line, e.reason.split(" (")[0]) for e in result.errors] == [
        (2, "not JSON"), (3, "contact 'ghost' not found"), (6, "event name is missing"),
        (8, "contact 'nobody' not found")]
    assert result.imported == 3
    with contacts.session() as session:
        assert [e.name for e in session.scalars(select(Event).order_by(Event.id))] == ["a", "c", "d"]
        assert get_contact(session, "c2").last_activity_at == datetime(2026, 11, 21, 10, tzinfo=UTC)


def test_a_contact_created_in_one_chunk_is_found_in_the_next(contacts: Project, tmp_path: Path,
                                                              small_chunks: None) -> None:
    path = write(tmp_path / "events.jsonl", [
        '{"contact": "new1", "name": "signup", "props": {"email": "new1@example.com"}}',
        '{"contact": "c1", "name": "x"}',
        '{"contact": "c1", "name": "y"}',
        '{"contact": "new1", "name": "purchase"}',  # chunk 2: the contact exists by now
        '{"contact": "new1", "name": "purchase"}',
    ])
    result = import_events_jsonl(contacts, path, VirtualClock(NOW), create_contacts=True)
    assert (result.imported, result.created, result.errors) == (5, 1, [])
    with contacts.session() as session:
        new1 = get_contact(session, "new1")
        assert [e.contact_id for e in session.scalars(select(Event).where(Event.name != "x").where(
            Event.name != "y").order_by(Event.id))] == [new1.id] * 3


def test_a_bad_byte_late_in_the_file_changes_nothing(contacts: Project, tmp_path: Path, small_chunks: None) -> None:
    path = tmp_path / "events.jsonl"
    good = "".join('{"contact": "c1", "name": "ok"}\n' for _ in range(7))
    path.write_bytes(good.encode() + '{"contact": "c1", "name": "покупка"}\n'.encode("cp1251"))
    with pytest.raises(InputError, match="not UTF-8 text: line 8"):
        import_events_jsonl(contacts, path, VirtualClock(NOW))
    with contacts.session() as session:
        assert session.scalars(select(Event)).first() is None


def test_props_are_stored_as_readable_json_and_the_limit_counts_escaped_text(
        contacts: Project, tmp_path: Path, small_chunks: None) -> None:
    # 'я' is 6 bytes escaped (\\u044f): just over the limit escaped, well under it as UTF-8
    over = "я" * (MAX_PROPS_BYTES // 6)
    path = write(tmp_path / "events.jsonl", [
        '{"contact": "c1", "name": "покупка", "props": {"товар": "чайник", "n": 2}}',
        '{"contact": "c1", "name": "big", "props": {"t": "' + over + '"}}',
    ])
    result = import_events_jsonl(contacts, path, VirtualClock(NOW))
    assert result.imported == 1
    assert [(e.line, e.reason.split(";")[0]) for e in result.errors] == [
        (2, f"props are {len(over) * 6 + 9:,} bytes as JSON")]
    con = sqlite3.connect(tmp_path / "fixture.fcproj")
    try:
        assert con.execute("SELECT properties FROM events").fetchall() == [('{"товар": "чайник", "n": 2}',)]
    finally:
        con.close()
