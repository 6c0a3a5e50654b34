"""Bulk input and output of a :class:`~runtime.engine.batch.Batch`: one query or executemany per kind.

Reading and writing go through the transaction's DBAPI connection (:mod:`runtime.storage.rawdb`),
with values converted exactly as the ORM stores them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from runtime.engine.batch import (
    _CONTACT_WRITE,
    CONTACT_COLUMNS,
    OUTBOX_INSERT,
    OUTBOX_KEY,
    TOKEN_SELECT,
    Batch,
    ExecState,
    LiveToken,
    _chunks,
)
from runtime.engine.flowcache import CompiledFlow
from runtime.flow.states import ExecutionStatus, TokenState
from runtime.steps.conditions import as_datetime
from runtime.steps.context import ExecInfo
from runtime.storage.rawdb import ints
from runtime.storage.report_batch import counted_insert
from runtime.storage.search_key import SEARCH_COLUMNS, search_key

ZERO = timedelta(0)
_DETAIL_CACHE: dict[tuple[Any, ...], Any] = {}


def detail_json(detail: dict[str, Any], encode: Callable[[Any], Any]) -> Any:
    """``encode(detail)`` as SQLite text, remembered for flat details that repeat ({"channel": "email", ...})."""
    try:
        key = tuple(detail.items())
        hit = _DETAIL_CACHE.get(key)
    except TypeError:  # a list or dict inside: not cacheable
        return encode(detail)
    if hit is None:
        hit = encode(detail)
        if len(_DETAIL_CACHE) < 4096:
            _DETAIL_CACHE[key] = hit
    return hit


_FLAT = (str, int, float, bool, type(None))
_ATTRS_CACHE: dict[Any, dict[str, Any]] = {}


def _attributes(text: Any) -> dict[str, Any]:
    """A contact's ``attributes`` JSON text decoded (SQLite). Imports give many contacts the same
    attributes: flat ones are decoded once and copied, so no two contacts share a dict."""
    if text is None or text == "{}":
        return {}
    hit = _ATTRS_CACHE.get(text)
    if hit is not None:
        return dict(hit)
    value = json.loads(text) if isinstance(text, (str, bytes)) else text
    if not value:
        return {}
    if isinstance(value, dict) and all(isinstance(v, _FLAT) for v in value.values()):
        if len(_ATTRS_CACHE) >= 4096:
            _ATTRS_CACHE.clear()
        _ATTRS_CACHE[text] = value
        return dict(value)
    return dict(value)


def load_batch(batch: Batch, claimed: list[LiveToken]) -> None:
    """Bulk-load what the claimed tokens need: executions, their tokens when branches run in parallel,
    contacts, tags, the events conditions and waits look at, trigger events for templates, and
    what the handlers of the batch's step types read (:func:`_prefetch`)."""
    for tok in claimed:
        batch.tokens[tok.id] = tok
    _load_executions(batch, claimed)
    contact_ids = list(dict.fromkeys(st.info.contact_id for st in batch.execs.values()))
    readers = _contacts_read(batch, claimed)
    _load_contacts(batch, [cid for cid in contact_ids if cid in readers])
    for cid in contact_ids:
        if cid not in readers:
            # every claimed token of this contact's executions parks at a plain wait, which reads
            # nothing of the contact; it exists (its execution and token would be gone with it:
            # ON DELETE CASCADE, checked in this transaction)
            batch.contacts[cid] = {"id": cid}
    _load_events(batch, contact_ids)
    _prefetch(batch, contact_ids)


def _contacts_read(batch: Batch, claimed: list[LiveToken]) -> set[int]:
    """The contacts whose columns and tags a step of the batch may read: all but those whose every
    claimed token is a new arrival (ready, not resumed) at a plain wait of positive length in a
    version without parallel branches or joins (it only parks: one log row, one token update).
    Entering contacts at a flow's first wait is the common case this spares a read of."""
    needed: set[int] = set()
    for tok in claimed:
        st = batch.execs.get(tok.execution_id)
        if st is None or st.info.contact_id in needed:
            continue
        compiled = st.compiled
        wait = compiled.simple_waits.get(tok.step_id)
        if (wait is None or wait <= ZERO or tok.state != TokenState.READY or compiled.parallel or compiled.joins
                or tok.step_id not in compiled.steps):
            needed.add(st.info.contact_id)
    return needed


