"""What every part of the service shares: the open project, its clock, listeners, transactions.

:class:`ServiceCore` is the base of each topic class (``channels``, ``operator``, ``reports``)
and of :class:`runtime.service.project.ProjectService`, which combines them; so every topic
method can reach the project, the clock and the listeners without stubs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Self

from runtime.clock import Clock
from runtime.service.types import ChangeListener, ChangeSet

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from runtime.storage.db import Project
    from runtime.storage.models import FlowRow


class ServiceCore:
    """One open project and the people listening to its changes.

    Every public method of the service opens its own short session or write transaction, so a
    service may be shared by a GUI thread and a worker thread. Mutating methods call every
    function in :attr:`listeners` with a :class:`ChangeSet` after their transaction committed.
    """

    def __init__(self, project: Project, clock: Clock | None = None) -> None:
        self.project = project
        self._clock = clock
        self.listeners: list[ChangeListener] = []

    def close(self) -> None:
        """Release the database; the service is unusable afterwards."""
        self.project.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def label(self) -> str:
        """The project's path or URL as the user gave it."""
        return self.project.label

    @property
    def clock(self) -> Clock:
        """The injected clock, else the project's virtual clock, else the wall clock."""
        if self._clock is not None:
            return self._clock
        from runtime.clock import SystemClock
        from runtime.storage.project_clock import project_clock

        with self.project.session() as session:
            return project_clock(session, SystemClock())

    # -- change notification -------------------------------------------------------------------

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Add a change listener; returns a function that removes it again."""
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener) if listener in self.listeners else None

    def notify(self, change: ChangeSet) -> None:
        """Tell every listener about ``change`` (called after the transaction committed)."""
        for listener in list(self.listeners):
            listener(change)

    def _changed(self, kind: str, flow_ids: tuple[int, ...] = (), **detail: Any) -> None:
        self.notify(ChangeSet(kind, flow_ids, detail))

    @property
    def read_only(self) -> str:
        """Why this service may not write ('' when it may)."""
        return self.project.read_only

    def set_read_only(self, reason: str) -> None:
        """Refuse every write from now on (``reason`` names the runner holding the project), or
        allow writes again with ``''``. Refused writes raise ``ReadOnlyProjectError``."""
        self.project.read_only = reason

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self.project.write() as session:
            yield session

    def _row(self, session: Session, ref: int | str) -> FlowRow:
        from runtime.storage import flows_repo

        return flows_repo.get_flow_row(session, ref)
