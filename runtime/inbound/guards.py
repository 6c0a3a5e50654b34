"""Request guards of the inbound API: bearer tokens (cached briefly) and per-token rate limits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from runtime.inbound.errors import ApiError
from runtime.inbound.tokens import digest, touch_token, verify_token
from runtime.storage.db import Project

if TYPE_CHECKING:
    from runtime.inbound.context import InboundContext

TOKEN_CACHE_SECONDS = 5.0  # a revoked token stops working within this time


class TokenCache:
    """Token -> token id, read from the project and remembered for a few seconds, so a busy
    client does not cost a database read per request while a revocation still takes effect soon."""

    def __init__(self, project: Project, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.project = project
        self.monotonic = monotonic
        self._seen: dict[str, tuple[int | None, float]] = {}

    def cached(self, token: str) -> int | bool | None:
        """The remembered answer for ``token`` (an id or None), or False when it must be looked up."""
        hit = self._seen.get(digest(token))
        if hit is not None and self.monotonic() - hit[1] < TOKEN_CACHE_SECONDS:
            return hit[0]
        return False

    def lookup(self, token: str) -> int | None:
        """Read the token from the project (blocking: run it off the event loop) and remember it."""
        with self.project.session() as session:
            found = verify_token(session, token)
        if len(self._seen) > 10000:
            self._seen.clear()
        self._seen[digest(token)] = (found, self.monotonic())
        return found


def bearer(header: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header; 401 otherwise."""
    if not header:
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <token> (flowcanvas token create PROJECT)",
                       headers={"WWW-Authenticate": 'Bearer realm="flowcanvas"'})
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "unauthorized", "the Authorization header must be 'Bearer <token>'",
                       headers={"WWW-Authenticate": 'Bearer realm="flowcanvas"'})
    return value.strip()


class RateLimiter:
    """A token bucket per API token: ``rate`` requests per second on average, bursts of ``burst``.

    A request over the limit is refused with 429 and ``Retry-After`` (never queued: the client
    decides when to retry). Time is the process's monotonic clock, injected for tests.
    """

    def __init__(self, rate: float, burst: int, monotonic: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self.monotonic = monotonic
        self._buckets: dict[int, tuple[float, float]] = {}

    def take(self, key: int) -> None:
        """Take one request for ``key``; ApiError 429 when its bucket is empty."""
        now = self.monotonic()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            wait = (1.0 - tokens) / self.rate
            self._buckets[key] = (tokens, now)
            raise ApiError(429, "rate_limited", f"more than {self.rate:g} requests per second; retry in {wait:.1f} s",
                           headers={"Retry-After": str(max(1, int(wait + 0.999)))})
        self._buckets[key] = (tokens - 1.0, now)


async def authenticate(ctx: InboundContext, token: str) -> int | None:
    """The id of an active token (read off the loop when not cached; its last use noted)."""
    token_id = ctx.tokens.cached(token)
    if token_id is not False:
        return token_id
    token_id = await asyncio.get_running_loop().run_in_executor(None, ctx.tokens.lookup, token)
    if token_id is not None:
        found = token_id
        task = asyncio.ensure_future(ctx.writer.submit(lambda session: touch_token(session, found, ctx.clock)))
        ctx.background.add(task)
        task.add_done_callback(ctx.background.discard)
    return token_id
