"""FlowDocument: the one object that changes a flow shown in the designer.

A :class:`FlowDocument` owns one :class:`runtime.service.Flow` and a :class:`QUndoStack`.
It is the ONLY writer of that flow: the canvas, the inspector and every other panel read
``document.flow`` and listen to the signals below; they change the flow by pushing a
command from :mod:`designer.commands` onto ``document.undo_stack`` (``document.push(cmd)``).
The mutation methods (``add_step`` ... ``set_flow_attr``) are meant for those commands only;
calling them directly bypasses undo.

Public API
----------
Signals (all emitted after the model changed):

- ``step_added(Step)``, ``step_removed(str step_id)``
- ``step_changed(str step_id)``: config or display name changed
- ``step_moved(str step_id)``: position changed
- ``edge_added(Edge)``, ``edge_removed(Edge)``
- ``flow_changed(str attr)``: one of name, description, trigger, entry, goal, settings
- ``reset()``: a whole new flow was set (``set_flow``); rebuild everything from ``flow``
- ``modified_changed(bool)``: the undo stack left or reached its clean state

Reading: ``flow`` (do not mutate it), ``step(id)``, ``step_ids()``, ``edges()``,
``is_modified()``, ``can_connect(source, target, port) -> str | None`` (a user-facing reason
why the edge is not allowed, or None), ``new_step_id(base, taken=())``,
``step_position(id)``, ``to_text()`` (the canonical flow file).

Undo: ``undo_stack`` (a QUndoStack; its clean state means "not modified"), ``push(command)``,
``set_clean()`` after a save, ``set_flow(flow)`` to load another flow (clears the history).

Mutation (commands only): ``add_step(step, index=None)``, ``remove_step(id) -> (Step, index)``
(the step must have no edges left: commands remove them first so undo can restore them),
``set_step_config(id, config)``, ``set_step_name(id, name)``, ``move_step(id, position)``,
``add_edge(edge, index=None)``, ``remove_edge(edge) -> index``, ``set_flow_attr(attr, value)``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from runtime.service import DEFAULT_JOIN, Edge, Flow, Step

#: Flow attributes that ``set_flow_attr`` may change (everything except steps and edges).
FLOW_ATTRS = ("name", "description", "trigger", "entry", "goal", "settings")

Position = tuple[float, float]


class FlowDocument(QObject):
    """Owns one flow and its undo history; broadcasts every change as a signal."""

    step_added = Signal(object)
    step_removed = Signal(str)
    step_changed = Signal(str)
    step_moved = Signal(str)
    edge_added = Signal(object)
    edge_removed = Signal(object)
    flow_changed = Signal(str)
    reset = Signal()
    modified_changed = Signal(bool)
    #: An edit was refused because the document is read-only (the reason, for the status bar).
    edit_refused = Signal(str)

    def __init__(self, flow: Flow | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flow = flow if flow is not None else Flow(name="Untitled flow")
        self.read_only = ""  # why edits are refused; "" = editable
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    # -- reading ---------------------------------------------------------------------------------

    @property
    def flow(self) -> Flow:
        """The flow shown. Read it freely; change it only through commands."""
        return self._flow

    def step(self, step_id: str) -> Step | None:
        """The step with ``step_id`` or None."""
        return self._flow.step(step_id)

    def require_step(self, step_id: str) -> Step:
        """The step with ``step_id``; KeyError naming it when there is none."""
        step = self._flow.step(step_id)
        if step is None:
            raise KeyError(f"flow {self._flow.name!r} has no step {step_id!r}")
        return step

    def step_ids(self) -> list[str]:
        """Ids of all steps in file order."""
        return self._flow.step_ids()

    def edges(self) -> list[Edge]:
        """All edges in file order (a copy of the list)."""
        return list(self._flow.edges)

    def step_position(self, step_id: str) -> Position | None:
        """The saved canvas position of a step (None when the file has none)."""
        return self.require_step(step_id).position

    def is_modified(self) -> bool:
        """True when there are edits since the last save (``set_clean``)."""
        return not self.undo_stack.isClean()

    def to_text(self) -> str:
        """The flow as a canonical flow file (``runtime.service.dumps_flow``)."""
        from runtime.service import dumps_flow

        return dumps_flow(self._flow)

    def new_step_id(self, base: str, taken: Iterable[str] = ()) -> str:
        """A step id derived from ``base`` used neither by the flow nor in ``taken``.

        ``base`` itself is returned when it is free, else ``base_2``, ``base_3`` ... (a
        trailing ``_<n>`` of ``base`` is dropped first so copies of ``wait_2`` become ``wait_3``).
        """
        used = set(self._flow.step_ids()) | set(taken)
        base = re.sub(r"[^A-Za-z0-9_]+", "_", base).strip("_") or "step"
        if base not in used:
            return base
        stem = re.sub(r"_\d+$", "", base) or base
        n = 2
        while f"{stem}_{n}" in used:
            n += 1
        return f"{stem}_{n}"

    def can_connect(self, source: str, target: str, port: str = "next") -> str | None:
        """Why an edge ``source --port--> target`` is not allowed (None when it is).

        The reasons are meant for the status bar: self edges, duplicates and loops are refused
        because flows are acyclic.
        """
        if self._flow.step(source) is None or self._flow.step(target) is None:
            return "Connect two steps of this flow."
        if source == target:
            return "A step cannot connect to itself."
        if Edge(source, target, port) in self._flow.edges:
            return f"{source} ({port}) is already connected to {target}."
        if self._reaches(target, source):
            return f"Connecting {source} to {target} would make a loop; flows cannot loop back."
        return None

    def _reaches(self, start: str, goal: str) -> bool:
        """True when ``goal`` can be reached from ``start`` following edges."""
        children: dict[str, list[str]] = {}
        for edge in self._flow.edges:
            children.setdefault(edge.source, []).append(edge.target)
        seen: set[str] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node in seen:
                continue
            seen.add(node)
            stack.extend(children.get(node, ()))
        return False

    # -- undo ------------------------------------------------------------------------------------

    def push(self, command: QUndoCommand) -> None:
        """Run ``command`` and put it on the undo stack, unless the document is read-only.

        A refused edit emits ``edit_refused`` and ``reset``: a card dragged before the drop was
        refused goes back where the model has it, a form shows the model's value again.
        """
        if self.read_only:
            self.edit_refused.emit(self.read_only)
            self.reset.emit()
            return
        self.undo_stack.push(command)

    def set_read_only(self, reason: str) -> None:
        """Refuse every edit (``reason`` says why, e.g. who runs the project), or allow with ''."""
        self.read_only = reason

    def set_clean(self) -> None:
        """Mark the current state as saved (not modified)."""
        self.undo_stack.setClean()

    def set_flow(self, flow: Flow) -> None:
        """Show another flow: clears the undo history and emits ``reset``."""
        self.undo_stack.clear()
        self._flow = flow
        self.reset.emit()
        self.modified_changed.emit(False)

    # -- mutation (for designer.commands only) ----------------------------------------------------

    def add_step(self, step: Step, index: int | None = None) -> None:
        """Insert ``step`` (at ``index`` in file order, default last)."""
        if self._flow.step(step.id) is not None:
            raise ValueError(f"flow {self._flow.name!r} already has a step {step.id!r}")
        steps = self._flow.steps
        steps.insert(len(steps) if index is None else index, step)
        self.step_added.emit(step)

    def remove_step(self, step_id: str) -> tuple[Step, int]:
        """Remove a step that has no edges; returns it and its former index."""
        step = self.require_step(step_id)
        if any(e.source == step_id or e.target == step_id for e in self._flow.edges):
            raise ValueError(f"step {step_id!r} still has edges; remove them first")
        index = self._flow.steps.index(step)
        del self._flow.steps[index]
        self.step_removed.emit(step_id)
        return step, index

    def set_step_config(self, step_id: str, config: dict[str, Any]) -> None:
        """Replace a step's whole config (a deep copy is stored)."""
        self.require_step(step_id).config = copy.deepcopy(config)
        self.step_changed.emit(step_id)

    def set_step_name(self, step_id: str, name: str | None) -> None:
        """Set a step's display name (None or "" clears it)."""
        self.require_step(step_id).name = name or None
        self.step_changed.emit(step_id)

    def set_step_join(self, step_id: str, join: str | None, start: bool) -> None:
        """Set where-branches-meet mode (None: the default, first) and the start mark of a step."""
        step = self.require_step(step_id)
        step.join, step.start = (join if join and join != DEFAULT_JOIN else None), bool(start)
        self.step_changed.emit(step_id)

    def incoming_count(self, step_id: str) -> int:
        """How many edges arrive at ``step_id``."""
        return sum(1 for e in self._flow.edges if e.target == step_id)

    def move_step(self, step_id: str, position: Position | None) -> None:
        """Set a step's canvas position."""
        step = self.require_step(step_id)
        step.position = None if position is None else (float(position[0]), float(position[1]))
        self.step_moved.emit(step_id)

    def add_edge(self, edge: Edge, index: int | None = None) -> None:
        """Insert an edge between two existing steps (duplicates are refused)."""
        for end in (edge.source, edge.target):
            self.require_step(end)
        if edge in self._flow.edges:
            raise ValueError(f"edge {edge.source} -{edge.port}-> {edge.target} already exists")
        edges = self._flow.edges
        edges.insert(len(edges) if index is None else index, edge)
        self.edge_added.emit(edge)

    def remove_edge(self, edge: Edge) -> int:
        """Remove an edge; returns its former index."""
        index = self._flow.edges.index(edge)
        del self._flow.edges[index]
        self.edge_removed.emit(edge)
        return index

    def set_flow_attr(self, attr: str, value: Any) -> None:
        """Set one of :data:`FLOW_ATTRS` (a deep copy of ``value`` is stored)."""
        if attr not in FLOW_ATTRS:
            raise KeyError(f"not a flow attribute: {attr!r}")
        setattr(self._flow, attr, copy.deepcopy(value))
        self.flow_changed.emit(attr)
