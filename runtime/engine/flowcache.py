"""Published flow versions compiled for the engine: step lookup, port -> targets, first steps.

Versions are immutable, so a version's compiled form is cached by its canonical text, and by id
per database (two projects opened in one process may both have a version 1), so
:func:`compiled_version` does not even read the definition again. Tokens always resolve their
steps through their execution's version, so publishing an edit never moves contacts already inside.
"""

from __future__ import annotations

import json
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from runtime.flow.model import DEFAULT_PORT, Flow, Step
from runtime.steps.handlers import PREFETCH, TEMPLATE_TYPES
from runtime.steps.registry import REGISTRY
from runtime.storage.models import FlowVersion


@dataclass
class CompiledFlow:
    """One published version, ready for the tick loop."""

    version_id: int
    flow: Flow
    steps: dict[str, Step]
    targets: dict[tuple[str, str], list[str]]
    first_steps: list[str]
    max_lateness: timedelta | None
    event_names: set[str] = field(default_factory=set)  # events that conditions/waits look at
    uses_messages: bool = False  # a condition looks at the last inbound message
    uses_event: bool = False  # a template refers to the trigger event
    max_lateness_seconds: float | None = None
    # wait steps that are a plain duration: the tick handles them inline (same result as handle_wait)
    simple_waits: dict[str, timedelta] = field(default_factory=dict)
    parallel: bool = False  # several first steps or a port with several edges: executions may hold many tokens
    # the flow's delivery settings as send steps copy them into outbox content (see delivery_options)
    delivery: dict[str, Any] | None = None
    # steps where parallel branches meet, with their join mode when it is not "each"
    joins: dict[str, str] = field(default_factory=dict)
    # step id -> every step reachable after it (only for versions with "all" joins)
    reach: dict[str, frozenset[str]] = field(default_factory=dict)
    # what the batch loader reads for this version's handlers (runtime.steps.registry.PREFETCH)
    prefetch: frozenset[str] = frozenset()

def _walk_conditions(cond: Any, out: CompiledFlow) -> None:
    if isinstance(cond, dict):
        if isinstance(cond.get("event"), str):
            out.event_names.add(cond["event"])
        if "message" in cond:
            out.uses_messages = True
        for key in ("all", "any"):
            for item in cond.get(key) or []:
                _walk_conditions(item, out)
        if "not" in cond:
            _walk_conditions(cond["not"], out)
    elif isinstance(cond, list):
        for item in cond:
            _walk_conditions(item, out)


def _compile_joins(compiled: CompiledFlow) -> None:
    """Join modes of the steps several edges arrive at, and (for ``all``) what each step reaches."""
    arriving: dict[str, int] = {}
    for edge in compiled.flow.edges:
        arriving[edge.target] = arriving.get(edge.target, 0) + 1
    for step_id, count in arriving.items():
        step = compiled.steps.get(step_id)
        if count > 1 and step is not None and step.join_mode != "each":
            compiled.joins[step_id] = step.join_mode
    if "all" not in compiled.joins.values():
        return
    succ: dict[str, set[str]] = {}
    for (source, _port), targets in compiled.targets.items():
        succ.setdefault(source, set()).update(targets)
    reach: dict[str, frozenset[str]] = {}

    def walk(step_id: str) -> frozenset[str]:  # flows are acyclic (validated before publishing)
        if step_id not in reach:
            reach[step_id] = frozenset()  # guards a malformed cycle
            found: set[str] = set()
            for nxt in succ.get(step_id, ()):
                found.add(nxt)
                found |= walk(nxt)
            reach[step_id] = frozenset(found)
        return reach[step_id]

    for step_id in compiled.steps:
        walk(step_id)
    compiled.reach = reach


def flow_from_text(text: str, source: str) -> Flow:
    """Parse canonical flow file text (through runtime.flow.io)."""
    from runtime.flow.io import loads_flow

    return loads_flow(text, source)


def delivery_options(settings: dict[str, Any] | None) -> dict[str, Any] | None:
    """The flow's ``settings.quiet_hours`` / ``settings.caps`` as outbox content keys, or None.

    ``flow_quiet_hours`` is a window like ``"21:00-08:00"`` (or ``"off"``), ``flow_caps`` an
    object with ``per_day`` / ``per_week`` (and optionally ``action``); the dispatcher's policy
    applies them over the project's settings and under the send step's own options.
    """
    settings = settings or {}
    out: dict[str, Any] = {}
    quiet = settings.get("quiet_hours")
    if isinstance(quiet, str) and quiet.strip():
        out["flow_quiet_hours"] = "".join(quiet.split())  # "21:00 - 08:00" -> "21:00-08:00"
    caps = settings.get("caps")
    if isinstance(caps, dict):
        kept = {k: caps[k] for k in ("per_day", "per_week", "action") if caps.get(k) is not None}
        if kept:
            out["flow_caps"] = kept
    return out or None


