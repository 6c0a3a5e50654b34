"""Opening a project: one SQLite file (or a PostgreSQL URL) through the same code path.

``open_project`` is the only way the rest of the runtime gets a database. It applies the
connection settings (WAL, synchronous=NORMAL, foreign keys, busy_timeout on SQLite), brings the
schema up to date with Alembic, and refuses files that are not projects or are newer than
this program, without writing to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from runtime.errors import ProjectError
from runtime.storage.models import Base


def is_database_url(target: str | Path) -> bool:
    """True when ``target`` is a database URL rather than a file path."""
    return isinstance(target, str) and "://" in target


@dataclass
class Project:
    """An open project database."""

    url: str
    engine: Engine
    label: str  # the path or URL as the user gave it, for messages
    _sessions: sessionmaker = field(repr=False, default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def session(self) -> Session:
        """A new ORM session (caller commits/closes)."""
        return self._sessions()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction, committed on success and rolled back on error.

        On SQLite it starts with ``BEGIN IMMEDIATE`` so the one writer takes the lock up front
        instead of failing on upgrade from a read lock.
        """
        with self._sessions() as session:
            session.connection(execution_options={"flowcanvas_immediate": True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's BEGIN IMMEDIATE through: pysqlite would otherwise open transactions itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout = 10000")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        immediate = conn.get_execution_options().get("flowcanvas_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def open_project(target: str | Path, *, create: bool = False) -> Project:
    """Open (or with ``create=True`` create) the project at a file path or database URL."""
    if is_database_url(target):
        engine = create_engine(str(target), future=True)
        project = Project(str(target), engine, str(target))
    else:
        path = Path(target)
        if not create and not path.exists():
            raise ProjectError(f"{path}: no such project file")
        if create and path.exists():
            raise ProjectError(f"{path}: already exists")
        engine = _sqlite_engine(path)
        project = Project(f"sqlite:///{path}", engine, str(path))
    # Placeholder until Alembic migrations land: create tables directly.
    Base.metadata.create_all(engine)
    return project
