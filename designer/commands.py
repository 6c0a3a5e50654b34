"""Undoable edits of a :class:`~designer.document.FlowDocument`.

Every user edit is ONE ``QUndoCommand`` pushed with ``document.push(command)``; commands
only call document methods (the document emits the signals the views follow). Compound edits
are macros: the parent holds its parts, redoes them in order and undoes them in reverse,
and each part remembers the index it removed from, so undo restores file order.

Public API (``document`` is always the first argument)
-----------------------------------------------------
- ``AddStepCommand(document, step)``: add a new step.
- ``RemoveSelectionCommand(document, step_ids, edges=())``: remove steps, every edge touching
  them and the extra ``edges`` (one macro; undo restores steps and edges in their order).
- ``MoveStepsCommand(document, positions, old_positions=None, text="Move", merge_key=None)``:
  ``positions`` maps step id -> (x, y); old positions default to the document's current ones. A
  canvas drag pushes one of these on mouse release; consecutive moves of the same steps with the
  same ``merge_key`` merge (arrow-key nudges).
- ``AddEdgeCommand(document, edge)``, ``RemoveEdgeCommand(document, edge)``.
- ``AddConnectedStepCommand(document, step, source, port)``: add a step and connect ``source``'s
  ``port`` to it (one undo step: "drag from a port to empty canvas, pick a type").
- ``InsertStepCommand(document, step, edge, out_port)``: add a step in the middle of ``edge``
  (source -> step -> target, leaving the new step by ``out_port``; one undo step).
- ``SetStepConfigCommand(document, step_id, config)``: replace a step's config. Consecutive
  commands for the same step merge (typing in the inspector is one undo step); pass
  ``merge=False`` to start a new undo step.
- ``RenameStepCommand(document, step_id, name)``: set the display name; merges like above.
- ``SetFlowAttrCommand(document, attr, value)``: attr in name, description, trigger, entry,
  goal, settings; consecutive commands for the same attr merge.
- ``PasteCommand(document, fragment, offset=(0, 0))``: add the steps and inner edges of a
  fragment ``Flow`` under fresh ids; ``command.pasted_ids`` lists the new step ids.
- ``DuplicateCommand(document, step_ids, offset=(40, 40))``: paste a copy of those steps.
- ``TidyLayoutCommand(document, positions)``: a move of many steps, named "Tidy layout".
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtGui import QUndoCommand

from designer.document import FLOW_ATTRS, FlowDocument, Position
from runtime.service import Edge, Flow, Step

# ids returned by QUndoCommand.id(): equal ids are candidates for mergeWith
_SET_CONFIG_ID = 1001
_RENAME_ID = 1002
_FLOW_ATTR_ID = 1003
_MOVE_ID = 1004


class _DocumentCommand(QUndoCommand):
    """A command bound to one document.

    Compound commands keep their parts in ``parts`` (redone in order, undone in reverse) instead
    of Qt child commands: PySide does not keep the Python side of Qt-owned children reliably.
    ``parent`` (a _DocumentCommand) makes this command a part of that one.
    """

    def __init__(self, document: FlowDocument, text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(text)
        self.document = document
        self.parts: list[_DocumentCommand] = []
        if parent is not None:
            if not isinstance(parent, _DocumentCommand):
                raise TypeError("a command's parent must be another FlowCanvas command")
            parent.parts.append(self)

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()


class AddStepCommand(_DocumentCommand):
    """Add one step (at the end of the file order)."""

    def __init__(self, document: FlowDocument, step: Step, parent: QUndoCommand | None = None) -> None:
        super().__init__(document, f"Add {step.name or step.id}", parent)
        self.step = step

    def redo(self) -> None:
        self.document.add_step(self.step)

    def undo(self) -> None:
        self.document.remove_step(self.step.id)


class RemoveStepCommand(_DocumentCommand):
    """Remove one step that has no edges left (use inside :class:`RemoveSelectionCommand`)."""

    def __init__(self, document: FlowDocument, step_id: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(document, f"Remove {step_id}", parent)
        self.step_id = step_id
        self._removed: tuple[Step, int] | None = None

    def redo(self) -> None:
        self._removed = self.document.remove_step(self.step_id)

    def undo(self) -> None:
        assert self._removed is not None
        step, index = self._removed
        self.document.add_step(step, index)


class AddEdgeCommand(_DocumentCommand):
    """Connect ``edge.source``'s port to ``edge.target``."""

    def __init__(self, document: FlowDocument, edge: Edge, parent: QUndoCommand | None = None) -> None:
        super().__init__(document, f"Connect {edge.source} to {edge.target}", parent)
        self.edge = edge

    def redo(self) -> None:
        self.document.add_edge(self.edge)

    def undo(self) -> None:
        self.document.remove_edge(self.edge)


