"""Analytics on :class:`runtime.service.ProjectService`: the daily report, per-step funnels,
goals and A/B, report settings, masked exports of reports and contact lists.

Everything here reads the trigger-kept aggregates of :mod:`runtime.reports`; the only writes are
report settings, a zone change's one-off rebuild, and the audit row of an unmasked export.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from runtime.flow.states import FlowStatus
from runtime.service.core import ServiceCore

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from runtime.reports.report import FlowDef

DEFAULT_DAYS = 7


class AnalyticsService(ServiceCore):
    """Report and export methods of ProjectService (see the module docstring)."""

    # -- settings ------------------------------------------------------------------------------

    def report_settings(self) -> dict[str, Any]:
        """``{"zone", "milestones", "limits"}``: the reporting zone, milestone tags, daily limits."""
        from runtime.reports import settings

        with self.project.session() as session:
            values = settings.read_all(session)
        return {k: values[k] for k in ("zone", "milestones", "limits")}

    def save_report_settings(self, zone: str | None = None, milestones: list[str] | None = None,
                             limits: dict[str, int] | None = None) -> None:
        """Store report settings (a new zone rebuilds the daily aggregates once)."""
        from runtime.reports import settings

        with self._write() as session:
            settings.save(session, zone=zone, milestone_tags=milestones, limits=limits)

    # -- the report ----------------------------------------------------------------------------

    def report_range(self, start: date | None = None, end: date | None = None,
                     zone: str | None = None) -> tuple[date, date]:
        """The range a report covers: the given days, else the last 7 days up to today (reporting zone)."""
        from runtime.errors import InputError

        today = self.clock.now().astimezone(ZoneInfo(zone or self.report_settings()["zone"])).date()
        end = end or (today if start is None else max(start, today))
        start = start or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise InputError(f"the range starts ({start}) after it ends ({end})")
        if (end - start).days > 3660:
            raise InputError(f"the range {start}..{end} is longer than ten years")
        return start, end

    def _report_settings_synced(self) -> dict[str, Any]:
        """The report settings, after making the aggregates use the reporting zone."""
        from runtime.reports import settings
        from runtime.storage import report_aggregates as aggregates

        with self.project.session() as session:
            values = settings.read_all(session)
            postgres = session.get_bind().dialect.name == "postgresql"
        if values["filled"] != values["zone"]:
            with self._write() as session:
                settings.sync_zone(session)
        elif postgres:  # the triggers there append deltas: fold them in before reading
            with self._write() as session:
                aggregates.fold(session.connection())
        return values

    def _flow_defs(self, session: Session, refs: Sequence[int | str] | None) -> list[FlowDef]:
        from sqlalchemy import select

        from runtime.reports.report import FlowDef
        from runtime.storage import flows_repo
        from runtime.storage.models import FlowVersion

        rows = [self._row(session, r) for r in refs] if refs else [
            r for r in flows_repo.list_flows(session) if r.status != FlowStatus.ARCHIVED]
        out = []
        for row in rows:
            version = flows_repo.current_version(session, row)
            flow = flows_repo.load_version(session, version.id) if version else flows_repo.draft_flow(row)
            versions = {str(vid): n for vid, n in session.execute(
                select(FlowVersion.id, FlowVersion.version).where(FlowVersion.flow_id == row.id))}
            out.append(FlowDef(row.id, row.name, flow, versions))
        return out

    def report(self, flows: Sequence[int | str] | None = None, start: date | None = None, end: date | None = None,
               milestones: list[str] | None = None) -> dict[str, Any]:
        """The project report (of some flows when given) over local days ``start..end``.

        Shape: see :mod:`runtime.reports.report`. Defaults: the whole project, the last 7 days.
        """
        from runtime.reports import report as rep
        from runtime.reports.query import Scope, fetch

        values = self._report_settings_synced()
        start, end = self.report_range(start, end, values["zone"])
        with self.project.session() as session:
            defs = self._flow_defs(session, flows)
            scope = Scope(start, end, tuple(f.id for f in defs) if flows else None)
            rows = fetch(session, scope)
            picked = rep.pick_milestones(rows, scope, milestones if milestones is not None else values["milestones"])
            nodes = rep.node_table(rows, defs, rep.waiting_now(session, [f.id for f in defs]))
        return {
            "project": self.project.label, "scope": "flows" if flows else "project", "zone": values["zone"],
            "from": start.isoformat(), "to": end.isoformat(), "flows": [f.name for f in defs],
            "milestones": picked, "limits": values["limits"],
            "daily": rep.daily_table(rows, scope, defs, picked, values["limits"]),
            "steps": nodes, "step_days": rep.node_days(rows, scope, defs), "dropoff": rep.dropoff(nodes, defs),
            "goals": rep.goals(rows, defs), "ab": rep.ab_results(rows, defs),
        }

    def step_funnel(self, flow_id: int | str, days: int = 30) -> list[dict[str, Any]]:
        """Per-step funnel of one flow over the last ``days`` days (the Live stats panel's bars)."""
        today = self.report_range()[1]
        steps: list[dict[str, Any]] = self.report([flow_id], today - timedelta(days=max(1, days) - 1), today)["steps"]
        return steps

    def simulate_activity(self, days: int = 14, per_day: int = 24, seed: int = 11) -> None:
        """Run ``days`` days of demo activity on the project's flows from the service's virtual
        clock (sign-ups, carts, purchases, opens, clicks; sandbox); for screenshots and demos."""
        from runtime.clock import VirtualClock
        from runtime.rehearsal.demo_activity import simulate_activity

        clock = self.clock
        if not isinstance(clock, VirtualClock):
            raise TypeError("simulate_activity needs a virtual clock")
        simulate_activity(self.project, clock, days=days, per_day=per_day, seed=seed)

    # -- exports -------------------------------------------------------------------------------

    def _audit_unmask(self, actor: str, what: str, detail: dict[str, Any]) -> None:
        from runtime.clock import ensure_utc
        from runtime.storage.models import Audit

        with self._write() as session:
            session.add(Audit(at=ensure_utc(self.clock.now()), actor=actor, action=f"{what}.unmasked",
                              detail={k: v for k, v in detail.items() if v is not None}))

    def export_report(self, fmt: str, out: str | Path | None = None, flows: Sequence[int | str] | None = None,
                      start: date | None = None, end: date | None = None, unmask: bool = False,
                      actor: str = "user") -> str | None:
        """Write the report as csv, xlsx or json to ``out`` (or return csv/json text); masked unless ``unmask``
        (then audited as ``report.unmasked``)."""
        from runtime.reports import export

        export.check_format(fmt)
        if fmt == "xlsx" and out is None:
            from runtime.errors import InputError

            raise InputError("xlsx needs --out FILE (a workbook is not printed)")
        data = self.report(flows, start, end)
        if unmask:
            self._audit_unmask(actor, "report", {"format": fmt, "out": str(out) if out else "stdout",
                                                 "flows": data["flows"], "from": data["from"], "to": data["to"]})
        return export.write(export.report_tables(data), fmt, out, unmask, document=data)

    def export_contacts(self, fmt: str, out: str | Path | None = None, flow: int | str | None = None,
                        step: str | None = None, tag: str | None = None, start: date | None = None,
                        end: date | None = None, unmask: bool = False, actor: str = "user") -> tuple[str | None, int]:
        """Write the contacts behind a count (in a flow, who reached a step, with a tag) as csv or xlsx.

        Returns (the text when ``out`` is None, how many contacts). Masked unless ``unmask``
        (then audited as ``contacts.unmasked``).
        """
        from runtime.errors import InputError, NotFoundError
        from runtime.reports import export, settings
        from runtime.reports.contacts_export import contact_ids, contact_records

        export.check_format(fmt, ("csv", "xlsx"))
        if step is not None and flow is None:
            raise InputError("--step needs --flow (step ids are per flow)")
        with self.project.session() as session:
            flow_id = None
            if flow is not None:
                row = self._row(session, flow)
                flow_id = row.id
                if step is not None:
                    known = {s.id for d in self._flow_defs(session, [flow]) for s in d.flow.steps}
                    if step not in known:
                        raise NotFoundError(f"flow {row.name!r} has no step {step!r}")
            ids = contact_ids(session, flow_id=flow_id, step=step, tag=tag, start=start, end=end,
                              zone=settings.read_all(session)["zone"])
            records = contact_records(session, ids, unmask)
        if unmask:
            self._audit_unmask(actor, "contacts", {"format": fmt, "out": str(out) if out else "stdout",
                                                   "flow": flow, "step": step, "tag": tag, "count": len(records)})
        text = export.write([export.contacts_table(records)], fmt, out, unmask)
        return text, len(records)


def parse_day(value: str | None, what: str = "date") -> date | None:
    """``YYYY-MM-DD`` as a date (None stays None); anything else is an InputError naming it."""
    from runtime.errors import InputError

    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise InputError(f"bad {what} {value!r}: use YYYY-MM-DD") from exc
