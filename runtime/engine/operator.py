"""Operators fixing contacts by hand: find who is stuck at a step, move them, end their execution.

Every action runs in the caller's transaction, keeps the ``counters`` table equal to a recount of
executions, tokens and the step log, writes a step-log row where the contact stood (so the visit
stays visible in the contact's history and in recounts), and records who did it and why in the
``audit`` table.

Counter rules (the same as the engine's, see :mod:`runtime.engine.counters`):

- moving a token from step A to step B: A ``waiting`` -1 (the visit at A neither completed nor
  failed: it was moved), B ``entered`` +1 and ``waiting`` +1. The token gets a fresh visit
  number, so a send step visited again gets a new idempotency key (a new message, on purpose);
- ending an execution: :func:`runtime.engine.executions.end_execution` with status ``exited`` and
  reason ``operator`` (flow ``active`` -1, ``exited_other`` +1, ``waiting`` -1 where tokens stood).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from runtime.clock import Clock, ensure_utc
from runtime.engine.counters import CounterDeltas
from runtime.engine.executions import LIVE_STATES, NEVER, end_execution
from runtime.engine.flowcache import compiled_version
from runtime.errors import InputError, NotFoundError
from runtime.flow.states import ExecutionStatus, FlowStatus, OutboxStatus, TokenState, check_move
from runtime.storage.models import Audit, Contact, Execution, FlowRow, Outbox, StepLog, Token

OPERATOR_REASON = "operator"
MAX_STUCK = 1000


def _iso(value: datetime | None) -> str | None:
    return ensure_utc(value).isoformat() if value is not None else None


def stuck_contacts(
    session: Session, flow_id: int, step_id: str, older_than: timedelta, clock: Clock, *, limit: int = MAX_STUCK
) -> list[dict[str, Any]]:
    """Contacts whose token has stood at ``step_id`` of flow ``flow_id`` for longer than ``older_than``.

    "Standing since" is when a waiting token started waiting, else when a ready token became due
    (its arrival). Longest waiting first: ``{"execution_id", "token_id", "contact", "name",
    "step", "since", "hours", "state", "due_at", "wait_event"}``. ``due_at`` is None for a wait
    without an end (an event wait without a timeout).
    """
    now = ensure_utc(clock.now())
    cutoff = now - older_than
    tok, ex, ct = Token.__table__, Execution.__table__, Contact.__table__
    since = func.coalesce(tok.c.wait_since, tok.c.due_at)
    rows = session.execute(
        select(tok.c.execution_id, tok.c.id, ct.c.external_id, ct.c.first_name, ct.c.last_name, tok.c.step_id,
               tok.c.wait_since, tok.c.due_at, tok.c.state, tok.c.wait_event)
        .join(ex, ex.c.id == tok.c.execution_id)
        .join(ct, ct.c.id == ex.c.contact_id)
        .where(tok.c.flow_id == flow_id, tok.c.step_id == step_id, tok.c.state.in_(LIVE_STATES),
               ex.c.status == ExecutionStatus.ACTIVE, since <= cutoff)
        .order_by(since, tok.c.id)
        .limit(limit)
    ).all()
    out = []
    for eid, tid, external_id, first, last, sid, wait_since, due_at, state, wait_event in rows:
        start = ensure_utc(wait_since or due_at)
        due = ensure_utc(due_at)
        out.append({
            "execution_id": eid, "token_id": tid, "contact": external_id,
            "name": " ".join(p for p in (first, last) if p), "step": sid, "since": start.isoformat(),
            "hours": round((now - start).total_seconds() / 3600, 1), "state": state,
            "due_at": None if due >= NEVER else due.isoformat(), "wait_event": wait_event,
        })
    return out


def _execution(session: Session, execution_id: int) -> tuple[Execution, FlowRow, str]:
    """An execution, its flow and its contact's id (NotFoundError naming the execution)."""
    execution = session.get(Execution, execution_id)
    if execution is None:
        raise NotFoundError(f"execution {execution_id} does not exist")
    flow = session.get(FlowRow, execution.flow_id)
    if flow is None:  # the foreign key forbids it; a clear error rather than an AttributeError
        raise NotFoundError(f"execution {execution_id} belongs to flow {execution.flow_id}, which does not exist")
    contact = session.get(Contact, execution.contact_id)
    return execution, flow, contact.external_id if contact is not None else str(execution.contact_id)


