"""Semantic checks the JSON Schema cannot express, per step config and for trigger/entry/goal.

Each check returns ``(severity, code, message)`` triples; :mod:`runtime.flow.validate` attaches
the step id and collects them. Values of the wrong JSON type are skipped here because the schema
pass already reported them (so one mistake gives one message).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Callable
from urllib.parse import urlsplit

from runtime.flow.conditions import MESSAGE_MATCHES, condition_problems
from runtime.flow.durations import parse_duration, parse_signed_duration
from runtime.flow.schema import MESSAGE_FROM, SEGMENT_MODES, TRIGGER_TYPES
from runtime.steps.registry import CHANNEL_STEP, CHANNELS, MAX_AB_GROUPS, REGISTRY
from runtime.templates import TemplateError, compile_template, static_limit_problem

Found = tuple[str, str, str]  # (severity, code, message)

__all__ = ["step_problems", "flow_level_problems", "parse_moment", "TIME_RE"]

TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_SECRET_HEADERS = ("authorization", "x-api-key", "api-key", "x-auth-token", "cookie")


def parse_moment(value: Any) -> datetime:
    """An ISO 8601 date-time with a time zone (``Z`` accepted); ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an ISO 8601 date-time")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone (add Z or +02:00)")
    return moment


def _err(code: str, message: str) -> Found:
    return ("error", code, message)


def _warn(code: str, message: str) -> Found:
    return ("warning", code, message)


def _duration(value: Any, where: str, out: list[Found], code: str = "bad_duration", positive: bool = True) -> None:
    if not isinstance(value, str):
        return  # wrong type: reported by the schema pass
    try:
        td = parse_duration(value)
    except ValueError as exc:
        out.append(_err(code, f"{where}: {exc}"))
        return
    if positive and td.total_seconds() <= 0:
        out.append(_err(code, f"{where}: duration {value!r} must be longer than zero"))


def _condition(cond: Any, where: str, out: list[Found], required: bool = False) -> None:
    for message in condition_problems(cond, where, allow_empty=not required):
        out.append(_err("bad_condition", message))


def _template(text: Any, where: str, out: list[Found]) -> None:
    if not isinstance(text, str):
        return
    try:
        compile_template(text, where)
    except TemplateError as exc:
        out.append(_err("bad_template", str(exc)))
        return
    if "{" in text:
        problem = static_limit_problem(text, where)
        if problem:
            out.append(_err("template_over_limits", problem))


def _templates_of(step_type: str, config: dict[str, Any], label: str, out: list[Found]) -> None:
    """Compile every template field of ``step_type`` found in ``config`` (kinds from the registry)."""
    for f in REGISTRY[step_type].fields:
        if f.kind == "template" and f.key in config:
            _template(config[f.key], f"{label} {f.key}", out)


# ---------------------------------------------------------------------------------------------
# per step type


def _send(step_type: str) -> Callable[[str, dict[str, Any]], list[Found]]:
    def check(label: str, config: dict[str, Any]) -> list[Found]:
        out: list[Found] = []
        _templates_of(step_type, config, label, out)
        if step_type == "send_whatsapp":
            _whatsapp(label, config, out)
        if step_type == "send_telegram":
            _buttons(label, config.get("buttons"), out)
        if step_type == "send_push" and isinstance(config.get("url"), str) and config["url"]:
            _url(config["url"], f"{label} url", out)
        return out

    return check


def _whatsapp(label: str, config: dict[str, Any], out: list[Found]) -> None:
    has_text, has_template = "text" in config, "template" in config
    if not has_text and not has_template:
        out.append(_err("missing_config", f"{label}: needs 'text' or an approved 'template'"))
    elif has_text and has_template:
        out.append(_err("bad_config", f"{label}: use either 'text' or 'template', not both"))
    template = config.get("template")
    if isinstance(template, dict):
        for index, param in enumerate(template.get("params") or []):
            if isinstance(param, str):
                _template(param, f"{label} template.params[{index}]", out)


