"""Opening and creating project files: migrations, pragmas, and refusing what is not ours."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from runtime.errors import ProjectError
from runtime.storage.db import head_revision, open_project, schema_version
from runtime.storage.settings import get_setting, set_setting
from runtime.storage.models import Base


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_project_file(path: Path) -> Path:
    open_project(path, create=True).close()
    return path


def test_new_project_is_stamped_with_the_current_schema(project_path: Path) -> None:
    project = open_project(project_path, create=True)
    try:
        assert schema_version(project) == head_revision()
        with project.session() as session:
            assert get_setting(session, "schema_version") == head_revision()
    finally:
        project.close()


def test_migrations_create_exactly_the_tables_of_the_models(project_path: Path) -> None:
    project = open_project(project_path, create=True)
    try:
        with project.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            index_sql = conn.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'uq_executions_active'")
            ).scalar()
        assert "WHERE status = 'active'" in index_sql
    finally:
        project.close()


def test_sqlite_connection_settings(project_path: Path) -> None:
    project = open_project(project_path, create=True)
    try:
        with project.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        project.close()


def test_reopening_keeps_data_and_does_not_migrate_again(project_path: Path) -> None:
    project = open_project(project_path, create=True)
    with project.write() as session:
        set_setting(session, "sandbox", True)
    project.close()
    project = open_project(project_path)
    try:
        with project.session() as session:
            assert get_setting(session, "sandbox") is True
        assert schema_version(project) == head_revision()
    finally:
        project.close()


def test_write_rolls_back_on_error(project: object) -> None:
    with pytest.raises(RuntimeError):
        with project.write() as session:  # type: ignore[attr-defined]
            set_setting(session, "half", 1)
            raise RuntimeError("boom")
    with project.session() as session:  # type: ignore[attr-defined]
        assert get_setting(session, "half") is None


def test_active_execution_is_unique_per_flow_and_contact(project: object) -> None:
    """The partial unique index: one active execution per (flow, contact), any number ended."""
    from datetime import datetime

    from runtime.clock import UTC
    from runtime.storage.models import Contact, Execution, FlowRow, FlowVersion

    now = datetime(2026, 1, 1, tzinfo=UTC)
    with project.write() as s:  # type: ignore[attr-defined]
        contact = Contact(external_id="c1", created_at=now, updated_at=now)
        flow = FlowRow(name="F", draft="{}", created_at=now, updated_at=now)
        s.add_all([contact, flow])
        s.flush()
        version = FlowVersion(flow_id=flow.id, version=1, definition="{}", published_at=now)
        s.add(version)
        s.flush()
        ids = dict(flow_id=flow.id, version_id=version.id, contact_id=contact.id, entered_at=now)
        s.add_all([Execution(status="completed", **ids), Execution(status="completed", **ids)])
        s.add(Execution(status="active", **ids))
    with pytest.raises(IntegrityError):
        with project.write() as s:  # type: ignore[attr-defined]
            s.add(Execution(status="active", **ids))


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = make_project_file(tmp_path / "p.fcproj")
    before = digest(path)
    with pytest.raises(ProjectError, match="already exists"):
        open_project(path, create=True)
    assert digest(path) == before

    other = tmp_path / "notes.txt"
    other.write_text("keep me")
    with pytest.raises(ProjectError, match="notes.txt"):
        open_project(other, create=True)
    assert other.read_text() == "keep me"


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match=r"nope\.fcproj: no such project file"):
        open_project(tmp_path / "nope.fcproj")
    assert not (tmp_path / "nope.fcproj").exists()


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file"),
        (b"name,email\nann,ann@example.com\n", "not a SQLite database"),
        (b"SQLite format 2\x00" + b"\x00" * 200, "not a SQLite database"),
    ],
)
def test_not_a_sqlite_file_is_refused_unchanged(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.fcproj"
    path.write_bytes(content)
    with pytest.raises(ProjectError) as info:
        open_project(path)
    assert str(path) in str(info.value) and reason in str(info.value)
    assert path.read_bytes() == content
    assert not Path(f"{path}-wal").exists()


def test_sqlite_file_of_another_program_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="other.db: not a FlowCanvas project"):
        open_project(path)
    assert digest(path) == before


def test_corrupt_project_is_refused_unchanged(tmp_path: Path) -> None:
    path = make_project_file(tmp_path / "p.fcproj")
    data = bytearray(path.read_bytes())
    # Keep the 100-byte header, wreck the rest of page 1 (the schema table) and a later page.
    data[100:4096] = b"\xa5" * (4096 - 100)
    data[8192:9000] = b"\x5a" * 808
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(ProjectError) as info:
        open_project(path)
    assert str(path) in str(info.value) and "damaged" in str(info.value)
    assert digest(path) == before


def test_truncated_project_is_refused_unchanged(tmp_path: Path) -> None:
    path = make_project_file(tmp_path / "p.fcproj")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = digest(path)
    with pytest.raises(ProjectError, match="p.fcproj"):
        open_project(path)
    assert digest(path) == before


def test_project_from_a_newer_flowcanvas_is_refused_unchanged(tmp_path: Path) -> None:
    path = make_project_file(tmp_path / "p.fcproj")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="p.fcproj: created by a newer FlowCanvas"):
        open_project(path)
    assert digest(path) == before


def test_project_without_schema_version_row_is_migrated(tmp_path: Path) -> None:
    """A file stamped with nothing (an interrupted first migration) still has our version table."""
    path = tmp_path / "p.fcproj"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.commit()
    conn.close()
    project = open_project(path)
    try:
        assert schema_version(project) == head_revision()
    finally:
        project.close()


def test_directory_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="directory"):
        open_project(tmp_path)
