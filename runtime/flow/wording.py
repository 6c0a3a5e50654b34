"""Words for people: how problems and pickers name a step and a place in its settings.

The checks say where a problem is the way the flow file spells it (``step 'vip' (condition)
if.all[1]: 'field' must be a field name``): exact, and what ``flow validate`` has always printed
in its ``code``/``step`` detail. A marketer reads the same problem as the step they see on the
canvas and a sentence: ``Condition 'VIP?': rule 2: no field chosen``. :func:`for_people`
rewrites a problem message so; the step id stays in the problem's ``step`` field as the detail.
:func:`step_title` is the name a picker shows for a step (its name, else its card's summary).

The sentence comes out in the runtime's language (:mod:`runtime.i18n`): the names put into it
(steps, settings labels, ports) are kept apart as pieces while the sentence is rewritten, and the
rest is translated by :mod:`runtime.flow.problem_words`.
"""

from __future__ import annotations

import re
from typing import Any

from runtime.flow.port_names import port_label
from runtime.flow.problem_words import Pieces, in_language
from runtime.i18n import N_, current_language, gettext
from runtime.steps.registry import REGISTRY

__all__ = ["for_people", "step_label", "step_title"]

_STEP_REF = re.compile(r"\b(?:step|(after|to)) '([^']*)'(?: \(([A-Za-z_]+)\))?")
_RULES = re.compile(r"\b(?:config\.)?if((?:\.(?:all|any)\[\d+\])+)")
_RULE = re.compile(r"\.(all|any)\[(\d+)\]")
_EDGE_REF = re.compile(r"\bedge '([^']*)' -\[([^\]]*)\]-> '([^']*)'")
_NO_CHOICE = re.compile(r"(rule \d+(?: › rule \d+)*): no ([\w ]+?) chosen")
_FLOW_PLACE = re.compile(r"^(trigger|entry|goal|settings)((?:\.[A-Za-z_]\w*)*)((?:\.(?:all|any)\[\d+\])*)(?=[:\s])")
_PLACE_NAMES = {"entry.exclude": N_("Keep-out condition"), "entry": N_("Entry rules"), "settings": N_("Flow settings")}
# the other places as "Trigger filter" (the words the English sentence has always used)
_PLACE_WORDS = {
    "trigger": N_("Trigger"), "trigger.filter": N_("Trigger filter"), "trigger.condition": N_("Trigger condition"),
    "trigger.cron": N_("Trigger cron"), "trigger.recheck": N_("Trigger recheck"),
    "trigger.timezone": N_("Trigger timezone"), "trigger.offset": N_("Trigger offset"),
    "trigger.time": N_("Trigger time"), "trigger.event": N_("Trigger event"), "trigger.tags": N_("Trigger tags"),
    "entry.repeat": N_("Entry repeat"), "entry.start_at": N_("Entry start at"), "entry.end_at": N_("Entry end at"),
    "goal": N_("Goal"), "goal.event": N_("Goal event"), "goal.condition": N_("Goal condition"),
    "goal.filter": N_("Goal filter"), "goal.within": N_("Goal within"),
    "settings.max_lateness": N_("Settings max lateness"), "settings.quiet_hours": N_("Settings quiet hours"),
    "settings.caps": N_("Settings caps"), "settings.lint_silenced": N_("Settings lint silenced"),
}
_PORT_LIST = re.compile(r"\(its ports: ([^)]*)\)")
_CONFIG_PATH = re.compile(r"\bconfig\.([A-Za-z_]\w*)((?:\[\d+\]|\.[A-Za-z_]\w*)*)")
_PHRASES = (
    ("'field' must be a field name", "no field chosen"),
    ("'event' must be an event name", "no event chosen"),
    ("'tag' must be a non-empty tag name", "no tag chosen"),
    ("'days_since' must name a date field", "no date field chosen"),
    ("must not be empty", "is empty"),
    ("the condition is empty", "no rule set"),
)


def _display(step_type: str) -> str:
    known = REGISTRY.get(step_type)
    return gettext(known.display_name) if known is not None else str(step_type).replace("_", " ").capitalize()


def step_title(step: Any) -> str:
    """What a picker shows for ``step``: its name, else its card's one-line summary."""
    if getattr(step, "name", None):
        return str(step.name)
    known = REGISTRY.get(step.type)
    summary = known.summary(step.config if isinstance(step.config, dict) else {}) if known is not None else ""
    return summary or _display(step.type)


def step_label(step: Any) -> str:
    """``Condition 'VIP?'``: the step's kind and its name (or summary) as the canvas shows them."""
    display = _display(step.type)
    if getattr(step, "name", None):
        return f"{display} '{step.name}'"
    title = step_title(step)
    # a summary that shows raw template text (a broken one, often) says less than the kind alone
    return display if title == display or "{" in title else f"{display} ({title})"


