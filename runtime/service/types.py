"""Plain data the service hands to the designer (never SQLAlchemy rows)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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
