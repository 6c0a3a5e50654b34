"""Reading and writing flow files (format ``flowcanvas/1``).

A flow file is UTF-8 JSON in a canonical layout so that it diffs well and round-trips byte for
byte: ``dumps_flow(loads_flow(text)) == text`` for every canonical file. Canonical means:

- top-level keys in the order format, name, description, trigger, entry, goal, settings, steps,
  edges; a step's keys in the order id, type, name, join, start, config, position; an edge's in the order
  from, port, to;
- optional keys that are empty or default are left out (an empty description, a missing
  trigger, empty entry/settings/config, an edge's ``"port": "next"``, a step without position);
- ``steps`` and ``edges`` are always written;
- keys inside config, trigger, entry, goal and settings keep the order they were written in;
- integral position coordinates are written as integers (``[220, 0]``, not ``[220.0, 0.0]``);
- 2-space indent, ``ensure_ascii=False``, one trailing newline.

Loading checks the document's shape (the skeleton of ``flowcanvas-1.schema.json``: an object
per step with an id and a type, edges with from/to); whether the flow makes sense is
:mod:`runtime.flow.validate`'s job.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from runtime import strict_json
from runtime.errors import InputError
from runtime.flow.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_FLOW_FILE_BYTES,
    MAX_ID_CHARS,
    MAX_NAME_CHARS,
    unreadable_text_problem,
)
from runtime.flow.model import DEFAULT_PORT, FORMAT, JOIN_MODES, Edge, Flow, Step

__all__ = [
    "FlowFileError",
    "dumps_flow",
    "flow_from_dict",
    "flow_to_dict",
    "load_flow",
    "loads_flow",
    "save_flow",
]

_TOP_KEYS = ("format", "name", "description", "trigger", "entry", "goal", "settings", "steps", "edges")
_STEP_KEYS = ("id", "type", "name", "join", "start", "config", "position")
_EDGE_KEYS = ("from", "port", "to")


class FlowFileError(InputError):
    """A flow file cannot be read as a flow.

    ``problems`` lists ``(step_id, code, message)`` for each thing wrong, so a validator can show
    them all; ``line``/``column`` are set for malformed JSON.
    """

    def __init__(
        self,
        message: str,
        problems: list[tuple[str | None, str, str]] | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = list(problems or [])
        self.line = line
        self.column = column


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(
        type(value), "number" if isinstance(value, (int, float)) else type(value).__name__
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_Problem = tuple[str | None, str, str]


def _shape_problems(d: Any, source: str) -> list[_Problem]:
    """Every structural problem of a flow document (not its meaning), with step ids."""
    if not isinstance(d, dict):
        return [(None, "bad_structure", f"{source}: a flow file must be a JSON object, not {_type_name(d)}")]
    out = _top_level_problems(d, source)
    steps = d.get("steps", [])
    if not isinstance(steps, list):
        out.append((None, "bad_structure", f"{source}: 'steps' must be an array"))
        steps = []
    for index, raw in enumerate(steps):
        out += _step_problems(raw, f"{source}: steps[{index}]", source)
    edges = d.get("edges", [])
    if not isinstance(edges, list):
        out.append((None, "bad_structure", f"{source}: 'edges' must be an array"))
        edges = []
    for index, raw in enumerate(edges):
        out += _edge_problems(raw, f"{source}: edges[{index}]")
    return out


def _top_level_problems(d: dict[str, Any], source: str) -> list[_Problem]:
    """Format, unknown keys, name, description and the object-valued sections."""
    out: list[_Problem] = []
    fmt = d.get("format")
    if fmt != FORMAT:
        what = "has no 'format'" if fmt is None else f"has format {fmt!r}"
        out.append((None, "bad_format", f"{source}: {what}; expected {FORMAT!r}"))
    for key in d:
        if key not in _TOP_KEYS:
            out.append((None, "bad_structure", f"{source}: unknown top-level key {key!r}"))
    name = d.get("name")
    if not isinstance(name, str) or not name.strip():
        out.append((None, "bad_structure", f"{source}: 'name' must be a non-empty string"))
    elif len(name) > MAX_NAME_CHARS:
        out.append((None, "too_large", (f"{source}: the flow name is {len(name)} characters long; "
                                         f"the limit is {MAX_NAME_CHARS}")))
    if "description" in d and not isinstance(d["description"], str):
        out.append((None, "bad_structure", f"{source}: 'description' must be a string"))
    elif len(d.get("description") or "") > MAX_DESCRIPTION_CHARS:
        out.append((None, "too_large", (f"{source}: the description is {len(d['description']):,} characters long; "
                                         f"the limit is {MAX_DESCRIPTION_CHARS:,}")))
    for key in ("trigger", "goal"):
        if d.get(key) is not None and not isinstance(d[key], dict):
            out.append((None, f"bad_{key}", f"{source}: '{key}' must be an object"))
    for key in ("entry", "settings"):
        if key in d and not isinstance(d[key], dict):
            out.append((None, f"bad_{key}", f"{source}: '{key}' must be an object"))
    return out


def _step_problems(raw: Any, where: str, source: str) -> list[_Problem]:
    """The problems of one entry of ``steps`` (``where`` names it by index until its id is known)."""
    if not isinstance(raw, dict):
        return [(None, "bad_structure", f"{where} must be an object")]
    out: list[_Problem] = []
    sid = raw.get("id")
    step_id = sid if isinstance(sid, str) and sid else None
    if step_id is None:
        out.append((None, "bad_structure", f"{where}: 'id' must be a non-empty string"))
    else:
        where = f"{source}: step {step_id!r}"
        problem = unreadable_text_problem(step_id, "the step id", MAX_ID_CHARS)
        if problem:
            out.append((step_id, "bad_id", f"{where}: {problem}"))
    if not isinstance(raw.get("type"), str) or not raw.get("type"):
        out.append((step_id, "bad_structure", f"{where}: 'type' must be a non-empty string"))
    for key in raw:
        if key not in _STEP_KEYS:
            out.append((step_id, "bad_structure", f"{where}: unknown key {key!r}"))
    if "config" in raw and not isinstance(raw["config"], dict):
        out.append((step_id, "bad_config", f"{where}: 'config' must be an object"))
    if raw.get("name") is not None and not isinstance(raw["name"], str):
        out.append((step_id, "bad_structure", f"{where}: 'name' must be a string"))
    if raw.get("join") is not None and raw["join"] not in JOIN_MODES:
        out.append((step_id, "bad_structure", f"{where}: 'join' must be one of {', '.join(JOIN_MODES)}"))
    if "start" in raw and not isinstance(raw["start"], bool):
        out.append((step_id, "bad_structure", f"{where}: 'start' must be true or false"))
    pos = raw.get("position")
    if pos is not None and not (isinstance(pos, list) and len(pos) == 2 and all(_is_number(v) for v in pos)):
        out.append((step_id, "bad_structure", f"{where}: 'position' must be [x, y] numbers"))
    return out


def _edge_problems(raw: Any, where: str) -> list[_Problem]:
    """The problems of one entry of ``edges``."""
    if not isinstance(raw, dict):
        return [(None, "bad_structure", f"{where} must be an object")]
    out: list[_Problem] = []
    src = raw.get("from") if isinstance(raw.get("from"), str) else None
    for key in ("from", "to"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            out.append((src, "bad_structure", f"{where}: '{key}' must be a step id"))
    if "port" in raw and (not isinstance(raw["port"], str) or not raw["port"]):
        out.append((src, "bad_structure", f"{where}: 'port' must be a non-empty string"))
    for key in raw:
        if key not in _EDGE_KEYS:
            out.append((src, "bad_structure", f"{where}: unknown key {key!r}"))
    return out


def flow_from_dict(d: Any, source: str = "<flow>") -> Flow:
    """Build a :class:`Flow` from a parsed flow document.

    Raises :class:`FlowFileError` (an InputError) naming ``source`` when the format tag is wrong
    or the document's shape is not a flow (listing every such problem).
    """
    problems = _shape_problems(d, source)
    if problems:
        head = problems[0][2]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise FlowFileError(head + more, problems)
    steps = []
    for raw in d.get("steps", []):
        pos = raw.get("position")
        steps.append(
            Step(
                id=raw["id"],
                type=raw["type"],
                config=dict(raw.get("config") or {}),
                position=(pos[0], pos[1]) if pos is not None else None,
                name=raw.get("name") or None,
                join=raw.get("join") or None,
                start=raw.get("start") is True,
            )
        )
    edges = [Edge(raw["from"], raw["to"], raw.get("port", DEFAULT_PORT)) for raw in d.get("edges", [])]
    return Flow(
        name=d["name"],
        description=d.get("description", ""),
        trigger=d.get("trigger"),
        entry=dict(d.get("entry") or {}),
        goal=d.get("goal"),
        settings=dict(d.get("settings") or {}),
        steps=steps,
        edges=edges,
    )


def _coord(value: float) -> float | int:
    """Integral floats are written as ints so designer positions (floats) stay canonical."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def flow_to_dict(flow: Flow) -> dict[str, Any]:
    """The canonical document of ``flow`` (key order and omissions as in the module docstring)."""
    out: dict[str, Any] = {"format": FORMAT, "name": flow.name}
    if flow.description:
        out["description"] = flow.description
    if flow.trigger:
        out["trigger"] = flow.trigger
    if flow.entry:
        out["entry"] = flow.entry
    if flow.goal:
        out["goal"] = flow.goal
    if flow.settings:
        out["settings"] = flow.settings
    steps = []
    for step in flow.steps:
        item: dict[str, Any] = {"id": step.id, "type": step.type}
        if step.name:
            item["name"] = step.name
        if step.join:
            item["join"] = step.join
        if step.start:
            item["start"] = True
        if step.config:
            item["config"] = step.config
        if step.position is not None:
            item["position"] = [_coord(step.position[0]), _coord(step.position[1])]
        steps.append(item)
    out["steps"] = steps
    edges = []
    for edge in flow.edges:
        item = {"from": edge.source}
        if edge.port != DEFAULT_PORT:
            item["port"] = edge.port
        item["to"] = edge.target
        edges.append(item)
    out["edges"] = edges
    return out


