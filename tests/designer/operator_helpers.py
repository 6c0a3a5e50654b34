"""Helpers for the operator-tool tests: a bridge on a real project file and a local Bot API
(``bot_api``, shared with the runtime's channel CLI tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from designer.bridge import RuntimeBridge
from runtime.service import ProjectService
from tests.runtime.channel_helpers import bot_api  # noqa: F401 - fixture the operator tests use


def wait_idle(qtbot: Any, bridge: RuntimeBridge, timeout: int = 10000) -> None:
    """Wait until every background call of ``bridge`` has reported back on the GUI thread."""
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=timeout)


@pytest.fixture
def bridge(qapp, tmp_path: Path) -> Iterator[RuntimeBridge]:  # noqa: ANN001 - pytest-qt's qapp
    """A bridge on a new project file (polling off: tests drive every load themselves)."""
    b = RuntimeBridge(poll_ms=3_600_000)
    b.open_project(tmp_path / "ops.fcproj", create=True)
    yield b
    b.shutdown()
    b.deleteLater()


def service_of(bridge: RuntimeBridge) -> ProjectService:
    assert bridge.service is not None
    return bridge.service
