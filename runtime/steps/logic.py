"""Handlers of the timing, logic and contact steps: wait, condition, ab_split, channel_switch,
update_contact, add_tag, remove_tag, leave_flows and exit.

Each is a deterministic function of its :class:`StepInput` (see runtime.steps.context).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from runtime.clock import UTC, ensure_utc
from runtime.flow.durations import parse_duration
from runtime.flow.states import ExecutionStatus
from runtime.steps.conditions import as_datetime, evaluate
from runtime.steps.context import StepInput, StepResult, failed
from runtime.steps.reply_values import ReplyError, parse_reply

# contact columns an update_contact step may write; anything else is an attribute
WRITABLE_COLUMNS = {
    "email", "phone", "telegram_chat_id", "whatsapp", "first_name", "last_name", "timezone", "birthday",
    "email_status", "sms_status", "telegram_status", "whatsapp_status", "push_status", "last_activity_at",
}
_NOT_NULL_DEFAULTS = {"timezone": "UTC", "email_status": "subscribed", "sms_status": "subscribed",
                      "telegram_status": "subscribed", "whatsapp_status": "subscribed", "push_status": "subscribed"}
NEVER = datetime(9999, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=1024)
def duration(text: str) -> timedelta:
    """``parse_duration``, cached (flows use a handful of durations millions of times)."""
    return parse_duration(text)


@lru_cache(maxsize=512)
def zone(name: str | None) -> ZoneInfo:
    """The time zone called ``name``; UTC when it is empty or unknown (a bad import never stops a flow)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def _parse_hhmm(text: Any) -> time:
    hours, _, minutes = str(text or "00:00").strip().partition(":")
    return time(int(hours), int(minutes or 0))


def next_local_time(now: datetime, tz_name: str | None, hhmm: Any, weekdays: list[int] | None = None) -> datetime:
    """The first moment at or after ``now`` when the contact's clock shows ``hhmm`` on one of ``weekdays``.

    ``weekdays`` are ISO numbers (1 = Monday ... 7 = Sunday); empty means any day. DST-safe: a
    local time that does not exist that day (spring forward) maps to the moment just after the
    gap; one that exists twice (fall back) is its first occurrence.
    """
    tz = zone(tz_name)
    at = _parse_hhmm(hhmm)
    now = ensure_utc(now)
    local_now = now.astimezone(tz)
    allowed = {int(d) for d in (weekdays or [])}
    for offset in range(15):
        day = local_now.date() + timedelta(days=offset)
        if allowed and day.isoweekday() not in allowed:
            continue
        candidate = datetime(day.year, day.month, day.day, at.hour, at.minute, tzinfo=tz).astimezone(UTC)
        if candidate >= now:
            return candidate
    return now


def handle_wait(inp: StepInput) -> StepResult:
    """wait: a duration; until a time of day / weekdays (contact's zone); or an event with a timeout.

    Waiting for a ``message``, ``save_reply`` ``{"field", "as"}`` stores the reply in a contact field
    (``as``: text, date or number); a reply that is not a date / number takes ``failed``."""
    cfg = inp.config
    event = cfg.get("event")
    now = inp.now
    if event:
        event = str(event)
        # an event at or after the moment the wait began counts (one at that very instant too)
        since = (inp.wait_since or inp.execution.entered_at) if inp.resumed else now
        ctx = inp.eval_context()
        flt = cfg.get("filter")
        saving = isinstance(cfg.get("save_reply"), dict) and bool(cfg["save_reply"].get("field"))
        # a reply is a message after the wait began: the message that led here (the one an earlier
        # wait took, at this very instant on a virtual clock) is not a reply to this step's question
        strict = event == "message"
        for occurred_at, props, event_id in ctx.events(event):
            if occurred_at < since or occurred_at > now or event_id == inp.execution.trigger_event_id:
                continue
            if strict and occurred_at == since:
                continue
            if flt and not evaluate(flt, ctx.with_props(props)):
                continue
            if saving and (props or {}).get("from", "contact") != "contact":
                continue  # an operator's own message is not the contact's reply
            found = {"event": event, "event_at": occurred_at.isoformat()}
            if saving:
                return _save_reply(inp, cfg["save_reply"], props, found)
            return StepResult(port="yes", detail=found)
        if inp.resumed:
            timeout_at = as_datetime(inp.data.get("timeout_at"))
            if timeout_at is not None and now < timeout_at:  # woken by an event the filter rejected
                return StepResult(port=None, outcome="waiting", wait_until=timeout_at, wait_event=event,
                                  wait_data={"timeout_at": timeout_at.isoformat()})
            return StepResult(port="no", detail={"event": event, "timeout": True})
        timeout = cfg.get("timeout")
        until = now + duration(timeout) if timeout else NEVER
        return StepResult(port=None, outcome="waiting", wait_until=until, wait_event=event,
                          wait_data={"timeout_at": until.isoformat()}, detail={"event": event, "until": until.isoformat()})
    if inp.resumed:
        return StepResult(port="next")
    if cfg.get("until"):
        spec = cfg["until"] if isinstance(cfg["until"], dict) else {"time": cfg["until"]}
        until = next_local_time(now, inp.contact.get("timezone"), spec.get("time"), spec.get("weekdays"))
        detail: dict[str, Any] | None = {"until": until.isoformat(), "timezone": inp.contact.get("timezone")}
    else:
        until = now + duration(cfg.get("duration") or "PT0S")
        detail = None  # the token's due_at says until when; nothing else to tell
    if until <= now:
        return StepResult(port="next")
    return StepResult(port=None, outcome="waiting", wait_until=until, detail=detail)


