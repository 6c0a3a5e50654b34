"""Scale-out on PostgreSQL: several dispatchers claim with FOR UPDATE SKIP LOCKED; each message
is sent exactly once."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from runtime.channels.dispatcher import Dispatcher
from runtime.clock import VirtualClock
from runtime.storage.db import open_project
from runtime.storage.models import Outbox
from tests.runtime.channel_helpers import T0, FakeAdapter, add_contact, add_outbox

pytestmark = pytest.mark.postgres


def test_three_dispatchers_share_the_outbox_without_double_sends(pg_fresh_url: str) -> None:
    project = open_project(pg_fresh_url, create=True)
    try:
        with project.write() as s:
            for i in range(120):
                contact = add_contact(s, f"c{i}", email=f"c{i}@example.com")
                add_outbox(s, contact, "email", {"subject": "x"}, f"{i}:send:0", T0)
        adapter = FakeAdapter("email")

        async def run_all() -> None:
            dispatchers = [Dispatcher(project, VirtualClock(T0), {"email": adapter}, sandbox=False, batch=10,
                                      concurrency=4) for _ in range(3)]
            await asyncio.gather(*(d.run_once() for d in dispatchers))
            for d in dispatchers:
                await d.aclose()

        asyncio.run(run_all())
        keys = [m.idempotency_key for m in adapter.calls]
        assert len(keys) == 120 and len(set(keys)) == 120
        with project.session() as s:
            assert s.scalar(select(func.count()).where(Outbox.status == "sent")) == 120
            assert s.scalar(select(func.max(Outbox.attempts))) == 1
    finally:
        project.close()
