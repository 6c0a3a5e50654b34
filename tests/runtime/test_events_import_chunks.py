"""`events import` works through a long file chunk by chunk: same rows, errors and contacts as one pass."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from runtime.clock import UTC, VirtualClock
from runtime.contacts import events as events_module
from runtime.contacts.events import import_events_jsonl
from runtime.contacts.lookup import get_contact
from runtime.errors import InputError
from runtime.flow.limits import MAX_PROPS_BYTES
from runtime.storage.db import Project
from runtime.storage.models import Contact, Event

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def contacts(project: Project) -> Project:
    with project.write() as session:
        for external_id in ("c1", "c2"):
            session.add(Contact(external_id=external_id, created_at=NOW, updated_at=NOW))
    return project


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
