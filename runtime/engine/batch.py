"""One batch of due tokens: load in bulk, run every step in memory, write everything at once.

A :class:`Batch` lives inside one write transaction. It loads the batch's executions,
contacts, tags, the events its conditions and waits look at and (when templates need them) the
trigger events, with one query each; runs each token's steps until the token waits or ends;
then writes tokens, step log, outbox rows, contact and tag changes, ended executions and
counters with executemany. Nothing is written per token.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.clock import ensure_utc
from runtime.engine.counters import FLOW, CounterDeltas, edge_counter, exit_bucket
from runtime.engine.flowcache import CompiledFlow
from runtime.engine.joins import gate_targets, release_joins
from runtime.flow.states import LIVE_TOKEN_STATES, ExecutionStatus, OutboxStatus, TokenState
from runtime.steps.conditions import EvalContext, EventItem
from runtime.steps.context import ExecInfo, Prefetched, StepInput, StepResult, failed
from runtime.steps.handlers import HANDLERS, SKIPPABLE
from runtime.storage.models import Execution
from runtime.storage.rawdb import RawDB

LATE_LOG_THRESHOLD = 1.0  # seconds; below this a step counts as on time (tick granularity)
_CONTACT_WRITE = ("email", "phone", "telegram_chat_id", "whatsapp", "first_name", "last_name", "timezone",
                  "birthday", "attributes", "email_status", "sms_status", "telegram_status", "whatsapp_status",
                  "push_status", "last_activity_at")
TOKEN_COLUMNS = ("id", "execution_id", "flow_id", "step_id", "state", "due_at", "visit", "wait_event", "wait_since",
                 "data")
TOKEN_SELECT = ", ".join(TOKEN_COLUMNS)
OUTBOX_INSERT = ("INSERT INTO outbox (execution_id, flow_id, step_id, contact_id, channel, content, idempotency_key, "
                 "status, attempts, next_attempt_at, reason, created_at, sent_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)")
OUTBOX_KEY = 6  # index of the idempotency key in an outbox row
CONTACT_COLUMNS = ("id", "external_id", "email", "phone", "telegram_chat_id", "whatsapp", "push_subscriptions",
                   "first_name", "last_name", "timezone", "birthday", "attributes", "email_status", "sms_status",
                   "telegram_status", "whatsapp_status", "push_status", "created_at", "updated_at", "last_activity_at")


class LiveToken:
    """A token in memory during a batch."""

    __slots__ = (
        "data",
        "dirty",
        "due_at",
        "execution_id",
        "failed_end",
        "flow_id",
        "id",
        "outbox_ref",
        "state",
        "step_id",
        "visit",
        "wait_event",
        "wait_since",
    )

    def __init__(self, row: Any = None, **kw: Any) -> None:
        if row is not None:
            (self.id, self.execution_id, self.flow_id, self.step_id, self.state, self.due_at, self.visit,
             self.wait_event, self.wait_since, self.data) = row
            self.due_at = ensure_utc(self.due_at)
            self.wait_since = ensure_utc(self.wait_since) if self.wait_since else None
            self.dirty = False
        else:
            self.id = None
            self.wait_event = None
            self.wait_since = None
            self.data = None
            self.dirty = True
            for k, v in kw.items():
                setattr(self, k, v)
        self.failed_end = bool(self.data and self.data.get("ended") == "failed")
        self.outbox_ref: int | None = None

    @classmethod
    def from_row(cls, row: Any, db: RawDB) -> LiveToken:
        """A token from a raw ``SELECT {TOKEN_SELECT}`` row."""
        tok = cls.__new__(cls)
        (tok.id, tok.execution_id, tok.flow_id, tok.step_id, tok.state, due, tok.visit, tok.wait_event, ws,
         data) = row
        tok.due_at = db.rdt(due)
        tok.wait_since = db.rdt(ws) if ws is not None else None
        tok.data = db.rj(data) if data is not None else None
        tok.dirty = False
        tok.failed_end = bool(tok.data and tok.data.get("ended") == "failed")
        tok.outbox_ref = None
        return tok

    @property
    def live(self) -> bool:
        return self.state in LIVE_TOKEN_STATES


@dataclass
class ExecState:
    """An execution in memory during a batch."""

    info: ExecInfo
    compiled: CompiledFlow
    live: int = 1  # live tokens (exact for versions with parallel branches, else 1)
    ended: bool = False
    status: str | None = None
    reason: str | None = None
    tokens: list[LiveToken] = field(default_factory=list)
    eval_maker: Callable[[], EvalContext] | None = None


class StepPlan:
    """One step of a compiled version as the hot loop dispatches it (built once per version)."""

    __slots__ = (
        "handler",
        "k_completed",
        "k_entered",
        "k_failed",
        "k_waiting",
        "ports",
        "skippable",
        "step",
        "type",
        "wait_for",
    )

    def __init__(self, step: Any, compiled: CompiledFlow, flow_id: int) -> None:
        self.step = step
        self.type = step.type
        self.handler = HANDLERS.get(step.type)
        self.wait_for = compiled.simple_waits.get(step.id)
        self.skippable = step.type in SKIPPABLE
        self.ports = {port: targets for (source, port), targets in compiled.targets.items() if source == step.id}
        # counter keys, made once instead of a tuple per visit
        self.k_completed = (flow_id, step.id, "completed")
        self.k_failed = (flow_id, step.id, "failed")
        self.k_waiting = (flow_id, step.id, "waiting")
        self.k_entered = (flow_id, step.id, "entered")


# (id of the compiled version, flow id) -> (the version itself, its plans); holding the version
# keeps its id from being reused while the entry lives
_PLANS: dict[tuple[int, int], tuple[CompiledFlow, dict[str, StepPlan]]] = {}
_PLANS_MAX = 512


def step_plans(compiled: CompiledFlow, flow_id: int) -> dict[str, StepPlan]:
    """Step id -> :class:`StepPlan` of ``compiled`` (versions are immutable, so plans are cached)."""
    key = (id(compiled), flow_id)
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is compiled:
        return hit[1]
    plans = {sid: StepPlan(step, compiled, flow_id) for sid, step in compiled.steps.items()}
    if len(_PLANS) >= _PLANS_MAX:
        _PLANS.clear()
    _PLANS[key] = (compiled, plans)
    return plans


def _chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


class Batch:
    """Run one claimed batch of tokens in the caller's transaction."""

    def __init__(self, session: Session, now: datetime, *, sandbox: bool, flow_names: dict[int, str],
                 version_lookup: Callable[[Session, int], CompiledFlow],
                 delivery_wait: timedelta | None = None) -> None:
        self.session = session
        self.delivery_wait = delivery_wait  # how long real sends wait for the dispatcher (None: default)
        self.db = RawDB(session)
        self.now = now
        self.sandbox = sandbox
        self.flow_names = flow_names
        self.version_lookup = version_lookup
        self.deltas = CounterDeltas()
        self.execs: dict[int, ExecState] = {}
        self.contacts: dict[int, dict[str, Any]] = {}
        self.tags: dict[int, set[str]] = defaultdict(set)
        self.events: dict[int, dict[str, list[EventItem]]] = {}
        self.event_names: set[str] = set()
        self.trigger_props: dict[int, dict[str, Any]] = {}
        self.tokens: dict[int, LiveToken] = {}
        self.new_tokens: list[LiveToken] = []
        self.now_db = self.db.dt(now)  # ``now`` as bound for a UTCDateTime column
        # step log rows as written: (execution, token, flow, contact, step, visit, at, outcome, port,
        # late_seconds, detail); ``log_fixups`` lists (row index, token) of rows whose token id
        # (a new token) or detail (JSON, outbox id) is settled at write time
        self.logs: list[tuple[Any, ...]] = []
        self.log_fixups: list[tuple[int, LiveToken]] = []
        self.outbox: list[tuple[Any, ...]] = []  # rows in OUTBOX_INSERT's column order
        self.dirty_contacts: set[int] = set()
        self.tag_ops: list[tuple[int, str, str, str, str | None]] = []  # contact, tag, add/remove, by, reason
        self.ended: list[ExecState] = []
        self.deferred_leave: list[int] = []  # execution ids outside the batch to end with reason 'left'
        self.steps_run = 0
        # what the handlers read besides contacts, tags and events (filled by the loader)
        self.prefetched = Prefetched(delivery_wait=delivery_wait)

    def close(self) -> None:
        """Break the batch's only reference cycles (execution <-> its condition-context closure), so
        reference counting frees the batch without the cyclic collector."""
        for st in self.execs.values():
            st.eval_maker = None

    # -- loading ------------------------------------------------------------------------------
    def load(self, claimed: list[LiveToken]) -> None:
        """Load the claimed tokens' executions, contacts, tags and events (one query each)."""
        from runtime.engine.batch_io import load_batch

        load_batch(self, claimed)

    # -- running ------------------------------------------------------------------------------
    def run(self, claimed: list[LiveToken]) -> None:
        for tok in claimed:
            st = self.execs.get(tok.execution_id)
            if st is None or st.ended or not tok.live:
                if tok.live:  # orphan of an ended execution: tidy up, never run
                    tok.state = TokenState.DONE
                    tok.dirty = True
                continue
            late = (self.now - tok.due_at).total_seconds()
            queue = [(tok, tok.state == TokenState.WAITING)]
            while queue and not st.ended:
                t, resumed = queue.pop(0)
                self._advance(st, t, resumed, late, queue)
                if st.compiled.reach:
                    release_joins(self, st, queue)

    def _eval_context(self, st: ExecState) -> Callable[[], EvalContext]:
        """A factory of the execution's condition context, built once per batch and then shared:
        it holds the contact's dict and tag set themselves, so later steps see earlier changes.
        Its events are the ones the loader read: every name the batch's versions look at."""
        if st.eval_maker is not None:
            return st.eval_maker
        cid = st.info.contact_id
        made: list[EvalContext] = []

        def make() -> EvalContext:
            if not made:
                made.append(EvalContext(contact=self.contacts.get(cid, {"id": cid}), now=self.now,
                                        entered_at=st.info.entered_at, event=st.info.trigger_props,
                                        tags=self.tags[cid], events=self.events.setdefault(cid, {})))
            return made[0]

        st.eval_maker = make
        return make

    def _advance(self, st: ExecState, t: LiveToken, resumed: bool, late: float,
                 queue: list[tuple[LiveToken, bool]]) -> None:
        """Run ``t`` step after step until it waits or ends; tokens forked on the way join ``queue``."""
        plans = step_plans(st.compiled, st.info.flow_id)
        contact = self.contacts.get(st.info.contact_id)
        late_logged = round(late, 3) if late >= LATE_LOG_THRESHOLD else None
        deltas = self.deltas.raw
        while True:
            step_id = t.step_id
            plan = plans.get(step_id)
            result = self._visit(st, t, plan, contact, resumed, late)
            self._record(st, t, step_id, result, late_logged)
            if result.wait_until is not None:
                self._park(t, result, resumed)
                return
            if plan is not None:  # what _count_visit does, inline: the common case of the hot loop
                deltas[plan.k_failed if result.outcome == "failed" else plan.k_completed] += 1
                deltas[plan.k_waiting] -= 1
            else:
                self._count_visit(st.info.flow_id, step_id, plan, result.outcome)
            if result.end is not None:
                self._finish_token(st, t, failed_end=False)
                self.end_in_memory(st, *result.end)
                return
            if result.leave_flows is not None:
                self._leave_flows(st, result.leave_flows)
            targets = self._route(st, step_id, plan, result.port)
            if not targets:
                self._finish_token(st, t, failed_end=result.port == "failed")
                if st.live <= 0 and not st.ended:
                    bad = any(x.failed_end for x in st.tokens)
                    self.end_in_memory(st, ExecutionStatus.FAILED if bad else ExecutionStatus.COMPLETED,
                                       "failed" if bad else "completed")
                return
            for target in targets[1:]:
                self._fork(st, target, queue)
            self._move(st.info.flow_id, t, targets[0], plans)
            resumed = False

    def _visit(self, st: ExecState, t: LiveToken, plan: StepPlan | None, contact: dict[str, Any] | None,
               resumed: bool, late: float) -> StepResult:
        """What one visit of ``t``'s step does: the handler's result (nothing applied yet)."""
        if plan is None or contact is None:
            return failed("step missing from the flow version" if plan is None else "contact deleted")
        now = self.now
        wait_for = plan.wait_for
        if wait_for is not None:  # a plain duration wait, inline: what handle_wait would return
            until = now + wait_for
            if resumed or until <= now:
                return StepResult(port="next")
            return StepResult(port=None, outcome="waiting", wait_until=until)
        max_late = st.compiled.max_lateness_seconds
        if max_late is not None and not resumed and plan.skippable and late > max_late:
            return StepResult(port="next", outcome="skipped",
                              detail={"reason": "late beyond max_lateness", "late_seconds": round(late, 3)})
        handler = plan.handler
        if handler is None:
            return failed(f"unknown step type {plan.type!r}")
        inp = StepInput(plan.step, now, contact, self.tags[st.info.contact_id], st.info, t.visit, self.sandbox,
                        st.eval_maker or self._eval_context(st), resumed,
                        dict(t.data or {}) if resumed else {}, t.wait_since, t.due_at, self.prefetched)
        try:
            return handler(inp)
        except Exception as exc:  # noqa: BLE001 - a broken step fails its token, not the batch
            return failed(f"{type(exc).__name__}: {exc}")

    def _record(self, st: ExecState, t: LiveToken, step_id: str, result: StepResult,
                late_logged: float | None) -> None:
        """Apply a visit's effects in memory and add its step log row."""
        self.steps_run += 1
        if result.messages or result.contact_changes or result.tags_add or result.tags_remove:
            self._apply_effects(st, t, step_id, result)
        # the row as written; the token id of a new token and a detail are settled at write time
        detail = result.detail
        if detail is not None or t.id is None:
            self.log_fixups.append((len(self.logs), t))
        info = st.info
        self.logs.append((info.id, t.id, info.flow_id, info.contact_id, step_id, t.visit, self.now_db,
                          result.outcome, result.port, late_logged, detail))

    def _park(self, t: LiveToken, result: StepResult, resumed: bool) -> None:
        """``t`` waits on its step until ``result.wait_until`` (or its event, or its outbox row)."""
        if not resumed:
            t.wait_since = self.now
        t.state = TokenState.WAITING
        t.due_at = result.wait_until
        t.wait_event = result.wait_event
        t.data = dict(result.wait_data) if result.wait_data else None
        t.dirty = True
        if result.wait_for_outbox:
            t.outbox_ref = len(self.outbox) - 1

    def _count_visit(self, flow_id: int, step_id: str, plan: StepPlan | None, outcome: str) -> None:
        """Counters of a visit that is over: completed or failed, one fewer waiting on the step."""
        deltas = self.deltas.raw
        if plan is not None:
            deltas[plan.k_failed if outcome == "failed" else plan.k_completed] += 1
            deltas[plan.k_waiting] -= 1
        else:
            deltas[(flow_id, step_id, "failed" if outcome == "failed" else "completed")] += 1
            deltas[(flow_id, step_id, "waiting")] -= 1

    def _route(self, st: ExecState, step_id: str, plan: StepPlan | None, port: str | None) -> Any:
        """The steps the token goes on to from ``port`` (past any join that holds it back).

        An unconnected ``failed`` port carries on along ``next`` (the message is skipped)."""
        if not port:
            return ()
        if plan is not None:
            targets = plan.ports.get(port, ())
            if not targets and port == "failed":
                targets, port = plan.ports.get("next", ()), "next"
        else:
            targets = st.compiled.targets.get((step_id, port), ())
            if not targets and port == "failed":
                targets, port = st.compiled.targets.get((step_id, "next"), ()), "next"
        if targets:
            # contacts per edge for the canvas: the port actually taken, counted before a join
            # may end the branch at its target
            self.deltas.raw[(st.info.flow_id, step_id, edge_counter(port))] += 1
            if st.compiled.joins:
                targets = gate_targets(self, st, targets)
        return targets

    def _fork(self, st: ExecState, target: str, queue: list[tuple[LiveToken, bool]]) -> None:
        """A new token of the execution at ``target`` (a port with several edges), run in this batch."""
        flow_id = st.info.flow_id
        visit = max((x.visit for x in st.tokens), default=0) + 1
        nt = LiveToken(execution_id=st.info.id, flow_id=flow_id, step_id=target, state=TokenState.READY,
                       due_at=self.now, visit=visit)
        st.tokens.append(nt)
        self.new_tokens.append(nt)
        st.live += 1
        deltas = self.deltas.raw
        deltas[(flow_id, target, "entered")] += 1
        deltas[(flow_id, target, "waiting")] += 1
        queue.append((nt, False))

    def _move(self, flow_id: int, t: LiveToken, target: str, plans: dict[str, StepPlan]) -> None:
        """``t`` enters ``target``, ready to run now."""
        t.step_id = target
        t.state = TokenState.READY
        t.due_at = self.now
        t.wait_event = None
        t.wait_since = None
        t.data = None
        t.dirty = True
        deltas = self.deltas.raw
        tp = plans.get(target)
        if tp is not None:
            deltas[tp.k_entered] += 1
            deltas[tp.k_waiting] += 1
        else:
            deltas[(flow_id, target, "entered")] += 1
            deltas[(flow_id, target, "waiting")] += 1

    def _finish_token(self, st: ExecState, t: LiveToken, *, failed_end: bool) -> None:
        t.state = TokenState.DONE
        t.wait_event = None
        t.failed_end = failed_end
        t.data = {"ended": "failed"} if failed_end else None
        t.dirty = True
        st.live -= 1

    def end_in_memory(self, st: ExecState, status: str, reason: str) -> None:
        """End an execution of this batch: live tokens done, counters moved, written at the end."""
        if st.ended:
            return
        st.ended = True
        st.status, st.reason = status, reason
        for tok in st.tokens:
            if tok.live:
                tok.state = TokenState.DONE
                tok.dirty = True
                self.deltas.add(st.info.flow_id, tok.step_id, "waiting", -1)
        st.live = 0
        self.deltas.add(st.info.flow_id, FLOW, "active", -1)
        self.deltas.add(st.info.flow_id, FLOW, exit_bucket(status, reason))
        self.ended.append(st)

    def _leave_flows(self, st: ExecState, spec: Any) -> None:
        ex = Execution.__table__
        from runtime.storage.models import FlowRow

        fl = FlowRow.__table__
        rows = self.session.execute(
            select(ex.c.id, ex.c.flow_id, fl.c.name).join(fl, fl.c.id == ex.c.flow_id).where(
                ex.c.contact_id == st.info.contact_id, ex.c.status == ExecutionStatus.ACTIVE, ex.c.flow_id != st.info.flow_id)
        ).all()
        wanted = None if spec == "all" else {str(x) for x in (spec if isinstance(spec, list) else [spec])}
        for eid, flow_id, name in rows:
            if wanted is not None and str(flow_id) not in wanted and name not in wanted:
                continue
            other = self.execs.get(eid)
            if other is not None:
                self.end_in_memory(other, ExecutionStatus.EXITED, "left")
            else:
                self.deferred_leave.append(eid)

    def _apply_effects(self, st: ExecState, t: LiveToken, step_id: str, result: StepResult) -> None:
        cid = st.info.contact_id
        self.prefetched.template_contacts.pop(cid, None)
        if result.contact_changes:
            contact = self.contacts[cid]
            contact.update(result.contact_changes)
            contact["updated_at"] = self.now
            self.dirty_contacts.add(cid)
        if result.tags_add or result.tags_remove:
            by = f"flow:{st.info.flow_name}/{step_id}"
            reason = f"step {step_id} of flow {st.info.flow_name!r}"
            for tag in result.tags_add or ():
                self.tags[cid].add(tag)
                self.tag_ops.append((cid, tag, "add", by, reason))
            for tag in result.tags_remove or ():
                self.tags[cid].discard(tag)
                self.tag_ops.append((cid, tag, "remove", by, reason))
        for msg in result.messages or ():
            status = msg.status
            # the outbox row's values in column order (see OUTBOX_INSERT); content is encoded at write
            self.outbox.append((st.info.id, st.info.flow_id, step_id, cid, msg.channel, msg.content,
                                f"{st.info.id}:{step_id}:{t.visit}", status,
                                self.now_db if status == OutboxStatus.QUEUED else None, msg.reason, self.now_db,
                                self.now_db if status in (OutboxStatus.SENT, OutboxStatus.SANDBOX) else None))
            if result.detail is not None:
                result.detail["outbox"] = len(self.outbox) - 1  # replaced by the row id when written

    def write(self) -> None:
        """Write everything the batch did with executemany (see :mod:`runtime.engine.batch_io`)."""
        from runtime.engine.batch_io import write_batch

        write_batch(self)
