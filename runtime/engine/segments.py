"""Triggers that scan the contact base: segments (a condition) and dates (anniversaries).

Both run inside the engine tick (never as one scheduler job per contact) and keep their
bookkeeping in the settings table, under keys ``engine:segment:<flow id>`` and
``engine:date:<flow id>``, so a restart resumes where the last committed tick stood.

Segment modes (``{"type": "segment", "condition": C, "mode": ..., "cron": "0 9 * * *"}``):

- ``once``: everyone matching when the flow starts (activation, or ``start_at``) enters, once.
- ``realtime``: contacts who *start* matching after the flow went live enter (like Klaviyo's
  segment-triggered flows: people already in the segment at activation are the baseline and do
  not enter; use ``once`` for them). Contacts touched by an event or tag change, or updated,
  are re-evaluated on every tick; conditions that depend on time alone (``days_since``, an event
  count over a sliding window) are re-evaluated for everybody every ``recheck`` (default PT15M).
- ``cron``: at each fire time of the crontab expression (weekdays as crontab counts them,
  Sunday = 0, see :mod:`runtime.flow.cron`; in the trigger's ``timezone``, default UTC) everyone
  matching enters (entry rules still apply, so ``repeat`` decides whether a contact already
  processed enters again). Missed fire times (downtime, or a virtual clock's jump) coalesce:
  they run once, not once per missed slot; a virtual jump runs them at the last one.

Date triggers (``{"type": "date", "field": "birthday", "offset_days": 0, "time": "10:00"}``)
fire on the anniversary of a date field (``birthday`` or an attribute holding ``YYYY-MM-DD``),
shifted by ``offset_days`` (negative: before), at ``time`` in the contact's time zone, once per
year per contact. 29 February is celebrated on 28 February in other years. Upcoming moments
for the next week are kept in the state; contacts updated since the last pass are recomputed.
After downtime, moments missed run late (once), unless they are older than the flow's
``settings.max_lateness``, in which case they are skipped.
"""

from __future__ import annotations

import bisect
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.clock import UTC, Clock, ensure_utc
from runtime.engine.admission import Admission, admit
from runtime.engine.condition_data import session_context
from runtime.engine.counters import CounterDeltas
from runtime.engine.entry import entry_window, load_state, save_state
from runtime.flow.conditions import referenced_events
from runtime.flow.cron import cron_trigger, last_fire_time
from runtime.flow.durations import parse_duration, parse_signed_duration
from runtime.flow.model import Flow
from runtime.steps.conditions import evaluate
from runtime.storage.models import Contact, ContactTag, Event, FlowRow, Tag

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

DATE_HORIZON = timedelta(days=7)
DEFAULT_TIME = "09:00"
DEFAULT_RECHECK = timedelta(minutes=15)


def _iso(moment: datetime) -> str:
    return ensure_utc(moment).isoformat()


def _parse(value: str | None) -> datetime | None:
    return ensure_utc(datetime.fromisoformat(value)) if value else None


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _started(row: FlowRow, flow: Flow, now: datetime) -> bool:
    start, _end = entry_window(flow)
    return start is None or now >= start


# ---------------------------------------------------------------------------------------------
# date triggers


def _date_value(contact: Contact, field: str) -> tuple[int, int] | None:
    """(month, day) of the contact's date field, or None when unset or unreadable."""
    raw: Any = contact.birthday if field == "birthday" else (contact.attributes or {}).get(field)
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.month, raw.day
    text = str(raw).strip()
    try:
        if text.startswith("--"):  # ISO 8601 without a year: --MM-DD
            month, day = int(text[2:4]), int(text[5:7])
        else:
            parsed = date.fromisoformat(text[:10])
            month, day = parsed.month, parsed.day
        date(2000, month, day)  # validates (2000 is a leap year, so 29 Feb passes)
    except ValueError:
        return None
    return month, day


def _date_spec(trigger: dict[str, Any]) -> tuple[str, timedelta, time]:
    offset = timedelta(days=int(trigger.get("offset_days") or 0))
    if trigger.get("offset"):
        offset += parse_signed_duration(str(trigger["offset"]))
    hh, mm = (int(p) for p in str(trigger.get("time") or DEFAULT_TIME).split(":")[:2])
    return str(trigger.get("field") or "birthday"), offset, time(hh, mm)


def _anniversary(year: int, month: int, day: int) -> date:
    if month == 2 and day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, month, day)


