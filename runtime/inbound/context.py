"""What every inbound handler shares: the project, clock, writer, guards and loaded settings."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.inbound.guards import RateLimiter, TokenCache
from runtime.inbound.ingest import forget_old_requests
from runtime.inbound.signing import link_key
from runtime.inbound.writer import WriteQueue
from runtime.storage.db import Project

if TYPE_CHECKING:
    from runtime.inbound.server import InboundOptions


@dataclass
class InboundContext:
    """Shared state of one running inbound API (``request.app[CTX]``)."""

    project: Project
    clock: Clock
    options: InboundOptions
    writer: WriteQueue
    tokens: TokenCache
    limiter: RateLimiter
    wall: Callable[[], float]  # unix seconds, for request signature timestamps
    link_key: bytes = b""
    background: set[asyncio.Future[Any]] = field(default_factory=set)  # fire-and-forget writes
    # the status of the runner beside the server, for /v1/health (None: no engine here)
    runner_status: Callable[[], Any] | None = None

    def prepare(self, session: Session) -> None:
        """Load (or create) the link key and drop expired idempotency records (at start)."""
        self.link_key = link_key(session)
        forget_old_requests(session, self.clock)


CTX: web.AppKey[InboundContext] = web.AppKey("inbound", InboundContext)
TOKEN_ID: web.RequestKey[int] = web.RequestKey("token_id", int)