def field_changes(contact: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """``contact_changes`` writing ``values`` (field name -> value): contact columns as they are,
    anything else (or ``attributes.x``) into the attributes."""
    changes: dict[str, Any] = {}
    attrs: dict[str, Any] | None = None
    for name, value in values.items():
        if not name.startswith("attributes.") and name in WRITABLE_COLUMNS:
            changes[name] = as_datetime(value) if name == "last_activity_at" else value
        else:
            attrs = dict(contact.get("attributes") or {}) if attrs is None else attrs
            attrs[name.removeprefix("attributes.")] = value
    if attrs is not None:
        changes["attributes"] = attrs
    return changes


def _save_reply(inp: StepInput, spec: dict[str, Any], props: dict[str, Any], found: dict[str, Any]) -> StepResult:
    """The reply arrived: store its text, read as ``spec['as']``, into the contact field ``spec['field']``.

    A reply that does not hold that kind of value (no date in "hello") changes nothing and leaves
    through ``failed``, with the reply and the reason in the log."""
    name, kind = str(spec["field"]), str(spec.get("as") or "text")
    text = (props or {}).get("text")
    try:
        value = parse_reply(kind, text, inp.now.date())
    except ReplyError as exc:
        return failed(f"{exc}; {name} was left unchanged", reply=str(text or "")[:200], **found)
    return StepResult(port="yes", contact_changes=field_changes(inp.contact, {name: value}),
                      detail={**found, "saved": {name: value}})


def handle_condition(inp: StepInput) -> StepResult:
    """condition: ``yes`` when the ``if`` condition holds, else ``no``."""
    return StepResult(port="yes" if evaluate(inp.config.get("if"), inp.eval_context()) else "no")


def ab_bucket(flow_id: int, contact_id: int) -> float:
    """A stable number in [0, 100) for this contact in this flow (sha256, same on every run)."""
    digest = hashlib.sha256(f"{flow_id}:{contact_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 * 100


def handle_ab_split(inp: StepInput) -> StepResult:
    """ab_split: the group whose share covers this contact's stable bucket (shares normalised to 100)."""
    groups = [g for g in inp.config.get("groups") or [] if isinstance(g, dict) and g.get("name")]
    if not groups:
        return failed("ab_split has no groups")
    total = sum(max(float(g.get("share") or 0), 0.0) for g in groups) or 1.0
    point = ab_bucket(inp.execution.flow_id, inp.execution.contact_id)
    cumulative = 0.0
    for g in groups:
        cumulative += max(float(g.get("share") or 0), 0.0) * 100.0 / total
        if point < cumulative:
            return StepResult(port=str(g["name"]), detail={"group": g["name"]})
    return StepResult(port=str(groups[-1]["name"]), detail={"group": groups[-1]["name"]})


def handle_channel_switch(inp: StepInput) -> StepResult:
    """channel_switch: the port of the first rule whose condition holds, else ``else``."""
    ctx = inp.eval_context()
    for rule in inp.config.get("rules") or []:
        if isinstance(rule, dict) and rule.get("port") and evaluate(rule.get("if"), ctx):
            return StepResult(port=str(rule["port"]))
    return StepResult(port="else")


def _current(contact: dict[str, Any], attrs: dict[str, Any], name: str) -> Any:
    if name.startswith("attributes."):
        return attrs.get(name[11:])
    if name in WRITABLE_COLUMNS:
        return contact.get(name)
    return attrs.get(name)


def handle_update_contact(inp: StepInput) -> StepResult:
    """update_contact: ``set`` (text values may be templates), ``increment``, ``clear``.

    Text set into a contact field is normalised as the CSV importer does (phone to E.164 in the
    project's default region, email trimmed with its domain lower-cased, ...) by the batch's
    ``prefetched.normalize_field``. An invalid value changes nothing and leaves through ``failed``
    (along ``next`` when that is not connected), with the reason in the log.
    """
    from runtime.steps.messages import render

    cfg = inp.config
    attrs = dict(inp.contact.get("attributes") or {})
    changes: dict[str, Any] = {}
    attrs_changed = False

    def put(name: str, value: Any) -> None:
        nonlocal attrs_changed
        key = name[11:] if name.startswith("attributes.") else name
        if not name.startswith("attributes.") and name in WRITABLE_COLUMNS:
            if name == "last_activity_at":
                value = as_datetime(value)
            changes[name] = value
        else:
            attrs[key] = value
            attrs_changed = True

    normalize = inp.prefetched.normalize_field
    for name, value in (cfg.get("set") or {}).items():
        if isinstance(value, str) and ("{{" in value or "{%" in value):
            value = render(value, inp, f"set {name}")
        if normalize is not None and isinstance(value, str) and str(name) in WRITABLE_COLUMNS and value.strip():
            try:
                value = normalize(str(name), value, inp.now.date())
            except ValueError as exc:  # the contacts' FieldError
                return failed(f"set {name}: {exc}; the contact was left unchanged", value=value)
        put(str(name), value)
    for name, amount in (cfg.get("increment") or {}).items():
        current = _current(inp.contact, attrs, str(name))
        try:
            base = float(current) if current not in (None, "") else 0.0
            step = float(amount)
        except (TypeError, ValueError):
            return failed(f"cannot increment {name!r}: {current!r} is not a number")
        total = base + step
        put(str(name), int(total) if total == int(total) else total)
    for name in cfg.get("clear") or []:
        name = str(name)
        if not name.startswith("attributes.") and name in WRITABLE_COLUMNS:
            changes[name] = _NOT_NULL_DEFAULTS.get(name)
        else:
            attrs.pop(name[11:] if name.startswith("attributes.") else name, None)
            attrs_changed = True
    if attrs_changed:
        changes["attributes"] = attrs
    return StepResult(port="next", contact_changes=changes, detail={"changed": sorted(changes)} if changes else None)


def _tag_list(cfg: dict[str, Any]) -> list[str]:
    tags = list(cfg.get("tags") or [])
    if cfg.get("tag"):
        tags.insert(0, cfg["tag"])
    return [str(t).strip() for t in dict.fromkeys(tags) if str(t).strip()]


def handle_add_tag(inp: StepInput) -> StepResult:
    """add_tag: add the tags the contact does not have yet (each add logged with who and why)."""
    new = [t for t in _tag_list(inp.config) if t not in inp.tags]
    return StepResult(port="next", tags_add=new, detail={"added": new} if new else None)


def handle_remove_tag(inp: StepInput) -> StepResult:
    """remove_tag: remove the tags the contact has."""
    gone = [t for t in _tag_list(inp.config) if t in inp.tags]
    return StepResult(port="next", tags_remove=gone, detail={"removed": gone} if gone else None)


def handle_leave_flows(inp: StepInput) -> StepResult:
    """leave_flows: end this contact's executions in other flows ("all" or names / ids)."""
    spec = inp.config.get("flows", "all")
    return StepResult(port="next", leave_flows=spec, detail={"flows": spec})


def handle_exit(inp: StepInput) -> StepResult:
    """exit: end the whole execution here. Without a ``reason`` the flow ran to its end: the
    execution is ``completed`` (reason ``exit_step``); a custom reason is an exit of its own."""
    reason = inp.config.get("reason")
    if not reason:
        return StepResult(port=None, end=(ExecutionStatus.COMPLETED, "exit_step"), detail={"reason": "exit_step"})
    return StepResult(port=None, end=(ExecutionStatus.EXITED, str(reason)), detail={"reason": str(reason)})

