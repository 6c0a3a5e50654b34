"""Entry rules: may this contact enter this flow now?

A contact enters a flow only when the flow is active, its entry switch is on, the moment lies
inside the flow's ``start_at``/``end_at`` window, the ``repeat`` rule allows another execution
(``once``, ``always`` or a cooldown such as ``P30D`` after the previous execution ended) and
the ``exclude`` condition does not match. "Never twice at once" is checked here for a clear
reason, but the database enforces it (unique index ``uq_executions_active``), so a race or a
caller that skips :func:`may_enter` still cannot create a second active execution.

This module also holds the helpers the trigger and goal modules share: the published definition
of a flow (through the engine's version cache), the flow's entry window, a thin call into the
condition evaluator, and the settings rows where triggers keep their cursors.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from runtime.clock import ensure_utc
from runtime.engine.executions import enter_contact
from runtime.engine.flowcache import compiled_version
from runtime.flow.durations import parse_duration
from runtime.flow.model import Flow
from runtime.flow.states import ExecutionStatus, FlowStatus, check_move
from runtime.storage.models import Audit, Contact, Execution, FlowRow, Setting
from runtime.storage.settings import get_setting, set_setting


def version_flow(session: Session, version_id: int) -> Flow:
    """The definition of published version ``version_id`` (parsed once, cached by the engine)."""
    return compiled_version(session, version_id).flow


def published_flow(session: Session, flow_row: FlowRow) -> Flow | None:
    """The definition new entries of ``flow_row`` use (its current version), or None if unpublished."""
    if flow_row.current_version_id is None:
        return None
    return version_flow(session, flow_row.current_version_id)


def active_flows(session: Session) -> list[tuple[FlowRow, Flow]]:
    """Every active, published flow with its current definition, by id."""
    rows = session.execute(
        select(FlowRow).where(FlowRow.status == FlowStatus.ACTIVE, FlowRow.current_version_id.is_not(None)).order_by(FlowRow.id)
    ).scalars()
    out = []
    for row in rows:
        flow = published_flow(session, row)
        if flow is not None:
            out.append((row, flow))
    return out


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return ensure_utc(value)
    return ensure_utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))


def entry_window(flow_def: Flow) -> tuple[datetime | None, datetime | None]:
    """The flow's ``(start_at, end_at)``: from ``entry``, else from ``settings``; None when open."""
    entry = flow_def.entry or {}
    settings = flow_def.settings or {}
    start = _moment(entry.get("start_at") or settings.get("start_at"))
    end = _moment(entry.get("end_at") or settings.get("end_at"))
    return start, end


class EventFacts(Protocol):
    """What goals and trigger filters read of an event: a stored :class:`Event` or a claimed row."""

    @property
    def id(self) -> int: ...
    @property
    def contact_id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def properties(self) -> dict[str, Any] | None: ...
    @property
    def occurred_at(self) -> datetime: ...


def condition_matches(
    session: Session,
    condition: dict[str, Any] | None,
    contact: Contact | None,
    now: datetime,
    *,
    entered_at: datetime | None = None,
    event: EventFacts | None = None,
) -> bool:
    """Evaluate a flow condition for ``contact`` through the engine's evaluator.

    ``entered_at`` anchors ``"since": "entry"``; ``event`` is the event a trigger filter looks at.
    An empty condition matches.
    """
    if not condition:
        return True
    from runtime.engine.condition_data import session_context
    from runtime.steps.conditions import evaluate

    # an event filter reads the event's properties first ("amount" or "event.amount"), like the
    # ``filter`` of an ``event`` condition does
    props = (event.properties or {}) if event is not None else None
    ctx = session_context(session, contact=contact, now=now, entered_at=entered_at, event=event, props=props)
    return bool(evaluate(condition, ctx))


def repeat_rule(flow_def: Flow) -> str:
    """``once`` (the default), ``always`` or an ISO duration (a cooldown)."""
    return str((flow_def.entry or {}).get("repeat") or "once")


