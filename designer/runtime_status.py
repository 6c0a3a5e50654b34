"""The designer runs the open project: its runner, the status-bar widget, Run/Pause and fast-forward.

:class:`RuntimeController` owns the project's :class:`~runtime.service.EmbeddedRuntime` (the same
runner as ``flowcanvas run``) on the qasync loop. The runner works on its own database thread
and reports a :class:`~runtime.service.RunnerStatus` from there; the controller hands every
status to the GUI thread in one place (:attr:`RuntimeController.status_changed`).

When another runner holds the project (``flowcanvas run`` in a terminal, another designer), the
controller asks whether to open read-only (nothing runs here) or take over. Closing the project
stops the runner in the background: the batch in flight commits, the lease is released;
:func:`drain_runners` lets the application wait for that before the process exits.
"""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QObject, QTimer, QTimeZone, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer.counts import counted
from designer.i18n import tr_label
from designer.widgets import ElidedLabel
from runtime.service import EmbeddedRuntime, FlowCanvasError, LeaseHeldError, RunnerStatus

log = logging.getLogger(__name__)

_STOPPING: set[asyncio.Task[Any]] = set()

STATE_TEXT = {
    "stopped": QT_TRANSLATE_NOOP("labels", "Stopped"),
    "running": QT_TRANSLATE_NOOP("labels", "Running"),
    "paused": QT_TRANSLATE_NOOP("labels", "Paused"),
    "fast_forward": QT_TRANSLATE_NOOP("labels", "Fast-forwarding"),
    "lost": QT_TRANSLATE_NOOP("labels", "Stopped: taken over"),
    "readonly": QT_TRANSLATE_NOOP("labels", "Read-only"),
    "starting": QT_TRANSLATE_NOOP("labels", "Starting…"),
}
STATE_COLOR = {"running": "#059669", "fast_forward": "#2563eb", "paused": "#d97706", "lost": "#dc2626",
               "readonly": "#6b7280", "stopped": "#6b7280", "starting": "#6b7280"}


