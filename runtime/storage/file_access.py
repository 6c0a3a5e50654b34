"""Facts about a project file the operating system can tell: can we write it, who has it open.

SQLite only says "attempt to write a readonly database" or "database is locked"; a user needs
to know which file, why, and who holds it. Holders are found through ``/proc`` (Linux); on other
systems the list is empty and messages say only that the file is busy.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from runtime.errors import ProjectError

__all__ = ["FileHolder", "check_writable", "describe_holders", "describe_runner", "file_holders"]

_SIDE_FILES = ("", "-wal", "-shm", "-journal")


@dataclass(frozen=True)
class FileHolder:
    """A process that has the project file (or its WAL side files) open."""

    pid: int
    command: str


def check_writable(path: Path) -> None:
    """Refuse a project file that is read-only (by permission bits, even for root) or in a read-only folder."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reported by whoever opens it
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise ProjectError(
            f"{path}: the project file is read-only; make it writable (chmod u+w '{path}') "
            "or work on a copy of it"
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise ProjectError(
            f"{path}: the folder {path.parent} is not writable, and SQLite keeps its journal next to the "
            "project file; make the folder writable or move the project"
        )


def _command_of(pid: str) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
    return " ".join(words)[:200] or "?"


def file_holders(path: Path) -> list[FileHolder]:
    """Other processes that have ``path`` (or its -wal/-shm/-journal file) open, where /proc tells."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    try:
        targets = {str(Path(f"{path}{suffix}").resolve()) for suffix in _SIDE_FILES}
    except OSError:
        return []
    me = os.getpid()
    out = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            fds = list((entry / "fd").iterdir())
        except OSError:
            continue  # another user's process, or it just ended
        for fd in fds:
            try:
                if os.readlink(fd) in targets:
                    out.append(FileHolder(int(entry.name), _command_of(entry.name)))
                    break
            except OSError:
                continue
    return sorted(out, key=lambda h: h.pid)


def describe_holders(path: Path) -> str:
    """``held by pid 123 (flowcanvas run shop.fcproj)`` or a fallback when nobody can be named."""
    holders = file_holders(path)
    if not holders:
        return "another process holds it"
    named = ", ".join(f"pid {h.pid} ({h.command})" for h in holders[:3])
    return f"held by {named}"


def describe_runner(path: Path) -> str | None:
    """``running in `flowcanvas run` on host X (pid 123) since 10:42 UTC`` when the file's runner
    lease names a holder; read through a read-only connection, so it works while the project is
    locked for writing. None when there is no lease (or it cannot be read)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
        try:
            row = conn.execute("SELECT holder, host, pid, acquired_at FROM runner_lease WHERE name = 'engine'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:  # no lease table yet, or the file is not readable: say nothing more
        return None
    if row is None:
        return None
    holder, host, pid, acquired_at = row
    since = str(acquired_at)[11:16]  # stored as naive UTC "YYYY-MM-DD HH:MM:SS..."
    return f"running in {holder} on host {host} (pid {pid}) since {since} UTC"
