"""The casefolded search text of a contact, kept in ``contacts.search_key`` on every write.

SQLite's ``lower()`` and ``LIKE`` fold ASCII letters only, and PostgreSQL's ``lower()`` under
the C locale does the same, so "светлана" never matched "Светлана". The runtime instead stores
Python's ``str.casefold()`` of the fields an operator searches (external id, email, names,
phone, Telegram chat) and searches that column with a casefolded pattern: the same on both
databases, whatever their locale.

ORM writes keep the column current through mapper events (see ``runtime.storage.models``);
Core bulk writes (imports, the demo) pass :func:`search_key` themselves or call
:func:`refresh_search_keys` for the rows they updated.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

#: Contact columns the search text is made of, in this order.
SEARCH_COLUMNS = ("external_id", "email", "first_name", "last_name", "phone", "telegram_chat_id")


def search_key(external_id: Any, email: Any = None, first_name: Any = None, last_name: Any = None,
               phone: Any = None, telegram_chat_id: Any = None) -> str:
    """The casefolded search text: one field per line, the full name on a line of its own."""
    full = " ".join(part for part in (first_name, last_name) if part)
    parts = (external_id, email, first_name, last_name, full, phone, telegram_chat_id)
    return "\n".join(str(part) for part in parts if part).casefold()


def fold(text: str) -> str:
    """``text`` folded the way :func:`search_key` folds (for building a LIKE pattern)."""
    return text.casefold()


def refresh_search_keys(conn: Connection, contact_ids: Iterable[int] | None = None) -> int:
    """Recompute ``search_key`` for ``contact_ids`` (None: every contact lacking one); the count."""
    from runtime.storage.models import Contact  # models import this module for their mapper events

    table = Contact.__table__
    columns = [table.c.id, *(table.c[name] for name in SEARCH_COLUMNS)]
    if contact_ids is None:
        chunks: Iterable[Any] = [select(*columns).where(table.c.search_key.is_(None))]
    else:
        ids = sorted(set(contact_ids))
        chunks = [select(*columns).where(table.c.id.in_(ids[i : i + 500])) for i in range(0, len(ids), 500)]
    statement = update(table).where(table.c.id == bindparam("b_id")).values(search_key=bindparam("b_key"))
    done = 0
    for query in chunks:
        rows = [{"b_id": row[0], "b_key": search_key(*row[1:])} for row in conn.execute(query)]
        if rows:
            conn.execute(statement, rows)
            done += len(rows)
    return done