class AddConnectedStepCommand(_DocumentCommand):
    """Add a step and an edge into it from ``source``'s ``port``, as one undo step."""

    def __init__(self, document: FlowDocument, step: Step, source: str, port: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(document, f"Add {step.name or step.id} after {source}", parent)
        self.step = step
        AddStepCommand(document, step, self)
        AddEdgeCommand(document, Edge(source, step.id, port), self)


class InsertStepCommand(_DocumentCommand):
    """Splice a new step into an edge: ``a -port-> b`` becomes ``a -port-> step -out_port-> b``."""

    def __init__(
        self, document: FlowDocument, step: Step, edge: Edge, out_port: str | None, parent: QUndoCommand | None = None
    ) -> None:
        super().__init__(document, f"Insert {step.name or step.id}", parent)
        self.step = step
        AddStepCommand(document, step, self)
        RemoveEdgeCommand(document, edge, self)
        AddEdgeCommand(document, Edge(edge.source, step.id, edge.port), self)
        if out_port is not None:  # an exit step has no way out: the old target is left unconnected
            AddEdgeCommand(document, Edge(step.id, edge.target, out_port), self)


class RemoveEdgeCommand(_DocumentCommand):
    """Remove one edge; undo puts it back at the same index."""

    def __init__(self, document: FlowDocument, edge: Edge, parent: QUndoCommand | None = None) -> None:
        super().__init__(document, f"Disconnect {edge.source} from {edge.target}", parent)
        self.edge = edge
        self._index = -1

    def redo(self) -> None:
        self._index = self.document.remove_edge(self.edge)

    def undo(self) -> None:
        self.document.add_edge(self.edge, self._index)


class RemoveSelectionCommand(_DocumentCommand):
    """Remove steps with all their edges, plus loose selected edges, as one undo step."""

    def __init__(
        self,
        document: FlowDocument,
        step_ids: Iterable[str],
        edges: Iterable[Edge] = (),
        parent: QUndoCommand | None = None,
    ) -> None:
        ids = [s for s in dict.fromkeys(step_ids) if document.step(s) is not None]
        super().__init__(document, _plural("Delete", len(ids), "step") if ids else "Delete connections", parent)
        doomed = set(ids)
        wanted = set(edges)
        for edge in document.edges():
            if edge in wanted or edge.source in doomed or edge.target in doomed:
                RemoveEdgeCommand(document, edge, self)
        for step_id in ids:
            RemoveStepCommand(document, step_id, self)

    def is_empty(self) -> bool:
        """True when there is nothing to remove (do not push it)."""
        return not self.parts


class MoveStepsCommand(_DocumentCommand):
    """Set the positions of several steps at once (a drag, a nudge, a tidy layout)."""

    def __init__(
        self,
        document: FlowDocument,
        positions: Mapping[str, Position],
        old_positions: Mapping[str, Position | None] | None = None,
        text: str = "Move",
        parent: QUndoCommand | None = None,
        merge_key: str | None = None,
    ) -> None:
        super().__init__(document, text, parent)
        self.positions = {k: (float(v[0]), float(v[1])) for k, v in positions.items()}
        if old_positions is None:
            old_positions = {k: document.step_position(k) for k in self.positions}
        self.old_positions = dict(old_positions)
        self.merge_key = merge_key

    def id(self) -> int:
        return _MOVE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        # repeated nudges of the same steps (arrow keys held down) are one undo step
        if (
            not isinstance(other, MoveStepsCommand)
            or other.merge_key != self.merge_key
            or other.positions.keys() != self.positions.keys()
        ):
            return False
        self.positions = dict(other.positions)
        return True

    def redo(self) -> None:
        for step_id, pos in self.positions.items():
            self.document.move_step(step_id, pos)

    def undo(self) -> None:
        for step_id, pos in self.old_positions.items():
            self.document.move_step(step_id, pos)


class TidyLayoutCommand(MoveStepsCommand):
    """Apply a computed layout (``designer.canvas.layout.tidy_layout``) as one undo step."""

    def __init__(self, document: FlowDocument, positions: Mapping[str, Position], parent: QUndoCommand | None = None) -> None:
        super().__init__(document, positions, text="Tidy layout", parent=parent)


class SetStepConfigCommand(_DocumentCommand):
    """Replace a step's config; consecutive edits of the same step merge into one."""

    def __init__(
        self,
        document: FlowDocument,
        step_id: str,
        config: Mapping[str, Any],
        merge: bool = True,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(document, f"Edit {step_id}", parent)
        self.step_id = step_id
        self.merge = merge
        self.old_config = copy.deepcopy(document.require_step(step_id).config)
        self.new_config = copy.deepcopy(dict(config))

    def id(self) -> int:
        return _SET_CONFIG_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetStepConfigCommand) or not other.merge or other.step_id != self.step_id:
            return False
        self.new_config = copy.deepcopy(other.new_config)
        # typing back to where we started leaves nothing to undo
        self.setObsolete(self.new_config == self.old_config)
        return True

    def redo(self) -> None:
        self.document.set_step_config(self.step_id, self.new_config)

    def undo(self) -> None:
        self.document.set_step_config(self.step_id, self.old_config)


class RenameStepCommand(_DocumentCommand):
    """Set a step's display name; consecutive renames of the same step merge."""

    def __init__(self, document: FlowDocument, step_id: str, name: str | None, parent: QUndoCommand | None = None) -> None:
        super().__init__(document, f"Rename {step_id}", parent)
        self.step_id = step_id
        self.old_name = document.require_step(step_id).name
        self.new_name = name or None

    def id(self) -> int:
        return _RENAME_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, RenameStepCommand) or other.step_id != self.step_id:
            return False
        self.new_name = other.new_name
        self.setObsolete(self.new_name == self.old_name)
        return True

    def redo(self) -> None:
        self.document.set_step_name(self.step_id, self.new_name)

    def undo(self) -> None:
        self.document.set_step_name(self.step_id, self.old_name)


