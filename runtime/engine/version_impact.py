"""What publishing a new version of a live flow does to the contacts already inside it.

Contacts stay on the version they entered: :func:`publish_impact` says how many wait at which
step of which live version, which deleted steps they will still reach (they run on their old
version), and which new steps only new entries will see. :func:`migrate_waiting` moves the
executions whose every live position exists, with the same type, in the new version onto it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from runtime.flow.model import Flow
from runtime.flow.states import LIVE_TOKEN_STATES, ExecutionStatus
from runtime.storage import flows_repo
from runtime.storage.models import Execution, FlowRow, FlowVersion, Token

__all__ = ["migrate_waiting", "publish_impact"]

_LIVE = LIVE_TOKEN_STATES


def _reaches(flow: Flow) -> dict[str, set[str]]:
    """``{step: every step reachable from it, itself included}`` (flows are acyclic)."""
    memo: dict[str, set[str]] = {}

    def walk(step_id: str) -> set[str]:
        if step_id not in memo:
            memo[step_id] = {step_id}
            for edge in flow.outgoing(step_id):
                memo[step_id] |= walk(edge.target)
        return memo[step_id]

    for step in flow.steps:
        walk(step.id)
    return memo


def _positions(session: Session, flow_id: int) -> dict[int, dict[int, set[str]]]:
    """``{version_id: {execution_id: {step ids of its live tokens}}}`` of the flow's active executions."""
    rows = session.execute(
        select(Execution.version_id, Execution.id, Token.step_id)
        .join(Token, Token.execution_id == Execution.id)
        .where(Execution.flow_id == flow_id, Execution.status == ExecutionStatus.ACTIVE, Token.state.in_(_LIVE))
    ).all()
    out: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for version_id, execution_id, step_id in rows:
        out[version_id][execution_id].add(step_id)
    return out


def _label(flow: Flow, step_id: str) -> str:
    step = flow.step(step_id)
    return (step.name or step.id) if step else step_id


def _movable(old: Flow, new: Flow, steps: set[str]) -> bool:
    """Every live position exists in ``new`` as the same kind of step."""
    for step_id in steps:
        before, after = old.step(step_id), new.step(step_id)
        if before is None or after is None or before.type != after.type:
            return False
    return True


def publish_impact(session: Session, row: FlowRow, draft: Flow) -> dict[str, Any]:
    """The impact of publishing ``draft`` as the next version of ``row`` (see the module docstring)."""
    versions = {v.id: v for v in session.execute(select(FlowVersion).where(FlowVersion.flow_id == row.id)).scalars()}
    current = versions.get(row.current_version_id) if row.current_version_id else None
    waiting: list[dict[str, Any]] = []
    deleted: list[dict[str, Any]] = []
    movable = 0
    for version_id, executions in sorted(_positions(session, row.id).items(),
                                         key=lambda item: versions[item[0]].version):
        old = flows_repo.load_version(session, version_id)
        number = versions[version_id].version
        at_step: dict[str, int] = defaultdict(int)
        for steps in executions.values():
            for step_id in steps:
                at_step[step_id] += 1
        for step_id, count in sorted(at_step.items(), key=lambda item: -item[1]):
            waiting.append({"version": number, "step": step_id, "name": _label(old, step_id), "contacts": count,
                            "step_in_new_version": draft.step(step_id) is not None})
        reaches = _reaches(old)
        for step in old.steps:
            if draft.step(step.id) is not None:
                continue
            affected = sum(1 for steps in executions.values() if any(step.id in reaches.get(s, ()) for s in steps))
            if affected:
                deleted.append({"version": number, "step": step.id, "name": _label(old, step.id), "type": step.type,
                                "contacts": affected})
        movable += sum(1 for steps in executions.values() if _movable(old, draft, steps))
    base = flows_repo.load_version(session, current.id) if current else None
    added = [] if base is None else [
        {"step": s.id, "name": s.name or s.id, "type": s.type} for s in draft.steps if base.step(s.id) is None]
    removed_now = [] if base is None else [
        {"step": s.id, "name": s.name or s.id, "type": s.type} for s in base.steps if draft.step(s.id) is None]
    staying = sum(w["contacts"] for w in waiting)
    return {
        "flow_id": row.id, "flow": row.name, "status": row.status,
        "current_version": current.version if current else None,
        "next_version": max((v.version for v in versions.values()), default=0) + 1,
        "contacts_inside": len({e for ex in _positions(session, row.id).values() for e in ex}),
        "waiting": waiting, "deleted": deleted, "added": added, "removed": removed_now,
        "migratable": movable, "positions": staying,
        "summary": _summary(waiting, deleted, added),
    }


def _summary(waiting: list[dict[str, Any]], deleted: list[dict[str, Any]], added: list[dict[str, Any]]) -> list[str]:
    """The impact in sentences, as the publish dialog and the CLI show it."""
    lines = [f"{w['contacts']} contact{'s' if w['contacts'] != 1 else ''} waiting at {w['name']} stay on version "
             f"{w['version']}" for w in waiting]
    lines += [f"deleting {d['name']} affects {d['contacts']} contact{'s' if d['contacts'] != 1 else ''} on version "
              f"{d['version']} when they reach it" for d in deleted]
    if added:
        names = ", ".join(a["name"] for a in added)
        lines.append(f"the new step{'s' if len(added) != 1 else ''} {names} appl{'y' if len(added) != 1 else 'ies'} "
                     "to new entries only")
    return lines


def migrate_waiting(session: Session, row: FlowRow, version_id: int) -> int:
    """Move active executions on older versions to ``version_id`` where every position still exists."""
    new = flows_repo.load_version(session, version_id)
    moved: list[int] = []
    for old_version_id, executions in _positions(session, row.id).items():
        if old_version_id == version_id:
            continue
        old = flows_repo.load_version(session, old_version_id)
        moved += [eid for eid, steps in executions.items() if _movable(old, new, steps)]
    for start in range(0, len(moved), 500):
        session.execute(update(Execution).where(Execution.id.in_(moved[start:start + 500]))
                        .values(version_id=version_id))
    return len(moved)


