"""What changed between two versions of a flow: steps added, removed and changed, field by field.

:func:`diff_flows` compares two :class:`Flow` objects by step id. A changed step lists each config
field that differs (dotted paths into nested config, e.g. ``content.email.subject``) with its old
and new value; type, name and canvas moves are reported apart so a layout tweak is not a change
of behaviour. Edges, trigger, entry, goal and settings are compared too.
"""

from __future__ import annotations

from typing import Any

from runtime.flow.model import Flow

__all__ = ["diff_flows", "field_changes"]

_MISSING = object()



def _edge_set(flow: Flow) -> set[tuple[str, str, str]]:
    return {(e.source, e.port, e.target) for e in flow.edges}


def _edge_dict(edge: tuple[str, str, str]) -> dict[str, str]:
    return {"from": edge[0], "port": edge[1], "to": edge[2]}


def field_changes(old: Any, new: Any, prefix: str = "") -> list[dict[str, Any]]:
    """``[{"field", "old", "new"}]`` for every leaf that differs (absent values are None)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[dict[str, Any]] = []
        for key in [*old, *(k for k in new if k not in old)]:
            out += field_changes(old.get(key, _MISSING), new.get(key, _MISSING), f"{prefix}.{key}" if prefix else key)
        return out
    if old == new:
        return []
    return [{"field": prefix or "(value)", "old": None if old is _MISSING else old,
             "new": None if new is _MISSING else new}]


def diff_flows(old: Flow, new: Flow) -> dict[str, Any]:
    """The difference from ``old`` to ``new`` as plain data (what ``flow diff --json`` prints)."""
    old_steps = {s.id: s for s in old.steps}
    new_steps = {s.id: s for s in new.steps}
    added = [{"id": s.id, "type": s.type, "name": s.name} for s in new.steps if s.id not in old_steps]
    removed = [{"id": s.id, "type": s.type, "name": s.name} for s in old.steps if s.id not in new_steps]
    changed, moved = [], []
    for step in new.steps:
        before = old_steps.get(step.id)
        if before is None:
            continue
        changes = field_changes(before.config, step.config)
        if before.type != step.type:
            changes.insert(0, {"field": "(type)", "old": before.type, "new": step.type})
        if before.name != step.name:
            changes.append({"field": "(name)", "old": before.name, "new": step.name})
        if changes:
            changed.append({"id": step.id, "type": step.type, "name": step.name, "changes": changes})
        elif before.position != step.position:
            moved.append(step.id)
    old_edges, new_edges = _edge_set(old), _edge_set(new)
    flow_fields = field_changes({"name": old.name, "description": old.description, "trigger": old.trigger,
                                 "entry": old.entry, "goal": old.goal, "settings": old.settings},
                                {"name": new.name, "description": new.description, "trigger": new.trigger,
                                 "entry": new.entry, "goal": new.goal, "settings": new.settings})
    return {
        "added": added, "removed": removed, "changed": changed, "moved": moved,
        "edges_added": [_edge_dict(e) for e in sorted(new_edges - old_edges)],
        "edges_removed": [_edge_dict(e) for e in sorted(old_edges - new_edges)],
        "flow": flow_fields,
        "same": not (added or removed or changed or flow_fields or new_edges ^ old_edges),
    }
