"""A small reference interpreter of flows, written from design.md alone (not from the engine).

It computes, for one contact entering one flow at a moment, every step visit (step id, port
taken, when) and how the execution ends, given the contact's tags and the events it will send.
It covers the step types the property test generates: wait (duration; event with timeout),
condition (tag / event count since entry, nested all/any/not), add_tag, sandbox sends,
ab_split (the group choice is an input: the engine's choice is stable per contact, and how
it hashes is its own business), exit, parallel branches and merges, and an event goal.

Semantics (design.md sections 3-5): the first steps are those without incoming edges; several
edges from one port run in parallel (one token each); several edges into one step merge with
the step's join mode (``first`` by default: the first arriving token continues, later ones end
there; ``each``: every arriving token continues); ``exit`` ends the whole execution; the execution completes when
its last token ends; a goal event after entry ends the execution at once with reason ``goal``.
Generated inputs avoid simultaneous happenings (each event of a contact has its own second
within the minute, waits last whole minutes), so the order inside one instant matters only
for what one event causes: its goal check comes before the waits it wakes.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from runtime.flow.durations import parse_duration

SEND_TYPES = {"send_email", "send_sms", "send_telegram", "send_whatsapp", "send_push"}


@dataclass(frozen=True, order=True)
class Visit:
    """One finished step visit."""

    at: datetime
    step_id: str
    port: str | None


@dataclass
class Outcome:
    """What happened to one execution up to the horizon."""

    visits: list[Visit] = field(default_factory=list)
    status: str = "active"  # active, completed, exited
    reason: str | None = None
    ended_at: datetime | None = None


def _holds(cond: dict[str, Any], tags: set[str], events: list[tuple[str, datetime]], entered: datetime,
           now: datetime) -> bool:
    if "all" in cond:
        return all(_holds(c, tags, events, entered, now) for c in cond["all"])
    if "any" in cond:
        return any(_holds(c, tags, events, entered, now) for c in cond["any"])
    if "not" in cond:
        return not _holds(cond["not"], tags, events, entered, now)
    if "tag" in cond:
        return cond["tag"] in tags
    if "event" in cond:
        assert cond.get("since") == "entry"
        n = sum(1 for name, at in events if name == cond["event"] and entered <= at <= now)
        want = cond.get("count", 1)
        op = cond.get("op", ">=")
        return {">=": n >= want, ">": n > want, "=": n == want, "<": n < want, "<=": n <= want}[op]
    raise ValueError(f"the reference interpreter does not know {cond!r}")


def run_flow(
    flow: dict[str, Any],
    *,
    entered_at: datetime,
    until: datetime,
    tags: set[str],
    events: list[tuple[str, datetime]],
    ab_choice: Callable[[str], str],
) -> Outcome:
    """Simulate one execution of ``flow`` (a flow-file dict) from ``entered_at`` up to ``until``."""
    steps = {s["id"]: s for s in flow["steps"]}
    edges: dict[tuple[str, str], list[str]] = {}
    targets_all: set[str] = set()
    arriving: dict[str, int] = {}
    for e in flow["edges"]:
        edges.setdefault((e["from"], e.get("port", "next")), []).append(e["to"])
        targets_all.add(e["to"])
        arriving[e["to"]] = arriving.get(e["to"], 0) + 1
    joined: set[str] = set()  # "first" joins a branch has already passed
    goal = (flow.get("goal") or {}).get("event")
    goal_at = min((at for name, at in events if name == goal and at >= entered_at), default=None) if goal else None

    out = Outcome()
    # heap items: (time, sequence, kind, step id, port); kind "arrive" or "resume"
    heap: list[tuple[datetime, int, str, str, str | None]] = []
    seq = 0

    def push(at: datetime, kind: str, step_id: str, port: str | None = None) -> None:
        nonlocal seq
        heapq.heappush(heap, (at, seq, kind, step_id, port))
        seq += 1

    for s in flow["steps"]:  # first steps in file order
        if s["id"] not in targets_all:
            push(entered_at, "arrive", s["id"])

    def leave(step_id: str, port: str | None, at: datetime) -> None:
        out.visits.append(Visit(at, step_id, port))
        if port is None:
            return
        for target in edges.get((step_id, port), []):
            mode = steps[target].get("join") or "first"
            if arriving[target] > 1 and mode == "first":
                if target in joined:
                    continue  # a branch got there first
                joined.add(target)
            elif arriving[target] > 1 and mode != "each":
                raise ValueError(f"the reference interpreter does not know join mode {mode!r}")
            push(at, "arrive", target)

    last = entered_at
    while heap:
        at, _seq, kind, step_id, port = heap[0]
        # the goal is checked when its event arrives, before that event wakes anything
        if goal_at is not None and goal_at <= at and goal_at <= until:
            out.status, out.reason, out.ended_at = "exited", "goal", goal_at
            return out
        if at > until:
            return out  # still inside at the horizon
        heapq.heappop(heap)
        last = at
        if kind == "resume":
            leave(step_id, port, at)
            continue
        step = steps[step_id]
        cfg = step.get("config") or {}
        kind_of = step["type"]
        if kind_of == "wait":
            if cfg.get("event"):
                timeout_at = at + parse_duration(cfg["timeout"])
                hit = min((t for n, t in events if n == cfg["event"] and at <= t <= timeout_at), default=None)
                push(hit if hit is not None else timeout_at, "resume", step_id, "yes" if hit is not None else "no")
            else:
                push(at + parse_duration(cfg["duration"]), "resume", step_id, "next")
        elif kind_of == "condition":
            leave(step_id, "yes" if _holds(cfg["if"], tags, events, entered_at, at) else "no", at)
        elif kind_of == "ab_split":
            leave(step_id, ab_choice(step_id), at)
        elif kind_of in SEND_TYPES or kind_of == "add_tag":
            leave(step_id, "next", at)
        elif kind_of == "exit":
            out.visits.append(Visit(at, step_id, None))
            reason = cfg.get("reason")
            out.status, out.reason = ("exited", str(reason)) if reason else ("completed", "exit_step")
            out.ended_at = at
            return out
        else:
            raise ValueError(f"the reference interpreter does not know step type {kind_of!r}")
    if goal_at is not None and goal_at <= last:
        raise AssertionError("unreachable: the goal is handled in the loop")
    out.status, out.reason, out.ended_at = "completed", "completed", last
    return out


def ab_groups(step: dict[str, Any]) -> list[str]:
    """The group names (ports) of an ab_split step."""
    return [g["name"] for g in (step.get("config") or {}).get("groups", [])]
