"""Service topic: the flow linter with what the project knows (other flows' keywords, contact fields)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.flow.states import FlowStatus
from runtime.service.core import ServiceCore

if TYPE_CHECKING:
    from runtime.flow.lint import LintContext
    from runtime.flow.model import Flow
    from runtime.flow.validate import ValidationReport

__all__ = ["LintService"]

# contact columns a template can read (the engine's CONTACT_COLUMNS minus the bookkeeping ones)
_COLUMNS = ("external_id", "email", "phone", "telegram_chat_id", "whatsapp", "push_subscriptions", "first_name",
            "last_name", "timezone", "birthday", "last_activity_at")
_ALWAYS = {"id", "created_at", "updated_at", "email_status", "sms_status", "telegram_status", "whatsapp_status",
           "push_status"}


class LintService(ServiceCore):
    """The linter's project-aware checks."""

    def lint_context(self, exclude_flow: int | str | None = None) -> LintContext:
        """Keywords of the active flows (but ``exclude_flow``), fields contacts have had, quiet hours."""
        from sqlalchemy import func, select

        from runtime.channels.settings import quiet_hours
        from runtime.flow.lint import LintContext
        from runtime.storage import flows_repo
        from runtime.storage.models import Contact, FlowRow

        with self.project.session() as session:
            skip = flows_repo.get_flow_row(session, exclude_flow).id if exclude_flow is not None else None
            keywords: dict[str, list[str]] = {}
            for row in session.execute(select(FlowRow).where(FlowRow.status == FlowStatus.ACTIVE)).scalars():
                if row.id == skip or row.current_version_id is None:
                    continue
                trigger = flows_repo.load_version(session, row.current_version_id).trigger or {}
                if trigger.get("type") == "message":
                    word = str(trigger.get("text", trigger.get("keyword")) or "").strip().lower()
                    if word:
                        keywords.setdefault(word, []).append(row.name)
            known: set[str] | None = None
            # with no contacts yet there is nothing to compare against: the check stays off
            if session.execute(select(func.count()).select_from(Contact)).scalar():
                known = set(_ALWAYS)
                for name in _COLUMNS:
                    column = getattr(Contact, name)
                    if session.execute(select(func.count()).select_from(Contact).where(column.isnot(None))).scalar():
                        known.add(name)
            for attrs in session.execute(select(Contact.attributes)).scalars().yield_per(2000):
                if isinstance(attrs, dict) and known is not None:
                    known.update(attrs)
            quiet = quiet_hours(session)
            window = quiet.get("sms", quiet.get("default"))
        return LintContext(keywords=keywords, known_fields=known,
                           quiet_hours=None if window in (None, "", "off") else str(window))

    def validate_in_project(self, flow: Flow, flow_ref: int | str | None = None) -> ValidationReport:
        """:meth:`validate` plus the linter's project checks (``flow_ref``: the flow being edited)."""
        from runtime.flow.validate import validate_flow

        return validate_flow(flow, self.lint_context(exclude_flow=flow_ref))
