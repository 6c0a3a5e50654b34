"""The runtime's one door: everything the designer (and the CLI) need, importable from here.

Owns: the facade :class:`ProjectService` (split by topic: ``project`` flows and lifecycle,
``channels`` channel settings and outbox operations, ``operator`` contacts and operator actions,
``reports`` metrics, outbox pages, simulate and rehearse, ``analytics`` the daily report, funnels,
A/B and masked exports, ``types`` the plain data it hands out)
and lazy re-exports of the flow model, step registry, validation and flow file I/O.
May import: every other runtime part. Imported by: ``designer`` and ``runtime.cli`` only
(import-linter contracts in pyproject.toml). Results are plain data, never SQLAlchemy rows;
names of other runtime modules are re-exported lazily so importing this package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from runtime.flow.model import DEFAULT_PORT, FORMAT, Edge, Flow, Step
from runtime.service.project import DEMO_HISTORY_DAYS, ProjectService
from runtime.service.types import (
    ChangeListener,
    ChangeSet,
    ContactBrief,
    ContactDetails,
    ContactEvent,
    ContactPage,
    ContactRow,
    ExecutionBrief,
    FlowCounts,
    FlowInfo,
    FlowStats,
    FlowSummary,
    OutboxPage,
    OutboxRow,
    StepCounts,
    StepVisit,
    TagChange,
)

if TYPE_CHECKING:  # what the CLI uses, typed for mypy (imported lazily below at run time)
    from runtime.clock import SystemClock as SystemClock
    from runtime.clock import VirtualClock as VirtualClock
    from runtime.clock import ensure_utc as ensure_utc
    from runtime.errors import FlowCanvasError as FlowCanvasError
    from runtime.errors import FlowValidationError as FlowValidationError
    from runtime.errors import InputError as InputError
    from runtime.errors import NotFoundError as NotFoundError
    from runtime.errors import ProjectError as ProjectError

# name -> "module:attribute", resolved on first access
_LAZY_EXPORTS: dict[str, str] = {
    "FlowCanvasError": "runtime.errors:FlowCanvasError",
    "InputError": "runtime.errors:InputError",
    "NotFoundError": "runtime.errors:NotFoundError",
    "ProjectError": "runtime.errors:ProjectError",
    "ReadOnlyProjectError": "runtime.errors:ReadOnlyProjectError",
    "FlowValidationError": "runtime.errors:FlowValidationError",
    "SystemClock": "runtime.clock:SystemClock",
    "ensure_utc": "runtime.clock:ensure_utc",
    "VirtualClock": "runtime.clock:VirtualClock",
    "JOIN_MODES": "runtime.flow.model:JOIN_MODES",
    "DEFAULT_JOIN": "runtime.flow.model:DEFAULT_JOIN",
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
    "preset_info": "runtime.flow.presets:preset_info",
    "preset_catalog": "runtime.flow.presets:preset_catalog",
    "preset_tags": "runtime.flow.presets:preset_tags",
    "LintContext": "runtime.flow.lint:LintContext",
    "diff_flows": "runtime.flow.diff:diff_flows",
    "step_title": "runtime.flow.wording:step_title",
    "step_label": "runtime.flow.wording:step_label",
    "port_label": "runtime.flow.port_names:port_label",
    "say": "runtime.flow.problem_words:say",
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
    "CHANNEL_STEP": "runtime.steps.registry:CHANNEL_STEP",
    "ConfigMode": "runtime.steps.registry:ConfigMode",
    "step_types_in_group": "runtime.steps.registry:step_types_in_group",
    # reports: parsing the CLI's days and daily limits
    "parse_report_day": "runtime.service.analytics:parse_day",
    "parse_report_limits": "runtime.reports.settings:parse_limits",
    # channel settings dialog: plain dicts in and out; test_channel does network I/O
    "channel_list": "runtime.channels.admin:list_channels",
    "channel_view": "runtime.channels.admin:channel_view",
    "channel_set": "runtime.channels.admin:set_channel",
    "channel_set_secret": "runtime.channels.admin:set_secret",
    "channel_test": "runtime.channels.admin:test_channel",
    "channel_policy": "runtime.channels.admin:policy_view",
    "channel_set_policy": "runtime.channels.admin:set_policy",
    "ChannelError": "runtime.channels.base:ChannelError",
    "KeyringUnavailableError": "runtime.channels.credentials:KeyringUnavailableError",
    "ALL_CHANNELS": "runtime.channels.settings:ALL_CHANNELS",
    "check_channel": "runtime.channels.settings:check_channel",
    # keywords by meaning: the trigger inspector's "test a phrase" box
    "keyword_explain": "runtime.text.keywords:explain",
    "text_matches": "runtime.steps.conditions:text_matches",
    # command-line helpers
    "parse_time": "runtime.contacts.events:parse_time",
    "loads_json": "runtime.strict_json:loads",
    "WebhookReview": "runtime.channels.webhook_review:WebhookReview",
    "problem_text": "runtime.storage.flows_repo:problem_text",
    "LIFECYCLE_ACTIONS": "runtime.service.lifecycle:LIFECYCLE_ACTIONS",
    # the state machines: flows, executions, tokens, outbox messages (StrEnums equal to the stored strings)
    "FlowStatus": "runtime.flow.states:FlowStatus",
    "ExecutionStatus": "runtime.flow.states:ExecutionStatus",
    "TokenState": "runtime.flow.states:TokenState",
    "OutboxStatus": "runtime.flow.states:OutboxStatus",
    "StateMoveError": "runtime.flow.states:StateMoveError",
    # the one list of channels and the lists derived from it
    "Channel": "runtime.flow.channels:Channel",
    "MESSAGE_CHANNELS": "runtime.flow.channels:MESSAGE_CHANNELS",
    "SETTINGS_CHANNELS": "runtime.flow.channels:SETTINGS_CHANNELS",
    "INBOUND_CHANNELS": "runtime.flow.channels:INBOUND_CHANNELS",
    "CONTACT_CHANNELS": "runtime.storage.models:CHANNELS",
    # contact columns, derived from the model: the person's own fields, then statuses per channel
    "CONTACT_FIELD_COLUMNS": "runtime.storage.models:CONTACT_FIELD_COLUMNS",
    "CONTACT_STATUS_COLUMNS": "runtime.storage.models:CONTACT_STATUS_COLUMNS",
    "CHANNEL_STATUSES": "runtime.contacts.normalize:CHANNEL_STATUSES",
    # the project's runner (embedded in the designer, shared with `flowcanvas run`) and its lease
    "EmbeddedRuntime": "runtime.service.runner:EmbeddedRuntime",
    "RunnerStatus": "runtime.service.runner:RunnerStatus",
    "RunnerError": "runtime.service.runner:RunnerError",
    "LeaseHeldError": "runtime.engine.lease:LeaseHeldError",
    "LeaseLostError": "runtime.engine.lease:LeaseLostError",
    "LeaseHolder": "runtime.engine.lease:LeaseHolder",
    "current_holder": "runtime.engine.lease:current_holder",
    # the runtime's words (CLI messages, step and field names) in the user's language
    "gettext": "runtime.i18n:gettext",
    "ngettext": "runtime.i18n:ngettext",
    "set_language": "runtime.i18n:set_language",
    "language_from_env": "runtime.i18n:language_from_env",
    "runtime_languages": "runtime.i18n:available_languages",
}

__all__ = [
    "DEMO_HISTORY_DAYS",
    "DEFAULT_PORT",
    "FORMAT",
    "Edge",
    "Flow",
    "Step",
    "ChangeListener",
    "ChangeSet",
    "ContactBrief",
    "ContactDetails",
    "ContactEvent",
    "ContactPage",
    "ContactRow",
    "ExecutionBrief",
    "FlowCounts",
    "FlowInfo",
    "FlowStats",
    "FlowSummary",
    "OutboxPage",
    "OutboxRow",
    "StepCounts",
    "StepVisit",
    "TagChange",
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
