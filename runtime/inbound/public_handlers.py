"""Routes without a bearer token: signed email links, the Telegram webhook, form posts, the
OpenAPI document and a health check.

- ``GET /v1/unsubscribe/{token}`` shows a confirmation page; ``POST`` to the same URL (what a mail
  client sends for RFC 8058 one-click, body ``List-Unsubscribe=One-Click``) unsubscribes the
  contact from that message's channel and records an ``unsubscribed`` event.
- ``GET /v1/t/o/{token}.gif`` (open pixel) records ``email_opened``, ``GET /v1/t/c/{token}?u=URL``
  records ``email_clicked`` and redirects; both with props ``{outbox_id, flow, step[, url]}`` on the
  contact of that outbox row. Tokens are signed (:mod:`runtime.inbound.signing`).
- ``POST /v1/telegram/webhook`` (``/v1/telegram/webhook/<account>`` for a named bot): updates
  pushed by Telegram (``setWebhook`` with ``secret_token``), checked against
  ``X-Telegram-Bot-Api-Secret-Token``.
- ``POST /v1/forms/{form}``: website forms (Tilda and others, urlencoded or multipart) with a field
  mapping; the API token comes as ``?token=`` (form builders cannot set headers) or as a bearer.
"""

from __future__ import annotations

import base64
import hmac
import html
import json
import logging
from typing import Any

from aiohttp import web

from runtime.inbound import forms, telegram_webhook, tracking
from runtime.inbound.context import CTX
from runtime.inbound.errors import ApiError
from runtime.inbound.guards import authenticate, bearer
from runtime.inbound.openapi import openapi_document

log = logging.getLogger(__name__)

