"""Join modes: what happens where parallel branches of one execution meet at a step.

A step that several edges arrive at has a join mode (``Step.join``, default ``first``):

- ``each``: every arriving branch continues through the step (each runs it);
- ``first``: the first arrival continues, later arrivals end there, so a message after a merge
  is sent once. A done marker token (``data = {"joined": step}``) remembers the first arrival;
- ``all``: an arrival parks at the step (a token waiting with ``data = {"join_wait": step}``
  and no due time to speak of) until no other live branch of the execution can still reach
  the step; then one parked branch continues and the others end there.

Only versions with parallel branches (several starts, or a port with several edges) can have two
branches of one execution; their batches load every token of the execution, so the markers and
parked tokens are at hand. The batch calls :func:`gate_targets` when a token leaves a step and
:func:`release_joins` after each token's run.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from runtime.clock import UTC
from runtime.flow.states import TokenState

if TYPE_CHECKING:
    from runtime.engine.batch import Batch, ExecState, LiveToken

PARKED_UNTIL = datetime(9999, 12, 31, tzinfo=UTC)  # a parked branch is released by the engine, never by time
JOINED = "joined"
JOIN_WAIT = "join_wait"


def _new_token(batch: Batch, st: ExecState, step_id: str, state: str, data: dict[str, Any],
               due: datetime) -> LiveToken:
    from runtime.engine.batch import LiveToken

    visit = max((x.visit for x in st.tokens), default=0) + 1
    token = LiveToken(execution_id=st.info.id, flow_id=st.info.flow_id, step_id=step_id, state=state,
                      due_at=due, visit=visit, data=data)
    st.tokens.append(token)
    batch.new_tokens.append(token)
    return token


def gate_targets(batch: Batch, st: ExecState, targets: list[str]) -> list[str]:
    """The targets a leaving token really continues to: a ``first`` join already reached by
    another branch is dropped; an ``all`` join gets a parked branch instead (dropped here too)."""
    joins = st.compiled.joins
    out: list[str] = []
    for target in targets:
        mode = joins.get(target)
        if mode is None:
            out.append(target)
        elif mode == "first":
            if any(x.data and x.data.get(JOINED) == target for x in st.tokens):
                continue  # a branch got there first: this one ends here
            _new_token(batch, st, target, TokenState.DONE, {JOINED: target}, batch.now)
            out.append(target)
        else:
            _new_token(batch, st, target, TokenState.WAITING, {JOIN_WAIT: target}, PARKED_UNTIL)
            st.live += 1
            batch.deltas.add(st.info.flow_id, target, "entered", 1)
            batch.deltas.add(st.info.flow_id, target, "waiting", 1)
    return out


def release_joins(batch: Batch, st: ExecState, queue: list[tuple[LiveToken, bool]]) -> None:
    """Release ``all`` joins that no live branch of the execution can still reach: one parked
    branch per join goes on (queued to run the step now), the others end there."""
    if st.ended or not st.compiled.reach:
        return
    parked: dict[str, list[LiveToken]] = {}
    for x in st.tokens:
        if x.live and x.data and x.data.get(JOIN_WAIT):
            parked.setdefault(x.data[JOIN_WAIT], []).append(x)
    reach = st.compiled.reach
    flow_id = st.info.flow_id
    for step_id, waiting in parked.items():
        others = [x for x in st.tokens if x.live and x not in waiting]
        if any(x.step_id == step_id or step_id in reach.get(x.step_id, ()) for x in others):
            continue
        first, *rest = waiting
        first.state, first.due_at, first.data, first.wait_event = TokenState.READY, batch.now, None, None
        first.dirty = True
        queue.append((first, False))
        for token in rest:
            token.state, token.data, token.dirty = TokenState.DONE, None, True
            st.live -= 1
            batch.deltas.add(flow_id, step_id, "waiting", -1)
            batch.deltas.add(flow_id, step_id, "completed", 1)
