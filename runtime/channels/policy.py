"""Delivery policy: quiet hours and frequency caps, decided per outbox row just before sending.

- Quiet hours are a daily window in the contact's time zone (``20:00-08:00`` spans midnight).
  A message due inside the window is held until the window opens (e.g. 08:00 contact time).
  SMS defaults to 20:00-08:00; other channels have none unless configured; webhooks never.
- Frequency caps count messages *sent* to the contact in the last 24 hours / 7 days (rolling),
  overall (every person-facing channel) and per channel. When a cap is reached the message is
  skipped or delayed (held until the oldest counted message leaves the window), as configured.

A flow's own ``settings.quiet_hours`` / ``settings.caps`` (copied by send steps into the outbox
content as ``flow_quiet_hours`` / ``flow_caps``) replace the project's; a send step's own
``quiet_hours`` / ``cap`` options win over both.

Every decision carries a human reason that the dispatcher records on the outbox row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.channels import settings as channel_settings
from runtime.clock import UTC
from runtime.errors import InputError
from runtime.flow.states import OutboxStatus
from runtime.storage.models import Outbox

PERIODS = {"per_day": timedelta(days=1), "per_week": timedelta(days=7)}
PERIOD_WORDS = {"per_day": "per day", "per_week": "per week"}
NOT_PERSONAL = ("webhook", "team")  # channels that are not messages to a person: no quiet hours, no caps


@dataclass(frozen=True)
class Decision:
    """What to do with a message now: ``send``, ``hold`` (until ``until``) or ``skip``."""

    action: str
    reason: str | None = None
    until: datetime | None = None


SEND = Decision("send")


def zone(name: str | None) -> ZoneInfo:
    """The contact's time zone (UTC when unknown or invalid)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _local_datetime(day: date, at: time, tz: ZoneInfo) -> datetime:
    # a wall time that does not exist (DST gap) normalises forward through the UTC round trip
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def quiet_until(now: datetime, window: tuple[tuple[int, int], tuple[int, int]] | None, tz_name: str | None) -> datetime | None:
    """When quiet hours end, in UTC, if ``now`` falls inside the window; else None."""
    if window is None:
        return None
    (h1, m1), (h2, m2) = window
    start, end = time(h1, m1), time(h2, m2)
    if start == end:
        return None
    tz = zone(tz_name)
    local = now.astimezone(tz)
    t = local.time().replace(tzinfo=None)
    if start < end:
        if start <= t < end:
            return _local_datetime(local.date(), end, tz)
        return None
    # the window spans midnight, e.g. 20:00-08:00
    if t >= start:
        return _local_datetime(local.date() + timedelta(days=1), end, tz)
    if t < end:
        return _local_datetime(local.date(), end, tz)
    return None


