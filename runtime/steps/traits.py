"""What the parts of the runtime ask about a step of each type, answered from its config.

The registry (:mod:`runtime.steps.registry`) gives each type these answers; the flow cache, the
validator, the linter, the stuck report and the reports ask the registry, never the type name:

- ``decides``: whether a step takes a decision (its ports are branches, not one way on);
- ``conditions``: the conditions it evaluates (the engine prefetches the events they count);
- ``awaited_event``: the event it waits for, if any; ``plain_delay``: the duration it waits when
  that is all it does (the tick handles such waits inline);
- ``channels``: the channels it may send a message to a person on;
- ``fields_set``: the contact fields it writes (they exist once the flow has run);
- ``lint``: ``(code, message)`` advice about the step in its flow.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from runtime.flow.model import Flow, Step

Advice = tuple[str, str]  # (lint code, message with the fix)


def never(config: dict[str, Any]) -> bool:
    """A type that never decides anything."""
    return False


def always(config: dict[str, Any]) -> bool:
    """A type whose every step branches."""
    return True


def none(config: dict[str, Any]) -> list[Any]:
    """Nothing of the kind asked for."""
    return []


def no_lint(step: Step, flow: Flow) -> Iterator[Advice]:
    """No advice specific to the type."""
    return iter(())


def label(step: Step) -> str:
    """How advice names a step: its name and id, or its id."""
    return f"{step.name} ({step.id})" if step.name else repr(step.id)


# -- wait -----------------------------------------------------------------------------------------

def wait_decides(config: dict[str, Any]) -> bool:
    """A wait for an event branches into ``yes`` / ``no``."""
    return bool(config.get("event"))


def wait_conditions(config: dict[str, Any]) -> list[Any]:
    """The filter on the awaited event (it may count other events)."""
    return [config["filter"]] if config.get("event") and config.get("filter") else []


def wait_event(config: dict[str, Any]) -> str | None:
    """The event a wait waits for."""
    return str(config["event"]) if config.get("event") else None


def wait_plain_delay(config: dict[str, Any]) -> str | None:
    """The duration of a wait that only waits a time (no event, no time of day)."""
    if config.get("event") or config.get("until"):
        return None
    return str(config.get("duration") or "PT0S")


def wait_lint(step: Step, flow: Flow) -> Iterator[Advice]:
    """A wait for an event with no timeout keeps contacts who never do it for ever."""
    cfg = step.config if isinstance(step.config, dict) else {}
    if cfg.get("event") and not cfg.get("timeout"):
        yield ("lint_wait_without_timeout",
               (f"step {label(step)}: waits for {cfg['event']!r} with no timeout, so contacts who never do it "
                "wait for ever; set 'Give up after' (e.g. P3D) and use the 'no' port"))


# -- logic ----------------------------------------------------------------------------------------

def if_conditions(config: dict[str, Any]) -> list[Any]:
    """A condition step's ``if``."""
    return [config.get("if")]


def rule_conditions(config: dict[str, Any]) -> list[Any]:
    """The ``if`` of each rule of a channel switch."""
    return [rule.get("if") for rule in config.get("rules") or [] if isinstance(rule, dict)]


def condition_lint(step: Step, flow: Flow) -> Iterator[Advice]:
    """Both branches of a condition leading to the same steps make it pointless."""
    yes = {e.target for e in flow.outgoing(step.id, "yes")}
    no = {e.target for e in flow.outgoing(step.id, "no")}
    if yes and yes == no:
        yield ("lint_same_branches",
               (f"step {label(step)}: both branches lead to "
                f"{', '.join(label(t) if (t := flow.step(sid)) else sid for sid in sorted(yes))}, so the condition changes "
                "nothing; point 'yes' and 'no' at different steps or remove it"))


def ab_lint(step: Step, flow: Flow) -> Iterator[Advice]:
    """An A/B split cannot name a winner without a goal."""
    if not flow.goal:
        yield ("lint_ab_without_goal",
               f"step {label(step)}: an A/B split without a goal cannot tell which group wins; set the flow's goal")


# -- messages, contact, team ---------------------------------------------------------------------

def listed_channels(config: dict[str, Any]) -> list[str]:
    """The channels a smart send lists (the linter also runs on a malformed list: no channels)."""
    channels = config.get("channels")
    return [c for c in channels if isinstance(c, str)] if isinstance(channels, list) else []


def set_fields(config: dict[str, Any]) -> list[str]:
    """The fields an update sets or increments."""
    return [str(k) for key in ("set", "increment") if isinstance(config.get(key), dict) for k in config[key]]


def reply_field(config: dict[str, Any]) -> list[str]:
    """The field a wait for a reply keeps the reply in (``save_reply``)."""
    save = config.get("save_reply")
    return [str(save["field"])] if isinstance(save, dict) and save.get("field") else []


def webhook_lint(step: Step, flow: Flow) -> Iterator[Advice]:
    """A webhook over plain http sends contact data in the clear."""
    cfg = step.config if isinstance(step.config, dict) else {}
    if str(cfg.get("url") or "").strip().lower().startswith("http://"):
        yield ("lint_plain_http_webhook",
               f"step {label(step)}: the webhook sends contact data over plain http; use https://")
