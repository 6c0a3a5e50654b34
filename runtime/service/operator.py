"""Contacts and operator actions, as :class:`runtime.service.ProjectService` methods.

Find a contact, read everything about it (the ``flowcanvas contacts show`` document), list the
contacts stuck at a step, and fix them by hand (move to another step, end the execution). Every
operator action is one transaction that keeps counters consistent and writes an audit row.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from runtime.service.core import ServiceCore
from runtime.service.types import ContactDetails


class OperatorService(ServiceCore):
    """Contact and operator methods of ProjectService (see the module docstring)."""

    def find_contacts(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Contacts matching an id, email, phone or name (exact matches first):
        ``[{"id", "name", "email", "phone", "telegram_chat_id"}]``."""
        from runtime.contacts.search import find_contacts

        with self.project.session() as session:
            return find_contacts(session, query, limit)

    def contact_details(self, external_id: str) -> ContactDetails:
        """Fields, attributes, tags and their history, channel status, executions, recent steps and
        events of one contact (NotFoundError naming it)."""
        from runtime.contacts.lookup import contact_details, get_contact

        with self.project.session() as session:
            return ContactDetails.from_json(contact_details(session, get_contact(session, external_id)))

    def stuck_contacts(self, flow_id: int | str, step_id: str, hours: float = 24.0,
                       limit: int = 1000) -> list[dict[str, Any]]:
        """Contacts standing at ``step_id`` of a flow for longer than ``hours``, longest first
        (see :func:`runtime.engine.operator.stuck_contacts`)."""
        from runtime.engine.operator import stuck_contacts
        from runtime.storage import flows_repo

        clock = self.clock
        with self.project.session() as session:
            row = flows_repo.get_flow_row(session, flow_id)
            return stuck_contacts(session, row.id, step_id, timedelta(hours=max(0.0, hours)), clock, limit=limit)

    def move_to_step(self, execution_id: int, to_step: str, from_step: str | None = None,
                     reason: str = "", actor: str = "operator") -> dict[str, Any]:
        """Move a contact's position in a flow to ``to_step`` (audited; counters stay consistent)."""
        from runtime.engine.operator import move_to_step

        return self._operator(execution_id, "move_to_step", lambda s, c: move_to_step(
            s, execution_id, to_step, c, from_step=from_step, actor=actor, reason=reason))

    def end_execution(self, execution_id: int, reason: str = "", actor: str = "operator") -> dict[str, Any]:
        """Take a contact out of a flow now (status exited, reason operator; audited)."""
        from runtime.engine.operator import end_by_operator

        return self._operator(execution_id, "end_execution", lambda s, c: end_by_operator(
            s, execution_id, c, actor=actor, reason=reason))

    def execution_steps(self, execution_id: int) -> list[dict[str, Any]]:
        """Steps of the flow version an execution runs: ``[{"id", "type", "name", "title"}]``."""
        from runtime.engine.operator import execution_steps

        with self.project.session() as session:
            return execution_steps(session, execution_id)

    def audit_log(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest operator actions, newest first."""
        from runtime.engine.operator import audit_entries

        with self.project.session() as session:
            return audit_entries(session, limit)

    def _operator(self, execution_id: int, action: str, run: Any) -> dict[str, Any]:
        """Run ``run(session, clock)`` in one write transaction, then tell the listeners."""
        from runtime.service import ChangeSet
        from runtime.storage.models import Execution

        clock = self.clock
        with self.project.write() as session:
            result: dict[str, Any] = run(session, clock)
            execution = session.get(Execution, execution_id)
            flow_ids = (execution.flow_id,) if execution is not None else ()
        self.notify(ChangeSet("project", flow_ids, {"action": action, **result}))
        return result
