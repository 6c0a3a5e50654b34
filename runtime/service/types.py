"""Plain data the service hands to the designer (never SQLAlchemy rows)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from runtime.flow.model import Flow


@dataclass(frozen=True)
class FlowSummary:
    """One line of the flow list: status and headline counts."""

    id: int
    name: str
    status: str  # draft, active, paused, ended, terminated, archived
    entry_enabled: bool
    version: int | None  # the current published version number, None when never published
    entered_total: int
    entered_today: int  # entered since local midnight
    active: int  # executions in the flow right now
    updated_at: datetime
    actions: tuple[str, ...] = ()  # operator actions the lifecycle allows now (activate, pause, ...)
    start_at: datetime | None = None  # the live version's entry window (entry.start_at / end_at)
    end_at: datetime | None = None
    scheduled: bool = False  # active, but its start_at is still ahead: nobody enters yet


@dataclass
class FlowInfo:
    """A flow opened for editing: its draft definition plus status and where contacts are."""

    id: int
    name: str
    status: str
    entry_enabled: bool
    draft: Flow
    version: int | None
    active_by_version: dict[int, int] = field(default_factory=dict)  # version number -> active executions
    updated_at: datetime | None = None
    draft_changed: bool = True  # the saved draft differs from the live version (there is something to publish)
    actions: tuple[str, ...] = ()  # operator actions the lifecycle allows now (activate, pause, ...)


@dataclass(frozen=True)
class ContactBrief:
    """A contact as pickers and preview menus show it."""

    external_id: str
    name: str
    email: str | None = None
    phone: str | None = None
    telegram_chat_id: str | None = None
    timezone: str = "UTC"


@dataclass(frozen=True)
class ChangeSet:
    """What a mutating service call changed, broadcast to change listeners afterwards.

    ``kind`` is one of: ``flow_created``, ``flow_saved``, ``flow_renamed``, ``flow_published``,
    ``flow_status`` (activate/pause/resume/terminate/archive/entry switch),
    ``settings``, ``project`` (contacts, events or other data changed in bulk).
    """

    kind: str
    flow_ids: tuple[int, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)


ChangeListener = Callable[[ChangeSet], None]


@dataclass(frozen=True)
class FlowCounts:
    """A flow's headline metrics, read from its counters."""

    entered: int = 0
    active: int = 0  # inside the flow right now
    completed: int = 0
    exited_goal: int = 0
    exited_other: int = 0
    failed: int = 0
    conversion: float = 0.0  # exited_goal / entered (0.0 when nobody entered)


@dataclass(frozen=True)
class StepCounts:
    """One step's metrics: contacts who reached it, wait there now, left it, failed at it."""

    entered: int = 0
    waiting: int = 0
    completed: int = 0
    failed: int = 0


@dataclass(frozen=True)
class FlowStats:
    """A flow's metrics and every step's (``flowcanvas stats --json`` prints :meth:`to_json`).

    ``edges`` (step id -> port -> contacts who left through it) is filled by ``live_counts`` only:
    the canvas labels its edges with them.
    """

    flow: FlowCounts
    steps: Mapping[str, StepCounts]
    edges: Mapping[str, Mapping[str, int]] | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FlowStats:
        """The stats of a ``{"flow": {...}, "steps": {...}}`` dict (the read model's shape)."""
        edges = data.get("edges")
        return cls(FlowCounts(**data["flow"]), {sid: StepCounts(**c) for sid, c in data["steps"].items()},
                   {sid: dict(ports) for sid, ports in edges.items()} if edges is not None else None)

    def to_json(self) -> dict[str, Any]:
        """``{"flow": {...}, "steps": {step id: {...}}}`` (plus ``"edges"`` when set), in field order."""
        out: dict[str, Any] = {"flow": asdict(self.flow), "steps": {sid: asdict(c) for sid, c in self.steps.items()}}
        if self.edges is not None:
            out["edges"] = {sid: dict(ports) for sid, ports in self.edges.items()}
        return out



