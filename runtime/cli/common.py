"""Helpers every CLI command module shares: declaring a command, opening the project, its clock,
printing JSON, naming a step.

Kept here so that every command opens and closes a project the same way (through the service,
whose clock is the project's virtual now when it has one) and prints JSON in one format (2-space
indent, non-ASCII kept as is, datetimes and other non-JSON values as their ``str``).
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from runtime.service import InputError, ProjectService, loads_json
from runtime.service import gettext as _

__all__ = ["add_command", "add_log_option", "arg", "opened_service", "parse_props_arg", "print_json", "start_logging",
           "step_words"]

#: One argument of :func:`add_command`: the names and keywords ``add_argument`` takes.
Arg = tuple[tuple[str, ...], dict[str, Any]]


def arg(*names: str, **kwargs: Any) -> Arg:
    """An argument for :func:`add_command`, spelled as for ``ArgumentParser.add_argument``."""
    return names, kwargs


def add_command(subparsers: Any, name: str, func: Callable[[argparse.Namespace], int], *args: Arg, help: str,
                description: str | None = None, flow: bool = False, json: str | bool = False,
                project: bool = True, **parser_options: Any) -> argparse.ArgumentParser:
    """The shape most commands share: ``name PROJECT [FLOW] ARGS... [--json]`` run by ``func``.

    ``flow`` adds the positional FLOW (id or name) after PROJECT; ``json`` adds ``--json`` last,
    with ``json`` as its help when it is a string; ``parser_options`` go to ``add_parser``. Returns
    the parser, for options the shape does not cover (they come after ``--json`` in the help)."""
    if description is not None:
        parser_options["description"] = description
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help, **parser_options)
    if project:
        parser.add_argument("project", metavar="PROJECT")
    if flow:
        parser.add_argument("flow", metavar="FLOW", help=_("flow id or name"))
    for names, kwargs in args:
        parser.add_argument(*names, **kwargs)
    if json:
        parser.add_argument("--json", action="store_true", help=json if isinstance(json, str) else None)
    parser.set_defaults(func=func)
    return parser


def print_json(value: Any) -> None:
    """Print ``value`` as indented RFC 8259 JSON on stdout (a stored NaN or Infinity prints as null)."""
    try:
        text = json.dumps(value, indent=2, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(value), indent=2, ensure_ascii=False, default=str, allow_nan=False)
    print(text)


def _finite(value: Any) -> Any:
    """``value`` with every NaN/Infinity replaced by None (data stored before input was checked)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def step_words(name: str | None, step_id: str | None) -> str:
    """A step as a marketer reads it: its name, with the id as the detail (``Send the code [sms_cart]``)."""
    if name and step_id and name != step_id:
        return f"{name} [{step_id}]"
    return name or step_id or "-"


@contextmanager
def opened_service(target: str) -> Iterator[ProjectService]:
    """The project at ``target`` (path or URL) behind the service, closed however the command ends.

    Its clock is the project's: its virtual now when it runs on a virtual clock, else the wall clock.
    """
    service = ProjectService.open(target)
    try:
        yield service
    finally:
        service.close()


def parse_props_arg(text: str | None) -> dict[str, Any] | None:
    """``--props`` as a JSON object (None when not given); InputError saying what is wrong."""
    if text is None:
        return None
    try:
        props = loads_json(text)  # RFC 8259 only: no NaN, no duplicate keys
    except json.JSONDecodeError as exc:
        raise InputError(_("--props is not JSON: {msg} at column {colno}").format(msg=exc.msg, colno=exc.colno)) from None
    if not isinstance(props, dict):
        raise InputError(_('--props must be a JSON object such as \'{"sku": "A1"}\''))
    return props


def add_log_option(parser: argparse.ArgumentParser) -> None:
    """``--log json|text|off`` for the commands that run as a service (``run``, ``serve``)."""
    from runtime.service.service_log import LOG_FORMATS

    parser.add_argument("--log", choices=LOG_FORMATS,
                        help=_("log lines: json (one object per line on stdout; the default when stdout is not "
                             "a terminal and the command runs as a service), text (stderr) or off"))


def start_logging(args: argparse.Namespace, *, service: bool) -> None:
    """Configure logging for ``--log`` (see :mod:`runtime.service.service_log`); a service also
    turns SIGTERM into a clean stop while it starts up (the engine's loop takes it over later)."""
    from runtime.service.service_log import configure_logging, resolve_format

    configure_logging(resolve_format(args.log, service=service))
    if service and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)
