"""Finding contacts the way an operator types: an id, an email, a phone number or a name."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from runtime.contacts.phones import normalize_phone
from runtime.contacts.settings import default_region
from runtime.errors import InputError
from runtime.storage.models import Contact
from runtime.storage.search_key import fold

MAX_RESULTS = 50


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape ``\\``) matching ``text`` anywhere in a casefolded search key."""
    folded = fold(text.strip())
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find_contacts(session: Session, query: str, limit: int = MAX_RESULTS) -> list[dict[str, Any]]:
    """Contacts matching ``query``: exact matches on id, email or phone first, then partial ones.

    Partial matching looks at the external id, email, first and last name (case-insensitive for
    every script: the stored ``search_key`` is casefolded) and,
    when the query holds at least four digits, at phone numbers containing those digits. Each
    hit is ``{"id", "name", "email", "phone", "telegram_chat_id"}``.
    """
    text = (query or "").strip()
    if not text:
        return []
    phones = {text}
    try:  # "8 916 123-45-67" is +79161234567 in a Russian project: match the stored E.164 form
        phones.add(normalize_phone(text, default_region(session)))
    except (InputError, ValueError):
        pass
    exact = session.execute(
        select(Contact).where(or_(Contact.external_id == text, func.lower(Contact.email) == text.lower(),
                                  Contact.phone.in_(phones), Contact.telegram_chat_id == text)).limit(limit)
    ).scalars().all()
    # search_key is casefolded in Python on write: Cyrillic, Greek, ... match in any case on any database
    partial = [Contact.search_key.like(like_pattern(text), escape="\\")]
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 4:
        partial.append(Contact.phone.like(f"%{digits}%"))
    more = session.execute(
        select(Contact).where(or_(*partial)).order_by(Contact.external_id).limit(limit)
    ).scalars().all()
    seen: dict[int, Contact] = {}
    for contact in [*exact, *more]:
        seen.setdefault(contact.id, contact)
    return [
        {"id": c.external_id, "name": " ".join(p for p in (c.first_name, c.last_name) if p),
         "email": c.email, "phone": c.phone, "telegram_chat_id": c.telegram_chat_id}
        for c in list(seen.values())[:limit]
    ]
