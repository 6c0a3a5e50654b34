"""Opening a project: one SQLite file (or a PostgreSQL URL) through the same code path.

``open_project`` is the only way the rest of the runtime gets a database. It applies the
connection settings (WAL, synchronous=NORMAL, foreign keys, busy_timeout on SQLite), brings the
schema up to date with Alembic, and refuses files that are not projects or are newer than
this program, without writing to them.

Before any read-write connection touches a file (setting WAL alone rewrites its header), a
read-only preflight checks the 16-byte SQLite header, that the schema can be read, and which
Alembic revision the file carries.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url, select, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from runtime.errors import ProjectError, ReadOnlyProjectError
from runtime.storage.file_access import check_writable
from runtime.storage.settings import set_setting

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHEMA_VERSION_KEY = "schema_version"
VERSION_TABLE = "alembic_version"
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
#: how long a connection waits for another process's write lock before "database is locked"
BUSY_TIMEOUT_MS = 10_000
#: PostgreSQL rolled the transaction back only so that another could go on: deadlock_detected,
#: serialization_failure. Running it again from the start is what the server asks for.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})
#: how many times :meth:`Project.write_retrying` runs a transaction PostgreSQL rolled back
WRITE_ATTEMPTS = 5

log = logging.getLogger(__name__)
T = TypeVar("T")


def _json_dumps(value: object) -> str:
    """JSON for JSON columns, kept readable (Cyrillic and Chinese stay as they are)."""
    # allow_nan=False: NaN/Infinity are not JSON; refusing them here keeps every export readable
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def is_database_url(target: str | Path) -> bool:
    """True when ``target`` is a database URL rather than a file path."""
    return isinstance(target, str) and "://" in target


@dataclass
class Project:
    """An open project database."""

    url: str
    engine: Engine
    label: str  # the path or URL as the user gave it, for messages
    _sessions: sessionmaker[Session] = field(init=False, repr=False)
    #: Why this handle may not write ('' = it may): set when the project was opened read-only
    #: because another runner holds it. Every write goes through :meth:`write`, so this one
    #: check covers the whole service.
    read_only: str = field(default="", init=False)

    def __post_init__(self) -> None:
        # The label travels with every session so repositories can name the project in errors.
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info={"project": self.label})

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
        instead of failing on upgrade from a read lock. Raises :class:`ReadOnlyProjectError`,
        before touching the database, when the project was opened read-only.
        """
        if self.read_only:
            raise ReadOnlyProjectError(f"{self.label} is open read-only ({self.read_only}): take over to change it")
        with self._sessions() as session:
            session.connection(execution_options={"flowcanvas_immediate": True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def write_retrying(self, work: Callable[[Session], T], *, what: str = "a write") -> T:
        """``work(session)`` in a :meth:`write` transaction, run again from the start when
        PostgreSQL rolled the transaction back as a deadlock victim or a serialization failure
        (up to :data:`WRITE_ATTEMPTS` times; then the error is raised).

        The rolled-back transaction changed nothing, so ``work`` must only keep state that it
        builds afresh on each call. Several workers sharing a database wait on each other's row
        locks; in the rare order where two wait on each other the server picks one to roll back,
        and a worker that stopped there would leave its claimed work to the next tick.
        """
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.write() as session:
                    return work(session)
            except DBAPIError as exc:
                code = getattr(exc.orig, "sqlstate", None)
                if code not in RETRY_SQLSTATES or attempt == WRITE_ATTEMPTS:
                    raise
                log.warning("%s: %s was rolled back by the server (SQLSTATE %s); running it again (%d of %d)",
                            self.label, what, code, attempt + 1, WRITE_ATTEMPTS)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def close(self) -> None:
        """Close every pooled connection (SQLite then checkpoints and removes the WAL file)."""
        self.engine.dispose()


# ---------------------------------------------------------------------------------------------
# Engines


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(
        URL.create("sqlite", database=str(path)), future=True, json_serializer=_json_dumps
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN IMMEDIATE through: pysqlite would otherwise open transactions itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("flowcanvas_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


# ---------------------------------------------------------------------------------------------
# Alembic


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every revision id this program's migrations know (read once per process: loading the
    migration scripts costs about 100 ms, and they cannot change while it runs)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


@functools.cache
def head_revision() -> str:
    """The newest schema revision this program knows (read once per process)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def _check_revision(revision: str | None, label: str) -> None:
    if revision is not None and revision not in _plain_revisions() and revision not in known_revisions():
        raise ProjectError(
            f"{label}: created by a newer FlowCanvas (schema {revision}); update FlowCanvas to open it"
        )


_REVISION = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*[\"']([^\"']+)[\"']", re.M)


@functools.cache
def _plain_chain() -> tuple[frozenset[str], str | None]:
    """The revisions read from the migration files' ``revision``/``down_revision`` lines, and the
    head when they form one plain chain (else None: Alembic decides). Importing Alembic and
    loading every script costs a CLI command about a fifth of its start-up; opening an
    up-to-date project (nearly always) needs neither."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.findall(source)
        if len(found) > 1:
            return frozenset(), None
        revisions.update(found)
        parents.update(_DOWN_REVISION.findall(source))
    heads = revisions - parents
    return frozenset(revisions), (heads.pop() if len(heads) == 1 else None)


def _plain_revisions() -> frozenset[str]:
    return _plain_chain()[0]


def _plain_head() -> str | None:
    return _plain_chain()[1]


def _current_revision(engine: Engine) -> str | None:
    """The project's stored revision (None: a new file, or several rows: let Alembic look)."""
    with engine.connect() as conn:
        try:
            rows = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").all()
        except SQLAlchemyError:  # no version table yet
            rows = []
        conn.rollback()
    return rows[0][0] if len(rows) == 1 else None


def _migrate(engine: Engine, label: str) -> None:
    """Upgrade the schema to head and stamp ``schema_version`` (no-op when already current)."""
    plain = _plain_head()
    if plain is not None and _current_revision(engine) == plain:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    head = head_revision()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    _check_revision(current, label)
    if current == head:
        return
    config = _alembic_config()
    try:
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
        with Session(engine) as session:
            set_setting(session, SCHEMA_VERSION_KEY, head)
            session.commit()
    except SQLAlchemyError as exc:
        raise ProjectError(f"{label}: cannot update the project schema: {exc}") from exc


# ---------------------------------------------------------------------------------------------
# Preflight: look at a file without changing a byte of it


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise ProjectError(f"{path}: cannot read the project file: {exc.strerror or exc}") from exc


def _sqlite_preflight(path: Path) -> None:
    """Refuse a file that is not a FlowCanvas project, is damaged, or is newer than us.

    Uses a read-only connection so a refused file keeps every byte.
    """
    if path.is_dir():
        raise ProjectError(f"{path}: is a directory, not a project file")
    header = _read_header(path)
    if header == SQLITE_HEADER:
        check_writable(path)
    if header != SQLITE_HEADER:
        what = "an empty file" if not header else "not a SQLite database"
        raise ProjectError(f"{path}: not a FlowCanvas project ({what})")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot open the project file: {exc}") from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if VERSION_TABLE not in tables:
            raise ProjectError(f"{path}: not a FlowCanvas project (no schema version)")
        row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        # quick_check reads every page: worth it to refuse damage before writing, but too slow
        # to do on every open of a big project (damage there still surfaces as ProjectError later).
        if path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
            result = conn.execute("PRAGMA quick_check(1)").fetchone()
            if result and result[0] != "ok":
                raise ProjectError(f"{path}: the project file is damaged ({result[0]})")
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path}: the project file is damaged ({exc})") from exc
    finally:
        conn.close()
    _check_revision(row[0] if row else None, str(path))


def _url_preflight(engine: Engine, label: str, create: bool) -> None:
    """A server database: refuse foreign or newer schemas, and re-creating an existing project."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if VERSION_TABLE in tables:
                revision = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    except SQLAlchemyError as exc:
        raise ProjectError(f"{label}: cannot connect to the project database: {exc}") from exc
    if create and VERSION_TABLE in tables:
        raise ProjectError(f"{label}: already holds a FlowCanvas project")
    if not create and VERSION_TABLE not in tables:
        raise ProjectError(f"{label}: not a FlowCanvas project (run `flowcanvas init` on it first)")
    if tables - {VERSION_TABLE} and VERSION_TABLE not in tables:
        raise ProjectError(f"{label}: database holds other tables; not a FlowCanvas project")
    _check_revision(revision, label)


def _masked(url: str) -> str:
    """``url`` with anything between ``://`` and ``@`` hidden (it may hold a password)."""
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest:
        return f"{scheme}://***@{rest.rpartition('@')[2]}"
    return url


def open_project(target: str | Path, *, create: bool = False, migrate: bool = True) -> Project:
    """Open (or with ``create=True`` create) the project at a file path or database URL.

    ``migrate=False`` skips the schema upgrade, for a second connection of a process that has
    just opened (and so upgraded) the same project: loading the migration scripts compiles them,
    which holds the interpreter lock long enough to make a window stutter.

    Raises :class:`ProjectError` naming the file when it does not exist (or, creating, does),
    is not a FlowCanvas project, is damaged, or was written by a newer FlowCanvas.
    """
    if is_database_url(target):
        url = str(target)
        try:
            parsed = make_url(url)
            if parsed.drivername in ("postgresql", "postgres"):
                # psycopg 3 is the driver we ship; a bare postgresql:// would ask for psycopg2.
                parsed = parsed.set(drivername="postgresql+psycopg")
            label = parsed.render_as_string(hide_password=True)  # never print a password
            engine = create_engine(parsed, future=True, json_serializer=_json_dumps)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise ProjectError(f"{_masked(url)}: not a usable database URL: {exc}") from exc
        try:
            _url_preflight(engine, label, create)
        except BaseException:
            engine.dispose()
            raise
        project = Project(url, engine, label)
    else:
        path = Path(target)
        if create:
            if path.exists():
                raise ProjectError(f"{path}: already exists; not overwriting it")
            if not path.parent.is_dir():
                raise ProjectError(f"{path}: folder {path.parent} does not exist")
        else:
            if not path.exists():
                raise ProjectError(f"{path}: no such project file")
            _sqlite_preflight(path)
        engine = _sqlite_engine(path)
        project = Project(f"sqlite:///{path}", engine, str(path))
    try:
        if migrate or create:
            _migrate(project.engine, project.label)
    except BaseException:
        project.close()
        if create and not is_database_url(target):
            remove_project_files(Path(target))
        raise
    return project


def remove_project_files(path: Path) -> None:
    """Remove a project file we just failed to create (and its WAL side files).

    Only for files this process created a moment ago: never call it on a user's project.
    """
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def schema_version(project: Project) -> str | None:
    """The Alembic revision stored in the project (``alembic_version``)."""
    with project.engine.connect() as conn:
        return conn.execute(select(text("version_num")).select_from(text(VERSION_TABLE))).scalar()
