"""The actions the designer offers come from the runtime's lifecycle table: every offered action
succeeds, every other one is refused."""

from __future__ import annotations

import pytest

from runtime.clock import VirtualClock
from runtime.engine import lifecycle
from runtime.errors import FlowCanvasError
from runtime.storage.db import Project
from runtime.storage.models import FlowRow
from tests.runtime.engine_helpers import flow_doc, install_flow


@pytest.mark.parametrize("status", ["draft", "active", "paused", "ended", "terminated", "archived"])
def test_allowed_actions_are_exactly_what_the_lifecycle_accepts(project: Project, clock: VirtualClock,
                                                                status: str) -> None:
    allowed = lifecycle.allowed_actions(status)
    for action, run in lifecycle.ACTIONS.items():
        with project.write() as s:
            row = install_flow(s, flow_doc(f"{status}-{action}", {"type": "manual"}), clock)
            s.get(FlowRow, row.id).status = status
        try:
            with project.write() as s:
                run(s, s.get(FlowRow, row.id), clock)
            accepted = True
        except FlowCanvasError:
            accepted = False
        assert accepted == (action in allowed), (status, action)
    if status == "ended":
        assert allowed == ("archive",)
