"""Moving flows through their lifecycle and entering contacts by hand, as service methods.

The state machine itself lives in :mod:`runtime.engine.lifecycle`; these methods run one move
(or one manual entry) in one transaction, record who did it, and notify the listeners.
"""

from __future__ import annotations

from typing import Any

from runtime.errors import FlowCanvasError, NotFoundError
from runtime.flow.states import FLOW_ACTIONS, FlowStatus
from runtime.service.core import ServiceCore
from runtime.service.types import ChangeSet

LIFECYCLE_ACTIONS = tuple(FLOW_ACTIONS)


class LifecycleService(ServiceCore):
    """Flow status changes and manual entries of ProjectService (see the module docstring)."""

    def change_status(self, flow_id: int | str, action: str, actor: str = "operator") -> dict[str, Any]:
        """Run one lifecycle ``action`` (see :data:`LIFECYCLE_ACTIONS`) on a flow:
        ``{"flow", "id", "previous", "status"}`` plus ``published_version_id`` and ``version_id``
        (activate) or ``executions_ended`` (terminate, archive). An invalid move raises
        FlowCanvasError naming the flow and both states, and changes nothing."""
        from runtime.engine import lifecycle

        with self._write() as session:
            row = self._row(session, flow_id)
            previous = row.status
            outcome = lifecycle.ACTIONS[action](session, row, self.clock, actor=actor)
            result: dict[str, Any] = {"flow": row.name, "id": row.id, "previous": previous, "status": row.status}
            if action == "activate":
                result["published_version_id"] = outcome
                result["version_id"] = row.current_version_id
            elif action in ("terminate", "archive"):
                result["executions_ended"] = outcome
        self.notify(ChangeSet("flow_status", (result["id"],), {"action": action, "status": result["status"]}))
        return result

    def enter_contacts(self, flow_id: int | str, external_ids: list[str]) -> dict[str, Any]:
        """Enter contacts into an active flow by hand: ``{"flow", "entered": [ids], "skipped":
        [{"contact", "reason"}]}``; each contact the entry rules admit enters, the others are skipped
        with the reason. An unknown contact id or a flow that is not active changes nothing."""
        from sqlalchemy import select

        from runtime.engine.admission import Admission
        from runtime.engine.entry import published_flow
        from runtime.storage.models import Contact

        entered: list[str] = []
        skipped: list[dict[str, str]] = []
        clock = self.clock
        with self._write() as session:
            row = self._row(session, flow_id)
            ids: dict[str, int] = dict(session.execute(
                select(Contact.external_id, Contact.id).where(Contact.external_id.in_(external_ids))).tuples().all())
            missing = [c for c in external_ids if c not in ids]
            if missing:
                raise NotFoundError(f"{self.label}: no contact with id {', '.join(repr(m) for m in missing)}")
            if row.status != FlowStatus.ACTIVE:
                raise FlowCanvasError(f"flow {row.name!r} is {row.status}: only an active flow takes contacts")
            flow_def = published_flow(session, row)
            if flow_def is None:
                raise FlowCanvasError(f"flow {row.name!r} has no published version: activate it first")
            # the batched entry path: rules judged for all of them, entries written together
            admission = Admission(session, clock, [row.id], ids.values())
            offered = []
            for external_id in dict.fromkeys(external_ids):
                ok, why = admission.offer(row, flow_def, ids[external_id])
                if ok:
                    offered.append(external_id)
                else:
                    skipped.append({"contact": external_id, "reason": why})
            written = admission.flush()
            for external_id in offered:
                if (row.id, ids[external_id]) in written:
                    entered.append(external_id)
                else:
                    skipped.append({"contact": external_id, "reason": "already inside"})
            name, row_id = row.name, row.id
        if entered:
            self.notify(ChangeSet("project", (row_id,), {"action": "enter", "entered": len(entered)}))
        return {"flow": name, "entered": entered, "skipped": skipped}
