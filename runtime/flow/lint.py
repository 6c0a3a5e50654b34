"""The flow linter: mistakes that are valid flow files but cost contacts or money.

:func:`lint_flow` returns warnings, each naming the step (or the flow's trigger/goal) and how to
fix it. Validation (:func:`runtime.flow.validate.validate_flow`) adds them to its report, so they
reach ``flowcanvas flow validate`` and the designer's Problems panel. Checks and their codes:

- ``lint_no_goal``: the flow has no goal, so converted contacts keep getting messages;
- ``lint_sends_without_wait``: a send follows another send with no wait between them;
- ``lint_long_send_chain``: more than :data:`MAX_SENDS_WITHOUT_CONDITION` sends in a row with no
  condition (or wait for an event) between them;
- ``lint_sms_without_quiet_hours``: an SMS that may go out at night;
- ``lint_wait_without_timeout``: a wait for an event that can wait for ever;
- ``lint_same_branches``: a condition whose branches lead to the same step;
- ``lint_ab_without_goal``: an A/B split with no goal to tell the winner;
- ``lint_plain_http_webhook``: a webhook to ``http://`` (contact data in clear text);
- ``lint_keyword_in_use``: the message keyword of the trigger is another active flow's too
  (needs a :class:`LintContext`);
- ``lint_unknown_variable``: a template reads ``contact.X`` that no contact has ever had (needs
  a :class:`LintContext`).

A check is silenced per step with a reason stored in the flow, in ``settings.lint_silenced``:
``[{"step": "split", "check": "lint_ab_without_goal", "reason": "..."}]`` (``"step": "flow"`` for
the flow-level checks). A silence without a reason does not silence and is itself reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from runtime.flow.model import Flow, Step
from runtime.steps.traits import label

__all__ = [
    "LINT_CODES",
    "MAX_SENDS_WITHOUT_CONDITION",
    "LintContext",
    "LintProblem",
    "lint_flow",
    "silenced_checks",
    "template_variables",
]

MAX_SENDS_WITHOUT_CONDITION = 3

LINT_CODES = ("lint_no_goal", "lint_sends_without_wait", "lint_long_send_chain", "lint_sms_without_quiet_hours",
              "lint_wait_without_timeout", "lint_same_branches", "lint_ab_without_goal", "lint_plain_http_webhook",
              "lint_keyword_in_use", "lint_unknown_variable", "lint_bad_silence")

#: Where a flow-level finding is silenced (``"step": "flow"``).
FLOW_LEVEL = "flow"

_CONTACT_VAR = re.compile(r"\bcontact\.([A-Za-z_]\w*)")


@dataclass(frozen=True)
class LintProblem:
    """One linter warning: a stable ``code``, the message (with the fix) and the step, if any."""

    code: str
    message: str
    step_id: str | None = None


@dataclass
class LintContext:
    """What the project knows that a flow file alone does not.

    ``keywords``: the message-trigger keywords of the other active flows (lower case) -> their
    names. ``known_fields``: every contact field and attribute any contact has had (None: unknown,
    the check is off). ``quiet_hours``: the project's quiet hours window, or None when off.
    """

    keywords: dict[str, list[str]] = field(default_factory=dict)
    known_fields: set[str] | None = None
    quiet_hours: str | None = "set"


def silenced_checks(flow: Flow) -> tuple[dict[tuple[str, str], str], list[LintProblem]]:
    """``{(step, check): reason}`` from ``settings.lint_silenced``, and problems with that list."""
    out: dict[tuple[str, str], str] = {}
    problems: list[LintProblem] = []
    entries = flow.settings.get("lint_silenced") if isinstance(flow.settings, dict) else None
    if entries is None:
        return out, problems
    if not isinstance(entries, list):
        return out, [LintProblem("lint_bad_silence", "settings.lint_silenced: must be a list of "
                                 "{\"step\", \"check\", \"reason\"}")]
    for number, entry in enumerate(entries):
        where = f"settings.lint_silenced[{number}]"
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("step", "check")):
            problems.append(LintProblem("lint_bad_silence", f"{where}: give \"step\", \"check\" and \"reason\""))
            continue
        step, check, reason = entry["step"], entry["check"], str(entry.get("reason") or "").strip()
        if not reason:
            problems.append(LintProblem("lint_bad_silence", f"{where}: silencing {check!r} on {step!r} needs a "
                                        "\"reason\" (why this is fine here)", step if step != FLOW_LEVEL else None))
            continue
        out[(step, check)] = reason
    return out, problems


def lint_flow(flow: Flow, context: LintContext | None = None) -> list[LintProblem]:
    """Every linter warning of ``flow`` not silenced in it (see the module docstring)."""
    silenced, problems = silenced_checks(flow)
    found = [*_flow_checks(flow, context), *_step_checks(flow), *_path_checks(flow)]
    if context is not None:
        found += _context_checks(flow, context)
    for problem in found:
        if (problem.step_id or FLOW_LEVEL, problem.code) not in silenced:
            problems.append(problem)
    return problems


_name = label  # how advice names a step


def _flow_checks(flow: Flow, context: LintContext | None) -> Iterator[LintProblem]:
    if not flow.goal:
        yield LintProblem("lint_no_goal", "the flow has no goal: contacts who already converted keep getting "
                          "messages; set a goal (e.g. event purchase within 7 days) so they leave")


def _step_checks(flow: Flow) -> Iterator[LintProblem]:
    quiet_off = isinstance(flow.settings, dict) and flow.settings.get("quiet_hours") == "off"
    for step in flow.steps:
        step_type = _registered(step)
        if step_type is None:
            continue
        cfg = step.config if isinstance(step.config, dict) else {}
        sends_sms = "sms" in step_type.channels(cfg)
        if sends_sms and (cfg.get("quiet_hours") is False or (quiet_off and cfg.get("quiet_hours") is not True)):
            yield LintProblem("lint_sms_without_quiet_hours",
                              f"step {_name(step)}: an SMS without quiet hours may wake contacts at night; "
                              "turn on 'Respect quiet hours' or set the flow's quiet hours", step.id)
        for code, message in step_type.lint(step, flow):
            yield LintProblem(code, message, step.id)


def _registered(step: Step) -> Any:
    """The registry's type of ``step`` (None when unknown: the validator reports it)."""
    from runtime.steps.registry import REGISTRY

    return REGISTRY.get(step.type)


