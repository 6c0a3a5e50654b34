"""Flow lifecycle: activate, pause, resume, terminate, archive (and ``ended``).

States only move forward along design.md's diagram::

    draft -> active <-> paused;  active/paused -> terminated;  active -> ended;  any -> archived

The allowed moves are :class:`~runtime.flow.states.FlowStatus`'s transition table; an invalid move
raises :class:`~runtime.flow.states.StateMoveError` (a FlowCanvasError) naming the flow and both
states. Pausing holds every token where it is (the runtime does not claim tokens of a paused flow); resuming continues
in place, overdue tokens running late in due order. Terminating ends every active execution with
reason ``terminated``. Activating publishes the draft when it has no version yet or differs from
the current version; contacts already inside stay on the version they entered.
Each call runs in the caller's transaction and writes an audit row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import Clock, ensure_utc
from runtime.engine.executions import end_executions
from runtime.flow.states import FLOW_ACTIONS, ExecutionStatus, FlowStatus, StateMoveError, may_move
from runtime.storage.models import Audit, Execution, FlowRow

# operator action -> the status it moves a flow to (resume only from paused, see resume_flow);
# which moves are allowed at all is FlowStatus's transition table in runtime.flow.states
ACTION_TARGETS = FLOW_ACTIONS


def allowed_actions(status: str) -> tuple[str, ...]:
    """The operator actions the flow transition table allows on a flow that is ``status`` (in
    ACTION_TARGETS order); the designer offers exactly these."""
    return tuple(action for action, target in ACTION_TARGETS.items()
                 if may_move(status, target, FlowStatus) and (action != "resume" or status == FlowStatus.PAUSED))


def _check(flow_row: FlowRow, target: FlowStatus, verb: str) -> None:
    if not may_move(flow_row.status, target, FlowStatus):
        raise StateMoveError(f"flow {flow_row.name!r}: cannot {verb} a flow that is {flow_row.status} "
                             f"(moving {flow_row.status} -> {target} is not allowed)")


def _audit(session: Session, clock: Clock, actor: str, action: str, flow_row: FlowRow, **detail: Any) -> None:
    session.add(Audit(at=ensure_utc(clock.now()), actor=actor, action=action,
                      detail={"flow_id": flow_row.id, "flow": flow_row.name, **detail}))


def audit_action(session: Session, clock: Clock, actor: str, action: str, flow_row: FlowRow, **detail: Any) -> None:
    """Record an operator's action on a flow in the audit log (in the caller's transaction)."""
    _audit(session, clock, actor, action, flow_row, **detail)


def _set_status(session: Session, flow_row: FlowRow, status: FlowStatus, clock: Clock) -> None:
    now = ensure_utc(clock.now())
    flow_row.status = status
    flow_row.updated_at = now
    if status == FlowStatus.ACTIVE and flow_row.activated_at is None:
        flow_row.activated_at = now
    session.flush()


def publish_if_changed(session: Session, flow_row: FlowRow, clock: Clock) -> int | None:
    """Publish the draft as a new version when it changed; the new version id, or None."""
    from runtime.storage.flows_repo import draft_changed, publish

    if not draft_changed(session, flow_row):
        return None

    version = publish(session, flow_row, clock)
    return version.id


def activate_flow(session: Session, flow_row: FlowRow, clock: Clock, *, actor: str = "operator") -> int | None:
    """Publish the draft if needed and make the flow active; returns the new version id if one was published."""
    _check(flow_row, FlowStatus.ACTIVE, "activate")
    from runtime.channels.webhook_review import check_activation

    check_activation(session, flow_row)
    version_id = publish_if_changed(session, flow_row, clock)
    previous = flow_row.status
    _set_status(session, flow_row, FlowStatus.ACTIVE, clock)
    _audit(session, clock, actor, "flow.activate", flow_row, previous=previous, published_version_id=version_id)
    return version_id


def pause_flow(session: Session, flow_row: FlowRow, clock: Clock, *, actor: str = "operator") -> None:
    """Hold every token of the flow where it is (nobody moves, nobody enters) until resumed."""
    _check(flow_row, FlowStatus.PAUSED, "pause")
    _set_status(session, flow_row, FlowStatus.PAUSED, clock)
    _audit(session, clock, actor, "flow.pause", flow_row)


def resume_flow(session: Session, flow_row: FlowRow, clock: Clock, *, actor: str = "operator") -> None:
    """Continue a paused flow in place; tokens that came due meanwhile run late, in due order."""
    if flow_row.status != FlowStatus.PAUSED:
        raise StateMoveError(f"flow {flow_row.name!r}: cannot resume a flow that is {flow_row.status} "
                              f"(only a paused flow resumes)")
    _set_status(session, flow_row, FlowStatus.ACTIVE, clock)
    _audit(session, clock, actor, "flow.resume", flow_row)


def _close(session: Session, flow_row: FlowRow, clock: Clock, status: FlowStatus, verb: str, actor: str) -> int:
    """Move the flow to ``status`` (terminated / archived), ending every active execution with
    that reason first; audited as ``flow.<verb>``. Returns how many executions ended."""
    _check(flow_row, status, verb)
    ids = list(session.execute(
        select(Execution.id).where(Execution.flow_id == flow_row.id, Execution.status == ExecutionStatus.ACTIVE)
    ).scalars())
    ended = end_executions(session, ids, ExecutionStatus.TERMINATED, status, clock)
    _set_status(session, flow_row, status, clock)
    _audit(session, clock, actor, f"flow.{verb}", flow_row, executions_ended=ended)
    return ended


def terminate_flow(session: Session, flow_row: FlowRow, clock: Clock, *, actor: str = "operator") -> int:
    """Stop the flow for good: every active execution ends (reason ``terminated``), nobody enters."""
    return _close(session, flow_row, clock, FlowStatus.TERMINATED, "terminate", actor)


def archive_flow(session: Session, flow_row: FlowRow, clock: Clock, *, actor: str = "operator") -> int:
    """Archive the flow; contacts still inside leave (reason ``archived``). Returns how many left."""
    return _close(session, flow_row, clock, FlowStatus.ARCHIVED, "archive", actor)


ACTIONS = {
    "activate": activate_flow,
    "pause": pause_flow,
    "resume": resume_flow,
    "terminate": terminate_flow,
    "archive": archive_flow,
}
