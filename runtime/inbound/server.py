"""The inbound API's aiohttp application and a server that starts and stops it on a running loop.

``InboundServer(project, clock, options)``: ``await server.start()`` binds (127.0.0.1 by default)
with aiohttp's ``AppRunner``/``TCPSite`` on the caller's loop, so the designer's loop and
``flowcanvas serve`` run it the same way; ``await server.stop()`` lets running requests finish
and commits what was accepted.

Every request under ``/v1`` except the public links (unsubscribe, tracking, the Telegram webhook
with its own secret, forms with a ``token`` parameter, the OpenAPI document, health) needs
``Authorization: Bearer <token>``; then the per-token rate limit applies, and, when the project
has an HMAC secret, the body must be signed (:mod:`runtime.inbound.signing`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

from runtime.clock import Clock
from runtime.inbound import api_handlers, public_handlers
from runtime.inbound.context import CTX, TOKEN_ID, InboundContext
from runtime.inbound.defaults import DEFAULT_BURST, DEFAULT_HOST, DEFAULT_MAX_BODY, DEFAULT_PORT, DEFAULT_RATE
from runtime.inbound.errors import HTTP_CODES, ApiError, error_response
from runtime.inbound.guards import RateLimiter, TokenCache, authenticate, bearer
from runtime.inbound.writer import WriteQueue
from runtime.storage.db import Project

log = logging.getLogger(__name__)



@dataclass
class InboundOptions:
    """How the server listens and what it allows."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    max_body: int = DEFAULT_MAX_BODY  # bytes; larger bodies get 413
    rate: float = DEFAULT_RATE  # requests per second per token, on average
    burst: int = DEFAULT_BURST
    hmac_secret: str | None = None  # set: bodies of token-authenticated requests must be signed
    telegram_secret: str | None = None  # the webhook's X-Telegram-Bot-Api-Secret-Token
    # the same for named bots (telegram:<account>), by account name
    telegram_secrets: dict[str, str] = field(default_factory=dict)
    max_batch: int = 256  # requests per write transaction


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every failure as the API's JSON error."""
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(exc)
    except web.HTTPRequestEntityTooLarge:
        limit = request.app[CTX].options.max_body
        return error_response(ApiError(413, "too_large", f"the body is larger than {limit} bytes", "body"))
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = HTTP_CODES.get(exc.status, "error")
        return error_response(ApiError(exc.status, code, exc.reason or code))
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("inbound API: %s %s failed", request.method, request.path)
        return error_response(ApiError(500, "internal", "the server failed on this request; it was logged"))


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Bearer token, rate limit and body size for the token-authenticated routes."""
    route_handler = getattr(request.match_info.route, "handler", None)
    if route_handler in public_handlers.PUBLIC or request.match_info.http_exception is not None:
        return await handler(request)
    ctx = request.app[CTX]
    if request.content_length is not None and request.content_length > ctx.options.max_body:
        raise ApiError(413, "too_large", f"the body is larger than {ctx.options.max_body} bytes", "body")
    token = bearer(request.headers.get("Authorization"))
    token_id = await authenticate(ctx, token)
    if token_id is None:
        raise ApiError(401, "unauthorized", "the API token is unknown or revoked",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    ctx.limiter.take(token_id)
    request[TOKEN_ID] = token_id
    return await handler(request)


def create_app(ctx: InboundContext) -> web.Application:
    """The aiohttp application of the inbound API around ``ctx``."""
    app = web.Application(middlewares=[error_middleware, auth_middleware], client_max_size=ctx.options.max_body)
    app[CTX] = ctx
    api_handlers.add_routes(app)
    public_handlers.add_routes(app)
    return app


class InboundServer:
    """The inbound API bound to a host and port, on the running asyncio loop."""

    def __init__(self, project: Project, clock: Clock, options: InboundOptions | None = None, *,
                 monotonic: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time) -> None:  # noqa: TID251 - the injectable default
        self.options = options or InboundOptions()
        self.project = project
        self.ctx = InboundContext(
            project=project, clock=clock, options=self.options, writer=WriteQueue(project, self.options.max_batch),
            tokens=TokenCache(project, monotonic), limiter=RateLimiter(self.options.rate, self.options.burst, monotonic),
            wall=wall,
        )
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        """``http://host:port`` once started."""
        return f"http://{self.options.host}:{self.port}"

    async def start(self) -> None:
        """Bind and start serving (port 0 picks a free port: see :attr:`port`)."""
        self.ctx.writer.start()
        await self.ctx.writer.submit(self.ctx.prepare)
        self._runner = web.AppRunner(create_app(self.ctx), access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.options.host, self.options.port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []  # the bound port
        self.port = sockets[0].getsockname()[1] if sockets else self.options.port

    async def stop(self) -> None:
        """Stop accepting, let running requests finish, commit what is queued."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self.ctx.background:
            await asyncio.wait(set(self.ctx.background))
        await self.ctx.writer.aclose()

