"""Building blocks of the semantic checks of configs: a found problem, durations, conditions,
templates and URLs, each reported with where it is (``step 'x' (send_email) subject``).

A check appends ``(severity, code, message)`` triples to ``out``. Values of the wrong JSON type
are skipped because the schema pass already reported them (so one mistake gives one message).
Used by the per-type checks of the step registry (:mod:`runtime.steps.checks`) and by the
trigger, entry and goal checks in :mod:`runtime.flow.semantics`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from runtime.flow.conditions import condition_problems
from runtime.flow.durations import parse_duration
from runtime.templates import TemplateError, compile_template, static_limit_problem

Found = tuple[str, str, str]  # (severity, code, message)

__all__ = ["TIME_RE", "Found", "condition", "duration", "err", "template", "url", "warn"]

TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def err(code: str, message: str) -> Found:
    """An error with a stable ``code``."""
    return ("error", code, message)


def warn(code: str, message: str) -> Found:
    """A warning with a stable ``code``."""
    return ("warning", code, message)


def duration(value: Any, where: str, out: list[Found], code: str = "bad_duration", positive: bool = True) -> None:
    """An ISO 8601 duration (longer than zero when ``positive``)."""
    if not isinstance(value, str):
        return  # wrong type: reported by the schema pass
    try:
        td = parse_duration(value)
    except ValueError as exc:
        out.append(err(code, f"{where}: {exc}"))
        return
    if positive and td.total_seconds() <= 0:
        out.append(err(code, f"{where}: duration {value!r} must be longer than zero"))


def condition(cond: Any, where: str, out: list[Found], required: bool = False) -> None:
    """A condition (design.md section 3); empty only when not ``required``."""
    for message in condition_problems(cond, where, allow_empty=not required):
        out.append(err("bad_condition", message))


def template(text: Any, where: str, out: list[Found]) -> None:
    """A Jinja2 template that compiles and stays within the static limits."""
    if not isinstance(text, str):
        return
    try:
        compile_template(text, where)
    except TemplateError as exc:
        out.append(err("bad_template", str(exc)))
        return
    if "{" in text:
        problem = static_limit_problem(text, where)
        if problem:
            out.append(err("template_over_limits", problem))


def url(value: str, where: str, out: list[Found]) -> None:
    """An http(s) (or ``tg:``) URL, or a template that renders one."""
    if "{{" in value:
        template(value, where, out)
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https", "tg") or (parts.scheme != "tg" and not parts.hostname):
        out.append(err("bad_config", f"{where}: {value!r} is not an http(s) URL"))
