"""Token-authenticated routes: ``POST /v1/events``, ``POST /v1/contacts``, ``POST /v1/push-subscriptions``."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from runtime.inbound.context import CTX, TOKEN_ID
from runtime.inbound.errors import ApiError, bad_request
from runtime.inbound.ingest import add_push_subscription, fingerprint, idempotent, record_events, upsert_contacts
from runtime.inbound.payloads import parse_contacts, parse_events, parse_json, parse_push_subscription
from runtime.inbound.signing import SIGNATURE_HEADER, check_request_signature

IDEMPOTENCY_HEADER = "Idempotency-Key"


async def read_body(request: web.Request) -> bytes:
    """The raw body (413 past the size limit), its signature checked when the project wants one."""
    body = await request.read()
    ctx = request.app[CTX]
    secret = ctx.options.hmac_secret
    if secret:
        problem = check_request_signature(secret, request.headers.get(SIGNATURE_HEADER), body, ctx.wall())
        if problem:
            raise ApiError(401, "bad_signature", problem, SIGNATURE_HEADER)
    return body


def reply(status: int, body: dict[str, Any], replayed: bool = False) -> web.Response:
    """A JSON answer; a replayed idempotent request says so in ``Idempotent-Replayed``."""
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return web.Response(status=status, text=json.dumps(body, ensure_ascii=False), content_type="application/json",
                        headers=headers)


def _idempotency_key(request: web.Request) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 200:
        raise bad_request("Idempotency-Key must be 1 to 200 characters", IDEMPOTENCY_HEADER)
    return key


async def _write(request: web.Request, body: bytes, work: Any) -> web.Response:
    ctx = request.app[CTX]
    key = _idempotency_key(request)
    print_ = fingerprint(request.method, request.path, body)
    token_id = request[TOKEN_ID]
    (status, payload), replayed = await ctx.writer.submit(
        lambda session: idempotent(session, token_id, key, print_, ctx.clock, lambda: work(session))
    )
    return reply(status, payload, replayed)


async def post_events(request: web.Request) -> web.Response:
    """Record one event or a batch; ``create_contact`` creates unknown contacts from props."""
    body = await read_body(request)
    events = parse_events(parse_json(body))
    clock = request.app[CTX].clock
    return await _write(request, body, lambda session: record_events(session, events, clock))


async def post_contacts(request: web.Request) -> web.Response:
    """Create or update contacts (normalised), found by id, else email, else phone."""
    body = await read_body(request)
    contacts = parse_contacts(parse_json(body))
    clock = request.app[CTX].clock
    return await _write(request, body, lambda session: upsert_contacts(session, contacts, clock))


async def post_push_subscription(request: web.Request) -> web.Response:
    """Store a browser's Web Push subscription on a contact."""
    body = await read_body(request)
    contact, subscription = parse_push_subscription(parse_json(body))
    clock = request.app[CTX].clock
    return await _write(request, body, lambda session: add_push_subscription(session, contact, subscription, clock))


def add_routes(app: web.Application) -> None:
    """Register the token-authenticated routes."""
    app.router.add_post("/v1/events", post_events)
    app.router.add_post("/v1/contacts", post_contacts)
    app.router.add_post("/v1/push-subscriptions", post_push_subscription)
