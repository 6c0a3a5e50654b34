"""Limits on what a flow file may contain: sizes, and ids a reviewer can read.

A step id is shown in logs, stats and review diffs; a right-to-left override, a zero-width space
or a newline in it makes two different ids look the same (or one id look like another), so ids
must be printable text. Sizes are capped so that one careless paste (a 60 MB description) cannot
bloat every project the flow is imported into.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "MAX_DESCRIPTION_CHARS",
    "MAX_FLOW_FILE_BYTES",
    "MAX_ID_CHARS",
    "MAX_NAME_CHARS",
    "MAX_PROPS_BYTES",
    "unreadable_text_problem",
]

#: the largest flow file accepted (the biggest preset is a few kilobytes)
MAX_FLOW_FILE_BYTES = 2_000_000
#: the longest flow description
MAX_DESCRIPTION_CHARS = 10_000
#: the longest step id
MAX_ID_CHARS = 100
#: the longest flow name
MAX_NAME_CHARS = 200
#: the largest event properties object, as JSON
MAX_PROPS_BYTES = 64_000

# Unicode categories that do not print: controls (newline, tab), format characters (bidi
# overrides, zero-width space/joiners, BOM), surrogates, private use, unassigned, line and
# paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def unreadable_text_problem(text: str, what: str, max_chars: int) -> str | None:
    """Why ``text`` cannot serve as ``what`` (an id or a name), or None when it is fine."""
    if len(text) > max_chars:
        return f"{what} is {len(text)} characters long; the limit is {max_chars}"
    for index, char in enumerate(text):
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            return (f"{what} contains an invisible or control character ({name}, U+{ord(char):04X}) "
                    f"at position {index + 1}; use printable characters only")
    if text != text.strip():
        return f"{what} starts or ends with a space"
    return None