def _active_execution(session: Session, execution_id: int) -> tuple[Execution, FlowRow, str]:
    execution, flow, who = _execution(session, execution_id)
    if execution.status != ExecutionStatus.ACTIVE:
        raise InputError(
            f"contact {who!r} is no longer in flow {flow.name!r} (execution {execution_id} is {execution.status})"
        )
    return execution, flow, who


def _audit(session: Session, now: datetime, actor: str, action: str, detail: dict[str, Any]) -> None:
    session.add(Audit(at=now, actor=actor, action=action, detail=detail))
    session.flush()


def _log_rows(session: Session, execution: Execution, tokens: list[Token], now: datetime, outcome: str,
              detail: dict[str, Any]) -> None:
    if tokens:
        session.execute(insert(StepLog.__table__), [
            {"execution_id": execution.id, "token_id": t.id, "flow_id": execution.flow_id,
             "contact_id": execution.contact_id, "step_id": t.step_id, "visit": t.visit, "at": now,
             "outcome": outcome, "port": None, "late_seconds": None, "detail": detail}
            for t in tokens
        ])


def _live_tokens(session: Session, execution_id: int) -> list[Token]:
    return list(session.execute(
        select(Token).where(Token.execution_id == execution_id, Token.state.in_(LIVE_STATES)).order_by(Token.id)
    ).scalars())


def move_to_step(
    session: Session, execution_id: int, to_step: str, clock: Clock, *, from_step: str | None = None,
    actor: str = "operator", reason: str = "",
) -> dict[str, Any]:
    """Move an active execution's token to ``to_step``, ready to run at the next tick.

    ``from_step`` picks the token when several branches run in parallel (required then). The step
    must exist in the execution's flow version. Returns ``{"execution_id", "contact", "flow",
    "from", "to"}``. InputError / NotFoundError name the execution, contact, flow and step.
    """
    execution, flow, who = _active_execution(session, execution_id)
    compiled = compiled_version(session, execution.version_id)
    if to_step not in compiled.steps:
        raise InputError(f"flow {flow.name!r} (version of execution {execution_id}) has no step {to_step!r}")
    live = _live_tokens(session, execution_id)
    if from_step is not None:
        live = [t for t in live if t.step_id == from_step]
        if not live:
            raise InputError(f"contact {who!r} is not at step {from_step!r} of flow {flow.name!r}")
    if not live:
        raise InputError(f"contact {who!r} has no position in flow {flow.name!r} to move")
    if len({t.step_id for t in live}) > 1:
        places = ", ".join(sorted({t.step_id for t in live}))
        raise InputError(f"contact {who!r} stands at several steps of flow {flow.name!r} ({places}): say which")
    token = live[0]
    now = ensure_utc(clock.now())
    detail = {"by": actor, "to": to_step, "reason": reason or None}
    _log_rows(session, execution, [token], now, "moved", detail)
    # a fresh visit number: a new arrival (and a new idempotency key if the step sends a message)
    visit = (session.execute(select(func.max(Token.visit)).where(Token.execution_id == execution_id)).scalar() or 0) + 1
    from_id = token.step_id
    session.execute(
        update(Token.__table__).where(Token.__table__.c.id == token.id)
        .values(step_id=to_step, state=TokenState.READY, due_at=now, visit=visit, wait_event=None, wait_since=None, data=None)
    )
    deltas = CounterDeltas()
    deltas.add(flow.id, from_id, "waiting", -1)
    deltas.add(flow.id, to_step, "entered", 1)
    deltas.add(flow.id, to_step, "waiting", 1)
    deltas.flush(session)
    result = {"execution_id": execution_id, "contact": who, "flow": flow.name, "from": from_id, "to": to_step}
    _audit(session, now, actor, "move_to_step", {**result, "reason": reason or None})
    session.expire_all()  # the token was changed with a Core UPDATE
    return result


