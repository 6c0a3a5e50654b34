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
from runtime.storage.models import Contact, Execution, FlowRow, Outbox, Token
from runtime.storage.settings import get_setting, set_setting

READ_KEY = "notifications:read_at"
STUCK_MARGIN = timedelta(hours=1)
KINDS = ("team", "error", "stuck")


def read_at(session: Session) -> datetime | None:
    """When the operator last marked every notification read (None: never)."""
    value = get_setting(session, READ_KEY, None)
    return ensure_utc(datetime.fromisoformat(value)) if value else None


def mark_read(session: Session, at: datetime) -> None:
    """Mark every notification up to ``at`` read."""
    set_setting(session, READ_KEY, ensure_utc(at).isoformat())


def _team(session: Session, since: datetime | None, limit: int) -> list[dict[str, Any]]:
    query = (select(Outbox.id, Outbox.created_at, Outbox.content, Outbox.status, Contact.external_id, FlowRow.name,
                    Outbox.step_id)
             .join(Contact, Contact.id == Outbox.contact_id).outerjoin(FlowRow, FlowRow.id == Outbox.flow_id)
             .where(Outbox.channel == "team"))
    if since is not None:
        query = query.where(Outbox.created_at > since)
    return [
        {"kind": "team", "key": f"team:{oid}", "at": ensure_utc(at), "contact": contact, "flow": flow, "step": step,
         "text": (content or {}).get("text") or "", "status": status}
        for oid, at, content, status, contact, flow, step in
        session.execute(query.order_by(Outbox.created_at.desc(), Outbox.id.desc()).limit(limit))
    ]


def _errors(session: Session, since: datetime | None, limit: int) -> list[dict[str, Any]]:
    at_col = func.coalesce(Outbox.next_attempt_at, Outbox.created_at)
    query = (select(Outbox.id, at_col, Outbox.channel, Outbox.status, Outbox.error, Outbox.reason,
                    Contact.external_id, FlowRow.name, Outbox.step_id)
             .join(Contact, Contact.id == Outbox.contact_id).outerjoin(FlowRow, FlowRow.id == Outbox.flow_id)
             .where(Outbox.status.in_(("failed", "review")), Outbox.channel != "team"))
    if since is not None:
        query = query.where(at_col > since)
    out = []
    for oid, at, channel, status, error, reason, contact, flow, step in session.execute(
            query.order_by(at_col.desc(), Outbox.id.desc()).limit(limit)):
        what = "needs review" if status == "review" else "failed"
        out.append({"kind": "error", "key": f"error:{oid}", "at": ensure_utc(at), "contact": contact, "flow": flow,
                    "step": step, "text": f"{channel} message {what}: {error or reason or 'no detail'}",
                    "status": status})
    return out


def _stuck(session: Session, now: datetime, since: datetime | None, limit: int) -> list[dict[str, Any]]:
    overdue = now - STUCK_MARGIN
    query = (select(Token.id, Token.due_at, Token.step_id, Token.state, Contact.external_id, FlowRow.name)
             .join(Execution, Execution.id == Token.execution_id).join(Contact, Contact.id == Execution.contact_id)
             .join(FlowRow, FlowRow.id == Execution.flow_id)
             .where(Token.state != "done", Execution.status == "active", FlowRow.status == "active",
                    Token.due_at < overdue))
    if since is not None:
        query = query.where(Token.due_at > since - STUCK_MARGIN)
    out = []
    for tid, due, step, state, contact, flow in session.execute(query.order_by(Token.due_at.desc()).limit(limit)):
        due = ensure_utc(due)
        hours = (now - due).total_seconds() / 3600
        out.append({"kind": "stuck", "key": f"stuck:{tid}", "at": due + STUCK_MARGIN, "contact": contact,
                    "flow": flow, "step": step, "status": state,
                    "text": f"overdue at step {step} for {hours:.1f} h ({state})"})
    return out


def notifications(session: Session, now: datetime, limit: int = 200) -> dict[str, Any]:
    """The newest notifications of every kind, newest first, with unread counts per kind.

    ``{"items": [{"kind", "key", "at", "contact", "flow", "step", "text", "status", "unread"}],
    "unread": {"team": n, "error": n, "stuck": n, "total": n}, "read_at"}``.
    """
    seen = read_at(session)
    items = [*_team(session, None, limit), *_errors(session, None, limit), *_stuck(session, now, None, limit)]
    items.sort(key=lambda item: item["at"], reverse=True)
    items = items[:limit]
    unread = {kind: 0 for kind in KINDS}
    for kind, fetch in (("team", _team), ("error", _errors)):
        unread[kind] = len(fetch(session, seen, 100_000)) if seen is not None else _count(session, kind)
    unread["stuck"] = len(_stuck(session, now, seen, 100_000))
    for item in items:
        item["unread"] = seen is None or item["at"] > seen
        item["at"] = item["at"].isoformat()
    return {"items": items, "unread": {**unread, "total": sum(unread.values())},
            "read_at": seen.isoformat() if seen else None}


def _count(session: Session, kind: str) -> int:
    if kind == "team":
        where = Outbox.channel == "team"
    else:
        where = Outbox.status.in_(("failed", "review")) & (Outbox.channel != "team")
    return int(session.execute(select(func.count()).select_from(Outbox).where(where)).scalar_one())