def _moments(
    contact: Contact, field: str, offset: timedelta, at: time, lo: datetime, hi: datetime
) -> list[tuple[datetime, int]]:
    """``(UTC moment, anniversary year)`` of the contact's date trigger in ``(lo, hi]``."""
    md = _date_value(contact, field)
    if md is None:
        return []
    zone = _zone(contact.timezone)
    out = []
    for year in range(lo.year - 1, hi.year + 2):
        local_day = _anniversary(year, *md) + offset
        moment = datetime.combine(local_day, at, tzinfo=zone).astimezone(UTC)
        if lo < moment <= hi:
            out.append((moment, year))
    return out


def _fire_date(admission: Admission, row: FlowRow, flow: Flow, state: dict[str, Any], cid: int, year: int) -> None:
    fired = state.setdefault("fired", {})
    if fired.get(str(cid)) == year:
        return  # once per year per contact, even if the date field was edited in between
    fired[str(cid)] = year
    admission.offer(row, flow, cid)


def _scan_dates(
    session: Session, flow: Flow, contacts: list[Contact], lo: datetime, hi: datetime
) -> list[tuple[datetime, int, int]]:
    field, offset, at = _date_spec(flow.trigger or {})
    out = []
    for contact in contacts:
        for moment, year in _moments(contact, field, offset, at, lo, hi):
            out.append((moment, contact.id, year))
    return out


def _date_contacts(session: Session, field: str, updated_after: datetime | None = None) -> list[Contact]:
    query = select(Contact).order_by(Contact.id)
    if field == "birthday":
        query = query.where(Contact.birthday.is_not(None))
    if updated_after is not None:
        query = query.where(Contact.updated_at > updated_after)
    return list(session.execute(query).scalars())


def _max_lateness(flow: Flow) -> timedelta | None:
    raw = (flow.settings or {}).get("max_lateness")
    try:
        return parse_duration(str(raw)) if raw else None
    except ValueError:
        return None


def process_dates(session: Session, clock: Clock, flows: list[tuple[FlowRow, Flow]],
                  deltas: CounterDeltas | None = None) -> int:
    """Enter contacts whose date-trigger moment came due since the last pass; returns how many entered.

    Counter deltas go to ``deltas`` when given (the trigger pass writes them at its end).
    """
    now = ensure_utc(clock.now())
    entered = 0
    for row, flow in flows:
        if (flow.trigger or {}).get("type") != "date":
            continue
        key = f"engine:date:{row.id}"
        state = load_state(session, key, lock=True) or {}
        field = _date_spec(flow.trigger or {})[0]
        cursor = _parse(state.get("cursor"))
        if cursor is None:
            # a new date flow starts counting at its activation: past birthdays do not fire
            cursor = min(now, ensure_utc(row.activated_at)) if row.activated_at else now
        horizon = _parse(state.get("horizon"))
        seen = _parse(state.get("seen_updated"))
        max_updated = session.execute(select(func.max(Contact.updated_at))).scalar_one_or_none()
        upcoming = [tuple(x) for x in state.get("upcoming", [])]
        changed = False
        if horizon is None or now >= horizon:
            # full pass: everything due since the cursor, plus the next week's moments
            new_horizon = now + DATE_HORIZON
            found = _scan_dates(session, flow, _date_contacts(session, field), cursor, new_horizon)
            upcoming = sorted((_iso(m), cid, y) for m, cid, y in found)
            horizon, changed = new_horizon, True
            # only this and last year's anniversaries can still come up: forget older ones
            state["fired"] = {k: y for k, y in (state.get("fired") or {}).items() if y >= now.year - 1}
        elif max_updated is not None and (seen is None or max_updated > seen):
            # contacts edited since the last pass: recompute just their moments
            edited = _date_contacts(session, field, seen)
            ids = {c.id for c in edited}
            upcoming = [u for u in upcoming if u[1] not in ids]
            for m, cid, y in _scan_dates(session, flow, edited, cursor, horizon):
                bisect.insort(upcoming, (_iso(m), cid, y))
            changed = True
        due_until = bisect.bisect_right(upcoming, (_iso(now), float("inf"), 0))
        if due_until or changed:
            late_limit = _max_lateness(flow)
            due = upcoming[:due_until]
            admission = Admission(session, clock, [row.id], [int(u[1]) for u in due], deltas=deltas)
            for moment, cid, year in due:
                when = _parse(moment)
                if late_limit is not None and when is not None and when < now - late_limit:
                    continue  # the flow prefers skipping to greeting very late (settings.max_lateness)
                _fire_date(admission, row, flow, state, int(cid), int(year))
            admission.flush()
            entered += admission.entered
            state.update(
                cursor=_iso(now),
                horizon=_iso(horizon),
                seen_updated=_iso(max_updated) if max_updated is not None else state.get("seen_updated"),
                upcoming=[list(u) for u in upcoming[due_until:]],
            )
            save_state(session, key, state)
    return entered


