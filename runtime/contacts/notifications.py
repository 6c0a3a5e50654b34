"""What operators should hear about: team notes, delivery errors, contacts that got stuck.

Read from data the runtime keeps anyway, so nothing extra is written while flows run:

- ``team``: ``notify_team`` steps put their note in the outbox (channel ``team``);
- ``error``: outbox messages that failed for good or wait for an operator (status ``failed`` or
  ``review``);
- ``stuck``: positions overdue by more than :data:`STUCK_MARGIN` of the project clock (the tick
  would have moved them: something holds them).

Unread means newer than the project setting ``notifications:read_at`` (set by "Mark all read").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.clock import ensure_utc
from runtime.flow.states import ExecutionStatus, FlowStatus, OutboxStatus, TokenState
from runtime.storage.models import Contact, Execution, FlowRow, Outbox, Token
from runtime.storage.settings import get_setting, set_setting

READ_KEY = "notifications:read_at"
STUCK_MARGIN = timedelta(hours=1)


def read_at(session: Session) -> datetime | None:
    """When the operator last marked every notification read (None: never)."""
    value = get_setting(session, READ_KEY, None)
    return ensure_utc(datetime.fromisoformat(value)) if value else None


def mark_read(session: Session, at: datetime) -> None:
    """Mark every notification up to ``at`` read."""
    set_setting(session, READ_KEY, ensure_utc(at).isoformat())


def _team_query(since: datetime | None) -> Any:
    query = (select(Outbox.id, Outbox.created_at, Outbox.content, Outbox.status, Contact.external_id, FlowRow.name,
                    Outbox.step_id)
             .join(Contact, Contact.id == Outbox.contact_id).outerjoin(FlowRow, FlowRow.id == Outbox.flow_id)
             .where(Outbox.channel == "team"))
    return query if since is None else query.where(Outbox.created_at > since)


def _team(session: Session, limit: int) -> list[dict[str, Any]]:
    return [
        {"kind": "team", "key": f"team:{oid}", "at": ensure_utc(at), "contact": contact, "flow": flow, "step": step,
         "text": (content or {}).get("text") or "", "status": status}
        for oid, at, content, status, contact, flow, step in
        session.execute(_team_query(None).order_by(Outbox.created_at.desc(), Outbox.id.desc()).limit(limit))
    ]


_ERROR_AT = func.coalesce(Outbox.next_attempt_at, Outbox.created_at)


def _error_query(since: datetime | None) -> Any:
    query = (select(Outbox.id, _ERROR_AT, Outbox.channel, Outbox.status, Outbox.error, Outbox.reason,
                    Contact.external_id, FlowRow.name, Outbox.step_id)
             .join(Contact, Contact.id == Outbox.contact_id).outerjoin(FlowRow, FlowRow.id == Outbox.flow_id)
             .where(Outbox.status.in_((OutboxStatus.FAILED, OutboxStatus.REVIEW)), Outbox.channel != "team"))
    return query if since is None else query.where(since < _ERROR_AT)


def _errors(session: Session, limit: int) -> list[dict[str, Any]]:
    out = []
    for oid, at, channel, status, error, reason, contact, flow, step in session.execute(
            _error_query(None).order_by(_ERROR_AT.desc(), Outbox.id.desc()).limit(limit)):
        what = "needs review" if status == OutboxStatus.REVIEW else "failed"
        out.append({"kind": "error", "key": f"error:{oid}", "at": ensure_utc(at), "contact": contact, "flow": flow,
                    "step": step, "text": f"{channel} message {what}: {error or reason or 'no detail'}",
                    "status": status})
    return out


def _stuck_query(now: datetime, since: datetime | None) -> Any:
    query = (select(Token.id, Token.due_at, Token.step_id, Token.state, Contact.external_id, FlowRow.name)
             .join(Execution, Execution.id == Token.execution_id).join(Contact, Contact.id == Execution.contact_id)
             .join(FlowRow, FlowRow.id == Execution.flow_id)
             .where(Token.state != TokenState.DONE, Execution.status == ExecutionStatus.ACTIVE,
                    FlowRow.status == FlowStatus.ACTIVE,
                    Token.due_at < now - STUCK_MARGIN))
    # a position counts as news once it has been overdue for the margin: at due_at + margin
    return query if since is None else query.where(Token.due_at > since - STUCK_MARGIN)


def _stuck(session: Session, now: datetime, limit: int) -> list[dict[str, Any]]:
    out = []
    for tid, due, step, state, contact, flow in session.execute(
            _stuck_query(now, None).order_by(Token.due_at.desc()).limit(limit)):
        due = ensure_utc(due)
        hours = (now - due).total_seconds() / 3600
        out.append({"kind": "stuck", "key": f"stuck:{tid}", "at": due + STUCK_MARGIN, "contact": contact,
                    "flow": flow, "step": step, "status": state,
                    "text": f"overdue at step {step} for {hours:.1f} h ({state})"})
    return out


def _count(session: Session, query: Any) -> int:
    return int(session.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def notifications(session: Session, now: datetime, limit: int = 200) -> dict[str, Any]:
    """The newest notifications of every kind, newest first, with unread counts per kind.

    ``{"items": [{"kind", "key", "at", "contact", "flow", "step", "text", "status", "unread"}],
    "unread": {"team": n, "error": n, "stuck": n, "total": n}, "read_at"}``.
    """
    seen = read_at(session)
    items = [*_team(session, limit), *_errors(session, limit), *_stuck(session, now, limit)]
    items.sort(key=lambda item: item["at"], reverse=True)
    items = items[:limit]
    unread = {"team": _count(session, _team_query(seen)), "error": _count(session, _error_query(seen)),
              "stuck": _count(session, _stuck_query(now, seen))}
    for item in items:
        item["unread"] = seen is None or item["at"] > seen
        item["at"] = item["at"].isoformat()
    return {"items": items, "unread": {**unread, "total": sum(unread.values())},
            "read_at": seen.isoformat() if seen else None}