@dataclass
class PolicyConfig:
    """The project's quiet hours and caps, read once per dispatch batch (and not changed after:
    the window per channel and the project's own limits are worked out once and remembered)."""

    quiet_hours: dict[str, Any] = field(default_factory=dict)
    caps: dict[str, Any] = field(default_factory=dict)
    _windows: dict[str, tuple[tuple[int, int], tuple[int, int]] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _own_limits: tuple[tuple[str | None, str, int], ...] | None = field(default=None, init=False, repr=False,
                                                                         compare=False)

    @classmethod
    def load(cls, session: Session) -> PolicyConfig:
        return cls(channel_settings.quiet_hours(session), channel_settings.caps(session))

    def window(self, channel: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
        if channel in NOT_PERSONAL:
            return None
        if channel in self._windows:
            return self._windows[channel]
        raw = self.quiet_hours.get(channel, self.quiet_hours.get("default"))
        window = self._windows[channel] = channel_settings.parse_window(raw)
        return window

    def limits(self, flow_caps: dict[str, Any] | None = None) -> list[tuple[str | None, str, int]]:
        """(channel or None for overall, period, limit) for every configured cap.

        ``flow_caps`` (a flow's ``settings.caps``) replaces the project's overall limit of each
        period it sets; the project's per-channel caps still apply.
        """
        if not flow_caps:
            if self._own_limits is None:
                self._own_limits = tuple(self._limits({}))
            return list(self._own_limits)
        return self._limits(flow_caps)

    def _limits(self, flow_caps: dict[str, Any]) -> list[tuple[str | None, str, int]]:
        out: list[tuple[str | None, str, int]] = []
        for period in PERIODS:
            value = flow_caps.get(period)
            if value is None:
                value = self.caps.get(period)
            if value is not None:
                out.append((None, period, int(value)))
        for channel, limits in (self.caps.get("channels") or {}).items():
            for period in PERIODS:
                if (limits or {}).get(period) is not None:
                    out.append((channel, period, int(limits[period])))
        return out


@dataclass
class CapLedger:
    """Messages sent to each contact recently (from the outbox), plus those decided in this batch."""

    session: Session
    now: datetime
    _sent: dict[int, list[tuple[str, datetime]]] = field(default_factory=dict)
    _pending: dict[int, list[tuple[str, datetime]]] = field(default_factory=lambda: defaultdict(list))
    counted: tuple[str, ...] = (OutboxStatus.SENT,)  # outbox statuses that count (a sandbox run adds "sandbox")

    def history(self, contact_id: int) -> list[tuple[str, datetime]]:
        if contact_id not in self._sent:
            since = self.now - max(PERIODS.values())
            rows = self.session.execute(
                select(Outbox.channel, Outbox.sent_at).where(
                    Outbox.contact_id == contact_id, Outbox.status.in_(self.counted), Outbox.sent_at >= since
                )
            ).all()
            self._sent[contact_id] = [(ch, at) for ch, at in rows if ch not in NOT_PERSONAL]
        return self._sent[contact_id] + [(ch, at) for ch, at in self._pending[contact_id] if ch not in NOT_PERSONAL]

    def preload(self, contact_ids: list[int]) -> None:
        """Read the recent sends of many contacts at once (a batch's), so :meth:`history` asks nothing."""
        since = self.now - max(PERIODS.values())
        wanted = [cid for cid in dict.fromkeys(contact_ids) if cid not in self._sent]
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            for cid in chunk:
                self._sent[cid] = []
            rows = self.session.execute(
                select(Outbox.contact_id, Outbox.channel, Outbox.sent_at).where(
                    Outbox.contact_id.in_(chunk), Outbox.status.in_(self.counted), Outbox.sent_at >= since
                )
            )
            for cid, ch, at in rows:
                if ch not in NOT_PERSONAL:
                    self._sent[cid].append((ch, at))

    def note(self, contact_id: int, channel: str) -> None:
        """Count a message about to be sent (so messages in flight cannot overshoot a cap).

        The owner of ``_pending`` removes the entry once the message's outcome is recorded."""
        self._pending[contact_id].append((channel, self.now))


def decide(
    config: PolicyConfig,
    ledger: CapLedger | None,
    channel: str,
    contact_id: int,
    tz_name: str | None,
    now: datetime,
    *,
    quiet_hours: bool | None = None,
    cap: str | None = None,
    flow_quiet_hours: str | None = None,
    flow_caps: dict[str, Any] | None = None,
) -> Decision:
    """Quiet hours first (a held message is re-checked when it wakes up), then frequency caps.

    ``quiet_hours`` and ``cap`` are the send step's own options (copied into the outbox content):
    ``quiet_hours=False`` ignores quiet hours for this message; ``cap`` is ``skip``, ``delay`` or
    ``ignore`` and overrides the project's cap action. ``flow_quiet_hours`` (``"21:00-08:00"`` or
    ``"off"``) and ``flow_caps`` (``{"per_day": n, "per_week": m, "action": ...}``) are the flow's
    settings, also copied into the content: they replace the project's window and overall caps.
    Precedence: step > flow > project.
    """
    label: Any = None
    window = None
    if quiet_hours is not False and channel not in NOT_PERSONAL:
        if flow_quiet_hours is not None:
            try:
                window, label = channel_settings.parse_window(flow_quiet_hours), flow_quiet_hours
            except InputError:  # validated at publish; an unreadable window falls back to the project's
                flow_quiet_hours = None
        if flow_quiet_hours is None:
            window = config.window(channel)
            label = config.quiet_hours.get(channel, config.quiet_hours.get("default"))
    until = quiet_until(now, window, tz_name)
    if until is not None:
        local = until.astimezone(zone(tz_name))
        return Decision("hold", f"quiet hours {label} ({tz_name or 'UTC'}): held until "
                                f"{local:%Y-%m-%d %H:%M} contact time", until)
    if channel in NOT_PERSONAL or ledger is None or cap == "ignore":
        return SEND
    flow_caps = flow_caps if isinstance(flow_caps, dict) else None
    limits = config.limits(flow_caps)
    if not limits:
        return SEND
    history = ledger.history(contact_id)
    action = cap if cap in ("skip", "delay") else None
    action = action or (flow_caps or {}).get("action") or config.caps.get("action", "delay")
    for cap_channel, period, limit in limits:
        if cap_channel is not None and cap_channel != channel:
            continue
        since = now - PERIODS[period]
        times = sorted(at for ch, at in history if at > since and (cap_channel is None or ch == cap_channel))
        if len(times) < limit:
            continue
        scope = f"on {cap_channel}" if cap_channel else "across channels"
        what = f"frequency cap {limit} {PERIOD_WORDS[period]} {scope} reached"
        if action == "skip" or limit == 0:
            return Decision("skip", f"{what}: skipped")
        # the message may go when enough of the counted ones have left the window
        wake = times[len(times) - limit] + PERIODS[period]
        return Decision("hold", f"{what}: delayed until {wake:%Y-%m-%d %H:%M} UTC", wake)
    return SEND
