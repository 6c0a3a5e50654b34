"""Service topic: comparing a flow's versions (the CLI's ``flow diff`` and the designer's diff view)."""

from __future__ import annotations

from typing import Any

from runtime.errors import NotFoundError
from runtime.service.core import ServiceCore

__all__ = ["VersionService"]


class VersionService(ServiceCore):
    """Versions of a flow side by side."""

    def version_numbers(self, ref: int | str) -> list[int]:
        """The published version numbers of flow ``ref``, oldest first."""
        from sqlalchemy import select

        from runtime.storage import flows_repo
        from runtime.storage.models import FlowVersion

        with self.project.session() as session:
            row = flows_repo.get_flow_row(session, ref)
            return list(session.execute(select(FlowVersion.version).where(FlowVersion.flow_id == row.id)
                                        .order_by(FlowVersion.version)).scalars())

    def version_flow(self, ref: int | str, version: int | str) -> Any:
        """The :class:`Flow` of published ``version`` of flow ``ref`` (``"draft"``: the draft)."""
        from sqlalchemy import select

        from runtime.storage import flows_repo
        from runtime.storage.models import FlowVersion

        with self.project.session() as session:
            row = flows_repo.get_flow_row(session, ref)
            if str(version) == "draft":
                return flows_repo.draft_flow(row)
            try:
                number = int(version)
            except (TypeError, ValueError):
                raise NotFoundError(f"flow {row.name!r}: a version is a number or 'draft', not {version!r}") from None
            vid = session.execute(select(FlowVersion.id).where(FlowVersion.flow_id == row.id,
                                                               FlowVersion.version == number)).scalar()
            if vid is None:
                known = session.execute(select(FlowVersion.version).where(FlowVersion.flow_id == row.id)
                                        .order_by(FlowVersion.version)).scalars().all()
                raise NotFoundError(f"flow {row.name!r} has no version {number} "
                                    f"(versions: {', '.join(map(str, known)) or 'none published'})")
            return flows_repo.load_version(session, vid)

    def diff_versions(self, ref: int | str, old: int | str, new: int | str) -> dict[str, Any]:
        """What changed from version ``old`` to ``new`` of flow ``ref`` (see :mod:`runtime.flow.diff`)."""
        from runtime.flow.diff import diff_flows

        result = diff_flows(self.version_flow(ref, old), self.version_flow(ref, new))
        return {"flow": str(ref), "from": old, "to": new, **result}

    def publish_impact(self, ref: int | str, draft: Any = None) -> dict[str, Any]:
        """What publishing the draft (or ``draft``) of flow ``ref`` does to contacts already inside."""
        from runtime.engine.version_impact import publish_impact
        from runtime.storage import flows_repo

        with self.project.session() as session:
            row = flows_repo.get_flow_row(session, ref)
            return publish_impact(session, row, draft if draft is not None else flows_repo.draft_flow(row))

    def publish_migrating(self, ref: int | str) -> dict[str, int]:
        """Publish the draft and move waiting contacts onto it where their step still exists.

        Returns ``{"version": number, "migrated": executions moved}``."""
        from runtime.engine.version_impact import migrate_waiting
        from runtime.service.types import ChangeSet
        from runtime.storage import flows_repo

        with self._write() as session:
            row = self._row(session, ref)
            version = flows_repo.publish(session, row, self.clock)
            moved = migrate_waiting(session, row, version.id)
            number, row_id = version.version, row.id
        self.notify(ChangeSet("flow_published", (row_id,), {"version": number, "migrated": moved}))
        return {"version": number, "migrated": moved}
