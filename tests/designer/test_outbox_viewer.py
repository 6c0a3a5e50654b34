"""The outbox viewer: rows after a sandbox run, filters, the rendered content, review decisions."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select, update

from designer.outbox_viewer import COLUMN, OutboxViewerWidget, status_label
from operator_helpers import bridge, service_of, wait_idle  # noqa: F401 - fixtures
from runtime.clock import UTC, VirtualClock
from runtime.engine.runner import Runtime
from runtime.storage.models import Outbox, Token
from tests.runtime.engine_core_helpers import add_contacts, enter, flow, install, step

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def populate(service) -> dict[str, int]:  # noqa: ANN001
    """Three welcome emails sent in sandbox mode, then a Telegram message queued for real."""
    project, clock = service.project, VirtualClock(T0)
    welcome = install(project, flow("Welcome", [
        {**step("hello", "send_email", subject="Welcome, {{ contact.first_name }}!", body="<p>Glad you joined.</p>"),
         "name": "Say hello"}],
        []), clock)
    ping = install(project, flow("Ping", [step("tg", "send_telegram", text="Your cart misses you")], []), clock)
    cids = add_contacts(project, clock, *[{"external_id": f"c{i}", "email": f"c{i}@shop.io", "first_name": f"Ann{i}",
                                           "telegram_chat_id": f"10{i}"} for i in range(4)])
    enter(project, welcome, cids[:3], clock)
    Runtime(project, clock, sandbox=True).run_until(T0, save=False)
    clock.advance(timedelta(minutes=5))
    enter(project, ping, cids[3:], clock)
    Runtime(project, clock, sandbox=False).run_until(clock.now(), save=False)
    return {"welcome": welcome, "ping": ping}


def make_viewer(qtbot, bridge) -> OutboxViewerWidget:  # noqa: ANN001, F811
    bridge.refresh_flows()
    wait_idle(qtbot, bridge)
    viewer = OutboxViewerWidget(bridge)
    qtbot.addWidget(viewer)
    viewer.resize(1200, 600)
    with qtbot.waitSignal(viewer.loaded):
        viewer.show()
    return viewer


def shown(viewer: OutboxViewerWidget, name: str) -> list[str]:
    """The texts of one column, top to bottom."""
    model, column = viewer.model, COLUMN[name]
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def reload(qtbot, viewer: OutboxViewerWidget, **filters) -> None:  # noqa: ANN001
    with qtbot.waitSignal(viewer.loaded):
        viewer.set_filters(**filters)


def test_rows_appear_after_a_sandbox_run(qtbot, bridge) -> None:  # noqa: F811
    ids = populate(service_of(bridge))
    viewer = make_viewer(qtbot, bridge)
    assert viewer.table.isVisible() and not viewer.empty.isVisible()
    assert shown(viewer, "contact") == ["c3", "c2", "c1", "c0"]  # newest first
    assert shown(viewer, "status") == ["Queued", "Sandbox", "Sandbox", "Sandbox"]
    assert shown(viewer, "preview")[1] == "Welcome, Ann2!"
    assert viewer.count_label.text() == "1–4 of 4 messages"
    assert viewer.flow_filter.findData(ids["welcome"]) > 0
    # the step as the canvas names it (its name, else its card's summary); the id only in the tooltip
    steps = shown(viewer, "step")
    assert steps[1:] == ["Say hello"] * 3 and steps[0] != "tg"
    model = viewer.model
    assert model.data(model.index(1, COLUMN["step"]), Qt.ItemDataRole.ToolTipRole) == "step id hello"

    viewer.table.selectRow(3)
    assert viewer.detail_title.text() == "Email to c0"
    assert viewer.detail_status.text() == "Sandbox"
    assert "Welcome › Say hello" in viewer.detail_meta.text() and "step id hello" in viewer.detail_meta.text()
    text = viewer.content.toPlainText()
    assert "Welcome, Ann0!" in text and "Glad you joined." in text and "c0@shop.io" in text
    assert not viewer.review_box.isVisible()


def test_filters_by_flow_channel_and_status(qtbot, bridge) -> None:  # noqa: F811
    ids = populate(service_of(bridge))
    viewer = make_viewer(qtbot, bridge)
    reload(qtbot, viewer, flow_id=ids["ping"])
    assert shown(viewer, "contact") == ["c3"]
    reload(qtbot, viewer, channel="email")
    assert shown(viewer, "channel") == ["email"] * 3
    reload(qtbot, viewer, status="sandbox", contact="c1")
    assert shown(viewer, "contact") == ["c1"]
    reload(qtbot, viewer, flow_id=ids["welcome"], channel="telegram")
    assert viewer.model.rowCount() == 0 and viewer.empty.isVisible()
    assert viewer.empty.text() == "No messages match these filters."
    # the combo boxes drive the same filters
    reload(qtbot, viewer)
    with qtbot.waitSignal(viewer.loaded):
        viewer.status_filter.setCurrentIndex(viewer.status_filter.findData("queued"))
    assert shown(viewer, "status") == [status_label("queued")]


def test_resolving_a_review_row_moves_the_contact_on(qtbot, bridge) -> None:  # noqa: F811
    service = service_of(bridge)
    populate(service)
    with service.project.write() as s:  # what the dispatcher does when a send was interrupted mid-way
        row_id = s.execute(select(Outbox.id).where(Outbox.channel == "telegram")).scalar_one()
        s.execute(update(Outbox).where(Outbox.id == row_id).values(status="review", reason="interrupted while sending"))
    viewer = make_viewer(qtbot, bridge)
    reload(qtbot, viewer, status="review")
    assert shown(viewer, "note") == ["interrupted while sending"]
    viewer.table.selectRow(0)
    assert viewer.review_box.isVisible()
    assert "interrupted while sending" in viewer.detail_note.text()

    with qtbot.waitSignal(viewer.loaded):
        qtbot.mouseClick(viewer.review_buttons["sent"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, bridge)
    assert viewer.model.rowCount() == 0  # nothing left to review
    with service.project.session() as s:
        row = s.get(Outbox, row_id)
        assert row.status == "sent"
        token = s.execute(select(Token).where(Token.execution_id == row.execution_id)).scalar_one()
        assert token.data["resume_port"] == "next"  # the waiting contact moves on at the next tick
    assert service.audit_log()[0]["action"] == "outbox_resolve"

    reload(qtbot, viewer, status="sent")
    viewer.table.selectRow(0)
    assert viewer.detail_status.text() == "Sent" and not viewer.review_box.isVisible()


def test_empty_outbox_says_so(qtbot, bridge) -> None:  # noqa: F811
    viewer = make_viewer(qtbot, bridge)
    assert viewer.empty.isVisible() and "No messages yet" in viewer.empty.text()
    assert viewer.detail_title.text() == "Select a message"


def test_project_menu_opens_outbox_and_contacts_tabs(qtbot, tmp_path) -> None:  # noqa: ANN001
    from designer.contacts_panel import ContactsPanel
    from runtime.service import ProjectService
    from shell_helpers import open_window, wait_idle as window_idle

    path = tmp_path / "shop.fcproj"
    with ProjectService.create(path) as service:
        populate(service)
    window = open_window(qtbot, tmp_path, path)
    tools = window.operator_tools
    project_menu = window.menus["Project"]
    assert {tools.act_outbox, tools.act_contacts} <= set(project_menu.actions())
    assert tools.act_outbox.isEnabled()

    with qtbot.waitSignal(tools.outbox.loaded if tools.outbox else window.tabs.currentChanged):
        tools.act_outbox.trigger()
    viewer = tools.outbox
    assert window.tabs.currentWidget() is viewer and window.tabs.tabText(window.tabs.currentIndex()) == "Outbox"
    qtbot.waitUntil(lambda: viewer.model.rowCount() == 4)
    tools.act_contacts.trigger()
    assert isinstance(window.tabs.currentWidget(), ContactsPanel)
    window_idle(qtbot, window)
    assert tools.contacts.stuck.flow.count() == 2  # Ping and Welcome from the flow list

    window.tabs.tabCloseRequested.emit(window.tabs.indexOf(viewer))
    assert window.tabs.indexOf(viewer) < 0
    tools.act_outbox.trigger()  # comes back with its filters
    assert window.tabs.currentWidget() is viewer
    window_idle(qtbot, window)

    assert window.close_project()
    assert tools.outbox is None and tools.contacts is None
    assert not tools.act_outbox.isEnabled() and not tools.act_contacts.isEnabled()
