"""The designer's only door into the runtime.

Everything the designer needs from the runtime is importable from here: the flow model, the
step registry, validation, flow file I/O, and :class:`ProjectService`, which takes and returns
plain dataclasses (never SQLAlchemy rows). Names of other runtime modules are re-exported lazily
so importing this module stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from runtime.flow.model import DEFAULT_PORT, FORMAT, Edge, Flow, Step

# name -> "module:attribute", resolved on first access
_LAZY_EXPORTS: dict[str, str] = {
    "FlowCanvasError": "runtime.errors:FlowCanvasError",
    "InputError": "runtime.errors:InputError",
    "NotFoundError": "runtime.errors:NotFoundError",
    "ProjectError": "runtime.errors:ProjectError",
    "FlowValidationError": "runtime.errors:FlowValidationError",
    "SystemClock": "runtime.clock:SystemClock",
    "VirtualClock": "runtime.clock:VirtualClock",
    # flow file I/O and validation
    "loads_flow": "runtime.flow.io:loads_flow",
    "dumps_flow": "runtime.flow.io:dumps_flow",
    "load_flow": "runtime.flow.io:load_flow",
    "save_flow": "runtime.flow.io:save_flow",
    "flow_to_dict": "runtime.flow.io:flow_to_dict",
    "flow_from_dict": "runtime.flow.io:flow_from_dict",
    "validate_flow": "runtime.flow.validate:validate_flow",
    "Problem": "runtime.flow.validate:Problem",
    "ValidationReport": "runtime.flow.validate:ValidationReport",
    "parse_duration": "runtime.flow.durations:parse_duration",
    "format_duration": "runtime.flow.durations:format_duration",
    "human_duration": "runtime.flow.durations:human_duration",
    "describe_condition": "runtime.flow.conditions:describe_condition",
    "condition_problems": "runtime.flow.conditions:condition_problems",
    "preset_names": "runtime.flow.presets:preset_names",
    "load_preset": "runtime.flow.presets:load_preset",
    # step registry
    "REGISTRY": "runtime.steps.registry:REGISTRY",
    "StepType": "runtime.steps.registry:StepType",
    "ConfigField": "runtime.steps.registry:ConfigField",
    "get_step_type": "runtime.steps.registry:get_step_type",
    "step_types": "runtime.steps.registry:step_types",
    # templates
    "compile_template": "runtime.templates:compile_template",
    "render_template": "runtime.templates:render_template",
}

__all__ = ["DEFAULT_PORT", "FORMAT", "Edge", "Flow", "Step", *_LAZY_EXPORTS]


def __getattr__(name: str) -> Any:
    target = _LAZY_EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'runtime.service' has no attribute {name!r}")
    module_name, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value
