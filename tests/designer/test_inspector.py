"""The inspector: forms from the registry, every edit an undoable command, pickers from the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtTest import QTest

from designer.document import FlowDocument
from designer.inspector import InspectorPanel, ProjectCatalog
from designer.inspector.condition import ConditionEditor
from designer.inspector.fields import DurationEditor, WeekdaysEditor
from designer.inspector.lists import ABGroupsEditor, ButtonsEditor, ChannelListEditor
from designer.inspector.template import TemplateEditor
from runtime.service import Edge, Flow, ProjectService, Step

from shell_helpers import click_step, open_editor, open_window, wait_for
from shell_helpers import no_modal_dialogs  # noqa: F401 - autouse fixture


def make_flow() -> Flow:
    return Flow(
        name="Cart",
        trigger={"type": "event", "event": "cart_add"},
        steps=[
            Step("wait_1h", "wait", {"duration": "PT1H"}, (0, 0)),
            Step("bought", "condition", {"if": {"event": "purchase", "since": "entry"}}, (300, 0)),
            Step("split", "ab_split", {"groups": [{"name": "a", "share": 50}, {"name": "b", "share": 50}]}, (600, 0)),
            Step("email", "send_email", {"subject": "Hi", "body": "Hello {{ contact.first_name }}"}, (900, 0)),
            Step("tg", "send_telegram", {"text": "Hi"}, (900, 200)),
            Step("smart", "smart_send", {"channels": ["email", "sms"],
                                         "content": {"email": {"subject": "S", "body": "B"}, "sms": {"text": "T"}}},
                 (1200, 0)),
        ],
        edges=[Edge("wait_1h", "bought"), Edge("bought", "split", "no"), Edge("split", "email", "a"),
               Edge("split", "tg", "b")],
    )


@pytest.fixture
def catalog(qapp) -> ProjectCatalog:
    cat = ProjectCatalog(None)
    cat.fields = ["email", "first_name", "total_orders", "last_activity_at"]
    cat.tags = ["vip", "newsletter"]
    cat.events = ["cart_add", "purchase", "signup"]
    return cat


@pytest.fixture
def panel(qtbot, catalog: ProjectCatalog) -> tuple[InspectorPanel, FlowDocument]:
    document = FlowDocument(make_flow())
    inspector = InspectorPanel(catalog)
    qtbot.addWidget(inspector)
    inspector.resize(420, 800)
    inspector.show()
    inspector.set_document(document)
    return inspector, document


def editor_of(inspector: InspectorPanel, key: str):  # noqa: ANN201
    assert inspector.step_form is not None
    return inspector.step_form.editors[key]


def test_wait_duration_edit_is_one_undo_step(panel) -> None:
    inspector, document = panel
    inspector.show_step("wait_1h")
    duration: DurationEditor = editor_of(inspector, "duration")
    assert (duration.spin.value(), duration.unit.currentData()) == (1, "H")
    # typing "12" is two keystrokes, merged into one command
    duration.spin.selectAll()
    QTest.keyClicks(duration.spin, "12")
    assert document.step("wait_1h").config == {"duration": "PT12H"}
    duration.unit.setCurrentIndex(duration.unit.findData("D"))
    assert document.step("wait_1h").config == {"duration": "P12D"}
    document.undo_stack.undo()
    assert document.step("wait_1h").config == {"duration": "PT12H"}
    assert (duration.spin.value(), duration.unit.currentData()) == (12, "H")  # the form follows undo
    document.undo_stack.undo()
    assert document.step("wait_1h").config == {"duration": "PT1H"}
    assert duration.spin.value() == 1
    assert not document.undo_stack.canUndo()


def test_wait_modes_switch_between_duration_time_and_event(panel) -> None:
    inspector, document = panel
    inspector.show_step("wait_1h")
    form = inspector.step_form
    form.mode_buttons["until"].click()
    assert document.step("wait_1h").config == {"until": {"time": "09:00"}}
    label, cell = form.rows["duration"]
    assert cell.isHidden() and not form.rows["until.time"][1].isHidden()
    # keeping a reply belongs to waiting for an event: not offered for a time of day
    assert form.rows["save_reply.field"][1].isHidden() and form.rows["save_reply.as"][1].isHidden()
    editor_of(inspector, "until.time").time.setTime(QTime(18, 30))
    days: WeekdaysEditor = editor_of(inspector, "until.weekdays")
    days.boxes[0].setChecked(True)
    days.boxes[4].setChecked(True)
    assert document.step("wait_1h").config == {"until": {"time": "18:30", "weekdays": [1, 5]}}
    form.mode_buttons["event"].click()
    config = document.step("wait_1h").config
    assert config["event"] == "cart_add" and config["timeout"] == "P3D" and "until" not in config
    assert not form.rows["save_reply.field"][1].isHidden()


def test_condition_builder_edit_and_undo(panel) -> None:
    inspector, document = panel
    inspector.show_step("bought")
    builder: ConditionEditor = editor_of(inspector, "if")
    [rule] = builder.rules()
    assert rule.kind.currentData() == "event" and rule.subject.currentText() == "purchase"
    original = dict(document.step("bought").config)

    # the pickers list the project's real names
    assert [rule.subject.itemText(i) for i in range(rule.subject.count())] == ["cart_add", "purchase", "signup"]
    # add a tag rule and switch the group to "any"
    builder.root.add_rule_button.click()
    new_rule = builder.rules()[1]
    new_rule.kind.setCurrentIndex(new_rule.kind.findData("tag"))
    assert [new_rule.subject.itemText(i) for i in range(new_rule.subject.count())] == ["vip", "newsletter"]
    new_rule.subject.setCurrentIndex(0)
    new_rule.subject.activated.emit(0)
    builder.root.mode.setCurrentIndex(builder.root.mode.findData("any"))
    assert document.step("bought").config == {"if": {"any": [{"event": "purchase", "since": "entry"}, {"tag": "vip"}]}}
    assert "vip" in builder.summary.text()

    # a nested group with a field rule
    group = builder.root.add_group(emit=True)
    field_rule = group.rules()[0]
    field_rule.subject.setEditText("total_orders")
    field_rule.subject.lineEdit().textEdited.emit("total_orders")
    field_rule.op.setCurrentIndex(field_rule.op.findData(">"))
    QTest.keyClicks(field_rule.value, "3")
    cond = document.step("bought").config["if"]
    assert cond["any"][2] == {"any": [{"field": "total_orders", "op": ">", "value": 3}]}

    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert document.step("bought").config == original
    assert len(builder.rules()) == 1  # the form shows the restored condition


def test_ab_shares_must_sum_to_100(panel) -> None:
    inspector, document = panel
    inspector.show_step("split")
    ab: ABGroupsEditor = editor_of(inspector, "groups")
    before = document.step("split").config
    ab.set_shares([60, 30])
    assert ab.sum_label.text() == "Total 90 %"
    assert ab.sum_label.property("role") == "error"
    error = inspector.step_form.errors["groups"]
    assert error.isVisibleTo(inspector) and "100" in error.text()
    assert document.step("split").config == before  # refused: nothing stored
    ab.set_shares([60, 40])
    assert ab.sum_label.property("role") == "ok"
    assert not error.isVisibleTo(inspector)
    assert document.step("split").config == {"groups": [{"name": "a", "share": 60}, {"name": "b", "share": 40}]}
    ab.add_button.click()  # a third group with 0 % keeps the sum at 100
    ab.split_evenly()
    assert [g["share"] for g in document.step("split").config["groups"]] == [34, 33, 33]
    assert len(document.step("split").config["groups"]) == 3


def test_template_variables_and_preview(panel) -> None:
    inspector, document = panel
    inspector.show_step("email")
    body: TemplateEditor = editor_of(inspector, "body")
    assert "contact.total_orders" in body.variables()
    body.edit.moveCursor(body.edit.textCursor().MoveOperation.End)
    body.insert_variable("contact.total_orders")
    assert document.step("email").config["body"] == "Hello {{ contact.first_name }}{{ contact.total_orders }}"
    body._context = {"first_name": "Ada", "total_orders": 4}
    assert body.render_preview() == "Hello Ada4"
    assert body.preview.text() == "Hello Ada4"
    body.edit.setPlainText("Hello {{ contact.first_name ")
    body.render_preview()
    assert body.problem.isVisibleTo(inspector) and "line 1" in body.problem.text()


def test_telegram_buttons_and_channel_priority(panel) -> None:
    inspector, document = panel
    inspector.show_step("tg")
    buttons: ButtonsEditor = editor_of(inspector, "buttons")
    buttons.add_row(("1", "Open shop", "https://shop.example"))
    buttons.add_row(("2", "Not now", "later"))
    buttons.table.item(0, 1).setText("Open the shop")
    assert document.step("tg").config["buttons"] == [[{"text": "Open the shop", "url": "https://shop.example"}],
                                                     [{"text": "Not now", "data": "later"}]]
    inspector.show_step("smart")
    channels: ChannelListEditor = editor_of(inspector, "channels")
    assert channels.order()[:2] == ["email", "sms"]
    channels.list.setCurrentRow(1)
    channels.move_current(-1)
    assert document.step("smart").config["channels"] == ["sms", "email"]
    channels.list.item(2).setCheckState(Qt.CheckState.Checked)  # telegram
    assert document.step("smart").config["channels"] == ["sms", "email", "telegram"]


def test_step_name_and_flow_settings(panel) -> None:
    inspector, document = panel
    inspector.show_step("email")
    QTest.keyClicks(inspector.name_edit, "Welcome")
    assert document.step("email").name == "Welcome"
    assert document.undo_stack.count() == 1  # seven keystrokes, one command

    inspector.show_flow_settings()
    form = inspector.settings_form
    form.trigger_type.setCurrentIndex(form.trigger_type.findData("tag_added"))
    form.t_tag.setEditText("vip")
    assert document.flow.trigger == {"type": "tag_added", "tag": "vip"}
    form.goal_kind.setCurrentIndex(form.goal_kind.findData("event"))
    form.goal_event.combo.setEditText("purchase")
    form.goal_event.combo.lineEdit().textEdited.emit("purchase")
    form.goal_within.spin.setValue(7)
    form.goal_within.unit.setCurrentIndex(form.goal_within.unit.findData("D"))
    assert document.flow.goal == {"event": "purchase", "within": "P7D"}
    form.repeat.setCurrentIndex(form.repeat.findData("cooldown"))
    assert document.flow.entry == {"repeat": "P30D"}
    form.quiet_on.setChecked(True)
    form.cap_day.setValue(2)
    assert document.flow.settings == {"quiet_hours": "21:00-08:00", "caps": {"per_day": 2}}
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert document.flow.trigger == {"type": "event", "event": "cart_add"}
    assert document.flow.goal is None and document.flow.entry == {} and document.flow.settings == {}
    assert form.trigger_type.currentData() == "event"


def test_inspector_in_the_window_follows_the_canvas_and_lists_real_project_names(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "demo.fcproj"
    with ProjectService.create(project, demo=True) as svc:
        flow_id = svc.create_flow(make_flow())
        tags, events = svc.tag_names(), svc.event_names()
    assert tags and events
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    wait_for(qtbot, lambda: window.catalog.events == events)
    editor.view.fit_to_view()
    click_step(editor.view, "bought")
    assert window.inspector.step_id == "bought"
    builder = window.inspector.step_form.editors["if"]
    rule = builder.rules()[0]
    assert [rule.subject.itemText(i) for i in range(rule.subject.count())] == events
    body_step = "email"
    click_step(editor.view, body_step)
    body = window.inspector.step_form.editors["body"]
    wait_for(qtbot, lambda: body.preview_as.count() > 1)
    wait_for(qtbot, lambda: body._context)  # a real contact's fields
    assert body.render_preview().startswith("Hello ")
    assert body._context.get("first_name") in body.render_preview()
    window.close()


def test_every_step_type_gets_a_form_and_list_editors_store_their_values(qtbot, catalog) -> None:
    from runtime.service import REGISTRY

    steps = [Step(f"s_{name}", name, t.default_config(), (0, i * 150)) for i, (name, t) in enumerate(REGISTRY.items())]
    document = FlowDocument(Flow(name="All types", steps=steps))
    inspector = InspectorPanel(catalog)
    qtbot.addWidget(inspector)
    inspector.resize(420, 800)
    inspector.show()
    inspector.set_document(document)
    for step in steps:
        inspector.show_step(step.id)
        form = inspector.step_form
        assert set(form.editors) == {f.key for f in REGISTRY[step.type].fields}
        assert document.step(step.id).config == step.config  # showing a form changes nothing
    assert not document.undo_stack.canUndo()

    inspector.show_step("s_update_contact")
    before = dict(document.step("s_update_contact").config.get("set") or {})
    values = inspector.step_form.editors["set"]
    values.add_row(("plan", "gold"))
    values.table.item(values.table.rowCount() - 1, 1).setText("platinum")
    increments = inspector.step_form.editors["increment"]
    increments.add_row(("visits", "1"))
    increments.table.item(increments.table.rowCount() - 1, 1).setText("2")
    config = document.step("s_update_contact").config
    assert config["set"] == {**before, "plan": "platinum"}
    assert config["increment"]["visits"] == 2

    inspector.show_step("s_leave_flows")
    flows = inspector.step_form.editors["flows"]
    flows.some.setChecked(True)
    assert document.step("s_leave_flows").config == {"flows": []}
    flows.all.setChecked(True)
    assert document.step("s_leave_flows").config == {"flows": "all"}

    inspector.show_step("s_send_whatsapp")
    wa = inspector.step_form.editors["template"]
    QTest.keyClicks(wa.name, "cart_reminder")
    QTest.keyClicks(wa.params, "{{ contact.first_name }}, 10%")
    assert document.step("s_send_whatsapp").config["template"] == {
        "name": "cart_reminder", "language": "en", "params": ["{{ contact.first_name }}", "10%"]}

    inspector.show_step("s_channel_switch")
    rules = inspector.step_form.editors["rules"]
    rules.add_button.click()
    assert [r["port"] for r in document.step("s_channel_switch").config["rules"]] == ["telegram", "rule2"]

    inspector.show_step("s_smart_send")
    content = inspector.step_form.editors["content"]
    sms_text = content.editors["sms"]["text"]
    sms_text.edit.setPlainText("Hi {{ contact.first_name }}!")
    assert document.step("s_smart_send").config["content"]["sms"] == {"text": "Hi {{ contact.first_name }}!"}


def test_pickers_fill_in_when_the_project_names_arrive_later(panel, catalog) -> None:
    inspector, document = panel
    catalog.events = []
    inspector.show_step("bought")
    rule = inspector.step_form.editors["if"].rules()[0]
    assert rule.subject.count() == 0 and rule.subject.currentText() == "purchase"
    catalog.events = ["cart_add", "purchase", "signup"]
    catalog.changed.emit()  # what ProjectCatalog does when its background load finishes
    assert [rule.subject.itemText(i) for i in range(rule.subject.count())] == catalog.events
    assert rule.subject.currentText() == "purchase"
    inspector.show_flow_settings()
    catalog.events = ["cart_add", "purchase", "signup", "refund"]
    catalog.changed.emit()
    combo = inspector.settings_form.t_event.combo
    assert combo.findText("refund") >= 0 and combo.currentText() == "cart_add"
    assert not document.undo_stack.canUndo()  # refreshing pickers is not an edit


def test_message_trigger_offers_the_event_filter(panel) -> None:
    inspector, document = panel
    inspector.show_flow_settings()
    form = inspector.settings_form
    form.trigger_type.setCurrentIndex(form.trigger_type.findData("message"))
    form.t_text.setText("lesson")
    form.t_text.textEdited.emit("lesson")
    assert not form.t_filter_on.isHidden()
    form.t_filter.set_value({"tag": "paid"})
    form.t_filter_on.setChecked(True)
    assert document.flow.trigger["filter"] == {"tag": "paid"}
    assert document.flow.trigger["text"] == "lesson"


def test_join_mode_is_chosen_in_the_inspector_and_shown_on_the_card(qtbot) -> None:
    from designer.canvas.scene import FlowScene
    from designer.document import FlowDocument
    from designer.inspector.catalog import ProjectCatalog
    from designer.inspector.panel import InspectorPanel
    from runtime.service import Edge, Flow, Step

    flow = Flow(name="Merge", steps=[Step("a", "add_tag", {"tag": "a"}), Step("b", "add_tag", {"tag": "b"}, name="SMS"),
                                     Step("c", "send_email", {"subject": "s", "body": "b"})],
                edges=[Edge("a", "c"), Edge("b", "c")])
    document = FlowDocument(flow)
    scene = FlowScene(document)
    inspector = InspectorPanel(ProjectCatalog())
    qtbot.addWidget(inspector)
    inspector.set_document(document)
    scene.flush()
    assert scene.step_items["c"].join_label == "join: first"
    inspector.show_step("c")
    assert not inspector.join_row.join_combo.isHidden()
    inspector.join_row.join_combo.setCurrentIndex(inspector.join_row.join_combo.findData("all"))
    assert document.step("c").join == "all"
    assert scene.step_items["c"].join_label == "join: all"
    inspector.show_step("b")
    assert inspector.join_row.join_combo.isHidden() and not inspector.join_row.start_check.isHidden()
    inspector.join_row.start_check.setChecked(True)
    assert document.step("b").start is True and scene.step_items["b"].join_label == "start"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.step("c").join is None and document.step("b").start is False
