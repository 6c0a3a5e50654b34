"""Shared runtime fixtures: projects on SQLite files and on a real temporary PostgreSQL server.

``pg_url`` starts one PostgreSQL cluster per test session (initdb + pg_ctl as the ``postgres``
user, because initdb refuses root; trust auth on 127.0.0.1 and a free port) and stops it at the
end. ``pg_fresh_url`` gives each test its own empty database on that server.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from runtime.clock import VirtualClock
from runtime.storage.db import Project, open_project
from tests.runtime.channel_helpers import bot_api  # noqa: F401 - fake Telegram Bot API fixture, shared with tests/designer
from tests.runtime.pg_cluster import ClusterUnavailable, PgServer, start_cluster


# ---------------------------------------------------------------------------------------------
# SQLite projects


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A new, opened SQLite project in ``tmp_path`` (closed after the test)."""
    proj = open_project(tmp_path / "fixture.fcproj", create=True)
    yield proj
    proj.close()


@pytest.fixture
def clock() -> VirtualClock:
    """A virtual clock at a fixed Monday morning, 2026-03-02 09:00 UTC."""
    from datetime import datetime

    from runtime.clock import UTC

    return VirtualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


def simple_flow_dict(name: str = "Welcome") -> dict:
    """A small valid flow document: trigger on signup, wait 1 h, send an email."""
    return {
        "format": "flowcanvas/1",
        "name": name,
        "description": "Says hello an hour after signup.",
        "trigger": {"type": "event", "event": "signup"},
        "steps": [
            {"id": "wait_1h", "type": "wait", "config": {"duration": "PT1H"}, "position": [0, 0]},
            {
                "id": "hello",
                "type": "send_email",
                "config": {"subject": "Hello", "body": "Hi {{ contact.first_name }}"},
                "position": [0, 120],
            },
        ],
        "edges": [{"from": "wait_1h", "to": "hello"}],
    }


@pytest.fixture
def flow_doc() -> Callable[..., dict]:
    """``flow_doc(name="Welcome")`` -> the document of a small valid flow (a fresh dict each call)."""
    return simple_flow_dict


@pytest.fixture
def make_flow() -> Callable[..., object]:
    """``make_flow(name="Welcome")`` -> a small valid :class:`Flow` (see ``simple_flow_dict``)."""
    from runtime.flow.io import flow_from_dict

    def _make(name: str = "Welcome") -> object:
        return flow_from_dict(simple_flow_dict(name), source="<test flow>")

    return _make


@pytest.fixture
def write_flow_file(tmp_path: Path) -> Callable[..., Path]:
    """``write_flow_file(doc_or_text, name="flow.json")`` -> path of a flow file in tmp_path."""
    import json

    def _write(doc: dict | str, name: str = "flow.json") -> Path:
        path = tmp_path / name
        text = doc if isinstance(doc, str) else json.dumps(doc, indent=2)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


# ---------------------------------------------------------------------------------------------
# PostgreSQL


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A temporary PostgreSQL cluster for the whole session (skips, with the reason, only if none can start)."""
    try:
        server = start_cluster()
    except ClusterUnavailable as exc:
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_url(pg_server: PgServer) -> str:
    """URL of an empty database ``flowcanvas`` on the session's PostgreSQL server."""
    return pg_server.create_database("flowcanvas")


_db_numbers = itertools.count(1)


@pytest.fixture
def pg_fresh_url(pg_server: PgServer) -> str:
    """URL of a new empty database for this test alone."""
    return pg_server.create_database(f"flowcanvas_t{os.getpid()}_{next(_db_numbers)}")
