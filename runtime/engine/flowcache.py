"""Published flow versions compiled for the engine: step lookup, port -> targets, first steps.

Versions are immutable, so a version's compiled form is cached by its canonical text (not its
id: two projects opened in one process may both have a version 1). Tokens always resolve their
steps through their execution's version, so publishing an edit never moves contacts already inside.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.flow.model import DEFAULT_PORT, Flow, Step
from runtime.storage.models import FlowVersion

# step types whose config may hold templates that mention ``event``
_MESSAGE_TYPES = {"send_email", "send_sms", "send_telegram", "send_whatsapp", "send_push", "smart_send",
                  "webhook", "notify_team", "update_contact"}


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

    def next_steps(self, step_id: str, port: str) -> list[str]:
        """Targets of the edges leaving ``step_id`` from ``port`` (file order)."""
        return self.targets.get((step_id, port), [])


def _walk_conditions(cond: Any, out: "CompiledFlow") -> None:
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


def flow_from_text(text: str, source: str) -> Flow:
    """Parse canonical flow file text (through runtime.flow.io)."""
    from runtime.flow.io import loads_flow

    return loads_flow(text, source)


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
    compiled.parallel = len(compiled.first_steps) > 1 or any(len(t) > 1 for t in targets.values())
    for step in flow.steps:
        config = step.config or {}
        if step.type == "condition":
            _walk_conditions(config.get("if"), compiled)
        elif step.type == "channel_switch":
            for rule in config.get("rules") or []:
                if isinstance(rule, dict):
                    _walk_conditions(rule.get("if"), compiled)
        elif step.type == "wait" and config.get("event"):
            compiled.event_names.add(str(config["event"]))
        elif step.type == "wait" and not config.get("until"):
            from runtime.flow.durations import parse_duration

            try:
                compiled.simple_waits[step.id] = parse_duration(config.get("duration") or "PT0S")
            except (ValueError, TypeError):
                pass  # the handler reports the bad duration
        if step.type in _MESSAGE_TYPES and "event" in json.dumps(config, ensure_ascii=False):
            compiled.uses_event = True
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


def compiled_version(session: Session, version_id: int) -> CompiledFlow:
    """The compiled definition of published version ``version_id``."""
    text = session.execute(select(FlowVersion.definition).where(FlowVersion.id == version_id)).scalar_one()
    return compiled_from_text(text, version_id)


__all__ = ["CompiledFlow", "compile_flow", "compiled_from_text", "compiled_version", "flow_from_text"]
