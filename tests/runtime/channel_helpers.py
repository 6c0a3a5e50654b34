"""Helpers for channel tests: a recording httpx MockTransport and message builders."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from sqlalchemy.orm import Session

from runtime.channels.base import Message, Recipient, SendResult, Sent
from runtime.clock import UTC
from runtime.storage.models import Contact, Execution, FlowRow, FlowVersion, Outbox, Token

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@dataclass
class Recorder:
    """Answers requests with ``handler`` and remembers every request."""

    handler: Callable[[httpx.Request], httpx.Response]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.handler(request)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))


def json_of(request: httpx.Request) -> Any:
    return json.loads(request.content)


def form_of(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def reply(status: int, body: Any, headers: dict[str, str] | None = None) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(body, (bytes, str)):
            return httpx.Response(status, content=body, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    return handler


def message(channel: str, content: dict[str, Any], *, now: datetime | None = None, key: str = "7:step:0",
            **recipient: Any) -> Message:
    rec = Recipient(contact_id=1, external_id="c1", **recipient)
    return Message(1, channel, key, content, rec, now=now)


# ---------------------------------------------------------------------------------------------
# database helpers for dispatcher tests


def add_contact(session: Session, external_id: str = "c1", now: datetime | None = None, **fields: Any) -> Contact:
    now = now or T0
    contact = Contact(external_id=external_id, created_at=now, updated_at=now, attributes={}, push_subscriptions=[],
                      **fields)
    session.add(contact)
    session.flush()
    return contact


def add_outbox(session: Session, contact: Contact, channel: str, content: dict[str, Any], key: str, now: datetime,
               status: str = "queued", execution_id: int | None = None, step_id: str | None = "send",
               flow_id: int | None = None, **fields: Any) -> Outbox:
    fields.setdefault("attempts", 0)
    row = Outbox(contact_id=contact.id, channel=channel, content=content, idempotency_key=key, status=status,
                 created_at=now, execution_id=execution_id, step_id=step_id, flow_id=flow_id, **fields)
    session.add(row)
    session.flush()
    return row


def waiting_execution(session: Session, contact: Contact, now: datetime, step_id: str = "send") -> tuple[Execution, Token]:
    """An execution whose token waits at ``step_id`` for an outbox message (as the engine leaves it)."""
    flow = session.query(FlowRow).filter_by(name="Test flow").one_or_none()
    if flow is None:
        flow = FlowRow(name="Test flow", status="active", draft="{}", created_at=now, updated_at=now)
        session.add(flow)
        session.flush()
        version = FlowVersion(flow_id=flow.id, version=1, definition="{}", published_at=now)
        session.add(version)
        session.flush()
        flow.current_version_id = version.id
    execution = Execution(flow_id=flow.id, version_id=flow.current_version_id, contact_id=contact.id, status="active",
                          entered_at=now)
    session.add(execution)
    session.flush()
    token = Token(execution_id=execution.id, flow_id=flow.id, step_id=step_id, state="waiting",
                  due_at=now, visit=0, data={})
    session.add(token)
    session.flush()
    return execution, token


class FakeAdapter:
    """A scripted adapter: answers from ``results`` in turn (the last one repeats) and records calls."""

    def __init__(self, channel: str, results: list[SendResult] | None = None, honours: bool = False,
                 on_send: Callable[[Message], None] | None = None, field_name: str = "email") -> None:
        self.channel = channel
        self.honours_idempotency = honours
        self.results = list(results or [Sent("p-1")])
        self.calls: list[Message] = []
        self.on_send = on_send
        self.field_name = field_name

    def address(self, recipient: Recipient) -> str | None:
        if self.channel == "webhook":
            return "webhook"
        return getattr(recipient, self.field_name, None)

    async def send(self, message: Message) -> SendResult:
        self.calls.append(message)
        if self.on_send:
            self.on_send(message)
        result = self.results[min(len(self.calls), len(self.results)) - 1]
        if isinstance(result, Exception):
            raise result
        return result

    async def test_connection(self) -> str:
        return "ok"


class FakeBotApi(BaseHTTPRequestHandler):
    """A local stand-in for api.telegram.org: token ``42:GOOD`` works (getMe, getUpdates with one
    ``/start vip`` message, anything else ``true``), every other token gets 401.

    Tests that script a conversation put batches of updates in ``FakeBotApi.updates`` (getUpdates
    then hands them out in turn); ``createChatInviteLink`` answers a new link each time and
    ``sendMessage`` a message with a new id."""

    calls: list[tuple[str, dict]] = []
    updates: list[list[dict]] | None = None
    counter = 0
    good_tokens: set[str] = {"42:GOOD"}  # tests of several bots add theirs
    by_token: list[tuple[str, str, dict]] = []  # (token, method, body) of every call

    def do_POST(self) -> None:  # noqa: N802 - http.server hook
        body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
        method = self.path.rsplit("/", 1)[1]
        token = self.path.split("/")[1]
        FakeBotApi.calls.append((method, body))
        FakeBotApi.by_token.append((token.removeprefix("bot"), method, body))
        if token.removeprefix("bot") not in FakeBotApi.good_tokens:
            answer, status = {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401
        elif method == "getMe":
            answer, status = {"ok": True, "result": {"id": 42, "is_bot": True, "first_name": "Shop", "username": "shop_bot"}}, 200
        elif method == "getUpdates" and FakeBotApi.updates is not None:
            answer, status = {"ok": True, "result": FakeBotApi.updates.pop(0) if FakeBotApi.updates else []}, 200
        elif method == "createChatInviteLink":
            FakeBotApi.counter += 1
            answer, status = {"ok": True, "result": {
                "invite_link": f"https://t.me/+fake{FakeBotApi.counter:04d}", "creator": {"id": 42, "is_bot": True,
                                                                                           "first_name": "Shop"},
                "creates_join_request": False, "is_primary": False, "is_revoked": False,
                "name": body.get("name"), "expire_date": body.get("expire_date"),
                "member_limit": body.get("member_limit")}}, 200
        elif method == "sendMessage":
            FakeBotApi.counter += 1
            answer, status = {"ok": True, "result": {"message_id": FakeBotApi.counter, "date": 0,
                                                     "chat": {"id": int(body["chat_id"]), "type": "private"},
                                                     "text": body.get("text")}}, 200
        elif method == "getUpdates":
            updates = [] if body.get("offset") else [{"update_id": 5, "message": {
                "message_id": 1, "from": {"id": 8, "is_bot": False, "first_name": "Eve"},
                "chat": {"id": 8, "type": "private"}, "date": 1, "text": "/start vip"}}]
            answer, status = {"ok": True, "result": updates}, 200
        elif method == "sendMessage":
            answer, status = {"ok": True, "result": {"message_id": len(FakeBotApi.calls), "date": 1,
                                                     "chat": {"id": body.get("chat_id")}, "text": body.get("text")}}, 200
        else:
            answer, status = {"ok": True, "result": True}, 200
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST  # noqa: N815

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def bot_api() -> Iterator[str]:
    """The base URL of a local fake Telegram Bot API server (:class:`FakeBotApi`)."""
    FakeBotApi.calls = []
    FakeBotApi.updates = None
    FakeBotApi.counter = 0
    FakeBotApi.good_tokens = {"42:GOOD"}
    FakeBotApi.by_token = []
    with local_server(FakeBotApi) as url:
        yield url


@contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 (a free port) answering with ``handler``; its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
