"""The canvas driven by real mouse events on the viewport (QTest press/move/release)."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from designer.canvas.palette import step_type_mime
from designer.canvas.view import FlowView
from designer.commands import MoveStepsCommand, SetFlowAttrCommand, SetStepConfigCommand
from designer.document import FlowDocument
from designer_flows import CART_EDGES, CART_GOAL, CART_STEPS, CART_TRIGGER
from runtime.service import Edge, Flow, Step, dumps_flow
from shell_helpers import LEFT, NO_MOD, drag, drop_step, vp


def connect_ports(view: FlowView, source: str, port: str, target: str) -> None:
    """Like ``shell_helpers.connect`` but without flushing the scene first."""
    scene = view.flow_scene
    start = vp(view, scene.step_items[source].output_port(port).scenePos())
    end = vp(view, scene.step_items[target].sceneBoundingRect().center())
    drag(view, start, end)


# Where the mouse-built flow's cards go: a 3 x 3 grid that fits a 1000 x 700 view at 100 %.
GRID_POS = [(0, 0), (300, 0), (600, 0), (0, 200), (300, 200), (600, 200), (0, 400), (300, 400), (600, 400)]
MOUSE_IDS = ["wait", "condition", "send_email", "wait_2", "condition_2", "send_push", "wait_3", "condition_3", "send_sms"]


def expected_mouse_flow() -> Flow:
    """The abandoned-cart flow with the ids and positions the mouse build produces."""
    ids = {spec[0]: new for spec, new in zip(CART_STEPS, MOUSE_IDS)}
    return Flow(
        name="Abandoned cart",
        trigger=dict(CART_TRIGGER),
        goal=dict(CART_GOAL),
        steps=[Step(ids[i], t, copy.deepcopy(c), (float(x), float(y))) for (i, t, c, _), (x, y) in zip(CART_STEPS, GRID_POS)],
        edges=[Edge(ids[s], ids[t], p) for s, t, p in CART_EDGES],
    )


def centre_on_grid(view: FlowView) -> None:
    view.flow_scene.flush()
    view.centerOn(QPointF(420, 235))


def test_build_abandoned_cart_with_the_mouse_then_undo_all_and_redo(view: FlowView, document: FlowDocument) -> None:
    document.push(SetFlowAttrCommand(document, "name", "Abandoned cart"))
    document.push(SetFlowAttrCommand(document, "trigger", CART_TRIGGER))
    document.push(SetFlowAttrCommand(document, "goal", CART_GOAL))
    empty = dumps_flow(Flow(name="Test flow"))
    for (sid, type_, config, _), (x, y) in zip(CART_STEPS, GRID_POS):
        centre_on_grid(view)
        # drop so that the card's centre lands on the grid cell's centre
        drop_step(view, type_, vp(view, QPointF(x + 120, y + 40)))
        new_id = view.flow_scene.selected_step_ids()[0]
        assert document.step(new_id).position == (x, y)
        # what the inspector does when the user fills the step in
        document.push(SetStepConfigCommand(document, new_id, config))
    assert document.step_ids() == MOUSE_IDS
    ids = dict(zip([s[0] for s in CART_STEPS], MOUSE_IDS))
    for source, target, port in CART_EDGES:
        centre_on_grid(view)
        connect_ports(view, ids[source], port, ids[target])
    assert dumps_flow(document.flow) == dumps_flow(expected_mouse_flow())
    built = dumps_flow(document.flow)
    # 3 flow attributes + 9 drops + 9 configs + 8 connections, one command each
    assert document.undo_stack.count() == 29
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert dumps_flow(document.flow) == empty
    assert view.flow_scene.step_items == {} and view.flow_scene.edge_items == {}
    while document.undo_stack.canRedo():
        document.undo_stack.redo()
    assert dumps_flow(document.flow) == built
    assert len(view.flow_scene.edge_items) == 8


@pytest.fixture
def cart_view(view: FlowView, document: FlowDocument) -> FlowView:
    document.set_flow(expected_mouse_flow())
    centre_on_grid(view)
    return view


def test_dragging_a_card_is_one_snapped_command(cart_view: FlowView, document: FlowDocument) -> None:
    scene = cart_view.flow_scene
    card = scene.step_items["send_email"]
    start = vp(cart_view, card.sceneBoundingRect().center())
    drag(cart_view, start, start + QPoint(47, 93), steps=12)
    assert document.undo_stack.count() == 1
    assert isinstance(document.undo_stack.command(0), MoveStepsCommand)
    assert document.step("send_email").position == (640.0, 100.0)  # 600+47 -> 640, 0+93 -> 100
    assert card.pos() == QPointF(640, 100)
    # the edge into the card follows it
    edge = scene.edge_items[Edge("condition", "send_email", "no")]
    assert edge.shape().contains(card.input_anchor() - QPointF(10, 0))
    document.undo_stack.undo()
    assert document.step("send_email").position == (600.0, 0.0)
    assert card.pos() == QPointF(600, 0)


def test_dragging_a_selection_moves_all_of_it_in_one_command(cart_view: FlowView, document: FlowDocument) -> None:
    scene = cart_view.flow_scene
    first = vp(cart_view, scene.step_items["wait"].sceneBoundingRect().center())
    second = vp(cart_view, scene.step_items["wait_2"].sceneBoundingRect().center())
    QTest.mouseClick(cart_view.viewport(), LEFT, NO_MOD, first)
    QTest.mouseClick(cart_view.viewport(), LEFT, Qt.KeyboardModifier.ControlModifier, second)
    assert scene.selected_step_ids() == ["wait", "wait_2"]
    drag(cart_view, second, second + QPoint(0, 40))
    assert document.undo_stack.count() == 1
    assert document.step("wait").position == (0.0, 40.0)
    assert document.step("wait_2").position == (0.0, 240.0)
    # a plain click (no drag) inside the selection narrows it to that card
    QTest.mouseClick(cart_view.viewport(), LEFT, NO_MOD, second + QPoint(0, 40))
    assert scene.selected_step_ids() == ["wait_2"]


def test_a_click_without_movement_pushes_nothing(cart_view: FlowView, document: FlowDocument) -> None:
    pos = vp(cart_view, cart_view.flow_scene.step_items["wait"].sceneBoundingRect().center())
    QTest.mouseClick(cart_view.viewport(), LEFT, NO_MOD, pos)
    assert cart_view.flow_scene.selected_step_ids() == ["wait"]
    assert document.undo_stack.count() == 0


def test_escape_cancels_a_drag(cart_view: FlowView, document: FlowDocument) -> None:
    card = cart_view.flow_scene.step_items["wait"]
    start = vp(cart_view, card.sceneBoundingRect().center())
    QTest.mousePress(cart_view.viewport(), LEFT, NO_MOD, start)
    QTest.mouseMove(cart_view.viewport(), start + QPoint(100, 100))
    assert card.pos() != QPointF(0, 0)
    QTest.keyClick(cart_view, Qt.Key.Key_Escape)
    QTest.mouseRelease(cart_view.viewport(), LEFT, NO_MOD, start + QPoint(100, 100))
    assert card.pos() == QPointF(0, 0)
    assert document.undo_stack.count() == 0


def test_connecting_a_step_to_itself_or_upstream_is_refused(qtbot, cart_view: FlowView, document: FlowDocument) -> None:  # noqa: ANN001
    before = document.edges()
    with qtbot.waitSignal(cart_view.flow_scene.status_message) as self_edge:
        connect_ports(cart_view, "send_email", "failed", "send_email")
    assert "itself" in self_edge.args[0]
    with qtbot.waitSignal(cart_view.flow_scene.status_message) as loop:
        connect_ports(cart_view, "send_push", "failed", "wait")
    assert "loop" in loop.args[0]
    assert document.edges() == before
    assert document.undo_stack.count() == 0
    # the rubber edge is gone
    assert not [i for i in cart_view.flow_scene.items() if type(i).__name__ == "RubberEdgeItem"]


def test_dropping_a_connection_on_empty_canvas_offers_a_connected_step(cart_view: FlowView, document: FlowDocument) -> None:
    port = cart_view.flow_scene.step_items["send_sms"].output_port("failed").scenePos()
    start = vp(cart_view, port)
    drag(cart_view, start, start + QPoint(60, 80))
    assert document.undo_stack.count() == 0  # nothing until a type is picked
    menu = cart_view.connect_menu
    assert menu is not None and menu.isVisible()
    pick = next(a for a in menu.actions() if a.data() == "notify_team")
    pick.trigger()
    menu.close()
    assert document.step("notify_team").type == "notify_team"
    assert Edge("send_sms", "notify_team", "failed") in document.edges()
    assert document.undo_stack.count() == 1  # step and edge are one undo step
    card = cart_view.flow_scene.step_items["notify_team"]
    assert abs(card.input_anchor().x() - (port.x() + 60)) <= 10
    document.undo_stack.undo()
    assert document.step("notify_team") is None


def test_a_short_drag_from_a_port_to_nowhere_does_nothing(cart_view: FlowView, document: FlowDocument) -> None:
    start = vp(cart_view, cart_view.flow_scene.step_items["send_sms"].output_port("failed").scenePos())
    drag(cart_view, start, start + QPoint(12, 6))
    assert cart_view.connect_menu is None
    assert document.undo_stack.count() == 0


def test_rubber_band_selects_the_cards_it_touches(cart_view: FlowView) -> None:
    scene = cart_view.flow_scene
    # from empty canvas above-left of "wait" to the middle of "condition_2"
    start = vp(cart_view, QPointF(-40, -60))
    end = vp(cart_view, scene.step_items["condition_2"].sceneBoundingRect().center())
    drag(cart_view, start, end)
    assert scene.selected_step_ids() == ["wait", "condition", "wait_2", "condition_2"]
    # a click on empty canvas clears the selection
    QTest.mouseClick(cart_view.viewport(), LEFT, NO_MOD, vp(cart_view, QPointF(-60, 600)))
    assert scene.selected_step_ids() == []


def test_delete_key_removes_the_selection_as_one_command(qtbot, cart_view: FlowView, document: FlowDocument) -> None:  # noqa: ANN001
    cart_view.activateWindow()
    qtbot.waitActive(cart_view)
    cart_view.setFocus()
    before = dumps_flow(document.flow)
    pos = vp(cart_view, cart_view.flow_scene.step_items["condition_2"].sceneBoundingRect().center())
    QTest.mouseClick(cart_view.viewport(), LEFT, NO_MOD, pos)
    QTest.keyClick(cart_view, Qt.Key.Key_Delete)
    assert document.step("condition_2") is None
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert dumps_flow(document.flow) == before


def test_clicking_an_edge_selects_it_and_delete_removes_only_it(cart_view: FlowView, document: FlowDocument) -> None:
    scene = cart_view.flow_scene
    edge = scene.edge_items[Edge("wait", "condition")]
    mid = edge.shape().boundingRect().center()
    point = edge._path.pointAtPercent(0.5)  # noqa: SLF001 - the curve's middle is on the line
    QTest.mouseClick(cart_view.viewport(), LEFT, NO_MOD, vp(cart_view, point))
    assert scene.selected_edges() == [Edge("wait", "condition")], mid
    cart_view.delete_selection()
    assert Edge("wait", "condition") not in document.edges()
    assert document.step("wait") is not None


def test_middle_button_and_space_drag_pan(qtbot, cart_view: FlowView) -> None:  # noqa: ANN001
    h, v = cart_view.horizontalScrollBar(), cart_view.verticalScrollBar()
    x0, y0 = h.value(), v.value()
    drag(cart_view, QPoint(500, 350), QPoint(400, 300), button=Qt.MouseButton.MiddleButton)
    assert (h.value(), v.value()) == (x0 + 100, y0 + 50)
    cart_view.setFocus()
    QTest.keyPress(cart_view, Qt.Key.Key_Space)
    drag(cart_view, QPoint(500, 350), QPoint(560, 350))
    QTest.keyRelease(cart_view, Qt.Key.Key_Space)
    assert h.value() == x0 + 40
    assert cart_view.flow_scene.selected_step_ids() == []  # panning selects nothing


def send_wheel(view: FlowView, at: QPoint, delta: int, pixels: QPoint = QPoint(0, 0), modifiers=NO_MOD) -> None:  # noqa: ANN001
    event = QWheelEvent(QPointF(at), QPointF(view.viewport().mapToGlobal(at)), pixels, QPoint(0, delta),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_wheel_zooms_around_the_mouse_and_is_clamped(cart_view: FlowView) -> None:
    anchor = vp(cart_view, QPointF(300, 200))
    before = cart_view.mapToScene(anchor)

    def wheel(delta: int) -> None:
        send_wheel(cart_view, anchor, delta)

    wheel(120)
    assert cart_view.zoom() > 1.0
    after = cart_view.mapToScene(anchor)
    assert abs(after.x() - before.x()) < 2 and abs(after.y() - before.y()) < 2
    for _ in range(40):
        wheel(120)
    assert cart_view.zoom() == 2.5
    for _ in range(80):
        wheel(-120)
    assert cart_view.zoom() == 0.1


def test_ctrl_wheel_zooms_and_trackpad_scrolling_pans(cart_view: FlowView) -> None:
    centre = QPoint(500, 350)
    send_wheel(cart_view, centre, 120, modifiers=Qt.KeyboardModifier.ControlModifier)
    assert cart_view.zoom() > 1.0
    zoom = cart_view.zoom()
    v = cart_view.verticalScrollBar()
    y0 = v.value()
    send_wheel(cart_view, centre, -60, pixels=QPoint(0, -60))  # a two-finger scroll down
    assert cart_view.zoom() == zoom
    assert v.value() > y0


def test_clicking_the_trigger_asks_for_flow_settings(qtbot, cart_view: FlowView) -> None:  # noqa: ANN001
    trigger = cart_view.flow_scene.trigger_item
    cart_view.centerOn(trigger)
    with qtbot.waitSignal(cart_view.flow_scene.trigger_activated):
        QTest.mouseClick(cart_view.viewport(), LEFT, NO_MOD, vp(cart_view, trigger.sceneBoundingRect().center()))
    assert cart_view.flow_scene.is_trigger_selected()


def test_double_click_activates_a_step(qtbot, cart_view: FlowView) -> None:  # noqa: ANN001
    pos = vp(cart_view, cart_view.flow_scene.step_items["send_sms"].sceneBoundingRect().center())
    with qtbot.waitSignal(cart_view.flow_scene.step_activated) as activated:
        QTest.mouseDClick(cart_view.viewport(), LEFT, NO_MOD, pos)
    assert activated.args == ["send_sms"]


def test_dragging_to_the_edge_scrolls_and_stays_one_command(qtbot, cart_view: FlowView, document: FlowDocument) -> None:  # noqa: ANN001
    h = cart_view.horizontalScrollBar()
    x0 = h.value()
    card = cart_view.flow_scene.step_items["wait"]
    start = vp(cart_view, card.sceneBoundingRect().center())
    edge = QPoint(cart_view.viewport().width() - 3, start.y())
    QTest.mousePress(cart_view.viewport(), LEFT, NO_MOD, start)
    QTest.mouseMove(cart_view.viewport(), start + QPoint(20, 0))
    QTest.mouseMove(cart_view.viewport(), edge)
    qtbot.waitUntil(lambda: h.value() > x0 + 150)
    QTest.mouseRelease(cart_view.viewport(), LEFT, NO_MOD, edge)
    moved = document.step("wait").position[0]
    assert moved > (edge.x() - start.x()) + 150  # the card went further than the mouse did
    assert document.undo_stack.count() == 1
    assert not cart_view._autoscroll.isActive()  # noqa: SLF001


def test_arrow_keys_nudge_the_selection_as_one_undo_step(cart_view: FlowView, document: FlowDocument) -> None:
    cart_view.flow_scene.select_steps(["wait", "condition"])
    cart_view.setFocus()
    for _ in range(3):
        QTest.keyClick(cart_view, Qt.Key.Key_Right)
    QTest.keyClick(cart_view, Qt.Key.Key_Down)
    assert document.step("wait").position == (60.0, 20.0)
    assert document.step("condition").position == (360.0, 20.0)
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.step("wait").position == (0.0, 0.0)


def test_dropping_a_step_on_an_edge_splices_it_in(cart_view: FlowView, document: FlowDocument) -> None:
    edge = cart_view.flow_scene.edge_items[Edge("wait", "condition")]
    on_edge = vp(cart_view, edge._path.pointAtPercent(0.5))  # noqa: SLF001
    mime = step_type_mime("add_tag")
    QApplication.sendEvent(cart_view.viewport(), QDragEnterEvent(on_edge, Qt.DropAction.CopyAction, mime, LEFT, NO_MOD))
    move = QDragMoveEvent(on_edge, Qt.DropAction.CopyAction, mime, LEFT, NO_MOD)
    QApplication.sendEvent(cart_view.viewport(), move)
    assert edge._drop_target  # noqa: SLF001 - the edge lights up before the drop
    drop = QDropEvent(QPointF(on_edge), Qt.DropAction.CopyAction, mime, LEFT, NO_MOD, QEvent.Type.Drop)
    QApplication.sendEvent(cart_view.viewport(), drop)
    assert Edge("wait", "condition") not in document.edges()
    assert Edge("wait", "add_tag") in document.edges() and Edge("add_tag", "condition") in document.edges()
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert dumps_flow(document.flow) == dumps_flow(expected_mouse_flow())
