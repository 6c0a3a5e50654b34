"""The Tags view and the contacts browser: counts stay right through rename, merge, delete and a
bulk clear of 1,000 contacts; Cyrillic search; a GUI import shows its rejected lines."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QLabel

from designer.contacts_browser import ContactsBrowser
from designer.tags_view import TagsView
from operator_helpers import bridge, service_of, wait_idle  # noqa: F401 - fixtures
from runtime.storage.models import TagLog


def shown_counts(view: TagsView) -> dict[str, int]:
    table = view.table
    return {table.item(r, 0).text(): int(table.item(r, 1).text().replace(",", "")) for r in range(table.rowCount())}


def make_view(qtbot, bridge) -> TagsView:  # noqa: ANN001, F811
    bridge.refresh_flows()
    wait_idle(qtbot, bridge)
    view = TagsView(bridge)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    wait_idle(qtbot, bridge)
    return view


def import_csv(bridge, tmp_path: Path, text: str) -> dict:  # noqa: ANN001, F811
    path = tmp_path / "contacts.csv"
    path.write_text(text, encoding="utf-8")
    return service_of(bridge).import_contacts(path)


def accept(qtbot, view, reason: str = "") -> None:  # noqa: ANN001
    dialog = view.last_dialog
    assert dialog is not None and dialog.isVisible()
    if reason and hasattr(dialog, "reason"):
        dialog.reason.setText(reason)
    dialog.accept()
    wait_idle(qtbot, view.bridge)


def test_rename_merge_delete_keep_the_counts_right(qtbot, bridge, tmp_path: Path) -> None:  # noqa: F811
    import_csv(bridge, tmp_path, "id,tags\nc1,lead;newsletter\nc2,lead\nc3,lead;vip\nc4,vip\n")
    view = make_view(qtbot, bridge)
    assert shown_counts(view) == {"lead": 3, "newsletter": 1, "vip": 2}
    view.select_tag("lead")
    dialog = view.ask_edit()
    dialog.name.setText("prospect")
    assert "3 contacts" in dialog.note.text()
    dialog.color.setCurrentIndex(dialog.color.findData("#2e90fa"))
    accept(qtbot, view, "clearer name")
    assert shown_counts(view) == {"newsletter": 1, "prospect": 3, "vip": 2}
    assert service_of(bridge).list_tags()[1]["color"] == "#2e90fa"
    view.select_tag("prospect")
    merge = view.ask_merge()
    merge.target.setCurrentText("vip")
    accept(qtbot, view, "one list")
    assert shown_counts(view) == {"newsletter": 1, "vip": 4}
    view.select_tag("vip")
    view.ask_delete()
    qtbot.waitUntil(lambda: view.last_dialog is not None, timeout=10000)  # after the impact check
    confirm = view.last_dialog
    assert confirm.objectName() == "DeleteTagDialog"
    assert "4 contacts" in confirm.buttons.buttons()[0].text() + confirm.buttons.buttons()[1].text()
    accept(qtbot, view, "retired")
    assert shown_counts(view) == {"newsletter": 1}
    assert "Deleted tag vip from 4 contacts" in view.message.text()


def test_bulk_clear_on_1000_contacts_is_one_confirmation(qtbot, bridge, tmp_path: Path) -> None:  # noqa: F811
    import_csv(bridge, tmp_path, "id,tags\n" + "".join(f"m{i:04d},promo\n" for i in range(1000)))
    view = make_view(qtbot, bridge)
    view.bulk_action.setCurrentIndex(view.bulk_action.findData("remove"))
    view.bulk_tag.setCurrentText("promo")
    view.source.setCurrentIndex(view.source.findData("where"))
    view.where_edit.setText('{"tag": "promo"}')
    opened: list[QDialog] = []
    view.apply_button.click()
    qtbot.waitUntil(lambda: view.last_dialog is not None, timeout=10000)  # after the count
    opened.append(view.last_dialog)
    assert view.last_dialog.objectName() == "BulkTagDialog"
    assert "1,000 contacts" in view.last_dialog.ok_button.text()
    accept(qtbot, view, "campaign over")
    assert len({id(d) for d in opened}) == 1  # one confirmation for all of them
    assert shown_counts(view) == {"promo": 0}
    assert "Removed promo from 1,000 of 1,000" in view.message.text()
    with service_of(bridge).project.session() as session:
        rows = session.query(TagLog).filter_by(action="remove", tag="promo").all()
        assert len(rows) == 1000 and len({r.contact_id for r in rows}) == 1000
        assert {r.reason for r in rows} == {"campaign over"}


def test_browser_finds_cyrillic_pages_and_hands_its_filter_to_tags(qtbot, bridge, tmp_path: Path) -> None:  # noqa: F811
    rows = "".join(f"p{i:03d},Пётр,Сидоров,\n" for i in range(60))
    import_csv(bridge, tmp_path, "id,first_name,last_name,tags\nc1,Светлана,Иванова,vip\n" + rows)
    browser = ContactsBrowser(bridge)
    qtbot.addWidget(browser)
    browser.resize(1300, 600)
    with qtbot.waitSignal(browser.page_loaded):
        browser.show()
    assert browser.count_label.text() == "1–50 of 61 contacts"
    with qtbot.waitSignal(browser.page_loaded):
        browser.next_button.click()
    assert browser.count_label.text() == "51–61 of 61 contacts"
    for query in ("светлана", "СВЕТ"):
        browser.text.setText(query)
        with qtbot.waitSignal(browser.page_loaded):
            browser.find_button.click()
        assert [r.id for r in browser.rows] == ["c1"]
    view = make_view(qtbot, bridge)
    view.use_filter(browser.spec(), browser.describe())
    view.bulk_tag.setCurrentText("found")
    view.apply_button.click()
    qtbot.waitUntil(lambda: view.last_dialog is not None, timeout=10000)
    assert "1 contact" in view.last_dialog.ok_button.text()
    accept(qtbot, view)
    assert shown_counts(view)["found"] == 1


def test_gui_import_shows_line_numbered_rejections(qtbot, bridge, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "people.csv"
    path.write_text("id,email,phone\nc1,a@example.com,+79161234567\nc2,not-an-email,\n,b@example.com,\n",
                    encoding="utf-8")
    browser = ContactsBrowser(bridge)
    qtbot.addWidget(browser)
    browser.import_file(str(path))
    wait_idle(qtbot, bridge)
    report = browser.last_dialog
    assert report.objectName() == "ImportReportDialog"
    assert "1 created" in report.summary.text() and "2 rejected" in report.summary.text()
    lines = [report.table.item(r, 0).text() for r in range(report.table.rowCount())]
    reasons = [report.table.item(r, 1).text() for r in range(report.table.rowCount())]
    assert lines == ["3", "4"] and "email" in reasons[0] and "id is empty" in reasons[1]


def test_add_and_edit_a_contact_by_hand(qtbot, bridge) -> None:  # noqa: F811
    browser = ContactsBrowser(bridge)
    qtbot.addWidget(browser)
    dialog = browser.ask_edit(None)
    dialog.external_id.setText("n1")
    dialog.edits["first_name"].setText("Ёлка")
    dialog.edits["email"].setText("not an email")
    dialog.buttons.accepted.emit()
    wait_idle(qtbot, bridge)
    assert dialog.isVisible() and "email" in dialog.error.text()  # nothing saved, the form stays open
    dialog.edits["email"].setText("elka@example.com")
    dialog.statuses["sms"].setCurrentText("blocked")
    with qtbot.waitSignal(dialog.accepted):  # closes once the runtime saved it
        dialog.buttons.accepted.emit()
    wait_idle(qtbot, bridge)
    details = service_of(bridge).contact_details("n1")
    assert (details.first_name, details.email, details.channels["sms"]) == ("Ёлка", "elka@example.com", "blocked")
    assert [h["id"] for h in service_of(bridge).find_contacts("ЁЛКА")] == ["n1"]


def test_bulk_confirmation_counts_only_contacts_that_change(qtbot, bridge, tmp_path: Path) -> None:  # noqa: F811
    import_csv(bridge, tmp_path, "id,tags\nc1,lead\nc2,\nc3,\n")
    view = make_view(qtbot, bridge)
    view.source.setCurrentIndex(view.source.findData("ids"))
    view.ids_edit.setText("c1, c2 c3")
    view.bulk_tag.setCurrentText("lead")
    view.apply_button.click()  # add: c1 has it already
    qtbot.waitUntil(lambda: view.last_dialog is not None, timeout=10000)
    assert view.last_dialog.ok_button.text() == "Add to 2 contacts"
    assert "The other 1 already have it" in view.last_dialog.findChild(QLabel, "BulkTagText").text()
    view.last_dialog.reject()
    view.bulk_action.setCurrentIndex(view.bulk_action.findData("remove"))
    view.ids_edit.setText("c2 c3")
    with qtbot.waitSignal(view.action_done):
        view.apply_button.click()
    assert view.last_dialog is None
    assert view.message.text() == "Nothing to change: none of the 2 selected contacts has tag lead."
