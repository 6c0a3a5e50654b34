"""Reading a project for the screens: metrics, outbox, simulations and picker data.

These are :class:`runtime.service.ProjectService` methods; they only read (or, for simulate and
rehearse, work on a throw-away copy), so they never notify change listeners.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from runtime.service.core import ServiceCore
from runtime.service.types import ContactBrief, FlowStats, OutboxRow


class ReportService(ServiceCore):
    """Read-only methods of ProjectService (see the module docstring)."""

    def flow_stats(self, flow_id: int | str) -> FlowStats:
        """Flow and per-step metrics (``flowcanvas stats --json`` prints their ``to_json()``); every
        step of the draft is listed, at zero when nobody reached it yet."""
        from runtime.engine.flowcache import flow_from_text
        from runtime.reports.stats import flow_stats

        with self.project.session() as session:
            row = self._row(session, flow_id)
            try:
                step_ids = [s.id for s in flow_from_text(row.draft, row.name).steps]
            except Exception:  # noqa: BLE001 - a broken draft still has counters to show
                step_ids = []
            return FlowStats.from_json(flow_stats(session, row.id, step_ids))

    def entries_per_day(self, flow_id: int | str, days: int = 14) -> list[tuple[Any, int]]:
        """Contacts who entered the flow on each of the last ``days`` UTC days, oldest first.

        ``[(datetime.date, count), ...]`` with every day present (zeros included), for the
        designer's entries chart.
        """
        from datetime import timedelta

        from sqlalchemy import select

        from runtime.storage.models import Execution

        today = self.clock.now().date()
        first = today - timedelta(days=max(1, days) - 1)
        counts = {first + timedelta(days=i): 0 for i in range(max(1, days))}
        with self.project.session() as session:
            row = self._row(session, flow_id)
            since = datetime(first.year, first.month, first.day, tzinfo=self.clock.now().tzinfo)
            stmt = select(Execution.entered_at).where(Execution.flow_id == row.id, Execution.entered_at >= since)
            for (entered_at,) in session.execute(stmt):
                day = entered_at.date()
                if day in counts:
                    counts[day] += 1
        return sorted(counts.items())

    def outbox(self, flow_id: int | str | None = None, status: str | None = None,
               limit: int | None = None) -> list[OutboxRow]:
        """Outbox messages, oldest first (of one flow / one status when given)."""
        from runtime.reports.outbox_view import outbox_rows

        with self.project.session() as session:
            fid = self._row(session, flow_id).id if flow_id is not None else None
            return [OutboxRow(**row) for row in outbox_rows(session, fid, status=status, limit=limit)]

    def simulate(self, flow_id: int | str, contact_external_id: str,
                 events: list[dict[str, Any]] | None = None, *, events_file: str | None = None,
                 days: int | None = None, trigger_props: dict[str, Any] | None = None) -> dict[str, Any]:
        """One contact's path through a flow on a throw-away copy (``flowcanvas simulate --json``).

        Events come as dicts or from a JSONL ``events_file`` (bad lines named by number); ``days``
        bounds the simulated time (at least 1; default: the simulator's horizon); ``trigger_props``
        are the properties of the trigger event the contact enters with."""
        from datetime import timedelta

        from runtime.clock import VirtualClock
        from runtime.rehearsal.simulate import DEFAULT_HORIZON, read_events_file, simulate

        if events_file is not None:
            events = read_events_file(events_file)
        horizon = timedelta(days=max(1, days)) if days is not None else DEFAULT_HORIZON
        return simulate(self.project, flow_id, contact_external_id, VirtualClock(self.clock.now()), events=events,
                        events_source=events_file or "events", horizon=horizon, trigger_props=trigger_props)

    def rehearse(self, flow_id: int | str, days: int, conversion: float | None = None) -> dict[str, Any]:
        """Predictions for a flow's next ``days`` days on a copy (``flowcanvas rehearse --json``);
        with ``conversion`` (0.05 = 5 %), the goal exits to expect at that rate."""
        from runtime.clock import VirtualClock
        from runtime.rehearsal.rehearse import rehearse

        return rehearse(self.project, flow_id, days, VirtualClock(self.clock.now()), conversion)

    # -- picker data -----------------------------------------------------------------------------

    def field_names(self) -> list[str]:
        """Contact fields usable in conditions and templates (built-in ones, then attributes)."""
        from runtime.storage import queries

        with self.project.session() as session:
            return queries.field_names(session)

    def tag_names(self) -> list[str]:
        """Every tag name in the project, sorted."""
        from runtime.storage import queries

        with self.project.session() as session:
            return queries.tag_names(session)

    def event_names(self) -> list[str]:
        """Every event name recorded in the project, sorted."""
        from runtime.storage import queries

        with self.project.session() as session:
            return queries.event_names(session)

    def contact_count(self) -> int:
        """How many contacts the project holds."""
        from runtime.storage import queries

        with self.project.session() as session:
            return queries.contact_count(session)

    def sample_contacts(self, limit: int = 20) -> list[ContactBrief]:
        """A few contacts for "preview as" menus (most recently active first)."""
        from runtime.storage import queries

        with self.project.session() as session:
            return [
                ContactBrief(
                    external_id=c.external_id,
                    name=" ".join(p for p in (c.first_name, c.last_name) if p) or c.external_id,
                    email=c.email,
                    phone=c.phone,
                    telegram_chat_id=c.telegram_chat_id,
                    timezone=c.timezone,
                )
                for c in queries.sample_contacts(session, limit)
            ]

    def contact_context(self, external_id: str) -> dict[str, Any]:
        """The ``contact`` object templates see for this contact: fields, attributes and tags.

        Render a preview with ``render_template(text, {"contact": service.contact_context(id)})``.
        """
        from runtime.storage import queries

        with self.project.session() as session:
            return queries.contact_context(session, external_id, self.project.label)
