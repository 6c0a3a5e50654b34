"""One runner per project: the lease the designer and ``flowcanvas run`` take before they tick.

A SQLite project is advanced by exactly one runner at a time. The runner takes the row
``runner_lease(name='engine')`` in a write transaction (``BEGIN IMMEDIATE``, so two runners
racing for it are serialised by SQLite itself), renews its heartbeat while it runs and releases
the row when it stops. A second runner finds the row held and gets :class:`LeaseHeldError`, whose
message names the holder ("running in `flowcanvas run` on host X (pid N) since 10:42"). A runner
that crashed stops renewing; once its lease has expired anyone may take it over, and anyone may
take it over at once with ``take_over=True`` (the user said so): the old holder then notices at
its next renewal (:class:`LeaseLostError`) and stops.

On PostgreSQL several workers share the work instead (due tokens are claimed with ``FOR UPDATE
SKIP LOCKED``), so no lease is taken there and :func:`acquire_lease` returns a shared lease.

Lease times are wall-clock times (a virtual-clock project still crashes in real time), read
through an injected :class:`~runtime.clock.Clock`.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from runtime.clock import Clock, SystemClock, ensure_utc
from runtime.errors import ProjectError
from runtime.i18n import _
from runtime.storage.db import Project
from runtime.storage.models import RunnerLease

log = logging.getLogger(__name__)

LEASE_NAME = "engine"
#: A lease not renewed for this long belongs to a runner that is gone.
LEASE_TTL = timedelta(seconds=30)
#: How often a running runner renews its lease (well inside the TTL).
HEARTBEAT_EVERY = timedelta(seconds=10)

DESIGNER = "the designer"
CLI_RUN = "`flowcanvas run`"


@dataclass(frozen=True)
class LeaseHolder:
    """Who holds a project's runner lease (plain data, shown to users)."""

    holder: str
    host: str
    pid: int
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime

    def describe(self) -> str:
        """``running in `flowcanvas run` on host X (pid 123) since 10:42 UTC``."""
        since = ensure_utc(self.acquired_at).strftime("%H:%M UTC")
        return _("running in {holder} on host {host} (pid {pid}) since {since}").format(
            holder=self.holder, host=self.host, pid=self.pid, since=since)

    def expired(self, now: datetime) -> bool:
        return ensure_utc(self.expires_at) <= ensure_utc(now)

    def to_json(self) -> dict[str, object]:
        return {"holder": self.holder, "host": self.host, "pid": self.pid,
                "acquired_at": ensure_utc(self.acquired_at).isoformat(),
                "heartbeat_at": ensure_utc(self.heartbeat_at).isoformat(),
                "expires_at": ensure_utc(self.expires_at).isoformat()}


class LeaseHeldError(ProjectError):
    """Another live runner holds the project's lease; ``holder`` says who."""

    def __init__(self, label: str, holder: LeaseHolder) -> None:
        super().__init__(f"project {label} is already {holder.describe()}; only one runner may advance "
                         f"a project: stop it, open read-only, or take over")
        self.holder = holder


class LeaseLostError(ProjectError):
    """This runner's lease was taken over by another runner (or released underneath it)."""


def _holder(row: RunnerLease) -> LeaseHolder:
    return LeaseHolder(row.holder, row.host, row.pid, row.acquired_at, row.heartbeat_at, row.expires_at)


def current_holder(project: Project, clock: Clock | None = None, *, include_expired: bool = False
                   ) -> LeaseHolder | None:
    """Who runs ``project`` now (None: nobody, a PostgreSQL project, or an expired lease unless
    ``include_expired``). For messages such as "the project is locked: running in …"."""
    if project.dialect != "sqlite":
        return None
    now = ensure_utc((clock or SystemClock()).now())
    with project.session() as session:
        row = session.get(RunnerLease, LEASE_NAME)
        if row is None:
            return None
        holder = _holder(row)
    return holder if include_expired or not holder.expired(now) else None