def _sends(step: Step | None) -> bool:
    """Whether ``step`` sends a message to a person."""
    step_type = _registered(step) if step is not None else None
    return bool(step_type is not None and step_type.sends)


def _delays(step: Step | None) -> bool:
    """Whether ``step`` is a wait set in the designer (what separates two sends)."""
    step_type = _registered(step) if step is not None else None
    return bool(step_type is not None and step_type.delays)


def _resets_chain(step: Step) -> bool:
    """A step after which sends no longer count as one unbroken chain (a decision was taken)."""
    step_type = _registered(step)
    cfg = step.config if isinstance(step.config, dict) else {}
    return bool(step_type is not None and step_type.decides(cfg))


def _topological(flow: Flow) -> list[Step]:
    """Steps in an order where every edge goes forward (validation rejects cycles; leftovers last)."""
    indegree = {s.id: 0 for s in flow.steps}
    for edge in flow.edges:
        if edge.target in indegree and edge.source in indegree:
            indegree[edge.target] += 1
    ready = [s.id for s in flow.steps if indegree[s.id] == 0]
    order: list[str] = []
    while ready:
        sid = ready.pop(0)
        order.append(sid)
        for edge in flow.outgoing(sid):
            if edge.target in indegree:
                indegree[edge.target] -= 1
                if indegree[edge.target] == 0:
                    ready.append(edge.target)
    seen = set(order)
    by_id = {s.id: s for s in flow.steps}
    return [by_id[i] for i in order] + [s for s in flow.steps if s.id not in seen]


