"""The semantic checks of each step type's config (what the JSON Schema cannot express).

Each check takes the step's label (``step 'x' (send_email)``) and config and returns
``(severity, code, message)`` triples; the registry gives each type its check
(``StepType.checks_fn``) and :func:`runtime.flow.semantics.step_problems` runs it. Values of the
wrong JSON type are skipped because the schema pass already reported them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from runtime.flow.config_checks import TIME_RE, Found, condition, duration, err, template, url, warn

_SECRET_HEADERS = ("authorization", "x-api-key", "api-key", "x-auth-token", "cookie")
# (the registry's constants are imported where used: the registry imports this module)


def _templates_of(step_type: str, config: dict[str, Any], label: str, out: list[Found]) -> None:
    """Compile every template field of ``step_type`` found in ``config`` (kinds from the registry)."""
    from runtime.steps.registry import REGISTRY

    for f in REGISTRY[step_type].fields:
        if f.kind == "template" and f.key in config:
            template(config[f.key], f"{label} {f.key}", out)


def send(channel: str) -> Callable[[str, dict[str, Any]], list[Found]]:
    """The check of the send step on ``channel`` (also run on each smart_send content entry)."""

    def check(label: str, config: dict[str, Any]) -> list[Found]:
        from runtime.steps.registry import CHANNEL_STEP

        out: list[Found] = []
        _templates_of(CHANNEL_STEP[channel], config, label, out)
        if channel == "whatsapp":
            _whatsapp(label, config, out)
        if channel == "telegram":
            _buttons(label, config.get("buttons"), out)
        if channel == "push" and isinstance(config.get("url"), str) and config["url"]:
            url(config["url"], f"{label} url", out)
        return out

    return check


def _whatsapp(label: str, config: dict[str, Any], out: list[Found]) -> None:
    has_text, has_template = "text" in config, "template" in config
    if not has_text and not has_template:
        out.append(err("missing_config", f"{label}: needs 'text' or an approved 'template'"))
    elif has_text and has_template:
        out.append(err("bad_config", f"{label}: use either 'text' or 'template', not both"))
    approved = config.get("template")
    if isinstance(approved, dict):
        for index, param in enumerate(approved.get("params") or []):
            if isinstance(param, str):
                template(param, f"{label} template.params[{index}]", out)


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
                out.append(err("bad_config", f"{where}: a button needs exactly one of 'url' or 'data'"))
            data = button.get("data")
            if isinstance(data, str) and len(data.encode("utf-8")) > 64:
                out.append(err("bad_config", f"{where}: 'data' is longer than Telegram's 64 bytes"))
            if isinstance(button.get("url"), str):
                url(button["url"], f"{where} url", out)
            template(button.get("text"), f"{where} text", out)


def smart_send(label: str, config: dict[str, Any]) -> list[Found]:
    """Content for every listed channel; content for an unlisted one is a warning."""
    from runtime.steps.registry import CHANNEL_STEP, CHANNELS

    out: list[Found] = []
    channels = config.get("channels")
    content = config.get("content")
    if not isinstance(channels, list) or not isinstance(content, dict):
        return out
    for channel in channels:
        if isinstance(channel, str) and channel in CHANNELS and channel not in content:
            out.append(err("missing_config", f"{label}: no content for channel {channel!r}"))
    for channel, item in content.items():
        if channel not in CHANNEL_STEP or not isinstance(item, dict):
            continue
        if channel not in channels:
            out.append(warn("unused_content", f"{label}: content for {channel!r} is not used (not in channels)"))
        out.extend(send(channel)(f"{label} content.{channel}", item))
    return out


def wait(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    modes = [m for m in ("duration", "until", "event") if m in config]
    if not modes:
        out.append(err("missing_config", f"{label}: needs 'duration', 'until' or 'event' + 'timeout'"))
    elif len(modes) > 1:
        out.append(err("bad_config", f"{label}: use only one of {', '.join(repr(m) for m in modes)}"))
    if "duration" in config:
        duration(config["duration"], f"{label} duration", out)
    until = config.get("until")
    time = until.get("time") if isinstance(until, dict) else until  # "until": "09:00" is short for {"time": ...}
    if isinstance(time, str) and not TIME_RE.match(time):
        out.append(err("bad_config", f"{label} until.time: {time!r} is not a time of day HH:MM"))
    if "event" in config and "timeout" not in config:
        out.append(err("missing_config", f"{label}: waiting for an event needs a 'timeout' (e.g. P3D)"))
    if "timeout" in config:
        if "event" not in config:
            out.append(err("bad_config", f"{label}: 'timeout' only applies when waiting for an 'event'"))
        duration(config["timeout"], f"{label} timeout", out)
    if "filter" in config:
        if "event" not in config:
            out.append(err("bad_config", f"{label}: 'filter' only applies when waiting for an 'event'"))
        condition(config["filter"], f"{label} filter", out)
    if "save_reply" in config and config.get("event") != "message":
        out.append(err("bad_config", f"{label}: 'save_reply' keeps a reply, so it needs 'event': \"message\""))
    return out


def condition_step(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    if "if" in config:
        condition(config["if"], f"{label} if", out, required=True)
    return out


def ab_split(label: str, config: dict[str, Any]) -> list[Found]:
    """At most MAX_AB_GROUPS groups with distinct names whose shares sum to 100."""
    from runtime.steps.registry import MAX_AB_GROUPS

    out: list[Found] = []
    groups = config.get("groups")
    if not isinstance(groups, list):
        return out
    if len(groups) > MAX_AB_GROUPS:
        out.append(err("ab_shares", f"{label}: {len(groups)} groups; at most {MAX_AB_GROUPS} are allowed"))
    shares = [g.get("share") for g in groups if isinstance(g, dict)]
    numbers = [s for s in shares if isinstance(s, (int, float)) and not isinstance(s, bool)]
    if len(numbers) == len(shares) == len(groups):
        total = sum(numbers)
        if abs(total - 100) > 1e-9:
            out.append(err("ab_shares", f"{label}: group shares sum to {total:g}, not 100"))
    names = [g.get("name") for g in groups if isinstance(g, dict)]
    repeated = sorted({n for n in names if isinstance(n, str) and names.count(n) > 1})
    if repeated:
        out.append(err("bad_config", f"{label}: group name(s) {', '.join(map(repr, repeated))} used twice"))
    return out


def channel_switch(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    rules = config.get("rules")
    if not isinstance(rules, list):
        return out
    ports: list[str] = []
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict):
            continue
        if "if" in rule:
            condition(rule["if"], f"{label} rules[{index}].if", out)
        port = rule.get("port")
        if port == "else":
            out.append(err("bad_config", f"{label} rules[{index}]: 'else' is the fallback port; "
                            "name the rule's port differently"))
        elif isinstance(port, str):
            if port in ports:
                out.append(err("bad_config", f"{label} rules[{index}]: port {port!r} is used by an earlier rule"))
            ports.append(port)
    return out


def update_contact(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    if not any(config.get(k) for k in ("set", "increment", "clear")):
        out.append(err("missing_config", f"{label}: nothing to change (give 'set', 'increment' or 'clear')"))
    set_: dict[str, Any] = config["set"] if isinstance(config.get("set"), dict) else {}
    inc: dict[str, Any] = config["increment"] if isinstance(config.get("increment"), dict) else {}
    clear: list[Any] = config["clear"] if isinstance(config.get("clear"), list) else []
    for key, value in set_.items():
        if isinstance(value, str):
            template(value, f"{label} set.{key}", out)
    both = [k for k in set_ if k in inc or k in clear] + [k for k in inc if k in clear]
    if both:
        out.append(err("bad_config", f"{label}: field(s) {', '.join(map(repr, dict.fromkeys(both)))} changed twice"))
    return out


def tags(label: str, config: dict[str, Any]) -> list[Found]:
    if not config.get("tag") and not config.get("tags"):
        return [err("missing_config", f"{label}: needs 'tag' or 'tags'")]
    return []


def leave_flows(label: str, config: dict[str, Any]) -> list[Found]:
    flows = config.get("flows")
    if isinstance(flows, str) and flows != "all":
        return [err("bad_config", f"{label}: 'flows' must be \"all\" or a list of flow names or ids, not {flows!r}")]
    if isinstance(flows, list) and not flows:
        return [err("missing_config", f"{label}: 'flows' is an empty list")]
    return []


def notify_team(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = []
    _templates_of("notify_team", config, label, out)
    return out


def webhook(label: str, config: dict[str, Any]) -> list[Found]:
    out: list[Found] = [warn("webhook_review", f"{label} calls {config.get('url')!r}: review before activation")]
    if isinstance(config.get("url"), str) and config["url"]:
        url(config["url"], f"{label} url", out)
    _templates_of("webhook", config, label, out)
    headers = config.get("headers")
    if isinstance(headers, dict):
        for name, value in headers.items():
            if isinstance(value, str):
                template(value, f"{label} headers.{name}", out)
            if name.lower() in _SECRET_HEADERS:
                out.append(warn("secret_in_flow", f"{label}: header {name!r} looks like a credential; "
                                 "it will be exported with the flow"))
    if "timeout" in config:
        duration(config["timeout"], f"{label} timeout", out)
    return out


def nothing(label: str, config: dict[str, Any]) -> list[Found]:
    """A type whose config the schema checks completely (an exit's optional reason)."""
    return []
