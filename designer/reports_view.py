"""The Reports view: daily table, per-step funnel, goals and A/B, with charts and export.

A tab next to the flow board. The top bar picks the scope (the project or one flow), the date
range (presets or two calendars) and exports (CSV, XLSX, JSON of the report; CSV/XLSX of the
contacts behind the selected step). Exports are masked; "Show full phone numbers and emails"
unmasks the next export after a confirmation, and the runtime records it in the audit log.
Data comes from ``ProjectService.report`` through the bridge, in the background.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer import widgets
from designer.flow_layout import FlowLayout
from designer.i18n import tr_label
from designer.report_charts import BarChartWidget, DailyChartWidget
from runtime.service import FlowStatus

PRESETS = ((QT_TRANSLATE_NOOP("labels", "Last 7 days"), 7), (QT_TRANSLATE_NOOP("labels", "Last 14 days"), 14),
        (QT_TRANSLATE_NOOP("labels", "Last 30 days"), 30), (QT_TRANSLATE_NOOP("labels", "Last 90 days"), 90),
                (QT_TRANSLATE_NOOP("labels", "Custom"), 0))
DAILY_LINES = ("new_contacts", "active", "inactive", "purchases")
FUNNEL_BARS = (("reached", QT_TRANSLATE_NOOP("labels", "Reached")), ("sent", QT_TRANSLATE_NOOP("labels", "Sent")), ("opened",
        QT_TRANSLATE_NOOP("labels", "Opened")), ("clicked", QT_TRANSLATE_NOOP("labels", "Clicked")),
               ("failed", QT_TRANSLATE_NOOP("labels", "Failed")), ("skipped", QT_TRANSLATE_NOOP("labels", "Skipped")))
STEP_COLUMNS = ("flow", "name", "type", "reached", "sent", "delivered", "opened", "clicked", "replied", "failed",
                "skipped", "skipped.cap", "skipped.quiet_hours", "skipped.no_address", "skipped.unsubscribed",
                "waiting_now")
GOAL_COLUMNS = ("flow", "goal", "within", "version", "entered", "converted", "conversion")
AB_COLUMNS = ("flow", "step", "group", "size", "converted", "conversion", "lift", "p_value", "prob_beat_control",
              "significant")
PERCENT = {"conversion", "lift", "prob_beat_control", "open_rate", "click_rate", "passed", "drop"}


#: column key -> its header
COLUMN_TITLES = {
    "day": QT_TRANSLATE_NOOP("labels", "day"),
    "new_contacts": QT_TRANSLATE_NOOP("labels", "new contacts"),
    "active": QT_TRANSLATE_NOOP("labels", "active"),
    "inactive": QT_TRANSLATE_NOOP("labels", "inactive"),
    "purchases": QT_TRANSLATE_NOOP("labels", "purchases"),
    "purchases_amount": QT_TRANSLATE_NOOP("labels", "purchases amount"),
    "purchases_new": QT_TRANSLATE_NOOP("labels", "purchases new"),
    "purchases_new_amount": QT_TRANSLATE_NOOP("labels", "purchases new amount"),
    "flow": QT_TRANSLATE_NOOP("labels", "flow"),
    "name": QT_TRANSLATE_NOOP("labels", "name"),
    "type": QT_TRANSLATE_NOOP("labels", "type"),
    "reached": QT_TRANSLATE_NOOP("labels", "reached"),
    "sent": QT_TRANSLATE_NOOP("labels", "sent"),
    "delivered": QT_TRANSLATE_NOOP("labels", "delivered"),
    "opened": QT_TRANSLATE_NOOP("labels", "opened"),
    "clicked": QT_TRANSLATE_NOOP("labels", "clicked"),
    "replied": QT_TRANSLATE_NOOP("labels", "replied"),
    "failed": QT_TRANSLATE_NOOP("labels", "failed"),
    "skipped": QT_TRANSLATE_NOOP("labels", "skipped"),
    "skipped.cap": QT_TRANSLATE_NOOP("labels", "skip: cap"),
    "skipped.quiet_hours": QT_TRANSLATE_NOOP("labels", "skip: quiet hours"),
    "skipped.no_address": QT_TRANSLATE_NOOP("labels", "skip: no address"),
    "skipped.unsubscribed": QT_TRANSLATE_NOOP("labels", "skip: unsubscribed"),
    "waiting_now": QT_TRANSLATE_NOOP("labels", "waiting now"),
    "goal": QT_TRANSLATE_NOOP("labels", "goal"),
    "within": QT_TRANSLATE_NOOP("labels", "within"),
    "version": QT_TRANSLATE_NOOP("labels", "version"),
    "entered": QT_TRANSLATE_NOOP("labels", "entries"),
    "converted": QT_TRANSLATE_NOOP("labels", "converted"),
    "conversion": QT_TRANSLATE_NOOP("labels", "conversion"),
    "step": QT_TRANSLATE_NOOP("labels", "step"),
    "group": QT_TRANSLATE_NOOP("labels", "group"),
    "size": QT_TRANSLATE_NOOP("labels", "size"),
    "lift": QT_TRANSLATE_NOOP("labels", "lift"),
    "p_value": QT_TRANSLATE_NOOP("labels", "p value"),
    "prob_beat_control": QT_TRANSLATE_NOOP("labels", "prob beat control"),
    "significant": QT_TRANSLATE_NOOP("labels", "significant"),
    "open_rate": QT_TRANSLATE_NOOP("labels", "open rate"),
    "click_rate": QT_TRANSLATE_NOOP("labels", "click rate"),
    "passed": QT_TRANSLATE_NOOP("labels", "passed"),
    "drop": QT_TRANSLATE_NOOP("labels", "drop"),
}


def _title(key: str) -> str:
    if key in COLUMN_TITLES:
        return tr_label(COLUMN_TITLES[key])
    if key.startswith("sent."):  # messages sent on one channel
        return QCoreApplication.translate("labels", "sent {channel}").format(channel=key.removeprefix("sent."))
    if key.startswith("inactive."):  # contacts gone quiet on one channel
        return QCoreApplication.translate("labels", "inactive {channel}").format(channel=key.removeprefix("inactive."))
    if key.startswith("skipped."):
        return QCoreApplication.translate("labels", "skip: {reason}").format(
            reason=key.removeprefix("skipped.").replace("_", " "))
    return key.replace("skipped.", "skip: ").replace("milestone.", "★ ").replace("_", " ").replace(".", " ")


def fill_table(table: QTableWidget, columns: list[str], rows: list[dict[str, Any]]) -> None:
    """Show ``rows`` (dicts) in ``table`` under ``columns``: numbers right-aligned, zeros grey."""
    table.clear()
    table.setColumnCount(len(columns))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels([_title(c) for c in columns])
    for r, row in enumerate(rows):
        for c, key in enumerate(columns):
            value = row.get(key)
            if isinstance(value, bool):
                text = "yes" if value else ""
            elif isinstance(value, float) and key in PERCENT:
                text = f"{value:+.1%}" if key == "lift" else f"{value:.1%}"
            elif key == "p_value" and isinstance(value, float):
                text = f"{value:.4f}"
            elif isinstance(value, float):
                text = f"{value:,.2f}"
            elif isinstance(value, int):
                text = f"{value:,}"
            else:
                text = "" if value is None else str(value)
            item = QTableWidgetItem(text)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not value:
                    item.setForeground(QColor("#a3a9b3"))
            if key.startswith("over_limit") and value:
                item.setForeground(QColor("#b42318"))
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for c in range(len(columns)):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(c, min(max(table.columnWidth(c), 56), 220))


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setDefaultSectionSize(24)
    return table


def _group(*parts: QWidget) -> QWidget:
    """Widgets kept side by side on one row of a wrapping bar."""
    group = QWidget()
    row = QHBoxLayout(group)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for part in parts:
        row.addWidget(part)
    return group


class ReportsViewWidget(QWidget):
    """The report of the open project (see the module docstring)."""

    loaded = Signal(object)  # the report dict, after it is shown
    exported = Signal(str)  # a status line after an export

    def __init__(self, bridge: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReportsView")
        self.bridge = bridge
        self.report: dict[str, Any] = {}
        self.funnel_flow: str | None = None  # the flow whose steps the funnel chart shows
        self.unmask_next = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addWidget(self._make_bar())
        self.summary = QLabel("")
        self.summary.setObjectName("ReportSummary")
        self.summary.setProperty("role", "hint")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.pages = QTabWidget()
        self.pages.setObjectName("ReportPages")
        self.pages.setDocumentMode(True)
        layout.addWidget(self.pages, 1)
        self.daily_chart = DailyChartWidget(self.tr("Contacts per day"))
        self.daily_chart.setObjectName("DailyChart")
        self.sent_chart = DailyChartWidget(self.tr("Messages sent per day"))
        self.sent_chart.setObjectName("SentChart")
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.daily_chart)
        charts.addWidget(self.sent_chart)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 2)
        self.daily_table = _table("DailyTable")
        self.pages.addTab(self._split(charts, self.daily_table), self.tr("Daily"))
        self.funnel_chart = BarChartWidget(self.tr("Per-step funnel"))
        self.funnel_chart.setObjectName("FunnelChart")
        self.steps_table = _table("StepsTable")
        self.steps_table.itemSelectionChanged.connect(self._step_row_picked)
        self.pages.addTab(self._split(self.funnel_chart, self.steps_table), self.tr("Steps"))
        self.ab_chart = BarChartWidget(self.tr("A/B: conversion to the goal"))
        self.ab_chart.setObjectName("AbChart")
        ab_tables = QWidget()
        box = QVBoxLayout(ab_tables)
        box.setContentsMargins(0, 0, 0, 0)
        self.goals_table = _table("GoalsTable")
        self.ab_table = _table("AbTable")
        for table in (self.goals_table, self.ab_table):
            table.setMinimumHeight(50)  # two tables under a chart still fit a laptop screen at 150 %
        box.addWidget(QLabel(self.tr("Goals per flow version")))
        box.addWidget(self.goals_table, 1)
        box.addWidget(widgets.label(self.tr("A/B groups against the first (control) group")))  # wraps when narrow
        box.addWidget(self.ab_table, 2)
        self.pages.addTab(self._split(self.ab_chart, ab_tables), self.tr("Goals and A/B"))
        self._fill_flows()

    # -- layout ------------------------------------------------------------------------------------

    def _split(self, chart: QWidget, below: QWidget) -> QSplitter:
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(chart)
        split.addWidget(below)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        chart.setMinimumHeight(100)
        return split

    def _make_bar(self) -> QWidget:
        """Scope, range, dates, Refresh and Export: one row that wraps on a small screen."""
        holder = QWidget()
        bar = FlowLayout(holder, spacing=12)
        self.scope = QComboBox()
        self.scope.setObjectName("ReportScope")
        self.scope.setMinimumWidth(180)
        self.preset = QComboBox()
        self.preset.setObjectName("ReportPreset")
        for label, days in ((tr_label(t), d) for t, d in PRESETS):
            self.preset.addItem(label, days)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-6))
        self.date_to = QDateEdit(today)
        for edit, name in ((self.date_from, "ReportFrom"), (self.date_to, "ReportTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._dates_edited)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("ReportRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QToolButton()
        self.export_button.setObjectName("ReportExport")
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for fmt in ("csv", "xlsx", "json"):
            menu.addAction(self.tr("Report as {v0}…").format(v0=fmt.upper()), lambda f=fmt: self.ask_export_report(f))
        menu.addSeparator()
        for fmt in ("csv", "xlsx"):
            menu.addAction(self.tr("Contacts of the selected step as {v0}…").format(v0=fmt.upper()),
                    lambda f=fmt: self.ask_export_contacts(f))
        menu.addSeparator()
        self.act_unmask = menu.addAction(self.tr("Show full phone numbers and emails in the next export"))
        self.act_unmask.setCheckable(True)
        self.act_unmask.toggled.connect(self._unmask_toggled)
        self.export_button.setMenu(menu)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        # a caption stays on the row of its field when the bar wraps
        for label, widget in ((self.tr("Scope"), self.scope), (self.tr("Range"), self.preset)):
            caption = QLabel(label)
            caption.setProperty("role", "hint")
            bar.addWidget(_group(caption, widget))
        bar.addWidget(_group(self.date_from, QLabel("–"), self.date_to))
        bar.addWidget(_group(self.refresh_button, self.export_button))
        return holder

    def _fill_flows(self) -> None:
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("Whole project"), None)
        for flow in sorted(self.bridge.flows, key=lambda f: f.name.lower()):
            if getattr(flow, "status", "") != FlowStatus.ARCHIVED:
                self.scope.addItem(flow.name, flow.id)
        self.scope.blockSignals(False)

    # -- range and scope -----------------------------------------------------------------------------

    def _preset_chosen(self, _index: int) -> None:
        days = int(self.preset.currentData() or 0)
        if not days:
            return
        end = self.date_to.date()
        self.date_from.blockSignals(True)
        self.date_from.setDate(end.addDays(-(days - 1)))
        self.date_from.blockSignals(False)
        self.refresh()

    def _dates_edited(self, _d: QDate) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(len(PRESETS) - 1)  # Custom
        self.preset.blockSignals(False)
        self.refresh()

    def set_range(self, start: date, end: date) -> None:
        """Show local days ``start..end`` (as the calendars would)."""
        for edit, day in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self._dates_edited(self.date_to.date())

    def set_scope(self, flow_id: int | None) -> None:
        """Report on one flow (None: the whole project)."""
        index = self.scope.findData(flow_id)
        self.scope.setCurrentIndex(max(0, index))

    def range(self) -> tuple[date, date]:
        start, end = self.date_from.date(), self.date_to.date()
        return date(start.year(), start.month(), start.day()), date(end.year(), end.month(), end.day())

    def flows(self) -> list[int] | None:
        flow_id = self.scope.currentData()
        return None if flow_id is None else [int(flow_id)]

    # -- loading ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the report for the current scope and range (in the background)."""
        start, end = self.range()
        if start > end:
            self.summary.setText(self.tr("The range starts after it ends."))
            return
        self.summary.setText(self.tr("Loading…"))
        self.bridge.call(self.bridge.api.report, self.flows(), start, end, on_done=self.show_report,
                         on_error=lambda exc: self.summary.setText(self.tr("Could not build the report: {exc}").format(exc=exc)),
                                 owner=self)

    def show_report(self, report: dict[str, Any]) -> None:
        """Fill the tables and charts from a ``ProjectService.report`` result."""
        self.report = report
        daily = report.get("daily", [])
        columns = ["day"] + [k for k in (daily[0] if daily else {}) if k != "day"]
        fill_table(self.daily_table, columns, daily)
        days = [r["day"] for r in daily]
        lines = [(_title(k), [r.get(k, 0) for r in daily]) for k in DAILY_LINES]
        lines += [(_title(k), [r.get(k, 0) for r in daily]) for k in columns if k.startswith("milestone.")]
        self.daily_chart.set_data(days, lines)
        sent = [(k.split(".", 1)[1], [r.get(k, 0) for r in daily]) for k in columns if k.startswith("sent.")]
        limits = [(f"{ch} limit {n:,}", float(n)) for ch, n in (report.get("limits") or {}).items()
                  if any(name == ch for name, _v in sent)]
        self.sent_chart.set_data(days, sent, limits)
        steps = report.get("steps", [])
        fill_table(self.steps_table, list(STEP_COLUMNS), steps)
        busy = [s["flow"] for s in steps if s.get("reached")]
        self.show_funnel(self.funnel_flow if self.funnel_flow in busy else (busy[0] if busy else None))
        fill_table(self.goals_table, list(GOAL_COLUMNS), [g for g in report.get("goals", []) if g.get("goal")])
        ab_rows = [{"flow": t["flow"], "step": t["step"], **g} for t in report.get("ab", []) for g in t["groups"]]
        fill_table(self.ab_table, list(AB_COLUMNS), ab_rows)
        tested = [r for r in ab_rows if any(o["size"] for o in ab_rows if (o["flow"], o["step"]) == (r["flow"], r["step"]))]
        self.ab_chart.set_data([f"{r['flow']}: {r['group']} ({r['size']:,})" for r in tested],
                               [(self.tr("Conversion %"), [round(100 * float(r.get("conversion") or 0), 2) for r in tested])],
                               tick_labels=[f"{r['group']} ({r['size']:,})" for r in tested])
        totals = {k: sum(int(r.get(k) or 0) for r in daily) for k in ("new_contacts", "purchases")}
        self.summary.setText(
            self.tr("{v0} – {v1} ({v2}): {v3:,} new, {v4:,} purchases, {n_steps} steps, {n_ab_rows} A/B groups")
                    .format(v0=report.get('from'), v1=report.get('to'), v2=report.get('zone'), v3=totals['new_contacts'],
                            v4=totals['purchases'], n_steps=len(steps), n_ab_rows=len(ab_rows)))
        self.loaded.emit(report)

    def show_funnel(self, flow: str | None) -> None:
        """Draw the funnel bars of one flow's steps (the flow of the row picked in the steps table)."""
        self.funnel_flow = flow
        steps = [s for s in self.report.get("steps", []) if s["flow"] == flow]
        self.funnel_chart.setTitle(self.tr("Per-step funnel: {flow}").format(flow=flow) if flow else self.tr("Per-step funnel"),
                color="#3b4250",
                                   size="10pt")
        self.funnel_chart.set_data([s["name"] for s in steps],
                                   [(tr_label(title), [s.get(k, 0) for s in steps]) for k, title in FUNNEL_BARS],
                                   tick_labels=[s["name"][:16] for s in steps])

    def _step_row_picked(self) -> None:
        picked = self.selected_step()
        if picked is not None and picked[0] != self.funnel_flow:
            self.show_funnel(picked[0])

    # -- export ----------------------------------------------------------------------------------------

    def _unmask_toggled(self, on: bool) -> None:
        if on:
            answer = QMessageBox.question(
                self, self.tr("Show full contact details?"),
                self.tr("The next export will contain full phone numbers and emails. The project's audit log records "
                "who exported what. Continue?"))
            if answer != QMessageBox.StandardButton.Yes:
                self.act_unmask.setChecked(False)
                return
        self.unmask_next = on

    def _take_unmask(self) -> bool:
        unmask = self.unmask_next
        self.unmask_next = False
        self.act_unmask.blockSignals(True)
        self.act_unmask.setChecked(False)
        self.act_unmask.blockSignals(False)
        return unmask

    def ask_export_report(self, fmt: str) -> None:
        start, end = self.range()
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Export the report"), f"report-{start}-{end}.{fmt}",
                                               f"{fmt.upper()} (*.{fmt})")
        if path:
            self.export_report(fmt, path)

    def export_report(self, fmt: str, path: str) -> None:
        """Write the current report to ``path`` (masked unless unmasking was confirmed)."""
        start, end = self.range()
        unmask = self._take_unmask()
        self.bridge.call(self.bridge.api.export_report, fmt, path, self.flows(), start, end, unmask=unmask, actor="designer",
                         on_done=lambda _r: self.exported.emit(self.tr("Report saved to {path}")
                                 .format(path=path) + (self.tr(" (unmasked)") if unmask else "")),
                         on_error=lambda exc: self.exported.emit(self.tr("Export failed: {exc}").format(exc=exc)), owner=self)

    def selected_step(self) -> tuple[str, str] | None:
        """(flow name, step id) of the selected row of the steps table."""
        rows = self.steps_table.selectionModel().selectedRows() if self.steps_table.selectionModel() else []
        steps = self.report.get("steps", [])
        if not rows or rows[0].row() >= len(steps):
            return None
        step = steps[rows[0].row()]
        return step["flow"], step["step"]

    def ask_export_contacts(self, fmt: str) -> None:
        picked = self.selected_step()
        if picked is None:
            self.pages.setCurrentIndex(1)
            self.exported.emit(self.tr("Select a step in the Steps table first"))
            return
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Export contacts"), f"contacts-{picked[1]}.{fmt}",
                                               f"{fmt.upper()} (*.{fmt})")
        if path:
            self.export_contacts(fmt, path, *picked)

    def export_contacts(self, fmt: str, path: str, flow: str, step: str) -> None:
        """Write the contacts who reached ``step`` of ``flow`` in the range to ``path``."""
        start, end = self.range()
        unmask = self._take_unmask()
        self.bridge.call(self.bridge.api.export_contacts, fmt, path, flow, step, None, start, end, unmask=unmask,
                         actor="designer",
                         on_done=lambda r: self.exported.emit(self.tr("{v0:,} contacts saved to {path}").format(v0=r[1],
                                 path=path)),
                         on_error=lambda exc: self.exported.emit(self.tr("Export failed: {exc}").format(exc=exc)), owner=self)

    def default_range(self, start: date, end: date) -> None:
        """Show the service's default range (the week up to the project's today) and load it."""
        self.set_range(start, end)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(0 if (end - start) == timedelta(days=6) else len(PRESETS) - 1)
        self.preset.blockSignals(False)
