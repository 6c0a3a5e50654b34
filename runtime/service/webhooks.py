"""Webhook review as service methods: what a held flow calls, and approving it.

The rules live in :mod:`runtime.channels.webhook_review`: a flow imported from a file is held
until its webhook URLs are approved, and URLs whose host comes from contact data go only to
approved hosts. The designer's approval dialog and ``flowcanvas flow approve`` both call these.
"""

from __future__ import annotations

from runtime.channels.webhook_review import WebhookReview
from runtime.service.core import ServiceCore
from runtime.service.types import ChangeSet

__all__ = ["WebhookReview", "WebhookService"]


class WebhookService(ServiceCore):
    """Review and approval of the webhooks of imported flows (see the module docstring)."""

    def webhook_review(self, flow_id: int | str) -> WebhookReview:
        """The webhook URLs of a flow, which still wait for approval, and the approved hosts."""
        from runtime.channels.webhook_review import webhook_review

        with self.project.session() as session:
            return webhook_review(session, self._row(session, flow_id))

    def approve_webhooks(self, flow_id: int | str, hosts: list[str] | None = None,
                         by: str = "designer") -> WebhookReview:
        """Approve the flow's webhook URLs as they are now (and add ``hosts`` to the approved host list)."""
        from runtime.channels.webhook_review import approve_webhooks
        from runtime.engine.lifecycle import audit_action

        clock = self.clock
        with self._write() as session:
            row = self._row(session, flow_id)
            review = approve_webhooks(session, row, list(hosts or []), by, clock.now())
            audit_action(session, clock, by, "flow.approve_webhooks", row, urls=review.urls, hosts=list(hosts or []))
        self.notify(ChangeSet("flow_status", (review.flow_id,), {"action": "approve_webhooks"}))
        return review
