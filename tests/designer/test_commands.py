"""Undoable commands: each edit is one undo step, undo restores the model exactly."""

from __future__ import annotations

import copy

from designer.canvas.layout import tidy_layout
from designer.canvas.steptypes import ports_of
from designer.commands import (
    AddEdgeCommand,
    AddStepCommand,
    DuplicateCommand,
    MoveStepsCommand,
    PasteCommand,
    RemoveEdgeCommand,
    RemoveSelectionCommand,
    RenameStepCommand,
    SetFlowAttrCommand,
    SetStepConfigCommand,
    TidyLayoutCommand,
    fragment_of,
)
from designer.document import FlowDocument
from runtime.service import Edge, Flow, Step, dumps_flow

from designer_flows import CART_EDGES, CART_GOAL, CART_STEPS, CART_TRIGGER


def build_cart_with_commands(doc: FlowDocument) -> None:
    """The abandoned-cart flow, one command per user action."""
    doc.push(SetFlowAttrCommand(doc, "name", "Abandoned cart"))
    doc.push(SetFlowAttrCommand(doc, "trigger", CART_TRIGGER))
    doc.push(SetFlowAttrCommand(doc, "goal", CART_GOAL))
    for sid, type_, config, pos in CART_STEPS:
        doc.push(AddStepCommand(doc, Step(sid, type_, copy.deepcopy(config), pos)))
    for source, target, port in CART_EDGES:
        doc.push(AddEdgeCommand(doc, Edge(source, target, port)))


def test_build_undo_to_empty_and_redo(cart_flow: Flow) -> None:
    doc = FlowDocument(Flow(name="Untitled flow"))
    empty = dumps_flow(doc.flow)
    build_cart_with_commands(doc)
    built = dumps_flow(doc.flow)
    assert built == dumps_flow(cart_flow)
    assert doc.is_modified()
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert dumps_flow(doc.flow) == empty
    assert not doc.is_modified()
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()
    assert dumps_flow(doc.flow) == built


def test_remove_selection_is_one_command_restoring_order(cart_flow: Flow) -> None:
    doc = FlowDocument(cart_flow)
    before = dumps_flow(doc.flow)
    doc.push(RemoveSelectionCommand(doc, ["bought_2", "wait_1h"], [Edge("bought_3", "sms_cart", "no")]))
    assert doc.undo_stack.count() == 1
    assert doc.step("bought_2") is None and doc.step("wait_1h") is None
    assert all("bought_2" not in (e.source, e.target) for e in doc.edges())
    assert Edge("bought_3", "sms_cart", "no") not in doc.edges()
    assert doc.step("sms_cart") is not None
    doc.undo_stack.undo()
    assert dumps_flow(doc.flow) == before


def test_move_is_one_command_and_undo_restores_positions(cart_flow: Flow) -> None:
    doc = FlowDocument(cart_flow)
    doc.push(MoveStepsCommand(doc, {"wait_1h": (40, 60), "bought_1": (340, 60)}))
    assert doc.step_position("wait_1h") == (40.0, 60.0)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.step_position("wait_1h") == (0.0, 0.0)
    assert doc.step_position("bought_1") == (300.0, 0.0)


def test_typing_in_a_config_merges_into_one_command(cart_flow: Flow) -> None:
    doc = FlowDocument(cart_flow)
    original = copy.deepcopy(doc.step("email_cart").config)
    subject = ""
    for ch in "Come back!":
        subject += ch
        doc.push(SetStepConfigCommand(doc, "email_cart", {**original, "subject": subject}))
    assert doc.undo_stack.count() == 1
    assert doc.step("email_cart").config["subject"] == "Come back!"
    doc.undo_stack.undo()
    assert doc.step("email_cart").config == original
    # another step's edit does not merge into it
    doc.undo_stack.redo()
    doc.push(SetStepConfigCommand(doc, "sms_cart", {"text": "Hi"}))
    assert doc.undo_stack.count() == 2


