"""Live operations, as :class:`runtime.service.ProjectService` methods: the canvas overlay's counts,
who runs the project, and the stuck-contact inspector with its operator actions.

Every operator action is one write transaction that keeps the counters consistent, writes an
audit row with who and why, and tells the listeners what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runtime.service.core import ServiceCore
from runtime.service.types import FlowStats

if TYPE_CHECKING:
    pass


class LiveService(ServiceCore):
    """Live counts, the runner's holder and the stuck-contact inspector (see the module docstring)."""

    def live_counts(self, flow_id: int | str) -> FlowStats:
        """``flow_stats`` plus ``edges`` (step id -> port -> contacts who left through it): the
        canvas overlay's numbers, read from the counters in one short transaction."""
        from runtime.reports.stats import edge_counts, flow_stats

        with self.project.session() as session:
            row = self._row(session, flow_id)
            stats = flow_stats(session, row.id)
            stats["edges"] = edge_counts(session, row.id)
            return FlowStats.from_json(stats)

    # -- stuck-contact inspector --------------------------------------------------------------

    def stuck_report(self, flow_id: int | str, step_id: str | None = None) -> dict[str, Any]:
        """Stuck contacts of a flow (or one step) with reasons, grouped by step and reason
        (see :func:`runtime.engine.stuck.stuck_report`)."""
        from runtime.engine.stuck import stuck_report

        clock = self.clock
        with self.project.session() as session:
            row = self._row(session, flow_id)
            return stuck_report(session, row.id, clock, step_id=step_id)

    def step_contacts(self, flow_id: int | str, step_id: str, which: str, limit: int = 500) -> list[dict[str, Any]]:
        """The contacts behind one count of a step card (entered, waiting, completed, failed)."""
        from runtime.engine.stuck import step_contacts

        clock = self.clock
        with self.project.session() as session:
            row = self._row(session, flow_id)
            return step_contacts(session, row.id, step_id, which, clock, limit=limit)

    def operator_action(self, action: str, execution_ids: list[int], *, reason: str = "", to_step: str | None = None,
                        actor: str = "operator") -> list[dict[str, Any]]:
        """One operator action on a selection of contacts, in one transaction (all or nothing).

        ``action``: ``move`` (to ``to_step``), ``remove`` (end the execution), ``reenter`` (start
        over from the first step, even after the execution ended; a reason is required),
        ``retry_send`` (the last message again) or ``clear_tags``. Each contact gets its own
        audit row with ``actor`` and ``reason``; an error names the contact and changes nothing.
        """
        from runtime.engine import operator
        from runtime.errors import InputError
        from runtime.service.types import ChangeSet
        from runtime.storage.models import Execution

        def run(session: Any, execution_id: int, clock: Any) -> dict[str, Any]:
            if action == "move":
                if not to_step:
                    raise InputError("say which step to move the contacts to")
                return operator.move_to_step(session, execution_id, to_step, clock, actor=actor, reason=reason)
            if action == "remove":
                return operator.end_by_operator(session, execution_id, clock, actor=actor, reason=reason)
            if action == "reenter":
                return operator.reenter(session, execution_id, clock, actor=actor, reason=reason)
            if action == "retry_send":
                return operator.retry_send(session, execution_id, clock, actor=actor, reason=reason)
            if action == "clear_tags":
                execution = session.get(Execution, execution_id)
                if execution is None:
                    raise InputError(f"execution {execution_id} does not exist")
                return operator.clear_tags(session, execution.contact_id, clock, actor=actor, reason=reason)
            raise InputError(f"unknown operator action {action!r} (move, remove, reenter, retry_send, clear_tags)")

        if not execution_ids:
            return []
        clock = self.clock
        flows: set[int] = set()
        with self.project.write() as session:
            results = []
            for execution_id in dict.fromkeys(execution_ids):
                results.append(run(session, execution_id, clock))
                execution = session.get(Execution, execution_id)
                if execution is not None:
                    flows.add(execution.flow_id)
        self.notify(ChangeSet("project", tuple(sorted(flows)), {"action": action, "count": len(results)}))
        return results
