"""Flow file I/O: canonical layout, byte-for-byte round trips, and errors that name the input."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtime.errors import InputError
from runtime.flow.io import (
    FlowFileError,
    dumps_flow,
    flow_from_dict,
    flow_to_dict,
    load_flow,
    loads_flow,
    save_flow,
)
from runtime.flow.model import Edge, Flow, Step

CANONICAL = """{
  "format": "flowcanvas/1",
  "name": "Abandoned cart",
  "description": "Reminds a shopper – after 1 h.",
  "trigger": {
    "type": "event",
    "event": "cart_add"
  },
  "entry": {
    "repeat": "once"
  },
  "goal": {
    "event": "purchase",
    "within": "P7D"
  },
  "settings": {
    "max_lateness": "PT2H"
  },
  "steps": [
    {
      "id": "wait_1h",
      "type": "wait",
      "name": "Wait an hour",
      "config": {
        "duration": "PT1H"
      },
      "position": [
        0,
        0
      ]
    },
    {
      "id": "bought",
      "type": "condition",
      "config": {
        "if": {
          "event": "purchase",
          "since": "entry"
        }
      },
      "position": [
        240.5,
        -80
      ]
    },
    {
      "id": "email",
      "type": "send_email",
      "config": {
        "subject": "Привет, {{ contact.first_name }}",
        "body": "Hi"
      }
    },
    {
      "id": "done",
      "type": "exit"
    }
  ],
  "edges": [
    {
      "from": "wait_1h",
      "to": "bought"
    },
    {
      "from": "bought",
      "port": "no",
      "to": "email"
    },
    {
      "from": "email",
      "to": "done"
    }
  ]
}
"""


def test_canonical_text_round_trips_byte_for_byte() -> None:
    flow = loads_flow(CANONICAL, "cart.json")
    assert dumps_flow(flow) == CANONICAL


def test_loaded_flow_has_the_files_content() -> None:
    flow = loads_flow(CANONICAL, "cart.json")
    assert flow.name == "Abandoned cart"
    assert flow.trigger == {"type": "event", "event": "cart_add"}
    assert [s.id for s in flow.steps] == ["wait_1h", "bought", "email", "done"]
    assert flow.step("wait_1h").name == "Wait an hour"
    assert flow.step("bought").position == (240.5, -80)
    assert flow.step("email").position is None
    assert flow.step("done").config == {}
    assert flow.edges[0] == Edge("wait_1h", "bought", "next")
    assert flow.edges[1] == Edge("bought", "email", "no")


def test_non_canonical_input_is_written_canonically() -> None:
    messy = {
        "edges": [{"to": "b", "port": "next", "from": "a"}],
        "steps": [
            {"position": [10.0, 20.0], "config": {"z": 1, "a": 2}, "type": "wait", "id": "a", "name": ""},
            {"config": {}, "type": "exit", "id": "b", "position": None},
        ],
        "settings": {},
        "entry": {},
        "description": "",
        "name": "Messy",
        "format": "flowcanvas/1",
    }
    text = dumps_flow(flow_from_dict(messy))
    assert json.loads(text) == {
        "format": "flowcanvas/1",
        "name": "Messy",
        "steps": [
            {"id": "a", "type": "wait", "config": {"z": 1, "a": 2}, "position": [10, 20]},
            {"id": "b", "type": "exit"},
        ],
        "edges": [{"from": "a", "to": "b"}],
    }
    # config keys keep their insertion order; positions lose a useless ".0"
    assert text.index('"z"') < text.index('"a": 2')
    assert '"position": [\n        10,\n        20\n      ]' in text
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert dumps_flow(loads_flow(text)) == text


def test_designer_float_positions_are_written_as_integers_when_whole() -> None:
    flow = Flow("f", steps=[Step("a", "exit", position=(120.0, 33.25))])
    assert flow_to_dict(flow)["steps"][0]["position"] == [120, 33.25]


def test_non_ascii_text_is_written_as_is() -> None:
    flow = Flow("Привет", steps=[Step("a", "send_sms", {"text": "Скидка 10% 🎉"})])
    text = dumps_flow(flow)
    assert "Скидка 10% 🎉" in text and "\\u" not in text


def test_malformed_json_names_file_line_and_column() -> None:
    bad = '{\n  "format": "flowcanvas/1",\n  "name": "x",,\n}\n'
    with pytest.raises(InputError) as info:
        loads_flow(bad, "flows/cart.json")
    message = str(info.value)
    assert "flows/cart.json" in message
    assert "line 3" in message and "column 15" in message
    assert info.value.line == 3 and info.value.column == 15


def test_wrong_format_tag_is_an_input_error_naming_the_file() -> None:
    with pytest.raises(InputError, match=r"cart\.json: has format 'flowcanvas/2'; expected 'flowcanvas/1'"):
        loads_flow('{"format": "flowcanvas/2", "name": "x", "steps": [], "edges": []}', "cart.json")
    with pytest.raises(InputError, match="has no 'format'"):
        loads_flow('{"name": "x"}', "cart.json")


def test_shape_errors_list_every_problem_with_step_ids() -> None:
    doc = {
        "format": "flowcanvas/1",
        "name": "x",
        "steps": [
            {"id": "a"},
            {"id": "b", "type": "wait", "config": [1], "position": [1]},
            {"type": "exit"},
            {"id": "c", "type": "exit", "colour": "red"},
        ],
        "edges": [{"from": "a"}],
        "extra": 1,
    }
    with pytest.raises(FlowFileError) as info:
        flow_from_dict(doc, "x.json")
    problems = info.value.problems
    assert (None, "bad_structure", "x.json: unknown top-level key 'extra'") in problems
    assert ("a", "bad_structure", "x.json: step 'a': 'type' must be a non-empty string") in problems
    assert ("b", "bad_config", "x.json: step 'b': 'config' must be an object") in problems
    assert ("b", "bad_structure", "x.json: step 'b': 'position' must be [x, y] numbers") in problems
    assert (None, "bad_structure", "x.json: steps[2]: 'id' must be a non-empty string") in problems
    assert ("c", "bad_structure", "x.json: step 'c': unknown key 'colour'") in problems
    assert ("a", "bad_structure", "x.json: edges[0]: 'to' must be a step id") in problems
    assert "and 6 more problem(s)" in str(info.value)


def test_a_flow_document_must_be_an_object() -> None:
    with pytest.raises(InputError, match="must be a JSON object, not array"):
        loads_flow("[]", "list.json")


def test_save_and_load_a_file(tmp_path) -> None:
    flow = loads_flow(CANONICAL)
    path = tmp_path / "cart.json"
    save_flow(flow, path)
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert dumps_flow(load_flow(path)) == CANONICAL
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_load_errors_name_the_file(tmp_path) -> None:
    with pytest.raises(InputError, match="missing.json: cannot read flow file"):
        load_flow(tmp_path / "missing.json")
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"name": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(InputError, match="latin.json: not UTF-8"):
        load_flow(latin)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "flowcanvas/1",\n "name": }', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.json: invalid JSON at line 2, column 10"):
        load_flow(broken)


# ---------------------------------------------------------------------------------------------
# property: any flow written canonically reads back to the same flow and the same bytes

_ids = st.text(string.ascii_lowercase + string.digits + "_", min_size=1, max_size=8)
_json_scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=12)
_json = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
_config = st.dictionaries(st.text(min_size=1, max_size=8), _json, max_size=4)
_coord = st.integers(-5000, 5000) | st.floats(-5000, 5000, allow_nan=False).filter(lambda v: not v.is_integer())


@st.composite
def flows(draw) -> Flow:
    ids = draw(st.lists(_ids, min_size=0, max_size=6, unique=True))
    steps = [
        Step(
            id=i,
            type=draw(st.sampled_from(["wait", "send_email", "condition", "exit", "made_up"])),
            config=draw(_config),
            position=draw(st.none() | st.tuples(_coord, _coord)),
            name=draw(st.none() | st.text(min_size=1, max_size=10)),
        )
        for i in ids
    ]
    edges = []
    if ids:
        for _ in range(draw(st.integers(0, 6))):
            edges.append(Edge(draw(st.sampled_from(ids)), draw(st.sampled_from(ids)),
                              draw(st.sampled_from(["next", "yes", "no", "failed"]))))
    return Flow(
        name=draw(st.text(min_size=1, max_size=12).filter(str.strip)),
        description=draw(st.text(max_size=20)),
        trigger=draw(st.none() | st.fixed_dictionaries({"type": st.sampled_from(["event", "manual"])}, optional={"event": _ids})),
        entry=draw(st.dictionaries(st.sampled_from(["repeat", "exclude"]), _json, max_size=2)),
        goal=draw(st.none() | st.fixed_dictionaries({"event": _ids})),
        settings=draw(_config),
        steps=steps,
        edges=edges,
    )


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(flows())
def test_round_trip_property(flow: Flow) -> None:
    text = dumps_flow(flow)
    again = loads_flow(text)
    assert dumps_flow(again) == text
    assert flow_to_dict(again) == flow_to_dict(flow)
    assert again.edges == flow.edges


_any_json = st.recursive(
    _json_scalars | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["format", "name", "steps", "edges", "id", "type", "config", "position", "from", "to",
                         "port", "trigger", "entry", "goal", "settings", "description", "x"]), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_any_json, st.booleans())
def test_any_json_loads_or_raises_a_flow_file_error(doc, tagged: bool) -> None:
    if tagged and isinstance(doc, dict):
        doc = {**doc, "format": "flowcanvas/1"}
    try:
        flow = loads_flow(json.dumps(doc), "fuzz.json")
    except FlowFileError as exc:
        assert exc.problems and all(p[2].startswith("fuzz.json") for p in exc.problems)
    else:
        assert dumps_flow(loads_flow(dumps_flow(flow))) == dumps_flow(flow)