def loads_flow(text: str, source: str = "<flow>") -> Flow:
    """Parse flow file text; InputError names ``source``, line and column on malformed JSON."""
    if len(text) > MAX_FLOW_FILE_BYTES:
        message = f"{source}: the flow file is {len(text):,} characters long; the limit is {MAX_FLOW_FILE_BYTES:,}"
        raise FlowFileError(message, [(None, "too_large", message)])
    try:
        data = strict_json.loads(text)
    except json.JSONDecodeError as exc:
        raise FlowFileError(
            f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            [(None, "bad_json", f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")],
            line=exc.lineno,
            column=exc.colno,
        ) from None
    return flow_from_dict(data, source)


def load_flow(path: str | os.PathLike[str]) -> Flow:
    """Read a flow file; InputError names the file when it is missing, not UTF-8 or malformed."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_FLOW_FILE_BYTES:
            message = f"{path}: the flow file is {path.stat().st_size:,} bytes; the limit is {MAX_FLOW_FILE_BYTES:,}"
            raise FlowFileError(message, [(None, "too_large", message)])
        raw = path.read_bytes()
    except OSError as exc:
        raise FlowFileError(
            f"{path}: cannot read flow file: {exc.strerror or exc}",
            [(None, "unreadable", f"{path}: cannot read flow file: {exc.strerror or exc}")],
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"{path}: not UTF-8 text (byte {exc.start})"
        raise FlowFileError(message, [(None, "bad_json", message)]) from None
    return loads_flow(text, str(path))


def dumps_flow(flow: Flow) -> str:
    """The canonical text of ``flow``: stable key order, 2-space indent, trailing newline."""
    try:
        return strict_json.dumps(flow_to_dict(flow), indent=2, ensure_ascii=False) + "\n"
    except ValueError as exc:
        raise InputError(f"flow {flow.name!r} holds a value JSON cannot carry ({exc}); fix it in the designer") from None


def save_flow(flow: Flow, path: str | os.PathLike[str]) -> None:
    """Write ``flow`` to ``path`` atomically (a temporary file renamed over the target)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(dumps_flow(flow), encoding="utf-8", newline="\n")
    os.replace(tmp, path)
