"""Channel settings in the project's settings table (never secrets: those go to the keyring).

Keys in the ``settings`` table:

- ``channel.<name>``: a dict of that channel's non-secret settings (SMTP host, sender, ...);
- ``sandbox``: bool, nothing leaves the machine when true;
- ``channels.quiet_hours``: ``{"default": "21:00-08:00" | None, "<channel>": "20:00-08:00" | "off"}``
  (times in the contact's time zone; SMS defaults to 20:00-08:00);
- ``channels.caps``: ``{"per_day": n, "per_week": n, "action": "delay" | "skip",
  "channels": {"<channel>": {"per_day": n, "per_week": n}}}``;
- ``channels.dispatch``: ``{"give_up_after_hours": 48, "concurrency": 16, ...}``.

:data:`CHANNEL_FIELDS` describes every field (label, secret or not, required, default) so a
settings dialog can be built from it; :func:`channel_view` / :func:`apply_channel_values` are
the functions such a dialog (and ``flowcanvas channel set``) calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from runtime.channels import credentials
from runtime.channels.base import ChannelError
from runtime.channels.setting_ranges import check_channel_number, check_dispatch
from runtime.errors import InputError
from runtime.flow.channels import SETTINGS_CHANNELS
from runtime.storage.settings import get_setting, set_setting

SANDBOX_KEY = "sandbox"
QUIET_HOURS_KEY = "channels.quiet_hours"
CAPS_KEY = "channels.caps"
DISPATCH_KEY = "channels.dispatch"

ALL_CHANNELS = SETTINGS_CHANNELS
DEFAULT_QUIET_HOURS: dict[str, str | None] = {"default": None, "sms": "20:00-08:00"}
#: the largest frequency cap (messages per contact per period)
MAX_CAP = 10_000

DEFAULT_DISPATCH: dict[str, Any] = {
    "give_up_after_hours": 48.0,
    "concurrency": 32,
    "batch": 200,
    "backoff_base_seconds": 30.0,
    "backoff_max_seconds": 3600.0,
    "sending_lease_seconds": 600.0,
}


@dataclass(frozen=True)
class Field:
    """One setting of a channel, as a settings dialog shows it."""

    key: str
    label: str
    kind: str = "text"  # text, int, float, choice, bool, secret
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    help: str = ""

    @property
    def secret(self) -> bool:
        return self.kind == "secret"


_RATE = (
    Field("rate_per_second", "Messages per second", "float", help="Upper bound for this channel."),
)

CHANNEL_FIELDS: dict[str, tuple[Field, ...]] = {
    "email": (
        Field("host", "SMTP server", required=True),
        Field("port", "Port", "int", default=587),
        Field("security", "Security", "choice", default="starttls", choices=("starttls", "ssl", "none")),
        Field("username", "User name"),
        Field("password", "Password", "secret"),
        Field("from_email", "From address", required=True),
        Field("from_name", "From name"),
        Field("reply_to", "Reply-To"),
        Field("unsubscribe_url", "Unsubscribe URL", help="{key} and {contact} are replaced; one-click."),
        Field("unsubscribe_mailto", "Unsubscribe mailbox"),
        Field("public_url", "Public URL of the inbound API",
              help="https://... where `flowcanvas serve` is reachable: one-click unsubscribe links point there."),
        Field("track", "Track opens and clicks", "bool", default=False,
              help="Adds an open pixel and routes links through the inbound API (needs the public URL)."),
        Field("timeout", "Timeout (s)", "float", default=30.0),
        Field("rate_per_second", "Messages per second", "float", default=10.0),
        Field("test_to", "Send tests to",
              help="Your own email address: 'Send me a test' on a step sends its message there."),
    ),
    "sms": (
        Field("provider", "Provider", "choice", required=True, default="sms_ru", choices=("sms_ru", "twilio")),
        Field("api_id", "SMS.ru api_id", "secret"),
        Field("sender", "SMS.ru sender name"),
        Field("account_sid", "Twilio Account SID"),
        Field("auth_token", "Twilio auth token", "secret"),
        Field("from_number", "Twilio From number"),
        Field("messaging_service_sid", "Twilio Messaging Service SID"),
        Field("rate_per_second", "Messages per second", "float", default=10.0),
        Field("test_to", "Send tests to", help="Your own phone number for 'Send me a test'."),
    ),
    "telegram": (
        Field("token", "Bot token", "secret", required=True),
        Field("api_base", "Bot API server", default="https://api.telegram.org"),
        Field("invite_chat_id", "Chat for personal invite links"),
        Field("invite_expire_hours", "Invite links expire after (h)", "float", default=72.0),
        Field("rate_per_second", "Messages per second", "float", default=30.0,
              help="Telegram allows about 30 messages per second per bot."),
        Field("rate_per_chat_per_second", "Messages per chat per second", "float", default=1.0),
        Field("test_to", "Send tests to",
              help="Your own chat id with the bot for 'Send me a test' (write /start to the bot first)."),
    ),
    "whatsapp": (
        Field("phone_number_id", "Phone number ID", required=True),
        Field("access_token", "Access token", "secret", required=True),
        Field("api_version", "Graph API version", default="v21.0"),
        Field("fallback_template", "Template outside the 24-hour window"),
        Field("fallback_language", "Template language", default="en_US"),
        Field("rate_per_second", "Messages per second", "float", default=20.0),
        Field("test_to", "Send tests to", help="Your own WhatsApp number for 'Send me a test'."),
    ),
    "push": (
        Field("vapid_private_key", "VAPID private key", "secret", required=True),
        Field("vapid_subject", "VAPID subject (mailto: or https:)", required=True),
        Field("ttl", "Time to live (s)", "int", default=86400),
        Field("rate_per_second", "Messages per second", "float", default=50.0),
    ),
    "vk": (
        Field("token", "Community access key", "secret", required=True),
        Field("group_id", "Community ID", required=True),
        Field("api_base", "VK API server", default="https://api.vk.com"),
        Field("api_version", "API version", default="5.199"),
        Field("rate_per_second", "Messages per second", "float", default=20.0,
              help="VK allows a community about 20 API calls per second."),
        Field("test_to", "Send tests to", help="Your own VK user id for 'Send me a test'."),
    ),
    "webhook": (
        Field("secret", "Signing secret (HMAC-SHA256)", "secret"),
        Field("timeout", "Timeout (s)", "float", default=15.0),
        Field("rate_per_second", "Requests per second", "float", default=20.0),
    ),
}


def _put(session: Session, key: str, value: Any) -> None:
    set_setting(session, key, value)
    session.flush()  # later reads in this transaction (and policy checks) see the new value


def check_channel(channel: str) -> tuple[Field, ...]:
    """The fields of ``channel`` (or of a named account such as ``telegram:paid``, which has its
    channel's fields); InputError naming the known channels otherwise."""
    from runtime.channels.accounts import split_channel

    try:
        base, _ = split_channel(channel)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if base not in CHANNEL_FIELDS:
        raise InputError(f"unknown channel {channel!r}; known: {', '.join(ALL_CHANNELS)}")
    return CHANNEL_FIELDS[base]


# outbox channels that are delivered with another channel's settings and credentials:
# team notifications go out through the project's Telegram bot
SETTINGS_OF = {"team": "telegram"}


def settings_channel(channel: str) -> str:
    """The channel whose settings and credentials deliver ``channel``'s messages."""
    return SETTINGS_OF.get(channel, channel)


def channel_settings(session: Session, channel: str) -> dict[str, Any]:
    """Non-secret settings of a channel (``team`` reads Telegram's), with defaults filled in."""
    channel = settings_channel(channel)
    fields = check_channel(channel)
    stored = get_setting(session, f"channel.{channel}", {}) or {}
    values = {f.key: f.default for f in fields if not f.secret and f.default is not None}
    values.update(stored)
    return values


def _coerce(channel: str, field: Field, raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    if field.kind in ("int", "float"):
        raw = check_channel_number(channel, field.key, raw)
    try:
        if field.kind == "int":
            return int(raw)
        if field.kind == "float":
            return float(raw)
        if field.kind == "bool":
            return str(raw).lower() in ("1", "true", "yes", "on")
    except ValueError as exc:
        raise InputError(f"channel {channel}: {field.key} must be a number, got {raw!r}") from exc
    if field.kind == "choice" and raw not in field.choices:
        raise InputError(f"channel {channel}: {field.key} must be one of {', '.join(field.choices)}, got {raw!r}")
    return str(raw)


def apply_channel_values(session: Session, channel: str, values: dict[str, Any]) -> list[str]:
    """Store settings of a channel: secrets in the keyring, the rest in the settings table.

    Returns the keys stored in the keyring. Unknown keys raise InputError (nothing changes).
    """
    fields = {f.key: f for f in check_channel(channel)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise InputError(
            f"channel {channel}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(fields)}"
        )
    coerced = {key: _coerce(channel, fields[key], raw) for key, raw in values.items()}
    secrets = [key for key in coerced if fields[key].secret]
    if secrets:
        project = credentials.project_id(session)
        for key in secrets:
            if coerced[key] is None:
                credentials.delete_secret(project, channel, key)
            else:
                credentials.set_secret(project, channel, key, coerced[key])
    stored = dict(get_setting(session, f"channel.{channel}", {}) or {})
    for key, value in coerced.items():
        if fields[key].secret:
            continue
        if value is None:
            stored.pop(key, None)
        else:
            stored[key] = value
    _put(session, f"channel.{channel}", stored)
    return secrets


def channel_view(session: Session, channel: str) -> dict[str, Any]:
    """What a settings dialog shows: values (secrets only as set / not set) and the field specs."""
    fields = check_channel(channel)
    values = channel_settings(session, channel)
    project = credentials.project_id(session)
    rows = []
    keyring_error = None
    for f in fields:
        row: dict[str, Any] = {"key": f.key, "label": f.label, "kind": f.kind, "required": f.required,
                               "choices": list(f.choices), "help": f.help}
        if f.secret:
            try:
                row["is_set"] = credentials.get_secret(project, channel, f.key) is not None
            except credentials.KeyringUnavailableError as exc:
                row["is_set"] = None  # unknown: the settings are still worth showing
                keyring_error = str(exc)
        else:
            row["value"] = values.get(f.key)
        rows.append(row)
    view = {"channel": channel, "configured": is_configured(session, channel), "fields": rows}
    if keyring_error:
        view["keyring_error"] = keyring_error
    return view


def is_configured(session: Session, channel: str) -> bool:
    """True when every required non-secret setting is present (secrets are checked on use)."""
    values = channel_settings(session, channel)
    return all(values.get(f.key) not in (None, "") for f in check_channel(channel) if f.required and not f.secret)


def secret(session: Session, channel: str, key: str, *, required: bool = True) -> str | None:
    """A channel secret from the keyring (ChannelError naming the command when missing)."""
    project = credentials.project_id(session)
    if required:
        return credentials.require_secret(project, channel, key)
    return credentials.get_secret(project, channel, key)


def require(values: dict[str, Any], channel: str, key: str) -> Any:
    """A required non-secret setting, else a ChannelError naming the command that sets it."""
    value = values.get(key)
    if value in (None, ""):
        raise ChannelError(f"channel {channel}: '{key}' is not set; run `flowcanvas channel set PROJECT {channel} {key}=...`")
    return value


# ---------------------------------------------------------------------------------------------
# project-wide delivery settings

def sandbox_enabled(session: Session) -> bool:
    """The project's sandbox switch (absent means off)."""
    return bool(get_setting(session, SANDBOX_KEY, False))


def set_sandbox(session: Session, on: bool) -> None:
    """Turn sandbox mode on or off."""
    _put(session, SANDBOX_KEY, bool(on))


_WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


def parse_window(text: str | None) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``"20:00-08:00"`` -> ((20, 0), (8, 0)); ``None``/``"off"`` -> None; InputError otherwise."""
    if text in (None, "", "off"):
        return None
    match = _WINDOW.match(str(text))
    if not match:
        raise InputError(f"quiet hours must look like 20:00-08:00 or 'off', got {text!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return (h1, m1), (h2, m2)


def quiet_hours(session: Session) -> dict[str, str | None]:
    """Quiet hours per channel (``default`` applies to channels without their own entry)."""
    value = dict(DEFAULT_QUIET_HOURS)
    value.update(get_setting(session, QUIET_HOURS_KEY, {}) or {})
    return value


def set_quiet_hours(session: Session, channel: str, window: str | None) -> None:
    """Set quiet hours for a channel (or ``default``); ``None``/``"off"`` switches them off."""
    if channel != "default":
        check_channel(channel)
    parse_window(window)
    value = dict(get_setting(session, QUIET_HOURS_KEY, {}) or {})
    value[channel] = window if window not in (None, "") else "off"
    _put(session, QUIET_HOURS_KEY, value)


def caps(session: Session) -> dict[str, Any]:
    """Frequency caps: ``per_day``/``per_week`` overall, per channel under ``channels``, ``action``."""
    value: dict[str, Any] = {"per_day": None, "per_week": None, "action": "delay", "channels": {}}
    value.update(get_setting(session, CAPS_KEY, {}) or {})
    return value


def set_caps(session: Session, value: dict[str, Any]) -> None:
    """Replace the frequency caps (validated: counts are positive ints, action delay or skip)."""
    if value.get("action", "delay") not in ("delay", "skip"):
        raise InputError(f"frequency cap action must be delay or skip, got {value.get('action')!r}")
    for scope, limits in [("all", value), *(value.get("channels") or {}).items()]:
        for period in ("per_day", "per_week"):
            n = limits.get(period)
            if n is not None and (not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= MAX_CAP):
                raise InputError(f"frequency cap {scope}.{period} must be a whole number from 0 to {MAX_CAP}, got {n!r}")
    _put(session, CAPS_KEY, value)


def dispatch_settings(session: Session) -> dict[str, Any]:
    """Dispatcher tuning: give-up time, concurrency, backoff."""
    value = dict(DEFAULT_DISPATCH)
    for key, raw in (get_setting(session, DISPATCH_KEY, {}) or {}).items():
        try:
            value[key] = check_dispatch(key, raw) if key in DEFAULT_DISPATCH else raw
        except InputError:
            pass  # stored by an older version without range checks (concurrency=0): the default is safe
    return value


def set_dispatch_settings(session: Session, values: dict[str, Any]) -> None:
    """Update dispatcher tuning (numbers only)."""
    stored = dict(get_setting(session, DISPATCH_KEY, {}) or {})
    for key, raw in values.items():
        if key not in DEFAULT_DISPATCH:
            raise InputError(f"unknown dispatch setting {key!r}; known: {', '.join(DEFAULT_DISPATCH)}")
        stored[key] = check_dispatch(key, raw)
    _put(session, DISPATCH_KEY, stored)