class SetStepJoinCommand(_DocumentCommand):
    """Set a step's join mode (where branches meet) and its start mark."""

    def __init__(self, document: FlowDocument, step_id: str, join: str | None, start: bool,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(document, f"Join mode of {step_id}", parent)
        step = document.require_step(step_id)
        self.step_id = step_id
        self.old = (step.join, step.start)
        self.new = (join, start)

    def redo(self) -> None:
        self.document.set_step_join(self.step_id, *self.new)

    def undo(self) -> None:
        self.document.set_step_join(self.step_id, *self.old)


class SetFlowAttrCommand(_DocumentCommand):
    """Change the flow's name, description, trigger, entry, goal or settings (mergeable)."""

    def __init__(self, document: FlowDocument, attr: str, value: Any, parent: QUndoCommand | None = None) -> None:
        if attr not in FLOW_ATTRS:
            raise KeyError(f"not a flow attribute: {attr!r}")
        super().__init__(document, f"Change flow {attr}", parent)
        self.attr = attr
        self.old_value = copy.deepcopy(getattr(document.flow, attr))
        self.new_value = copy.deepcopy(value)

    def id(self) -> int:
        return _FLOW_ATTR_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetFlowAttrCommand) or other.attr != self.attr:
            return False
        self.new_value = copy.deepcopy(other.new_value)
        self.setObsolete(self.new_value == self.old_value)
        return True

    def redo(self) -> None:
        self.document.set_flow_attr(self.attr, self.new_value)

    def undo(self) -> None:
        self.document.set_flow_attr(self.attr, self.old_value)


class PasteCommand(_DocumentCommand):
    """Add a fragment's steps (fresh ids, shifted by ``offset``) and the edges between them."""

    def __init__(
        self,
        document: FlowDocument,
        fragment: Flow,
        offset: Position = (0.0, 0.0),
        text: str | None = None,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(document, text or _plural("Paste", len(fragment.steps), "step"), parent)
        renamed: dict[str, str] = {}
        for step in fragment.steps:
            renamed[step.id] = document.new_step_id(step.id, renamed.values())
        self.pasted_ids = list(renamed.values())
        for step in fragment.steps:
            new = step.copy()
            new.id = renamed[step.id]
            if new.position is not None:
                new.position = (new.position[0] + offset[0], new.position[1] + offset[1])
            AddStepCommand(document, new, self)
        seen: set[Edge] = set()
        for edge in fragment.edges:
            if edge.source in renamed and edge.target in renamed:
                new_edge = Edge(renamed[edge.source], renamed[edge.target], edge.port)
                if new_edge not in seen:
                    seen.add(new_edge)
                    AddEdgeCommand(document, new_edge, self)


class DuplicateCommand(PasteCommand):
    """Copy steps (and the edges among them) next to the originals."""

    def __init__(
        self,
        document: FlowDocument,
        step_ids: Iterable[str],
        offset: Position = (40.0, 40.0),
        parent: QUndoCommand | None = None,
    ) -> None:
        fragment = fragment_of(document.flow, step_ids)
        super().__init__(document, fragment, offset, _plural("Duplicate", len(fragment.steps), "step"), parent)


def fragment_of(flow: Flow, step_ids: Iterable[str]) -> Flow:
    """A copy of ``flow`` holding only ``step_ids`` (in file order) and the edges among them."""
    wanted = set(step_ids)
    steps = [s.copy() for s in flow.steps if s.id in wanted]
    edges = [e for e in flow.edges if e.source in wanted and e.target in wanted]
    return Flow(name=flow.name, steps=steps, edges=edges)


def _plural(verb: str, n: int, noun: str) -> str:
    return f"{verb} {n} {noun}{'' if n == 1 else 's'}" if n != 1 else f"{verb} {noun}"
