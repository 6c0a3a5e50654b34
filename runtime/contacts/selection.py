"""Choosing contacts to look at or act on: by ids, by a condition, at a step, or by a filter.

The tag editor's bulk add/remove, ``flowcanvas tags add|remove`` and the contacts browser all
pick contacts the same way:

- a list of external ids (typed, pasted or read from a CSV): unknown ids are an error naming
  them, and nothing changes;
- a condition in the flow condition syntax (``{"tag": "vip"}``, ``{"field": "city", "op": "=",
  "value": "Москва"}``, ...), evaluated by the engine's own evaluator (a ``Matcher`` the caller
  passes in: this package sits below the engine);
- the contacts standing at a step of a flow now (what a step's count on the canvas counts);
- a :class:`ContactFilter` (tag, field condition, channel status, flow and step, free text),
  browsed a page at a time with the total count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session

from runtime.contacts.lookup import contact_ids
from runtime.contacts.normalize import CHANNEL_STATUSES
from runtime.contacts.search import like_pattern
from runtime.errors import InputError, NotFoundError
from runtime.flow.states import ExecutionStatus, TokenState
from runtime.storage.models import CHANNELS, Contact, ContactTag, Execution, Tag, Token

STATUSES = CHANNEL_STATUSES
PAGE = 50
#: (session, condition, among ids) -> the ids matching the condition
Matcher = Callable[[Session, dict[str, Any], list[int]], Iterable[int]]


def ids_for_external(session: Session, external_ids: list[str]) -> list[int]:
    """Contact ids of ``external_ids`` (NotFoundError naming up to five unknown ones)."""
    wanted = list(dict.fromkeys(x.strip() for x in external_ids if x and x.strip()))
    found = contact_ids(session, wanted)
    missing = [x for x in wanted if x not in found]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise NotFoundError("no such contact: " + ", ".join(repr(x) for x in missing[:5]) + more)
    return [found[x] for x in wanted]


def ids_from_csv_text(text: str, source: str = "CSV") -> list[str]:
    """External ids from CSV text: the ``id`` column when the first line names one, else column 1.

    InputError naming the line for a row without an id.
    """
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(f"{source}: empty file: expected contact ids, one per line")
    header = [cell.strip().lower() for cell in rows[0]]
    column, first = (header.index("id"), 1) if "id" in header else (0, 0)
    out = []
    for line, row in enumerate(rows[first:], start=first + 1):
        if not "".join(row).strip():
            continue
        if column >= len(row) or not row[column].strip():
            raise InputError(f"{source}: line {line}: no contact id")
        out.append(row[column].strip())
    return out


def ids_at_step(session: Session, flow_id: int, step_id: str) -> list[int]:
    """Ids of the contacts whose active execution of ``flow_id`` stands at ``step_id`` now."""
    return sorted(set(session.execute(
        select(Execution.contact_id).join(Token, Token.execution_id == Execution.id)
        .where(Execution.flow_id == flow_id, Execution.status == ExecutionStatus.ACTIVE, Token.step_id == step_id,
               Token.state != TokenState.DONE)
    ).scalars()))


@dataclass
class ContactFilter:
    """What the contacts browser shows; empty parts do not filter.

    ``where`` is a condition in the flow syntax (a field test, for example), evaluated after the
    other parts narrowed the set in SQL.
    """

    text: str = ""
    tag: str = ""
    channel: str = ""
    status: str = ""
    flow: int | str | None = None
    step: str = ""
    where: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ContactFilter:
        """A filter from a plain dict (the designer and CLI pass these); unknown keys are refused."""
        data = dict(data or {})
        known = {"text", "tag", "channel", "status", "flow", "step", "where"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(f"unknown contact filter {', '.join(unknown)} (use {', '.join(sorted(known))})")
        return cls(**data)


def _filtered(session: Session, spec: ContactFilter) -> Select[Any]:
    query = select(Contact.id)
    if spec.text.strip():
        query = query.where(Contact.search_key.like(like_pattern(spec.text), escape="\\"))
    if spec.tag.strip():
        query = query.where(exists().where(
            ContactTag.contact_id == Contact.id, ContactTag.tag_id == Tag.id, Tag.name == spec.tag.strip()))
    if spec.channel or spec.status:
        if spec.channel not in CHANNELS:
            raise InputError(f"unknown channel {spec.channel!r} (use {', '.join(CHANNELS)})")
        if spec.status not in STATUSES:
            raise InputError(f"unknown channel status {spec.status!r} (use {', '.join(STATUSES)})")
        query = query.where(getattr(Contact, f"{spec.channel}_status") == spec.status)
    if spec.flow not in (None, ""):
        from runtime.storage import flows_repo

        flow_id = flows_repo.get_flow_row(session, spec.flow).id
        inside = and_(Execution.contact_id == Contact.id, Execution.flow_id == flow_id,
                      Execution.status == ExecutionStatus.ACTIVE)
        if spec.step:
            query = query.where(exists().where(inside, Token.execution_id == Execution.id,
                                               Token.step_id == spec.step, Token.state != TokenState.DONE))
        else:
            query = query.where(exists().where(inside))
    elif spec.step:
        raise InputError("a step filter needs a flow")
    return query


def filtered_ids(session: Session, spec: ContactFilter, matcher: Matcher) -> list[int]:
    """Ids of every contact the filter lets through, in external id order."""
    ids = list(session.execute(
        _filtered(session, spec).order_by(Contact.external_id)).scalars())
    if spec.where:
        keep = set(matcher(session, spec.where, ids))
        ids = [cid for cid in ids if cid in keep]
    return ids


def browse(session: Session, spec: ContactFilter, matcher: Matcher, offset: int = 0,
           limit: int = PAGE) -> dict[str, Any]:
    """One page of contacts through the filter: ``{"total", "offset", "rows": [...]}``.

    Each row: id, name, email, phone, telegram_chat_id, channels (status per channel), tags.
    """
    offset, limit = max(0, offset), max(1, min(limit, 1000))
    if spec.where:
        ids = filtered_ids(session, spec, matcher)
        total, page_ids = len(ids), ids[offset : offset + limit]
    else:
        base = _filtered(session, spec)
        total = session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        page_ids = list(session.execute(base.order_by(Contact.external_id).offset(offset).limit(limit)).scalars())
    contacts = {c.id: c for c in session.execute(select(Contact).where(Contact.id.in_(page_ids))).scalars()}
    tags: dict[int, list[str]] = {cid: [] for cid in page_ids}
    for cid, name in session.execute(
        select(ContactTag.contact_id, Tag.name).join(Tag, Tag.id == ContactTag.tag_id)
        .where(ContactTag.contact_id.in_(page_ids)).order_by(Tag.name)
    ):
        tags[cid].append(name)
    rows = []
    for cid in page_ids:
        c = contacts[cid]
        rows.append({
            "id": c.external_id, "name": " ".join(p for p in (c.first_name, c.last_name) if p),
            "email": c.email, "phone": c.phone, "telegram_chat_id": c.telegram_chat_id,
            "channels": {ch: getattr(c, f"{ch}_status") for ch in CHANNELS}, "tags": tags[cid],
        })
    return {"total": int(total), "offset": offset, "rows": rows}