def _load_executions(batch: Batch, claimed: list[LiveToken]) -> None:
    """The claimed tokens' executions, with every live token of those that branch in parallel."""
    db = batch.db
    exec_ids = list(dict.fromkeys(t.execution_id for t in claimed))
    parallel: list[int] = []
    versions: dict[int, CompiledFlow] = {}
    for chunk in _chunks(exec_ids):
        for eid, flow_id, version_id, contact_id, status, entered_at, trigger_id in db.fetch(
            "SELECT id, flow_id, version_id, contact_id, status, entered_at, trigger_event_id "
            f"FROM executions WHERE id IN ({ints(chunk)})"
        ):
            compiled = versions.get(version_id)
            if compiled is None:
                compiled = versions[version_id] = batch.version_lookup(batch.session, version_id)
            info = ExecInfo(eid, flow_id, batch.flow_names.get(flow_id, str(flow_id)), version_id, contact_id,
                            db.rdt_set(entered_at), trigger_id, delivery=compiled.delivery)
            batch.execs[eid] = ExecState(info, compiled, ended=status != ExecutionStatus.ACTIVE)
            if compiled.parallel:
                parallel.append(eid)
    for tok in claimed:
        st = batch.execs.get(tok.execution_id)
        if st is not None:
            st.tokens.append(tok)
    if not parallel:
        return
    for chunk in _chunks(parallel):
        for row in db.fetch(f"SELECT {TOKEN_SELECT} FROM tokens WHERE execution_id IN ({ints(chunk)})"):
            if row[0] in batch.tokens:
                continue
            tok = LiveToken.from_row(row, db)
            batch.tokens[tok.id] = tok
            batch.execs[tok.execution_id].tokens.append(tok)
    for eid in parallel:
        st = batch.execs[eid]
        st.live = sum(1 for t in st.tokens if t.live)


def _load_contacts(batch: Batch, contact_ids: list[int]) -> None:
    """The contacts' columns (``attributes`` and push subscriptions decoded) and their tags."""
    db = batch.db
    cols = CONTACT_COLUMNS
    rdt = db.rdt
    contacts = batch.contacts
    attributes = _attributes if db.sqlite else (lambda v: db.rj(v) or {})
    for chunk in _chunks(contact_ids):
        for row in db.fetch(f"SELECT {', '.join(cols)} FROM contacts WHERE id IN ({ints(chunk)})"):
            d = dict(zip(cols, row, strict=True))
            d["attributes"] = attributes(d["attributes"])
            subs = d["push_subscriptions"]
            d["push_subscriptions"] = ([] if subs is None or subs == "[]" else db.rj(subs) or [])
            d["created_at"] = rdt(d["created_at"])
            d["updated_at"] = rdt(d["updated_at"])
            last = d["last_activity_at"]
            if last is not None:
                d["last_activity_at"] = rdt(last)
            contacts[d["id"]] = d
    for chunk in _chunks(contact_ids):
        for cid, name in db.fetch(
            "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
            f"WHERE ct.contact_id IN ({ints(chunk)})"
        ):
            batch.tags[cid].add(name)


def _load_events(batch: Batch, contact_ids: list[int]) -> None:
    """Every event (up to now) the batch's conditions and waits look at, and the trigger events
    whose properties templates read: conditions never ask the database for more."""
    db = batch.db
    names: set[str] = set()
    uses_event = False
    for st in batch.execs.values():
        names |= st.compiled.event_names
        if st.compiled.uses_messages:
            names.add("message")
        uses_event = uses_event or st.compiled.uses_event
    batch.event_names = names
    if names:
        for cid in contact_ids:
            batch.events[cid] = {n: [] for n in names}
        params = {f"n{i}": n for i, n in enumerate(sorted(names))}
        params["now"] = db.dt(batch.now)
        in_names = ", ".join(f":{k}" for k in params if k != "now")
        for chunk in _chunks(contact_ids):
            for cid, name, at, props, eid in db.fetch(
                "SELECT contact_id, name, occurred_at, properties, id FROM events "
                f"WHERE contact_id IN ({ints(chunk)}) AND name IN ({in_names}) AND occurred_at <= :now "
                "ORDER BY occurred_at, id", params
            ):
                batch.events[cid][name].append((db.rdt_set(at), db.rj(props) or {}, eid))
    if uses_event:
        trig = list(dict.fromkeys(st.info.trigger_event_id for st in batch.execs.values() if st.info.trigger_event_id))
        for chunk in _chunks(trig):
            if chunk:
                for eid, props in db.fetch(f"SELECT id, properties FROM events WHERE id IN ({ints(chunk)})"):
                    batch.trigger_props[eid] = db.rj(props) or {}
        for st in batch.execs.values():
            st.info.trigger_props = batch.trigger_props.get(st.info.trigger_event_id or -1, {})


