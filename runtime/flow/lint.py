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
from dataclasses import dataclass, field
from typing import Any, Iterator

from runtime.flow.model import Flow, Step

__all__ = ["LINT_CODES", "LintContext", "LintProblem", "MAX_SENDS_WITHOUT_CONDITION", "lint_flow",
           "silenced_checks", "template_variables"]

MAX_SENDS_WITHOUT_CONDITION = 3

LINT_CODES = ("lint_no_goal", "lint_sends_without_wait", "lint_long_send_chain", "lint_sms_without_quiet_hours",
              "lint_wait_without_timeout", "lint_same_branches", "lint_ab_without_goal", "lint_plain_http_webhook",
              "lint_keyword_in_use", "lint_unknown_variable", "lint_bad_silence")

#: Where a flow-level finding is silenced (``"step": "flow"``).
FLOW_LEVEL = "flow"

_SEND_TYPES = frozenset({"send_email", "send_sms", "send_telegram", "send_whatsapp", "send_push", "smart_send"})
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


def _name(step: Step) -> str:
    return f"{step.name} ({step.id})" if step.name else repr(step.id)


def _flow_checks(flow: Flow, context: LintContext | None) -> Iterator[LintProblem]:
    if not flow.goal:
        yield LintProblem("lint_no_goal", "the flow has no goal: contacts who already converted keep getting "
                          "messages; set a goal (e.g. event purchase within 7 days) so they leave")


def _step_checks(flow: Flow) -> Iterator[LintProblem]:
    quiet_off = isinstance(flow.settings, dict) and flow.settings.get("quiet_hours") == "off"
    for step in flow.steps:
        cfg = step.config if isinstance(step.config, dict) else {}
        channels = cfg.get("channels")
        # the linter also runs on flows with schema errors: a malformed channel list is not a send
        sends_sms = step.type == "send_sms" or (step.type == "smart_send" and isinstance(channels, list)
                                                and "sms" in channels)
        if sends_sms and (cfg.get("quiet_hours") is False or (quiet_off and cfg.get("quiet_hours") is not True)):
            yield LintProblem("lint_sms_without_quiet_hours",
                              f"step {_name(step)}: an SMS without quiet hours may wake contacts at night; "
                              "turn on 'Respect quiet hours' or set the flow's quiet hours", step.id)
        if step.type == "wait" and cfg.get("event") and not cfg.get("timeout"):
            yield LintProblem("lint_wait_without_timeout",
                              f"step {_name(step)}: waits for {cfg['event']!r} with no timeout, so contacts who "
                              "never do it wait for ever; set 'Give up after' (e.g. P3D) and use the 'no' port",
                              step.id)
        if step.type == "condition":
            yes = {e.target for e in flow.outgoing(step.id, "yes")}
            no = {e.target for e in flow.outgoing(step.id, "no")}
            if yes and yes == no:
                yield LintProblem("lint_same_branches",
                                  f"step {_name(step)}: both branches lead to "
                                  f"{', '.join(_name(flow.step(t)) if flow.step(t) else t for t in sorted(yes))}, so the "
                                  "condition changes nothing; point 'yes' and 'no' at different steps or remove it",
                                  step.id)
        if step.type == "ab_split" and not flow.goal:
            yield LintProblem("lint_ab_without_goal",
                              f"step {_name(step)}: an A/B split without a goal cannot tell which group wins; "
                              "set the flow's goal", step.id)
        if step.type == "webhook" and str(cfg.get("url") or "").strip().lower().startswith("http://"):
            yield LintProblem("lint_plain_http_webhook",
                              f"step {_name(step)}: the webhook sends contact data over plain http; use https://",
                              step.id)


def _resets_chain(step: Step) -> bool:
    """A step after which sends no longer count as one unbroken chain (a decision was taken)."""
    cfg = step.config if isinstance(step.config, dict) else {}
    return step.type in ("condition", "ab_split", "channel_switch") or (step.type == "wait" and bool(cfg.get("event")))


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
            if src is None or (src.type in _SEND_TYPES and edge.port == "failed"):
                continue  # a fallback after a failed send is not a second message
            if src.type != "wait":
                before = before or (src if src.type in _SEND_TYPES else last_send.get(src.id))
            if not _resets_chain(src):
                longest = max(longest, chain.get(src.id, 0))
        is_send = step.type in _SEND_TYPES
        chain[step.id] = longest + (1 if is_send else 0)
        last_send[step.id] = None if step.type == "wait" else before
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
        # fields set by this flow's own update_contact steps (or kept replies) exist once the flow has run
        produced = {k for s in flow.steps if s.type == "update_contact" and isinstance(s.config, dict)
                    for key in ("set", "increment") for k in (s.config.get(key) or {})}
        produced |= {str(s.config["save_reply"].get("field")) for s in flow.steps  # a kept reply
                     if s.type == "wait" and isinstance(s.config, dict) and isinstance(s.config.get("save_reply"), dict)}
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
            if step.type == "send_sms" and cfg.get("quiet_hours") is not True:
                yield LintProblem("lint_sms_without_quiet_hours",
                                  f"step {_name(step)}: the project has no quiet hours, so this SMS may go out at "
                                  "night; set quiet hours in the project or the flow", step.id)