def _dead_here(row: RunnerLease) -> bool:
    """The holder ran on this host and its process is gone (killed, crashed): no need to wait for expiry."""
    if row.host != socket.gethostname() or row.pid == os.getpid():
        return False
    try:
        os.kill(row.pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


class Lease:
    """A held runner lease (or a shared one on PostgreSQL); renew it while running, release at the end."""

    def __init__(self, project: Project, holder: str, clock: Clock, token: str | None, ttl: timedelta) -> None:
        self.project = project
        self.holder = holder
        self.clock = clock
        self.token = token  # None: shared (PostgreSQL), nothing to renew or release
        self.ttl = ttl
        self.last_renewed: datetime | None = ensure_utc(clock.now()) if token else None

    @property
    def shared(self) -> bool:
        """True on PostgreSQL, where several workers share the work and nobody holds a lease."""
        return self.token is None

    def renew(self, *, force: bool = False) -> None:
        """Push the expiry forward (at most every :data:`HEARTBEAT_EVERY` unless ``force``).

        Raises :class:`LeaseLostError` naming the new holder when another runner took over.
        """
        if self.token is None:
            return
        now = ensure_utc(self.clock.now())
        if not force and self.last_renewed is not None and now - self.last_renewed < HEARTBEAT_EVERY:
            return
        with self.project.write() as session:
            row = session.get(RunnerLease, LEASE_NAME)
            if row is None or row.token != self.token:
                who = _holder(row).describe() if row is not None else "released by someone else"
                self.token = None
                log.warning("lease lost: project %s is now %s", self.project.label, who,
                            extra={"event": "lease", "lease": "lost", "holder": self.holder})
                raise LeaseLostError(f"this runner no longer holds project {self.project.label}: it is now {who}")
            row.heartbeat_at = now
            row.expires_at = now + self.ttl
        self.last_renewed = now

    def checkpoint(self) -> bool:
        """A :attr:`Runtime.checkpoint <runtime.engine.runner.Runtime.checkpoint>`: renew, go on."""
        self.renew()
        return True

    def release(self) -> None:
        """Give the lease up (idempotent; a lease taken over meanwhile is left to its new holder)."""
        token, self.token = self.token, None
        if token is None:
            return
        with self.project.write() as session:
            row = session.get(RunnerLease, LEASE_NAME)
            if row is None or row.token != token:
                return
            session.delete(row)
        log.info("lease released", extra={"event": "lease", "lease": "released", "holder": self.holder})

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire_lease(project: Project, holder: str, *, clock: Clock | None = None, take_over: bool = False,
                  ttl: timedelta = LEASE_TTL) -> Lease:
    """Take the project's runner lease for ``holder`` (``"the designer"``, ``"`flowcanvas run`"``).

    Raises :class:`LeaseHeldError` naming the holder when another runner holds a lease that has
    not expired, unless ``take_over``. On PostgreSQL returns a shared lease without touching
    the database.
    """
    clock = clock or SystemClock()
    if project.dialect != "sqlite":
        return Lease(project, holder, clock, None, ttl)
    token = uuid.uuid4().hex
    now = ensure_utc(clock.now())
    with project.write() as session:
        row = session.execute(select(RunnerLease).where(RunnerLease.name == LEASE_NAME)).scalar_one_or_none()
        if row is not None and not take_over and not _holder(row).expired(now) and not _dead_here(row):
            raise LeaseHeldError(project.label, _holder(row))
        if row is None:
            row = RunnerLease(name=LEASE_NAME)
            session.add(row)
        row.token, row.holder, row.host, row.pid = token, holder, socket.gethostname(), os.getpid()
        row.acquired_at = row.heartbeat_at = now
        row.expires_at = now + ttl
    log.info("lease acquired by %s", holder, extra={
        "event": "lease", "lease": "acquired", "holder": holder, "host": socket.gethostname(), "pid": os.getpid(),
        "expires_at": (now + ttl).isoformat()})
    return Lease(project, holder, clock, token, ttl)
