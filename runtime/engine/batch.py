"""One batch of due tokens: load in bulk, run every step in memory, write everything at once.

A :class:`Batch` lives inside one write transaction. It loads the batch's executions,
contacts, tags, the events its conditions and waits look at and (when templates need them) the
trigger events, with one query each; runs each token's steps until the token waits or ends;
then writes tokens, step log, outbox rows, contact and tag changes, ended executions and
counters with executemany. Nothing is written per token.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from runtime.clock import ensure_utc
from runtime.engine.conditions import EvalContext, EventItem
from runtime.engine.context import ExecInfo, StepInput, StepResult, failed
from runtime.engine.counters import FLOW, CounterDeltas, exit_bucket
from runtime.engine.flowcache import CompiledFlow
from runtime.engine.steps_logic import HANDLERS as LOGIC_HANDLERS
from runtime.engine.steps_messages import HANDLERS as MESSAGE_HANDLERS
from runtime.storage.models import Contact, ContactTag, Event, Execution, Outbox, StepLog, Tag, TagLog, Token

HANDLERS: dict[str, Callable[[StepInput], StepResult]] = {**LOGIC_HANDLERS, **MESSAGE_HANDLERS}
# steps skipped (not run) when a flow's max_lateness is exceeded: they reach the outside world
SKIPPABLE = {"send_email", "send_sms", "send_telegram", "send_whatsapp", "send_push", "smart_send", "webhook",
             "notify_team"}
LATE_LOG_THRESHOLD = 1.0  # seconds; below this a step counts as on time (tick granularity)
_CONTACT_WRITE = ("email", "phone", "telegram_chat_id", "whatsapp", "first_name", "last_name", "timezone",
                  "birthday", "attributes", "email_status", "sms_status", "telegram_status", "whatsapp_status",
                  "push_status", "last_activity_at")
TOKEN_COLUMNS = ("id", "execution_id", "flow_id", "step_id", "state", "due_at", "visit", "wait_event", "wait_since",
                 "data")


class LiveToken:
    """A token in memory during a batch."""

    __slots__ = ("id", "execution_id", "flow_id", "step_id", "state", "due_at", "visit", "wait_event", "wait_since",
                 "data", "dirty", "failed_end", "outbox_ref")

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
            for k, v in kw.items():
                setattr(self, k, v)
            self.dirty = True
        self.failed_end = bool(self.data and self.data.get("ended") == "failed")
        self.outbox_ref: int | None = None

    @property
    def live(self) -> bool:
        return self.state in ("ready", "waiting")


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


def _chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


class Batch:
    """Run one claimed batch of tokens in the caller's transaction."""

    def __init__(self, session: Session, now: datetime, *, sandbox: bool, flow_names: dict[int, str],
                 version_lookup: Callable[[Session, int], CompiledFlow]) -> None:
        self.session = session
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
        self.logs: list[tuple[LiveToken, dict[str, Any]]] = []
        self.outbox: list[dict[str, Any]] = []
        self.dirty_contacts: set[int] = set()
        self.tag_ops: list[tuple[int, str, str, str, str | None]] = []  # contact, tag, add/remove, by, reason
        self.ended: list[ExecState] = []
        self.deferred_leave: list[int] = []  # execution ids outside the batch to end with reason 'left'
        self.steps_run = 0

    # -- loading ------------------------------------------------------------------------------
    def load(self, claimed: list[LiveToken]) -> None:
        s = self.session
        for tok in claimed:
            self.tokens[tok.id] = tok
        ex = Execution.__table__
        exec_ids = list(dict.fromkeys(t.execution_id for t in claimed))
        rows = []
        for chunk in _chunks(exec_ids):
            rows.extend(s.execute(
                select(ex.c.id, ex.c.flow_id, ex.c.version_id, ex.c.contact_id, ex.c.status, ex.c.entered_at,
                       ex.c.trigger_event_id).where(ex.c.id.in_(chunk))
            ).all())
        parallel: list[int] = []
        for eid, flow_id, version_id, contact_id, status, entered_at, trigger_id in rows:
            compiled = self.version_lookup(s, version_id)
            info = ExecInfo(eid, flow_id, self.flow_names.get(flow_id, str(flow_id)), version_id, contact_id,
                            ensure_utc(entered_at), trigger_id)
            state = ExecState(info, compiled, ended=status != "active")
            self.execs[eid] = state
            if compiled.parallel:
                parallel.append(eid)
        for tok in claimed:
            st = self.execs.get(tok.execution_id)
            if st is not None:
                st.tokens.append(tok)
        if parallel:
            tk = Token.__table__
            for chunk in _chunks(parallel):
                for row in s.execute(select(*[tk.c[c] for c in TOKEN_COLUMNS]).where(tk.c.execution_id.in_(chunk))):
                    if row[0] in self.tokens:
                        continue
                    tok = LiveToken(row)
                    self.tokens[tok.id] = tok
                    self.execs[tok.execution_id].tokens.append(tok)
            for eid in parallel:
                st = self.execs[eid]
                st.live = sum(1 for t in st.tokens if t.live)
        contact_ids = list(dict.fromkeys(st.info.contact_id for st in self.execs.values()))
        ct = Contact.__table__
        for chunk in _chunks(contact_ids):
            for row in s.execute(select(ct).where(ct.c.id.in_(chunk))):
                d = dict(row._mapping)
                if d.get("attributes") is None:
                    d["attributes"] = {}
                self.contacts[d["id"]] = d
        ctag, tag = ContactTag.__table__, Tag.__table__
        for chunk in _chunks(contact_ids):
            for cid, name in s.execute(
                select(ctag.c.contact_id, tag.c.name).join(tag, tag.c.id == ctag.c.tag_id).where(ctag.c.contact_id.in_(chunk))
            ):
                self.tags[cid].add(name)
        names: set[str] = set()
        uses_event = False
        for st in self.execs.values():
            names |= st.compiled.event_names
            if st.compiled.uses_messages:
                names.add("message")
            uses_event = uses_event or st.compiled.uses_event
        self.event_names = names
        if names:
            ev = Event.__table__
            for cid in contact_ids:
                self.events[cid] = {n: [] for n in names}
            for chunk in _chunks(contact_ids):
                for cid, name, at, props, eid in s.execute(
                    select(ev.c.contact_id, ev.c.name, ev.c.occurred_at, ev.c.properties, ev.c.id)
                    .where(ev.c.contact_id.in_(chunk), ev.c.name.in_(sorted(names)), ev.c.occurred_at <= self.now)
                    .order_by(ev.c.occurred_at, ev.c.id)
                ):
                    self.events[cid][name].append((ensure_utc(at), props or {}, eid))
        if uses_event:
            trig = [st.info.trigger_event_id for st in self.execs.values() if st.info.trigger_event_id]
            ev = Event.__table__
            for chunk in _chunks(list(dict.fromkeys(trig))):
                if chunk:
                    for eid, props in s.execute(select(ev.c.id, ev.c.properties).where(ev.c.id.in_(chunk))):
                        self.trigger_props[eid] = props or {}
            for st in self.execs.values():
                st.info.trigger_props = self.trigger_props.get(st.info.trigger_event_id or -1, {})

    def _event_loader(self, contact_id: int) -> Callable[[str], list[EventItem]]:
        def load(name: str) -> list[EventItem]:
            ev = Event.__table__
            rows = self.session.execute(
                select(ev.c.occurred_at, ev.c.properties, ev.c.id)
                .where(ev.c.contact_id == contact_id, ev.c.name == name, ev.c.occurred_at <= self.now)
                .order_by(ev.c.occurred_at, ev.c.id)
            ).all()
            return [(ensure_utc(r[0]), r[1] or {}, r[2]) for r in rows]

        return load

    # -- running ------------------------------------------------------------------------------
    def run(self, claimed: list[LiveToken]) -> None:
        for tok in claimed:
            st = self.execs.get(tok.execution_id)
            if st is None or st.ended or not tok.live:
                if tok.live:  # orphan of an ended execution: tidy up, never run
                    tok.state = "done"
                    tok.dirty = True
                continue
            late = (self.now - tok.due_at).total_seconds()
            queue = [(tok, tok.state == "waiting")]
            while queue:
                t, resumed = queue.pop(0)
                if st.ended:
                    break
                self._advance(st, t, resumed, late, queue)

    def _eval_context(self, st: ExecState) -> Callable[[], EvalContext]:
        cid = st.info.contact_id

        def make() -> EvalContext:
            return EvalContext(contact=self.contacts.get(cid, {"id": cid}), now=self.now, session=self.session,
                               entered_at=st.info.entered_at, event=st.info.trigger_props, tags=self.tags[cid],
                               events=self.events.setdefault(cid, {}), event_loader=self._event_loader(cid))

        return make

    def _advance(self, st: ExecState, t: LiveToken, resumed: bool, late: float,
                 queue: list[tuple[LiveToken, bool]]) -> None:
        compiled = st.compiled
        cid = st.info.contact_id
        contact = self.contacts.get(cid)
        while True:
            step = compiled.steps.get(t.step_id)
            if step is None or contact is None:
                result = failed("step missing from the flow version" if step is None else "contact deleted")
                step_type = step.type if step else "?"
            else:
                step_type = step.type
                if (not resumed and compiled.max_lateness is not None and step_type in SKIPPABLE
                        and late > compiled.max_lateness.total_seconds()):
                    result = StepResult(port="next", outcome="skipped",
                                        detail={"reason": "late beyond max_lateness", "late_seconds": round(late, 3)})
                else:
                    handler = HANDLERS.get(step_type)
                    if handler is None:
                        result = failed(f"unknown step type {step_type!r}")
                    else:
                        inp = StepInput(step=step, now=self.now, contact=contact, tags=self.tags[cid],
                                        execution=st.info, visit=t.visit, sandbox=self.sandbox,
                                        eval_context=self._eval_context(st), resumed=resumed,
                                        data=dict(t.data or {}) if resumed else {}, wait_since=t.wait_since,
                                        due_at=t.due_at, services=self)
                        try:
                            result = handler(inp)
                        except Exception as exc:  # noqa: BLE001 - a broken step fails its token, not the batch
                            result = failed(f"{type(exc).__name__}: {exc}")
            self.steps_run += 1
            self._apply_effects(st, t, step.id if step else t.step_id, result)
            self._log(st, t, result, late)
            if result.wait_until is not None:
                if not resumed:
                    t.wait_since = self.now
                t.state = "waiting"
                t.due_at = result.wait_until
                t.wait_event = result.wait_event
                t.data = dict(result.wait_data or {})
                t.dirty = True
                if result.wait_for_outbox:
                    t.outbox_ref = len(self.outbox) - 1
                return
            # the visit is over
            self.deltas.add(st.info.flow_id, t.step_id, "failed" if result.outcome == "failed" else "completed")
            self.deltas.add(st.info.flow_id, t.step_id, "waiting", -1)
            if result.end is not None:
                self._finish_token(st, t, failed_end=False)
                self.end_in_memory(st, *result.end)
                return
            if result.leave_flows is not None:
                self._leave_flows(st, result.leave_flows)
            targets = compiled.next_steps(t.step_id, result.port) if result.port else []
            if not targets and result.port == "failed":
                # an unconnected 'failed' port: the contact carries on along 'next' (the message is skipped)
                targets = compiled.next_steps(t.step_id, "next")
            if not targets:
                self._finish_token(st, t, failed_end=result.port == "failed")
                if st.live <= 0 and not st.ended:
                    bad = any(x.failed_end for x in st.tokens)
                    self.end_in_memory(st, "failed" if bad else "completed", "failed" if bad else "completed")
                return
            for target in targets[1:]:
                visit = max((x.visit for x in st.tokens), default=0) + 1
                nt = LiveToken(execution_id=st.info.id, flow_id=st.info.flow_id, step_id=target, state="ready",
                               due_at=self.now, visit=visit)
                st.tokens.append(nt)
                self.new_tokens.append(nt)
                st.live += 1
                self.deltas.add(st.info.flow_id, target, "entered")
                self.deltas.add(st.info.flow_id, target, "waiting")
                queue.append((nt, False))
            t.step_id = targets[0]
            t.state = "ready"
            t.due_at = self.now
            t.wait_event = None
            t.wait_since = None
            t.data = None
            t.dirty = True
            self.deltas.add(st.info.flow_id, t.step_id, "entered")
            self.deltas.add(st.info.flow_id, t.step_id, "waiting")
            resumed = False

    def _finish_token(self, st: ExecState, t: LiveToken, *, failed_end: bool) -> None:
        t.state = "done"
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
                tok.state = "done"
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
                ex.c.contact_id == st.info.contact_id, ex.c.status == "active", ex.c.flow_id != st.info.flow_id)
        ).all()
        wanted = None if spec == "all" else {str(x) for x in (spec if isinstance(spec, list) else [spec])}
        for eid, flow_id, name in rows:
            if wanted is not None and str(flow_id) not in wanted and name not in wanted:
                continue
            other = self.execs.get(eid)
            if other is not None:
                self.end_in_memory(other, "exited", "left")
            else:
                self.deferred_leave.append(eid)

    def _apply_effects(self, st: ExecState, t: LiveToken, step_id: str, result: StepResult) -> None:
        cid = st.info.contact_id
        if result.contact_changes:
            contact = self.contacts[cid]
            contact.update(result.contact_changes)
            contact["updated_at"] = self.now
            self.dirty_contacts.add(cid)
        if result.tags_add or result.tags_remove:
            by = f"flow:{st.info.flow_name}/{step_id}"
            reason = f"step {step_id} of flow {st.info.flow_name!r}"
            for tag in result.tags_add:
                self.tags[cid].add(tag)
                self.tag_ops.append((cid, tag, "add", by, reason))
            for tag in result.tags_remove:
                self.tags[cid].discard(tag)
                self.tag_ops.append((cid, tag, "remove", by, reason))
        for msg in result.messages:
            self.outbox.append({
                "execution_id": st.info.id, "flow_id": st.info.flow_id, "step_id": step_id, "contact_id": cid,
                "channel": msg.channel, "content": msg.content,
                "idempotency_key": f"{st.info.id}:{step_id}:{t.visit}", "status": msg.status, "attempts": 0,
                "next_attempt_at": self.now if msg.status == "queued" else None, "reason": msg.reason,
                "error": None, "provider_id": None, "created_at": self.now,
                "sent_at": self.now if msg.status == "sent" else None,
            })
            if result.detail is not None:
                result.detail["outbox"] = len(self.outbox) - 1  # replaced by the row id when written

    def _log(self, st: ExecState, t: LiveToken, result: StepResult, late: float) -> None:
        self.logs.append((t, {
            "execution_id": st.info.id, "flow_id": st.info.flow_id, "contact_id": st.info.contact_id,
            "step_id": t.step_id, "visit": t.visit, "at": self.now, "outcome": result.outcome, "port": result.port,
            "late_seconds": round(late, 3) if late >= LATE_LOG_THRESHOLD else None, "detail": result.detail,
        }))

    # -- writing ------------------------------------------------------------------------------
    def write(self) -> None:
        s = self.session
        outbox_ids: list[int] = []
        if self.outbox:
            ob = Outbox.__table__
            outbox_ids = [r[0] for r in s.execute(insert(ob).returning(ob.c.id, sort_by_parameter_order=True), self.outbox)]
            for tok in self.tokens.values():
                if tok.outbox_ref is not None:
                    tok.data = {**(tok.data or {}), "outbox_id": outbox_ids[tok.outbox_ref]}
            for tok in self.new_tokens:
                if tok.outbox_ref is not None:
                    tok.data = {**(tok.data or {}), "outbox_id": outbox_ids[tok.outbox_ref]}
        tk = Token.__table__
        if self.new_tokens:
            rows = [{c: getattr(t, c) for c in TOKEN_COLUMNS if c != "id"} for t in self.new_tokens]
            ids = [r[0] for r in s.execute(insert(tk).returning(tk.c.id, sort_by_parameter_order=True), rows)]
            for tok, tid in zip(self.new_tokens, ids):
                tok.id = tid
        changed = [t for t in self.tokens.values() if t.dirty]
        if changed:
            stmt = update(tk).where(tk.c.id == bindparam("_id")).values(
                step_id=bindparam("_step"), state=bindparam("_state"), due_at=bindparam("_due"),
                wait_event=bindparam("_we"), wait_since=bindparam("_ws"), data=bindparam("_data"))
            s.execute(stmt, [{"_id": t.id, "_step": t.step_id, "_state": t.state, "_due": t.due_at,
                              "_we": t.wait_event, "_ws": t.wait_since, "_data": t.data} for t in changed])
        if self.logs:
            rows = []
            for tok, row in self.logs:
                row["token_id"] = tok.id
                detail = row["detail"]
                if detail and "outbox" in detail:
                    detail["outbox_id"] = outbox_ids[detail.pop("outbox")]
                rows.append(row)
            s.execute(insert(StepLog.__table__), rows)
        if self.dirty_contacts:
            ct = Contact.__table__
            stmt = update(ct).where(ct.c.id == bindparam("_id")).values(
                updated_at=bindparam("_updated"), **{c: bindparam(f"_{c}") for c in _CONTACT_WRITE})
            s.execute(stmt, [{"_id": cid, "_updated": self.now,
                              **{f"_{c}": self.contacts[cid].get(c) for c in _CONTACT_WRITE}}
                             for cid in sorted(self.dirty_contacts)])
        if self.tag_ops:
            self._write_tags()
        if self.ended:
            ex = Execution.__table__
            stmt = update(ex).where(ex.c.id == bindparam("_id"), ex.c.status == "active").values(
                status=bindparam("_status"), ended_at=bindparam("_at"), exit_reason=bindparam("_reason"))
            s.execute(stmt, [{"_id": st.info.id, "_status": st.status, "_at": self.now, "_reason": st.reason}
                             for st in self.ended])
        self.deltas.flush(s)
        if self.deferred_leave:
            from runtime.clock import VirtualClock
            from runtime.engine.executions import end_executions

            end_executions(s, self.deferred_leave, "exited", "left", VirtualClock(self.now))

    def _write_tags(self) -> None:
        s = self.session
        tag = Tag.__table__
        names = sorted({op[1] for op in self.tag_ops})
        ids: dict[str, int] = {}
        for chunk in _chunks(names):
            ids.update({n: i for n, i in s.execute(select(tag.c.name, tag.c.id).where(tag.c.name.in_(chunk)))})
        missing = [n for n in names if n not in ids]
        if missing:
            s.execute(insert(tag), [{"name": n} for n in missing])
            for chunk in _chunks(missing):
                ids.update({n: i for n, i in s.execute(select(tag.c.name, tag.c.id).where(tag.c.name.in_(chunk)))})
        final: dict[tuple[int, str], str] = {}
        for cid, name, action, _by, _reason in self.tag_ops:
            final[(cid, name)] = action
        ctag = ContactTag.__table__
        adds = [{"contact_id": c, "tag_id": ids[n], "added_at": self.now} for (c, n), a in final.items() if a == "add"]
        removes = [{"_c": c, "_t": ids[n]} for (c, n), a in final.items() if a == "remove"]
        if adds:
            from runtime.engine.executions import _insert

            s.execute(_insert(s, ctag).on_conflict_do_nothing(), adds)
        if removes:
            s.execute(ctag.delete().where(ctag.c.contact_id == bindparam("_c"), ctag.c.tag_id == bindparam("_t")), removes)
        s.execute(insert(TagLog.__table__), [
            {"contact_id": c, "tag": n, "action": a, "at": self.now, "by": by, "reason": reason}
            for c, n, a, by, reason in self.tag_ops
        ])
