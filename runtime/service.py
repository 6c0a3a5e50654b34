"""The designer's only door into the runtime.

Everything the designer needs from the runtime is importable from here: the flow model, the
step registry, validation, flow file I/O, and :class:`ProjectService`, which takes and returns
plain dataclasses (never SQLAlchemy rows). Names of other runtime modules are re-exported lazily
so importing this module stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.clock import Clock
from runtime.flow.model import DEFAULT_PORT, FORMAT, Edge, Flow, Step
from runtime.service_channels import ChannelServiceMixin  # channels, policy, outbox (operator tools)
from runtime.service_operator import OperatorServiceMixin  # contacts, stuck contacts, operator actions
from runtime.service_reports import ReportServiceMixin  # metrics, outbox, simulate, pickers
from runtime.reports.service import ReportsServiceMixin  # daily report, funnels, A/B, exports
from runtime.service_types import ChangeListener, ChangeSet, ContactBrief, FlowInfo, FlowSummary

if TYPE_CHECKING:  # imported lazily at run time so `import runtime.service` stays cheap
    from sqlalchemy.orm import Session

    from runtime.flow.validate import ValidationReport
    from runtime.storage.db import Project
    from runtime.storage.models import FlowRow

# name -> "module:attribute", resolved on first access
_LAZY_EXPORTS: dict[str, str] = {
    "FlowCanvasError": "runtime.errors:FlowCanvasError",
    "InputError": "runtime.errors:InputError",
    "NotFoundError": "runtime.errors:NotFoundError",
    "ProjectError": "runtime.errors:ProjectError",
    "FlowValidationError": "runtime.errors:FlowValidationError",
    "SystemClock": "runtime.clock:SystemClock",
    "VirtualClock": "runtime.clock:VirtualClock",
    # flow file I/O and validation
    "loads_flow": "runtime.flow.io:loads_flow",
    "dumps_flow": "runtime.flow.io:dumps_flow",
    "load_flow": "runtime.flow.io:load_flow",
    "save_flow": "runtime.flow.io:save_flow",
    "flow_to_dict": "runtime.flow.io:flow_to_dict",
    "flow_from_dict": "runtime.flow.io:flow_from_dict",
    "validate_flow": "runtime.flow.validate:validate_flow",
    "Problem": "runtime.flow.validate:Problem",
    "ValidationReport": "runtime.flow.validate:ValidationReport",
    "parse_duration": "runtime.flow.durations:parse_duration",
    "format_duration": "runtime.flow.durations:format_duration",
    "human_duration": "runtime.flow.durations:human_duration",
    "describe_condition": "runtime.flow.conditions:describe_condition",
    "condition_problems": "runtime.flow.conditions:condition_problems",
    "preset_names": "runtime.flow.presets:preset_names",
    "load_preset": "runtime.flow.presets:load_preset",
    # step registry
    "REGISTRY": "runtime.steps.registry:REGISTRY",
    "StepType": "runtime.steps.registry:StepType",
    "ConfigField": "runtime.steps.registry:ConfigField",
    "get_step_type": "runtime.steps.registry:get_step_type",
    "step_types": "runtime.steps.registry:step_types",
    # templates
    "compile_template": "runtime.templates:compile_template",
    "render_template": "runtime.templates:render_template",
    # pickers, palette groups, file validation, trigger types
    "TemplateError": "runtime.templates:TemplateError",
    "FlowFileError": "runtime.flow.io:FlowFileError",
    "validate_file": "runtime.flow.validate:validate_file",
    "validate_text": "runtime.flow.validate:validate_text",
    "referenced_fields": "runtime.flow.conditions:referenced_fields",
    "referenced_tags": "runtime.flow.conditions:referenced_tags",
    "referenced_events": "runtime.flow.conditions:referenced_events",
    "FIELD_OPS": "runtime.flow.conditions:FIELD_OPS",
    "COMPARE_OPS": "runtime.flow.conditions:COMPARE_OPS",
    "MESSAGE_MATCHES": "runtime.flow.conditions:MESSAGE_MATCHES",
    "TRIGGER_TYPES": "runtime.flow.schema:TRIGGER_TYPES",
    "GROUPS": "runtime.steps.registry:GROUPS",
    "GROUP_LABELS": "runtime.steps.registry:GROUP_LABELS",
    "CHANNELS": "runtime.steps.registry:CHANNELS",
    "step_types_in_group": "runtime.steps.registry:step_types_in_group",
    # channel settings dialog: plain dicts in and out; test_channel does network I/O
    "channel_list": "runtime.channels.admin:list_channels",
    "channel_view": "runtime.channels.admin:channel_view",
    "channel_set": "runtime.channels.admin:set_channel",
    "channel_set_secret": "runtime.channels.admin:set_secret",
    "channel_test": "runtime.channels.admin:test_channel",
    "channel_policy": "runtime.channels.admin:policy_view",
    "channel_set_policy": "runtime.channels.admin:set_policy",
    "outbox_resolve_review": "runtime.channels.admin:resolve_review",
    "ChannelError": "runtime.channels.base:ChannelError",
}

__all__ = [
    "DEFAULT_PORT",
    "FORMAT",
    "Edge",
    "Flow",
    "Step",
    "ChangeSet",
    "ContactBrief",
    "FlowInfo",
    "FlowSummary",
    "ProjectService",
    *_LAZY_EXPORTS,
]


def __getattr__(name: str) -> Any:
    target = _LAZY_EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'runtime.service' has no attribute {name!r}")
    module_name, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value




# ---------------------------------------------------------------------------------------------


class ProjectService(ChannelServiceMixin, OperatorServiceMixin, ReportServiceMixin, ReportsServiceMixin):
    """One open project, as the designer (and the CLI) use it.

    Every public method opens its own short session or write transaction, so a service may be
    shared by a GUI thread and a worker thread. Mutating methods call every function in
    :attr:`listeners` with a :class:`ChangeSet` after their transaction committed.
    """

    def __init__(self, project: "Project", clock: Clock | None = None) -> None:
        self.project = project
        self._clock = clock
        self.listeners: list[ChangeListener] = []

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, demo: bool = False, clock: Clock | None = None) -> "ProjectService":
        """Create a new project (refuses to overwrite an existing file).

        With ``demo=True`` the project gets sample contacts and events (when the contacts
        module provides them), every preset flow as a draft, and ``sandbox`` switched on so
        nothing it sends leaves the machine.
        """
        from runtime.storage.db import open_project

        project = open_project(path, create=True)
        service = cls(project, clock)
        if demo:
            try:
                service._populate_demo()
            except BaseException:
                # A half-filled demo is worse than none: remove the file we just created.
                from runtime.storage.db import is_database_url, remove_project_files

                project.close()
                if not is_database_url(path):
                    remove_project_files(Path(path))
                raise
        return service

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None) -> "ProjectService":
        """Open an existing project file or database URL (migrating it if it is older)."""
        from runtime.storage.db import open_project

        return cls(open_project(path), clock)

    def close(self) -> None:
        """Release the database; the service is unusable afterwards."""
        self.project.close()

    def __enter__(self) -> "ProjectService":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def label(self) -> str:
        """The project's path or URL as the user gave it."""
        return self.project.label

    @property
    def clock(self) -> Clock:
        """The injected clock, else the project's virtual clock, else the wall clock."""
        if self._clock is not None:
            return self._clock
        from runtime.clock import SystemClock
        from runtime.project_clock import project_clock

        with self.project.session() as session:
            return project_clock(session, SystemClock())

    # -- change notification -------------------------------------------------------------------

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Add a change listener; returns a function that removes it again."""
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener) if listener in self.listeners else None

    def notify(self, change: ChangeSet) -> None:
        """Tell every listener about ``change`` (called after the transaction committed)."""
        for listener in list(self.listeners):
            listener(change)

    @contextmanager
    def _write(self) -> Iterator["Session"]:
        with self.project.write() as session:
            yield session

    def _row(self, session: "Session", ref: int | str) -> "FlowRow":
        from runtime import flows_repo

        return flows_repo.get_flow_row(session, ref)

    # -- flows -----------------------------------------------------------------------------------

    def list_flows(self, include_archived: bool = True) -> list[FlowSummary]:
        """Every flow with its status and headline counts, by name."""
        from runtime import flows_repo
        from runtime.storage import queries

        clock = self.clock
        with self.project.session() as session:
            rows = flows_repo.list_flows(session, include_archived=include_archived)
            counters = queries.flow_level_counters(session)
            today = queries.entered_since(session, queries.local_midnight(clock.now()))
            versions = queries.version_numbers(session)
            return [
                FlowSummary(
                    id=row.id,
                    name=row.name,
                    status=row.status,
                    entry_enabled=row.entry_enabled,
                    version=versions.get(row.current_version_id) if row.current_version_id else None,
                    entered_total=counters.get((row.id, "entered"), 0),
                    entered_today=today.get(row.id, 0),
                    active=counters.get((row.id, "active"), 0),
                    updated_at=row.updated_at,
                )
                for row in rows
            ]

    def get_flow(self, ref: int | str) -> FlowInfo:
        """A flow by id or name, with its draft (NotFoundError when there is none)."""
        from runtime import flows_repo
        from runtime.storage import queries

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
            )

    def flow_id(self, ref: int | str) -> int:
        """The id of the flow with id or name ``ref`` (NotFoundError)."""
        with self.project.session() as session:
            return self._row(session, ref).id

    def create_flow(self, flow: Flow) -> int:
        """Store ``flow`` as a new draft; returns its id (InputError when the name is taken)."""
        from runtime import flows_repo

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
        from runtime import flows_repo

        clock = self.clock
        with self._write() as session:
            if rename:
                flow.name = flows_repo.unique_name(session, flow.name)
            row = flows_repo.create_flow(session, flow, clock)
            if activate:
                from runtime.engine.lifecycle import activate_flow

                activate_flow(session, row, clock)
            flow_id = row.id
        self.notify(ChangeSet("flow_created", (flow_id,), detail))
        return flow_id

    def save_draft(self, flow_id: int | str, flow: Flow) -> None:
        """Replace the draft of a flow (a new name in ``flow`` renames it)."""
        from runtime import flows_repo

        with self._write() as session:
            row = self._row(session, flow_id)
            flows_repo.save_draft(session, row, flow, self.clock)
            row_id = row.id
        self.notify(ChangeSet("flow_saved", (row_id,)))

    def validate(self, flow: Flow) -> "ValidationReport":
        """Every problem of ``flow`` (errors and warnings, each with its step id)."""
        from runtime.flow.validate import validate_flow

        return validate_flow(flow)

    def publish(self, flow_id: int | str) -> int:
        """Publish the draft as a new immutable version; returns its version number."""
        from runtime import flows_repo

        with self._write() as session:
            row = self._row(session, flow_id)
            version = flows_repo.publish(session, row, self.clock)
            number, row_id = version.version, row.id
        self.notify(ChangeSet("flow_published", (row_id,), {"version": number}))
        return number

    def rename_flow(self, flow_id: int | str, new_name: str) -> None:
        """Rename a flow (InputError when another flow has that name)."""
        from runtime import flows_repo

        with self._write() as session:
            row = self._row(session, flow_id)
            flows_repo.rename_flow(session, row, new_name, self.clock)
            row_id = row.id
        self.notify(ChangeSet("flow_renamed", (row_id,), {"name": new_name}))

    def duplicate_flow(self, flow_id: int | str, new_name: str | None = None) -> int:
        """Copy a flow's draft into a new draft flow ("X (copy)"); returns the new id."""
        from runtime import flows_repo

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
            from runtime import flows_repo

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
        from runtime import flows_repo

        flow = flows_repo.read_flow_file(path)
        if name:
            flow.name = name
        flows_repo.check_flow(flow, str(path))
        return self._add_flow(
            flow, rename=rename_on_conflict, activate=activate, detail={"imported_from": str(path)}
        )

    def export_flow(self, flow_id: int | str, path: str | Path) -> None:
        """Write a flow's draft as a canonical flow file (replacing ``path`` atomically)."""
        from runtime import flows_repo

        with self.project.session() as session:
            row = self._row(session, flow_id)
            text = row.draft
        flows_repo.write_text_atomic(Path(path), text)

    # -- lifecycle (delegates to the engine) -----------------------------------------------------

    def _lifecycle(self, flow_id: int | str, action: str) -> None:
        from runtime.engine import lifecycle

        func = getattr(lifecycle, f"{action}_flow")
        with self._write() as session:
            row = self._row(session, flow_id)
            func(session, row, self.clock)
            row_id, status = row.id, row.status
        self.notify(ChangeSet("flow_status", (row_id,), {"action": action, "status": status}))

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
        from runtime import flows_repo

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

    def _populate_demo(self) -> None:
        """Sample contacts and events (if the contacts module exists), every preset, sandbox on."""
        import importlib.util

        self.set_setting("sandbox", True)
        # Both modules are written in parallel with this one; a project without them is still valid.
        if importlib.util.find_spec("runtime.contacts.demo") is not None:
            from runtime.contacts.demo import populate_demo

            populate_demo(self.project, self.clock)
        if importlib.util.find_spec("runtime.flow.presets") is not None:
            from runtime.flow.presets import preset_names

            for name in preset_names():
                self.create_flow_from_preset(name)