def end_by_operator(
    session: Session, execution_id: int, clock: Clock, *, actor: str = "operator", reason: str = ""
) -> dict[str, Any]:
    """End an active execution now (status ``exited``, reason ``operator``) and audit it.

    Returns ``{"execution_id", "contact", "flow", "steps"}`` (the steps it stood at).
    """
    execution, flow, who = _active_execution(session, execution_id)
    now = ensure_utc(clock.now())
    live = _live_tokens(session, execution_id)
    _log_rows(session, execution, live, now, "ended", {"by": actor, "reason": reason or None})
    end_execution(session, execution_id, ExecutionStatus.EXITED, OPERATOR_REASON, clock)
    result = {"execution_id": execution_id, "contact": who, "flow": flow.name, "steps": [t.step_id for t in live]}
    _audit(session, now, actor, "end_execution", {**result, "reason": reason or None})
    session.expire_all()
    return result


def audit_entries(session: Session, limit: int = 100) -> list[dict[str, Any]]:
    """The latest operator actions, newest first: ``{"at", "actor", "action", "detail"}``."""
    rows = session.execute(select(Audit).order_by(Audit.at.desc(), Audit.id.desc()).limit(limit)).scalars()
    return [{"at": _iso(r.at), "actor": r.actor, "action": r.action, "detail": r.detail or {}} for r in rows]


def resolve_review_audited(session: Session, outbox_id: int, outcome: str, clock: Clock,
                           actor: str = "operator") -> dict[str, Any]:
    """An operator's decision on a ``review`` message (see the dispatcher's ``resolve_review``),
    recorded in the audit table in the same transaction."""
    from runtime.channels.records import resolve_review

    if outcome not in ("sent", "failed", "requeue"):
        raise InputError(f"outcome must be sent, failed or requeue, not {outcome!r}")
    row = resolve_review(session, outbox_id, outcome, clock, actor)
    result = {"outbox_id": row.id, "status": row.status, "reason": row.reason, "error": row.error,
              "flow_id": row.flow_id}
    _audit(session, ensure_utc(clock.now()), actor, "outbox_resolve",
           {"outbox_id": row.id, "outcome": outcome, "channel": row.channel, "step": row.step_id})
    return result


def execution_steps(session: Session, execution_id: int) -> list[dict[str, Any]]:
    """The steps of the flow version an execution runs (where an operator may move it):
    ``[{"id", "type", "name", "title"}]`` in the flow's order (``title``: what a picker shows)."""
    execution = session.get(Execution, execution_id)
    if execution is None:
        raise NotFoundError(f"execution {execution_id} does not exist")
    compiled = compiled_version(session, execution.version_id)
    from runtime.flow.wording import step_title

    return [{"id": s.id, "type": s.type, "name": s.name or "", "title": step_title(s)}
            for s in compiled.steps.values()]


