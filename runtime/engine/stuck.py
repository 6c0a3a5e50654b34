"""Stuck contacts with reasons: who is held in a flow, where, and why.

A contact is *stuck* at a step when its position there is held by something, or when it has been
there longer than the step itself plans (its wait, timeout or delivery deadline) plus a margin.
A contact in the middle of a normal two-day wait is not stuck. Reasons, most specific first:

============================  =============================================================
``flow_paused``               the flow is paused: every position is held where it stands
``missing_address``           the contact has no address on the step's channel
``channel_blocked``           the contact unsubscribed from or blocked the step's channel
``in_review``                 the message waits for an operator's decision (outbox ``review``)
``quiet_hours``               the message is held until the contact's quiet hours end
``frequency_cap``             the message is held by a frequency cap
``provider_retrying``         the provider failed; the dispatcher retries with backoff
``provider_error``            the provider failed for good and the contact did not move on
``overdue``                   past the step's own plan (due time) by more than the margin
============================  =============================================================

Read-only: the inspector lists, groups and counts; operator actions live in
:mod:`runtime.engine.operator`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from runtime.clock import Clock, ensure_utc
from runtime.engine.executions import LIVE_STATES, NEVER
from runtime.engine.flowcache import compiled_version
from runtime.flow.problem_words import say
from runtime.flow.states import ExecutionStatus, FlowStatus, OutboxStatus
from runtime.flow.wording import step_title
from runtime.i18n import N_, _, gettext
from runtime.steps.registry import REGISTRY
from runtime.storage.models import Contact, Execution, FlowRow, FlowVersion, Outbox, Token

REASONS: dict[str, str] = {  # each reason's label, in the runtime's language where shown
    "flow_paused": N_("Flow paused"),
    "missing_address": N_("Missing address"),
    "channel_blocked": N_("Channel unsubscribed or blocked"),
    "in_review": N_("Message waiting for review"),
    "quiet_hours": N_("Held by quiet hours"),
    "frequency_cap": N_("Held by a frequency cap"),
    "provider_retrying": N_("Provider error, retrying"),
    "provider_error": N_("Provider error"),
    "overdue": N_("Waiting longer than the step plans"),
}
#: The least extra time past a step's plan before a contact counts as overdue.
MIN_MARGIN = timedelta(minutes=15)
#: ... or this share of the planned wait, when larger (a 3-day wait may run an hour late).
MARGIN_SHARE = 0.1
MAX_LISTED = 2000

_ADDRESS = {"email": "email", "sms": "phone", "telegram": "telegram_chat_id", "whatsapp": "whatsapp",
            "push": "push_subscriptions"}


def _sends(step_type: str) -> bool:
    """Whether steps of ``step_type`` send messages to people (the registry's ``sends``)."""
    registered = REGISTRY.get(step_type)
    return registered is not None and registered.sends


def _send_channel(step_type: str) -> str | None:
    """The channel a send step of ``step_type`` always uses (None for smart_send and the rest)."""
    registered = REGISTRY.get(step_type)
    return registered.channel if registered is not None else None


@dataclass(frozen=True)
class _Row:
    execution_id: int
    token_id: int
    contact_id: int
    external_id: str
    name: str
    step_id: str
    state: str
    due_at: datetime
    since: datetime
    version_id: int


def margin_for(since: datetime, due: datetime) -> timedelta:
    """How late past ``due`` a position may be before it is overdue (see :data:`MIN_MARGIN`)."""
    planned = max(timedelta(0), ensure_utc(due) - ensure_utc(since))
    return max(MIN_MARGIN, planned * MARGIN_SHARE)


def _outbox_reason(row: Outbox) -> tuple[str, str] | None:
    """(reason key, detail) for the latest message of a held position, None when it is on its way."""
    text = row.reason or row.error or ""
    if row.status == OutboxStatus.REVIEW:
        return "in_review", text
    if row.status == OutboxStatus.HELD:
        low = text.lower()
        if "quiet" in low:
            return "quiet_hours", text
        if "cap" in low:
            return "frequency_cap", text
        return "quiet_hours" if "until" in low else "frequency_cap", text
    if row.status == OutboxStatus.QUEUED and (row.attempts or 0) > 0 and row.error:
        return "provider_retrying", _("{error} (attempt {attempts})").format(error=row.error, attempts=row.attempts)
    if row.status == OutboxStatus.FAILED:
        return "provider_error", text
    return None


def _contact_reason(contact: Contact | None, channel: str | None) -> tuple[str, str] | None:
    if contact is None or channel is None:
        return None
    status = getattr(contact, f"{channel}_status", "subscribed")
    if status in ("unsubscribed", "blocked"):
        return "channel_blocked", f"{channel}: {status}"
    address = _ADDRESS.get(channel)
    if address is not None and not getattr(contact, address, None):
        return "missing_address", _("no {channel} address").format(channel=channel)
    return None


def _send_steps(session: Session, flow_id: int) -> list[str]:
    """Ids of message steps in any published version of the flow."""
    ids: set[str] = set()
    for (version_id,) in session.execute(select(FlowVersion.id).where(FlowVersion.flow_id == flow_id)):
        for step in compiled_version(session, version_id).steps.values():
            if _sends(step.type):
                ids.add(step.id)
    return sorted(ids)


def stuck_report(session: Session, flow_id: int, clock: Clock, *, step_id: str | None = None,
                 limit: int = MAX_LISTED) -> dict[str, Any]:
    """Stuck contacts of a flow (or of one step), with reasons, grouped and counted.

    ``{"now", "total", "groups": [{"step", "step_name", "reason", "label", "count"}],
    "contacts": [{"execution_id", "token_id", "contact", "name", "step", "step_name", "reason", "label",
    "detail", "since", "due_at", "hours"}]}`` (contacts longest-held first, at most ``limit``).
    """
    now = ensure_utc(clock.now())
    flow = session.get(FlowRow, flow_id)
    paused = flow is not None and flow.status == FlowStatus.PAUSED
    tok, ex, ct = Token.__table__, Execution.__table__, Contact.__table__
    query = (
        select(tok.c.execution_id, tok.c.id, ct.c.id, ct.c.external_id, ct.c.first_name, ct.c.last_name, tok.c.step_id,
               tok.c.state, tok.c.due_at, tok.c.wait_since, ex.c.version_id)
        .join(ex, ex.c.id == tok.c.execution_id).join(ct, ct.c.id == ex.c.contact_id)
        .where(tok.c.flow_id == flow_id, tok.c.state.in_(LIVE_STATES), ex.c.status == ExecutionStatus.ACTIVE)
    )
    if step_id is not None:
        query = query.where(tok.c.step_id == step_id)
    if not paused:
        # candidates: past their due time by the smallest margin, or at a message step (a verdict pending)
        senders = _send_steps(session, flow_id)
        query = query.where(or_(tok.c.due_at <= now - MIN_MARGIN, tok.c.step_id.in_(senders)) if senders
                            else tok.c.due_at <= now - MIN_MARGIN)
    rows = [
        _Row(eid, tid, cid, ext, " ".join(p for p in (first, last) if p), sid, state, ensure_utc(due),
             ensure_utc(since or due), vid)
        for eid, tid, cid, ext, first, last, sid, state, due, since, vid in session.execute(query)
    ]
    steps_by_version: dict[int, Any] = {}

    def step_info(version_id: int, sid: str) -> tuple[str, str]:
        compiled = steps_by_version.get(version_id)
        if compiled is None:
            compiled = steps_by_version[version_id] = compiled_version(session, version_id)
        step = compiled.steps.get(sid)
        return (step.type, step_title(step)) if step is not None else ("", sid)  # as a picker names it

    latest: dict[tuple[int, str], Outbox] = {}
    at_send_steps = [r for r in rows if _sends(step_info(r.version_id, r.step_id)[0])]
    for chunk in range(0, len(at_send_steps), 500):
        ids = [r.execution_id for r in at_send_steps[chunk:chunk + 500]]
        for row in session.execute(select(Outbox).where(Outbox.execution_id.in_(ids)).order_by(Outbox.id)).scalars():
            latest[(row.execution_id or 0, row.step_id or "")] = row
    contacts = {c.id: c for c in session.execute(
        select(Contact).where(Contact.id.in_({r.contact_id for r in at_send_steps}))).scalars()} if at_send_steps else {}

    found: list[dict[str, Any]] = []
    for r in rows:
        step_type, step_name = step_info(r.version_id, r.step_id)
        reason: tuple[str, str] | None = None
        if paused and flow is not None:
            reason = ("flow_paused", _("flow {name!r} is paused").format(name=flow.name))
        elif _sends(step_type):
            message = latest.get((r.execution_id, r.step_id))
            channel = message.channel if message is not None else _send_channel(step_type)
            reason = _contact_reason(contacts.get(r.contact_id), channel)
            if reason is None and message is not None:
                reason = _outbox_reason(message)
        if reason is None and r.due_at < NEVER and now > r.due_at + margin_for(r.since, r.due_at):
            reason = ("overdue", _("due {moment} UTC").format(moment=f"{r.due_at:%Y-%m-%d %H:%M}"))
        if reason is None:
            continue
        found.append({
            "execution_id": r.execution_id, "token_id": r.token_id, "contact": r.external_id, "name": r.name,
            "step": r.step_id, "step_name": step_name, "reason": reason[0], "label": gettext(REASONS[reason[0]]),
            "detail": say(reason[1]), "since": r.since.isoformat(),
            "due_at": None if r.due_at >= NEVER else r.due_at.isoformat(),
            "hours": round((now - r.since).total_seconds() / 3600, 1),
        })
    found.sort(key=lambda c: (c["since"], c["token_id"]))
    tally = Counter((c["step"], c["step_name"], c["reason"]) for c in found)
    groups = [{"step": s, "step_name": n, "reason": k, "label": gettext(REASONS[k]), "count": count}
              for (s, n, k), count in sorted(tally.items(), key=lambda item: (-item[1], item[0]))]
    return {"now": now.isoformat(), "total": len(found), "groups": groups, "contacts": found[:limit]}


#: step-log outcomes behind each count of a card (``entered`` is every visit)
COUNT_OUTCOMES = {"completed": ("completed", "skipped"), "failed": ("failed",)}


def step_contacts(session: Session, flow_id: int, step_id: str, which: str, clock: Clock, *,
                  limit: int = 500) -> list[dict[str, Any]]:
    """The contacts behind one count of a step card, newest first.

    ``which``: ``waiting`` (standing at the step now), ``entered`` (every visit), ``completed`` or
    ``failed`` (visits that ended so). Rows: ``{"execution_id", "contact", "name", "at", "outcome",
    "status"}`` where ``status`` is the execution's (a contact who left may be re-entered).
    """
    from runtime.errors import InputError
    from runtime.storage.models import StepLog

    ex, ct = Execution.__table__, Contact.__table__
    if which == "waiting":
        tok = Token.__table__
        since = tok.c.wait_since
        query = (select(ex.c.id, ct.c.external_id, ct.c.first_name, ct.c.last_name, since, tok.c.due_at, ex.c.status,
                        tok.c.state)
                 .join(ex, ex.c.id == tok.c.execution_id).join(ct, ct.c.id == ex.c.contact_id)
                 .where(tok.c.flow_id == flow_id, tok.c.step_id == step_id, tok.c.state.in_(LIVE_STATES),
                        ex.c.status == ExecutionStatus.ACTIVE)
                 .order_by(tok.c.due_at.desc(), tok.c.id.desc()).limit(limit))
        rows = []
        for eid, ext, first, last, wait_since, due, status, state in session.execute(query):
            at = ensure_utc(wait_since or due)
            rows.append({"execution_id": eid, "contact": ext, "name": " ".join(p for p in (first, last) if p),
                         "at": at.isoformat(), "outcome": state, "status": status})
        return rows
    if which != "entered" and which not in COUNT_OUTCOMES:
        raise InputError(f"unknown count {which!r} (entered, waiting, completed, failed)")
    log = StepLog.__table__
    query = (select(ex.c.id, ct.c.external_id, ct.c.first_name, ct.c.last_name, log.c.at, log.c.outcome, ex.c.status)
             .join(ex, ex.c.id == log.c.execution_id).join(ct, ct.c.id == log.c.contact_id)
             .where(log.c.flow_id == flow_id, log.c.step_id == step_id))
    if which in COUNT_OUTCOMES:
        query = query.where(log.c.outcome.in_(COUNT_OUTCOMES[which]))
    rows, seen = [], set()
    for eid, ext, first, last, at, outcome, status in session.execute(query.order_by(log.c.id.desc()).limit(limit * 4)):
        if eid in seen:  # one row per visit of the execution: show the latest
            continue
        seen.add(eid)
        rows.append({"execution_id": eid, "contact": ext, "name": " ".join(p for p in (first, last) if p),
                     "at": ensure_utc(at).isoformat(), "outcome": outcome, "status": status})
        if len(rows) >= limit:
            break
    return rows
