"""A temporary PostgreSQL cluster on 127.0.0.1: what the ``pg_server`` test fixture and the
PostgreSQL benchmarks start (initdb + pg_ctl as the ``postgres`` user, because initdb refuses
root; trust auth, a free port, fsync off). Free of pytest so ``bench/`` can use it too.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/14/bin")


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL cluster could be started here (the message says why)."""


@dataclass
class PgServer:
    """A running temporary PostgreSQL cluster."""

    host: str
    port: int
    user: str = "postgres"
    base: Path | None = field(default=None, repr=False)
    bindir: Path | None = field(default=None, repr=False)

    def url(self, database: str) -> str:
        """A SQLAlchemy URL (psycopg 3) for ``database`` on this server."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the cluster and delete its files (idempotent)."""
        if self.base is None or self.bindir is None:
            return
        subprocess.run(
            _as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.base / "data"), "-m", "immediate", "-w", "stop"]),
            capture_output=True, text=True,
        )
        shutil.rmtree(self.base, ignore_errors=True)
        self.base = None


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_bin() -> Path | None:
    """The directory of ``initdb``/``pg_ctl``, or None when PostgreSQL is not installed."""
    for candidate in PG_BIN_DIRS:
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root; the Debian package creates the `postgres` user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start_cluster() -> PgServer:
    """Start a temporary cluster; :class:`ClusterUnavailable` with the reason if none can start."""
    bindir = pg_bin()
    if bindir is None:
        raise ClusterUnavailable("PostgreSQL server binaries not found (install the `postgresql` package: "
                                 "make system-deps)")
    base = Path(tempfile.mkdtemp(prefix="flowcanvas-pg-"))
    data = base / "data"
    log = base / "server.log"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    port = free_port()
    initdb = subprocess.run(
        _as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                      "--encoding=UTF8", "--no-sync"]),
        capture_output=True, text=True,
    )
    if initdb.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise ClusterUnavailable(f"initdb failed: {initdb.stderr.strip() or initdb.stdout.strip()}")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c max_connections=100"
    start = subprocess.run(
        _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"]),
        capture_output=True, text=True,
    )
    if start.returncode != 0:
        detail = log.read_text(errors="replace") if log.exists() else start.stderr
        shutil.rmtree(base, ignore_errors=True)
        raise ClusterUnavailable(f"PostgreSQL did not start: {detail.strip()[-2000:]}")
    return PgServer("127.0.0.1", port, base=base, bindir=bindir)
