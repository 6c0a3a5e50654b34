"""The designer's one bridge to the runtime (Anki ``taskman`` style).

Every call that touches the project database runs on a single worker thread, so the GUI never
blocks on SQLite and the database sees one writer. Results come back to the GUI thread through a
queued signal and are handed to the ``on_done`` / ``on_error`` callbacks there.

The bridge also relays the service's change notifications (:class:`runtime.service.ChangeSet`)
to the GUI thread as :attr:`RuntimeBridge.changed`, and polls ``flow_stats`` for the flow being
watched about every 250 ms, emitting :attr:`RuntimeBridge.stats_changed` only when the numbers
moved. Live counts are an overlay fed from here; they never enter a document or its undo stack.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from runtime.service import ChangeSet, FlowStats, FlowSummary, ProjectService

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
T = TypeVar("T")
ErrorCallback = Callable[[BaseException], None]

#: How often live counts are polled for the watched flow (milliseconds).
STATS_INTERVAL_MS = 250
#: The flow list is refreshed every this many stats ticks (about every two seconds), so counts
#: moved by another process (``flowcanvas run``) show up on the board too.
FLOWS_EVERY_TICKS = 8


class RuntimeBridge(QObject):
    """One project service, one worker thread, results delivered on the GUI thread."""

    #: A service call committed a change (ChangeSet), relayed to the GUI thread.
    changed = Signal(object)
    #: Live stats of the watched flow changed: (flow id, FlowStats as ``live_counts`` returns it:
    #: ``flow_stats`` plus per-edge counts).
    stats_changed = Signal(int, object)
    #: The flow list changed (list[FlowSummary]), from a refresh or the periodic poll.
    flows_changed = Signal(object)
    #: A background call failed and had no ``on_error`` callback: (what was being done, error).
    failed = Signal(str, object)
    #: True while at least one call is queued or running.
    busy_changed = Signal(bool)

    # internal: a zero-argument callable to run on the GUI thread
    _deliver = Signal(object)

    def __init__(self, parent: QObject | None = None, poll_ms: int = STATS_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="flowcanvas-db"
        )
        self.service: ProjectService | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._pending = 0
        self._closed = False
        self._deliver.connect(self._run_delivered)
        self._watched: int | None = None
        self._last_stats: FlowStats | None = None
        self._last_flows: list[FlowSummary] | None = None
        self._poll_busy = False
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._poll)

    # -- project -----------------------------------------------------------------------------

    def open_project(self, path: str | Path, create: bool = False, demo: bool = False, history_days: int = 0,
                     on_progress: Callable[[int, int], None] | None = None, sandbox: bool = False) -> ProjectService:
        """Open (or create) a project on the worker thread and wait for it.

        Opening migrates the file, which must not race with anything else, so the GUI waits
        here (the caller shows a busy cursor). Raises the service's FlowCanvasError as is.
        A new project starts in sandbox mode with ``sandbox`` (demo ones always do); a new demo
        one gets ``history_days`` of history,
        and ``on_progress(done, total)`` is called on the GUI thread while it is being built.
        """
        latest = [0, 0]  # written by the worker, read here: a list swap is atomic enough for a bar

        def create_it() -> ProjectService:
            service = ProjectService.create(path, demo=demo, history_days=history_days,
                                            progress=lambda done, total: latest.__setitem__(slice(0, 2), [done, total]))
            if sandbox and not demo:
                service.set_sandbox(True)  # nothing leaves the computer until the user says so
            return service

        future = self._submit_raw(create_it if create else lambda: ProjectService.open(path))
        while on_progress is not None and not future.done():
            concurrent.futures.wait([future], timeout=0.05)
            on_progress(latest[0], latest[1])
        service = future.result()
        self.attach(service)
        return service

    def attach(self, service: ProjectService) -> None:
        """Use ``service`` (already open) for every following call and start polling."""
        self.service = service
        self._unsubscribe = service.subscribe(self._on_service_change)
        self._last_flows = None
        self._timer.start()

    @property
    def label(self) -> str:
        """The open project's path or URL ('' when none is open)."""
        return self.service.label if self.service is not None else ""

    def shutdown(self) -> None:
        """Stop polling, close the project on the worker thread and stop the thread.

        Results still on their way to the GUI thread are dropped: the widgets that asked for
        them are being closed with the project.
        """
        self._closed = True
        self._timer.stop()
        if self._executor is None:
            return
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        service, self.service = self.service, None
        if service is not None:
            self._executor.submit(service.close)
        self._executor.shutdown(wait=True)
        self._executor = None

    # -- running calls -----------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """Calls submitted whose callbacks have not run yet (tests wait for this to reach 0)."""
        return self._pending

    def _submit_raw(self, fn: Callable[[], Any]) -> Future:
        if self._executor is None:
            raise RuntimeError("the runtime bridge is shut down")
        return self._executor.submit(fn)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        what: str = "",
        owner: QObject | None = None,
        **kwargs: Any,
    ) -> Future:
        """Run ``fn(*args, **kwargs)`` on the worker thread; call back on the GUI thread.

        ``on_done(result)`` runs when it succeeds; ``on_error(exc)`` when it raises (without
        one, :attr:`failed` is emitted with ``what`` so the main window can show the error).
        With ``owner`` (the widget the callbacks update), the callbacks are skipped when the
        owner was destroyed or is ``closing`` by the time the result arrives (a closed tab).
        """
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> None:
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to the GUI thread, not swallowed
                if on_error is None:
                    log.debug("background call %s failed", what or fn, exc_info=True)
                # bind now: Python unbinds ``exc`` when the except block ends
                self._post(lambda err=exc: self._finish(on_error, err, what, failed=True, owner=owner))
                return
            self._post(lambda: self._finish(on_done, result, what, failed=False, owner=owner))

        return self._submit_raw(job)

    @property
    def api(self) -> ProjectService:
        """The open project's service, whose bound methods :meth:`call` and :meth:`call_sync` take.

        Raises RuntimeError when no project is open.
        """
        if self.service is None:
            raise RuntimeError("no project is open")
        return self.service

    def call(self, method: Callable[..., T], *args: Any, on_done: Callable[[T], None] | None = None,
             on_error: ErrorCallback | None = None, owner: QObject | None = None, **kwargs: Any) -> Future:
        """Call a bound service method (``bridge.call(bridge.api.publish, flow_id)``) in the
        background (see :meth:`submit`); ``on_done`` gets its typed result."""
        return self.submit(method, *args, on_done=on_done, on_error=on_error,
                           what=getattr(method, "__name__", repr(method)), owner=owner, **kwargs)

    def call_sync(self, method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call a bound service method on the worker thread and wait for its result.

        For short reads a dialog needs before it can show (picker lists). Errors are raised.
        """
        return self._submit_raw(lambda: method(*args, **kwargs)).result()  # type: ignore[no-any-return]

    def _post(self, thunk: Callable[[], None]) -> None:
        """Hand ``thunk`` to the GUI thread (from any thread)."""
        try:
            self._deliver.emit(thunk)
        except RuntimeError:
            # the window (and this bridge with it) is being destroyed: nobody is left to tell
            log.debug("result dropped: the bridge is gone")

    def _run_delivered(self, thunk: Callable[[], None]) -> None:
        thunk()

    def _finish(self, callback: Callable[[Any], None] | None, value: Any, what: str, failed: bool,
                owner: QObject | None = None) -> None:
        try:
            if self._closed or (owner is not None and (not shiboken6.isValid(owner)
                                                       or getattr(owner, "closing", False))):
                return  # whoever asked is gone (project closed, tab closed): nothing to update
            if callback is not None:
                callback(value)
            elif failed:
                self.failed.emit(what, value)
        finally:
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)

    # -- change notification -----------------------------------------------------------------

    def _on_service_change(self, change: ChangeSet) -> None:
        # Called on the worker thread right after a transaction committed.
        self._post(lambda: self._relay_change(change))

    def _relay_change(self, change: ChangeSet) -> None:
        self.changed.emit(change)
        if change.kind != "settings":
            self.refresh_flows()
        if self._watched is not None and (not change.flow_ids or self._watched in change.flow_ids):
            self._last_stats = None  # force the next poll to broadcast

    def refresh_flows(self) -> None:
        """Reload the flow list in the background and emit :attr:`flows_changed`."""
        if self.service is None:
            return
        self.submit(self.service.list_flows, on_done=self._flows_loaded,
                    on_error=lambda exc: log.debug("list_flows failed: %s", exc), what="list_flows")

    def _flows_loaded(self, flows: list[FlowSummary]) -> None:
        if flows != self._last_flows:
            self._last_flows = flows
            self.flows_changed.emit(flows)

    @property
    def flows(self) -> list[FlowSummary]:
        """The last flow list loaded (empty before the first load)."""
        return list(self._last_flows or [])

    # -- live stats --------------------------------------------------------------------------

    def watch_flow(self, flow_id: int | None) -> None:
        """Poll live stats for ``flow_id`` (None: stop polling stats)."""
        if flow_id != self._watched:
            self._watched = flow_id
            self._last_stats = None
            if flow_id is not None:
                self._poll()

    @property
    def watched_flow(self) -> int | None:
        return self._watched

    def _poll(self) -> None:
        if self.service is None or self._executor is None:
            return
        self._ticks += 1
        if self._ticks % FLOWS_EVERY_TICKS == 0 or self._last_flows is None:
            self.refresh_flows()
        if self._watched is None or self._poll_busy:
            return
        self._poll_busy = True
        flow_id = self._watched
        self.submit(self.service.live_counts, flow_id,
                    on_done=lambda stats: self._stats_loaded(flow_id, stats),
                    on_error=self._stats_failed, what="flow_stats")

    def _stats_loaded(self, flow_id: int, stats: FlowStats) -> None:
        self._poll_busy = False
        if flow_id == self._watched and stats != self._last_stats:
            self._last_stats = stats
            self.stats_changed.emit(flow_id, stats)

    def _stats_failed(self, exc: BaseException) -> None:
        # A flow deleted or an engine module still missing must not spam dialogs every 250 ms.
        self._poll_busy = False
        log.debug("flow_stats failed: %s", exc)
