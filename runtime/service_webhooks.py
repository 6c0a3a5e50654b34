"""Webhook review for the designer: what a held flow calls, and approving it (see runtime.channels.webhook_review)."""

from __future__ import annotations

from typing import Any

from runtime.service_types import ChangeSet
from runtime.channels.webhook_review import WebhookReview

__all__ = ["WebhookReview", "WebhookServiceMixin"]


class WebhookServiceMixin:
    """``ProjectService`` methods for reviewing and approving the webhooks of imported flows."""

    project: Any

    def webhook_review(self, flow_id: int | str) -> WebhookReview:
        """The webhook URLs of a flow, which still wait for approval, and the approved hosts."""
        from runtime.channels.webhook_review import webhook_review

        with self.project.session() as session:
            return webhook_review(session, self._row(session, flow_id))  # type: ignore[attr-defined]

    def approve_webhooks(self, flow_id: int | str, hosts: list[str] | None = None, by: str = "designer") -> WebhookReview:
        """Approve the flow's webhook URLs as they are now (and add ``hosts`` to the approved host list)."""
        from runtime.engine.lifecycle import audit_action
        from runtime.channels.webhook_review import approve_webhooks

        clock = self.clock  # type: ignore[attr-defined]
        with self._write() as session:  # type: ignore[attr-defined]
            row = self._row(session, flow_id)  # type: ignore[attr-defined]
            review = approve_webhooks(session, row, list(hosts or []), by, clock.now())
            audit_action(session, clock, by, "flow.approve_webhooks", row, urls=review.urls, hosts=list(hosts or []))
        self.notify(ChangeSet("flow_status", (review.flow_id,), {"action": "approve_webhooks"}))  # type: ignore[attr-defined]
        return review