def next_date_due(session: Session, flows: list[tuple[FlowRow, Flow]], now: datetime) -> datetime | None:
    """The next moment a date trigger fires or its look-ahead window must be refilled."""
    best: datetime | None = None
    for row, flow in flows:
        if (flow.trigger or {}).get("type") != "date":
            continue
        state = load_state(session, f"engine:date:{row.id}") or {}
        for text in ([state["upcoming"][0][0]] if state.get("upcoming") else []) + [state.get("horizon")]:
            moment = _parse(text)
            if moment is not None and moment > now and (best is None or moment < best):
                best = moment
    return best


# ---------------------------------------------------------------------------------------------
# segment triggers


def _segment_contacts(session: Session, ids: set[int] | None = None) -> list[Contact]:
    query = select(Contact).order_by(Contact.id)
    if ids is not None:
        query = query.where(Contact.id.in_(sorted(ids)))
    return list(session.execute(query).scalars())


def _matching(session: Session, cond: dict[str, Any] | None, contacts: list[Contact], now: datetime) -> set[int]:
    """Ids of ``contacts`` matching ``cond``, with tags and referenced events fetched in bulk.

    A segment pass evaluates the condition for many contacts at once: one query per chunk for
    tags and one for the events the condition names, instead of a few queries per contact.
    """
    if not cond:
        return {c.id for c in contacts}
    names = referenced_events(cond)
    out: set[int] = set()
    for start in range(0, len(contacts), 500):
        chunk = contacts[start : start + 500]
        ids = [c.id for c in chunk]
        tags: dict[int, set[str]] = {cid: set() for cid in ids}
        for cid, name in session.execute(
            select(ContactTag.contact_id, Tag.name).join(Tag, Tag.id == ContactTag.tag_id)
            .where(ContactTag.contact_id.in_(ids))
        ):
            tags[cid].add(name)
        events: dict[int, dict[str, list[Any]]] = {cid: {n: [] for n in names} for cid in ids}
        if names:
            for cid, name, at, props, eid in session.execute(
                select(Event.contact_id, Event.name, Event.occurred_at, Event.properties, Event.id)
                .where(Event.contact_id.in_(ids), Event.name.in_(names), Event.occurred_at <= now)
                .order_by(Event.occurred_at, Event.id)
            ):
                events[cid][name].append((ensure_utc(at), props or {}, eid))
        for contact in chunk:
            ctx = session_context(session, contact=contact, now=now, tags=tags[contact.id],
                                  events=events[contact.id])
            if evaluate(cond, ctx):
                out.add(contact.id)
    return out


def matching_ids(session: Session, cond: dict[str, Any], now: datetime, among: list[int] | None = None) -> list[int]:
    """Ids of the contacts (of ``among``, else everyone) matching ``cond`` at ``now``, sorted.

    For operators choosing contacts by a condition (the tag editor, ``tags add --where``): the
    same evaluation a segment uses. InputError when ``cond`` is not a valid condition.
    """
    from runtime.errors import InputError
    from runtime.flow.conditions import condition_problems

    if not isinstance(cond, dict) or not cond:
        raise InputError('the condition must be a JSON object such as {"tag": "vip"}')
    problems = condition_problems(cond, "where", allow_empty=False)
    if problems:
        raise InputError("; ".join(problems))
    contacts = _segment_contacts(session, None if among is None else set(among))
    return sorted(_matching(session, cond, contacts, now))


def _time_dependent(cond: Any) -> bool:
    """True when the condition can change with time alone (days_since, events over a window)."""
    if isinstance(cond, dict):
        if "days_since" in cond:
            return True
        if "event" in cond and cond.get("since") not in (None, "entry"):
            return True
        return any(_time_dependent(v) for v in cond.values() if isinstance(v, (dict, list)))
    if isinstance(cond, list):
        return any(_time_dependent(v) for v in cond)
    return False


def _cron(trigger: dict[str, Any]) -> CronTrigger:
    return cron_trigger(str(trigger.get("cron") or "0 9 * * *"), timezone=_zone(trigger.get("timezone")))


