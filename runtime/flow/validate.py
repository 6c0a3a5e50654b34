"""Flow validation: every error and warning, each with its step id.

:func:`validate_flow` checks a :class:`Flow` against the shipped JSON Schema
(``flowcanvas-1.schema.json``: document shape and each step type's config), then the meaning of
what the schema cannot see: durations, conditions, templates, ports, the graph (dangling edges,
duplicate ids, cycles, unreachable steps, a first step), A/B shares, trigger, entry and goal.
Nothing stops at the first problem: a user fixing an imported file sees the whole list.

Stable problem codes (machine strings the CLI's ``--json`` and the designer rely on):
errors ``bad_json``, ``bad_format``, ``bad_structure``, ``unknown_type``, ``missing_config``,
``bad_config``, ``bad_port``, ``dangling_edge``, ``duplicate_id``, ``cycle``, ``unreachable``,
``no_first_step``, ``bad_duration``, ``bad_condition``, ``bad_template``, ``ab_shares``,
``bad_trigger``, ``bad_entry``, ``bad_goal``, ``bad_settings``, ``unreadable``; warnings
``not_connected``, ``webhook_review``, ``unused_port``, ``duplicate_edge``, ``no_trigger``,
``secret_in_flow``, ``unused_content``.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from runtime.errors import FlowValidationError
from runtime.flow import semantics
from runtime.flow.io import FlowFileError, flow_to_dict, load_flow, loads_flow
from runtime.flow.lint import LintContext, lint_flow
from runtime.flow.model import Edge, Flow
from runtime.flow.schema import config_validator, skeleton_validator
from runtime.flow.wording import for_people
from runtime.steps.registry import REGISTRY

__all__ = [
    "Problem",
    "ValidationReport",
    "report_from_error",
    "validate_file",
    "validate_flow",
    "validate_text",
]


@dataclass(frozen=True)
class Problem:
    """One validation finding. ``severity`` is ``error`` or ``warning``; ``code`` is stable.

    ``line`` and ``column`` locate a JSON syntax error of a flow file that did not load.
    ``message`` says where as the file spells it (step ids, config paths); ``text`` is the same
    for people, naming steps as the canvas shows them (:mod:`runtime.flow.wording`)."""

    severity: str
    code: str
    message: str
    step_id: str | None = None
    line: int | None = None
    column: int | None = None
    plain: str = ""

    @property
    def text(self) -> str:
        """The message in plain words (the technical one when there is none)."""
        return self.plain or self.message

    def to_json(self) -> dict[str, Any]:
        """``{"step": id | null, "code": ..., "message": ..., "text": ...}`` plus ``line`` and
        ``column`` when known."""
        data: dict[str, Any] = {"step": self.step_id, "code": self.code, "message": self.message,
                                "text": self.text}
        if self.line is not None:
            data.update(line=self.line, column=self.column)
        return data

    def __str__(self) -> str:
        return self.message


@dataclass
class ValidationReport:
    """All problems of one flow: ``errors`` block publishing, ``warnings`` do not."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    @property
    def problems(self) -> list[Problem]:
        """Errors, then warnings."""
        return [*self.errors, *self.warnings]

    def for_step(self, step_id: str) -> list[Problem]:
        """The problems of one step (for the designer's badges)."""
        return [p for p in self.problems if p.step_id == step_id]

    def codes(self) -> list[str]:
        """Every problem code, errors first (handy in tests and logs)."""
        return [p.code for p in self.problems]

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        """``{"errors": [...], "warnings": [...]}`` as the CLI prints it."""
        return {"errors": [p.to_json() for p in self.errors], "warnings": [p.to_json() for p in self.warnings]}

    def add(self, problem: Problem) -> None:
        (self.errors if problem.severity == "error" else self.warnings).append(problem)

    def raise_for_errors(self, what: str = "flow") -> None:
        """Raise :class:`FlowValidationError` listing the errors, if there are any."""
        if self.errors:
            lines = "\n".join(f"  - {p.message}" for p in self.errors)
            raise FlowValidationError(f"{what} has {len(self.errors)} error(s):\n{lines}", list(self.errors))