def _prefetch(batch: Batch, contact_ids: list[int]) -> None:
    """What the batch's handlers read besides contacts, tags and events, as their types declare
    (``StepType.prefetch``): the sandbox's send policy over the contacts' recent sends,
    smart_send's channel history, the project's phone region for update_contact."""
    versions = {id(st.compiled): st.compiled for st in batch.execs.values()}
    wanted = frozenset(part for compiled in versions.values() for part in compiled.prefetch)
    if not wanted:
        return
    pre = batch.prefetched
    if "send_policy" in wanted and batch.sandbox:
        from runtime.engine.sandbox_policy import SandboxPolicy

        pre.send_policy = SandboxPolicy(batch.session, batch.now, contact_ids)
    if "channel_history" in wanted:
        from runtime.channels.ranking import load_history

        ranked = [st.info.contact_id for st in batch.execs.values() if "channel_history" in st.compiled.prefetch]
        pre.channel_history = load_history(batch.session, ranked, batch.now)
    if "default_region" in wanted:
        from runtime.contacts.fields import normalize_field
        from runtime.contacts.settings import default_region

        region = default_region(batch.session)
        pre.normalize_field = lambda name, value, today: normalize_field(name, value, region, today)


def write_batch(batch: Batch) -> None:
    """Write outbox rows, new and changed tokens, the step log, contact and tag changes, ended
    executions and counters, each with one executemany, in the batch's transaction."""
    db = batch.db
    now = db.dt(batch.now)
    outbox_ids = _write_outbox(batch) if batch.outbox else []
    _write_tokens(batch)
    if batch.logs:
        _write_log(batch, outbox_ids)
    if batch.dirty_contacts:
        _write_contacts(batch, now)
    if batch.tag_ops:
        _write_tags(batch)
    if batch.ended:
        db.many("UPDATE executions SET status = ?, ended_at = ?, exit_reason = ? WHERE id = ? AND status = 'active'",
                [(st.status, now, st.reason, st.info.id) for st in batch.ended])
    if batch.deferred_leave:
        from runtime.clock import VirtualClock
        from runtime.engine.executions import end_executions

        # before the counters: every writer takes counter rows last, in one sorted upsert
        end_executions(batch.session, batch.deferred_leave, ExecutionStatus.EXITED, "left", VirtualClock(batch.now),
                       deltas=batch.deltas)
    batch.deltas.flush_raw(db)


def _write_outbox(batch: Batch) -> list[int]:
    """Insert the outbox rows; returns their ids by position where a token waits for its message
    (0 elsewhere), and gives those tokens the id."""
    db = batch.db
    outbox = batch.outbox
    rows = [(*r[:5], db.j(r[5]), *r[6:]) for r in outbox]
    counted_insert(db, "outbox", lambda: db.many(OUTBOX_INSERT, rows))
    # ids are needed only where a token waits for its message (real mode); the step log
    # names the row by its idempotency key, which is unique too
    needed = {t.outbox_ref for t in (*batch.tokens.values(), *batch.new_tokens) if t.outbox_ref is not None}
    outbox_ids = [0] * len(outbox)
    if needed:
        keys = {outbox[i][OUTBOX_KEY]: i for i in sorted(needed)}
        key_list = list(keys)
        for start in range(0, len(key_list), 500):
            part = key_list[start : start + 500]
            for key, oid in db.fetch(
                f"SELECT idempotency_key, id FROM outbox WHERE idempotency_key IN ({', '.join('?' * len(part))})",
                part,
            ):
                outbox_ids[keys[key]] = oid
        for tok in (*batch.tokens.values(), *batch.new_tokens):
            if tok.outbox_ref is not None:
                tok.data = {**(tok.data or {}), "outbox_id": outbox_ids[tok.outbox_ref]}
    return outbox_ids


