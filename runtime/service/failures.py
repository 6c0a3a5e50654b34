"""The one place where an unexpected exception becomes a one-line message for the user.

Used by the CLI's top-level guard (``runtime.cli.main``); it lives behind the service door
because telling who holds a project file needs the storage layer.

Commands raise :class:`~runtime.errors.FlowCanvasError` for bad input they recognise. Anything
else that escapes a command (the database is locked, the file is read-only, a date overflows,
input nests too deeply, a bug) still ends as one line on stderr that names the project or file
the command was working on and says what to do, and exit code 2; ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from runtime.storage.db import is_database_url
from runtime.storage.file_access import describe_holders, describe_runner

__all__ = ["describe_failure", "one_line"]

# attributes of a command's arguments that name the file it reads, most specific first
_FILE_ARGS = ("file", "events", "csv", "path", "out")


def _subject(args: Any) -> str:
    """The file or project the command was working on, for the start of the message."""
    if args is None:
        return "flowcanvas"
    for name in _FILE_ARGS:
        value = getattr(args, name, None)
        if isinstance(value, str) and value:
            project = getattr(args, "project", None)
            return f"{value} (project {project})" if isinstance(project, str) else value
    project = getattr(args, "project", None)
    return project if isinstance(project, str) and project else "flowcanvas"


def _database_message(exc: BaseException, args: Any) -> str | None:
    """A message for SQLite's own errors (locked, read-only, full), or None for others."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error) and not isinstance(exc, OperationalError):
        return None
    text = str(orig).lower()
    project = getattr(args, "project", None) if args is not None else None
    where = project if isinstance(project, str) else "the project"
    if "locked" in text or "busy" in text:
        holder = "another process holds it"
        if isinstance(project, str) and not is_database_url(project):
            holder = describe_holders(Path(project))
            runner = describe_runner(Path(project))
            if runner:
                holder = f"{runner}; {holder}"
        return (
            f"{where}: the project is busy ({holder}); wait until that command finishes "
            "(or stop it) and run this one again"
        )
    if "readonly" in text or "read-only" in text:
        return f"{where}: the project file is read-only; make it and its folder writable, or work on a copy"
    if "disk is full" in text or "disk i/o" in text:
        return f"{where}: cannot write the project file ({orig}); free disk space and run the command again"
    if "unable to open" in text:
        return f"{where}: cannot open the project file ({orig}); check that the folder exists and is writable"
    return None


def describe_failure(exc: BaseException, args: Any) -> str:
    """One line saying what failed, where, and what to do about it."""
    database = _database_message(exc, args)
    if database:
        return database
    subject = _subject(args)
    if isinstance(exc, RecursionError):
        return f"{subject}: the input nests too deeply (conditions or JSON thousands of levels deep); flatten it"
    if isinstance(exc, MemoryError):
        return f"{subject}: not enough memory for this input; split it into smaller files"
    if isinstance(exc, OverflowError):
        return f"{subject}: a date or number is out of range ({exc}); check the times, durations and numbers given"
    if isinstance(exc, OSError):
        name = exc.filename or subject
        return f"{name}: {exc.strerror or exc}; check the path and its permissions"
    if isinstance(exc, UnicodeError):
        return f"{subject}: the text is not valid UTF-8 ({exc}); save the file as UTF-8"
    command = getattr(args, "command", None) if args is not None else None
    return (
        f"{subject}: unexpected error in `flowcanvas {command or ''}` ({type(exc).__name__}: {exc}); "
        "run again with --debug to see the traceback and report it"
    ).replace("`flowcanvas `", "`flowcanvas`")


def one_line(message: str) -> str:
    """``message`` on one line (a newline in user data must not fake a second message)."""
    return " ".join(message.split("\n")) if "\n" in message else message