class _Collector:
    """Gathers problems, dropping exact repeats (schema and semantic checks may overlap)."""

    def __init__(self) -> None:
        self.report = ValidationReport()
        self._seen: set[tuple[str, str, str | None]] = set()

    def error(self, code: str, message: str, step_id: str | None = None) -> None:
        self._add(Problem("error", code, message, step_id))

    def warning(self, code: str, message: str, step_id: str | None = None) -> None:
        self._add(Problem("warning", code, message, step_id))

    def _add(self, problem: Problem) -> None:
        key = (problem.code, problem.message, problem.step_id)
        if key not in self._seen:
            self._seen.add(key)
            self.report.add(problem)


def _step_label(flow: Flow, index: int) -> tuple[str, str]:
    step = flow.steps[index]
    return step.id, f"step {step.id!r} ({step.type})"


# ---------------------------------------------------------------------------------------------
# JSON Schema pass

_JSON_TYPES = {"object": "an object", "array": "a list", "string": "text", "number": "a number",
               "integer": "a whole number", "boolean": "true or false", "null": "null"}


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "null" if value is None else type(value).__name__


def _format_path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_message(error: Any) -> str:
    """A short human sentence for one jsonschema error (without the location)."""
    v, value = error.validator, error.validator_value
    if v == "required":
        match = re.match(r"^'(.+)' is a required property$", error.message)
        return f"missing {match.group(1)!r}" if match else error.message
    if v == "additionalProperties":
        known = set((error.schema.get("properties") or {}).keys())
        extra = [k for k in error.instance if k not in known] if isinstance(error.instance, dict) else []
        return "unknown key(s) " + ", ".join(repr(k) for k in extra)
    if v == "type":
        wanted = value if isinstance(value, list) else [value]
        expected = " or ".join(_JSON_TYPES.get(w, str(w)) for w in wanted)
        return f"must be {expected}, not {_JSON_TYPES.get(_json_type(error.instance), 'that')}"
    if v == "enum" and "propertyNames" in error.schema_path:
        what = error.schema.get("description") or "the allowed keys"
        allowed = ", ".join(repr(k) for k in value if k != "type") or "none"
        return f"unknown key {error.instance!r}: {what} are {allowed}"
    if v == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, value))}"
    if v == "const":
        return f"must be {value!r}, not {error.instance!r}"
    if v == "minLength" and value == 1:
        return "must not be empty"
    if v == "minItems":
        return f"needs at least {value} item(s)"
    if v == "maxItems":
        return f"allows at most {value} item(s)"
    if v == "uniqueItems":
        return "has repeated items"
    if v == "pattern":
        return f"{error.instance!r} may only use letters, digits, '_' and '-'"
    if v == "minimum":
        return f"must be at least {value}, not {error.instance!r}"
    if v == "maximum":
        return f"must be at most {value}, not {error.instance!r}"
    return str(error.message)


def _schema_pass(flow: Flow, doc: dict[str, Any], out: _Collector) -> None:
    """Check ``doc`` against the shipped schema: the skeleton, then each step's config."""
    found = [(list(e.absolute_path), e) for e in skeleton_validator().iter_errors(doc)]
    for index, step in enumerate(flow.steps):
        validator = config_validator(step.type) if isinstance(step.type, str) else None
        if validator is not None and isinstance(step.config, dict):
            found.extend((["steps", index, "config", *e.absolute_path], e) for e in validator.iter_errors(step.config))
    for path, error in sorted(found, key=lambda item: [str(p) for p in item[0]]):
        if path == ["name"]:
            continue  # reported once, in plain words, by validate_flow
        text = _schema_message(error)
        if path[:1] == ["steps"] and len(path) >= 2 and isinstance(path[1], int) and path[1] < len(flow.steps):
            step_id, label = _step_label(flow, path[1])
            rest = path[2:]
            if rest[:1] == ["config"]:
                code = "missing_config" if error.validator == "required" else "bad_config"
                out.error(code, f"{label}: {_format_path(rest)}: {text}", step_id)
            elif rest:
                out.error("bad_structure", f"{label}: {_format_path(rest)}: {text}", step_id)
            else:
                out.error("bad_structure", f"{label}: {text}", step_id)
        elif path[:1] in (["trigger"], ["entry"], ["goal"], ["settings"]):
            out.error(f"bad_{path[0]}", f"{_format_path(path)}: {text}")
        elif path[:1] == ["edges"] and len(path) >= 2 and isinstance(path[1], int) and path[1] < len(flow.edges):
            edge = flow.edges[path[1]]
            where = _format_path(path[2:]) or "edge"
            out.error("bad_structure", f"edge from {edge.source!r} to {edge.target!r}: {where}: {text}", edge.source)
        else:
            out.error("bad_structure", f"{_format_path(path) or 'flow'}: {text}")


