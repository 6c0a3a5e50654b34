"""The JSON Schema of the flow file (``flowcanvas-1.schema.json``).

The schema shipped next to this module is what validation uses; it is generated from the step
registry by :func:`build_flow_schema` so the two never drift (a test compares them). Regenerate
it after changing a step type's ``config_schema``::

    python -m runtime.flow.schema > runtime/flow/flowcanvas-1.schema.json

Durations, conditions and templates are typed as plain strings/objects here: the validator
checks their meaning with precise messages (``bad_duration``, ``bad_condition``, ``bad_template``).
Each trigger type accepts only its own keys (:data:`TRIGGER_KEYS`), and steps, edges and the top
level accept only theirs, so a typo or a key put on the wrong trigger type (a ``filter`` on a
``tag_added`` trigger) is an error naming it instead of being silently lost.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.flow.model import FORMAT, JOIN_MODES

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

SCHEMA_PATH = Path(__file__).with_name("flowcanvas-1.schema.json")
SCHEMA_ID = "https://flowcanvas.example/schemas/flowcanvas-1.schema.json"

TRIGGER_TYPES = ("event", "tag_added", "segment", "date", "message", "link", "manual")
SEGMENT_MODES = ("once", "cron", "realtime")
MESSAGE_FROM = ("contact", "operator")

_STR = {"type": "string"}
_OBJ = {"type": "object"}


# the keys each trigger type understands (besides "type"); the engine reads nothing else
TRIGGER_KEYS: dict[str, tuple[str, ...]] = {
    "event": ("event", "filter"),
    "tag_added": ("tag", "tags"),
    "segment": ("condition", "mode", "cron", "recheck", "timezone"),
    "date": ("field", "offset", "offset_days", "time"),
    "message": ("channel", "account", "match", "text", "keyword", "from", "filter", "synonyms", "language"),
    "link": ("payload", "account", "filter"),
    "manual": (),
}


def _trigger_schema() -> dict[str, Any]:
    per_type = [
        {
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {"propertyNames": {"enum": ["type", *keys], "description": f"the keys of a {kind} trigger"}},
        }
        for kind, keys in TRIGGER_KEYS.items()
    ]
    return {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {"type": "string", "description": "one of " + ", ".join(TRIGGER_TYPES)},
            "event": _STR,
            "filter": _OBJ,
            "tag": _STR,
            "tags": {"type": "array", "items": _STR},
            "condition": _OBJ,
            "mode": {"type": "string", "description": "segment: once, cron or realtime"},
            "cron": _STR,
            "recheck": _STR,
            "timezone": _STR,
            "field": _STR,
            "offset": _STR,
            "offset_days": {"type": "integer"},
            "time": _STR,
            "channel": _STR,
            "match": _STR,
            "text": _STR,
            "keyword": _STR,
            "from": _STR,
            "payload": _STR,
            "account": {"type": "string", "description": "message, link: listen to one named bot only (telegram:<account>)"},
            "synonyms": {"type": "array", "items": _STR,
                         "description": "message, match similar: other words or phrases that mean the same"},
            "language": {"type": "string", "description": "message, match similar: language of Latin-script words"},
        },
        "allOf": per_type,
    }


def _entry_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "repeat": {"type": "string", "description": "once, always, or a cooldown duration such as P30D"},
            "exclude": _OBJ,
            "enabled": {"type": "boolean"},
            "start_at": _STR,
            "end_at": _STR,
        },
        "additionalProperties": False,
    }


def _goal_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "event": _STR,
            "filter": _OBJ,
            "since": _STR,
            "op": _STR,
            "count": {"type": "integer"},
            "condition": _OBJ,
            "within": _STR,
        },
        "additionalProperties": False,
    }


def build_flow_schema() -> dict[str, Any]:
    """The complete flow file schema, with each registered step type's config schema."""
    from runtime.steps.registry import REGISTRY

    defs: dict[str, Any] = {
        "trigger": _trigger_schema(),
        "entry": _entry_schema(),
        "goal": _goal_schema(),
    }
    type_rules = []
    for name, step_type in REGISTRY.items():
        defs[f"config.{name}"] = step_type.config_schema
        type_rules.append(
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {"properties": {"config": {"$ref": f"#/$defs/config.{name}"}}},
            }
        )
    defs["step"] = {
        "type": "object",
        "required": ["id", "type"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "type": {"type": "string", "minLength": 1, "description": "a registered step type"},
            "name": _STR,
            "join": {"enum": list(JOIN_MODES),
                     "description": "where several edges arrive: first (default), each or all"},
            "start": {"type": "boolean", "description": "one of several first steps on purpose"},
            "config": _OBJ,
            "position": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        },
        "additionalProperties": False,
        "allOf": type_rules,
    }
    defs["edge"] = {
        "type": "object",
        "required": ["from", "to"],
        "properties": {
            "from": {"type": "string", "minLength": 1},
            "port": {"type": "string", "minLength": 1, "default": "next"},
            "to": {"type": "string", "minLength": 1},
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "FlowCanvas flow file",
        "description": "A marketing flow: trigger, entry rules, goal, steps and edges (format flowcanvas/1).",
        "type": "object",
        "required": ["format", "name"],
        "properties": {
            "format": {"const": FORMAT},
            "name": {"type": "string", "minLength": 1},
            "description": _STR,
            "trigger": {"$ref": "#/$defs/trigger"},
            "entry": {"$ref": "#/$defs/entry"},
            "goal": {"$ref": "#/$defs/goal"},
            "settings": _OBJ,
            "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
            "edges": {"type": "array", "items": {"$ref": "#/$defs/edge"}},
        },
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text(schema: dict[str, Any] | None = None) -> str:
    """The schema as the shipped file's text (2-space indent, trailing newline)."""
    return json.dumps(schema if schema is not None else build_flow_schema(), indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def load_flow_schema() -> dict[str, Any]:
    """The shipped schema file (falls back to the generated schema if the file is missing)."""
    try:
        schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
        return schema
    except FileNotFoundError:
        return build_flow_schema()


@lru_cache(maxsize=1)
def skeleton_validator() -> Validator:
    """The shipped schema without the per-type config rules (checked by :func:`config_validator`).

    Validating each config against its own definition gives the same errors as the whole schema
    but is several times faster than letting jsonschema try every ``if``/``then`` per step, and
    the designer validates on every edit.
    """
    import copy

    import jsonschema

    schema = copy.deepcopy(load_flow_schema())
    schema["$defs"]["step"].pop("allOf", None)
    return jsonschema.validators.validator_for(schema)(schema)


@lru_cache(maxsize=64)
def config_validator(step_type: str) -> Validator | None:
    """A validator for the config of ``step_type`` from the shipped schema, or None if unknown."""
    import jsonschema

    schema = load_flow_schema()
    definition = schema["$defs"].get(f"config.{step_type}")
    if definition is None:
        return None
    standalone = {"$schema": schema["$schema"], **definition}
    return jsonschema.validators.validator_for(standalone)(standalone)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import sys

    sys.stdout.write(schema_text())
