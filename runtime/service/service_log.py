"""Server mode's logs: one JSON object per line on stdout, for journald, Docker and log shippers.

``flowcanvas run`` and ``flowcanvas serve`` log through the standard :mod:`logging` module; with
``--log json`` (the default when stdout is not a terminal and the command runs as a service)
:func:`configure_logging` installs :class:`JsonLogFormatter` on the root logger, so every record,
the engine's own and the libraries', becomes one line::

    {"ts": "2026-12-06T20:41:07.120Z", "level": "info", "event": "tick", "logger": "runtime.service",
     "message": "tick: 500 steps", "inbound": 0, "tokens": 500, "steps": 500, "goals": 0, ...}

``event`` names what happened: ``start``, ``lease`` (acquired, released, lost), ``tick`` (a tick
that did something), ``idle`` (a minute of ticks with nothing due), ``error`` (a failed job, with
its traceback), ``signal`` and ``stop``; records of other code carry ``event: "log"``. The fields
given as ``extra=`` to a logging call become keys of the line.

:class:`RunLog` turns the runner's :class:`~runtime.service.runner.RunnerStatus` reports into
``tick``/``idle``/state lines.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

log = logging.getLogger("runtime.service")

#: the attributes every LogRecord has; anything else on a record came from ``extra=``
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}
#: idle ticks are summarised in one ``idle`` line per this many
IDLE_EVERY = 60
LOG_FORMATS = ("json", "text", "off")
HANDLER_NAME = "flowcanvas-service-log"


class JsonLogFormatter(logging.Formatter):
    """One JSON object per record: ts, level, event, logger, message, the record's extra fields,
    and ``traceback`` for a record logged with exception info."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            # the record's own creation time (stamped by the logging module, not the engine's clock)
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "event": getattr(record, "event", None) or ("error" if record.levelno >= logging.ERROR else "log"),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in line:
                line[key] = value
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def resolve_format(choice: str | None, *, service: bool, stream: IO[str] | None = None) -> str:
    """The log format to use: ``choice`` when given; else ``json`` for a service run whose stdout
    is not a terminal (systemd, Docker, a pipe), else ``off`` (the command's usual output only)."""
    if choice:
        return choice
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return "json" if service and not (callable(isatty) and isatty()) else "off"


def configure_logging(fmt: str, *, stream: IO[str] | None = None, level: int = logging.INFO) -> None:
    """Send log records to ``stream``: ``json`` lines (default: stdout) or readable ``text``
    (default: stderr); ``off`` leaves logging as it is (warnings on stderr)."""
    if fmt == "off":
        return
    handler = logging.StreamHandler(stream or (sys.stdout if fmt == "json" else sys.stderr))
    handler.setFormatter(JsonLogFormatter() if fmt == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.set_name(HANDLER_NAME)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)  # configured again (in one process): one line per record still
    root.addHandler(handler)
    root.setLevel(level)
    # libraries' chatter below warnings is not the service's news
    for noisy in ("apscheduler", "aiohttp.access", "httpx", "httpcore", "alembic", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class RunLog:
    """A runner status listener that logs ticks and state changes (see the module docstring)."""

    def __init__(self) -> None:
        self._state = ""
        self._last_tick: str | None = None
        self._idle = 0

    def __call__(self, status: Any) -> None:
        if status.state != self._state:
            self._state = status.state
            log.info("runner %s%s", status.state, f": {status.message}" if status.message else "",
                     extra={"event": "state", "state": status.state, "sandbox": status.sandbox,
                            "virtual": status.virtual, "shared": status.shared, "now": status.now})
        if status.last_tick and status.last_tick != self._last_tick:
            self._last_tick = status.last_tick
            result = dict(status.last_result)
            if any(result.get(key) for key in ("inbound", "tokens", "goals")):
                log.info("tick: %s inbound, %s steps", result.get("inbound", 0), result.get("steps", 0),
                         extra={"event": "tick", **result, "now": status.now, "totals": dict(status.totals)})
            else:
                self._idle += 1
                if self._idle >= IDLE_EVERY:
                    log.info("%d ticks with nothing due", self._idle,
                             extra={"event": "idle", "ticks": self._idle, "now": status.now})
                    self._idle = 0
