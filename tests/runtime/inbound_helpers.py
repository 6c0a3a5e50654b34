"""Helpers for the inbound API tests: a real server on 127.0.0.1 around a project, and a client."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

from runtime.clock import Clock
from runtime.inbound.server import InboundOptions, InboundServer
from runtime.inbound.tokens import create_token
from runtime.storage.db import Project

T = TypeVar("T")


def new_token(project: Project, clock: Clock, name: str = "site") -> str:
    with project.write() as session:
        token, _ = create_token(session, name, clock)
    return token


class FakeMonotonic:
    """A process clock that only moves when told (rate limits without sleeping)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def serve(project: Project, clock: Clock, body: Callable[[httpx.AsyncClient, InboundServer], Awaitable[T]],
          **options: Any) -> T:
    """Run ``body(client, server)`` against a real inbound server on 127.0.0.1 (free port)."""
    monotonic = options.pop("monotonic", None)
    wall = options.pop("wall", None)

    async def main() -> T:
        extra: dict[str, Any] = {}
        if monotonic is not None:
            extra["monotonic"] = monotonic
        if wall is not None:
            extra["wall"] = wall
        server = InboundServer(project, clock, InboundOptions(port=0, **options), **extra)
        await server.start()
        try:
            async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
                return await body(client, server)
        finally:
            await server.stop()

    return asyncio.run(main())