def _buttons(label: str, rows: Any, out: list[Found]) -> None:
    if not isinstance(rows, list):
        return
    for r, row in enumerate(rows):
        for c, button in enumerate(row if isinstance(row, list) else []):
            if not isinstance(button, dict):
                continue
            where = f"{label} buttons[{r}][{c}]"
            has_url, has_data = "url" in button, "data" in button
            if has_url == has_data:
                out.append(_err("bad_config", f"{where}: a button needs exactly one of 'url' or 'data'"))
            data = button.get("data")
            if isinstance(data, str) and len(data.encode("utf-8")) > 64:
                out.append(_err("bad_config", f"{where}: 'data' is longer than Telegram's 64 bytes"))
            if isinstance(button.get("url"), str):
                _url(button["url"], f"{where} url", out)
            _template(button.get("text"), f"{where} text", out)


def _url(url: str, where: str, out: list[Found]) -> None:
    if "{{" in url:
        _template(url, where, out)
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "tg") or (parts.scheme != "tg" and not parts.hostname):
        out.append(_err("bad_config", f"{where}: {url!r} is not an http(s) URL"))


def _smart_send(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    channels = config.get("channels")
    content = config.get("content")
    if not isinstance(channels, list) or not isinstance(content, dict):
        return out
    for channel in channels:
        if isinstance(channel, str) and channel in CHANNELS and channel not in content:
            out.append(_err("missing_config", f"{label}: no content for channel {channel!r}"))
    for channel, item in content.items():
        if channel not in CHANNEL_STEP or not isinstance(item, dict):
            continue
        if channel not in channels:
            out.append(_warn("unused_content", f"{label}: content for {channel!r} is not used (not in channels)"))
        out.extend(_send(CHANNEL_STEP[channel])(f"{label} content.{channel}", item))
    return out


def _wait(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    modes = [m for m in ("duration", "until", "event") if m in config]
    if not modes:
        out.append(_err("missing_config", f"{label}: needs 'duration', 'until' or 'event' + 'timeout'"))
    elif len(modes) > 1:
        out.append(_err("bad_config", f"{label}: use only one of {', '.join(repr(m) for m in modes)}"))
    if "duration" in config:
        _duration(config["duration"], f"{label} duration", out)
    until = config.get("until")
    time = until.get("time") if isinstance(until, dict) else until  # "until": "09:00" is short for {"time": ...}
    if isinstance(time, str) and not TIME_RE.match(time):
        out.append(_err("bad_config", f"{label} until.time: {time!r} is not a time of day HH:MM"))
    if "event" in config and "timeout" not in config:
        out.append(_err("missing_config", f"{label}: waiting for an event needs a 'timeout' (e.g. P3D)"))
    if "timeout" in config:
        if "event" not in config:
            out.append(_err("bad_config", f"{label}: 'timeout' only applies when waiting for an 'event'"))
        _duration(config["timeout"], f"{label} timeout", out)
    if "filter" in config:
        if "event" not in config:
            out.append(_err("bad_config", f"{label}: 'filter' only applies when waiting for an 'event'"))
        _condition(config["filter"], f"{label} filter", out)
    if "save_reply" in config and config.get("event") != "message":
        out.append(_err("bad_config", f"{label}: 'save_reply' keeps a reply, so it needs 'event': \"message\""))
    return out


def _condition_step(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    if "if" in config:
        _condition(config["if"], f"{label} if", out, required=True)
    return out


def _ab_split(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    groups = config.get("groups")
    if not isinstance(groups, list):
        return out
    if len(groups) > MAX_AB_GROUPS:
        out.append(_err("ab_shares", f"{label}: {len(groups)} groups; at most {MAX_AB_GROUPS} are allowed"))
    shares = [g.get("share") for g in groups if isinstance(g, dict)]
    if all(isinstance(s, (int, float)) and not isinstance(s, bool) for s in shares) and len(shares) == len(groups):
        total = sum(shares)
        if abs(total - 100) > 1e-9:
            out.append(_err("ab_shares", f"{label}: group shares sum to {total:g}, not 100"))
    names = [g.get("name") for g in groups if isinstance(g, dict)]
    repeated = sorted({n for n in names if isinstance(n, str) and names.count(n) > 1})
    if repeated:
        out.append(_err("bad_config", f"{label}: group name(s) {', '.join(map(repr, repeated))} used twice"))
    return out


def _channel_switch(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    rules = config.get("rules")
    if not isinstance(rules, list):
        return out
    ports: list[str] = []
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict):
            continue
        if "if" in rule:
            _condition(rule["if"], f"{label} rules[{index}].if", out)
        port = rule.get("port")
        if port == "else":
            out.append(_err("bad_config", f"{label} rules[{index}]: 'else' is the fallback port; "
                            "name the rule's port differently"))
        elif isinstance(port, str):
            if port in ports:
                out.append(_err("bad_config", f"{label} rules[{index}]: port {port!r} is used by an earlier rule"))
            ports.append(port)
    return out


def _update_contact(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    if not any(config.get(k) for k in ("set", "increment", "clear")):
        out.append(_err("missing_config", f"{label}: nothing to change (give 'set', 'increment' or 'clear')"))
    set_ = config.get("set") if isinstance(config.get("set"), dict) else {}
    inc = config.get("increment") if isinstance(config.get("increment"), dict) else {}
    clear = config.get("clear") if isinstance(config.get("clear"), list) else []
    for key, value in set_.items():
        if isinstance(value, str):
            _template(value, f"{label} set.{key}", out)
    both = [k for k in set_ if k in inc or k in clear] + [k for k in inc if k in clear]
    if both:
        out.append(_err("bad_config", f"{label}: field(s) {', '.join(map(repr, dict.fromkeys(both)))} changed twice"))
    return out


def _tags(label: str, config: dict[str, Any]) -> list[Found]:
    if not config.get("tag") and not config.get("tags"):
        return [_err("missing_config", f"{label}: needs 'tag' or 'tags'")]
    return []


def _leave_flows(label: str, config: dict[str, Any]) -> list[Found]:
    flows = config.get("flows")
    if isinstance(flows, str) and flows != "all":
        return [_err("bad_config", f"{label}: 'flows' must be \"all\" or a list of flow names or ids, not {flows!r}")]
    if isinstance(flows, list) and not flows:
        return [_err("missing_config", f"{label}: 'flows' is an empty list")]
    return []


def _notify_team(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    _templates_of("notify_team", config, label, out)
    return out


def _webhook(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = [_warn("webhook_review", f"{label} calls {config.get('url')!r}: review before activation")]
    if isinstance(config.get("url"), str) and config["url"]:
        _url(config["url"], f"{label} url", out)
    _templates_of("webhook", config, label, out)
    headers = config.get("headers")
    if isinstance(headers, dict):
        for name, value in headers.items():
            if isinstance(value, str):
                _template(value, f"{label} headers.{name}", out)
            if name.lower() in _SECRET_HEADERS:
                out.append(_warn("secret_in_flow", f"{label}: header {name!r} looks like a credential; "
                                 "it will be exported with the flow"))
    if "timeout" in config:
        _duration(config["timeout"], f"{label} timeout", out)
    return out


_CHECKS: dict[str, Callable[[str, dict[str, Any]], list[Found]]] = {
    **{t: _send(t) for t in CHANNEL_STEP.values()},
    "smart_send": _smart_send,
    "wait": _wait,
    "condition": _condition_step,
    "ab_split": _ab_split,
    "channel_switch": _channel_switch,
    "update_contact": _update_contact,
    "add_tag": _tags,
    "remove_tag": _tags,
    "leave_flows": _leave_flows,
    "notify_team": _notify_team,
    "webhook": _webhook,
}


def step_problems(step_id: str, step_type: str, config: dict[str, Any]) -> list[Found]:
    """Semantic problems of one step's config (the step type must be registered)."""
    check = _CHECKS.get(step_type)
    if check is None:
        return []
    return check(f"step {step_id!r} ({step_type})", config)


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

    def need(key: str, what: str) -> None:
        value = trigger.get(key)
        if key not in trigger or (isinstance(value, str) and not value.strip()):
            out.append(_err("bad_trigger", f"trigger ({kind}): needs {key!r} ({what})"))

    if kind == "event":
        need("event", "the event name")
    elif kind == "tag_added":
        if not trigger.get("tags"):
            need("tag", "the tag")
    elif kind == "segment":
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
    elif kind == "date":
        need("field", "a date field such as birthday")
        if isinstance(trigger.get("offset"), str):
            try:
                parse_signed_duration(trigger["offset"])
            except ValueError as exc:
                out.append(_err("bad_trigger", f"trigger.offset: {exc}"))
        time = trigger.get("time")
        if isinstance(time, str) and not TIME_RE.match(time):
            out.append(_err("bad_trigger", f"trigger.time: {time!r} is not a time of day HH:MM"))
    elif kind == "message":
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
    if "cron" in trigger:
        _cron(trigger["cron"], "trigger.cron", out)
    if "filter" in trigger:
        _condition(trigger["filter"], "trigger.filter", out)


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
