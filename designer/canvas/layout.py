"""Tidy layout: place a flow's steps left to right by depth, branches stacked top to bottom.

A pure function of the flow (no Qt): ``tidy_layout(flow, ports_of)`` returns new positions;
:class:`designer.commands.TidyLayoutCommand` applies them as one undo step.

How: a step's column is its longest distance from a first step (so a merge sits right of
every branch that reaches it). Rows come from a depth-first walk from the first steps, taking
each step's edges in port order (yes before no, A before B): a step with no unplaced children
takes the next free row, a parent sits at the middle of its children's rows. Every subtree
therefore owns a band of rows and branches never overlap.
"""

from __future__ import annotations

from collections.abc import Callable

from runtime.service import Flow, Step

GRID = 20.0


def _snap(value: float) -> float:
    return round(value / GRID) * GRID


def tidy_layout(
    flow: Flow,
    ports_of: Callable[[Step], list[str]] | None = None,
    *,
    column_gap: float = 300.0,
    row_gap: float = 140.0,
    origin: tuple[float, float] = (0.0, 0.0),
) -> dict[str, tuple[float, float]]:
    """New ``{step_id: (x, y)}`` for every step of ``flow`` (grid-snapped, top-left corners).

    ``ports_of(step)`` gives the order of a step's output ports (branches are stacked in that
    order); edges from ports it does not list follow in file order.
    """
    ids = flow.step_ids()
    if not ids:
        return {}
    steps = {s.id: s for s in flow.steps}
    children: dict[str, list[str]] = {i: [] for i in ids}
    indegree = dict.fromkeys(ids, 0)
    edges = [e for e in flow.edges if e.source in steps and e.target in steps and e.source != e.target]

    def port_rank(step_id: str) -> dict[str, int]:
        order = ports_of(steps[step_id]) if ports_of else []
        return {p: n for n, p in enumerate(order)}

    ranks = {i: port_rank(i) for i in ids}
    for _n, edge in sorted(enumerate(edges), key=lambda ne: (ranks[ne[1].source].get(ne[1].port, 1000), ne[0])):
        if edge.target not in children[edge.source]:
            children[edge.source].append(edge.target)
            indegree[edge.target] += 1

    # columns: longest path from a root (Kahn order); steps on a cycle keep column 0
    depth = dict.fromkeys(ids, 0)
    remaining = dict(indegree)
    queue = [i for i in ids if remaining[i] == 0]
    while queue:
        node = queue.pop(0)
        for child in children[node]:
            depth[child] = max(depth[child], depth[node] + 1)
            remaining[child] -= 1
            if remaining[child] == 0:
                queue.append(child)

    # rows: depth-first, each step placed under the first parent that reaches it
    row: dict[str, float] = {}
    claimed: set[str] = set()
    next_row = 0.0

    def place(node: str) -> None:
        nonlocal next_row
        stack: list[tuple[str, list[str], int]] = []
        # iterative DFS so very deep flows do not hit the recursion limit
        kids = [c for c in children[node] if c not in claimed]
        claimed.update(kids)
        stack.append((node, kids, 0))
        while stack:
            current, current_kids, index = stack.pop()
            if index < len(current_kids):
                stack.append((current, current_kids, index + 1))
                child = current_kids[index]
                grand = [c for c in children[child] if c not in claimed]
                claimed.update(grand)
                stack.append((child, grand, 0))
                continue
            if current_kids:
                row[current] = (row[current_kids[0]] + row[current_kids[-1]]) / 2
            else:
                row[current] = next_row
                next_row += 1

    roots = [i for i in ids if indegree[i] == 0] + [i for i in ids if indegree[i] > 0]
    for root in roots:
        if root not in claimed:
            claimed.add(root)
            place(root)

    ox, oy = origin
    return {i: (_snap(ox + depth[i] * column_gap), _snap(oy + row[i] * row_gap)) for i in ids}
