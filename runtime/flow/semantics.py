"""Semantic checks the JSON Schema cannot express, per step config and for trigger/entry/goal.

Each check returns ``(severity, code, message)`` triples; :mod:`runtime.flow.validate` attaches
the step id and collects them. A step's checks are its type's, in the step registry
(:mod:`runtime.steps.checks`); the trigger, entry and goal ones live here. Values of the wrong
JSON type are skipped because the schema pass already reported them (one mistake, one message).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from runtime.flow.conditions import MESSAGE_MATCHES, condition_problems
from runtime.flow.config_checks import TIME_RE, Found
from runtime.flow.config_checks import condition as _condition
from runtime.flow.config_checks import duration as _duration
from runtime.flow.config_checks import err as _err
from runtime.flow.config_checks import warn as _warn
from runtime.flow.durations import parse_duration, parse_signed_duration
from runtime.flow.schema import MESSAGE_FROM, SEGMENT_MODES, TRIGGER_TYPES
from runtime.steps.registry import CHANNELS, REGISTRY

__all__ = ["TIME_RE", "flow_level_problems", "parse_moment", "step_problems"]


def parse_moment(value: Any) -> datetime:
    """An ISO 8601 date-time with a time zone (``Z`` accepted); ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an ISO 8601 date-time")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone (add Z or +02:00)")
    return moment


def step_problems(step_id: str, step_type: str, config: dict[str, Any]) -> list[Found]:
    """Semantic problems of one step's config: its type's check in the registry (none for an
    unknown type, which the validator reports)."""
    registered = REGISTRY.get(step_type)
    if registered is None:
        return []
    return registered.check(f"step {step_id!r} ({step_type})", config)


# ---------------------------------------------------------------------------------------------
# trigger, entry, goal, settings


def _cron(expr: Any, where: str, out: list[Found]) -> None:
    if not isinstance(expr, str):
        return
    from runtime.flow.cron import cron_trigger

    try:
        cron_trigger(expr)
    except ValueError as exc:
        out.append(_err("bad_trigger", f"{where}: bad cron expression {expr!r}: {exc}"))


def _timezone(name: str, where: str, out: list[Found]) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        out.append(_err("bad_trigger", f"{where}: unknown time zone {name!r}"))


def _trigger(trigger: dict[str, Any], out: list[Found]) -> None:
    kind = trigger.get("type")
    if not isinstance(kind, str):
        return
    if kind not in TRIGGER_TYPES:
        out.append(_err("bad_trigger", f"trigger: unknown trigger type {kind!r} (use {', '.join(TRIGGER_TYPES)})"))
        return
    if kind == "event":
        _need(trigger, kind, "event", "the event name", out)
    elif kind == "tag_added":
        if not trigger.get("tags"):
            _need(trigger, kind, "tag", "the tag", out)
    elif kind == "segment":
        _segment_trigger(trigger, out)
    elif kind == "date":
        _date_trigger(trigger, out)
    elif kind == "message":
        _message_trigger(trigger, out)
    if "cron" in trigger:
        _cron(trigger["cron"], "trigger.cron", out)
    if "filter" in trigger:
        _condition(trigger["filter"], "trigger.filter", out)


def _need(trigger: dict[str, Any], kind: str, key: str, what: str, out: list[Found]) -> None:
    value = trigger.get(key)
    if key not in trigger or (isinstance(value, str) and not value.strip()):
        out.append(_err("bad_trigger", f"trigger ({kind}): needs {key!r} ({what})"))


def _segment_trigger(trigger: dict[str, Any], out: list[Found]) -> None:
    if "condition" not in trigger:
        out.append(_err("bad_trigger", "trigger (segment): needs a 'condition'"))
    else:
        _condition(trigger["condition"], "trigger.condition", out, required=True)
    mode = trigger.get("mode", "once")
    if mode not in SEGMENT_MODES:
        modes = ", ".join(SEGMENT_MODES)
        out.append(_err("bad_trigger", f"trigger (segment): 'mode' must be one of {modes}, not {mode!r}"))
    if mode == "cron" and "cron" not in trigger:
        out.append(_err("bad_trigger", "trigger (segment): mode 'cron' needs a 'cron' expression"))
    if "recheck" in trigger:
        _duration(trigger["recheck"], "trigger.recheck", out, code="bad_trigger")
    if isinstance(trigger.get("timezone"), str):
        _timezone(trigger["timezone"], "trigger.timezone", out)


def _date_trigger(trigger: dict[str, Any], out: list[Found]) -> None:
    _need(trigger, "date", "field", "a date field such as birthday", out)
    if isinstance(trigger.get("offset"), str):
        try:
            parse_signed_duration(trigger["offset"])
        except ValueError as exc:
            out.append(_err("bad_trigger", f"trigger.offset: {exc}"))
    time = trigger.get("time")
    if isinstance(time, str) and not TIME_RE.match(time):
        out.append(_err("bad_trigger", f"trigger.time: {time!r} is not a time of day HH:MM"))


