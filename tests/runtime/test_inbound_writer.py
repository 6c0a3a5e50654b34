"""The inbound API's group-committing writer: many requests per transaction, each all or nothing."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from runtime.inbound.writer import WriteQueue
from runtime.storage.models import Contact
from tests.runtime.engine_helpers import add_contact


def test_one_failing_request_rolls_back_alone_in_a_shared_transaction(project, clock) -> None:
    def good(name: str):
        return lambda session: add_contact(session, name, clock).external_id

    def bad(session):
        add_contact(session, "half-done", clock)  # flushed, then the request fails
        raise ValueError("bad request")

    async def main():
        writer = WriteQueue(project)
        writer.start()
        try:
            results = await asyncio.gather(writer.submit(good("a")), writer.submit(bad), writer.submit(good("b")),
                                           return_exceptions=True)
            late = await writer.submit(good("c"))
        finally:
            await writer.aclose()
        return results, late, writer.transactions

    (first, failed, third), late, transactions = asyncio.run(main())
    assert (first, third, late) == ("a", "b", "c")
    assert isinstance(failed, ValueError)
    assert transactions == 2  # the three concurrent requests shared one commit
    with project.session() as s:
        assert sorted(s.scalars(select(Contact.external_id))) == ["a", "b", "c"]


def test_submit_before_start_is_a_clear_error(project) -> None:
    with pytest.raises(RuntimeError, match="start"):
        asyncio.run(WriteQueue(project).submit(lambda s: None))