# ---------------------------------------------------------------------------------------------
# graph checks


def _graph_pass(flow: Flow, out: _Collector) -> None:
    ids = [s.id for s in flow.steps]
    seen: set[str] = set()
    for step in flow.steps:
        if step.id in seen:
            out.error("duplicate_id", f"step id {step.id!r} is used by more than one step", step.id)
        seen.add(step.id)
    if not flow.steps:
        out.error("no_first_step", "the flow has no steps")
        return

    known = set(ids)
    good_edges = _good_edges(flow, known, out)
    succ: dict[str, list[str]] = {i: [] for i in known}
    for edge in good_edges:
        succ[edge.source].append(edge.target)

    _report_cycles(ids, succ, out)
    _report_unreachable(flow, ids, succ, out)

    if len(known) > 1:
        touched = {e.source for e in flow.edges} | {e.target for e in flow.edges}
        for step_id in dict.fromkeys(ids):
            if step_id not in touched:
                out.warning("not_connected",
                            f"step {step_id!r} is not connected to anything (it runs on its own at entry)", step_id)
        _extra_start_warnings([s for s in flow.first_steps() if s.id in touched], out)

    _port_warnings(flow, good_edges, out)


def _good_edges(flow: Flow, known: set[str], out: _Collector) -> list[Edge]:
    """The edges between existing steps (dangling ones, unknown ports and repeats reported)."""
    by_id = {s.id: s for s in reversed(flow.steps)}  # the first step wins for duplicate ids
    good_edges = []
    edge_seen: set[tuple[str, str, str]] = set()
    for edge in flow.edges:
        missing = [end for end in (edge.source, edge.target) if end not in known]
        if missing:
            which = " and ".join(f"unknown step {m!r}" for m in dict.fromkeys(missing))
            out.error("dangling_edge", f"edge {edge.source!r} -[{edge.port}]-> {edge.target!r} refers to {which}",
                      edge.source)
            continue
        step = by_id[edge.source]
        step_type = REGISTRY.get(step.type)
        if step_type is not None:
            ports = step_type.ports(step.config)
            if edge.port not in ports:
                have = ", ".join(ports) if ports else "none"
                out.error("bad_port", f"step {step.id!r} ({step.type}) has no port {edge.port!r} (its ports: {have})",
                          step.id)
        key = (edge.source, edge.port, edge.target)
        if key in edge_seen:
            out.warning("duplicate_edge",
                        f"step {edge.source!r}: the edge {edge.port!r} -> {edge.target!r} is drawn twice", edge.source)
        edge_seen.add(key)
        good_edges.append(edge)
    return good_edges


def _report_cycles(ids: list[str], succ: dict[str, list[str]], out: _Collector) -> None:
    for component in _cycles(ids, succ):
        if len(component) == 1:
            out.error("cycle", f"step {component[0]!r} has an edge to itself (flows must not loop)", component[0])
            continue
        names = " \u2192 ".join(repr(c) for c in _cycle_path(component, succ))
        out.error("cycle", f"steps {names} form a cycle (flows must not loop)", component[0])


def _report_unreachable(flow: Flow, ids: list[str], succ: dict[str, list[str]], out: _Collector) -> None:
    first = [s.id for s in flow.first_steps()]
    if not first:
        out.error("no_first_step", "no first step: every step has an incoming edge")
    reached: set[str] = set()
    stack = list(first)
    while stack:
        node = stack.pop()
        if node in reached:
            continue
        reached.add(node)
        stack.extend(succ.get(node, []))
    for step_id in dict.fromkeys(ids):
        if step_id not in reached:
            out.error("unreachable", f"step {step_id!r} cannot be reached from a first step", step_id)


def _extra_start_warnings(firsts: list[Any], out: _Collector) -> None:
    """A wired step that nothing leads to starts the flow too: say so unless it is marked a start
    (the first one in the file is the flow's start without a mark)."""
    if len(firsts) < 2:
        return
    unmarked = [s for s in firsts if not s.start]
    if len(unmarked) == len(firsts):
        unmarked = unmarked[1:]
    for step in unmarked:
        out.warning("extra_start", f"{step.name or step.id!r} also starts the flow — connect it, "
                    "or mark it as a start", step.id)


