"""Fault injection through the dispatcher: each fault ends in its documented state with a
readable reason, nothing is lost, nothing is sent twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from runtime.channels import settings as cs
from runtime.channels.dispatcher import Dispatcher
from runtime.channels.email_smtp import SmtpAdapter, SmtpConfig
from runtime.channels.telegram import TelegramAdapter, TelegramBot
from runtime.channels.whatsapp import WhatsAppAdapter
from runtime.clock import VirtualClock
from runtime.storage.models import Event, Outbox, Token
from tests.runtime.channel_helpers import T0, Recorder, add_contact, add_outbox, json_of, waiting_execution
from tests.runtime.smtp_server import free_port, smtp_server

OK = httpx.Response(200, json={"ok": True, "result": {"message_id": 9}})


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("read timed out", request=request)


FAULTS = {
    "timeout": (timeout, "no answer in time", None),
    "5xx": (lambda r: httpx.Response(502, json={"ok": False, "error_code": 502, "description": "Bad Gateway"}),
            "server error 502", None),
    "malformed-json": (lambda r: httpx.Response(200, content=b"<html>proxy error</html>"), "malformed answer", None),
    "429": (lambda r: httpx.Response(429, json={"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
                                                "parameters": {"retry_after": 7}}), "Too Many Requests", 7),
}


def outbox(project) -> list[Outbox]:
    with project.session() as s:
        return list(s.scalars(select(Outbox).order_by(Outbox.id)))


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_transient_faults_retry_and_then_send_exactly_once(project, fault: str) -> None:
    clock = VirtualClock(T0)
    handler, reason, retry_after = FAULTS[fault]
    answers = [handler]

    def provider(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)(request) if answers else OK

    with project.write() as s:
        contact = add_contact(s, telegram_chat_id="555")
        execution, token = waiting_execution(s, contact, T0)
        row = add_outbox(s, contact, "telegram", {"text": "hi"}, f"{execution.id}:send:0", T0, execution_id=execution.id)
        token.data = {"outbox_id": row.id}
        token_id = token.id
    rec = Recorder(provider)
    adapter = TelegramAdapter(TelegramBot(rec.client(), "1:T"))

    def dispatch() -> None:
        asyncio.run(Dispatcher(project, clock, {"telegram": adapter}, sandbox=False,
                               rate_limits={"telegram": (None, None)}).run_once())

    dispatch()
    (row,) = outbox(project)
    assert row.status == "queued" and row.attempts == 1 and reason in row.error
    if retry_after:
        assert row.next_attempt_at == T0 + timedelta(seconds=retry_after)
    assert row.next_attempt_at > T0
    with project.session() as s:
        assert "resume_port" not in s.get(Token, token_id).data  # the step still waits
    dispatch()  # nothing is due yet
    assert len(rec.requests) == 1
    clock.set(row.next_attempt_at)
    dispatch()
    (row,) = outbox(project)
    assert (row.status, row.attempts, row.provider_id, row.error) == ("sent", 2, "9", None)
    assert len(rec.requests) == 2
    with project.session() as s:
        assert s.get(Token, token_id).data["resume_port"] == "next"


def test_missing_address_takes_the_failed_port_with_reason(project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        contact = add_contact(s, "no-phone")
        execution, token = waiting_execution(s, contact, T0)
        row = add_outbox(s, contact, "sms", {"text": "hi"}, f"{execution.id}:send:0", T0, execution_id=execution.id)
        token.data = {"outbox_id": row.id}
        token_id = token.id
    rec = Recorder(lambda r: OK)
    from runtime.channels.sms_ru import SmsRuAdapter

    asyncio.run(Dispatcher(project, clock, {"sms": SmsRuAdapter(rec.client(), "key")}, sandbox=False).run_once())
    (row,) = outbox(project)
    assert (row.status, row.error) == ("failed", "contact no-phone has no sms address")
    assert rec.requests == []
    with project.session() as s:
        data = s.get(Token, token_id).data
    assert data["resume_port"] == "failed" and data["resume_reason"] == row.error


def test_unreachable_smtp_server_keeps_the_message_until_it_is_back(project, tmp_path: Path) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        contact = add_contact(s, email="ann@example.com")
        add_outbox(s, contact, "email", {"subject": "Hi", "body": "Hello"}, "1:send:0", T0)
    port = free_port()
    adapter = SmtpAdapter(SmtpConfig(host="127.0.0.1", port=port, security="none", from_email="n@shop.example", timeout=3))

    def dispatch() -> None:
        asyncio.run(Dispatcher(project, clock, {"email": adapter}, sandbox=False).run_once())

    dispatch()
    (row,) = outbox(project)
    assert row.status == "queued" and f"SMTP 127.0.0.1:{port} unreachable" in row.error
    clock.set(row.next_attempt_at)
    with smtp_server(tmp_path) as server:
        adapter.config = SmtpConfig(host="127.0.0.1", port=server.port, security="none", from_email="n@shop.example")
        dispatch()
        dispatch()
    (row,) = outbox(project)
    assert row.status == "sent" and row.attempts == 2
    assert len(server.inbox.messages) == 1


def test_whatsapp_window_is_read_from_the_contacts_last_inbound_message(project) -> None:
    clock = VirtualClock(T0)
    with project.write() as s:
        cs.set_quiet_hours(s, "default", "off")
        recent = add_contact(s, "recent", whatsapp="+4915100000001")
        silent = add_contact(s, "silent", whatsapp="+4915100000002")
        s.add(Event(contact_id=recent.id, name="message", properties={"text": "hi", "channel": "whatsapp", "from": "contact"},
                    occurred_at=T0 - timedelta(hours=2), recorded_at=T0))
        content = {"text": "Order shipped", "template": None}
        add_outbox(s, recent, "whatsapp", content, "1:send:0", T0)
        add_outbox(s, silent, "whatsapp", content, "2:send:0", T0)
    rec = Recorder(lambda r: httpx.Response(200, json={"messages": [{"id": "wamid.1"}]}))
    adapter = WhatsAppAdapter(rec.client(), "106", "tok", fallback_template="order_update")
    asyncio.run(Dispatcher(project, clock, {"whatsapp": adapter}, sandbox=False).run_once())
    kinds = sorted((json_of(r)["to"], json_of(r)["type"]) for r in rec.requests)
    assert kinds == [("4915100000001", "text"), ("4915100000002", "template")]
    assert [r.status for r in outbox(project)] == ["sent", "sent"]
