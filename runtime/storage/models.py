"""SQLAlchemy 2 models of a project database (SQLite file or PostgreSQL).

Times are aware UTC datetimes (see :class:`UTCDateTime`). Schema changes go through Alembic
migrations in ``runtime/storage/migrations``; never change a table here without adding one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from runtime.flow.channels import Channel
from runtime.flow.states import ExecutionStatus, FlowStatus, OutboxStatus
from runtime.storage.search_key import SEARCH_COLUMNS, search_key
from runtime.storage.types import UTCDateTime

#: ``info`` of a contact column that holds the person's own data (see CONTACT_FIELD_COLUMNS)
FIELD: dict[str, Any] = {"contact_field": True}


class Base(DeclarativeBase):
    """Declarative base of every project table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON, datetime: UTCDateTime}
    # every model here maps one plain Table (SQLAlchemy types __table__ as the wider FromClause)
    __table__: ClassVar[Table]


class Setting(Base):
    """Project settings: default phone region, quiet hours, sandbox, virtual clock, ..."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Contact(Base):
    """A person the flows reach, with identities per channel and per-channel status."""

    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    # the person's own fields (info=FIELD): what an import, a contact form or the API may set
    email: Mapped[str | None] = mapped_column(String(320), index=True, info=FIELD)
    phone: Mapped[str | None] = mapped_column(String(32), index=True, info=FIELD)  # E.164
    telegram_chat_id: Mapped[str | None] = mapped_column(String(64), index=True, info=FIELD)
    whatsapp: Mapped[str | None] = mapped_column(String(32), info=FIELD)  # E.164
    push_subscriptions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    first_name: Mapped[str | None] = mapped_column(String(200), info=FIELD)
    last_name: Mapped[str | None] = mapped_column(String(200), info=FIELD)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", info=FIELD)
    birthday: Mapped[str | None] = mapped_column(String(10), info=FIELD)  # YYYY-MM-DD
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # subscribed / unsubscribed / blocked, per channel
    email_status: Mapped[str] = mapped_column(String(16), default="subscribed")
    sms_status: Mapped[str] = mapped_column(String(16), default="subscribed")
    telegram_status: Mapped[str] = mapped_column(String(16), default="subscribed")
    whatsapp_status: Mapped[str] = mapped_column(String(16), default="subscribed")
    push_status: Mapped[str] = mapped_column(String(16), default="subscribed")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # indexed: realtime segments and date triggers look for recently changed contacts every tick
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # casefolded id, email, names, phone, chat: what contact search matches (runtime.storage.search_key)
    search_key: Mapped[str | None] = mapped_column(Text)


#: channels a contact has a subscription status for: those with a ``<channel>_status`` column above
CHANNELS: tuple[Channel, ...] = tuple(c for c in Channel if f"{c}_status" in Contact.__table__.c)
#: the contact's own fields, in column order (email, phone, ..., birthday)
CONTACT_FIELD_COLUMNS: tuple[str, ...] = tuple(c.name for c in Contact.__table__.c if c.info.get("contact_field"))
#: the contact's ``<channel>_status`` columns, in channel order
CONTACT_STATUS_COLUMNS: tuple[str, ...] = tuple(f"{channel}_status" for channel in CHANNELS)


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _keep_search_key(_mapper: Any, _connection: Any, contact: Contact) -> None:
    contact.search_key = search_key(*(getattr(contact, name) for name in SEARCH_COLUMNS))


class Tag(Base):
    """A tag name. Tags on contacts are permanent until removed on purpose."""

    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    color: Mapped[str | None] = mapped_column(String(16))  # "#RRGGBB", shown in the tag editor
    description: Mapped[str | None] = mapped_column(Text)


class ContactTag(Base):
    """A tag a contact currently has."""

    __tablename__ = "contact_tags"
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TagLog(Base):
    """Every tag added or removed: who (user, flow:step, import), when and why."""

    __tablename__ = "tag_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    tag: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(8))  # add / remove
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    # set when the engine's trigger pass has handled the row (tag_added triggers, realtime segments)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_tag_log_unprocessed", "id", sqlite_where=text("processed_at IS NULL"),
                            postgresql_where=text("processed_at IS NULL")),)


class Event(Base):
    """Something a contact did (or a message they sent: name ``message``)."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # set once triggers/goals/waits have looked at the event (at or after occurred_at)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_events_contact_name_at", "contact_id", "name", "occurred_at"),
        Index("ix_events_unprocessed", "processed_at", "occurred_at"),
    )


class FlowRow(Base):
    """A flow: its draft definition, status and entry switch."""

    __tablename__ = "flows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # draft, active, paused, ended, terminated, archived
    status: Mapped[str] = mapped_column(String(16), default=FlowStatus.DRAFT)
    entry_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    draft: Mapped[str] = mapped_column(Text)  # canonical flow file text
    current_version_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FlowVersion(Base):
    """An immutable published version of a flow."""

    __tablename__ = "flow_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    flow_id: Mapped[int] = mapped_column(ForeignKey("flows.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[str] = mapped_column(Text)  # canonical flow file text
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("flow_id", "version"),)


