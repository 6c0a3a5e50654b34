"""The HTTP client the dispatcher hands to adapters.

httpcore's connection pool scans every connection of the pool on every request it queues and
every response it finishes (with a ``poll()`` per idle connection), so one pool of many
connections costs O(pool size) per request. Spreading requests over several small pools keeps
that cost flat: :class:`ShardedTransport` sends each request through the least busy of a few
``AsyncHTTPTransport`` shards. Adapters still just see an ``httpx.AsyncClient``.
"""

from __future__ import annotations

import math
from http.cookiejar import CookieJar
from typing import Any

import httpx

CONNECTIONS_PER_SHARD = 2


class ShardedTransport(httpx.AsyncBaseTransport):
    """Several small connection pools behind one transport (least in-flight requests wins)."""

    def __init__(self, max_connections: int, per_shard: int = CONNECTIONS_PER_SHARD) -> None:
        shards = max(1, math.ceil(max_connections / per_shard))
        size = max(1, math.ceil(max_connections / shards))
        limits = httpx.Limits(max_connections=size, max_keepalive_connections=size, keepalive_expiry=30.0)
        self._shards = [httpx.AsyncHTTPTransport(limits=limits) for _ in range(shards)]
        self._busy = [0] * shards

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = min(range(len(self._shards)), key=self._busy.__getitem__)
        self._busy[index] += 1
        try:
            response = await self._shards[index].handle_async_request(request)
            # read the body here so the connection goes back to its pool before we count it free
            await response.aread()
            return response
        finally:
            self._busy[index] -= 1

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


class _NoCookies(CookieJar):
    """Providers' cookies are never kept: nothing carries over from one contact's request to the
    next (and parsing Set-Cookie on every answer costs time for nothing)."""

    def extract_cookies(self, response: Any, request: Any) -> None:  # CookieJar's signature
        return None

    def set_cookie(self, cookie: Any) -> None:
        return None


def delivery_client(max_connections: int = 16, timeout: float = 20.0) -> httpx.AsyncClient:
    """An AsyncClient for channel adapters sized for ``max_connections`` concurrent requests."""
    return httpx.AsyncClient(transport=ShardedTransport(max_connections), cookies=httpx.Cookies(_NoCookies()),
                             timeout=httpx.Timeout(timeout, connect=10.0))
