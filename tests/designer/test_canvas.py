"""The canvas follows the document: items appear, change and vanish with commands and undo."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from designer.canvas.clipboard import MIME_TYPE, clipboard_fragment
from designer.canvas.counts_overlay import CountsOverlay, compact
from designer.canvas.edge_item import EdgeItem
from designer.canvas.layout import tidy_layout
from designer.canvas.minimap import OverviewWidget
from designer.canvas.palette import PaletteWidget, step_type_mime
from designer.canvas.scene import FlowScene
from designer.canvas.step_item import StepItem
from designer.canvas.steptypes import ports_of
from designer.canvas.view import MAX_ZOOM, MIN_ZOOM, READABLE_ZOOM, FlowView
from designer.commands import RemoveSelectionCommand, SetFlowAttrCommand, SetStepConfigCommand
from designer.document import FlowDocument
from runtime.service import REGISTRY, Edge, Flow, Step, dumps_flow


def shown_view(qtbot, doc: FlowDocument) -> FlowView:  # noqa: ANN001
    view = FlowView(FlowScene(doc))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_scene_shows_every_step_edge_and_the_trigger(document: FlowDocument, scene: FlowScene, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    assert set(scene.step_items) == set(cart_flow.step_ids())
    assert set(scene.edge_items) == set(cart_flow.edges)
    card = scene.step_items["email_cart"]
    assert card.title == "Send email"
    assert card.summary == "Email: You left something"
    assert card.port_names == ["next", "failed"]
    assert scene.step_items["bought_1"].port_names == ["yes", "no"]
    assert scene.step_items["bought_1"].summary == "If purchase since entry"
    assert scene.step_items["wait_1h"].summary == "Wait 1 h"
    assert card.pos() == QPointF(600, 100)
    assert "cart_add" in scene.trigger_item.text
    # the trigger sits left of the first step
    assert scene.trigger_item.x() + scene.trigger_item.WIDTH < scene.step_items["wait_1h"].x()


def test_items_follow_commands_and_undo(document: FlowDocument, scene: FlowScene, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    document.push(RemoveSelectionCommand(document, ["bought_2"]))
    assert "bought_2" not in scene.step_items
    assert not [e for e in scene.edge_items if "bought_2" in (e.source, e.target)]
    assert all(i.scene() is scene for i in scene.edge_items.values())
    document.undo_stack.undo()
    assert "bought_2" in scene.step_items
    assert set(scene.edge_items) == set(cart_flow.edges)
    edge = scene.edge_items[Edge("bought_2", "push_cart", "no")]
    assert edge.source_item is scene.step_items["bought_2"]


def test_config_change_updates_summary_and_ports(document: FlowDocument, scene: FlowScene) -> None:
    document.set_flow(Flow(name="f", steps=[Step("split", "ab_split", {"groups": [{"name": "a", "share": 50}, {"name": "b", "share": 50}]}, (0, 0))]))
    card = scene.step_items["split"]
    assert card.port_names == ["a", "b"]
    document.push(SetStepConfigCommand(document, "split", {"groups": [{"name": "a", "share": 30}, {"name": "b", "share": 30}, {"name": "c", "share": 40}]}))
    assert card.port_names == ["a", "b", "c"]
    assert card.output_port("c") is not None
    assert card.output_port("c").pos().x() == card.shape().boundingRect().right()  # on the right edge


def test_trigger_card_follows_flow_settings(document: FlowDocument, scene: FlowScene) -> None:
    assert "No trigger" in scene.trigger_item.text
    document.push(SetFlowAttrCommand(document, "trigger", {"type": "tag_added", "tag": "vip"}))
    assert scene.trigger_item.text == "When tag vip is added"


def test_unknown_step_type_still_gets_a_card(document: FlowDocument, scene: FlowScene) -> None:
    document.set_flow(Flow(name="f", steps=[Step("x", "teleport", {}, (0, 0))]))
    card = scene.step_items["x"]
    assert card.title == "Teleport"
    assert card.port_names == ["next"]


def test_steps_without_positions_are_laid_out_without_editing_the_file(document: FlowDocument, scene: FlowScene, cart_flow: Flow) -> None:
    for step in cart_flow.steps:
        step.position = None
    document.set_flow(cart_flow)
    positions = {(i.x(), i.y()) for i in scene.step_items.values()}
    assert len(positions) == len(cart_flow.steps)  # no two cards on top of each other
    assert all(s.position is None for s in document.flow.steps)


def test_problems_paint_steps_red_with_tooltip(document: FlowDocument, scene: FlowScene, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    scene.set_problems({"sms_cart": ["SMS text is empty"]})
    card = scene.step_items["sms_cart"]
    assert card.problems == ["SMS text is empty"]
    assert "SMS text is empty" in card.toolTip()
    scene.set_problems({})
    assert card.problems == [] and "SMS text" not in card.toolTip()


def test_counts_overlay_is_not_part_of_the_document(qtbot, document: FlowDocument, scene: FlowScene, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    before = dumps_flow(document.flow)
    overlay = CountsOverlay(scene)
    overlay.set_counts({"wait_1h": {"entered": 1250, "waiting": 40, "completed": 1210, "failed": 0}})
    badge = overlay.badges["wait_1h"]
    assert badge.parentItem() is scene.step_items["wait_1h"]
    assert overlay.counts_text("wait_1h") == "1.2k in 40 waiting 1.2k done 0 failed"
    assert dumps_flow(document.flow) == before
    assert document.undo_stack.count() == 0 and not document.is_modified()
    # deleting and restoring the step brings the badge back on the new card
    document.push(RemoveSelectionCommand(document, ["wait_1h"]))
    document.undo_stack.undo()
    assert overlay.badges["wait_1h"].parentItem() is scene.step_items["wait_1h"]
    overlay.clear()
    assert overlay.badges == {}


def test_compact_numbers() -> None:
    assert [compact(n) for n in (7, 999, 1000, 1250, 2_500_000)] == ["7", "999", "1k", "1.2k", "2.5M"]


def test_zoom_is_clamped_and_fit_shows_everything(qtbot, document: FlowDocument, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    view = shown_view(qtbot, document)
    view.set_zoom(100)
    assert view.zoom() == MAX_ZOOM
    view.set_zoom(0.0001)
    assert view.zoom() == MIN_ZOOM
    view.fit_to_view()
    # 1000 px are too narrow for the whole flow at a readable zoom: its start is shown
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert view.zoom() == READABLE_ZOOM
    assert visible.contains(view.flow_scene.trigger_item.sceneBoundingRect())
    assert visible.contains(view.flow_scene.step_items["wait_1h"].sceneBoundingRect())
    view.resize(1900, 800)  # wide enough: the whole flow
    view.fit_to_view()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.flow_scene.steps_bounding_rect())
    assert READABLE_ZOOM <= view.zoom() <= 1.0


def test_find_step_selects_and_centres(qtbot, document: FlowDocument, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    view = shown_view(qtbot, document)
    assert view.find_step("sms_cart")
    assert view.flow_scene.selected_step_ids() == ["sms_cart"]
    centre = view.mapToScene(view.viewport().rect().center())
    card = view.flow_scene.step_items["sms_cart"].sceneBoundingRect()
    assert abs(centre.x() - card.center().x()) < 2 and abs(centre.y() - card.center().y()) < 2
    assert not view.find_step("nope")


def test_zoom_to_selection(qtbot, document: FlowDocument, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    view = shown_view(qtbot, document)
    view.flow_scene.select_steps(["wait_1h", "bought_1"])
    view.zoom_to_selection()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.flow_scene.steps_bounding_rect(["wait_1h", "bought_1"]))
    assert view.zoom() > 1.0


def test_actions_carry_standard_shortcuts(view: FlowView) -> None:
    actions = view.canvas_actions
    assert QKeySequence(QKeySequence.StandardKey.Delete) in actions["delete"].shortcuts()
    assert actions["copy"].shortcut() == QKeySequence(QKeySequence.StandardKey.Copy)
    assert actions["paste"].shortcut() == QKeySequence(QKeySequence.StandardKey.Paste)
    assert actions["duplicate"].shortcut() == QKeySequence("Ctrl+D")
    assert actions["fit"].shortcut() == QKeySequence("Ctrl+0")
    assert set(actions) >= {"delete", "copy", "paste", "duplicate", "select_all", "fit", "zoom_selection", "tidy"}
    assert not actions["delete"].isEnabled()  # nothing selected


def test_palette_lists_every_registered_type_grouped(qtbot) -> None:  # noqa: ANN001
    palette = PaletteWidget()
    qtbot.addWidget(palette)
    assert set(palette.type_items) == set(REGISTRY)
    assert list(palette.group_items) == ["messages", "timing", "logic", "contact", "team"]
    assert palette.type_items["send_email"].parent() is palette.group_items["messages"]
    assert not palette.type_items["wait"].icon(0).isNull()
    palette.filter_edit.setText("tag")
    assert sorted(palette.visible_types()) == ["add_tag", "remove_tag"]
    assert palette.group_items["messages"].isHidden()
    with qtbot.waitSignal(palette.step_type_activated) as activated:
        palette.tree.itemActivated.emit(palette.type_items["add_tag"], 0)
    assert activated.args == ["add_tag"]
    mime = palette.tree.mimeData([palette.type_items["wait"]])
    assert bytes(mime.data("application/x-flowcanvas-step-type").data()) == b"wait"


def test_drop_from_palette_adds_one_step(view: FlowView, document: FlowDocument) -> None:
    step_id = view.drop_mime(step_type_mime("send_email"), QPoint(300, 200))
    assert step_id == "send_email"
    step = document.step("send_email")
    assert step.type == "send_email"
    assert step.position[0] % 20 == 0 and step.position[1] % 20 == 0
    assert document.undo_stack.count() == 1
    assert view.flow_scene.selected_step_ids() == ["send_email"]
    assert view.drop_mime(QMimeData(), QPoint(10, 10)) is None


def test_steps_added_at_the_same_spot_do_not_stack(view: FlowView, document: FlowDocument) -> None:
    first = view.add_step_at("wait", QPointF(0, 0))
    second = view.add_step_at("wait", QPointF(0, 0))
    a, b = document.step(first).position, document.step(second).position
    assert a[0] == b[0] and b[1] >= a[1] + 68


def test_copy_paste_between_two_documents(qtbot, cart_flow: Flow) -> None:  # noqa: ANN001
    first = shown_view(qtbot, FlowDocument(cart_flow))
    second_doc = FlowDocument(Flow(name="Second"))
    second = shown_view(qtbot, second_doc)
    first.flow_scene.select_steps(["wait_1h", "bought_1", "email_cart"])
    assert first.copy_selection() == 3
    mime = QApplication.clipboard().mimeData()
    assert mime.hasFormat(MIME_TYPE)
    assert '"format": "flowcanvas/1"' in mime.text()
    pasted = second.paste()
    assert pasted == ["wait_1h", "bought_1", "email_cart"]
    assert second_doc.edges() == [Edge("wait_1h", "bought_1"), Edge("bought_1", "email_cart", "no")]
    assert second_doc.step("email_cart").config == cart_flow.step("email_cart").config
    assert second.flow_scene.selected_step_ids() == pasted
    # pasting again into the same document renames and shifts so nothing overlaps
    again = second.paste()
    assert again == ["wait_1h_2", "bought_2", "email_cart_2"]
    assert second_doc.step("wait_1h_2").position == (40, 40)
    assert second_doc.undo_stack.count() == 2


def test_plain_text_clipboard_is_not_pasted(view: FlowView, document: FlowDocument) -> None:
    QApplication.clipboard().setText("hello")
    assert clipboard_fragment() is None
    assert view.paste() == []
    assert document.undo_stack.count() == 0


def test_duplicate_and_delete_actions(view: FlowView, document: FlowDocument, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    view.flow_scene.select_steps(["wait_23h", "bought_2"])
    view.canvas_actions["duplicate"].trigger()
    assert view.flow_scene.selected_step_ids() == ["wait_23h_2", "bought_4"]
    assert Edge("wait_23h_2", "bought_4") in document.edges()
    view.canvas_actions["delete"].trigger()
    assert document.step("wait_23h_2") is None and document.step("bought_4") is None
    assert dumps_flow(document.flow) == dumps_flow(cart_flow)
    assert document.undo_stack.count() == 2


def test_select_all_and_tidy_layout_action_is_undoable(view: FlowView, document: FlowDocument, cart_flow: Flow) -> None:
    for n, step in enumerate(cart_flow.steps):
        step.position = ((n * 7919) % 1000, (n * 104729) % 900)
    document.set_flow(cart_flow)
    before = {s.id: s.position for s in document.flow.steps}
    view.canvas_actions["select_all"].trigger()
    assert len(view.flow_scene.selected_step_ids()) == 9
    view.canvas_actions["tidy"].trigger()
    assert document.undo_stack.undoText() == "Tidy layout"
    after = {s.id: s.position for s in document.flow.steps}
    xs = [after[s] for s in ("wait_1h", "bought_1", "email_cart", "wait_23h")]
    assert xs[0][0] < xs[1][0] < xs[2][0] < xs[3][0]  # left to right by depth
    assert view.flow_scene.step_items["email_cart"].pos() == QPointF(*after["email_cart"])
    document.undo_stack.undo()
    assert {s.id: s.position for s in document.flow.steps} == before
    assert view.flow_scene.step_items["email_cart"].pos() == QPointF(*before["email_cart"])


def test_tidy_layout_stacks_branches() -> None:
    flow = Flow(
        name="f",
        steps=[Step(i, t) for i, t in [("c", "condition"), ("y", "wait"), ("n", "wait"), ("m", "exit")]],
        edges=[Edge("c", "n", "no"), Edge("c", "y", "yes"), Edge("y", "m"), Edge("n", "m")],
    )
    pos = tidy_layout(flow, lambda s: ports_of(s.type, s.config))
    assert pos["y"][0] == pos["n"][0] > pos["c"][0]
    assert pos["y"][1] < pos["n"][1]  # yes above no, whatever the edge order in the file
    assert pos["m"][0] > pos["y"][0]  # the merge sits right of both branches
    assert pos["c"][1] == (pos["y"][1] + pos["n"][1]) / 2 or pos["c"][1] % 20 == 0
    assert all(v % 20 == 0 for p in pos.values() for v in p)


def test_overview_marks_the_visible_area(qtbot, document: FlowDocument, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    view = shown_view(qtbot, document)
    overview = OverviewWidget(view)
    qtbot.addWidget(overview)
    overview.resize(240, 160)
    overview.show()
    qtbot.waitExposed(overview)
    overview.refit()
    whole = overview.mapToScene(overview.viewport().rect()).boundingRect()
    assert whole.contains(view.flow_scene.steps_bounding_rect())
    target = view.flow_scene.step_items["sms_cart"].sceneBoundingRect().center()
    from PySide6.QtTest import QTest

    QTest.mouseClick(overview.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, overview.mapFromScene(target))
    centre = view.mapToScene(view.viewport().rect().center())
    assert abs(centre.x() - target.x()) < 20 and abs(centre.y() - target.y()) < 20
    assert overview.visible_scene_rect().contains(target)


def test_edges_follow_a_moved_card(document: FlowDocument, scene: FlowScene, cart_flow: Flow) -> None:
    document.set_flow(cart_flow)
    edge: EdgeItem = scene.edge_items[Edge("wait_1h", "bought_1")]
    card: StepItem = scene.step_items["bought_1"]
    card.setPos(card.pos() + QPointF(0, 200))
    assert edge.shape().contains(card.input_anchor() - QPointF(10, 0))
