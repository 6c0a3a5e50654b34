"""One-line card texts for step configs ("Wait 24 h", "Email: You left something").

Used by :mod:`runtime.steps.registry`; each function takes a (possibly incomplete) config and
returns short text. They never raise for a missing key: a half-edited step still gets a card.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from runtime.flow.conditions import describe_condition
from runtime.flow.durations import human_duration
from runtime.i18n import _, ngettext

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MAX = 40


def shorten(text: Any, limit: int = _MAX) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    line = " ".join(str(text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "\u2026"


def _duration(text: Any) -> str:
    try:
        return human_duration(text)
    except ValueError:
        return str(text)


def weekdays_text(days: Any) -> str:
    """``[1,2,3,4,5]`` -> ``Mon–Fri``; ``[1,3]`` -> ``Mon, Wed``; all or none -> ``""``."""
    try:
        wanted = sorted({int(d) for d in days or [] if 1 <= int(d) <= 7})
    except (TypeError, ValueError):
        return ""
    if not wanted or len(wanted) == 7:
        return ""
    runs: list[list[int]] = []
    for d in wanted:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{WEEKDAY_NAMES[run[0] - 1]}\u2013{WEEKDAY_NAMES[run[-1] - 1]}")
        else:
            parts.extend(WEEKDAY_NAMES[d - 1] for d in run)
    return ", ".join(parts)


def email_summary(config: dict[str, Any]) -> str:
    return _("Email: {subject}").format(subject=shorten(config.get("subject")) or _("(no subject)"))


def text_summary(label: str) -> Callable[[dict[str, Any]], str]:
    def summary(config: dict[str, Any]) -> str:
        return f"{label}: {shorten(config.get('text')) or _('(empty)')}"

    return summary


def buttons_summary(label: str) -> Callable[[dict[str, Any]], str]:
    """"<label>: text [n buttons]" for a messenger step with a keyboard (Telegram, VK)."""

    def summary(config: dict[str, Any]) -> str:
        text = f"{label}: {shorten(config.get('text')) or _('(empty)')}"
        count = sum(len(row) for row in config.get("buttons") or [] if isinstance(row, list))
        if count:
            text += " [" + ngettext("{count} button", "{count} buttons", count).format(count=count) + "]"
        return text

    return summary


telegram_summary = buttons_summary("Telegram")
vk_summary = buttons_summary("VK")


def whatsapp_summary(config: dict[str, Any]) -> str:
    template = config.get("template")
    if isinstance(template, dict) and template.get("name"):
        return _("WhatsApp template {name}").format(name=template["name"])
    return f"WhatsApp: {shorten(config.get('text')) or _('(empty)')}"


def push_summary(config: dict[str, Any]) -> str:
    return f"Push: {shorten(config.get('title')) or _('(no title)')}"


def smart_send_summary(config: dict[str, Any]) -> str:
    channels = [str(c) for c in config.get("channels") or []]
    return _("Smart send: {channels}").format(channels=" \u2192 ".join(channels) if channels else _("(no channels)"))


def wait_summary(config: dict[str, Any]) -> str:
    if config.get("event"):
        text = _("Wait for {event}").format(event=config["event"])
        if config.get("timeout"):
            text += _(" (max {duration})").format(duration=_duration(config["timeout"]))
        save = config.get("save_reply")
        if isinstance(save, dict) and save.get("field"):
            text += _(", keep it in {field}").format(field=save["field"])
        return text
    until = config.get("until")
    if isinstance(until, str):
        until = {"time": until}
    if isinstance(until, dict):
        days = weekdays_text(until.get("weekdays"))
        return _("Wait until {time}").format(time=until.get("time", "?")) + (f" {days}" if days else "")
    if config.get("duration"):
        return _("Wait {duration}").format(duration=_duration(config["duration"]))
    return _("Wait")


def condition_summary(config: dict[str, Any]) -> str:
    if "if" not in config:
        return _("If \u2026")
    return _("If {condition}").format(condition=shorten(describe_condition(config["if"]), 60))


def ab_summary(config: dict[str, Any]) -> str:
    groups = [g for g in config.get("groups") or [] if isinstance(g, dict)]
    if not groups:
        return _("A/B split")
    names = [str(g.get("name", "?")) for g in groups]
    label = "/".join(n.upper() if len(n) == 1 else n for n in names)
    shares = "/".join(f"{g.get('share', 0):g}" for g in groups)
    return f"{label} {shares}"


def switch_summary(config: dict[str, Any]) -> str:
    ports = [str(r.get("port")) for r in config.get("rules") or [] if isinstance(r, dict)]
    return _("Channel: {ports}").format(ports=", ".join([*ports, "else"]))


def exit_summary(config: dict[str, Any]) -> str:
    return _("Exit: {reason}").format(reason=config["reason"]) if config.get("reason") else _("Exit")


def update_summary(config: dict[str, Any]) -> str:
    parts = []
    for key, value in (config.get("set") or {}).items():
        parts.append(f"{key} = {shorten(value, 20)}")
    for key, value in (config.get("increment") or {}).items():
        sign = "+" if value >= 0 else "\u2212"
        parts.append(f"{key} {sign}{abs(value):g}")
    for key in config.get("clear") or []:
        parts.append(_("clear {field}").format(field=key))
    return _("Update: {changes}").format(changes=", ".join(parts) if parts else _("(nothing)"))


def tags_of(config: dict[str, Any]) -> list[str]:
    """The tags a tag step names (``tag`` first, then ``tags``), without repeats."""
    tags = []
    if isinstance(config.get("tag"), str):
        tags.append(config["tag"])
    tags.extend(t for t in config.get("tags") or [] if isinstance(t, str))
    return list(dict.fromkeys(tags))


def tag_summary(sign: str) -> Callable[[dict[str, Any]], str]:
    def summary(config: dict[str, Any]) -> str:
        tags = tags_of(config)
        word = _("Tags") if len(tags) > 1 else _("Tag")
        return f"{word} " + " ".join(f"{sign}{t}" for t in tags) if tags else _("{word} (none)").format(word=word)

    return summary


def leave_summary(config: dict[str, Any]) -> str:
    flows = config.get("flows")
    if flows == "all":
        return _("Leave all other flows")
    if isinstance(flows, list) and flows:
        return _("Leave {flows}").format(flows=shorten(", ".join(str(f) for f in flows)))
    return _("Leave flows")


def notify_summary(config: dict[str, Any]) -> str:
    return _("Notify team: {text}").format(text=shorten(config.get("text")) or _("(empty)"))


def webhook_summary(config: dict[str, Any]) -> str:
    host = urlsplit(str(config.get("url") or "")).hostname or _("(no URL)")
    return _("Webhook {method} {host}").format(method=config.get("method") or "POST", host=host)