class Execution(Base):
    """One entry of a contact into a flow."""

    __tablename__ = "executions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    flow_id: Mapped[int] = mapped_column(ForeignKey("flows.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("flow_versions.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    # active, completed, exited, failed, terminated
    status: Mapped[str] = mapped_column(String(16), default=ExecutionStatus.ACTIVE)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exit_reason: Mapped[str | None] = mapped_column(String(64))  # completed, goal, exit_step, left, terminated, failed
    trigger_event_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        # A contact is never in the same flow twice at once: enforced by the database.
        Index(
            "uq_executions_active",
            "flow_id",
            "contact_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_executions_flow_status", "flow_id", "status"),
    )


class Token(Base):
    """A position of an execution in its flow; several when branches run in parallel."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    execution_id: Mapped[int] = mapped_column(ForeignKey("executions.id", ondelete="CASCADE"), index=True)
    flow_id: Mapped[int] = mapped_column(Integer)
    step_id: Mapped[str] = mapped_column(String(200))
    # ready (due at due_at), waiting (wait step: due at due_at or when an event arrives), done
    state: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    visit: Mapped[int] = mapped_column(Integer, default=0)
    # wait-for-event: the event name and when the wait began
    wait_event: Mapped[str | None] = mapped_column(String(200))
    wait_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_tokens_state_due", "state", "due_at"),)


class StepLog(Base):
    """Every step visit: what happened, which port was taken, how late it ran."""

    __tablename__ = "step_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    execution_id: Mapped[int] = mapped_column(ForeignKey("executions.id", ondelete="CASCADE"), index=True)
    token_id: Mapped[int | None] = mapped_column(Integer)
    flow_id: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[int] = mapped_column(Integer, index=True)
    step_id: Mapped[str] = mapped_column(String(200))
    visit: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(32))  # entered, waiting, completed, failed, skipped
    port: Mapped[str | None] = mapped_column(String(64))
    late_seconds: Mapped[float | None] = mapped_column()
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Outbox(Base):
    """Every message a flow queued, with its delivery state."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    execution_id: Mapped[int | None] = mapped_column(Integer, index=True)
    flow_id: Mapped[int | None] = mapped_column(Integer)
    step_id: Mapped[str | None] = mapped_column(String(200))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    # queued, held, sending, sent, sandbox, failed, skipped, review
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)  # why held / skipped
    error: Mapped[str | None] = mapped_column(Text)
    provider_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)


class Counter(Base):
    """A metric kept up to date in the same transaction as the change it counts.

    ``step_id`` is ``""`` for flow-level metrics (entered, active, completed, exited_goal, ...).
    """

    __tablename__ = "counters"
    flow_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    step_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Audit(Base):
    """Manual actions by operators (move a contact, terminate a flow, ...)."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ApiToken(Base):
    """A token for the inbound HTTP API. Only its SHA-256 digest is kept: the token itself is
    shown once, when it is created."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # hex SHA-256 of the token
    prefix: Mapped[str] = mapped_column(String(16))  # first characters, to tell tokens apart in lists
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InboundRequest(Base):
    """An inbound API request done under an ``Idempotency-Key``: a replay gets the stored answer."""

    __tablename__ = "inbound_requests"
    token_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path and body
    status: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class RunnerLease(Base):
    """Who advances the project's flows right now (one runner per SQLite project).

    One row per lease name (``engine``); taken and renewed in a write transaction, so two runners
    never both believe they hold it. See :mod:`runtime.engine.lease`.
    """

    __tablename__ = "runner_lease"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    holder: Mapped[str] = mapped_column(String(200))
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReportDaily(Base):
    """Daily report aggregates, one row per (day in the reporting zone, flow, step, metric, dim).

    Kept by database triggers in the same transaction as the change they count (see
    ``runtime.storage.report_aggregates``); ``flow_id`` 0 holds project-wide metrics, ``step_id`` ``""``
    flow-level ones. ``amount`` sums money (purchase amounts).
    """

    __tablename__ = "report_daily"
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    flow_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    step_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    metric: Mapped[str] = mapped_column(String(32), primary_key=True)
    dim: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[float] = mapped_column(default=0.0)


class ReportActive(Base):
    """Contacts who did anything on a day (reporting zone); ``flow_id`` 0 = anywhere in the project."""

    __tablename__ = "report_active"
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    flow_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class ReportDelta(Base):
    """PostgreSQL's appended changes to ``report_daily`` (no upsert, so no lock between writers);
    folded into it before a report is read (``runtime.storage.report_aggregates.fold``)."""

    __tablename__ = "report_delta"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10))
    flow_id: Mapped[int] = mapped_column(Integer)
    step_id: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(32))
    dim: Mapped[str] = mapped_column(String(200))
    value: Mapped[int] = mapped_column(Integer)
    amount: Mapped[float] = mapped_column()


class ReportActiveDelta(Base):
    """PostgreSQL's appended rows for ``report_active`` (duplicates allowed; folded like ``report_delta``)."""

    __tablename__ = "report_active_delta"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10))
    flow_id: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[int] = mapped_column(Integer)


class ReportZone(Base):
    """UTC offsets of the reporting zone from ``start_utc`` on (its DST transitions), for the triggers."""

    __tablename__ = "report_zone"
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    offset_minutes: Mapped[int] = mapped_column(Integer)


class ReportMute(Base):
    """Tables whose batched report triggers a bulk writer has muted inside its own transaction
    (it counts its rows set-wise before committing; see ``runtime.storage.report_batch``).
    Empty outside such a transaction."""

    __tablename__ = "report_mute"
    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
