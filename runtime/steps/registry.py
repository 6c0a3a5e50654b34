"""The step type registry: the single source of what each step type is.

For each step type it declares the palette entry (display name, group, icon), the inspector
fields (:class:`ConfigField`), the JSON Schema of its config (also embedded in the shipped
``runtime/flow/flowcanvas-1.schema.json``), its output ports for a given config and a one-line
summary for the canvas card. The designer builds its palette and inspector from here alone; the
validator checks configs against ``config_schema`` plus the semantic checks in
:mod:`runtime.flow.validate`; the engine dispatches handlers by ``type``.

``ConfigField.key`` may be a dotted path into a nested object (``until.time``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from runtime.flow.channels import MESSAGE_CHANNELS
from runtime.flow.model import Flow, Step
from runtime.i18n import gettext
from runtime.steps import checks as _c
from runtime.steps import summaries as _s
from runtime.steps import traits as _tr
from runtime.steps.reply_values import REPLY_KINDS

__all__ = [
    "CHANNELS",
    "CHANNEL_STEP",
    "FIELD_KINDS",
    "GROUPS",
    "GROUP_LABELS",
    "REGISTRY",
    "ConfigField",
    "ConfigMode",
    "StepType",
    "get_step_type",
    "step_types",
    "step_types_in_group",
]

GROUPS = ("messages", "timing", "logic", "contact", "team")
GROUP_LABELS = {
    "messages": "Messages",
    "timing": "Timing",
    "logic": "Logic",
    "contact": "Contact",
    "team": "Team & integrations",
}
FIELD_KINDS = (
    "text", "multiline", "template", "duration", "time_of_day", "weekdays", "condition",
    "ab_groups", "tags", "channels", "channel_rules", "key_values", "flows", "url", "choice",
    "buttons", "number", "bool", "event_name", "wa_template", "channel_content",
)
# channel name -> the send step whose config keys a smart_send ``content`` entry uses
CHANNEL_STEP: dict[str, str] = {channel: f"send_{channel}" for channel in MESSAGE_CHANNELS}
CHANNELS = MESSAGE_CHANNELS
# snapshot parts a handler may need (runtime.steps.context.Prefetched; the batch loader reads them)
PREFETCH = ("send_policy", "channel_history", "default_region")
CAP_POLICIES = ("skip", "delay", "ignore")
TELEGRAM_PARSE_MODES = ("HTML", "MarkdownV2", "Markdown")
WEBHOOK_METHODS = ("POST", "PUT", "PATCH", "GET", "DELETE")
MAX_AB_GROUPS = 5


@dataclass(frozen=True)
class ConfigField:
    """One inspector field of a step config.

    ``kind`` is one of :data:`FIELD_KINDS` and tells the designer which editor to show;
    ``choices`` lists the values of a ``choice`` field; ``default`` seeds a new step's config.
    """

    key: str
    kind: str
    label: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    help: str = ""
    single_line: bool = False  # a template edited on one line (a subject, a title)
    suggest: str = ""  # the project names a list editor offers: "tags" (default) or "fields"
    numeric: bool = False  # key_values whose values are numbers


@dataclass(frozen=True)
class ConfigMode:
    """One of a step type's mutually exclusive ways to be configured (a wait: for a time, until
    a time of day, until an event). ``marker`` is the config key whose presence selects it;
    ``keys`` are the fields it shows; ``defaults`` the config it starts with (an ``event_name``
    field's default gives way to a name the project knows)."""

    name: str
    label: str
    marker: str
    keys: tuple[str, ...]
    defaults: dict[str, Any]


@dataclass(frozen=True, eq=False)  # identity equality: hashable although it holds dicts
class StepType:
    """A registered step type (see the module docstring)."""

    type: str
    display_name: str
    group: str
    icon: str
    fields: tuple[ConfigField, ...]
    config_schema: dict[str, Any]
    description: str = ""
    ports_fn: Callable[[dict[str, Any]], list[str]] = field(default=lambda config: ["next"], repr=False)
    summary_fn: Callable[[dict[str, Any]], str] | None = field(default=None, repr=False)
    channel: str | None = None  # the channel a send step sends on (handled by the one send handler)
    reaches_outside: bool = False  # sends or calls out: sandboxed, skipped when a flow runs too late
    renders_templates: bool = False  # its config holds Jinja2 templates (which may read ``event``)
    # what its handler reads from the batch's snapshot besides contact, tags and events (PREFETCH)
    prefetch: frozenset[str] = frozenset()
    modes: tuple[ConfigMode, ...] = ()  # exclusive ways to configure it (the first is the default)
    # what the other parts ask about a step of this type (runtime.steps.traits, runtime.steps.checks)
    checks_fn: Callable[[str, dict[str, Any]], list[tuple[str, str, str]]] = field(
        default=lambda label, config: [], repr=False)
    decides_fn: Callable[[dict[str, Any]], bool] = field(default=_tr.never, repr=False)
    conditions_fn: Callable[[dict[str, Any]], list[Any]] = field(default=_tr.none, repr=False)
    awaited_event_fn: Callable[[dict[str, Any]], str | None] = field(default=lambda config: None, repr=False)
    plain_delay_fn: Callable[[dict[str, Any]], str | None] = field(default=lambda config: None, repr=False)
    channels_fn: Callable[[dict[str, Any]], list[str]] = field(default=_tr.none, repr=False)
    fields_set_fn: Callable[[dict[str, Any]], list[str]] = field(default=_tr.none, repr=False)
    lint_fn: Callable[[Step, Flow], Iterator[tuple[str, str]]] = field(default=_tr.no_lint, repr=False)
    sends: bool = False  # sends a message to a person (the linter's "sends without a wait")
    delays: bool = False  # waits a time set in the designer between steps
    outbox_channel: str | None = None  # the outbox channel of its rows, when fixed
    ab_test: bool = False  # splits contacts into groups whose goal conversions the reports compare
    every_port_used: bool = False  # its ports are named by rules: one left unconnected is a slip

    def check(self, label: str, config: dict[str, Any]) -> list[tuple[str, str, str]]:
        """Semantic problems of a config, ``(severity, code, message)`` naming ``label``."""
        return list(self.checks_fn(label, config))

    def decides(self, config: dict[str, Any]) -> bool:
        """Whether a step with ``config`` takes a decision (its ports are branches)."""
        return bool(self.decides_fn(config))

    def conditions(self, config: dict[str, Any]) -> list[Any]:
        """The conditions a step with ``config`` evaluates."""
        return list(self.conditions_fn(config))

    def awaited_event(self, config: dict[str, Any]) -> str | None:
        """The event a step with ``config`` waits for, if any."""
        return self.awaited_event_fn(config)

    def plain_delay(self, config: dict[str, Any]) -> str | None:
        """The ISO duration a step with ``config`` only waits (the tick runs it inline), or None."""
        return self.plain_delay_fn(config)

    def channels(self, config: dict[str, Any]) -> list[str]:
        """The channels a step with ``config`` may send a message to a person on."""
        return [self.channel] if self.channel else list(self.channels_fn(config))

    def fields_set(self, config: dict[str, Any]) -> list[str]:
        """The contact fields a step with ``config`` writes."""
        return list(self.fields_set_fn(config))

    def lint(self, step: Step, flow: Flow) -> list[tuple[str, str]]:
        """``(code, message)`` advice about ``step`` in ``flow`` specific to this type."""
        return list(self.lint_fn(step, flow))

    def ports(self, config: dict[str, Any] | None = None) -> list[str]:
        """The output ports a step of this type has with ``config`` (in display order)."""
        try:
            return list(self.ports_fn(config or {}))
        except (TypeError, AttributeError, KeyError):
            # a malformed config still gets the ports we can tell; the validator reports the rest
            return []

    def summary(self, config: dict[str, Any] | None = None) -> str:
        """One line for the canvas card ("Wait 24 h", "Email: You left something")."""
        if self.summary_fn is None:
            return gettext(self.display_name)
        try:
            return self.summary_fn(config or {})
        except (TypeError, AttributeError, KeyError, ValueError):
            return gettext(self.display_name)  # a config too broken to summarise: the kind of step

    def default_config(self) -> dict[str, Any]:
        """A config for a newly dropped step: the fields' defaults (nested for dotted keys)."""
        import copy

        out: dict[str, Any] = {}
        for f in self.fields:
            if f.default is None:
                continue
            target = out
            *parents, last = f.key.split(".")
            for part in parents:
                target = target.setdefault(part, {})
            target[last] = copy.deepcopy(f.default)
        return out

    def field(self, key: str) -> ConfigField | None:
        """The field with ``key``, or None."""
        for f in self.fields:
            if f.key == key:
                return f
        return None

    def mode_of(self, config: dict[str, Any]) -> str | None:
        """The name of the mode ``config`` is in (the last whose marker is set, else the first);
        None for a type without modes."""
        for mode in reversed(self.modes):
            if config.get(mode.marker):
                return mode.name
        return self.modes[0].name if self.modes else None


# ---------------------------------------------------------------------------------------------
# JSON Schema building blocks. Durations, conditions and templates are plain strings/objects
# here on purpose: the validator checks them with precise messages (bad_duration,
# bad_condition, bad_template) instead of jsonschema's generic ones.

_STR = {"type": "string"}
_NONEMPTY = {"type": "string", "minLength": 1}
_DURATION = {"type": "string", "description": "ISO 8601 duration, e.g. PT1H or P3D"}
_CONDITION = {"type": "object", "description": "a condition (design.md section 3)"}
_STR_LIST = {"type": "array", "items": _NONEMPTY}


def _object(props: dict[str, Any], required: tuple[str, ...] = (), extra: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = list(required)
    schema["additionalProperties"] = extra
    return schema


_SEND_COMMON = {
    "quiet_hours": {"type": "boolean", "description": "hold the message during quiet hours"},
    "cap": {"type": "string", "enum": list(CAP_POLICIES), "description": "frequency cap policy"},
}
_BUTTON = _object({"text": _NONEMPTY, "url": _NONEMPTY, "data": _NONEMPTY}, ("text",))

SEND_SCHEMAS: dict[str, dict[str, Any]] = {
    "send_email": _object(
        {"subject": _NONEMPTY, "body": _NONEMPTY, "text_body": _STR, "from_name": _STR, **_SEND_COMMON},
        ("subject", "body"),
        extra=True,
    ),
    "send_sms": _object({"text": _NONEMPTY, **_SEND_COMMON}, ("text",), extra=True),
    "send_telegram": _object(
        {
            "text": _NONEMPTY,
            "buttons": {"type": "array", "items": {"type": "array", "items": _BUTTON}},
            "parse_mode": {"type": "string", "enum": list(TELEGRAM_PARSE_MODES)},
            # a personal one-time invite link, as {{ invite_link }} (see runtime.flow.telegram)
            "invite": {"type": ["object", "boolean"],
                       "properties": {"chat_id": _NONEMPTY, "expire": _NONEMPTY}, "additionalProperties": False},
            # answer in the Telegram Business chat the flow was triggered from (as the account owner)
            "business": {"type": "boolean"},
            # a named bot of the project (telegram:<account>) instead of the default one
            "account": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,31}$"},
            **_SEND_COMMON,
        },
        ("text",),
        extra=True,
    ),
    "send_vk": _object(
        {
            "text": _NONEMPTY,
            "buttons": {"type": "array", "items": {"type": "array", "items": _BUTTON}},
            **_SEND_COMMON,
        },
        ("text",),
        extra=True,
    ),
    "send_whatsapp": _object(
        {
            "text": _NONEMPTY,
            "template": _object(
                {
                    "name": _NONEMPTY,
                    "language": _NONEMPTY,
                    "params": {"type": "array", "items": {"type": ["string", "number"]}},
                },
                ("name", "language"),
            ),
            **_SEND_COMMON,
        },
        extra=True,
    ),
    "send_push": _object(
        {"title": _NONEMPTY, "body": _NONEMPTY, "url": _STR, **_SEND_COMMON}, ("title", "body"), extra=True
    ),
}

_COMMON_SEND_FIELDS = (
    ConfigField("quiet_hours", "bool", "Respect quiet hours", default=None,
                help="Hold the message until quiet hours end (the project's setting applies when unset)."),
    ConfigField("cap", "choice", "When over the frequency cap", choices=CAP_POLICIES,
                help="skip the message, delay it until allowed, or ignore the cap"),
)


def _send_ports(config: dict[str, Any]) -> list[str]:
    return ["next", "failed"]


def _wait_ports(config: dict[str, Any]) -> list[str]:
    if not config.get("event"):
        return ["next"]
    save = config.get("save_reply")
    reads = isinstance(save, dict) and save.get("field") and save.get("as", "text") != "text"
    return ["yes", "no", "failed"] if reads else ["yes", "no"]


def _ab_ports(config: dict[str, Any]) -> list[str]:
    names = [g.get("name") for g in config.get("groups") or [] if isinstance(g, dict)]
    return list(dict.fromkeys(n for n in names if isinstance(n, str) and n))


def _switch_ports(config: dict[str, Any]) -> list[str]:
    ports = [r.get("port") for r in config.get("rules") or [] if isinstance(r, dict)]
    return [*dict.fromkeys(p for p in ports if isinstance(p, str) and p and p != "else"), "else"]


def _t(type_: str, display: str, group: str, fields: tuple[ConfigField, ...], schema: dict[str, Any],
       description: str, ports: Callable[[dict[str, Any]], list[str]],
       summary: Callable[[dict[str, Any]], str]) -> StepType:
    """A step type whose icon is ``<type>.svg``."""
    return StepType(type_, display, group, f"{type_}.svg", fields, schema, description, ports, summary)


_TYPES: list[StepType] = [
    # -- messages ---------------------------------------------------------------------------
    _t("send_email", "Send email", "messages", (
        ConfigField("subject", "template", "Subject", True, "Subject", help="Jinja2, e.g. {{ contact.first_name }}",
                    single_line=True),
        ConfigField("body", "template", "Body", True, "Hi {{ contact.first_name }},\n", help="HTML or text"),
        ConfigField("text_body", "template", "Plain-text body", help="optional plain-text alternative"),
        ConfigField("from_name", "text", "From name"),
        *_COMMON_SEND_FIELDS,
    ), SEND_SCHEMAS["send_email"], "Render the template and queue one email.", _send_ports, _s.email_summary),
    _t("send_sms", "Send SMS", "messages", (
        ConfigField("text", "template", "Text", True, "Hi {{ contact.first_name }}"),
        *_COMMON_SEND_FIELDS,
    ), SEND_SCHEMAS["send_sms"], "Render the template and queue one SMS.", _send_ports, _s.text_summary("SMS")),
    _t("send_telegram", "Send Telegram", "messages", (
        ConfigField("text", "template", "Text", True, "Hi {{ contact.first_name }}"),
        ConfigField("buttons", "buttons", "Buttons", help='rows of {"text", "url"} or {"text", "data"}'),
        ConfigField("parse_mode", "choice", "Parse mode", choices=TELEGRAM_PARSE_MODES),
        *_COMMON_SEND_FIELDS,
    ), SEND_SCHEMAS["send_telegram"], "Send a Telegram message through the bot.", _send_ports, _s.telegram_summary),
    _t("send_vk", "Send VK", "messages", (
        ConfigField("text", "template", "Text", True, "Hi {{ contact.first_name }}"),
        ConfigField("buttons", "buttons", "Buttons", help='rows of {"text", "url"} or {"text", "data"}'),
        *_COMMON_SEND_FIELDS,
    ), SEND_SCHEMAS["send_vk"], "Send a VK message as the community.", _send_ports, _s.vk_summary),
    _t("send_whatsapp", "Send WhatsApp", "messages", (
        ConfigField("text", "template", "Text", default="Hi {{ contact.first_name }}",
                    help="free text (only inside the 24 h service window)"),
        ConfigField("template", "wa_template", "Approved template", help='{"name", "language", "params"}'),
        *_COMMON_SEND_FIELDS,
    ), SEND_SCHEMAS["send_whatsapp"], "Send a WhatsApp text or approved template.", _send_ports, _s.whatsapp_summary),
    _t("send_push", "Send push", "messages", (
        ConfigField("title", "template", "Title", True, "Title", single_line=True),
        ConfigField("body", "template", "Body", True, "Hi {{ contact.first_name }}"),
        ConfigField("url", "url", "Open URL"),
        *_COMMON_SEND_FIELDS,
    ), SEND_SCHEMAS["send_push"], "Send a web push notification.", _send_ports, _s.push_summary),
    _t("smart_send", "Smart send", "messages", (
        ConfigField("channels", "channels", "Channels by priority", True, ["email", "sms"]),
        ConfigField("content", "channel_content", "Content per channel", True,
                    {"email": {"subject": "Subject", "body": "Hi {{ contact.first_name }}"},
                     "sms": {"text": "Hi {{ contact.first_name }}"}},
                    help="for each channel, the keys of that channel's send step"),
        *_COMMON_SEND_FIELDS,
    ), _object({
        "channels": {"type": "array", "minItems": 1, "uniqueItems": True,
                     "items": {"type": "string", "enum": list(CHANNELS)}},
        "content": _object({ch: SEND_SCHEMAS[st] for ch, st in CHANNEL_STEP.items()}),
        **_SEND_COMMON,
    }, ("channels", "content")), "Send on the channel most likely to reach this contact (last 90 days).",
        _send_ports, _s.smart_send_summary),
    # -- timing -----------------------------------------------------------------------------
    _t("wait", "Wait", "timing", (
        ConfigField("duration", "duration", "Wait for", default="PT1H", help="e.g. PT1H, P1D"),
        ConfigField("until.time", "time_of_day", "Until time of day", help="HH:MM in the contact's time zone"),
        ConfigField("until.weekdays", "weekdays", "On weekdays", help="1 = Monday ... 7 = Sunday; empty = any day"),
        ConfigField("event", "event_name", "Until event", help="wait for this event (ports yes / no)"),
        ConfigField("timeout", "duration", "Give up after", help="with an event: how long to wait before 'no'"),
        ConfigField("save_reply.field", "text", "Save the reply in field",
                    help="waiting for a message: the contact field that keeps the reply (e.g. birthday)"),
        ConfigField("save_reply.as", "choice", "Read the reply as", choices=REPLY_KINDS,
                    help="text as written, or a date / number (a reply without one leaves through 'failed')"),
    ), _object({
        "duration": _DURATION,
        "until": {**_object({
            "time": {"type": "string"},
            "weekdays": {"type": "array", "uniqueItems": True,
                         "items": {"type": "integer", "minimum": 1, "maximum": 7}},
        }, ("time",)), "type": ["object", "string"]},
        "event": _NONEMPTY,
        "timeout": _DURATION,
        "filter": _CONDITION,
        "save_reply": _object({"field": _NONEMPTY, "as": {"type": "string", "enum": list(REPLY_KINDS)}}, ("field",)),
    }), "Wait a duration, until a time of day, or for an event with a timeout.", _wait_ports, _s.wait_summary),
    # -- logic ------------------------------------------------------------------------------
    _t("condition", "Condition", "logic", (
        ConfigField("if", "condition", "If", True, {"event": "purchase", "since": "entry"}),
    ), _object({"if": _CONDITION}, ("if",)), "Branch on a condition.",
        lambda config: ["yes", "no"], _s.condition_summary),
    _t("ab_split", "A/B split", "logic", (
        ConfigField("groups", "ab_groups", "Groups", True,
                    [{"name": "a", "share": 50}, {"name": "b", "share": 50}],
                    help=f"up to {MAX_AB_GROUPS} groups whose shares sum to 100"),
    ), _object({"groups": {"type": "array", "minItems": 2, "items": _object(
        {"name": {"type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9_-]+$"},
         "share": {"type": "number", "minimum": 0, "maximum": 100}}, ("name", "share"))}}, ("groups",)),
        "Split contacts at random (stable per contact) into groups.", _ab_ports, _s.ab_summary),
    _t("channel_switch", "Channel switch", "logic", (
        ConfigField("rules", "channel_rules", "Rules", True,
                    [{"if": {"field": "telegram_chat_id", "op": "is_set"}, "port": "telegram"}],
                    help="first matching rule wins; otherwise 'else'"),
    ), _object({"rules": {"type": "array", "minItems": 1, "items": _object(
        {"if": _CONDITION, "port": {"type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9_-]+$"}},
        ("if", "port"))}}, ("rules",)),
        "Pick a channel by ordered rules.", _switch_ports, _s.switch_summary),
    _t("exit", "Exit", "logic", (
        ConfigField("reason", "text", "Exit reason", help="recorded as the execution's exit reason"),
    ), _object({"reason": _NONEMPTY}), "End the execution here.", lambda config: [], _s.exit_summary),
    # -- contact ----------------------------------------------------------------------------
    _t("update_contact", "Update contact", "contact", (
        ConfigField("set", "key_values", "Set fields", default={"status": "customer"},
                    help="field -> value (templates allowed in text)"),
        ConfigField("increment", "key_values", "Increment fields", help="field -> number", numeric=True),
        ConfigField("clear", "tags", "Clear fields", help="field names", suggest="fields"),
    ), _object({
        "set": {"type": "object"},
        "increment": {"type": "object", "additionalProperties": {"type": "number"}},
        "clear": _STR_LIST,
    }), "Set, increment or clear contact fields (phones and emails normalised as on import; an invalid "
        "value changes nothing and leaves through 'failed').", lambda config: ["next", "failed"], _s.update_summary),
    _t("add_tag", "Add tag", "contact", (
        ConfigField("tag", "text", "Tag", default="tag"),
        ConfigField("tags", "tags", "Tags", help="several tags at once"),
    ), _object({"tag": _NONEMPTY, "tags": _STR_LIST}), "Add tags to the contact.",
        lambda config: ["next"], _s.tag_summary("+")),
    _t("remove_tag", "Remove tag", "contact", (
        ConfigField("tag", "text", "Tag", default="tag"),
        ConfigField("tags", "tags", "Tags", help="several tags at once"),
    ), _object({"tag": _NONEMPTY, "tags": _STR_LIST}), "Remove tags from the contact.",
        lambda config: ["next"], _s.tag_summary("\u2212")),
    _t("leave_flows", "Leave flows", "contact", (
        ConfigField("flows", "flows", "Flows", True, "all", help='"all" or a list of flow names or ids'),
    ), _object({"flows": {"type": ["string", "array"], "items": {"type": ["string", "integer"]}}}, ("flows",)),
        "End this contact's executions in other flows.", lambda config: ["next"], _s.leave_summary),
    # -- team -------------------------------------------------------------------------------
    _t("notify_team", "Notify team", "team", (
        ConfigField("text", "template", "Text", True, "{{ contact.first_name }} reached this step"),
        ConfigField("telegram_chat_id", "text", "Also to Telegram chat", help="a chat id for the team"),
    ), _object({"text": _NONEMPTY, "telegram_chat_id": {"type": ["string", "integer"]}}, ("text",)),
        "Notify operators inside the app (and optionally in a Telegram chat).",
        lambda config: ["next"], _s.notify_summary),
    _t("webhook", "Webhook", "team", (
        ConfigField("url", "url", "URL", True, "https://example.com/hook"),
        ConfigField("method", "choice", "Method", default=None, choices=WEBHOOK_METHODS),
        ConfigField("headers", "key_values", "Headers", help="secrets belong in the keyring, not here"),
        ConfigField("body", "template", "Body", help="JSON template; default: contact and event"),
    ), _object({
        "url": _NONEMPTY,
        "method": {"type": "string", "enum": list(WEBHOOK_METHODS)},
        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
        "body": _STR,
        "timeout": _DURATION,
    }, ("url",)), "POST JSON to a URL (retried with backoff).", lambda config: ["next", "failed"], _s.webhook_summary),
]

# What a type does beyond its config; the engine derives its handler table, the steps it skips
# when late and the templates it prepares from these (runtime/steps/handlers.py).
_OUTSIDE = {"reaches_outside": True, "renders_templates": True}
_QUEUES = frozenset({"send_policy"})  # queues outbox rows that quiet hours and caps apply to
_BRANCHES = {"decides_fn": _tr.always}
_TRAITS: dict[str, dict[str, Any]] = {
    **{step: {"channel": channel, "outbox_channel": channel, **_OUTSIDE, "prefetch": _QUEUES, "sends": True,
              "checks_fn": _c.send(channel)} for channel, step in CHANNEL_STEP.items()},
    "smart_send": {**_OUTSIDE, "prefetch": _QUEUES | {"channel_history"}, "sends": True,
                   "channels_fn": _tr.listed_channels, "checks_fn": _c.smart_send},
    "webhook": {**_OUTSIDE, "prefetch": _QUEUES, "outbox_channel": "webhook", "checks_fn": _c.webhook,
                "lint_fn": _tr.webhook_lint},
    "notify_team": {**_OUTSIDE, "outbox_channel": "team", "checks_fn": _c.notify_team},
    "update_contact": {"renders_templates": True, "prefetch": frozenset({"default_region"}),
                       "checks_fn": _c.update_contact, "fields_set_fn": _tr.set_fields},
    "wait": {"delays": True, "decides_fn": _tr.wait_decides, "conditions_fn": _tr.wait_conditions,
             "awaited_event_fn": _tr.wait_event, "plain_delay_fn": _tr.wait_plain_delay, "checks_fn": _c.wait,
             "lint_fn": _tr.wait_lint, "fields_set_fn": _tr.reply_field},
    "condition": {**_BRANCHES, "conditions_fn": _tr.if_conditions, "checks_fn": _c.condition_step,
                  "lint_fn": _tr.condition_lint},
    "ab_split": {**_BRANCHES, "ab_test": True, "checks_fn": _c.ab_split, "lint_fn": _tr.ab_lint},
    "channel_switch": {**_BRANCHES, "every_port_used": True, "conditions_fn": _tr.rule_conditions,
                       "checks_fn": _c.channel_switch},
    "add_tag": {"checks_fn": _c.tags},
    "remove_tag": {"checks_fn": _c.tags},
    "leave_flows": {"checks_fn": _c.leave_flows},
    "exit": {"checks_fn": _c.nothing},
}
_TRAITS["wait"]["modes"] = (
    ConfigMode("duration", "For a time", "duration", ("duration",), {"duration": "PT1H"}),
    ConfigMode("until", "Until a time of day", "until", ("until.time", "until.weekdays"), {"until": {"time": "09:00"}}),
    ConfigMode("event", "Until an event", "event", ("event", "timeout", "save_reply.field", "save_reply.as"),
               {"event": "purchase", "timeout": "P3D"}),
)
_TYPES = [replace(t, **_TRAITS.get(t.type, {})) for t in _TYPES]

REGISTRY: dict[str, StepType] = {t.type: t for t in _TYPES}


def get_step_type(name: str) -> StepType:
    """The step type called ``name``; KeyError (naming it and the known types) if unknown."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown step type {name!r} (known: {', '.join(REGISTRY)})") from None


def step_types() -> list[StepType]:
    """Every step type in palette order (grouped as :data:`GROUPS`)."""
    return sorted(_TYPES, key=lambda t: GROUPS.index(t.group))


def step_types_in_group(group: str) -> list[StepType]:
    """The step types of one palette group, in palette order."""
    return [t for t in step_types() if t.group == group]
