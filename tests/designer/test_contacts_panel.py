"""The contacts panel: find a contact and see it whole; stuck contacts moved or ended by an operator."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog

from designer.contacts_panel import ContactsPanel
from operator_helpers import bridge, service_of, wait_idle  # noqa: F401 - fixtures
from runtime.clock import UTC, VirtualClock
from runtime.contacts.tags import add_tag, remove_tag
from runtime.engine.runner import Runtime
from tests.runtime.engine_core_helpers import add_contacts, counters_view, enter, flow, install, recount, step

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DOC = flow("Nurture", [
    {**step("wait_day", "wait", duration="P1D"), "name": "Give them a day"},
    step("hello", "send_email", subject="Hello", body="Hi"),
    step("tag", "add_tag", tag="nurtured"),
], [("wait_day", "hello"), ("hello", "tag")])


def populate(service) -> int:  # noqa: ANN001
    project, clock = service.project, VirtualClock(T0)
    flow_id = install(project, DOC, clock)
    cids = add_contacts(project, clock,
                        {"external_id": "u-1", "email": "anna@shop.io", "first_name": "Anna", "last_name": "Petrova",
                         "phone": "+79161234567", "attributes": {"plan": "pro"}, "telegram_status": "blocked"},
                        {"external_id": "u-2", "email": "bob@shop.io", "first_name": "Bob"},
                        {"external_id": "u-3", "email": "cleo@shop.io", "first_name": "Cleo"})
    with project.write() as s:
        add_tag(s, cids[0], "vip", "import", "spent a lot", T0)
        add_tag(s, cids[0], "trial", "import", None, T0)
        remove_tag(s, cids[0], "trial", "operator", "converted", T0 + timedelta(minutes=1))
    enter(project, flow_id, cids, clock)
    runtime = Runtime(project, clock, sandbox=True)
    runtime.run_until(T0, save=False)
    clock.advance(timedelta(hours=30))
    service._clock = clock  # the service's "now" is the project's virtual now
    return flow_id


def make_panel(qtbot, bridge) -> ContactsPanel:  # noqa: ANN001, F811
    bridge.refresh_flows()
    wait_idle(qtbot, bridge)
    panel = ContactsPanel(bridge)
    qtbot.addWidget(panel)
    panel.resize(1200, 760)
    panel.show()
    wait_idle(qtbot, bridge)
    return panel


def plain(label) -> str:  # noqa: ANN001
    """The text a rich-text label shows."""
    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText().replace("\xa0", " ")


def cells(table, column: int) -> list[str]:  # noqa: ANN001
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_find_a_contact_and_see_everything(qtbot, bridge) -> None:  # noqa: F811
    populate(service_of(bridge))
    panel = make_panel(qtbot, bridge)
    with qtbot.waitSignal(panel.contact_loaded):
        panel.search.setText("anna@shop.io")
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    wait_idle(qtbot, bridge)
    view = panel.view
    assert panel.results.count() == 1
    assert view.title.text() == "Anna Petrova" and "u-1" in view.subtitle.text()
    assert view.field_labels["phone"].text() == "+79161234567"
    assert "plan = pro" in view.attributes_label.text()
    assert "vip" in view.tags_label.text() and "trial" not in view.tags_label.text()
    assert cells(view.tag_history, 2) == ["trial", "trial", "vip"]  # newest first, removals kept
    assert "converted" in cells(view.tag_history, 4)
    assert "telegram: blocked" in plain(view.channels_label) and "email: subscribed" in plain(view.channels_label)
    assert cells(view.executions, 0) == ["Nurture"] and cells(view.executions, 1) == ["active"]
    # steps by the name the canvas shows; the id only as the detail (tooltip)
    assert ("Give them a day", "waiting") in zip(cells(view.steps, 2), cells(view.steps, 3))
    assert "wait_day" not in cells(view.steps, 2)
    named = cells(view.steps, 2).index("Give them a day")
    assert view.steps.item(named, 2).toolTip() == "step id wait_day"

    for query, expected in (("u-2", "u-2"), ("916 1234", "u-1"), ("cleo", "u-3")):
        with qtbot.waitSignal(panel.contact_loaded):
            panel.find(query)
        wait_idle(qtbot, bridge)
        assert view.details is not None and view.details.id == expected
    panel.find("nobody-here")
    wait_idle(qtbot, bridge)
    assert panel.results.count() == 0 and panel.search_hint.text() == "No contact matches."


def test_stuck_contacts_move_and_end(qtbot, bridge) -> None:  # noqa: F811
    service = service_of(bridge)
    flow_id = populate(service)
    panel = make_panel(qtbot, bridge)
    stuck = panel.stuck
    panel.tabs.setCurrentWidget(stuck)
    stuck.set_flow(flow_id)
    qtbot.waitUntil(lambda: stuck.step.count() == 3)
    stuck.step.setCurrentIndex(stuck.step.findData("wait_day"))
    stuck.hours.setValue(48)
    with qtbot.waitSignal(panel.stuck_loaded):
        qtbot.mouseClick(stuck.find_button, Qt.MouseButton.LeftButton)
    assert stuck.table.rowCount() == 0 and stuck.empty.isVisible()
    stuck.hours.setValue(24)
    with qtbot.waitSignal(panel.stuck_loaded):
        stuck.find()
    assert cells(stuck.table, 0) == ["u-1", "u-2", "u-3"]
    assert cells(stuck.table, 3) == ["30", "30", "30"]

    # move the first contact on to "hello"
    stuck.table.selectRow(0)
    qtbot.mouseClick(stuck.move_button, Qt.MouseButton.LeftButton)
    dialog = panel.last_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.step.findData("wait_day") < 0  # not where they already are
    dialog.step.setCurrentIndex(dialog.step.findData("hello"))
    dialog.reason.setText("waited long enough")
    with qtbot.waitSignal(panel.stuck_loaded):
        dialog.accept()
    wait_idle(qtbot, bridge)
    assert cells(stuck.table, 0) == ["u-2", "u-3"]
    assert panel.message.text() == "Moved 1 contact to hello."

    # end both others at once
    stuck.table.selectAll()
    qtbot.mouseClick(stuck.end_button, Qt.MouseButton.LeftButton)
    end_dialog = panel.last_dialog
    assert "2 contacts" in end_dialog.findChildren(type(panel.message))[0].text()
    end_dialog.reason.setText("duplicates")
    with qtbot.waitSignal(panel.stuck_loaded):
        end_dialog.accept()
    wait_idle(qtbot, bridge)
    assert stuck.table.rowCount() == 0 and panel.message.text() == "Ended 2 contacts."

    stats = counters_view(service.flow_stats(flow_id))
    assert stats == recount(service.project, flow_id)
    assert stats["flow"]["exited_other"] == 2 and stats["steps"]["hello"]["waiting"] == 1
    assert [a["action"] for a in service.audit_log()] == ["end_execution", "end_execution", "move_to_step"]
    assert service.audit_log()[-1]["detail"]["reason"] == "waited long enough"


def test_operator_actions_from_the_contact_view(qtbot, bridge) -> None:  # noqa: F811
    service = service_of(bridge)
    populate(service)
    panel = make_panel(qtbot, bridge)
    with qtbot.waitSignal(panel.contact_loaded):
        panel.show_contact("u-2")
    view = panel.view
    assert not view.move_button.isEnabled()  # nothing selected yet
    view.executions.selectRow(0)
    assert view.move_button.isEnabled()
    qtbot.mouseClick(view.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.last_dialog is not None and panel.last_dialog.isVisible())
    dialog = panel.last_dialog
    dialog.step.setCurrentIndex(dialog.step.findData("tag"))
    with qtbot.waitSignal(panel.contact_loaded):
        dialog.accept()
    wait_idle(qtbot, bridge)
    assert panel.message.text() == "Moved 1 contact to tag."
    assert ("Give them a day", "moved") in zip(cells(view.steps, 2), cells(view.steps, 3))

    view.executions.selectRow(0)
    qtbot.mouseClick(view.end_button, Qt.MouseButton.LeftButton)
    end_dialog = panel.last_dialog
    with qtbot.waitSignal(panel.contact_loaded):
        end_dialog.accept()
    wait_idle(qtbot, bridge)
    assert cells(view.executions, 1) == ["exited"] and cells(view.executions, 4) == ["operator"]
    assert not view.end_button.isEnabled() or view.selected_execution() is None

    # a cancelled dialog changes nothing
    panel.ask_end([1], "contact u-1").reject()
    wait_idle(qtbot, bridge)
    assert [a["action"] for a in service.audit_log()] == ["end_execution", "move_to_step"]
    assert isinstance(panel.last_dialog, QDialog)


def test_a_stuck_contact_opens_in_the_finder(qtbot, bridge) -> None:  # noqa: F811
    flow_id = populate(service_of(bridge))
    panel = make_panel(qtbot, bridge)
    stuck = panel.stuck
    panel.tabs.setCurrentWidget(stuck)
    stuck.set_flow(flow_id)
    qtbot.waitUntil(lambda: stuck.step.count() == 3)
    with qtbot.waitSignal(panel.stuck_loaded):
        stuck.find()
    item = stuck.table.item(1, 0)
    with qtbot.waitSignal(panel.contact_loaded):
        stuck.table.itemDoubleClicked.emit(item)
    wait_idle(qtbot, bridge)
    assert panel.tabs.currentIndex() == 0 and panel.search.text() == "u-2"
    assert panel.view.details.id == "u-2" and panel.results.currentItem().data(Qt.ItemDataRole.UserRole) == "u-2"