def _field_label(step_type: str, key: str) -> str:
    known = REGISTRY.get(step_type)
    found = known.field(key) if known is not None else None
    return gettext(found.label) if found is not None else key.replace("_", " ")


def _rules(match: re.Match[str]) -> str:
    numbers = [f"rule {int(n) + 1}" for _, n in _RULE.findall(match.group(1))]
    return " › ".join(numbers)


def _flow_place(match: re.Match[str], pieces: Pieces) -> str:
    """``trigger.filter.all[1]`` -> ``Trigger filter: rule 2``; ``entry.exclude`` -> ``Keep-out condition``."""
    place = match.group(1) + match.group(2)
    known = _PLACE_NAMES.get(place) or _PLACE_WORDS.get(place)
    name = gettext(known) if known else _unlisted_place(place)
    rules = [f"rule {int(n) + 1}" for _, n in _RULE.findall(match.group(3))]
    return f"{pieces.add(name)}: {' › '.join(rules)}" if rules else pieces.add(name)


def _unlisted_place(place: str) -> str:
    """A place without a name of its own: "Trigger mode" (in another language the longest named
    part, translated, then the file's keys: "Триггер mode")."""
    english = place.replace(".", " ").replace("_", " ").capitalize()
    if current_language() == "en":
        return english
    parts = place.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:cut])
        known = _PLACE_NAMES.get(head) or _PLACE_WORDS.get(head)
        if known:
            return " ".join([gettext(known), *parts[cut:]])
    return english


def for_people(message: str, flow: Any) -> str:
    """``message`` with step references as :func:`step_label` and settings paths in words, in the
    runtime's language."""
    steps = {s.id: s for s in reversed(getattr(flow, "steps", []) or [])}
    pieces = Pieces()

    def mark(step: Any) -> str:
        return pieces.add(step_label(step), key=("step", step.id))

    def label(match: re.Match[str]) -> str:
        after, step_id = match.group(1), match.group(2)
        step = steps.get(step_id)
        if step is None:
            return match.group(0)
        return f"{after} {mark(step)}" if after else mark(step)

    def config_path(match: re.Match[str], step_type: str) -> str:
        # config.groups[0].share -> "Groups 1, share"
        rest = re.sub(r"\[(\d+)\]", lambda m: f" {int(m.group(1)) + 1}", match.group(2))
        rest = re.sub(r"\.([A-Za-z_]\w*)", lambda m: f", {m.group(1).replace('_', ' ')}", rest)
        return pieces.add(_field_label(step_type, match.group(1)) + rest)

    def link(match: re.Match[str]) -> str:
        source, port, target = match.groups()
        where = steps.get(source)
        to = steps.get(target)
        start = f"the link from {mark(where) if where else repr(source)}"
        port_text = "" if port == "next" else f" ({pieces.add(port_label(port))})"
        return f"{start}{port_text} to {mark(to) if to else repr(target)}"

    for named in steps.values():  # the linter's "Name (id)"
        if named.name and f"{named.name} ({named.id})" in message:
            message = message.replace(f"step {named.name} ({named.id})", f"step '{named.id}'")
            message = message.replace(f"{named.name} ({named.id})", f"step '{named.id}'")
    first = _STEP_REF.search(message)
    step = steps.get(first.group(2)) if first else None
    text = _FLOW_PLACE.sub(lambda m: _flow_place(m, pieces), message)
    text = _EDGE_REF.sub(link, text)
    text = _STEP_REF.sub(label, text)
    text = _RULES.sub(_rules, text)
    text = _PORT_LIST.sub(lambda m: f"(its ports: {pieces.add(', '.join(map(port_label, m.group(1).split(', '))))})", text)
    if step is not None:
        text = _CONFIG_PATH.sub(lambda m: config_path(m, step.type), text)
        # "Send email 'Hello' subject: ..." -> "Send email 'Hello', Subject: ..."
        head = mark(step)
        if text.startswith(head + " "):
            rest = text[len(head) + 1:]
            key, sep, tail = rest.partition(": ")
            if sep and key.startswith("rule "):
                text = f"{head}: {key}: {tail}"
            elif sep and re.fullmatch(r"[A-Za-z_][\w.]*", key):
                text = f"{head}, {pieces.add(_field_label(step.type, key))}: {tail}"
    for technical, plain in _PHRASES:
        text = text.replace(technical, plain)
    # "rule 2: no field chosen" -> "rule 2 has no field chosen"; "Body: is empty" -> "Body is empty"
    text = _NO_CHOICE.sub(r"\1 has no \2 chosen", text)
    text = re.sub(r"(rule \d+(?: › rule \d+)*): operator", r"\1: the operator", text)
    return in_language(text.replace(": is empty", " is empty"), pieces)
