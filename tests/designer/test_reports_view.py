"""The Reports view: the scripted week shown in tables and charts, scope and range pickers, hover
values, masked and audited export, the tab in the main window, and the funnel on the stats panel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from designer.reports_view import ReportsViewWidget
from designer.stats_panel import StatsPanel
from operator_helpers import bridge, service_of, wait_idle  # noqa: F401 - fixtures
from runtime.clock import VirtualClock
from runtime.storage.models import Audit
from shell_helpers import make_project, open_window, wait_for
from shell_helpers import no_modal_dialogs  # noqa: F401 - autouse fixture
from tests.runtime.test_report_week import MSK_MON, _week


def _cell(table, row: int, header: str) -> str:  # noqa: ANN001
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return table.item(row, headers.index(header)).text()


def _view(qtbot, bridge) -> tuple[ReportsViewWidget, int]:  # noqa: ANN001, F811
    svc = service_of(bridge)
    clock = VirtualClock(MSK_MON)
    svc.save_report_settings(zone="Europe/Moscow", milestones=["got_analysis", "wrote_birthday"], limits={"sms": 1})
    flow_id = _week(svc.project, clock)
    svc._clock = clock  # the service's "now" is the project's virtual now
    bridge.refresh_flows()
    wait_idle(qtbot, bridge)
    view = ReportsViewWidget(bridge)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.set_range(date(2026, 3, 2), date(2026, 3, 8))
    return view, flow_id


def test_the_week_in_tables_and_charts_with_hover_values(qtbot, bridge) -> None:  # noqa: F811
    view, flow_id = _view(qtbot, bridge)
    daily = view.daily_table
    assert daily.rowCount() == 7
    assert [_cell(daily, 0, h) for h in ("day", "new contacts", "active", "★ got analysis", "purchases")] == [
        "2026-03-02", "3", "3", "3", "1"]
    assert _cell(daily, 1, "inactive sms") == "1" and _cell(daily, 2, "purchases amount") == "250.50"
    assert _cell(daily, 0, "over limit sms") == "yes" and _cell(daily, 1, "over limit sms") == ""
    assert "Europe/Moscow" in view.summary.text() and "5 new" in view.summary.text()
    # hover: the daily chart lists every line's value on the day under the mouse
    text = view.daily_chart.hover_at(1)
    assert text.splitlines()[0] == "2026-03-03"
    assert "new contacts: 1" in text and "inactive: 1" in text and "★ got analysis: 1" in text
    assert view.sent_chart.hover_at(0).splitlines() == ["2026-03-02", "email: 2", "sms: 2", "telegram: 2"]
    steps = view.steps_table
    names = [_cell(steps, r, "name") for r in range(steps.rowCount())]
    assert names == ["sms", "tg", "mail", "got", "hold"]
    assert [_cell(steps, 1, h) for h in ("reached", "sent", "clicked", "replied", "skip: no address")] == [
        "4", "2", "1", "1", "2"]
    funnel = view.funnel_chart.hover_at(2)  # the funnel shows one flow's steps
    assert funnel.splitlines()[0] == "mail" and "Reached: 4" in funnel and "Opened: 1" in funnel
    assert view.funnel_flow == "Welcome"
    assert _cell(view.goals_table, 0, "conversion") == "50.0%"
    # one flow: new contacts are the flow's entries, milestones the tags the flow added
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.set_scope(flow_id)
    assert view.report["scope"] == "flows"
    assert [_cell(view.daily_table, r, "★ wrote birthday") for r in range(3)] == ["0", "0", "0"]
    assert "sms" in view.funnel_chart.hover_at(0)
    # the range presets: the last 30 days up to the chosen end
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.preset.setCurrentIndex(2)
    assert view.daily_table.rowCount() == 30 and view.report["to"] == "2026-03-08"


def test_export_is_masked_and_unmasking_asks_and_is_audited(qtbot, bridge, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    view, _flow_id = _view(qtbot, bridge)
    out = tmp_path / "week.xlsx"
    with qtbot.waitSignal(view.exported, timeout=10000) as done:
        view.export_report("xlsx", str(out))
    assert done.args == [f"Report saved to {out}"]
    ws = load_workbook(out)["daily"]
    header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=header.index("new_contacts") + 1).value == 3
    # contacts who reached the SMS step: masked unless unmasking was confirmed
    masked = tmp_path / "sms.csv"
    with qtbot.waitSignal(view.exported, timeout=10000):
        view.export_contacts("csv", str(masked), "Welcome", "sms")
    text = masked.read_text(encoding="utf-8")
    assert "+7 916 ***-**-67" in text and "+79161234567" not in text and "a***@mail.ru" in text
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Yes)
    view.act_unmask.setChecked(True)
    assert asked == ["Show full contact details?"] and view.unmask_next
    full = tmp_path / "sms-full.csv"
    with qtbot.waitSignal(view.exported, timeout=10000):
        view.export_contacts("csv", str(full), "Welcome", "sms")
    assert "+79161234567" in full.read_text(encoding="utf-8")
    assert not view.unmask_next and not view.act_unmask.isChecked()  # one export only
    with service_of(bridge).project.session() as s:
        [audit] = s.scalars(select(Audit).where(Audit.action == "contacts.unmasked")).all()
    assert audit.actor == "designer" and audit.detail["step"] == "sms" and audit.detail["count"] == 4
    # declining leaves the next export masked
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    view.act_unmask.setChecked(True)
    assert not view.unmask_next and not view.act_unmask.isChecked()


def test_reports_tab_in_the_main_window(qtbot, tmp_path: Path) -> None:
    project = tmp_path / "shop.fcproj"
    make_project(project)
    window = open_window(qtbot, tmp_path, project)
    action = window.reports_tools.act_reports
    assert action.isEnabled()
    action.trigger()
    view = window.reports_tools.view
    assert view is not None and window.tabs.currentWidget() is view
    assert window.tabs.tabText(window.tabs.indexOf(view)) == "Reports"
    wait_for(qtbot, lambda: view.report.get("daily"))
    assert len(view.report["daily"]) == 7
    window.close_project()
    assert window.reports_tools.view is None and not action.isEnabled()
    window.close()


def test_stats_panel_shows_the_step_funnel(qtbot) -> None:
    panel = StatsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_step_names({"sms": "Welcome SMS", "mail": "Email"})
    panel.set_funnel([{"step": "sms", "reached": 4, "sent": 3, "opened": 0, "clicked": 0},
                      {"step": "mail", "reached": 4, "sent": 2, "opened": 1, "clicked": 1},
                      {"step": "never", "reached": 0, "sent": 0}])
    assert panel.funnel.isVisible()
    assert panel.funnel.labels == ["Welcome SMS", "Email"]  # steps nobody reached are left out
    assert panel.funnel.hover_at(1).splitlines() == ["Email", "Reached: 4", "Sent: 2", "Opened: 1", "Clicked: 1"]
    panel.clear()
    assert not panel.funnel.isVisible()