def _port_warnings(flow: Flow, edges: list[Any], out: _Collector) -> None:
    """Warn about branch ports that lead nowhere where that is probably a slip."""
    for step in flow.steps:
        step_type = REGISTRY.get(step.type)
        if step_type is None or not isinstance(step.config, dict):
            continue
        used = {e.port for e in edges if e.source == step.id}
        ports = step_type.ports(step.config)
        if step_type.decides(step.config) and ports and not used and flow.incoming(step.id):
            out.warning("unused_port",
                        f"step {step.id!r} ({step.type}) has no outgoing edge: every branch ends the flow here",
                        step.id)
        elif step_type.every_port_used and used:
            for port in ports:
                if port not in used:
                    out.warning("unused_port",
                                f"step {step.id!r} ({step.type}): port {port!r} is not connected; "
                                "contacts sent there end the flow",
                                step.id)


def _cycle_path(component: list[str], succ: dict[str, list[str]]) -> list[str]:
    """One actual loop through the strongly connected ``component``, starting and ending at its first step."""
    members = set(component)
    start = component[0]
    # breadth-first search inside the component for the shortest way back to ``start``
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in succ.get(node, []):
            if child not in members:
                continue
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return [*component, start]


def _cycles(ids: list[str], succ: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components that contain a cycle, each in file order (iterative Tarjan)."""
    order = {sid: n for n, sid in enumerate(dict.fromkeys(ids))}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in order:
        if root in index:
            continue
        work = [(root, iter(succ.get(root, [])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ.get(child, []))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in succ.get(node, []):
                    result.append(sorted(component, key=order.__getitem__))
    return sorted(result, key=lambda c: order[c[0]])


# ---------------------------------------------------------------------------------------------
# entry points


def validate_flow(flow: Flow, lint_context: LintContext | None = None) -> ValidationReport:
    """Every error and warning of ``flow`` (never raises for a bad flow).

    The linter's warnings (:mod:`runtime.flow.lint`) come last; ``lint_context`` adds the checks
    that need the project (keywords of other flows, fields contacts have)."""
    out = _Collector()
    if not isinstance(flow.name, str) or not flow.name.strip():
        out.error("bad_structure", "the flow has no name")
    _schema_pass(flow, flow_to_dict(flow), out)
    for step in flow.steps:
        step_type = REGISTRY.get(step.type)
        if step_type is None:
            close = difflib.get_close_matches(step.type, list(REGISTRY), n=1) if isinstance(step.type, str) else []
            hint = f"; did you mean {close[0]!r}?" if close else ""
            out.error("unknown_type", f"step {step.id!r}: unknown step type {step.type!r}{hint}", step.id)
            continue
        if isinstance(step.config, dict):
            for severity, code, message in semantics.step_problems(step.id, step.type, step.config):
                (out.error if severity == "error" else out.warning)(code, message, step.id)
    _graph_pass(flow, out)
    for severity, code, message in semantics.flow_level_problems(flow.trigger, flow.entry, flow.goal, flow.settings):
        (out.error if severity == "error" else out.warning)(code, message)
    broken = {p.step_id for p in out.report.errors}
    for found in lint_flow(flow, lint_context):
        if found.step_id is None or found.step_id not in broken:  # fix the error first
            out.warning(found.code, found.message, found.step_id)
    return _in_plain_words(out.report, flow)


def _in_plain_words(report: ValidationReport, flow: Flow) -> ValidationReport:
    """Each problem with its ``text`` naming steps as the canvas does (the id stays in ``step_id``)."""
    plain = ValidationReport()
    for problem in report.problems:
        plain.add(replace(problem, plain=for_people(problem.message, flow)))
    return plain


def report_from_error(error: FlowFileError) -> ValidationReport:
    """A report holding the problems of a flow file that could not be loaded."""
    report = ValidationReport()
    problems = error.problems or [(None, "bad_structure", str(error))]
    for step_id, code, message in problems:
        report.add(Problem("error", code, message, step_id, error.line, error.column))
    return report


def validate_text(text: str, source: str = "<flow>") -> ValidationReport:
    """Validate flow file text; a file that does not load becomes a report, not an exception."""
    try:
        flow = loads_flow(text, source)
    except FlowFileError as exc:
        return report_from_error(exc)
    return validate_flow(flow)


def validate_file(path: str | os.PathLike[str]) -> ValidationReport:
    """Validate a flow file on disk (malformed JSON, wrong format tag, ... become report errors)."""
    try:
        flow = load_flow(Path(path))
    except FlowFileError as exc:
        return report_from_error(exc)
    return validate_flow(flow)