def reenter(session: Session, execution_id: int, clock: Clock, *, actor: str = "operator",
            reason: str = "") -> dict[str, Any]:
    """Start the contact of ``execution_id`` over in the same flow, from its first step(s).

    Works whether that execution is still active (it ends first, reason ``operator``) or already
    ended, and overrides the flow's ``repeat`` rule (``once`` included), which is why a reason
    is required. The new execution runs the flow's current published version. Returns
    ``{"execution_id" (the new one), "previous", "contact", "flow"}``.
    """
    from runtime.engine.executions import enter_contact

    if not reason.strip():
        raise InputError("re-entering a contact overrides the flow's repeat rule: say why (a reason is required)")
    execution, flow, who = _execution(session, execution_id)
    if flow.current_version_id is None or flow.status not in (FlowStatus.ACTIVE, FlowStatus.PAUSED):
        raise InputError(f"flow {flow.name!r} is {flow.status}: activate it before re-entering {who!r}")
    if execution.status == ExecutionStatus.ACTIVE:
        end_by_operator(session, execution_id, clock, actor=actor, reason=f"re-entered: {reason}")
    else:  # another execution of this contact may be active meanwhile: it ends too
        active = session.execute(select(Execution.id).where(
            Execution.flow_id == flow.id, Execution.contact_id == execution.contact_id,
            Execution.status == ExecutionStatus.ACTIVE)).scalar_one_or_none()
        if active is not None:
            end_by_operator(session, active, clock, actor=actor, reason=f"re-entered: {reason}")
    new_id = enter_contact(session, flow, execution.contact_id, clock)
    if new_id is None:
        raise InputError(f"contact {who!r} could not re-enter flow {flow.name!r}")
    result = {"execution_id": new_id, "previous": execution_id, "contact": who, "flow": flow.name}
    _audit(session, ensure_utc(clock.now()), actor, "reenter", {**result, "reason": reason})
    session.expire_all()
    return result


def retry_send(session: Session, execution_id: int, clock: Clock, *, step_id: str | None = None,
               actor: str = "operator", reason: str = "") -> dict[str, Any]:
    """Send the contact's last message in this flow again.

    When the contact still waits at the message step (held, retrying, failed or in review), that
    message is queued for the dispatcher's next pass (same idempotency key, error cleared). When
    the contact already moved on, it is moved back to the message step, which renders and queues
    a new message. Returns ``{"execution_id", "contact", "flow", "step", "outbox_id", "how"}``.
    """
    _execution, flow, who = _active_execution(session, execution_id)
    query = select(Outbox).where(Outbox.execution_id == execution_id)
    if step_id is not None:
        query = query.where(Outbox.step_id == step_id)
    message = session.execute(query.order_by(Outbox.id.desc()).limit(1)).scalar_one_or_none()
    if message is None:
        raise InputError(f"contact {who!r} has no message in flow {flow.name!r} to retry")
    settled = (OutboxStatus.SENT, OutboxStatus.SANDBOX, OutboxStatus.SENDING, OutboxStatus.QUEUED)
    if message.status in settled and not (message.status == OutboxStatus.QUEUED and message.error):
        raise InputError(f"the message to {who!r} at step {message.step_id!r} is {message.status}: nothing to retry")
    now = ensure_utc(clock.now())
    live = [t for t in _live_tokens(session, execution_id) if t.step_id == message.step_id]
    if live:
        check_move(message.status, OutboxStatus.QUEUED, OutboxStatus, f"message {message.id} to {who!r}")
        message.status, message.next_attempt_at, message.error = OutboxStatus.QUEUED, now, None
        message.reason = f"retried by {actor}" + (f": {reason}" if reason else "")
        how = "requeued"
        session.flush()
    else:
        move_to_step(session, execution_id, message.step_id or "", clock, actor=actor,
                     reason=f"retry the send: {reason}" if reason else "retry the send")
        how = "moved back"
    result = {"execution_id": execution_id, "contact": who, "flow": flow.name, "step": message.step_id,
              "outbox_id": message.id, "how": how}
    _audit(session, now, actor, "retry_send", {**result, "reason": reason or None})
    return result


def clear_tags(session: Session, contact_id: int, clock: Clock, *, actor: str = "operator",
               reason: str = "") -> dict[str, Any]:
    """Remove every tag of a contact; each removal goes to the tag history with who and why."""
    from runtime.contacts.tags import contact_tags, remove_tag

    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(f"contact {contact_id} does not exist")
    now = ensure_utc(clock.now())
    tags = contact_tags(session, contact_id)
    for tag in tags:
        remove_tag(session, contact_id, tag, actor, reason or "cleared by an operator", now)
    result = {"contact": contact.external_id, "tags": tags}
    _audit(session, now, actor, "clear_tags", {**result, "reason": reason or None})
    return result
