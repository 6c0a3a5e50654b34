"""Which handler runs each step type, and the engine's other per-type sets, derived from the registry.

A send step (one with a ``channel``) runs :func:`runtime.steps.messages.handle_send`; every other
type runs ``handle_<type>`` from :mod:`runtime.steps.logic` or :mod:`runtime.steps.messages`.
``tests/runtime/test_registry.py`` fails when a registered type has no handler.
"""

from __future__ import annotations

from collections.abc import Callable

from runtime.steps import logic, messages
from runtime.steps.context import StepInput, StepResult
from runtime.steps.registry import REGISTRY, StepType

Handler = Callable[[StepInput], StepResult]


def handler_of(step_type: StepType) -> Handler | None:
    """The handler of ``step_type``, or None when it has none (a registry error)."""
    if step_type.channel is not None:
        return messages.handle_send
    name = f"handle_{step_type.type}"
    return getattr(logic, name, None) or getattr(messages, name, None)


HANDLERS: dict[str, Handler] = {t.type: h for t in REGISTRY.values() if (h := handler_of(t)) is not None}
# skipped (not run) when a flow's max_lateness is exceeded: they reach the outside world
SKIPPABLE: frozenset[str] = frozenset(t.type for t in REGISTRY.values() if t.reaches_outside)
# their configs may hold templates that mention ``event`` (the batch then loads trigger events)
TEMPLATE_TYPES: frozenset[str] = frozenset(t.type for t in REGISTRY.values() if t.renders_templates)
# what the batch loader reads for each type's handler (runtime.steps.context.Prefetched)
PREFETCH: dict[str, frozenset[str]] = {t.type: t.prefetch for t in REGISTRY.values() if t.prefetch}
