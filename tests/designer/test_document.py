"""FlowDocument: the only writer of a flow; every change is broadcast as a signal."""

from __future__ import annotations

import pytest

from designer.document import FlowDocument
from runtime.service import Edge, Flow, Step, dumps_flow


def test_add_and_remove_step_emit_signals(qtbot, document: FlowDocument) -> None:
    step = Step("wait_1h", "wait", {"duration": "PT1H"}, (0.0, 0.0))
    with qtbot.waitSignal(document.step_added) as added:
        document.add_step(step)
    assert added.args == [step]
    assert document.step_ids() == ["wait_1h"]
    with qtbot.waitSignal(document.step_removed) as removed:
        assert document.remove_step("wait_1h") == (step, 0)
    assert removed.args == ["wait_1h"]
    assert document.flow.steps == []


def test_duplicate_step_id_is_refused(document: FlowDocument) -> None:
    document.add_step(Step("a", "wait"))
    with pytest.raises(ValueError, match="already has a step 'a'"):
        document.add_step(Step("a", "exit"))


def test_a_step_with_edges_cannot_be_removed_directly(document: FlowDocument) -> None:
    document.add_step(Step("a", "wait"))
    document.add_step(Step("b", "exit"))
    document.add_edge(Edge("a", "b"))
    with pytest.raises(ValueError, match="still has edges"):
        document.remove_step("a")


def test_edges_keep_their_index(document: FlowDocument) -> None:
    for sid in "abc":
        document.add_step(Step(sid, "wait"))
    e1, e2 = Edge("a", "b"), Edge("b", "c")
    document.add_edge(e1)
    document.add_edge(e2)
    assert document.remove_edge(e1) == 0
    document.add_edge(e1, 0)
    assert document.edges() == [e1, e2]


@pytest.mark.parametrize(
    ("source", "target", "reason"),
    [
        ("a", "a", "cannot connect to itself"),
        ("c", "a", "would make a loop"),
        ("a", "b", "already connected"),
        ("a", "zzz", "Connect two steps"),
    ],
)
def test_can_connect_explains_refusals(document: FlowDocument, source: str, target: str, reason: str) -> None:
    for sid in "abc":
        document.add_step(Step(sid, "wait"))
    document.add_edge(Edge("a", "b"))
    document.add_edge(Edge("b", "c"))
    assert reason in (document.can_connect(source, target) or "")
    assert document.can_connect("a", "c") is None


def test_new_step_ids_are_unique_and_readable(document: FlowDocument) -> None:
    assert document.new_step_id("wait") == "wait"
    document.add_step(Step("wait", "wait"))
    document.add_step(Step("wait_2", "wait"))
    assert document.new_step_id("wait") == "wait_3"
    assert document.new_step_id("wait_2") == "wait_3"
    assert document.new_step_id("wait", taken=["wait_3"]) == "wait_4"
    assert document.new_step_id("send email!") == "send_email"


def test_flow_attrs_and_reset(qtbot, document: FlowDocument) -> None:
    with qtbot.waitSignal(document.flow_changed) as changed:
        document.set_flow_attr("trigger", {"type": "event", "event": "cart_add"})
    assert changed.args == ["trigger"]
    assert document.flow.trigger == {"type": "event", "event": "cart_add"}
    with pytest.raises(KeyError):
        document.set_flow_attr("steps", [])
    other = Flow(name="Other", steps=[Step("x", "exit")])
    with qtbot.waitSignal(document.reset):
        document.set_flow(other)
    assert document.flow is other
    assert not document.is_modified()


def test_to_text_is_the_canonical_flow_file(cart_flow: Flow) -> None:
    doc = FlowDocument(cart_flow)
    assert doc.to_text() == dumps_flow(cart_flow)