@dataclass(frozen=True)
class OutboxRow:
    """One queued message as operators read it (the outbox viewer, ``flowcanvas outbox``)."""

    id: int
    contact: str  # the contact's external id
    flow: str | None  # the flow's name (None for a message no flow sent)
    step: str | None
    channel: str
    status: str  # an OutboxStatus
    at: str | None  # when it was queued, ISO 8601 UTC
    content: Any  # the rendered message, as the adapter receives it
    reason: str | None = None  # why it is held, skipped or in review
    error: str | None = None
    attempts: int = 0
    sent_at: str | None = None  # ISO 8601 UTC
    provider_id: str | None = None
    step_name: str | None = None  # the step's name as the canvas shows it (``step`` is its id)

    def to_json(self) -> dict[str, Any]:
        """Every field by name, in field order."""
        return asdict(self)


@dataclass(frozen=True)
class OutboxPage:
    """One page of the outbox viewer: the rows shown and how many match the filters in all."""

    total: int
    rows: tuple[OutboxRow, ...]


@dataclass(frozen=True)
class TagChange:
    """A tag added to or removed from a contact: by whom (user, flow:step, import) and why."""

    tag: str
    action: str  # add / remove
    at: str  # ISO 8601 UTC
    by: str
    reason: str | None = None


@dataclass(frozen=True)
class ExecutionBrief:
    """One entry of a contact into a flow, as the contact card lists it."""

    id: int
    flow: str
    flow_id: int
    status: str  # an ExecutionStatus
    entered_at: str | None
    ended_at: str | None = None
    exit_reason: str | None = None


@dataclass(frozen=True)
class StepVisit:
    """One step a contact went through (a step log row)."""

    execution_id: int
    flow: str | None
    step: str
    visit: int
    at: str | None
    outcome: str
    port: str | None = None
    late_seconds: float | None = None
    detail: Any = None
    step_name: str | None = None  # the step's name as the canvas shows it (``step`` is its id)


@dataclass(frozen=True)
class ContactEvent:
    """Something a contact did, as the contact card lists it."""

    name: str
    props: Mapping[str, Any]
    occurred_at: str | None
    processed: bool


@dataclass(frozen=True)
class ContactDetails:
    """Everything known about one contact (``flowcanvas contacts show --json`` prints :meth:`to_json`)."""

    id: str  # the external id
    email: str | None
    phone: str | None
    telegram_chat_id: str | None
    whatsapp: str | None
    push_subscriptions: int  # how many browsers are subscribed
    first_name: str | None
    last_name: str | None
    timezone: str
    birthday: str | None
    created_at: str | None
    updated_at: str | None
    last_activity_at: str | None
    attributes: Mapping[str, Any]
    channels: Mapping[str, str]  # channel -> subscribed / unsubscribed / blocked
    tags: tuple[str, ...]
    tag_history: tuple[TagChange, ...]
    executions: tuple[ExecutionBrief, ...]  # newest first
    recent_steps: tuple[StepVisit, ...]  # newest first
    recent_events: tuple[ContactEvent, ...]  # newest first

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ContactDetails:
        """The details of a ``contacts show`` document (the read model's dict)."""
        return cls(**{
            **data,
            "attributes": dict(data["attributes"]),
            "channels": dict(data["channels"]),
            "tags": tuple(data["tags"]),
            "tag_history": tuple(TagChange(**c) for c in data["tag_history"]),
            "executions": tuple(ExecutionBrief(**e) for e in data["executions"]),
            "recent_steps": tuple(StepVisit(**s) for s in data["recent_steps"]),
            "recent_events": tuple(ContactEvent(**e) for e in data["recent_events"]),
        })

    @property
    def name(self) -> str:
        """First and last name as far as known ('' when neither is)."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    def to_json(self) -> dict[str, Any]:
        """The ``contacts show`` document: every field by name, in field order, lists as lists."""
        out = asdict(self)
        return {key: list(value) if isinstance(value, tuple) else value for key, value in out.items()}


@dataclass(frozen=True)
class ContactRow:
    """One contact in the contacts browser's table."""

    id: str  # the external id
    name: str
    email: str | None
    phone: str | None
    telegram_chat_id: str | None
    channels: Mapping[str, str]  # channel -> subscribed / unsubscribed / blocked
    tags: tuple[str, ...]


@dataclass(frozen=True)
class ContactPage:
    """One page of contacts through a filter, and how many match it in all."""

    total: int
    offset: int
    rows: tuple[ContactRow, ...]