def test_typing_back_to_the_original_leaves_nothing_to_undo(cart_flow: Flow) -> None:
    doc = FlowDocument(cart_flow)
    original = copy.deepcopy(doc.step("sms_cart").config)
    doc.push(SetStepConfigCommand(doc, "sms_cart", {"text": "x"}))
    doc.push(SetStepConfigCommand(doc, "sms_cart", original))
    assert doc.undo_stack.count() == 0
    assert not doc.is_modified()


def test_rename_and_flow_attrs_merge(cart_flow: Flow) -> None:
    doc = FlowDocument(cart_flow)
    for name in ("F", "Fi", "First wait"):
        doc.push(RenameStepCommand(doc, "wait_1h", name))
    for text in ("R", "Re", "Reminds"):
        doc.push(SetFlowAttrCommand(doc, "description", text))
    assert doc.undo_stack.count() == 2
    assert doc.step("wait_1h").name == "First wait"
    assert doc.flow.description == "Reminds"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.step("wait_1h").name is None and doc.flow.description == ""


def test_paste_between_two_documents(cart_flow: Flow) -> None:
    source = FlowDocument(cart_flow)
    target = FlowDocument(Flow(name="Other", steps=[Step("wait_1h", "wait", {"duration": "PT5M"}, (0, 0))]))
    fragment = fragment_of(source.flow, ["wait_1h", "bought_1", "email_cart"])
    command = PasteCommand(target, fragment, (0, 400))
    target.push(command)
    assert command.pasted_ids == ["wait_1h_2", "bought_1", "email_cart"]  # the taken id was renamed
    assert target.edges() == [Edge("wait_1h_2", "bought_1"), Edge("bought_1", "email_cart", "no")]
    assert target.step("email_cart").config == cart_flow.step("email_cart").config
    assert target.step("wait_1h_2").position == (0, 400)
    assert target.undo_stack.count() == 1
    target.undo_stack.undo()
    assert target.step_ids() == ["wait_1h"] and target.edges() == []


def test_duplicate_copies_inner_edges_only(cart_flow: Flow) -> None:
    doc = FlowDocument(cart_flow)
    command = DuplicateCommand(doc, ["wait_23h", "bought_2"])
    doc.push(command)
    assert command.pasted_ids == ["wait_23h_2", "bought_4"]  # bought_2 and bought_3 are taken
    new_a, new_b = command.pasted_ids
    assert doc.step(new_a).position == (940.0, 140.0)
    assert [e for e in doc.edges() if e.source in command.pasted_ids] == [Edge(new_a, new_b)]


def test_remove_edge_command_restores_index(cart_flow: Flow) -> None:
    doc = FlowDocument(cart_flow)
    before = doc.edges()
    doc.push(RemoveEdgeCommand(doc, Edge("wait_23h", "bought_2")))
    doc.undo_stack.undo()
    assert doc.edges() == before


def test_tidy_layout_undo_restores_positions(cart_flow: Flow) -> None:
    for step in cart_flow.steps:
        step.position = (step.position[0] * 0.37 + 13, -step.position[1] * 1.9)
    doc = FlowDocument(cart_flow)
    before = {s.id: s.position for s in doc.flow.steps}
    positions = tidy_layout(doc.flow, lambda s: ports_of(s.type, s.config))
    doc.push(TidyLayoutCommand(doc, positions))
    assert doc.undo_stack.undoText() == "Tidy layout"
    assert {s.id: s.position for s in doc.flow.steps} == positions
    doc.undo_stack.undo()
    assert {s.id: s.position for s in doc.flow.steps} == before


def test_clean_state_means_not_modified(qtbot, cart_flow: Flow) -> None:
    doc = FlowDocument(cart_flow)
    with qtbot.waitSignal(doc.modified_changed) as changed:
        doc.push(RenameStepCommand(doc, "wait_1h", "x"))
    assert changed.args == [True]
    doc.set_clean()
    assert not doc.is_modified()
    doc.undo_stack.undo()
    assert doc.is_modified()
