"""The column-mapping step of the contacts browser's "Import CSV…"."""

from __future__ import annotations

from pathlib import Path

from designer.contacts_browser import ContactsBrowser, ImportReportDialog
from designer.import_mapping import ATTRIBUTE, ImportMappingDialog
from operator_helpers import bridge, service_of, wait_idle  # noqa: F401 - fixtures

RUSSIAN = "id,имя,телефон,город\nc1,Анна,+7 916 123-45-67,Казань\nc2,Борис,телефона нет,Тверь\n"


def open_mapping(qtbot, bridge, tmp_path: Path, text: str) -> tuple[ContactsBrowser, ImportMappingDialog]:  # noqa: ANN001, F811
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    browser = ContactsBrowser(bridge)
    qtbot.addWidget(browser)
    browser.ask_mapping(str(path))
    wait_idle(qtbot, bridge)
    dialog = browser.last_dialog
    assert isinstance(dialog, ImportMappingDialog) and dialog.isVisible()
    return browser, dialog


def chosen(dialog: ImportMappingDialog) -> dict[str, str]:
    return {name: combo.currentText() for name, combo in dialog.combos.items()}


def test_russian_headers_are_mapped_and_imported(qtbot, bridge, tmp_path: Path) -> None:  # noqa: F811
    browser, dialog = open_mapping(qtbot, bridge, tmp_path, RUSSIAN)
    assert chosen(dialog) == {"id": "id", "имя": "first_name", "телефон": "phone", "город": ATTRIBUTE}
    dialog.ok_button.click()
    wait_idle(qtbot, bridge)
    report = browser.last_dialog
    assert isinstance(report, ImportReportDialog)
    assert "1 created" in report.summary.text() and "1 rejected" in report.summary.text()
    assert report.table.item(0, 0).text() == "3" and "phone" in report.table.item(0, 1).text()
    details = service_of(bridge).contact_details("c1")
    assert (details.first_name, details.phone) == ("Анна", "+79161234567")
    assert details.attributes == {"город": "Казань"}


def test_a_changed_choice_is_the_one_imported(qtbot, bridge, tmp_path: Path) -> None:  # noqa: F811
    text = "Код;Фамилия;E-mail;Почта\nk1;Петрова;p@example.com;old@example.com\n"  # Excel's semicolons
    browser, dialog = open_mapping(qtbot, bridge, tmp_path, text)
    assert chosen(dialog) == {"Код": ATTRIBUTE, "Фамилия": "last_name", "E-mail": "email", "Почта": "email"}
    assert not dialog.ok_button.isEnabled() and "email" in dialog.problem.text()
    dialog.combos["Почта"].setCurrentText(ATTRIBUTE)
    assert not dialog.ok_button.isEnabled() and "id" in dialog.problem.text()
    dialog.combos["Код"].setCurrentText("id")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    wait_idle(qtbot, bridge)
    details = service_of(bridge).contact_details("k1")
    assert (details.last_name, details.email) == ("Петрова", "p@example.com")
    assert details.attributes == {"Почта": "old@example.com"}


def test_cancel_imports_nothing(qtbot, bridge, tmp_path: Path) -> None:  # noqa: F811
    browser, dialog = open_mapping(qtbot, bridge, tmp_path, RUSSIAN)
    dialog.buttons.rejected.emit()
    wait_idle(qtbot, bridge)
    assert not dialog.isVisible() and browser.last_dialog is dialog  # no report: nothing ran
    assert service_of(bridge).browse_contacts().total == 0
