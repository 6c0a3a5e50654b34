"""The live canvas: cards repaint at once on every model change and counts update (no zoom needed),
edges show how many contacts took them, clicking a count asks for the contacts behind it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from designer.canvas.counts_overlay import CountsOverlay
from designer.canvas.view import FlowView
from designer.canvas.scene import FlowScene
from designer.commands import RemoveSelectionCommand, RenameStepCommand, SetStepConfigCommand
from designer.document import FlowDocument
from runtime.service import Edge, Flow, Step


def _flow() -> Flow:
    flow = Flow(name="Live")
    flow.steps.append(Step(id="wait", type="wait", config={"duration": "PT1H"}, position=(0.0, 0.0)))
    flow.steps.append(Step(id="mail", type="send_email", config={"subject": "Hi", "body": "Hello"},
                           position=(340.0, 0.0)))
    flow.edges.append(Edge("wait", "mail"))
    return flow


def _card_pixels(view: FlowView, step_id: str) -> QImage:
    """What the user sees of one card and its count strip, as painted through the view's caches."""
    QApplication.processEvents()
    item = view.flow_scene.step_items[step_id]
    rect = item.sceneBoundingRect().adjusted(-4, -30, 4, 4)  # the count strip sits above the card
    area = view.mapFromScene(rect).boundingRect().intersected(QRect(0, 0, view.viewport().width(),
                                                                     view.viewport().height()))
    return view.viewport().grab(area).toImage()


def test_card_pixels_change_after_an_edit_an_undo_and_a_counts_update_without_zoom(qtbot) -> None:  # noqa: ANN001
    document = FlowDocument(_flow())
    view = FlowView(FlowScene(document))
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    overlay = CountsOverlay(view.flow_scene)
    zoom = view.zoom()
    before = _card_pixels(view, "wait")

    document.push(SetStepConfigCommand(document, "wait", {"duration": "P3D"}))
    edited = _card_pixels(view, "wait")
    assert edited != before  # the summary line changed from 1 hour to 3 days

    document.undo_stack.undo()
    assert _card_pixels(view, "wait") == before

    document.push(RenameStepCommand(document, "wait", "Cool-off period"))
    renamed = _card_pixels(view, "wait")
    assert renamed != before

    overlay.set_counts({"wait": {"entered": 5, "waiting": 5, "completed": 0, "failed": 0}})
    counted = _card_pixels(view, "wait")
    assert counted != renamed
    overlay.set_counts({"wait": {"entered": 9, "waiting": 3, "completed": 6, "failed": 0}})
    assert _card_pixels(view, "wait") != counted

    view.flow_scene.step_items["wait"].setSelected(True)  # selection shows at once too
    selected = _card_pixels(view, "wait")
    view.flow_scene.step_items["wait"].setSelected(False)
    assert selected != _card_pixels(view, "wait")
    view.flow_scene.set_problems({"mail": ["Subject is empty"]})
    assert view.zoom() == zoom  # nothing above needed a zoom to show
    view.flow_scene.set_document(None)


def test_edges_show_how_many_contacts_took_them_and_counts_are_clickable(qtbot) -> None:  # noqa: ANN001
    document = FlowDocument(_flow())
    view = FlowView(FlowScene(document))
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    overlay = CountsOverlay(view.flow_scene)
    edge_item = next(iter(view.flow_scene.edge_items.values()))
    overlay.set_counts({"wait": {"entered": 12, "waiting": 4, "completed": 8, "failed": 0}}, {"wait": {"next": 8}})
    assert overlay.edge_count("wait") == 8
    label = edge_item.count_item
    assert label is not None and label.isVisible() and label.value == 8
    # the number sits on the curve and follows it when the card moves
    assert edge_item.shape().contains(label.pos()) or edge_item.boundingRect().contains(label.pos())
    before = label.pos()
    view.flow_scene.step_items["mail"].setPos(340, 200)
    assert label.pos() != before
    # undo of a deleted edge: the recreated line gets its number back at once
    document.push(RemoveSelectionCommand(document, [], [edge_item.edge]))
    document.undo_stack.undo()
    recreated = next(iter(view.flow_scene.edge_items.values()))
    assert recreated.count_item is not None and recreated.count_item.value == 8

    # a click on a count names the step and which count
    badge = overlay.badges["wait"]
    first_pill = badge.mapToScene(QPointF(6, 10))
    assert overlay.hit(first_pill) == ("wait", "entered")
    view.flow_scene.set_document(None)


def test_cards_repaint_in_the_designer_window_with_its_overview(qtbot, tmp_path) -> None:  # noqa: ANN001
    """The editor's canvas shares its scene with the overview map: a counts update, an edit, a
    selection and an undo must all show on the canvas at once, without a zoom."""
    from shell_helpers import make_project, open_editor, open_window

    path = tmp_path / "cards.fcproj"
    (flow_id,) = make_project(path, [_flow()])
    window = open_window(qtbot, tmp_path, path)
    editor = open_editor(qtbot, window, flow_id)
    view = editor.view
    qtbot.waitUntil(lambda: window.overviews.currentWidget() is not None)
    editor.counts.set_counts({"wait": {"entered": 5, "waiting": 5, "completed": 0, "failed": 0}})
    zoom = view.zoom()
    for step in range(3):  # let both views paint (and cache) the card a few times
        window.repaint()
    try:
        first = _card_pixels(view, "wait")
        editor.counts.set_counts({"wait": {"entered": 5, "waiting": 1, "completed": 4, "failed": 0}})
        window.repaint()
        counted = _card_pixels(view, "wait")
        assert counted != first
        editor.document.push(SetStepConfigCommand(editor.document, "wait", {"duration": "P3D"}))
        window.repaint()
        edited = _card_pixels(view, "wait")
        assert edited != counted
        editor.document.undo_stack.undo()
        window.repaint()
        assert _card_pixels(view, "wait") == counted
        editor.scene.step_items["wait"].setSelected(True)
        window.repaint()
        assert _card_pixels(view, "wait") != counted
        assert view.zoom() == zoom
    finally:
        editor.document.undo_stack.setClean()  # nothing to save when the window closes
