"""A problem's plain sentence in the runtime's language (:mod:`runtime.i18n`).

:func:`runtime.flow.wording.for_people` writes the sentence in English, keeping the names it puts
in (step labels, settings labels, ports: already in the right language) apart as :class:`Pieces`.
:func:`in_language` then looks the sentence up in the catalogue with every value taken out: the
pieces, quoted values ('P30D', "entry"), numbers, identifiers (``contact.first_name``,
``rules[1]``) and template code become ``{0}``, ``{1}`` ... so one catalogue entry covers every
flow ("{0}: rule {1} has no field chosen"). A sentence the catalogue lacks is translated part by
part (the parts between ": "), and a part the catalogue lacks stays as written.

The catalogue entries are the sentences and parts in :mod:`runtime.flow.problem_phrases`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable

from runtime.i18n import current_language, gettext

__all__ = ["Pieces", "in_language", "say", "skeleton"]

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: never in a message
_VALUE = re.compile(
    _OPEN + r"\d+" + _CLOSE  # a piece
    + r"|\b\d{4}-\d\d-\d\d(?: \d\d:\d\d)?|\b\d\d:\d\d(?:-\d\d:\d\d)?\b"  # moments and time windows
    + r"|\b[A-Z][A-Za-z]+/[A-Za-z_/]+"  # time zones: Europe/Moscow
    + r"|\{\{.*?\}\}|\{%.*?%\}"  # template code
    + r"|(?<![\w'])'[^'\n]*'(?:, '[^'\n]*')*(?!\w)"  # quoted values, a list of them as one
    + r"|(?<![\w\"])\"[^\"\n]*\"(?:, \"[^\"\n]*\")*(?!\w)"
    + r"|(?<![\w.])[A-Za-z_]\w+(?:\.[A-Za-z_]\w+|\[\d+\])+(?![\w.])"  # paths: contact.city, rules[1]
    + r"|\b[A-Za-z]\w*_\w*\b"  # identifiers: lm_silent, is_set
    + r"|(?<![\w.])[-+]?\d+(?:\.\d+)?(?![\w.])"  # numbers
)
_PIECE = re.compile(_OPEN + r"(\d+)" + _CLOSE)
_SEPARATOR = ": "


class Pieces:
    """Names put into a sentence, each standing in it as a mark until the sentence is translated."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._keys: dict[Hashable, str] = {}

    def add(self, text: str, key: Hashable | None = None) -> str:
        """The mark standing for ``text`` (the same mark for the same ``key``)."""
        if key is not None and key in self._keys:
            return self._keys[key]
        mark = f"{_OPEN}{len(self.texts)}{_CLOSE}"
        self.texts.append(text)
        if key is not None:
            self._keys[key] = mark
        return mark

    def fill(self, text: str) -> str:
        """``text`` with every mark replaced by its name."""
        return _PIECE.sub(lambda m: self.texts[int(m.group(1))], text)


def skeleton(text: str) -> tuple[str, list[str]]:
    """``text`` with its values taken out: the catalogue key (``{0}`` for each value, braces
    doubled) and the values in order."""
    values: list[str] = []
    out: list[str] = []
    last = 0
    for match in _VALUE.finditer(text):
        out.append(text[last:match.start()].replace("{", "{{").replace("}", "}}"))
        out.append(f"{{{len(values)}}}")
        values.append(match.group(0))
        last = match.end()
    out.append(text[last:].replace("{", "{{").replace("}", "}}"))
    return "".join(out), values


def _translated(text: str) -> str | None:
    """``text`` from the catalogue with its values put back, None when the catalogue lacks it."""
    key, values = skeleton(text)
    found = gettext(key)
    if found == key:
        return None
    try:
        return found.format(*values)
    except (IndexError, KeyError, ValueError):
        return None  # a broken translation must not lose the message


def _parts(text: str) -> list[str]:
    """``text`` split at ": " outside quoted values, pieces and brackets ("(its ports: yes, no)")."""
    inside = [m.span() for m in _VALUE.finditer(text)]
    parts, start = [], 0
    for found in re.finditer(re.escape(_SEPARATOR), text):
        before = text[:found.start()]
        bracketed = before.count("(") > before.count(")") or before.count("[") > before.count("]")
        if not bracketed and not any(a <= found.start() < b for a, b in inside):
            parts.append(text[start:found.start()])
            start = found.end()
    parts.append(text[start:])
    return parts


def in_language(text: str, pieces: Pieces) -> str:
    """The sentence ``text`` (with the marks of ``pieces``) in the runtime's language."""
    if current_language() == "en":
        return pieces.fill(text)
    whole = _translated(text)
    if whole is not None:
        return pieces.fill(whole)
    return pieces.fill(_SEPARATOR.join(_translated(part) or part for part in _parts(text)))


def say(text: str | None) -> str | None:
    """A sentence the runtime stored in English (an outbox row's reason: "frequency cap 1 per day
    across channels reached: delayed until 2026-12-07 09:00 UTC") in the runtime's language."""
    return in_language(text, Pieces()) if text else text
