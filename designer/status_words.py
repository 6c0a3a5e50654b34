"""The runtime's status words as the interface says them: "subscribed", "active", "held", "add".

Statuses, step outcomes and tag actions come from the runtime as machine words (they are also
the CLI's ``--json`` values); the views show them through :func:`status_word`. A word not listed
here (a provider's own status, say) is shown as it is.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from designer.i18n import current_language

__all__ = ["detail_key", "status_word", "tag_reason"]

# the reason the engine stores when a step tags a contact (runtime/engine/batch.py)
_BY_STEP = re.compile(r"^step (\S+) of flow '(.*)'$")

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


def tag_reason(reason: str | None) -> str:
    """Why a tag changed, as the interface says it ("step tag_lead of flow 'X'" translated; a
    reason an operator or an import wrote is theirs and stays as written)."""
    match = _BY_STEP.match(reason or "")
    if match is None:
        return reason or ""
    return QCoreApplication.translate("StatusWords", "step {step} of flow '{flow}'").format(
        step=match.group(1), flow=match.group(2))


_DETAIL_KEYS = {
    "channel": QT_TRANSLATE_NOOP("StatusWords", "channel"),
    "status": QT_TRANSLATE_NOOP("StatusWords", "status"),
    "reason": QT_TRANSLATE_NOOP("StatusWords", "reason"),
    "error": QT_TRANSLATE_NOOP("StatusWords", "error"),
    "event": QT_TRANSLATE_NOOP("StatusWords", "event"),
    "event_at": QT_TRANSLATE_NOOP("StatusWords", "event at"),
    "until": QT_TRANSLATE_NOOP("StatusWords", "until"),
    "added": QT_TRANSLATE_NOOP("StatusWords", "added"),
    "removed": QT_TRANSLATE_NOOP("StatusWords", "removed"),
    "outbox_id": QT_TRANSLATE_NOOP("StatusWords", "message no."),
    "port": QT_TRANSLATE_NOOP("StatusWords", "exit"),
}


def detail_key(key: str) -> str:
    """A key of a step's logged detail ("channel", "reason") as the interface names it (English
    shows the log's own keys, as the CLI prints them)."""
    known = _DETAIL_KEYS.get(key)
    return QCoreApplication.translate("StatusWords", known) if known and current_language() != "en" else key
