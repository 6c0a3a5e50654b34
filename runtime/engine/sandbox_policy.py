"""Delivery policy for sandbox sends inside the engine.

A sandbox run replaces only the provider call: quiet hours and frequency caps apply as they would
live. A send step in a sandbox run asks :class:`SandboxPolicy` whether the message would go out
now; if so the engine writes it as ``sandbox`` at once (the common case, no dispatcher round
trip); if it would be held or skipped, the step queues it like a live send and the dispatcher,
in sandbox mode, holds or skips it with the reason and later marks it ``sandbox``
(:meth:`runtime.channels.dispatcher.Dispatcher._triage`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from runtime.channels import policy
from runtime.flow.states import OutboxStatus

SANDBOX_COUNTED = (OutboxStatus.SENT, OutboxStatus.SANDBOX)  # what counts toward frequency caps in a sandbox run


class SandboxPolicy:
    """One batch's view of the project's delivery policy (settings read once)."""

    def __init__(self, session: Session, now: datetime, contact_ids: list[int] | None = None) -> None:
        self.now = now
        self.config = policy.PolicyConfig.load(session)
        self.ledger = policy.CapLedger(session, now, counted=SANDBOX_COUNTED)
        # the batch's recent sends are read (one query per 500 contacts) only when a cap can ask for
        # them: without caps (the default) deciding never looks at the history
        self._unloaded = list(contact_ids or ())
        if self.config.limits():
            self._preload()

    def _preload(self) -> None:
        ids, self._unloaded = self._unloaded, []
        if ids:
            self.ledger.preload(ids)  # the batch's contacts: deciding reads nothing more

    def sends_now(self, channel: str, content: dict[str, Any], contact: dict[str, Any]) -> bool:
        """Whether a live send would go out now (then it is counted toward the caps)."""
        if self._unloaded and content.get("flow_caps"):
            self._preload()  # a flow's own caps apply
        decision = policy.decide(self.config, self.ledger, channel, contact["id"], contact.get("timezone"), self.now,
                                 quiet_hours=content.get("quiet_hours"), cap=content.get("cap"),
                                 flow_quiet_hours=content.get("flow_quiet_hours"), flow_caps=content.get("flow_caps"))
        if decision.action != "send":
            return False
        self.ledger.note(contact["id"], channel)
        return True
