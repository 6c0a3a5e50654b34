"""The runtime's status words as the interface says them: "subscribed", "active", "held", "add".

Statuses, step outcomes and tag actions come from the runtime as machine words (they are also
the CLI's ``--json`` values); the views show them through :func:`status_word`. A word not listed
here (a provider's own status, say) is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = ["status_word"]

_WORDS = {
    # channel subscription
    "subscribed": QT_TRANSLATE_NOOP("StatusWords", "subscribed"),
    "unsubscribed": QT_TRANSLATE_NOOP("StatusWords", "unsubscribed"),
    "blocked": QT_TRANSLATE_NOOP("StatusWords", "blocked"),
    "bounced": QT_TRANSLATE_NOOP("StatusWords", "bounced"),
    "complained": QT_TRANSLATE_NOOP("StatusWords", "complained"),
    "inactive": QT_TRANSLATE_NOOP("StatusWords", "inactive"),
    # a contact's run through a flow
    "active": QT_TRANSLATE_NOOP("StatusWords", "active"),
    "completed": QT_TRANSLATE_NOOP("StatusWords", "completed"),
    "exited": QT_TRANSLATE_NOOP("StatusWords", "exited"),
    "failed": QT_TRANSLATE_NOOP("StatusWords", "failed"),
    "terminated": QT_TRANSLATE_NOOP("StatusWords", "terminated"),
    # a step's outcome
    "waiting": QT_TRANSLATE_NOOP("StatusWords", "waiting"),
    "held": QT_TRANSLATE_NOOP("StatusWords", "held"),
    "skipped": QT_TRANSLATE_NOOP("StatusWords", "skipped"),
    "moved": QT_TRANSLATE_NOOP("StatusWords", "moved"),
    "sent": QT_TRANSLATE_NOOP("StatusWords", "sent"),
    "queued": QT_TRANSLATE_NOOP("StatusWords", "queued"),
    "sandbox": QT_TRANSLATE_NOOP("StatusWords", "sandbox"),
    # tag history and exit reasons
    "add": QT_TRANSLATE_NOOP("StatusWords", "add"),
    "remove": QT_TRANSLATE_NOOP("StatusWords", "remove"),
    "goal": QT_TRANSLATE_NOOP("StatusWords", "goal"),
    "import": QT_TRANSLATE_NOOP("StatusWords", "import"),
    "operator": QT_TRANSLATE_NOOP("StatusWords", "operator"),
}


def status_word(word: str | None) -> str:
    """``word`` in the interface's language ("" for None; an unknown word unchanged)."""
    if not word:
        return ""
    known = _WORDS.get(word)
    return QCoreApplication.translate("StatusWords", known) if known else word
