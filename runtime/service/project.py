"""The project facade: :class:`ProjectService`, opening a project, its flows and their lifecycle.

Re-exported by :mod:`runtime.service`; the designer and the CLI import it from there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.clock import Clock
from runtime.flow.model import Flow
from runtime.flow.states import FlowStatus
from runtime.service.analytics import AnalyticsService  # daily report, funnels, A/B, exports
from runtime.service.browsing import BrowseService  # contacts browser, editing, notifications, live demo
from runtime.service.channels import ChannelService  # channels, policy, outbox (operator tools)
from runtime.service.contacts import ContactService  # contact and event imports, single events
from runtime.service.inbound import InboundService  # the inbound API, its tokens, Telegram webhook, VK polling
from runtime.service.intake import IntakeService  # push subscriptions, contacts created from events
from runtime.service.lifecycle import LifecycleService  # flow status changes, manual entries
from runtime.service.linting import LintService  # the linter with the project's keywords and fields
from runtime.service.live import LiveService  # live counts, runner holder, stuck-contact inspector
from runtime.service.operator import OperatorService  # contacts, stuck contacts, operator actions
from runtime.service.reports import ReportService  # metrics, outbox, simulate, pickers
from runtime.service.running import RunService  # flowcanvas run: ticks, virtual runs, the scheduler
from runtime.service.tags import TagService  # tag editor: catalogue and bulk changes
from runtime.service.types import ChangeSet, FlowInfo, FlowSummary
from runtime.service.versions import VersionService  # version diffs, publish impact, moving waiting contacts
from runtime.service.webhooks import WebhookService  # review and approval of imported webhooks

if TYPE_CHECKING:  # imported lazily at run time so `import runtime.service` stays cheap
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from runtime.flow.validate import ValidationReport


#: Presets a demo project starts with active: the live demo stream feeds their triggers.
DEMO_ACTIVE_PRESETS = ("abandoned_cart", "post_purchase", "welcome", "telegram_funnel")
#: Days of history a new demo project gets (``init --demo``, the designer's New demo project).
DEMO_HISTORY_DAYS = 21


class ProjectService(ChannelService, TagService, BrowseService, ContactService, InboundService, LifecycleService,
                     OperatorService, ReportService, RunService, IntakeService, WebhookService, VersionService,
                     LintService, LiveService, AnalyticsService):
    """One open project, as the designer (and the CLI) use it: flows, their lifecycle, settings,
    plus the topic methods of :class:`ChannelService`, :class:`OperatorService` and
    :class:`ReportService`, :class:`ContactService`, :class:`LifecycleService`, :class:`RunService` and
    :class:`LiveService` (all built on :class:`~runtime.service.core.ServiceCore`)."""

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, demo: bool = False, clock: Clock | None = None, history_days: int = 0,
               progress: Callable[[int, int], None] | None = None) -> ProjectService:
        """Create a new project (refuses to overwrite an existing file).

        With ``demo=True`` the project gets sample contacts and events, every preset flow (those
        the live demo feeds active, the others as drafts), ``demo:live`` on, and ``sandbox``
        switched on so nothing it sends leaves the machine. ``history_days`` > 0 (demo only): the
        flows were activated that many days ago and the engine has run them through that many
        days of demo behaviour up to now (:mod:`runtime.rehearsal.demo_history`), so counts,
        goal exits and stuck contacts are there at once; ``progress(hours_done, hours_total)``.
        """
        from runtime.storage.db import open_project

        project = open_project(path, create=True)
        service = cls(project, clock)
        if demo:
            try:
                service._populate_demo(history_days, progress)
            except BaseException:
                # A half-filled demo is worse than none: remove the file we just created.
                from runtime.storage.db import is_database_url, remove_project_files

                project.close()
                if not is_database_url(path):
                    remove_project_files(Path(path))
                raise
        return service

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None) -> ProjectService:
        """Open an existing project file or database URL (migrating it if it is older)."""
        from runtime.storage.db import open_project

        return cls(open_project(path), clock)

    # -- flows -----------------------------------------------------------------------------------

    def list_flows(self, include_archived: bool = True) -> list[FlowSummary]:
        """Every flow with its status and headline counts, by name."""
        from runtime.engine.lifecycle import allowed_actions
        from runtime.storage import flows_repo, queries

        clock = self.clock
        now = clock.now()
        with self.project.session() as session:
            rows = flows_repo.list_flows(session, include_archived=include_archived)
            counters = queries.flow_level_counters(session)
            today = queries.entered_since(session, queries.local_midnight(now))
            versions = queries.version_numbers(session)
            out = []
            for row in rows:
                start, end = _entry_window(session, row)
                out.append(FlowSummary(
                    id=row.id,
                    name=row.name,
                    status=row.status,
                    entry_enabled=row.entry_enabled,
                    version=versions.get(row.current_version_id) if row.current_version_id else None,
                    entered_total=counters.get((row.id, "entered"), 0),
                    entered_today=today.get(row.id, 0),
                    active=counters.get((row.id, "active"), 0),
                    updated_at=row.updated_at,
                    actions=allowed_actions(row.status),
                    start_at=start,
                    end_at=end,
                    scheduled=row.status == FlowStatus.ACTIVE and start is not None and start > now,
                ))
            return out

    def get_flow(self, ref: int | str) -> FlowInfo:
        """A flow by id or name, with its draft (NotFoundError when there is none)."""
        from runtime.engine.lifecycle import allowed_actions
        from runtime.storage import flows_repo, queries

        with self.project.session() as session:
            row = flows_repo.get_flow_row(session, ref)
            versions = queries.version_numbers(session, row.id)
            return FlowInfo(
                id=row.id,
                name=row.name,
                status=row.status,
                entry_enabled=row.entry_enabled,
                draft=flows_repo.draft_flow(row),
                version=versions.get(row.current_version_id) if row.current_version_id else None,
                active_by_version=queries.active_by_version(session, row.id),
                updated_at=row.updated_at,
                draft_changed=flows_repo.draft_changed(session, row),
                actions=allowed_actions(row.status),
            )

    def flow_id(self, ref: int | str) -> int:
        """The id of the flow with id or name ``ref`` (NotFoundError)."""
        with self.project.session() as session:
            return self._row(session, ref).id

    def flow_name(self, ref: int | str) -> str:
        """The name of the flow with id or name ``ref`` (NotFoundError), without reading its draft."""
        with self.project.session() as session:
            return self._row(session, ref).name

    def create_flow(self, flow: Flow) -> int:
        """Store ``flow`` as a new draft; returns its id (InputError when the name is taken)."""
        from runtime.storage import flows_repo

        with self._write() as session:
            row = flows_repo.create_flow(session, flow, self.clock)
            flow_id = row.id
        self.notify(ChangeSet("flow_created", (flow_id,)))
        return flow_id

    def create_flow_from_preset(self, name: str, activate: bool = False) -> int:
        """Add the preset ``name`` as a new draft (renamed "X (2)" when the name is taken).

        With ``activate=True`` it is published and activated in the same transaction.
        """
        from runtime.flow.presets import load_preset

        return self._add_flow(load_preset(name), rename=True, activate=activate, detail={"preset": name})

    def _add_flow(self, flow: Flow, *, rename: bool, activate: bool, detail: dict[str, Any]) -> int:
        """Store a new flow (and activate it) in one transaction, then notify."""
        from runtime.storage import flows_repo

        clock = self.clock
        with self._write() as session:
            if rename:
                flow.name = flows_repo.unique_name(session, flow.name)
            row = flows_repo.create_flow(session, flow, clock)
            if "imported_from" in detail:  # webhooks of a flow from a file wait for review
                from runtime.channels.webhook_review import hold_imported_flow

                hold_imported_flow(session, row, str(detail["imported_from"]))
            if activate:
                from runtime.engine.lifecycle import activate_flow

                activate_flow(session, row, clock)
            flow_id = row.id
        self.notify(ChangeSet("flow_created", (flow_id,), detail))
        return flow_id

    def save_draft(self, flow_id: int | str, flow: Flow) -> None:
        """Replace the draft of a flow (a new name in ``flow`` renames it)."""
        from runtime.storage import flows_repo

        with self._write() as session:
            row = self._row(session, flow_id)
            flows_repo.save_draft(session, row, flow, self.clock)
            row_id = row.id
        self.notify(ChangeSet("flow_saved", (row_id,)))

    def validate(self, flow: Flow) -> ValidationReport:
        """Every problem of ``flow`` (errors and warnings, each with its step id)."""
        from runtime.flow.validate import validate_flow

        return validate_flow(flow)

    def publish(self, flow_id: int | str) -> int:
        """Publish the draft as a new immutable version; returns its version number."""
        from runtime.storage import flows_repo

        with self._write() as session:
            row = self._row(session, flow_id)
            version = flows_repo.publish(session, row, self.clock)
            number, row_id = version.version, row.id
        self.notify(ChangeSet("flow_published", (row_id,), {"version": number}))
        return number

    def rename_flow(self, flow_id: int | str, new_name: str) -> None:
        """Rename a flow (InputError when another flow has that name)."""
        from runtime.storage import flows_repo

        with self._write() as session:
            row = self._row(session, flow_id)
            flows_repo.rename_flow(session, row, new_name, self.clock)
            row_id = row.id
        self.notify(ChangeSet("flow_renamed", (row_id,), {"name": new_name}))

    def duplicate_flow(self, flow_id: int | str, new_name: str | None = None) -> int:
        """Copy a flow's draft into a new draft flow ("X (copy)"); returns the new id."""
        from runtime.storage import flows_repo

        with self._write() as session:
            row = self._row(session, flow_id)
            copy_row = flows_repo.duplicate_flow(session, row, self.clock, new_name)
            new_id = copy_row.id
        self.notify(ChangeSet("flow_created", (new_id,), {"duplicate_of": flow_id}))
        return new_id

    def copy_flow_to_project(self, flow_id: int | str, other_path: str | Path) -> int:
        """Copy a flow's draft into another project as a draft; returns its id there."""
        flow = self.get_flow(flow_id).draft
        other = ProjectService.open(other_path, self._clock)
        try:
            from runtime.storage import flows_repo

            with other._write() as session:
                flow.name = flows_repo.unique_name(session, flow.name)
                new_id = flows_repo.create_flow(session, flow, other.clock).id
        finally:
            other.close()
        return new_id

    def import_flow_file(
        self,
        path: str | Path,
        name: str | None = None,
        rename_on_conflict: bool = False,
        activate: bool = False,
    ) -> int:
        """Import a flow file as a draft; returns its id.

        The file is validated completely first: any error raises :class:`FlowValidationError`
        (or :class:`InputError` for an unreadable or malformed file) and nothing is written. A
        name already used in the project is an InputError unless ``rename_on_conflict`` (then
        "X (2)"). ``name`` imports it under another name; ``activate`` also publishes and
        activates it, in the same transaction.
        """
        from runtime.storage import flows_repo

        flow = flows_repo.read_flow_file(path)
        if name:
            flow.name = name
        flows_repo.check_flow(flow, str(path))
        return self._add_flow(
            flow, rename=rename_on_conflict, activate=activate, detail={"imported_from": str(path)}
        )

    def import_flow_file_into(self, flow_id: int | str, path: str | Path) -> int:
        """Replace the draft of an existing flow with a reviewed flow file; returns the flow id.

        The file is validated completely first and must be the same flow: a different name
        (the flow's identity in a file) is an InputError naming both, and nothing changes. The
        running version is untouched until the draft is published (``activate`` or ``publish``).
        """
        from runtime.errors import InputError
        from runtime.storage import flows_repo

        flow = flows_repo.read_flow_file(path)
        flows_repo.check_flow(flow, str(path))
        with self._write() as session:
            row = self._row(session, flow_id)
            if flow.name != row.name:
                raise InputError(f"{path}: the file is the flow {flow.name!r}, not {row.name!r}: --into replaces a "
                                 f"flow's draft only with the same flow (rename the flow first, or import the "
                                 f"file as a new flow)")
            flows_repo.save_draft(session, row, flow, self.clock)
            from runtime.channels.webhook_review import hold_imported_flow

            hold_imported_flow(session, row, str(path))  # a file from elsewhere: its webhooks wait for review
            row_id = row.id
        self.notify(ChangeSet("flow_saved", (row_id,), {"imported_from": str(path)}))
        return row_id

    def export_flow(self, flow_id: int | str, path: str | Path) -> None:
        """Write a flow's draft as a canonical flow file (replacing ``path`` atomically)."""
        from runtime.storage import flows_repo

        with self.project.session() as session:
            row = self._row(session, flow_id)
            text = row.draft
        flows_repo.check_exportable(text, row.name)
        flows_repo.write_text_atomic(Path(path), text)

    # -- lifecycle (delegates to the engine) -----------------------------------------------------

    def _lifecycle(self, flow_id: int | str, action: str) -> None:
        self.change_status(flow_id, action)

    def activate(self, flow_id: int | str) -> None:
        """Publish (if needed) and start a flow: contacts start entering it."""
        self._lifecycle(flow_id, "activate")

    def pause(self, flow_id: int | str) -> None:
        """Stop a flow's clocks: nobody enters or moves until it is resumed."""
        self._lifecycle(flow_id, "pause")

    def resume(self, flow_id: int | str) -> None:
        """Resume a paused flow."""
        self._lifecycle(flow_id, "resume")

    def terminate(self, flow_id: int | str) -> None:
        """End a flow now: every execution in it is terminated."""
        self._lifecycle(flow_id, "terminate")

    def archive(self, flow_id: int | str) -> None:
        """Hide a stopped flow from the default lists (its history stays)."""
        self._lifecycle(flow_id, "archive")

    def set_entry_enabled(self, flow_id: int | str, enabled: bool) -> None:
        """Open or close a flow's entry without touching contacts already in it."""
        from runtime.storage import flows_repo

        with self._write() as session:
            row = self._row(session, flow_id)
            flows_repo.set_entry_enabled(session, row, enabled, self.clock)
            row_id = row.id
        self.notify(ChangeSet("flow_status", (row_id,), {"entry_enabled": enabled}))

    # -- settings --------------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A project setting (JSON value), or ``default``."""
        from runtime.storage.settings import get_setting

        with self.project.session() as session:
            return get_setting(session, key, default)

    def set_setting(self, key: str, value: Any) -> None:
        """Store a project setting (any JSON value)."""
        from runtime.storage.settings import set_setting

        with self._write() as session:
            set_setting(session, key, value)
        self.notify(ChangeSet("settings", (), {"key": key}))

    # -- demo --------------------------------------------------------------------------------------

    def _populate_demo(self, history_days: int = 0, progress: Callable[[int, int], None] | None = None) -> None:
        """Sample contacts and events, every preset flow (the ones the live demo feeds active), sandbox on;
        with ``history_days``, everything dated that long ago and the days since run by the engine."""
        from datetime import timedelta

        from runtime.clock import VirtualClock
        from runtime.contacts.demo import populate_demo
        from runtime.flow.presets import preset_names, preset_tags

        end = self.clock.now()
        injected = self._clock
        if history_days > 0:  # the shop opened its demo base and flows history_days ago
            self._clock = VirtualClock(end - timedelta(days=history_days))
        try:
            self.set_setting("sandbox", True)
            populate_demo(self.project, self.clock, tag_names=preset_tags())
            for name in preset_names():
                self.create_flow_from_preset(name, activate=name in DEMO_ACTIVE_PRESETS)
            self.set_setting("demo:live", True)  # the designer keeps the demo alive (runtime.contacts.live_demo)
        finally:
            self._clock = injected
        if history_days > 0:
            from runtime.rehearsal.demo_history import build_history

            # the shop respects its customers: one message a day, the rest waits (held contacts show
            # in the stuck-contact inspector)
            self.set_setting("channels.caps", {"per_day": 1, "per_week": 5, "action": "delay", "channels": {}})
            build_history(self.project, end, days=history_days, progress=progress)
            self.notify(ChangeSet("project", (), {"history_days": history_days}))


def _entry_window(session: Session, row: Any) -> tuple[Any, Any]:
    """(start_at, end_at) of the flow's live version (its draft before it was ever published)."""
    from runtime.engine.entry import entry_window
    from runtime.engine.flowcache import compiled_version
    from runtime.storage import flows_repo

    flow = compiled_version(session, row.current_version_id).flow if row.current_version_id else None
    return entry_window(flow if flow is not None else flows_repo.draft_flow(row))
