"""A marketer can read the canvas: fit-to-view on long flows, zoomed-out names, long step names."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage

from designer.canvas.minimap import OverviewWidget
from designer.canvas.scene import FlowScene
from designer.canvas.step_item import LOW_DETAIL, MIN_HEIGHT, StepItem, detail_for_zoom
from designer.canvas.view import READABLE_ZOOM, FlowView
from designer.document import FlowDocument
from designer.screenshot import twelve_step_flow
from runtime.service import Edge, Flow, Step


def shown_view(qtbot, doc: FlowDocument, width: int = 1000, height: int = 700) -> FlowView:  # noqa: ANN001
    view = FlowView(FlowScene(doc))
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def visible_rect(view: FlowView) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_fit_to_view_on_a_long_flow_stays_readable_and_shows_its_start(qtbot) -> None:  # noqa: ANN001
    document = FlowDocument(twelve_step_flow())
    view = shown_view(qtbot, document)
    view.tidy_layout()
    view.set_zoom(1.7)
    view.centerOn(QPointF(5000, 5000))
    view.canvas_actions["fit"].trigger()  # Ctrl+0
    assert view.zoom() >= READABLE_ZOOM >= LOW_DETAIL  # full cards with their texts
    assert detail_for_zoom(view.zoom()) == "full"
    scene = view.flow_scene
    visible = visible_rect(view)
    trigger = scene.trigger_item.sceneBoundingRect()
    flow = scene.steps_bounding_rect()
    # the trigger sits at the left of the view, and the view is centred on the flow's height
    assert visible.contains(trigger)
    assert trigger.left() - visible.left() < 80
    assert abs(visible.center().y() - flow.center().y()) < 2
    # the first steps are readable right away; the rest is further right, to pan to
    for step_id in ("wait_1h", "email_cart", "bought"):
        assert visible.contains(scene.step_items[step_id].sceneBoundingRect())
    assert not visible.contains(scene.step_items["notify"].sceneBoundingRect())
    # the overview still shows the whole flow, with the visible part marked inside it
    overview = OverviewWidget(view)
    qtbot.addWidget(overview)
    overview.resize(240, 160)
    overview.show()
    qtbot.waitExposed(overview)
    assert overview.mapToScene(overview.viewport().rect()).boundingRect().contains(flow)
    assert flow.intersects(overview.visible_scene_rect())


def test_fit_to_view_still_shows_a_short_flow_whole(qtbot) -> None:  # noqa: ANN001
    steps = [Step(f"w{n}", "wait", {"duration": "PT1H"}, (260.0 * n, 100.0 * n)) for n in range(4)]
    edges = [Edge(f"w{n}", f"w{n + 1}") for n in range(3)]
    view = shown_view(qtbot, FlowDocument(Flow(name="short", trigger={"type": "manual"}, steps=steps, edges=edges)))
    view.set_zoom(0.2)
    view.fit_to_view()
    assert READABLE_ZOOM <= view.zoom() < 1.0
    assert visible_rect(view).contains(view.flow_scene.steps_bounding_rect())


def dark_pixels(image: QImage, rect: QRectF) -> int:
    count = 0
    for x in range(int(rect.left()), int(rect.right())):
        for y in range(int(rect.top()), int(rect.bottom())):
            colour = QColor(image.pixel(x, y))
            if max(colour.red(), colour.green(), colour.blue()) < 100:
                count += 1
    return count


def test_zoomed_out_cards_still_show_their_names(qtbot) -> None:  # noqa: ANN001
    """Between 30 % and 50 % a card is a tinted block with its name in big bold letters;
    below 30 % (the overview) only the block."""
    document = FlowDocument(Flow(name="f", steps=[Step("w", "wait", {"duration": "PT1H"}, (0.0, 0.0), name="Wait 1 hour")]))
    view = shown_view(qtbot, document, 600, 400)
    card = view.flow_scene.step_items["w"]
    assert [detail_for_zoom(z) for z in (0.6, 0.5, 0.45, 0.3, 0.25)] == ["full", "full", "name", "name", "block"]

    def text_pixels(zoom: float) -> int:
        view.set_zoom(zoom)
        view.centerOn(card.sceneBoundingRect().center())
        image = view.viewport().grab().toImage()
        body = view.mapFromScene(card.mapToScene(QRectF(40, 6, 190, MIN_HEIGHT - 12))).boundingRect()
        return dark_pixels(image, QRectF(body))

    assert text_pixels(0.4) > 40  # the name, legible
    assert text_pixels(0.35) > 30
    assert text_pixels(0.2) == 0  # a plain block


def test_long_names_wrap_to_two_lines_and_keep_the_card_height(qtbot) -> None:  # noqa: ANN001
    long_name = "Send the cart reminder email to every shopper who left a full cart behind"
    steps = [
        Step("short", "wait", {"duration": "PT1H"}, (0.0, 0.0), name="Wait 1 hour"),
        Step("email", "send_email", {"subject": "Hi", "body": "x"}, (300.0, 0.0), name="Cart reminder email"),
        Step("long", "send_email", {"subject": "Hi", "body": "x"}, (600.0, 0.0), name=long_name),
    ]
    scene = FlowScene(FlowDocument(Flow(name="f", steps=steps)))
    cards: dict[str, StepItem] = scene.step_items
    assert cards["short"].name_lines == ["Wait 1 hour"]
    # next to the "failed" port label the name takes two lines, whole
    assert len(cards["email"].name_lines) == 2
    assert " ".join(cards["email"].name_lines) == "Cart reminder email"
    # a name too long for two lines ends with an ellipsis; the tooltip has it in full
    lines = cards["long"].name_lines
    assert len(lines) == 2 and lines[1].endswith("\u2026") and long_name.startswith(lines[0])
    assert long_name in cards["long"].toolTip()
    assert cards["short"].height() == cards["email"].height() == cards["long"].height() == MIN_HEIGHT
    scene.deleteLater()
