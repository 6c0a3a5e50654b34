"""The dispatcher: delivers outbox rows through channel adapters.

One pass (:meth:`Dispatcher.run_once`) claims the rows that are due (``queued`` or ``held`` with
``next_attempt_at <= now``), applies sandbox mode, contact status, quiet hours and frequency caps,
then sends with bounded concurrency and per-channel (and per-recipient) rate limits.

At most once per idempotency key:

1. a claimed row gets a short lease (``next_attempt_at = now + lease``) so other workers skip it;
2. right before the provider call the row moves ``queued -> sending`` (attempts + 1) in a committed
   transaction (several rows may share one commit: group commit, but always before their calls);
3. the provider's answer is recorded in another transaction: ``sent`` / ``failed`` / back to
   ``queued`` with exponential backoff and jitter (``attempts`` and ``next_attempt_at`` persist, so
   retries survive restarts) / ``failed`` after the give-up time.

Database work (claims, commits) runs on one database thread of the dispatcher, so the event loop
keeps talking to providers meanwhile; claiming the next batch overlaps with sending the current
one. Rate limits: a per-recipient slot (e.g. Telegram 1/s per chat) is taken before the row is
marked ``sending``, the channel's slot (e.g. 30/s per bot) after it, right before the provider
call, so requests reach the provider as evenly spaced as they were granted (the cost: a crash
while waiting for a channel slot, at most concurrency / rate seconds, leaves a ``sending`` row).

A row found in ``sending`` whose lease has run out was interrupted between the call and the
record. It is sent again only when the adapter's provider deduplicates on the idempotency key
(webhooks, by contract); otherwise it becomes ``review`` with the reason, for an operator to
decide (:func:`resolve_review`). Nothing is dropped silently.

Outcomes reach the engine through ``runtime.engine.executions.resume_after_delivery`` (port
``next`` when sent or skipped by a cap, ``failed`` on permanent failure), in the same transaction
as the outbox update.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from runtime.channels import base, policy
from runtime.channels import settings as cs
from runtime.channels.accounts import account_of, adapter_key
from runtime.channels.base import Adapter, ChannelError, Message, Sent, Transient
from runtime.channels.group_commit import GroupCommit
from runtime.channels.ratelimit import KeyedLimiter, LimiterOptions, SlidingWindowLimiter
from runtime.channels.records import (
    last_inbound,
    log_step,
    recipient_of,
    resume_function,
)
from runtime.channels.telegram_invites import remember_invite
from runtime.channels.webhook_review import refusal_for_url
from runtime.clock import Clock, ensure_utc
from runtime.flow.channels import VK_STATUS_ATTR
from runtime.flow.states import OutboxStatus
from runtime.flow.telegram import BLOCKED_ATTR, blocked_accounts
from runtime.storage.db import Project
from runtime.storage.models import CHANNELS, Contact, Outbox

if TYPE_CHECKING:  # httpx (also behind the VK adapter) and phonenumbers (behind push subscriptions) load
    # only when a message really goes out (a sandbox run usually never needs them)
    import httpx

DUE_STATUSES = (OutboxStatus.QUEUED, OutboxStatus.HELD)
STATUS_COLUMNS = frozenset(CHANNELS)  # channels with a <channel>_status column on the contact
MIN_RETRY_SECONDS = 1.0
CONFIG_RETRY_SECONDS = 600.0  # a channel that is not configured is re-checked every 10 minutes
ADAPTER_REFRESH_SECONDS = 60.0  # process time: how long adapters built from settings are reused


@dataclass
class DispatchReport:
    """What one pass did, by outcome."""

    counts: Tally[str] = field(default_factory=Tally)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, outcome: str, row_id: int | None = None, reason: str | None = None) -> None:
        self.counts[outcome] += 1
        if reason and outcome in ("failed", "review", "retry", "held", "skipped") and len(self.errors) < 200:
            self.errors.append({"outbox_id": row_id, "outcome": outcome, "reason": reason})

    def to_json(self) -> dict[str, Any]:
        keys = ("sent", "failed", "retry", "held", "skipped", "sandbox", "review", "requeued")
        return {**{k: self.counts.get(k, 0) for k in keys}, "details": self.errors}


@dataclass
class _Job:
    row_id: int
    message: Message
    adapter: Adapter
    address: str
    execution_id: int | None = None
    key: str = ""  # the adapter: the channel, or a named account (telegram:paid)


class Dispatcher:
    """Sends due outbox rows of one project. Build one per process; call :meth:`run_once` or :meth:`run`."""

    def __init__(
        self,
        project: Project,
        clock: Clock,
        adapters: Mapping[str, Adapter] | None = None,
        *,
        client: httpx.AsyncClient | None = None,
        sandbox: bool | None = None,
        concurrency: int | None = None,
        batch: int | None = None,
        rate_limits: Mapping[str, tuple[float | None, float | None]] | None = None,
        give_up_after: timedelta | None = None,
        backoff_base: float | None = None,
        backoff_max: float | None = None,
        sending_lease: float | None = None,
        rng: random.Random | None = None,
        limiter_options: LimiterOptions | None = None,
    ) -> None:
        self.project = project
        self.clock = clock
        self._adapters: dict[str, Adapter] = dict(adapters or {})
        self._fixed_adapters = adapters is not None
        self._client = client
        self._own_client = False
        self._sandbox = sandbox
        with project.session() as session:
            tuning = cs.dispatch_settings(session)
        self.concurrency = int(concurrency or tuning["concurrency"])
        self.batch = int(batch or tuning["batch"])
        self.give_up_after = give_up_after or timedelta(hours=float(tuning["give_up_after_hours"]))
        self.backoff_base = float(backoff_base if backoff_base is not None else tuning["backoff_base_seconds"])
        self.backoff_max = float(backoff_max if backoff_max is not None else tuning["backoff_max_seconds"])
        self.sending_lease = timedelta(seconds=float(sending_lease or tuning["sending_lease_seconds"]))
        self.rng = rng or random.Random()
        self._rate_overrides = dict(rate_limits or {})
        self._limiter_options: LimiterOptions = limiter_options or {}
        self._limiters: dict[str, tuple[SlidingWindowLimiter | None, KeyedLimiter | None]] = {}
        # channel -> (reason, until): credentials were rejected; re-checked after CONFIG_RETRY_SECONDS
        self._suspended: dict[str, tuple[str, datetime]] = {}
        self._built_at: dict[str, float] = {}  # adapters built from settings are rebuilt now and then
        # messages claimed but not yet recorded, per contact: frequency caps count them too
        self._inflight: defaultdict[int, list[tuple[str, datetime]]] = defaultdict(list)
        self._commits = GroupCommit(project, clock, self.sending_lease)
        self._recovered = False

    # ------------------------------------------------------------------ setup

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            from runtime.channels.http import delivery_client

            self._client = delivery_client(self.concurrency)
            self._own_client = True
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client the dispatcher created (not one passed in) and its database thread."""
        if self._own_client and self._client is not None:
            await self._client.aclose()
        self._commits.close()

    def _adapter(self, session: Session, channel: str) -> Adapter:
        adapter = self._adapters.get(channel)
        # pick up changed settings or secrets in a long-running dispatcher
        if (adapter is not None and not self._fixed_adapters
                and time.monotonic() - self._built_at.get(channel, 0.0) > ADAPTER_REFRESH_SECONDS):
            adapter = None
        if adapter is None:
            if self._fixed_adapters:
                raise ChannelError(f"channel {channel} is not configured in this dispatcher")
            from runtime.channels.factory import build_adapter

            adapter = self._adapters[channel] = build_adapter(session, channel, self._http())
            self._built_at[channel] = time.monotonic()
        return adapter

    def suspended(self, channel: str) -> str | None:
        """Why ``channel`` is suspended (its credentials were rejected recently), or None."""
        entry = self._suspended.get(channel)
        if entry is None:
            return None
        if self.clock.now() >= entry[1]:
            del self._suspended[channel]
            self._built_at.pop(channel, None)  # rebuild with the (maybe fixed) credentials
            return None
        return entry[0]

    def _limiter(self, session: Session, channel: str) -> tuple[SlidingWindowLimiter | None, KeyedLimiter | None]:
        if channel not in self._limiters:
            if channel in self._rate_overrides:
                per_second, per_recipient = self._rate_overrides[channel]
            else:
                from runtime.channels.factory import rate_limits

                per_second, per_recipient = rate_limits(session, channel)
            self._limiters[channel] = (
                SlidingWindowLimiter(per_second, **self._limiter_options) if per_second else None,
                KeyedLimiter(per_recipient, **self._limiter_options) if per_recipient else None,
            )
        return self._limiters[channel]

    def sandbox(self, session: Session) -> bool:
        """Sandbox mode: forced by the constructor, else the project's ``sandbox`` setting."""
        return self._sandbox if self._sandbox is not None else cs.sandbox_enabled(session)

    # ------------------------------------------------------------------ outcomes

    def _resume(self, session: Session, row: Outbox, port: str, reason: str | None,
                detail: dict[str, Any] | None = None) -> None:
        if row.execution_id is None:
            return
        resume = resume_function()
        if detail:
            resume(session, row.id, port, self.clock, reason=reason, detail=detail)
        else:
            resume(session, row.id, port, self.clock, reason=reason)

    def _fail(self, session: Session, row: Outbox, reason: str, kind: str, report: DispatchReport) -> None:
        now = self.clock.now()
        row.status, row.error, row.next_attempt_at = OutboxStatus.FAILED, reason, None
        contact = session.get(Contact, row.contact_id)
        account = account_of(row.content) if row.channel == "telegram" else None
        if contact is not None and account and kind == base.BLOCKED:
            blocked = blocked_accounts(contact.attributes)
            if account not in blocked:
                contact.attributes = {**(contact.attributes or {}), BLOCKED_ATTR: [*blocked, account]}
                contact.updated_at = now
        elif contact is not None and row.channel == "vk" and kind == base.BLOCKED:
            contact.attributes = {**(contact.attributes or {}), VK_STATUS_ATTR: "blocked"}
            contact.updated_at = now
        elif contact is not None and row.channel in STATUS_COLUMNS:
            if kind == base.BLOCKED:
                setattr(contact, f"{row.channel}_status", "blocked")
                contact.updated_at = now
            elif kind == base.UNSUBSCRIBED:
                setattr(contact, f"{row.channel}_status", "unsubscribed")
                contact.updated_at = now
        if kind == base.AUTH:
            self._suspended[adapter_key(row.channel, row.content)] = (reason, now + timedelta(seconds=CONFIG_RETRY_SECONDS))
        session.flush()
        self._resume(session, row, "failed", reason)
        report.add("failed", row.id, reason)

    def _retry(self, session: Session, row: Outbox, result: Transient, report: DispatchReport) -> None:
        now = self.clock.now()
        started = ensure_utc(row.created_at) if row.created_at else now
        if now - started >= self.give_up_after:
            hours = self.give_up_after.total_seconds() / 3600
            self._fail(session, row, f"gave up after {hours:g} h and {row.attempts} attempt(s); last error: {result.reason}",
                       base.INVALID, report)
            return
        if result.retry_after is not None:
            delay = max(MIN_RETRY_SECONDS, result.retry_after)
        else:
            exp = min(self.backoff_max, self.backoff_base * 2 ** max(0, row.attempts - 1))
            delay = max(MIN_RETRY_SECONDS, exp / 2 + self.rng.random() * exp / 2)  # "equal jitter"
        row.status, row.error = OutboxStatus.QUEUED, result.reason
        row.next_attempt_at = now + timedelta(seconds=delay)
        report.add("retry", row.id, f"{result.reason} (retry in {delay:.0f} s)")

    def _record(self, session: Session, row_id: int, result: base.SendResult, report: DispatchReport) -> None:
        row = session.get(Outbox, row_id)
        if row is None or row.status != OutboxStatus.SENDING:
            return  # resolved elsewhere (an operator); never overwrite
        for endpoint in getattr(result, "gone", ()):
            from runtime.contacts.push import remove_push_subscription

            remove_push_subscription(session, row.contact_id, endpoint, self.clock.now())
        if isinstance(result, Sent):
            row.status, row.provider_id, row.error = OutboxStatus.SENT, result.provider_id, None
            row.sent_at, row.next_attempt_at = self.clock.now(), None
            if result.detail:
                remember_invite(session, row, result.detail, self.clock)
            session.flush()
            self._resume(session, row, "next", None, result.detail)
            report.add("sent", row.id)
        elif isinstance(result, Transient):
            self._retry(session, row, result, report)
        else:
            self._fail(session, row, result.reason, result.kind, report)

    # ------------------------------------------------------------------ group commit

    async def _write(self, op: Callable[[Session], Any]) -> Any:
        return await self._commits.write(op)

    async def _record_sent(self, job: _Job, result: Sent, report: DispatchReport) -> None:
        """The common case, a sent message of no execution, as one bulk UPDATE per commit."""
        if job.execution_id is not None or result.gone or result.detail:
            await self._write(lambda s: self._record(s, job.row_id, result, report))
            return
        await self._commits.mark_sent(job.row_id, result.provider_id, report)

    async def _in_db(self, func: Callable[..., Any], *args: Any) -> Any:
        return await self._commits.in_db(func, *args)

    # ------------------------------------------------------------------ recovery

    def recover(self) -> DispatchReport:
        """Rows left in ``sending`` by a crash (lease run out): re-send where the provider
        deduplicates on the idempotency key, otherwise flag ``review`` with the reason."""
        report = DispatchReport()
        now = self.clock.now()
        with self.project.write() as session:
            rows = session.scalars(
                select(Outbox).where(
                    Outbox.status == OutboxStatus.SENDING, or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now)
                )
            ).all()
            for row in rows:
                try:
                    adapter = self._adapter(session, row.channel)
                    honours = bool(adapter.honours_idempotency)
                except ChannelError:
                    honours = False
                if honours:
                    row.status, row.next_attempt_at = OutboxStatus.QUEUED, now
                    row.reason = "interrupted while sending; re-sent with the same idempotency key (the receiver deduplicates)"
                    report.add("requeued", row.id, row.reason)
                else:
                    row.status, row.next_attempt_at = OutboxStatus.REVIEW, None
                    row.reason = (
                        f"interrupted between the {row.channel} provider call and recording its answer; the provider "
                        "does not deduplicate, so it was not sent again: check the provider's log, then mark it "
                        "sent or re-queue it"
                    )
                    log_step(session, row, "review", row.reason, now)
                    report.add("review", row.id, row.reason)
        self._recovered = True
        return report

    # ------------------------------------------------------------------ claim

    def _claim(self, report: DispatchReport) -> list[_Job]:
        now = self.clock.now()
        jobs: list[_Job] = []
        with self.project.write() as session:
            query = (
                select(Outbox)
                .where(Outbox.status.in_(DUE_STATUSES),
                       or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now))
                .order_by(Outbox.next_attempt_at, Outbox.id)
                .limit(self.batch)
            )
            if self.project.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = session.scalars(query).all()
            if not rows:
                return jobs
            contacts = {
                c.id: c for c in session.scalars(select(Contact).where(Contact.id.in_({r.contact_id for r in rows})))
            }
            sandbox = self.sandbox(session)
            config = policy.PolicyConfig.load(session)
            ledger = policy.CapLedger(session, now, _pending=self._inflight,
                                      counted=(OutboxStatus.SENT, OutboxStatus.SANDBOX) if sandbox else (OutboxStatus.SENT,))
            for row in rows:
                job = self._triage(session, row, contacts.get(row.contact_id), sandbox, config, ledger, now, report)
                if job is not None:
                    jobs.append(job)
        return jobs

    def _triage(
        self, session: Session, row: Outbox, contact: Contact | None, sandbox: bool,
        config: policy.PolicyConfig, ledger: policy.CapLedger, now: datetime, report: DispatchReport,
    ) -> _Job | None:
        if contact is None:
            self._fail(session, row, "the contact no longer exists", base.INVALID, report)
            return None
        status = getattr(contact, f"{row.channel}_status", "subscribed") if row.channel in STATUS_COLUMNS else "subscribed"
        if row.channel == "vk":  # no column of its own: kept in the contact's attributes
            status = str((contact.attributes or {}).get(VK_STATUS_ATTR) or "subscribed")
        key = adapter_key(row.channel, row.content)
        if status != "unsubscribed" and key != row.channel:
            # a named bot: blocking it blocks only it; the contact may still talk to the others
            status = "blocked" if account_of(row.content) in blocked_accounts(contact.attributes) else "subscribed"
        if status in ("unsubscribed", "blocked"):
            self._fail(session, row, f"contact {contact.external_id} is {status} on {key}", base.INVALID, report)
            return None
        if sandbox:
            # the same policy as a live send (quiet hours, caps); only the provider call is replaced
            if self._apply_policy(session, row, contact, config, ledger, now, report):
                row.status, row.next_attempt_at = OutboxStatus.SANDBOX, None
                row.reason = "sandbox mode: nothing leaves the machine"
                row.sent_at = now
                ledger.note(contact.id, row.channel)
                session.flush()
                self._resume(session, row, "next", "sandbox")
                report.add("sandbox", row.id)
            return None
        if row.channel == "webhook" and (row.content or {}).get("url_from_data"):
            refusal = refusal_for_url(session, (row.content or {}).get("url", ""))
            if refusal:
                self._fail(session, row, refusal, base.INVALID, report)
                return None
        why = self.suspended(key)
        if why:
            self._retry(session, row, Transient(f"channel {key} suspended: {why}", CONFIG_RETRY_SECONDS), report)
            return None
        try:
            adapter = self._adapter(session, key)
            self._limiter(session, key)
        except ChannelError as exc:
            self._retry(session, row, Transient(str(exc), CONFIG_RETRY_SECONDS), report)
            return None
        except Exception as exc:  # noqa: BLE001 - one message's channel must never stop the run loop
            reason = f"channel {row.channel} could not be set up: {type(exc).__name__}: {exc}"
            self._retry(session, row, Transient(reason, CONFIG_RETRY_SECONDS), report)
            return None
        recipient = recipient_of(contact, last_inbound(session, contact.id, "whatsapp") if row.channel == "whatsapp" else None)
        address = adapter.address(recipient)
        if not address:
            self._fail(session, row, f"contact {contact.external_id} has no {row.channel} address", base.NO_ADDRESS, report)
            return None
        if not self._apply_policy(session, row, contact, config, ledger, now, report):
            return None
        ledger.note(contact.id, row.channel)
        row.status, row.next_attempt_at = OutboxStatus.QUEUED, now + self.sending_lease  # lease: other workers skip it
        message = Message(row.id, row.channel, row.idempotency_key, dict(row.content or {}), recipient,
                          attempt=row.attempts + 1, now=now)
        return _Job(row.id, message, adapter, address, row.execution_id, key)

    def _apply_policy(self, session: Session, row: Outbox, contact: Contact, config: policy.PolicyConfig,
                      ledger: policy.CapLedger, now: datetime, report: DispatchReport) -> bool:
        """Quiet hours and caps: True when the message may go now; otherwise it is held or
        skipped here, with the reason on the row and in the step log."""
        content = row.content or {}
        decision = policy.decide(config, ledger, row.channel, contact.id, contact.timezone, now,
                                 quiet_hours=content.get("quiet_hours"), cap=content.get("cap"),
                                 flow_quiet_hours=content.get("flow_quiet_hours"), flow_caps=content.get("flow_caps"))
        if decision.action == "hold" and decision.until is not None and row.created_at is not None \
                and decision.until - ensure_utc(row.created_at) > self.give_up_after:
            # the waiting step would give up first: skip now rather than send after the flow moved on
            hours = self.give_up_after.total_seconds() / 3600
            decision = policy.Decision("skip", f"{decision.reason}; that is beyond the {hours:g} h give-up time: skipped")
        if decision.action == "hold":
            if row.status != OutboxStatus.HELD or row.reason != decision.reason:
                log_step(session, row, "held", decision.reason or "", now)
            row.status, row.reason, row.next_attempt_at = OutboxStatus.HELD, decision.reason, decision.until
            report.add("held", row.id, decision.reason)
            return False
        if decision.action == "skip":
            row.status, row.reason, row.next_attempt_at = OutboxStatus.SKIPPED, decision.reason, None
            log_step(session, row, "skipped", decision.reason or "", now)
            session.flush()
            self._resume(session, row, "next", decision.reason)
            report.add("skipped", row.id, decision.reason)
            return False
        return True

    # ------------------------------------------------------------------ send

    async def _worker(self, queue: asyncio.Queue[_Job | None], report: DispatchReport) -> None:
        while True:
            job = await queue.get()
            if job is None:
                return
            await self._deliver(job, report)

    async def _deliver(self, job: _Job, report: DispatchReport) -> None:
        try:
            await self._deliver_one(job, report)
        finally:
            pending = self._inflight[job.message.recipient.contact_id]
            entry = (job.message.channel, job.message.now)
            if entry in pending:  # else already cleared by a cancelled run
                pending.remove(entry)

    async def _deliver_one(self, job: _Job, report: DispatchReport) -> None:
        key = job.key or job.message.channel
        channel_limiter, recipient_limiter = self._limiters.get(key, (None, None))
        if recipient_limiter is not None:
            await recipient_limiter.acquire(job.address)
        if self.suspended(key):  # credentials failed meanwhile: keep it queued
            await self._write(lambda s: self._release(s, job.row_id, report))
            return
        if not await self._commits.claim_for_send(job.row_id):
            return  # someone else claimed it meanwhile
        if channel_limiter is not None:
            # the channel slot is taken last, right before the call: the commit above may wait
            # behind a claim on the database thread, and taking the slot first would let those
            # waits bunch requests up at the provider
            await channel_limiter.acquire()
        try:
            result = await job.adapter.send(job.message)
        except Exception as exc:  # noqa: BLE001 - an adapter bug: we cannot know if it went out
            reason = f"{job.message.channel} adapter error after the call started: {type(exc).__name__}: {exc}"
            if job.adapter.honours_idempotency:
                result = Transient(reason)
            else:
                await self._write(lambda s: self._to_review(s, job.row_id, reason, report))
                return
        if isinstance(result, Sent):
            await self._record_sent(job, result, report)
        else:
            await self._write(lambda s: self._record(s, job.row_id, result, report))

    def _release(self, session: Session, row_id: int, report: DispatchReport) -> None:
        row = session.get(Outbox, row_id)
        if row is not None and row.status == OutboxStatus.QUEUED:
            key = adapter_key(row.channel, row.content)
            reason = f"channel {key} suspended: {self.suspended(key)}"
            self._retry(session, row, Transient(reason, CONFIG_RETRY_SECONDS), report)

    def _to_review(self, session: Session, row_id: int, reason: str, report: DispatchReport) -> None:
        row = session.get(Outbox, row_id)
        if row is not None:
            row.status, row.reason, row.next_attempt_at = OutboxStatus.REVIEW, reason, None
            log_step(session, row, "review", reason, self.clock.now())
            report.add("review", row_id, reason)

    async def run_once(self) -> DispatchReport:
        """Deliver everything due now (recovering interrupted rows on the first pass)."""
        report = DispatchReport()
        if not self._recovered:
            report.counts.update((await self._in_db(self.recover)).counts)
        # claiming the next batch overlaps with sending the current one (a bounded queue between)
        queue: asyncio.Queue[_Job | None] = asyncio.Queue(maxsize=self.batch)
        workers = [asyncio.create_task(self._worker(queue, report)) for _ in range(self.concurrency)]
        try:
            while True:
                jobs = await self._in_db(self._claim, report)
                if not jobs:
                    break
                for job in jobs:
                    await queue.put(job)  # blocks while the queue is full: claims stay ahead by a batch
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
        finally:
            for worker in workers:
                worker.cancel()
            self._inflight.clear()
        return report

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> DispatchReport:
        """Dispatch until ``stop`` is set, polling every ``interval`` seconds."""
        total = DispatchReport()
        while not stop.is_set():
            report = await self.run_once()
            total.counts.update(report.counts)
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval)
            except TimeoutError:
                pass
        return total