def _path_checks(flow: Flow) -> Iterator[LintProblem]:
    """Sends with no wait before them, and long chains of sends with no condition, on any path."""
    by_id = {s.id: s for s in flow.steps}
    # last_send[x]: a send reachable backwards from x through steps that take no time (or None)
    last_send: dict[str, Step | None] = {}
    chain: dict[str, int] = {}  # most sends on a path into x (x included) since the last decision
    for step in _topological(flow):
        before: Step | None = None
        longest = 0
        for edge in flow.incoming(step.id):
            src = by_id.get(edge.source)
            if src is None or (_sends(src) and edge.port == "failed"):
                continue  # a fallback after a failed send is not a second message
            if not _delays(src):
                before = before or (src if _sends(src) else last_send.get(src.id))
            if not _resets_chain(src):
                longest = max(longest, chain.get(src.id, 0))
        is_send = _sends(step)
        chain[step.id] = longest + (1 if is_send else 0)
        last_send[step.id] = None if _delays(step) else before
        if is_send and before is not None:
            yield LintProblem("lint_sends_without_wait",
                              f"step {_name(step)}: sends right after {_name(before)} with no wait between "
                              "them; add a Wait before it (e.g. 1 day) or merge the two messages", step.id)
        if is_send and chain[step.id] == MAX_SENDS_WITHOUT_CONDITION + 1:
            yield LintProblem("lint_long_send_chain",
                              f"step {_name(step)}: {chain[step.id]} sends in a row with no condition between "
                              "them; add a Condition (e.g. 'purchased since entry?') so contacts who reacted "
                              "stop getting messages", step.id)


def template_variables(flow: Flow) -> dict[str, set[str]]:
    """``{step_id: {field, ...}}``: the ``contact.X`` fields each step's templates read."""
    out: dict[str, set[str]] = {}

    def walk(value: Any, sink: set[str]) -> None:
        if isinstance(value, str):
            if "{{" in value or "{%" in value:
                sink.update(_CONTACT_VAR.findall(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, sink)
        elif isinstance(value, list):
            for item in value:
                walk(item, sink)

    for step in flow.steps:
        names: set[str] = set()
        walk(step.config, names)
        if names:
            out[step.id] = names
    return out


def _context_checks(flow: Flow, context: LintContext) -> Iterator[LintProblem]:
    trigger = flow.trigger or {}
    if trigger.get("type") == "message":
        keyword = str(trigger.get("text", trigger.get("keyword")) or "").strip().lower()
        others = [n for n in context.keywords.get(keyword, []) if n != flow.name]
        if keyword and others:
            yield LintProblem("lint_keyword_in_use",
                              f"trigger: the keyword {keyword!r} also starts the active flow(s) "
                              f"{', '.join(repr(n) for n in others)}; a contact sending it enters both. "
                              "Use another keyword or pause the other flow")
    if context.known_fields is not None:
        # fields set by this flow's own update_contact steps exist once the flow has run
        produced = {k for s in flow.steps if isinstance(s.config, dict) and (t := _registered(s)) is not None
                    for k in t.fields_set(s.config)}
        known = context.known_fields | produced | {"tags", "attributes"}
        for step_id, names in template_variables(flow).items():
            for name in sorted(names - known):
                yield LintProblem("lint_unknown_variable",
                                  f"step {step_id!r}: the template uses contact.{name}, which no contact has "
                                  f"ever had, so it renders empty; import that field or use "
                                  f"{{{{ contact.{name} | default('...') }}}}", step_id)
    if context.quiet_hours is None and not (isinstance(flow.settings, dict) and flow.settings.get("quiet_hours")):
        for step in flow.steps:
            cfg = step.config if isinstance(step.config, dict) else {}
            step_type = _registered(step)
            sends_sms = step_type is not None and step_type.channel == "sms"
            if sends_sms and cfg.get("quiet_hours") is not True:
                yield LintProblem("lint_sms_without_quiet_hours",
                                  f"step {_name(step)}: the project has no quiet hours, so this SMS may go out at "
                                  "night; set quiet hours in the project or the flow", step.id)
