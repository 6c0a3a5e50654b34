"""The registry is the single source of step semantics: every type has every piece, and no other
part of the runtime or the designer names a step type."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from runtime.flow.model import Flow, Step
from runtime.flow.validate import validate_flow
from runtime.steps.handlers import HANDLERS, PREFETCH
from runtime.steps.registry import CHANNEL_STEP, GROUP_LABELS, GROUPS, REGISTRY, StepType
from runtime.steps.registry import PREFETCH as PREFETCH_PARTS

ROOT = Path(__file__).resolve().parents[2]
# where step type names belong: the registry and its handlers, flow files, tests and docs
ALLOWED = ("runtime/steps/", "runtime/flow/presets.py")
DEFAULTS = StepType("probe", "Probe", "logic", "probe.svg", (), {"type": "object"})


def _declared(step_type: StepType, name: str) -> bool:
    """Whether ``step_type`` declares ``name`` itself (not the dataclass default)."""
    return getattr(step_type, name) is not getattr(DEFAULTS, name)


@pytest.mark.parametrize("step_type", list(REGISTRY.values()), ids=list(REGISTRY))
def test_every_type_has_every_piece(step_type: StepType) -> None:
    """A new type that forgets a piece fails here, naming the piece."""
    name = step_type.type
    assert step_type.display_name and step_type.description and step_type.icon, name
    assert step_type.group in GROUPS and GROUP_LABELS[step_type.group], name
    assert step_type.fields and step_type.config_schema.get("type") == "object", name
    assert name in HANDLERS, f"{name}: no handler"
    assert _declared(step_type, "checks_fn"), f"{name}: no semantic checks (runtime/steps/checks.py)"
    config = step_type.default_config()
    assert isinstance(step_type.ports(config), list), name
    assert step_type.summary(config), f"{name}: no summary"
    assert step_type.prefetch <= set(PREFETCH_PARTS), name
    assert PREFETCH.get(name, frozenset()) == step_type.prefetch
    properties = step_type.config_schema.get("properties", {})
    for field in step_type.fields:
        assert field.suggest in ("", "tags", "fields"), (name, field.key)
        assert not field.single_line or field.kind == "template", (name, field.key)
        assert not field.numeric or field.kind == "key_values", (name, field.key)
    for mode in step_type.modes:
        assert mode.marker in properties and mode.marker in mode.defaults, (name, mode.name)
        assert all(step_type.field(key) is not None for key in mode.keys), (name, mode.name)
        moded = Flow("modes", trigger={"type": "manual"}, steps=[Step("s", name, dict(mode.defaults))])
        assert validate_flow(moded).ok, (name, mode.name)  # every mode starts valid
        assert step_type.mode_of(mode.defaults) == mode.name


@pytest.mark.parametrize("step_type", list(REGISTRY.values()), ids=list(REGISTRY))
def test_traits_agree_with_each_other(step_type: StepType) -> None:
    name = step_type.type
    if step_type.channel is not None:
        assert CHANNEL_STEP[step_type.channel] == name and step_type.sends
        assert step_type.outbox_channel == step_type.channel and step_type.channels({}) == [step_type.channel]
        assert "send_policy" in step_type.prefetch and step_type.reaches_outside
    if step_type.sends:
        assert step_type.reaches_outside and step_type.renders_templates, name
    if step_type.every_port_used:
        assert step_type.decides({}), name
    if step_type.ab_test:
        assert any(f.kind == "ab_groups" for f in step_type.fields), name
    if step_type.delays:
        assert step_type.plain_delay({"duration": "PT1H"}) == "PT1H", name


def test_the_answers_other_parts_rely_on() -> None:
    """What the flow cache, the validator and the linter ask, for the types that answer."""
    wait, condition, switch = REGISTRY["wait"], REGISTRY["condition"], REGISTRY["channel_switch"]
    assert wait.awaited_event({"event": "purchase", "timeout": "P1D"}) == "purchase"
    assert wait.decides({"event": "purchase"}) and not wait.decides({"duration": "PT1H"})
    assert wait.plain_delay({"until": {"time": "09:00"}}) is None and wait.plain_delay({}) == "PT0S"
    assert wait.conditions({"event": "paid", "filter": {"event": "refund"}}) == [{"event": "refund"}]
    assert condition.conditions({"if": {"tag": "vip"}}) == [{"tag": "vip"}] and condition.decides({})
    assert switch.conditions({"rules": [{"if": {"tag": "a"}, "port": "a"}, "junk"]}) == [{"tag": "a"}]
    assert REGISTRY["smart_send"].channels({"channels": ["sms", 3, "email"]}) == ["sms", "email"]
    assert REGISTRY["smart_send"].channels({"channels": "sms"}) == []
    assert REGISTRY["update_contact"].fields_set({"set": {"plan": "x"}, "increment": {"orders": 1}}) == ["plan", "orders"]
    found = REGISTRY["send_push"].check("step 'p' (send_push)", {"title": "t", "body": "b", "url": "ftp://x"})
    assert found == [("error", "bad_config", "step 'p' (send_push) url: 'ftp://x' is not an http(s) URL")]


def _type_names_in(path: Path) -> list[str]:
    """Places in ``path`` that name a step type as one: a literal compared with a ``type``
    (``step.type == "wait"``, ``step_type in ("condition", ...)``) or any literal whose text is
    a step type name with an underscore (``"send_email"``: no other word reads like that)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = set(REGISTRY)
    found: list[str] = []

    def literals(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return [v for elt in node.elts for v in literals(elt)]
        return []

    def about_type(node: ast.AST) -> bool:
        text = ast.unparse(node)
        return text.endswith("type") or text.endswith("type_")

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(about_type(side) for side in sides):
                for side in sides:
                    found += [f"{path}:{node.lineno}: {v!r}" for v in literals(side) if v in names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in names and "_" in node.value:
                found.append(f"{path}:{node.lineno}: {node.value!r}")
    return found


def test_no_step_type_name_outside_the_registry() -> None:
    """grep: the engine, flow checks, channels, reports, service, CLI and designer ask the registry."""
    found: list[str] = []
    for part in ("runtime", "designer"):
        for path in sorted((ROOT / part).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if not rel.startswith(ALLOWED):
                found += [line.replace(str(ROOT) + "/", "") for line in _type_names_in(path)]
    assert not found, "step type names outside runtime/steps:\n" + "\n".join(found)


def test_the_grep_sees_a_type_name(tmp_path: Path) -> None:
    """The check above would catch both ways of naming a type."""
    sample = tmp_path / "sample.py"
    sample.write_text('if step.type == "wait":\n    pass\nKIND = "smart_send"\nGOAL = "condition"\n', encoding="utf-8")
    found = _type_names_in(sample)
    assert [line.rsplit(": ", 1)[1] for line in found] == ["'wait'", "'smart_send'"]
