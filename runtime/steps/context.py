"""What a step handler sees and what it returns.

Handlers are deterministic functions ``handler(StepInput) -> StepResult``: they read a snapshot
of the contact, the step config, the time and the execution, and describe what should happen
(ports to take, a wait, outbox messages, contact and tag changes, a log detail). The runner
applies the result in memory and writes everything of a batch in one transaction; handlers
never touch the database or the outside world (sends go through the outbox).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from runtime.flow.model import Step
from runtime.steps.conditions import EvalContext
from runtime.steps.ranking import ChannelHistory


@dataclass
class ExecInfo:
    """The execution a token belongs to."""

    id: int
    flow_id: int
    flow_name: str
    version_id: int
    contact_id: int
    entered_at: datetime
    trigger_event_id: int | None = None
    trigger_props: dict[str, Any] | None = None
    delivery: dict[str, Any] | None = None  # the flow version's delivery settings for outbox content


class SendPolicy(Protocol):
    """Quiet hours and frequency caps for sandbox sends, over counts the batch loader read."""

    def sends_now(self, channel: str, content: dict[str, Any], contact: dict[str, Any]) -> bool:
        """Whether a live send would go out now (it is then counted toward the caps)."""
        ...


@dataclass(slots=True)
class Prefetched:
    """What a batch read for its handlers besides contacts, tags and events (one per batch).

    ``template_contacts`` is the batch's memo of each contact's template view, dropped by the
    runner when the contact or its tags change. Every field is optional: a handler run without
    the runner (unit use) gets the defaults.
    """

    delivery_wait: timedelta | None = None  # how long a real send waits for the dispatcher
    channel_history: ChannelHistory | None = None  # smart_send's ranking data
    send_policy: SendPolicy | None = None  # sandbox runs: whether a send would go out now
    normalize_field: Callable[[str, str, date], str] | None = None  # contact fields as the importer stores them
    template_contacts: dict[int, dict[str, Any]] = field(default_factory=dict)


@dataclass(slots=True)
class StepInput:
    """One step visit (or the return to a step the token waited on, ``resumed=True``)."""

    step: Step
    now: datetime
    contact: dict[str, Any]  # columns + "attributes"; read-only for handlers
    tags: set[str]
    execution: ExecInfo
    visit: int
    sandbox: bool
    eval_context: Callable[[], EvalContext]
    resumed: bool = False
    data: dict[str, Any] = field(default_factory=dict)  # the token's data while it waits here
    wait_since: datetime | None = None
    due_at: datetime | None = None
    prefetched: Prefetched = field(default_factory=Prefetched)  # the batch's shared snapshot
    template_ctx: dict[str, Any] | None = None  # built on first render, shared by the step's fields

    @property
    def config(self) -> dict[str, Any]:
        return self.step.config or {}


@dataclass
class OutboxMessage:
    """A message (or webhook, or team notification) for the outbox."""

    channel: str
    content: dict[str, Any]
    status: str  # queued, sandbox, sent
    reason: str | None = None


@dataclass(slots=True)
class StepResult:
    """What a step visit did. ``port=None`` ends the token here (unless it waits).

    Collections default to None rather than empty lists: millions of results are made per hour
    and most change nothing but the token's position.
    """

    port: str | None = "next"
    outcome: str = "completed"  # completed, failed, waiting, skipped
    wait_until: datetime | None = None
    wait_event: str | None = None
    wait_data: dict[str, Any] | None = None
    wait_for_outbox: bool = False  # the runner puts the new outbox id into the wait data
    messages: list[OutboxMessage] | None = None
    contact_changes: dict[str, Any] | None = None  # column or "attributes.x" -> value
    tags_add: list[str] | None = None
    tags_remove: list[str] | None = None
    end: tuple[str, str] | None = None  # (status, reason): end the whole execution
    leave_flows: Any = None  # "all" or a list of flow names/ids
    detail: dict[str, Any] | None = None

    @property
    def waits(self) -> bool:
        return self.wait_until is not None


def failed(reason: str, **detail: Any) -> StepResult:
    """A visit that leaves through ``failed`` with ``reason`` in the log."""
    return StepResult(port="failed", outcome="failed", detail={"reason": reason, **detail})
