"""Regular expressions from flow files, matched with a time limit.

A keyword trigger or a message condition may carry a pattern like ``(a+)+$`` that backtracks
for minutes on a crafted message; with Python's ``re`` that stalls the runtime. The ``regex``
package takes a timeout: a match that runs out of time counts as no match.
"""

from __future__ import annotations

import regex

__all__ = ["MAX_TEXT_CHARS", "TIMEOUT_SECONDS", "search"]

#: seconds one match may take (ordinary patterns take microseconds)
TIMEOUT_SECONDS = 0.05
#: only the start of a very long message is searched
MAX_TEXT_CHARS = 20_000


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` occurs in ``text`` (case-insensitive); False on a bad pattern or a timeout."""
    try:
        return regex.search(pattern, text[:MAX_TEXT_CHARS], regex.IGNORECASE, timeout=TIMEOUT_SECONDS) is not None
    except (regex.error, TimeoutError, RecursionError, ValueError, TypeError):
        return False