def _write_tokens(batch: Batch) -> None:
    """Insert new tokens (each learns its id) and update the changed ones in one executemany."""
    db = batch.db
    j, dt = db.j, db.dt
    for tok in batch.new_tokens:
        tok.id = db.insert_returning_id(
            "INSERT INTO tokens (execution_id, flow_id, step_id, state, due_at, visit, wait_event, wait_since, data) "
            "VALUES (:e, :f, :s, :st, :d, :v, :we, :ws, :data)",
            {"e": tok.execution_id, "f": tok.flow_id, "s": tok.step_id, "st": tok.state, "d": dt(tok.due_at),
             "v": tok.visit, "we": tok.wait_event, "ws": dt(tok.wait_since), "data": j(tok.data)})
    changed = [t for t in batch.tokens.values() if t.dirty]
    if changed:
        # a batch's tokens share a handful of due times: convert each once
        times: dict[Any, Any] = {None: None}

        def when(value: Any) -> Any:
            hit = times.get(value, times)
            if hit is times:
                hit = times[value] = dt(value)
            return hit

        db.many(
            "UPDATE tokens SET step_id = ?, state = ?, due_at = ?, wait_event = ?, wait_since = ?, data = ? WHERE id = ?",
            [(t.step_id, t.state, when(t.due_at), t.wait_event, when(t.wait_since),
              None if t.data is None else j(t.data), t.id) for t in changed])


def _write_log(batch: Batch, outbox_ids: list[int]) -> None:
    """The step log, with the ids of new tokens and outbox rows filled in."""
    db = batch.db
    j = db.j
    rows = batch.logs
    encode: Callable[[Any], Any] = (lambda d: detail_json(d, j)) if db.sqlite else j
    for index, tok in batch.log_fixups:
        row = rows[index]
        detail = row[10]
        if detail and "outbox" in detail:
            # the row's key is "{execution}:{step}:{visit}", all in this log row already
            oi = detail.pop("outbox")
            if outbox_ids[oi]:
                detail["outbox_id"] = outbox_ids[oi]
        rows[index] = (row[0], tok.id, *row[2:10], encode(detail) if detail else None)
    counted_insert(db, "step_log", lambda: db.many(
        "INSERT INTO step_log (execution_id, token_id, flow_id, contact_id, step_id, visit, at, outcome, port, "
        "late_seconds, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows))


def _write_contacts(batch: Batch, now: Any) -> None:
    """The changed contacts' columns (and their search key: names may have changed)."""
    db = batch.db
    j, dt = db.j, db.dt
    sets = ", ".join(f"{c} = :{c}" for c in _CONTACT_WRITE)
    crow = []
    for cid in sorted(batch.dirty_contacts):
        c = batch.contacts[cid]
        values = {col: c.get(col) for col in _CONTACT_WRITE}
        values["attributes"] = j(values["attributes"] or {})
        values["last_activity_at"] = dt(as_datetime(values["last_activity_at"]))
        values["timezone"] = values["timezone"] or "UTC"
        values["id"] = cid
        values["updated_at"] = now
        values["search_key"] = search_key(*(c.get(col) for col in SEARCH_COLUMNS))  # names may have changed
        crow.append(values)
    db.many(f"UPDATE contacts SET {sets}, updated_at = :updated_at, search_key = :search_key WHERE id = :id",
            crow)


def _write_tags(batch: Batch) -> None:
    db = batch.db
    names = sorted({op[1] for op in batch.tag_ops})
    params = {f"t{i}": n for i, n in enumerate(names)}
    in_names = ", ".join(f":{k}" for k in params)
    ids = dict(db.fetch(f"SELECT name, id FROM tags WHERE name IN ({in_names})", params))
    missing = [n for n in names if n not in ids]
    if missing:
        db.many("INSERT INTO tags (name) VALUES (:name) ON CONFLICT DO NOTHING", [{"name": n} for n in missing])
        ids = dict(db.fetch(f"SELECT name, id FROM tags WHERE name IN ({in_names})", params))
    final: dict[tuple[int, str], str] = {}
    for cid, name, action, _by, _reason in batch.tag_ops:
        final[(cid, name)] = action
    now = db.dt(batch.now)
    db.many("INSERT INTO contact_tags (contact_id, tag_id, added_at) VALUES (:c, :t, :at) ON CONFLICT DO NOTHING",
            [{"c": c, "t": ids[n], "at": now} for (c, n), a in final.items() if a == "add"])
    db.many("DELETE FROM contact_tags WHERE contact_id = :c AND tag_id = :t",
            [{"c": c, "t": ids[n]} for (c, n), a in final.items() if a == "remove"])
    db.many("INSERT INTO tag_log (contact_id, tag, action, at, by, reason) VALUES (:c, :t, :a, :at, :by, :r)",
            [{"c": c, "t": n, "a": a, "at": now, "by": by, "r": reason} for c, n, a, by, reason in batch.tag_ops])
