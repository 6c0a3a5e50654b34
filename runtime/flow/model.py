"""The flow definition: Qt-free data shared by the runtime and the designer.

A :class:`Flow` is a directed acyclic graph of :class:`Step` objects joined by :class:`Edge`
objects. It is plain data: loading, saving and validation live in sibling modules
(``runtime.flow.io`` and ``runtime.flow.validate``); the designer's ``FlowDocument`` is the only
thing that mutates a flow it shows.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

FORMAT = "flowcanvas/1"
DEFAULT_PORT = "next"


# how branches that meet at a step continue: the first arrival only (default, so nothing is
# sent twice by accident), every arrival, or once after every live branch that could arrive has
JOIN_MODES = ("first", "each", "all")
DEFAULT_JOIN = "first"


@dataclass
class Step:
    """One node of a flow: a stable id, a registered type, its config and canvas position."""

    id: str
    type: str
    config: dict[str, Any] = field(default_factory=dict)
    position: tuple[float, float] | None = None
    name: str | None = None
    # where several edges arrive: "first" (None: the default), "each" or "all" (see JOIN_MODES)
    join: str | None = None
    start: bool = False  # marked as a start: one of several first steps on purpose

    def copy(self) -> Step:
        """A deep copy (config dicts are not shared)."""
        return Step(self.id, self.type, copy.deepcopy(self.config), self.position, self.name, self.join, self.start)

    @property
    def join_mode(self) -> str:
        """The join mode in force: ``first`` unless the step says ``each`` or ``all``."""
        return self.join or DEFAULT_JOIN


@dataclass(frozen=True)
class Edge:
    """A connection from ``source``'s ``port`` to ``target``. Edges are values."""

    source: str
    target: str
    port: str = DEFAULT_PORT


@dataclass
class Flow:
    """A whole flow: metadata, trigger, entry rules, goal, settings, steps and edges.

    ``settings`` holds per-flow options that are not part of the graph (quiet hours, caps,
    ``max_lateness``). Unknown keys are kept so a flow file survives a round trip.
    """

    name: str
    description: str = ""
    trigger: dict[str, Any] | None = None
    entry: dict[str, Any] = field(default_factory=dict)
    goal: dict[str, Any] | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def step(self, step_id: str) -> Step | None:
        """The step with ``step_id``, or None."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    def step_ids(self) -> list[str]:
        return [s.id for s in self.steps]

    def outgoing(self, step_id: str, port: str | None = None) -> list[Edge]:
        """Edges leaving ``step_id`` (from ``port`` only, if given), in file order."""
        return [e for e in self.edges if e.source == step_id and (port is None or e.port == port)]

    def incoming(self, step_id: str) -> list[Edge]:
        """Edges arriving at ``step_id``, in file order."""
        return [e for e in self.edges if e.target == step_id]

    def first_steps(self) -> list[Step]:
        """Steps with no incoming edge: where a new execution starts."""
        targets = {e.target for e in self.edges}
        return [s for s in self.steps if s.id not in targets]

    def copy(self) -> Flow:
        """A deep copy."""
        return Flow(
            name=self.name,
            description=self.description,
            trigger=copy.deepcopy(self.trigger),
            entry=copy.deepcopy(self.entry),
            goal=copy.deepcopy(self.goal),
            settings=copy.deepcopy(self.settings),
            steps=[s.copy() for s in self.steps],
            edges=list(self.edges),
        )
