"""Counted nouns in the interface's language: "5 errors", "5 ошибок", "1 contact", "2 контакта".

Qt's ``%n`` plural forms (``tr(text, "", n)``) choose the form in a translation; English shows
"1 error" / "5 errors" with a thousands separator as before (there is no English catalogue).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from designer.i18n import current_language

__all__ = ["counted"]


# word -> (its plural in English, the translated "%n word(s)"); each text literal for lupdate
_WORDS: dict[str, tuple[str, Callable[[int], str]]] = {
    "error": ("errors", lambda n: QCoreApplication.translate("Counts", "%n error(s)", "", n)),
    "warning": ("warnings", lambda n: QCoreApplication.translate("Counts", "%n warning(s)", "", n)),
    "contact": ("contacts", lambda n: QCoreApplication.translate("Counts", "%n contact(s)", "", n)),
    "waiting contact": ("waiting contacts",
                        lambda n: QCoreApplication.translate("Counts", "%n waiting contact(s)", "", n)),
    "attempt": ("attempts", lambda n: QCoreApplication.translate("Counts", "%n attempt(s)", "", n)),
    "message": ("messages", lambda n: QCoreApplication.translate("Counts", "%n message(s)", "", n)),
    "step": ("steps", lambda n: QCoreApplication.translate("Counts", "%n step(s)", "", n)),
}


def counted(n: int, word: str) -> str:
    """``n`` and ``word`` in the plural form ``n`` needs (an unknown word: English rules)."""
    plural, translated = _WORDS.get(word, (word + "s", lambda _n: ""))
    if current_language() == "en" or word not in _WORDS:
        return f"{n:,} {word if n == 1 else plural}"
    return translated(n)
