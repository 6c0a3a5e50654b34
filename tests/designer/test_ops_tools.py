"""Tags, Notifications and the live demo switch in the main window."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from runtime.clock import UTC, VirtualClock
from runtime.service import ProjectService
from shell_helpers import open_window, service, wait_for, wait_idle
from tests.runtime.channel_helpers import add_outbox

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_notifications_show_unread_counts_and_open_the_contact(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "n.fcproj"
    csv = tmp_path / "c.csv"
    csv.write_text("id,first_name,email\nc1,Анна,a@example.com\n", encoding="utf-8")
    with ProjectService.create(path, clock=VirtualClock(T0)) as svc:
        svc.import_contacts(csv)
        from runtime.contacts.lookup import get_contact

        with svc.project.write() as session:
            contact = get_contact(session, "c1")
            add_outbox(session, contact, "team", {"text": "Big order from Анна"}, "t1", T0, status="sent")
            add_outbox(session, contact, "email", {"subject": "x"}, "e1", T0 + timedelta(minutes=1),
                       status="failed", error="550 mailbox unavailable")
    window = open_window(qtbot, tmp_path, path)
    tools = window.ops_tools
    wait_for(qtbot, lambda: tools.act_notifications.text() == "Notifications (2)")
    panel = tools.show_notifications()
    wait_idle(qtbot, window)
    assert window.tabs.currentWidget() is panel
    assert panel.chips["team"].text() == "1 team note unread" and panel.chips["error"].isVisibleTo(panel)
    texts = [panel.table.item(r, 4).text() for r in range(panel.table.rowCount())]
    assert texts == ["email message failed: 550 mailbox unavailable", "Big order from Анна"]
    panel.table.itemDoubleClicked.emit(panel.table.item(1, 0))
    contacts = window.operator_tools.contacts
    wait_for(qtbot, lambda: contacts.view.details is not None and contacts.view.details.id == "c1")
    assert window.tabs.currentWidget() is contacts
    panel.mark_button.click()
    wait_for(qtbot, lambda: tools.act_notifications.text() == "Notifications")


def test_demo_project_offers_the_live_switch_and_tags_open(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "demo.fcproj"
    with ProjectService.create(path, demo=True, clock=VirtualClock(T0)):
        pass
    window = open_window(qtbot, tmp_path, path)
    tools = window.ops_tools
    wait_for(qtbot, lambda: tools.act_demo.isVisible())
    assert tools.act_demo.isChecked()
    tools.act_demo.trigger()
    wait_idle(qtbot, window)
    assert service(window).get_setting("demo:live") is False
    # the contacts browser's "Tag these…" opens the Tags view (never opened yet) with its filter
    contacts = window.operator_tools.show_contacts()
    contacts.browser.tag.setCurrentText("vip")
    contacts.browser.tag_button.click()
    view = tools.tags
    assert view is not None and window.tabs.currentWidget() is view
    assert view.source.currentData() == "filter" and "tag vip" in view.filter_label.text()
    wait_for(qtbot, lambda: view.table.rowCount() > 0)
    counts = {view.table.item(r, 0).text(): view.table.item(r, 1).text() for r in range(view.table.rowCount())}
    assert counts == {t["name"]: f"{t['contacts']:,}" for t in service(window).list_tags()}
