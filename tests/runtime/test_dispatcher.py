"""Dispatcher: claiming, at-most-once sending, retries, give-up, recovery, sandbox, rate limits."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from runtime.channels import settings as cs
from runtime.channels.base import AUTH, BLOCKED, Permanent, Sent, Transient
from runtime.channels.dispatcher import Dispatcher
from runtime.channels.records import resolve_review
from runtime.channels.ratelimit import SlidingWindowLimiter
from runtime.channels.telegram import TelegramAdapter, TelegramBot
from runtime.channels.webhook import WebhookAdapter
from runtime.clock import VirtualClock
from runtime.storage.models import Contact, Outbox, StepLog, Token
from tests.runtime.channel_helpers import (
    T0,
    FakeAdapter,
    Recorder,
    add_contact,
    add_outbox,
    json_of,
    reply,
    waiting_execution,
)

EMAIL = {"subject": "Hi", "body": "Hello"}


@pytest.fixture
def vclock() -> VirtualClock:
    return VirtualClock(T0)


def rows(project) -> list[Outbox]:
    with project.session() as s:
        return list(s.scalars(select(Outbox).order_by(Outbox.id)))


def run(dispatcher: Dispatcher):
    return asyncio.run(dispatcher.run_once())


def seed(project, n: int = 1, channel: str = "email", **contact_fields):
    contact_fields.setdefault("email", "ann@example.com")
    with project.write() as s:
        contact = add_contact(s, **contact_fields)
        for i in range(n):
            add_outbox(s, contact, channel, EMAIL, f"1:send:{i}", T0)
        return contact.id


def test_sends_and_marks_sending_in_a_committed_transaction_before_the_call(project, vclock) -> None:
    seed(project, 2)
    seen: list[tuple[str, int]] = []

    def check(message) -> None:
        # a separate connection sees the committed 'sending' state while the provider is called
        with project.session() as s:
            row = s.get(Outbox, message.outbox_id)
            seen.append((row.status, row.attempts))

    adapter = FakeAdapter("email", [Sent("prov-1")], on_send=check)
    report = run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False))
    assert seen == [("sending", 1), ("sending", 1)]
    assert report.counts["sent"] == 2
    assert [(r.status, r.provider_id, r.sent_at, r.attempts) for r in rows(project)] == [("sent", "prov-1", T0, 1)] * 2
    assert len(adapter.calls) == 2
    run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False))
    assert len(adapter.calls) == 2  # nothing is sent twice


def test_transient_retry_after_is_persisted_and_honoured(project, vclock) -> None:
    seed(project)
    adapter = FakeAdapter("email", [Transient("busy", 17), Sent("ok")])
    dispatcher = Dispatcher(project, vclock, {"email": adapter}, sandbox=False)
    run(dispatcher)
    (row,) = rows(project)
    assert (row.status, row.attempts, row.error, row.next_attempt_at) == ("queued", 1, "busy", T0 + timedelta(seconds=17))
    # a restarted dispatcher (new object) before the time does nothing
    run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False))
    assert len(adapter.calls) == 1
    vclock.advance(timedelta(seconds=17))
    run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False))
    (row,) = rows(project)
    assert (row.status, row.attempts, row.error) == ("sent", 2, None)


def test_exponential_backoff_with_jitter_then_give_up(project, vclock) -> None:
    seed(project)
    adapter = FakeAdapter("email", [Transient("server error 502")])
    delays = []
    for _ in range(4):
        run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False, backoff_base=60, backoff_max=3600,
                       give_up_after=timedelta(hours=1), rng=random.Random(3)))
        (row,) = rows(project)
        if row.status != "queued":
            break
        delays.append((row.next_attempt_at - vclock.now()).total_seconds())
        vclock.set(row.next_attempt_at)
    for attempt, delay in enumerate(delays, start=1):
        full = 60 * 2 ** (attempt - 1)
        assert full / 2 <= delay <= full
    vclock.advance(timedelta(hours=1))
    run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False, give_up_after=timedelta(hours=1)))
    (row,) = rows(project)
    assert row.status == "failed"
    assert row.error.startswith("gave up after 1 h and") and "last error: server error 502" in row.error


def test_telegram_blocked_marks_contact_and_takes_failed_port(project, vclock) -> None:
    with project.write() as s:
        contact = add_contact(s, telegram_chat_id="555")
        execution, token = waiting_execution(s, contact, T0)
        row = add_outbox(s, contact, "telegram", {"text": "hi"}, f"{execution.id}:send:0", T0,
                         execution_id=execution.id, flow_id=execution.flow_id)
        token.data = {"outbox_id": row.id}
        token_id, contact_id = token.id, contact.id
    rec = Recorder(reply(403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}))
    adapter = TelegramAdapter(TelegramBot(rec.client(), "1:T"))
    run(Dispatcher(project, vclock, {"telegram": adapter}, sandbox=False, rate_limits={"telegram": (None, None)}))
    (row,) = rows(project)
    assert (row.status, row.error) == ("failed", "Telegram sendMessage: Forbidden: bot was blocked by the user")
    with project.session() as s:
        assert s.get(Contact, contact_id).telegram_status == "blocked"
        data = s.get(Token, token_id).data
    assert data["resume_port"] == "failed" and "blocked" in data["resume_reason"]


def test_sent_resumes_the_waiting_token_through_next(project, vclock) -> None:
    with project.write() as s:
        contact = add_contact(s, email="a@example.com")
        execution, token = waiting_execution(s, contact, T0)
        row = add_outbox(s, contact, "email", EMAIL, f"{execution.id}:send:0", T0, execution_id=execution.id)
        token.data = {"outbox_id": row.id}
        token_id = token.id
    run(Dispatcher(project, vclock, {"email": FakeAdapter("email")}, sandbox=False))
    with project.session() as s:
        assert s.get(Token, token_id).data["resume_port"] == "next"


def test_sandbox_setting_sends_nothing(project, vclock) -> None:
    seed(project, 3)
    with project.write() as s:
        cs.set_sandbox(s, True)
    adapter = FakeAdapter("email")
    report = run(Dispatcher(project, vclock, {"email": adapter}))
    assert adapter.calls == [] and report.counts["sandbox"] == 3
    assert {r.status for r in rows(project)} == {"sandbox"}


def test_contact_without_address_or_unsubscribed_fails_with_reason(project, vclock) -> None:
    with project.write() as s:
        nobody = add_contact(s, "c-no-mail")
        gone = add_contact(s, "c-unsub", email="x@example.com", email_status="unsubscribed")
        add_outbox(s, nobody, "email", EMAIL, "1:send:0", T0)
        add_outbox(s, gone, "email", EMAIL, "2:send:0", T0)
    adapter = FakeAdapter("email")
    run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False))
    first, second = rows(project)
    assert (first.status, first.error) == ("failed", "contact c-no-mail has no email address")
    assert (second.status, second.error) == ("failed", "contact c-unsub is unsubscribed on email")
    assert adapter.calls == []


def test_expired_token_fails_once_and_suspends_the_channel(project, vclock) -> None:
    with project.write() as s:
        contact = add_contact(s, telegram_chat_id="1")
        other = add_contact(s, "c2", telegram_chat_id="2")
        add_outbox(s, contact, "telegram", {"text": "a"}, "1:send:0", T0)
        add_outbox(s, other, "telegram", {"text": "b"}, "2:send:0", T0)
    rec = Recorder(reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"}))
    adapter = TelegramAdapter(TelegramBot(rec.client(), "1:T"))
    run(Dispatcher(project, vclock, {"telegram": adapter}, sandbox=False, concurrency=1,
                   rate_limits={"telegram": (None, None)}))
    first, second = rows(project)
    assert first.status == "failed" and "rejected the bot token" in first.error
    assert second.status == "queued" and "suspended" in second.error and second.next_attempt_at > T0
    assert len(rec.requests) == 1


def test_unconfigured_channel_waits_with_a_readable_reason(project, vclock) -> None:
    seed(project)
    run(Dispatcher(project, vclock, sandbox=False))
    (row,) = rows(project)
    assert row.status == "queued"
    assert "channel email: 'host' is not set" in row.error and "flowcanvas channel set" in row.error
    assert row.next_attempt_at == T0 + timedelta(minutes=10)


def test_configured_telegram_uses_the_token_from_the_keyring(project, vclock) -> None:
    with project.write() as s:
        cs.apply_channel_values(s, "telegram", {"token": "42:SECRET", "rate_per_chat_per_second": "5"})
        contact = add_contact(s, telegram_chat_id="77")
        add_outbox(s, contact, "telegram", {"text": "hello", "buttons": [{"text": "Go", "url": "https://x.example"}]},
                   "1:send:0", T0)
    rec = Recorder(reply(200, {"ok": True, "result": {"message_id": 5}}))

    async def go():
        async with rec.client() as client:
            return await Dispatcher(project, vclock, client=client, sandbox=False).run_once()

    asyncio.run(go())
    (req,) = rec.requests
    assert str(req.url) == "https://api.telegram.org/bot42:SECRET/sendMessage"
    assert json_of(req) == {"chat_id": "77", "text": "hello",
                            "reply_markup": {"inline_keyboard": [[{"text": "Go", "url": "https://x.example"}]]}}
    assert rows(project)[0].provider_id == "5"


def test_interrupted_send_is_flagged_for_review_where_provider_has_no_keys(project, vclock) -> None:
    with project.write() as s:
        contact = add_contact(s, telegram_chat_id="9")
        execution, token = waiting_execution(s, contact, T0)
        row = add_outbox(s, contact, "telegram", {"text": "hi"}, f"{execution.id}:send:0", T0, status="sending",
                         execution_id=execution.id, attempts=1)
        token.data = {"outbox_id": row.id}
        token_id = token.id
    adapter = FakeAdapter("telegram", field_name="telegram_chat_id")
    report = run(Dispatcher(project, vclock, {"telegram": adapter}, sandbox=False))
    (row,) = rows(project)
    assert adapter.calls == [] and report.counts["review"] == 1
    assert row.status == "review" and "does not deduplicate" in row.reason
    with project.session() as s:
        log = s.scalars(select(StepLog).where(StepLog.outcome == "review")).one()
        assert log.detail["outbox_id"] == row.id
    # an operator confirms it went out: the token moves on, still never sent twice
    with project.write() as s:
        resolve_review(s, row.id, "sent", vclock)
    with project.session() as s:
        assert s.get(Token, token_id).data["resume_port"] == "next"
    run(Dispatcher(project, vclock, {"telegram": adapter}, sandbox=False))
    assert adapter.calls == []


def test_interrupted_webhook_is_resent_with_the_same_idempotency_key(project, vclock) -> None:
    with project.write() as s:
        contact = add_contact(s)
        add_outbox(s, contact, "webhook", {"url": "https://crm.example/h", "body": "{}"}, "5:hook:0", T0,
                   status="sending", attempts=1)
    rec = Recorder(reply(200, {}))
    run(Dispatcher(project, vclock, {"webhook": WebhookAdapter(rec.client())}, sandbox=False))
    (row,) = rows(project)
    assert row.status == "sent" and row.attempts == 2
    assert [r.headers["idempotency-key"] for r in rec.requests] == ["5:hook:0"]


def test_a_sending_row_inside_its_lease_is_left_alone(project, vclock) -> None:
    with project.write() as s:
        contact = add_contact(s, email="a@example.com")
        add_outbox(s, contact, "email", EMAIL, "1:send:0", T0, status="sending",
                   next_attempt_at=T0 + timedelta(minutes=5))
    adapter = FakeAdapter("email")
    run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False))
    assert rows(project)[0].status == "sending" and adapter.calls == []


def test_adapter_crash_after_the_call_started_goes_to_review(project, vclock) -> None:
    seed(project)
    adapter = FakeAdapter("email", [RuntimeError("socket closed mid-answer")])
    run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False))
    (row,) = rows(project)
    assert row.status == "review" and "socket closed mid-answer" in row.reason
    run(Dispatcher(project, vclock, {"email": adapter}, sandbox=False))
    assert len(adapter.calls) == 1


def test_rate_limits_per_channel_and_per_chat(project, vclock, monkeypatch) -> None:
    """Fake monotonic time: never more than 3 grants in any second per bot, 1 per chat per second."""
    with project.write() as s:
        for i in range(10):
            contact = add_contact(s, f"c{i}", telegram_chat_id=str(i % 2))
            add_outbox(s, contact, "telegram", {"text": "x"}, f"{i}:send:0", T0)
    fake_now = [0.0]
    grants: dict[int, list[float]] = {}
    limits: dict[int, int] = {}
    original = SlidingWindowLimiter.acquire

    async def recording_acquire(self) -> None:
        await original(self)
        grants.setdefault(id(self), []).append(fake_now[0])
        limits[id(self)] = self.limit

    async def fake_sleep(seconds: float) -> None:
        fake_now[0] += seconds
        await asyncio.sleep(0)

    monkeypatch.setattr(SlidingWindowLimiter, "acquire", recording_acquire)
    adapter = FakeAdapter("telegram", field_name="telegram_chat_id")
    run(Dispatcher(project, vclock, {"telegram": adapter}, sandbox=False, rate_limits={"telegram": (3, 1)},
                   limiter_options={"monotonic": lambda: fake_now[0], "sleep": fake_sleep}))
    assert len(adapter.calls) == 10
    assert sorted(len(g) for g in grants.values()) == [5, 5, 10]  # two chats and the bot
    for key, times in grants.items():
        for t in times:
            assert sum(1 for u in times if t <= u < t + 1) <= limits[key]
    assert fake_now[0] >= 4  # 5 messages to one chat need at least 4 s


def test_permanent_result_kinds_from_a_fake_adapter(project, vclock) -> None:
    seed(project)
    run(Dispatcher(project, vclock, {"email": FakeAdapter("email", [Permanent("bad creds", AUTH)])}, sandbox=False))
    assert rows(project)[0].error == "bad creds"
    assert BLOCKED == "blocked"


def test_sms_through_dispatcher_end_to_end_with_twilio_transport(project, vclock) -> None:
    with project.write() as s:
        cs.apply_channel_values(s, "sms", {"provider": "twilio", "account_sid": "AC1", "auth_token": "t",
                                           "from_number": "+15005550006"})
        contact = add_contact(s, phone="+14155550100", timezone="America/New_York")
        add_outbox(s, contact, "sms", {"text": "Hi"}, "1:send:0", T0)  # 04:00 in New York: quiet hours
    rec = Recorder(reply(201, {"sid": "SM1"}))

    async def go():
        async with rec.client() as client:
            return await Dispatcher(project, vclock, client=client, sandbox=False).run_once()

    asyncio.run(go())
    (row,) = rows(project)
    assert row.status == "held" and "20:00-08:00" in row.reason and rec.requests == []
    assert row.next_attempt_at == T0 + timedelta(hours=4)  # 08:00 New York (EST, UTC-5) = 13:00 UTC
    vclock.set(row.next_attempt_at)
    asyncio.run(go())
    (row,) = rows(project)
    assert row.status == "sent" and row.provider_id == "SM1" and len(rec.requests) == 1


def test_timeout_then_success_sends_exactly_once(project, vclock) -> None:
    seed(project, channel="webhook")
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200, json={})

    with project.write() as s:
        row = s.scalars(select(Outbox)).one()
        row.content = {"url": "https://crm.example/h", "body": "{}"}
    adapter = WebhookAdapter(Recorder(handler).client())
    run(Dispatcher(project, vclock, {"webhook": adapter}, sandbox=False))
    (row,) = rows(project)
    assert row.status == "queued" and "no answer in time" in row.error
    vclock.set(row.next_attempt_at)
    run(Dispatcher(project, vclock, {"webhook": adapter}, sandbox=False))
    assert rows(project)[0].status == "sent" and len(calls) == 2


def test_sliding_window_limiter_never_exceeds_its_rate() -> None:
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    async def take(limiter, n: int) -> list[float]:
        times = []
        for _ in range(n):
            await limiter.acquire()
            times.append(now[0])
        return times

    limiter = SlidingWindowLimiter(30, margin=0.25, monotonic=lambda: now[0], sleep=sleep)
    times = asyncio.run(take(limiter, 100))
    assert all(sum(1 for u in times if t <= u < t + 1.25) <= 30 for t in times)
    assert times[30] == pytest.approx(1.25)  # the 31st waits for the first to leave the window
    slow = SlidingWindowLimiter(0.5, margin=0.0, monotonic=lambda: now[0], sleep=sleep)
    start = now[0]
    times = asyncio.run(take(slow, 3))
    assert [t - start for t in times] == pytest.approx([0.0, 2.0, 4.0])
