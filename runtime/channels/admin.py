"""Channel administration for the designer's settings dialog and the CLI (plain data in and out).

Every function takes an open :class:`Project`; none returns SQLAlchemy rows. ``test_channel``
does network I/O (seconds): call it off the GUI thread.
"""

from __future__ import annotations

import asyncio
from typing import Any

from runtime.channels import settings as cs
from runtime.errors import InputError
from runtime.storage.db import Project


def list_channels(project: Project) -> list[dict[str, Any]]:
    """Every channel's settings view: fields (label, kind, required, choices, help), values of
    non-secret fields, ``is_set`` for secrets, and whether the channel is configured."""
    with project.write() as session:  # write: creates the project id on first use
        return [cs.channel_view(session, channel) for channel in cs.ALL_CHANNELS]


def channel_view(project: Project, channel: str) -> dict[str, Any]:
    """One channel's settings view (see :func:`list_channels`)."""
    with project.write() as session:
        return cs.channel_view(session, channel)


def set_channel(project: Project, channel: str, values: dict[str, Any]) -> list[str]:
    """Store settings of a channel; secrets go to the OS keyring. Returns the keys stored there.

    An empty value (``""`` or None) removes a setting or forgets a secret. InputError for unknown
    keys or bad values (nothing changes); KeyringUnavailableError when no keyring is available.
    """
    with project.write() as session:
        return cs.apply_channel_values(session, channel, values)


def set_secret(project: Project, channel: str, key: str, value: str | None) -> None:
    """Store (or with None forget) one secret of a channel in the OS keyring."""
    fields = {f.key: f for f in cs.check_channel(channel)}
    if key not in fields or not fields[key].secret:
        raise InputError(f"channel {channel}: {key!r} is not a secret setting")
    set_channel(project, channel, {key: value})


def test_channel(project: Project, channel: str) -> str:
    """Check a channel's connection and credentials (Telegram getMe, SMTP login, SMS.ru balance,
    Twilio account fetch, WhatsApp phone number, VAPID key). Returns a summary; raises
    ChannelError with a readable reason."""
    import httpx

    from runtime.channels.factory import build_adapter

    cs.check_channel(channel)

    async def run() -> str:
        async with httpx.AsyncClient(timeout=20.0) as client:
            with project.write() as session:
                adapter = build_adapter(session, channel, client)
            return await adapter.test_connection()

    return asyncio.run(run())


def policy_view(project: Project) -> dict[str, Any]:
    """Sandbox switch, quiet hours, frequency caps and dispatcher tuning."""
    with project.session() as session:
        return {"sandbox": cs.sandbox_enabled(session), "quiet_hours": cs.quiet_hours(session),
                "caps": cs.caps(session), "dispatch": cs.dispatch_settings(session)}


def set_policy(project: Project, values: dict[str, str]) -> dict[str, Any]:
    """Apply ``key=value`` policy settings (see ``flowcanvas channel policy --help``) and return
    the new policy. InputError names a bad key or value; nothing changes then."""
    with project.write() as session:
        apply_policy(session, values)
    return policy_view(project)


def apply_policy(session: Any, values: dict[str, str]) -> None:
    """Apply policy key=value pairs inside a transaction (validated; InputError names the bad one)."""
    caps = cs.caps(session)
    caps_changed = False
    dispatch: dict[str, str] = {}
    for key, value in values.items():
        if key == "sandbox":
            if str(value).lower() not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                raise InputError(f"sandbox must be true or false, got {value!r}")
            cs.set_sandbox(session, str(value).lower() in ("true", "1", "yes", "on"))
        elif key == "quiet_hours" or key.startswith("quiet_hours."):
            cs.set_quiet_hours(session, key.partition(".")[2] or "default", value or None)
        elif key.startswith("cap."):
            caps_changed = True
            _apply_cap(caps, key, value)
        elif key in cs.DEFAULT_DISPATCH:
            dispatch[key] = value
        else:
            raise InputError(f"unknown policy setting {key!r}; see `flowcanvas channel policy --help`")
    if caps_changed:
        cs.set_caps(session, caps)
    if dispatch:
        cs.set_dispatch_settings(session, dispatch)


def _apply_cap(caps: dict[str, Any], key: str, value: str) -> None:
    parts = key.split(".")
    if parts == ["cap", "action"]:
        caps["action"] = value
        return
    number = None
    if value != "":
        try:
            number = int(value)
        except ValueError:
            raise InputError(f"{key} must be a whole number, got {value!r}") from None
    if len(parts) == 2 and parts[1] in ("per_day", "per_week"):
        caps[parts[1]] = number
    elif len(parts) == 3 and parts[2] in ("per_day", "per_week"):
        cs.check_channel(parts[1])
        caps.setdefault("channels", {}).setdefault(parts[1], {})[parts[2]] = number
    else:
        raise InputError(f"unknown cap setting {key!r}; see `flowcanvas channel policy --help`")
