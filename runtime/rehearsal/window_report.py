"""What one flow did in a time window, per step and per day, read from a project's records.

Rehearsal reads its predictions with :func:`window_report` from the throw-away copy it ran; the
same function on a project that really ran those days gives the numbers to compare (the
rehearsal's promise is that they are equal). Everything comes from the step log, executions,
outbox and tokens:

- entries and exits (completed, goal, other, failed) by the day they happened;
- messages the flow queued, per channel per day;
- delivery policy: messages held by quiet hours, delayed by a frequency cap and skipped by a
  frequency cap (the dispatcher logs each hold and skip on the step with its reason), per step
  and per day;
- contacts still waiting at each step at the end.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from runtime.clock import ensure_utc
from runtime.flow.states import LIVE_TOKEN_STATES, ExecutionStatus
from runtime.storage.db import Project
from runtime.storage.models import Execution, Outbox, StepLog, Token

__all__ = ["POLICY_KEYS", "window_report"]

FINAL = ("completed", "failed", "skipped")
#: per-day / per-step / total counters of the delivery policy
POLICY_KEYS = ("held_quiet_hours", "delayed_by_cap", "skipped_by_cap")


def _policy_key(outcome: str, reason: str) -> str | None:
    """Which delivery-policy counter a dispatcher log row adds to (None: not the policy's doing)."""
    if outcome == "held":
        if reason.startswith("quiet hours"):
            return "held_quiet_hours"
        return "delayed_by_cap" if "frequency cap" in reason else None
    if outcome == "skipped" and "frequency cap" in reason:
        return "skipped_by_cap"
    return None


def _empty_step(step_type: str | None) -> dict[str, Any]:
    return {"type": step_type, "completed": 0, "failed": 0, "skipped": 0, "waiting_at_end": 0,
            **dict.fromkeys(POLICY_KEYS, 0)}


def window_report(project: Project, flow_id: int, step_types: dict[str, str], start: datetime,
                  days: int) -> dict[str, Any]:
    """``{"totals", "steps", "per_day"}`` of flow ``flow_id`` from ``start`` for ``days`` days."""
    start = ensure_utc(start)
    end = start + timedelta(days=days)
    day_keys = [(start + timedelta(days=i)).date().isoformat() for i in range(days)]
    per_day: dict[str, dict[str, Any]] = {
        d: {"date": d, "entered": 0, "exited": Counter(), "messages": Counter(), "steps": Counter(),
            **dict.fromkeys(POLICY_KEYS, 0)} for d in day_keys}

    def bucket(at: datetime) -> dict[str, Any] | None:
        at = ensure_utc(at)
        if at < start or at >= end:
            return None
        return per_day.get(at.date().isoformat())

    steps: dict[str, dict[str, Any]] = {sid: _empty_step(t) for sid, t in step_types.items()}
    totals: dict[str, Any] = {"entered": 0, "completed": 0, "exited_goal": 0, "exited_other": 0, "failed": 0,
                              "active_at_end": 0, "messages": Counter(), **dict.fromkeys(POLICY_KEYS, 0)}
    held_once: set[tuple[int, str]] = set()  # (outbox id, counter): a hold re-checked later is one hold
    with project.session() as session:
        for step_id, outcome, at, detail in session.execute(
            select(StepLog.step_id, StepLog.outcome, StepLog.at, StepLog.detail)
            .where(StepLog.flow_id == flow_id, StepLog.at >= start)
        ):
            b = bucket(at)
            if b is None:
                continue
            entry = steps.setdefault(step_id, _empty_step(None))
            detail = detail if isinstance(detail, dict) else {}
            key = _policy_key(outcome, str(detail.get("reason") or "")) if "outbox_id" in detail else None
            if key is not None and (detail["outbox_id"], key) not in held_once:
                held_once.add((detail["outbox_id"], key))
                entry[key] += 1
                b[key] += 1
                totals[key] += 1
            if outcome in FINAL:
                entry[outcome] += 1
                b["steps"][step_id] += 1
        for entered_at, ended_at, status, reason in session.execute(
            select(Execution.entered_at, Execution.ended_at, Execution.status, Execution.exit_reason)
            .where(Execution.flow_id == flow_id)
        ):
            b = bucket(entered_at)
            if b is not None:
                b["entered"] += 1
                totals["entered"] += 1
            if status == ExecutionStatus.ACTIVE:
                totals["active_at_end"] += 1
                continue
            b = bucket(ended_at) if ended_at else None
            if b is None:
                continue
            key = "completed" if status == ExecutionStatus.COMPLETED else "failed" if status == ExecutionStatus.FAILED else (
                "exited_goal" if reason == "goal" else "exited_other")
            totals[key] += 1
            b["exited"][reason or status] += 1
        for channel, at in session.execute(
            select(Outbox.channel, Outbox.created_at).where(Outbox.flow_id == flow_id, Outbox.created_at >= start)
        ):
            b = bucket(at)
            if b is not None:
                b["messages"][channel] += 1
                totals["messages"][channel] += 1
        for step_id, in session.execute(
            select(Token.step_id).join(Execution, Execution.id == Token.execution_id)
            .where(Execution.flow_id == flow_id, Token.state.in_(LIVE_TOKEN_STATES))
        ):
            if step_id in steps:
                steps[step_id]["waiting_at_end"] += 1
    totals["messages"] = dict(totals["messages"])
    totals["conversion"] = round(totals["exited_goal"] / totals["entered"], 4) if totals["entered"] else 0.0
    return {
        "totals": totals, "steps": steps,
        "per_day": [{**d, "exited": dict(d["exited"]), "messages": dict(d["messages"]), "steps": dict(d["steps"])}
                    for d in per_day.values()],
    }