def compile_flow(flow: Flow, version_id: int = 0) -> CompiledFlow:
    """Index ``flow`` for the engine."""
    targets: dict[tuple[str, str], list[str]] = {}
    for edge in flow.edges:
        targets.setdefault((edge.source, edge.port or DEFAULT_PORT), []).append(edge.target)
    max_late = None
    raw = (flow.settings or {}).get("max_lateness")
    if raw:
        from runtime.flow.durations import parse_duration

        try:
            max_late = parse_duration(raw)
        except ValueError:
            max_late = None
    compiled = CompiledFlow(
        version_id=version_id,
        flow=flow,
        steps={s.id: s for s in flow.steps},
        targets=targets,
        first_steps=[s.id for s in flow.first_steps()],
        max_lateness=max_late,
    )
    compiled.max_lateness_seconds = max_late.total_seconds() if max_late is not None else None
    compiled.delivery = delivery_options(flow.settings)
    compiled.parallel = len(compiled.first_steps) > 1 or any(len(t) > 1 for t in targets.values())
    if compiled.parallel:
        _compile_joins(compiled)
    compiled.prefetch = frozenset(part for s in flow.steps for part in PREFETCH.get(s.type, ()))
    for step in flow.steps:
        config = step.config or {}
        step_type = REGISTRY.get(step.type)
        if step_type is None:
            continue  # the batch fails the token with "unknown step type"
        for cond in step_type.conditions(config):
            _walk_conditions(cond, compiled)
        awaited = step_type.awaited_event(config)
        if awaited is not None:
            compiled.event_names.add(awaited)
        delay = step_type.plain_delay(config)
        if delay is not None:
            from runtime.flow.durations import parse_duration

            try:
                compiled.simple_waits[step.id] = parse_duration(delay)
            except (ValueError, TypeError):
                pass  # the handler reports the bad duration
        if step.type in TEMPLATE_TYPES and ("event" in json.dumps(config, ensure_ascii=False) or config.get("business")):
            compiled.uses_event = True  # templates, or a Telegram Business reply needs the trigger's connection
    return compiled


_CACHE: OrderedDict[str, CompiledFlow] = OrderedDict()
_CACHE_MAX = 256


def compiled_from_text(text: str, version_id: int) -> CompiledFlow:
    """The compiled form of a version's canonical text (cached by text)."""
    key = f"{version_id}\x00{text}"
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    compiled = compile_flow(flow_from_text(text, f"flow version {version_id}"), version_id)
    _CACHE[key] = compiled
    if len(_CACHE) > _CACHE_MAX:
        _CACHE.popitem(last=False)
    return compiled


# version id -> compiled form, per database (the session's bind: an Engine per opened project, so
# two projects' version 1 never meet, and a project opened again starts afresh). Versions are
# immutable, so a hit needs no query; entries made in a transaction that rolls back are dropped
# (SQLite could hand the rolled-back id to the next version).
_BY_ID: weakref.WeakKeyDictionary[Any, dict[int, CompiledFlow]] = weakref.WeakKeyDictionary()
_BY_ID_MAX = 1024
_NEW_KEY = "flowcache:new_versions"


def _per_database(session: Session) -> dict[int, CompiledFlow] | None:
    bind = session.get_bind()
    try:
        found = _BY_ID.get(bind)
        if found is None:
            found = _BY_ID[bind] = {}
    except TypeError:  # a bind that cannot be weakly referenced: no id cache
        return None
    return found


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_NEW_KEY, None)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    for cache, version_id in session.info.pop(_NEW_KEY, ()):
        cache.pop(version_id, None)


def compiled_version(session: Session, version_id: int) -> CompiledFlow:
    """The compiled definition of published version ``version_id`` (cached by id per database)."""
    cache = _per_database(session)
    if cache is not None:
        hit = cache.get(version_id)
        if hit is not None:
            return hit
    text = session.execute(select(FlowVersion.definition).where(FlowVersion.id == version_id)).scalar_one()
    compiled = compiled_from_text(text, version_id)
    if cache is not None:
        if len(cache) >= _BY_ID_MAX:
            cache.clear()
        cache[version_id] = compiled
        session.info.setdefault(_NEW_KEY, []).append((cache, version_id))
    return compiled


__all__ = ["CompiledFlow", "compile_flow", "compiled_from_text", "compiled_version", "delivery_options",
           "flow_from_text"]