async def drain_runners(timeout: float = 60.0) -> None:
    """Wait until every runner being stopped has committed its last batch and released its lease."""
    if _STOPPING:
        await asyncio.wait(set(_STOPPING), timeout=timeout)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class RuntimeController(QObject):
    """The open project's runner, seen from the GUI thread (see the module docstring)."""

    #: A new RunnerStatus, on the GUI thread.
    status_changed = Signal(object)
    #: The runner could not start (LeaseHeldError or another error), on the GUI thread.
    start_failed = Signal(object)
    _deliver = Signal(object)  # a status from the runner's thread

    def __init__(self, path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.runner: EmbeddedRuntime | None = None
        self.status = RunnerStatus()
        self.state = "stopped"  # the runner's state, or starting / readonly
        self.holder_text = ""
        self.last_dialog: QMessageBox | None = None
        self._deliver.connect(self._on_status)

    # -- starting -------------------------------------------------------------------------------

    def start(self, take_over: bool = False) -> bool:
        """Start the runner on the running asyncio loop; False when no loop runs (nothing starts)."""
        loop = _running_loop()
        if loop is None or self.runner is not None:
            return False
        # live_demo: a demo project's synthetic customers act before each tick while its
        # "Live demo events" switch is on (nothing happens in other projects)
        self.runner = EmbeddedRuntime.for_path(self.path, on_status=self._post, take_over=take_over, live_demo=True)
        self._set_state("starting")
        task = loop.create_task(self._start(self.runner))
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return True

    async def _start(self, runner: EmbeddedRuntime) -> None:
        try:
            await runner.start()
        except LeaseHeldError as exc:
            if self.runner is runner:
                self.runner = None
                self.holder_text = exc.holder.describe()
                self._set_state("readonly")
                self.start_failed.emit(exc)
            return
        except Exception as exc:  # shown in the status bar's details
            log.exception("the project's runner did not start")
            if self.runner is runner:
                self.runner = None
                self._set_state("stopped")
                self.start_failed.emit(exc)
            return
        # closed while starting: stop() is closing it (start() then does not start the jobs)

    def ask_take_over(self, parent: QWidget, error: LeaseHeldError) -> QMessageBox:
        """Non-modal question: open read-only or take over the runner lease."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Project already running"),
                          self.tr("This project is {v0}.\n\nOpen it read-only here (nothing runs in this window) or take over "
                                  "(the other runner stops at its next batch)?").format(v0=error.holder.describe()),
                          QMessageBox.StandardButton.NoButton, parent)
        box.setObjectName("TakeOverDialog")
        read_only = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.RejectRole)
        take = box.addButton(self.tr("Take over"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(read_only)
        box.buttonClicked.connect(lambda button: button is take and self.start(take_over=True))
        self.last_dialog = box
        box.open()
        return box

    # -- controls -------------------------------------------------------------------------------

    def toggle(self) -> None:
        """Run/Pause."""
        if self.runner is None:
            if self.state in ("stopped", "readonly", "lost"):
                self.start(take_over=self.state != "stopped")
            return
        if self.status.state == "running":
            self.runner.pause()
        elif self.status.state == "paused":
            self.runner.resume()

    def fast_forward(self, until: datetime) -> asyncio.Task[Any] | None:
        """Jump a virtual-clock project to ``until`` (in the background); errors go to the status."""
        loop = _running_loop()
        if loop is None or self.runner is None:
            return None
        task = loop.create_task(self.runner.fast_forward(until))
        task.add_done_callback(self._fast_forward_done)
        return task

    def _fast_forward_done(self, task: asyncio.Task[Any]) -> None:
        if not task.cancelled() and task.exception() is not None:
            self.start_failed.emit(task.exception())

    def stop(self) -> asyncio.Task[Any] | None:
        """Stop the runner in the background (the app waits for it with :func:`drain_runners`)."""
        runner, self.runner = self.runner, None
        if runner is None:
            return None
        loop = _running_loop()
        if loop is None:
            return None
        task = loop.create_task(runner.aclose())
        _STOPPING.add(task)
        task.add_done_callback(_STOPPING.discard)
        return task

    def _post(self, status: RunnerStatus) -> None:
        """From the runner's thread: hand the status to the GUI thread (dropped once closed)."""
        try:
            self._deliver.emit(status)
        except RuntimeError:  # the controller was deleted with its project; the runner is stopping
            pass

    # -- status (GUI thread) --------------------------------------------------------------------

    def _on_status(self, status: RunnerStatus) -> None:
        if self.runner is None and status.state not in ("lost",):
            return  # a runner being stopped after its window moved on
        self.status = status
        self._set_state(status.state)

    def _set_state(self, state: str) -> None:
        self.state = state
        self.status_changed.emit(self.status)


class RunnerErrorsDialog(QDialog):
    """Every recent job failure, with its traceback."""

    def __init__(self, status: RunnerStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RunnerErrorsDialog")
        self.setWindowTitle(self.tr("Runner errors"))
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setPlainText("\n\n".join(f"{e.at}  {e.job}: {e.message}\n{e.details}" for e in reversed(status.errors))
                          or status.message or self.tr("No errors."))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class FastForwardDialog(QDialog):
    """Pick the virtual time to fast-forward to."""

    def __init__(self, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FastForwardDialog")
        self.setWindowTitle(self.tr("Fast-forward"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The project's clock is at {now:%Y-%m-%d %H:%M} UTC. Run everything due up to:")
                .format(now=now)))
        self.when = QDateTimeEdit(QDateTime(now + timedelta(days=1)).toTimeZone(QTimeZone.utc()))
        self.when.setTimeZone(QTimeZone.utc())
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm 'UTC'")
        self.when.setCalendarPopup(True)
        self.when.setObjectName("FastForwardWhen")
        layout.addWidget(self.when)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Fast-forward"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def target(self) -> datetime:
        return self.when.dateTime().toPython().replace(tzinfo=UTC)


def _clock_text(iso: str | None, with_date: bool = True) -> str:
    if not iso:
        return "—"
    when = datetime.fromisoformat(iso)
    return when.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


class RuntimeStatusWidget(QWidget):
    """The status bar's runner widget: state, sandbox, clock, last tick, errors; Run/Pause, fast-forward."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RuntimeStatus")
        self.controller: RuntimeController | None = None
        self.last_dialog: QDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        row.setSpacing(8)
        self.state_label = QLabel()
        self.state_label.setObjectName("RuntimeState")
        # the status bar must never widen the window: the details give way first, ending in "…"
        # (full text in the tooltip)
        self.detail_label = ElidedLabel()
        self.detail_label.setObjectName("RuntimeDetail")
        self.detail_label.setProperty("role", "hint")
        self.detail_label.setMinimumWidth(120)
        self.errors_button = QToolButton()
        self.errors_button.setObjectName("RuntimeErrors")
        self.errors_button.setAutoRaise(True)
        self.errors_button.setStyleSheet("color: #b91c1c; font-weight: 600;")
        self.errors_button.clicked.connect(self.show_errors)
        self.run_button = QToolButton()
        self.run_button.setObjectName("RuntimeRunPause")
        self.run_button.clicked.connect(lambda: self.controller and self.controller.toggle())
        self.ff_button = QToolButton()
        self.ff_button.setObjectName("RuntimeFastForward")
        self.ff_button.setText(self.tr("Fast-forward…"))
        self.ff_button.setToolTip(self.tr("Run the project's virtual clock forward to a later time"))
        self.ff_button.clicked.connect(self.ask_fast_forward)
        for widget in (self.state_label, self.detail_label, self.errors_button, self.run_button, self.ff_button):
            row.addWidget(widget)
        self.set_controller(None)

    def set_controller(self, controller: RuntimeController | None) -> None:
        if self.controller is not None:
            self.controller.status_changed.disconnect(self.refresh)
        self.controller = controller
        if controller is not None:
            controller.status_changed.connect(self.refresh)
        self.setVisible(controller is not None)
        self.refresh()

    def refresh(self, _status: Any = None) -> None:
        """Show the controller's current state."""
        c = self.controller
        if c is None:
            return
        s = c.status
        state = c.state
        color = STATE_COLOR.get(state, "#6b7280")
        self.state_label.setText(self.tr("<span style='color:{color}'>●</span> <b>{v0}</b>").format(color=color,
                v0=html.escape(tr_label(STATE_TEXT.get(state, state)))))
        parts = []
        if s.sandbox:
            parts.append(self.tr("sandbox"))
        if state == "readonly":
            parts.append(c.holder_text)
        elif s.now:
            now = _clock_text(s.now)
            parts.append(self.tr("virtual {v0}").format(v0=now) if s.virtual else self.tr("clock {v0}").format(v0=now))
        if state == "fast_forward" and s.target:
            parts.append(self.tr("to {v0}").format(v0=_clock_text(s.target)))
        if s.last_tick and state != "readonly":
            parts.append(self.tr("last tick {v0}").format(v0=_clock_text(s.last_tick, with_date=False)))
        if state == "lost" and s.message:
            parts.append(s.message)
        self.detail_label.setText(" · ".join(p for p in parts if p))
        self.errors_button.setVisible(bool(s.errors))
        self.errors_button.setText(counted(len(s.errors), "error"))
        running = state in ("running", "fast_forward", "starting")
        self.run_button.setText(self.tr("Pause") if running else (self.tr("Take over") if state in ("readonly",
                "lost") else self.tr("Run")))
        self.run_button.setEnabled(state != "fast_forward")
        self.ff_button.setVisible(s.virtual and state in ("running", "paused"))

    def show_errors(self) -> RunnerErrorsDialog | None:
        if self.controller is None:
            return None
        dialog = RunnerErrorsDialog(self.controller.status, self.window())
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def ask_fast_forward(self) -> FastForwardDialog | None:
        c = self.controller
        if c is None or not c.status.now:
            return None
        dialog = FastForwardDialog(datetime.fromisoformat(c.status.now), self.window())
        self.last_dialog = dialog
        dialog.accepted.connect(lambda: c.fast_forward(dialog.target))
        dialog.open()
        return dialog


def describe_start_error(error: BaseException) -> str:
    """One line for the status bar when the runner did not start."""
    if isinstance(error, FlowCanvasError):
        return str(error)
    return QCoreApplication.translate("runtime_status",
            "The project's runner did not start: {name__}: {error}").format(name__=type(error).__name__, error=error)




class WindowRuntime(QObject):
    """The main window's part: the status-bar widget, and one controller per open project."""

    #: Why the window is read-only now ('' when it is not): another runner holds the project.
    read_only_changed = Signal(str)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.widget = RuntimeStatusWidget()
        window.statusBar().addPermanentWidget(self.widget)
        self.controller: RuntimeController | None = None
        self.read_only = ""

    def project_opened(self, path: str) -> RuntimeController:
        """Run the project that just opened (now, or as soon as the qasync loop runs)."""
        self.project_closing()
        controller = RuntimeController(path, self)
        controller.start_failed.connect(self._start_failed)
        controller.status_changed.connect(self._on_status)
        self.controller = controller
        self.widget.set_controller(controller)
        if not controller.start():
            # the window opens its first project before the app's loop runs: start from inside it
            QTimer.singleShot(0, lambda: self.controller is controller and controller.start())
        return controller

    def project_closing(self) -> None:
        """Stop the runner (in the background) before the project closes."""
        controller, self.controller = self.controller, None
        self._set_read_only("")
        if controller is not None:
            controller.stop()
            self.widget.set_controller(None)
            controller.deleteLater()

    def _on_status(self, _status: object) -> None:
        """Another runner holds the project (refused at start, or it took over): read-only here."""
        controller = self.controller
        if controller is None:
            return
        reason = ""
        if controller.state == "readonly":
            reason = controller.holder_text or "another runner holds it"
        elif controller.state == "lost":
            reason = controller.status.message or "another runner took it over"
        self._set_read_only(reason)

    def _set_read_only(self, reason: str) -> None:
        """Refuse edits in every open flow and writes through the service; enable them with ''."""
        if reason == self.read_only:
            return
        self.read_only = reason
        bridge = getattr(self.window, "bridge", None)
        if bridge is not None and bridge.service is not None:
            bridge.service.set_read_only(reason)
        for editor in getattr(self.window, "editors", {}).values():
            editor.document.set_read_only(reason)
        if reason:
            self.window.statusBar().showMessage(self.tr("Read-only: this project is {reason}. Take over to edit or run it.")
                    .format(reason=reason), 15000)
        self.read_only_changed.emit(reason)

    def _start_failed(self, error: BaseException) -> None:
        if isinstance(error, LeaseHeldError) and self.controller is not None:
            self.controller.ask_take_over(self.window, error)
        else:
            self.window.statusBar().showMessage(describe_start_error(error), 10000)