def _message_trigger(trigger: dict[str, Any], out: list[Found]) -> None:
    text = trigger.get("text", trigger.get("keyword"))
    if not isinstance(text, str) or not text:
        out.append(_err("bad_trigger", "trigger (message): needs 'text' (the keyword to match)"))
    match = trigger.get("match", "exact")
    if match not in MESSAGE_MATCHES:
        matches = ", ".join(MESSAGE_MATCHES)
        out.append(_err("bad_trigger", f"trigger (message): unknown match {match!r} (use {matches})"))
    elif match == "regex" and isinstance(text, str):
        try:
            re.compile(text)
        except re.error as exc:
            out.append(_err("bad_trigger", f"trigger (message): bad regex {text!r}: {exc}"))
    synonyms = trigger.get("synonyms")
    if synonyms is not None and not (isinstance(synonyms, list) and all(isinstance(x, str) for x in synonyms)):
        out.append(_err("bad_trigger", "trigger (message): 'synonyms' must be a list of words or phrases"))
    sender = trigger.get("from", "contact")
    if sender not in MESSAGE_FROM:
        out.append(_err("bad_trigger", f"trigger (message): 'from' must be contact or operator, not {sender!r}"))
    channel = trigger.get("channel")
    if isinstance(channel, str) and channel not in (*CHANNELS, "any"):
        out.append(_err("bad_trigger", f"trigger (message): unknown channel {channel!r}"))


def _entry(entry: dict[str, Any], out: list[Found]) -> None:
    repeat = entry.get("repeat")
    if isinstance(repeat, str) and repeat not in ("once", "always"):
        try:
            cooldown = parse_duration(repeat)
        except ValueError:
            out.append(_err("bad_entry", f"entry.repeat: {repeat!r} is not 'once', 'always' "
                            "or a cooldown duration like 'P30D'"))
        else:
            if cooldown.total_seconds() <= 0:
                out.append(_err("bad_entry", f"entry.repeat: cooldown {repeat!r} must be longer than zero"))
    if "exclude" in entry:
        _condition(entry["exclude"], "entry.exclude", out)
    moments = {}
    for key in ("start_at", "end_at"):
        if isinstance(entry.get(key), str):
            try:
                moments[key] = parse_moment(entry[key])
            except ValueError as exc:
                out.append(_err("bad_entry", f"entry.{key}: {exc}"))
    if len(moments) == 2 and moments["end_at"] <= moments["start_at"]:
        out.append(_err("bad_entry", "entry.end_at must be after entry.start_at"))


def _goal(goal: dict[str, Any], out: list[Found]) -> None:
    has_event, has_condition = "event" in goal, "condition" in goal
    if has_event == has_condition:
        out.append(_err("bad_goal", "goal: give either an 'event' or a 'condition'"))
    if has_event and isinstance(goal["event"], str) and not goal["event"].strip():
        out.append(_err("bad_goal", "goal.event: must not be empty"))
    if has_event and any(k in goal for k in ("since", "op", "count")):
        # an event goal with a count is an event condition ({"event", "since", "op", "count"})
        inline = {k: v for k, v in goal.items() if k in ("event", "since", "op", "count", "filter")}
        for message in condition_problems(inline, "goal"):
            out.append(_err("bad_goal", message))
    if has_condition:
        _condition(goal["condition"], "goal.condition", out, required=True)
    if "filter" in goal:
        _condition(goal["filter"], "goal.filter", out)
    if "within" in goal:
        _duration(goal["within"], "goal.within", out, code="bad_goal")


def flow_level_problems(trigger: Any, entry: Any, goal: Any, settings: Any) -> list[Found]:
    """Problems of the flow's trigger, entry rules, goal and settings."""
    out: list[Found] = []
    if not trigger:
        out.append(_warn("no_trigger", "the flow has no trigger: contacts enter only when added by hand"))
    elif isinstance(trigger, dict):
        _trigger(trigger, out)
    if isinstance(entry, dict):
        _entry(entry, out)
    if isinstance(goal, dict) and goal:
        _goal(goal, out)
    if isinstance(settings, dict):
        _settings(settings, out)
    return out


def _settings(settings: dict[str, Any], out: list[Found]) -> None:
    """The delivery settings the engine and designer share (unknown keys are kept, unchecked)."""
    if "max_lateness" in settings:
        value = settings["max_lateness"]
        if not isinstance(value, str):
            out.append(_err("bad_settings", "settings.max_lateness: must be a duration like 'PT2H'"))
        else:
            _duration(value, "settings.max_lateness", out, code="bad_settings")
    quiet = settings.get("quiet_hours")
    if quiet is not None and quiet != "off":
        parts = quiet.split("-") if isinstance(quiet, str) else []
        if len(parts) != 2 or not all(TIME_RE.match(p.strip()) for p in parts):
            out.append(_err("bad_settings",
                            f"settings.quiet_hours: {quiet!r} is not a window like '21:00-08:00' (or 'off')"))
    caps = settings.get("caps")
    if caps is not None:
        if not isinstance(caps, dict):
            out.append(_err("bad_settings", "settings.caps: must be an object like {\"per_day\": 2}"))
            return
        for key in ("per_day", "per_week"):
            value = caps.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                out.append(_err("bad_settings", f"settings.caps.{key}: must be a whole number >= 0, not {value!r}"))
        if caps.get("action", "delay") not in ("delay", "skip"):
            out.append(_err("bad_settings", f"settings.caps.action: must be delay or skip, not {caps.get('action')!r}"))