class EntryHistory:
    """Previous executions per (flow, contact), fetched in bulk for a batch of entry decisions.

    :func:`may_enter` asks the database once per decision; a trigger pass deciding for thousands
    of contacts loads the history of all of them with one query per chunk instead, and records
    the entries it makes so later decisions in the same pass see them.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[int, int], tuple[int, int, datetime | None]] = {}
        self._loaded: set[tuple[int, int]] = set()

    @classmethod
    def load(cls, session: Session, flow_ids: list[int], contact_ids: list[int]) -> EntryHistory:
        """The history of every pair of ``flow_ids`` x ``contact_ids``."""
        history = cls()
        if not flow_ids or not contact_ids:
            return history
        ids = sorted(set(contact_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = session.execute(
                select(
                    Execution.flow_id,
                    Execution.contact_id,
                    func.count(Execution.id),
                    func.sum(case((Execution.status == ExecutionStatus.ACTIVE, 1), else_=0)),
                    func.max(Execution.ended_at),
                )
                .where(Execution.flow_id.in_(flow_ids), Execution.contact_id.in_(chunk))
                .group_by(Execution.flow_id, Execution.contact_id)
            )
            for flow_id, contact_id, count, active, last in rows:
                history._rows[(flow_id, contact_id)] = (count or 0, active or 0, last)
            history._loaded.update((f, c) for f in flow_ids for c in chunk)
        return history

    def add(self, flow_id: int, contact_id: int, active: bool, ended_at: datetime | None) -> None:
        """Count one execution read by the caller (who loads history along with other data)."""
        count, act, last = self._rows.get((flow_id, contact_id), (0, 0, None))
        if ended_at is not None and (last is None or ended_at > last):
            last = ended_at
        self._rows[(flow_id, contact_id)] = (count + 1, act + int(active), last)

    def loaded(self, flow_ids: list[int], contact_ids: list[int]) -> None:
        """Declare the history of these pairs complete (every execution was :meth:`add`-ed)."""
        self._loaded.update((f, c) for f in flow_ids for c in contact_ids)

    def get(self, session: Session, flow_id: int, contact_id: int) -> tuple[int, int, datetime | None]:
        """``(executions so far, active ones, last ended_at)`` (from the database if not loaded)."""
        if (flow_id, contact_id) in self._loaded:
            return self._rows.get((flow_id, contact_id), (0, 0, None))
        return _history(session, flow_id, contact_id)

    def entered(self, flow_id: int, contact_id: int) -> None:
        """Record an entry made after loading."""
        if (flow_id, contact_id) in self._loaded:
            count, _active, last = self._rows.get((flow_id, contact_id), (0, 0, None))
            self._rows[(flow_id, contact_id)] = (count + 1, 1, last)


def _history(session: Session, flow_id: int, contact_id: int) -> tuple[int, int, datetime | None]:
    row = session.execute(
        select(
            func.count(Execution.id),
            func.sum(case((Execution.status == ExecutionStatus.ACTIVE, 1), else_=0)),
            func.max(Execution.ended_at),
        ).where(Execution.flow_id == flow_id, Execution.contact_id == contact_id)
    ).one()
    return row[0] or 0, row[1] or 0, row[2]


def may_enter(
    session: Session,
    flow_row: FlowRow,
    flow_def: Flow,
    contact_id: int,
    now: datetime,
    *,
    history: EntryHistory | None = None,
) -> tuple[bool, str]:
    """Whether ``contact_id`` may enter ``flow_row`` (defined by ``flow_def``) at ``now``.

    Returns ``(True, "")`` or ``(False, reason)`` with a short reason meant for logs and the
    simulator ("already inside", "entered before (repeat: once)", ...). ``history`` (optional)
    supplies previous executions fetched in bulk.
    """
    now = ensure_utc(now)
    reason = flow_closed(flow_row, flow_def, now) or contact_refused(session, flow_row, flow_def, contact_id, now,
                                                                     history=history)
    return not reason, reason


def flow_closed(flow_row: FlowRow, flow_def: Flow, now: datetime) -> str:
    """Why ``flow_row`` admits nobody at ``now`` (status, entry switch, window), or "" when open.

    The same for every contact: a batch asks it once per flow.
    """
    if flow_row.status != FlowStatus.ACTIVE:
        return f"flow is {flow_row.status}"
    if not flow_row.entry_enabled or (flow_def.entry or {}).get("enabled") is False:
        return "entry is switched off"
    start, end = entry_window(flow_def)
    if start is not None and now < start:
        return f"flow starts at {start.isoformat()}"
    if end is not None and now >= end:
        return f"flow ended at {end.isoformat()}"
    return ""


def contact_refused(
    session: Session,
    flow_row: FlowRow,
    flow_def: Flow,
    contact_id: int,
    now: datetime,
    *,
    history: EntryHistory | None = None,
) -> str:
    """Why ``contact_id`` may not enter the open flow ``flow_row`` at ``now`` (already inside,
    repeat, cooldown, exclude), or "" when it may."""
    if history is not None:
        count, active, last_ended = history.get(session, flow_row.id, contact_id)
    else:
        count, active, last_ended = _history(session, flow_row.id, contact_id)
    if active:
        return "already inside"
    repeat = repeat_rule(flow_def)
    if count and repeat == "once":
        return "entered before (repeat: once)"
    if count and repeat not in ("once", "always"):
        try:
            cooldown = parse_duration(repeat)
        except ValueError:
            return f"bad repeat rule {repeat!r}"
        if last_ended is not None and now < ensure_utc(last_ended) + cooldown:
            return f"cooldown {repeat} after the previous execution"

    exclude = (flow_def.entry or {}).get("exclude")
    if exclude:
        contact = session.get(Contact, contact_id)
        if contact is None:
            return "no such contact"
        if condition_matches(session, exclude, contact, now):
            return "excluded by the entry rule"
    return ""


def enter_if_allowed(
    session: Session,
    flow_row: FlowRow,
    flow_def: Flow,
    contact_id: int,
    clock: Any,
    *,
    trigger_event_id: int | None = None,
    history: EntryHistory | None = None,
) -> int | None:
    """Enter ``contact_id`` into ``flow_row`` when :func:`may_enter` allows; the new execution id or None."""
    allowed, _reason = may_enter(session, flow_row, flow_def, contact_id, clock.now(), history=history)
    if not allowed:
        return None
    execution_id = enter_contact(
        session, flow_row, contact_id, clock, trigger_event_id=trigger_event_id, version_id=flow_row.current_version_id
    )
    if execution_id is not None and history is not None:
        history.entered(flow_row.id, contact_id)
    return execution_id


def load_state(session: Session, key: str, default: Any = None, *, lock: bool = False) -> Any:
    """The engine's bookkeeping value stored in settings under ``key`` (cursors, trigger state).

    With ``lock`` on PostgreSQL the row (created if missing) stays locked until the transaction
    ends, so two engine workers never both run one date or segment pass (SQLite has one writer).
    """
    if lock and session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        # a missing row locks nothing: create it (JSON null = unset) so there is a row to lock
        session.execute(pg_insert(Setting.__table__).values(key=key, value=None).on_conflict_do_nothing())
        row = session.get(Setting, key, with_for_update=True)
        return default if row is None or row.value is None else row.value
    return get_setting(session, key, default)


def save_state(session: Session, key: str, value: Any) -> None:
    """Store bookkeeping ``value`` under ``key`` in settings (in the caller's transaction)."""
    row = session.get(Setting, key)
    set_setting(session, key, value)
    if row is not None:
        # the value may be the very object loaded earlier and changed in place: assigning it back
        # is no change to SQLAlchemy, so mark it
        flag_modified(row, "value")


def check_flow_windows(session: Session, clock: Any) -> int:
    """Mark active flows whose ``end_at`` passed and that nobody is inside any more as ``ended``.

    Returns how many flows changed. Starting needs no action: :func:`may_enter` and the
    triggers simply begin admitting contacts once ``start_at`` passed.
    """
    now = ensure_utc(clock.now())
    changed = 0
    for row, flow in active_flows(session):
        _start, end = entry_window(flow)
        if end is None or now < end:
            continue
        inside = session.execute(
            select(func.count(Execution.id)).where(Execution.flow_id == row.id, Execution.status == ExecutionStatus.ACTIVE)
        ).scalar_one()
        if inside:
            continue
        check_move(row.status, FlowStatus.ENDED, FlowStatus, f"flow {row.name!r}")
        row.status = FlowStatus.ENDED
        row.updated_at = now
        session.add(Audit(at=now, actor="engine", action="flow.end",
                          detail={"flow_id": row.id, "flow": row.name, "end_at": end.isoformat()}))
        changed += 1
    return changed