PIXEL = base64.b64decode(b"R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NO_STORE = {"Cache-Control": "no-store, private"}


def _page(title: str, text: str, form_action: str | None = None, status: int = 200) -> web.Response:
    button = (f'<form method="post" action="{html.escape(form_action)}"><input type="hidden" name="List-Unsubscribe" '
              f'value="One-Click"><button type="submit">Unsubscribe</button></form>') if form_action else ""
    body = (f"<!doctype html><html><head><meta charset=utf-8><meta name=viewport content='width=device-width'>"
            f"<title>{html.escape(title)}</title></head><body style='font-family:sans-serif;max-width:32em;margin:3em auto'>"
            f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>{button}</body></html>")
    return web.Response(status=status, text=body, content_type="text/html", headers=NO_STORE)


async def get_unsubscribe(request: web.Request) -> web.Response:
    """The confirmation page (a link scanner opening the URL unsubscribes nobody)."""
    ctx = request.app[CTX]
    token = request.match_info["token"]
    if tracking.outbox_of(ctx.link_key, "unsubscribe", token) is None:
        return _page("Link not valid", "This unsubscribe link is damaged. Use the link in the newest message.", status=404)
    return _page("Unsubscribe", "Press the button to stop receiving these messages.", form_action=request.path)


async def post_unsubscribe(request: web.Request) -> web.Response:
    """RFC 8058 one-click unsubscribe (and the confirmation page's button)."""
    ctx = request.app[CTX]
    outbox_id = tracking.outbox_of(ctx.link_key, "unsubscribe", request.match_info["token"])
    if outbox_id is None:
        raise ApiError(404, "invalid_link", "this unsubscribe link is not valid", "token")
    done = await ctx.writer.submit(lambda session: tracking.unsubscribe(session, outbox_id, ctx.clock))
    if not done:
        raise ApiError(404, "invalid_link", "the message of this link no longer exists", "token")
    if "json" in request.headers.get("Accept", ""):
        return web.json_response({"unsubscribed": True})
    return _page("Unsubscribed", "You will not receive these messages any more.")


async def get_open(request: web.Request) -> web.Response:
    """The open-tracking pixel: always the image, recorded when the token is valid."""
    ctx = request.app[CTX]
    outbox_id = tracking.outbox_of(ctx.link_key, "open", request.match_info["token"])
    if outbox_id is not None:
        await ctx.writer.submit(lambda session: tracking.record_open(session, outbox_id, ctx.clock))
    return web.Response(body=PIXEL, content_type="image/gif", headers=NO_STORE)


async def get_click(request: web.Request) -> web.Response:
    """The click redirect: only to the URL the signature covers (never an open redirect)."""
    ctx = request.app[CTX]
    url = request.query.get("u", "")
    outbox_id = tracking.outbox_of(ctx.link_key, "click", request.match_info["token"], url)
    if outbox_id is None or not url.lower().startswith(("http://", "https://")):
        raise ApiError(404, "invalid_link", "this link is not valid", "token")
    await ctx.writer.submit(lambda session: tracking.record_click(session, outbox_id, url, ctx.clock))
    raise web.HTTPFound(url, headers=NO_STORE)


async def post_telegram(request: web.Request) -> web.Response:
    """One update pushed by Telegram. Always 200 once authenticated: a failing update is logged
    and recorded instead of being delivered again and again."""
    ctx = request.app[CTX]
    account = request.match_info.get("account")
    secret = ctx.options.telegram_secrets.get(account) if account else ctx.options.telegram_secret
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not secret or not hmac.compare_digest(secret, given):
        raise ApiError(401, "unauthorized", "wrong or missing X-Telegram-Bot-Api-Secret-Token")
    body = await request.read()
    try:
        update = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApiError(400, "invalid", "the update is not JSON", "body") from None
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise ApiError(400, "invalid", "an update needs an integer update_id", "update_id")
    await telegram_webhook.handle(ctx, update, account)
    return web.json_response({})


async def post_form(request: web.Request) -> web.Response:
    """A website form: mapped to contact fields, the contact created or updated, an event recorded."""
    ctx = request.app[CTX]
    token = request.query.get("token") or bearer(request.headers.get("Authorization"))
    token_id = await authenticate(ctx, token)
    if token_id is None:
        raise ApiError(401, "unauthorized", "the API token is unknown or revoked")
    ctx.limiter.take(token_id)
    data: dict[str, Any] = {key: str(value) for key, value in (await request.post()).items() if isinstance(value, str)}
    if data == {"test": "test"}:  # Tilda checks a new webhook with this post
        return web.Response(text="ok")
    name = request.match_info["form"]
    result = await ctx.writer.submit(lambda session: forms.submit(session, name, data, ctx.clock))
    return web.json_response(result, status=201 if result["created"] else 200)


async def get_openapi(request: web.Request) -> web.Response:
    """The OpenAPI 3.1 document of this API."""
    return web.json_response(openapi_document())


async def get_health(request: web.Request) -> web.Response:
    """The server answers, with the runtime's state (see :mod:`runtime.inbound.health`); 503 when unwell."""
    from runtime.inbound.health import WallClock, health_report

    ctx = request.app[CTX]
    report = await health_report(ctx.project, ctx.clock, WallClock(ctx.wall), ctx.runner_status)
    return web.json_response(report, status=200 if report["ok"] else 503, headers=NO_STORE)


PUBLIC = frozenset({get_unsubscribe, post_unsubscribe, get_open, get_click, post_telegram, post_form, get_openapi,
                    get_health})


def add_routes(app: web.Application) -> None:
    """Register the public routes."""
    app.router.add_get("/v1/unsubscribe/{token}", get_unsubscribe)
    app.router.add_post("/v1/unsubscribe/{token}", post_unsubscribe)
    app.router.add_get("/v1/t/o/{token}.gif", get_open)
    app.router.add_get("/v1/t/c/{token}", get_click)
    app.router.add_post("/v1/telegram/webhook", post_telegram)
    app.router.add_post("/v1/telegram/webhook/{account}", post_telegram)  # a named bot
    app.router.add_post("/v1/forms/{form}", post_form)
    app.router.add_get("/v1/openapi.json", get_openapi)
    app.router.add_get("/v1/health", get_health)