def process_segments(session: Session, clock: Clock, flows: list[tuple[FlowRow, Flow]], touched: set[int],
                     deltas: CounterDeltas | None = None) -> int:
    """Run due segment triggers; ``touched`` holds contacts whose data changed this tick.

    Counter deltas go to ``deltas`` when given (the trigger pass writes them at its end).
    """
    now = ensure_utc(clock.now())
    entered = 0
    for row, flow in flows:
        trigger = flow.trigger or {}
        if trigger.get("type") != "segment" or not _started(row, flow, now):
            continue
        key = f"engine:segment:{row.id}"
        state = load_state(session, key, lock=True) or {}
        mode = trigger.get("mode") or "once"
        cond = trigger.get("condition")
        if mode == "once":
            if state.get("done"):
                continue
            ids = _matching(session, cond, _segment_contacts(session), now)
            entered += admit(session, clock, row, flow, ids, deltas=deltas)
            save_state(session, key, {"done": True, "at": _iso(now)})
        elif mode == "cron":
            nxt = _parse(state.get("next"))
            if nxt is None:
                first = _cron(trigger).get_next_fire_time(None, now)
                save_state(session, key, {"next": _iso(first) if first else None})
                continue
            if now < nxt:
                continue
            schedule = _cron(trigger)
            ids = _matching(session, cond, _segment_contacts(session), now)
            entered += admit(session, clock, row, flow, ids, deltas=deltas)
            # the next fire time after now: missed slots during downtime collapse into this one run
            following = schedule.get_next_fire_time(None, now + timedelta(microseconds=1))
            save_state(session, key, {"next": _iso(following) if following else None, "last": _iso(now)})
        elif mode == "realtime":
            entered += _realtime(session, clock, row, flow, key, state, cond, touched, now, deltas)
    return entered


def _realtime(
    session: Session,
    clock: Clock,
    row: FlowRow,
    flow: Flow,
    key: str,
    state: dict[str, Any],
    cond: dict[str, Any] | None,
    touched: set[int],
    now: datetime,
    deltas: CounterDeltas | None,
) -> int:
    trigger = flow.trigger or {}
    recheck = DEFAULT_RECHECK
    if trigger.get("recheck"):
        recheck = parse_duration(str(trigger["recheck"]))
    max_updated = session.execute(select(func.max(Contact.updated_at))).scalar_one_or_none()
    if "matching" not in state:
        # baseline at activation: people already in the segment do not enter (see module doc)
        matching = _matching(session, cond, _segment_contacts(session), now)
        save_state(
            session,
            key,
            {
                "matching": sorted(matching),
                "full_at": _iso(now),
                "seen_updated": _iso(max_updated) if max_updated else None,
            },
        )
        return 0
    matching = set(state["matching"])
    full_at = _parse(state.get("full_at"))
    seen = _parse(state.get("seen_updated"))
    full = _time_dependent(cond) and (full_at is None or now >= full_at + recheck)
    if full:
        candidates = _segment_contacts(session)
    else:
        ids = set(touched)
        if max_updated is not None and (seen is None or max_updated >= seen):
            # ">=": a flow may update a contact later in the same instant the state was saved
            query = select(Contact.id)
            if seen is not None:
                query = query.where(Contact.updated_at >= seen)
            ids |= set(session.execute(query).scalars())
        if not ids:
            return 0
        candidates = _segment_contacts(session, ids)
    now_matching = _matching(session, cond, candidates, now)
    checked = {c.id for c in candidates}
    newcomers = sorted(now_matching - matching)
    matching = (matching - checked) | now_matching
    entered = admit(session, clock, row, flow, newcomers, deltas=deltas)
    new_state = {
        "matching": sorted(matching),
        "full_at": _iso(now) if full else state.get("full_at"),
        "seen_updated": _iso(max_updated) if max_updated else state.get("seen_updated"),
    }
    if new_state != state:
        save_state(session, key, new_state)
    return entered


def next_segment_due(session: Session, flows: list[tuple[FlowRow, Flow]], now: datetime,
                     horizon: datetime | None = None) -> datetime | None:
    """The next cron fire time or time-dependent realtime re-check of any segment trigger.

    With ``horizon`` (the next moment anything else is due in a virtual jump, or the jump's end),
    the cron firings up to it coalesce into the last one, as APScheduler's ``coalesce`` does for
    missed runs: a jump over three years of a quiet weekly schedule enters the segment once, on
    its last scheduled day, not 156 times; firings between other due moments still each run.
    """
    best: datetime | None = None
    for row, flow in flows:
        trigger = flow.trigger or {}
        if trigger.get("type") != "segment":
            continue
        state = load_state(session, f"engine:segment:{row.id}") or {}
        moment: datetime | None = None
        mode = trigger.get("mode") or "once"
        if mode == "cron":
            moment = _parse(state.get("next"))
            if moment is not None and horizon is not None and moment <= horizon:
                moment = last_fire_time(_cron(trigger), moment, ensure_utc(horizon)) or moment
        elif mode == "realtime" and _time_dependent(trigger.get("condition")) and state.get("full_at"):
            recheck = parse_duration(str(trigger["recheck"])) if trigger.get("recheck") else DEFAULT_RECHECK
            full_at = _parse(state["full_at"])
            moment = full_at + recheck if full_at is not None else None
        if moment is not None and moment > now and (best is None or moment < best):
            best = moment
    return best
