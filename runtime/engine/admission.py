"""Admission: the one batched path by which contacts enter flows (events, tags, dates, segments, by hand).

A pass that decides many entries (the trigger pass over a batch of events or tag changes, a date
or segment run, ``flow add``) offers each candidate to an :class:`Admission`. The entry rules
(the same as :func:`runtime.engine.entry.may_enter`) are judged set-wise: the flow-wide ones
(active flow, entry switch, window) once per flow, the per-contact ones (already inside, repeat,
cooldown, exclude) against the history of the whole batch, loaded with one query per 500
contacts; entries admitted earlier in the pass count for later decisions
exactly as if each had been written at once. Admitted entries are written together by
:func:`runtime.engine.executions.write_entries` (executions, first tokens, counters: one
statement or one executemany per table) when the pass flushes, in the pass's transaction.

A pass must :meth:`Admission.flush` before it looks at a contact's executions again (a goal
event for a contact admitted earlier in the same batch): :meth:`Admission.pending_for` says when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from runtime.clock import Clock, ensure_utc
from runtime.engine.counters import CounterDeltas
from runtime.engine.entry import EntryHistory, contact_refused, flow_closed
from runtime.engine.executions import Entry, version_of, write_entries
from runtime.flow.model import Flow
from runtime.storage.models import FlowRow


class Admission:
    """Entry decisions of one pass, written in bulk.

    ``deltas`` (optional) collects the counter changes for the caller to write once at the end
    of its transaction; without it each :meth:`flush` writes its own.
    """

    def __init__(self, session: Session, clock: Clock, flow_ids: Iterable[int] = (), contact_ids: Iterable[int] = (),
                 *, history: EntryHistory | None = None, deltas: CounterDeltas | None = None) -> None:
        self.session = session
        self.clock = clock
        self.now: datetime = ensure_utc(clock.now())
        # the history of the batch's (flow, contact) pairs: given, or loaded here
        self.history = history if history is not None else EntryHistory.load(
            session, sorted(set(flow_ids)), sorted(set(contact_ids)))
        self.deltas = deltas
        self.entered = 0  # executions written so far
        self._pending: list[Entry] = []
        self._pending_contacts: set[int] = set()
        self._flows: dict[int, tuple[str, int | None]] = {}  # flow id -> (why closed, version)

    def offer(self, flow_row: FlowRow, flow_def: Flow, contact_id: int, *, trigger_event_id: int | None = None
              ) -> tuple[bool, str]:
        """Admit ``contact_id`` into ``flow_row`` if the entry rules allow; ``(admitted, reason)``."""
        known = self._flows.get(flow_row.id)
        if known is None:
            # the flow-wide rules (status, entry switch, window) once per flow and pass
            closed = flow_closed(flow_row, flow_def, self.now)
            known = self._flows[flow_row.id] = (closed, None if closed else version_of(flow_row))
        closed, version = known
        reason = closed or contact_refused(self.session, flow_row, flow_def, contact_id, self.now,
                                           history=self.history)
        if reason or version is None:
            return False, reason
        self._pending.append(Entry(flow_row.id, version, contact_id, trigger_event_id))
        self._pending_contacts.add(contact_id)
        self.history.entered(flow_row.id, contact_id)
        return True, ""

    def pending_for(self, contact_id: int) -> bool:
        """Whether an admitted entry of ``contact_id`` is not written yet."""
        return contact_id in self._pending_contacts

    def flush(self) -> dict[tuple[int, int], int]:
        """Write the admitted entries; ``{(flow id, contact id): execution id}`` of those written."""
        if not self._pending:
            return {}
        written = write_entries(self.session, self._pending, self.clock, self.deltas)
        self._pending = []
        self._pending_contacts = set()
        self.entered += len(written)
        return written


def admit(session: Session, clock: Clock, flow_row: FlowRow, flow_def: Flow, contact_ids: Iterable[int],
          *, deltas: CounterDeltas | None = None) -> int:
    """Enter every contact of ``contact_ids`` the entry rules admit into ``flow_row``; how many entered."""
    ids = sorted(dict.fromkeys(int(c) for c in contact_ids))
    admission = Admission(session, clock, [flow_row.id], ids, deltas=deltas)
    for contact_id in ids:
        admission.offer(flow_row, flow_def, contact_id)
    admission.flush()
    return admission.entered
