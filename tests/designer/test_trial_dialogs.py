"""Test with a contact and Rehearse from the editor: the path lit, messages at their times, predictions."""

from __future__ import annotations

from pathlib import Path

from runtime.service import ProjectService
from shell_helpers import open_editor, open_window, service, wait_for
from shell_helpers import no_modal_dialogs  # noqa: F401 - autouse fixture


def _welcome_editor(qtbot, tmp_path: Path):
    """(window, editor) on a new demo project's Welcome flow."""
    project = tmp_path / "p.fcproj"
    with ProjectService.create(project, demo=True) as svc:
        flow_id = {f.name: f.id for f in svc.list_flows()}["Welcome"]
    window = open_window(qtbot, tmp_path, project)
    return window, open_editor(qtbot, window, flow_id)


def test_test_with_a_contact_lights_the_path_and_lists_messages(qtbot, tmp_path: Path) -> None:
    window, editor = _welcome_editor(qtbot, tmp_path)
    editor.test_with_contact()
    dialog = editor.test_dialog
    assert dialog.contact_box.count() > 0 and dialog.event_edit.text() == "signup"
    contact = dialog.contact()
    before = service(window).flow_stats(editor.flow_id).flow
    dialog.run_button.click()
    wait_for(qtbot, lambda: dialog.result is not None, timeout=30000)
    lines = [dialog.messages.item(i).text() for i in range(dialog.messages.count())]
    # the welcome preset: 3 emails over 7 days (the rest get the reminder version of the coupon)
    assert [line.split(" · ")[0] for line in lines] == ["at once", "+2 d", "+7 d"]
    assert "Remember us? 10% off your first order" in lines[2]
    lit = editor.trial_overlay.path
    assert {"welcome_email", "wait_2d", "tips_email", "engaged", "coupon_rest"} <= set(lit)
    assert "coupon_engaged" not in lit and lit["welcome_email"].label.startswith("1 · ")
    assert contact in dialog.status.text() and "reached the end" in dialog.status.text()
    assert service(window).flow_stats(editor.flow_id).flow == before  # nothing happened for real
    window.close()


def test_rehearse_paints_predictions_equal_to_the_service(qtbot, tmp_path: Path) -> None:
    from datetime import timedelta

    project = tmp_path / "p.fcproj"
    people = tmp_path / "people.csv"
    people.write_text("id,email,phone,first_name\n" + "".join(
        f"c{i},c{i}@example.com,+49151123456{i:02d},C{i}\n" for i in range(6)), encoding="utf-8")
    with ProjectService.create(project) as svc:
        svc.import_contacts_csv(people)
        flow_id = svc.create_flow_from_preset("abandoned_cart", activate=True)
        now = svc.clock.now()
        for i in range(6):  # the last 3 days' carts replay over the next 3 days; two of them bought
            svc.record_event(f"c{i}", "cart_add", {"cart_url": "https://shop.example/c"}, now - timedelta(hours=10 * i + 5))
            if i % 3 == 0:
                svc.record_event(f"c{i}", "purchase", {}, now - timedelta(hours=10 * i + 3))
        expected = svc.rehearse(flow_id, 3, 0.2)
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    editor.rehearse()
    dialog = editor.rehearse_dialog
    dialog.days.setValue(3)
    dialog.conversion.setValue(20.0)
    dialog.run_button.click()
    wait_for(qtbot, lambda: dialog.report is not None or dialog.run_button.isEnabled(), timeout=60000)
    assert dialog.report is not None, dialog.totals.text()
    assert dialog.report["totals"] == expected["totals"] and dialog.report["steps"] == expected["steps"]
    badges = editor.trial_overlay.predictions
    email = expected["steps"]["email_cart"]
    assert badges["email_cart"].text.startswith(f"≈ {email['completed'] + email['failed'] + email['skipped']} ")
    assert dialog.table.rowCount() == 3 and expected["totals"]["entered"] > 0 and expected["totals"]["messages"]["email"]
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers[:2] == ["Day", "Entered"] and headers[-2:] == ["Goal exits", "Expected goal exits"]
    assert "Email" in headers and "Held (quiet hours)" in headers and "Skipped (caps)" in headers

    def column(name: str) -> float:
        return sum(float(dialog.table.item(r, headers.index(name)).text()) for r in range(3))

    assert column("Email") == expected["totals"]["messages"]["email"]
    assert column("Held (quiet hours)") == expected["totals"]["held_quiet_hours"]
    # at 20 % conversion: a fifth of the entries are expected to leave by the goal
    assert expected["totals"]["expected_goal_exits"] == round(expected["totals"]["entered"] * 0.2, 1)
    assert f"At 20.0% conversion, expect about {expected['totals']['expected_goal_exits']:g} goal exits" \
        in dialog.totals.text()
    assert "Quiet hours hold" in dialog.totals.text()
    window.close()


def test_test_with_a_contact_names_steps_and_keeps_ids_as_details(qtbot, tmp_path: Path) -> None:
    """The message list and "still waiting at" speak step names; the ids are in the tooltips."""
    window, editor = _welcome_editor(qtbot, tmp_path)
    names = editor.step_names()
    editor.test_with_contact()
    dialog = editor.test_dialog
    dialog.days.setValue(3)  # after the tips on day 2, the contact waits out the 5 days
    dialog.run_button.click()
    wait_for(qtbot, lambda: dialog.result is not None, timeout=30000)
    items = [dialog.messages.item(i) for i in range(dialog.messages.count())]
    assert len(items) == 2
    for item, step in zip(items, ("welcome_email", "tips_email"), strict=True):
        assert f" · {names[step]}: " in item.text() and step not in item.text()
        assert step in item.toolTip()
    status = dialog.status.text()
    assert "2 messages, " in status and f"still waiting at “{names['wait_5d']}”" in status
    assert "wait_5d" not in status and "wait_5d" in dialog.status.toolTip()
    window.close()


def test_a_prediction_never_covers_the_path_mark_of_the_same_card(qtbot, tmp_path: Path) -> None:
    """A card both lit by a test contact and badged by a rehearsal shows both pills, whole."""
    from PySide6.QtGui import QFontMetricsF

    from designer.canvas.step_item import _font
    from designer.trial_dialogs import overlay_of

    window, editor = _welcome_editor(qtbot, tmp_path)
    overlay = overlay_of(editor)
    steps = {"completed": 1234, "failed": 5, "skipped": 0, "waiting_at_end": 321, "held_quiet_hours": 45}
    overlay.show_predictions({"steps": {"welcome_email": steps, "wait_2d": steps}})
    overlay.show_path({"start": "2026-03-02T09:00:00+00:00", "path": [
        {"step": "welcome_email", "outcome": "completed", "at": "2026-03-02T09:00:00+00:00"}]})
    lit, alone = overlay.predictions["welcome_email"], overlay.predictions["wait_2d"]
    assert not lit.pill().intersects(overlay.path["welcome_email"].pill())
    assert alone.pill().top() < lit.pill().top()  # a card without a path mark keeps the first row
    text_width = QFontMetricsF(_font(11, True)).horizontalAdvance(lit.text)
    assert lit.text.startswith("≈ 1239 predicted · 321 wait")
    assert lit.pill().width() > text_width  # the whole text is inside its pill
    overlay.clear()
    window.close()
