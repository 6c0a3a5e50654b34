"""Every state a flow, an execution, a token and an outbox message can be in, and the moves between them.

The four state machines are :class:`~enum.StrEnum`\\ s: a member compares equal to its string and
is stored as that string, so database values and JSON output are the same as before. Each machine
has a transition table (state -> the states it may move to); :func:`check_move` refuses any move
the table does not list, which makes the machines forward-only: once a contact's execution has
ended, a message was sent or a token is done, nothing moves it back.

Lives in ``runtime.flow`` because every layer uses the names: step handlers (``runtime.steps``)
report outcomes and queue messages, storage declares the defaults, the engine and the channels
move rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from runtime.errors import FlowCanvasError

__all__ = [
    "FLOW_ACTIONS",
    "TRANSITIONS",
    "ExecutionStatus",
    "FlowStatus",
    "OutboxStatus",
    "StateMoveError",
    "TokenState",
    "check_move",
    "may_move",
]


class FlowStatus(StrEnum):
    """Where a flow is in its lifecycle (design.md: draft -> active <-> paused -> ...)."""

    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"  # its entry window closed and the last contact left
    TERMINATED = "terminated"
    ARCHIVED = "archived"


class ExecutionStatus(StrEnum):
    """One entry of a contact into a flow: active until it ends one of four ways."""

    ACTIVE = "active"
    COMPLETED = "completed"
    EXITED = "exited"
    FAILED = "failed"
    TERMINATED = "terminated"


class TokenState(StrEnum):
    """A position of an execution: due at ``due_at`` (ready), at a wait (waiting), or done."""

    READY = "ready"
    WAITING = "waiting"
    DONE = "done"


class OutboxStatus(StrEnum):
    """A queued message's delivery state."""

    QUEUED = "queued"
    HELD = "held"  # quiet hours, frequency cap or rate limit: due again later
    SENDING = "sending"  # claimed by a dispatcher pass
    SENT = "sent"
    SANDBOX = "sandbox"  # sandbox mode: recorded, never left the machine
    FAILED = "failed"
    SKIPPED = "skipped"
    REVIEW = "review"  # an unclear provider answer: an operator decides


#: Executions and tokens still in play.
LIVE_EXECUTION = ExecutionStatus.ACTIVE
LIVE_TOKEN_STATES = (TokenState.READY, TokenState.WAITING)
#: Outbox rows the dispatcher may still pick up.
DUE_OUTBOX_STATUSES = (OutboxStatus.QUEUED, OutboxStatus.HELD)

_F, _E, _T, _O = FlowStatus, ExecutionStatus, TokenState, OutboxStatus

#: state -> the states it may move to. A state missing from its machine's table is final.
TRANSITIONS: Mapping[type[StrEnum], Mapping[StrEnum, frozenset[StrEnum]]] = {
    # an operator's lifecycle actions, and ``ended`` when the entry window closed and it emptied;
    # active -> active is activating again to publish a changed draft
    FlowStatus: {
        _F.DRAFT: frozenset({_F.ACTIVE, _F.ARCHIVED}),
        _F.ACTIVE: frozenset({_F.ACTIVE, _F.PAUSED, _F.TERMINATED, _F.ENDED, _F.ARCHIVED}),
        _F.PAUSED: frozenset({_F.ACTIVE, _F.TERMINATED, _F.ARCHIVED}),
        _F.ENDED: frozenset({_F.ARCHIVED}),
        _F.TERMINATED: frozenset({_F.ARCHIVED}),
        _F.ARCHIVED: frozenset(),
    },
    # an ended execution stays ended: re-entering a contact starts a new execution
    ExecutionStatus: {
        _E.ACTIVE: frozenset({_E.COMPLETED, _E.EXITED, _E.FAILED, _E.TERMINATED}),
    },
    # a token moves from step to step (ready <-> waiting) until it is done; done is final
    TokenState: {
        _T.READY: frozenset({_T.READY, _T.WAITING, _T.DONE}),
        _T.WAITING: frozenset({_T.READY, _T.WAITING, _T.DONE}),
    },
    # delivered or recorded messages are final; a failed, skipped or reviewed one may be queued
    # again by an operator (same idempotency key)
    OutboxStatus: {
        _O.QUEUED: frozenset({_O.QUEUED, _O.HELD, _O.SENDING, _O.SENT, _O.SANDBOX, _O.FAILED, _O.SKIPPED, _O.REVIEW}),
        _O.HELD: frozenset({_O.QUEUED, _O.HELD, _O.SENDING, _O.SENT, _O.SANDBOX, _O.FAILED, _O.SKIPPED, _O.REVIEW}),
        _O.SENDING: frozenset({_O.QUEUED, _O.SENT, _O.FAILED, _O.REVIEW, _O.HELD}),
        _O.FAILED: frozenset({_O.QUEUED}),
        _O.SKIPPED: frozenset({_O.QUEUED}),
        _O.REVIEW: frozenset({_O.QUEUED, _O.SENT, _O.FAILED}),
    },
}


#: an operator's lifecycle action -> the status it moves a flow to (resume only from paused);
#: which actions a flow allows now is :func:`runtime.engine.lifecycle.allowed_actions`
FLOW_ACTIONS: Mapping[str, FlowStatus] = {
    "activate": FlowStatus.ACTIVE,
    "pause": FlowStatus.PAUSED,
    "resume": FlowStatus.ACTIVE,
    "terminate": FlowStatus.TERMINATED,
    "archive": FlowStatus.ARCHIVED,
}


class StateMoveError(FlowCanvasError):
    """A move a state machine does not allow (a backwards move, or out of a final state)."""


def may_move(current: StrEnum | str, target: StrEnum | str, machine: type[StrEnum]) -> bool:
    """Whether ``machine`` (one of the four enums) lets something in ``current`` move to ``target``."""
    table = TRANSITIONS[machine]
    try:
        return machine(target) in table.get(machine(current), frozenset())
    except ValueError:
        return False  # not a state of this machine at all


def check_move(current: StrEnum | str, target: StrEnum | str, machine: type[StrEnum], what: str = "") -> None:
    """Refuse a move ``machine`` does not allow: raises :class:`StateMoveError` naming ``what``
    (e.g. ``flow 'Welcome'``, ``message 12``) and both states; returns None when the move is fine."""
    if may_move(current, target, machine):
        return
    subject = what or machine.__name__
    member = _member(machine, current)
    allowed = sorted(str(s) for s in TRANSITIONS[machine].get(member, frozenset())) if member is not None else []
    hint = f"it may only move to {', '.join(allowed)}" if allowed else f"{current} is final"
    raise StateMoveError(f"{subject}: cannot move {current} -> {target} ({hint})")


def _member(machine: type[StrEnum], value: StrEnum | str) -> StrEnum | None:
    try:
        return machine(value)
    except ValueError:
        return None
