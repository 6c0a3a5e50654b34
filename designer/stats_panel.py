"""Live statistics of the open flow: headline metrics, per-step counts and entries per day.

Fed by the bridge (``stats_changed`` about every 250 ms while numbers move); never writes
anything. The chart is pyqtgraph (QtCharts is not part of PySide6-Essentials).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.dates import day_month
from designer.i18n import tr_label
from designer.report_charts import BarChartWidget
from runtime.service import FlowStats, StepCounts

METRICS = (("entered", QT_TRANSLATE_NOOP("labels", "Entered")), ("active", QT_TRANSLATE_NOOP("labels", "Inside now")),
        ("completed", QT_TRANSLATE_NOOP("labels", "Completed")),
           ("exited_goal", QT_TRANSLATE_NOOP("labels", "Reached goal")), ("failed", QT_TRANSLATE_NOOP("labels", "Failed")))
FUNNEL_SERIES = (("reached", QT_TRANSLATE_NOOP("labels", "Reached")), ("sent", QT_TRANSLATE_NOOP("labels", "Sent")), ("opened",
        QT_TRANSLATE_NOOP("labels", "Opened")), ("clicked", QT_TRANSLATE_NOOP("labels", "Clicked")))
STEP_COLUMNS = (("entered", QT_TRANSLATE_NOOP("labels", "In")), ("waiting", QT_TRANSLATE_NOOP("labels", "Waiting")),
        ("completed", QT_TRANSLATE_NOOP("labels", "Done")), ("failed", QT_TRANSLATE_NOOP("labels", "Failed")))

pg.setConfigOptions(antialias=True, background="w", foreground="#5b6270")


class _Metric(QFrame):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setSpacing(0)
        self.value = QLabel("0")
        font = QFont()
        font.setPointSizeF(12.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.value.setFont(font)
        caption = QLabel(label)
        caption.setProperty("role", "hint")
        layout.addWidget(self.value)
        layout.addWidget(caption)


class StatsPanel(QWidget):
    """Headline numbers, a per-step table and a small entries-per-day chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatsPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.metrics: dict[str, _Metric] = {}
        for i, (key, label) in enumerate((*METRICS, ("conversion", QT_TRANSLATE_NOOP("labels", "Conversion")))):
            metric = _Metric(tr_label(label))
            self.metrics[key] = metric
            grid.addWidget(metric, i // 3, i % 3)
        layout.addLayout(grid)

        self.plot = pg.PlotWidget()
        self.plot.setObjectName("EntriesChart")
        self.plot.setMinimumHeight(120)
        self.plot.hide()
        self.plot.setMaximumHeight(170)
        self.plot.setMenuEnabled(False)
        # pyqtgraph makes its "Plot Options" menu without a parent: tie it to the plot so it
        # is destroyed with it instead of outliving the window
        menu = self.plot.getPlotItem().ctrlMenu
        if menu is not None:
            menu.setParent(self.plot, menu.windowFlags())
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        self.plot.setTitle(self.tr("Entries per day"), color="#5b6270", size="9pt")
        self.plot.getAxis("left").setWidth(32)
        self.bars: pg.BarGraphItem | None = None
        layout.addWidget(self.plot)
        self.chart_hint = QLabel(self.tr("No entries in the last 14 days."))
        self.chart_hint.setProperty("role", "hint")
        self.chart_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.chart_hint)

        self.table = QTableWidget(0, 1 + len(STEP_COLUMNS))
        self.table.setObjectName("StepCountsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Step"), *[tr_label(label) for _k, label in STEP_COLUMNS]])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setStyleSheet("QHeaderView::section { padding: 6px 4px; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        for col in range(1, 1 + len(STEP_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, 62)
        layout.addWidget(self.table, 1)
        # per-step funnel of the last 30 days (reached, sent, opened, clicked), from the report
        self.funnel = BarChartWidget(self.tr("Funnel, last 30 days"))
        self.funnel.setObjectName("FunnelChart")
        self.funnel.setMinimumHeight(150)
        self.funnel.setMaximumHeight(210)
        self.funnel.hide()
        layout.addWidget(self.funnel)
        self.funnel_steps: list[dict[str, Any]] = []
        self.step_names: dict[str, str] = {}
        self.stats: FlowStats | None = None

    def clear(self) -> None:
        self.stats = None
        self.table.setRowCount(0)
        for metric in self.metrics.values():
            metric.value.setText("—")
        self.set_daily([])
        self.set_funnel([])

    def set_funnel(self, steps: list[dict[str, Any]]) -> None:
        """Draw the per-step funnel (``ProjectService.step_funnel`` rows, in flow order)."""
        self.funnel_steps = list(steps or [])
        shown = [s for s in self.funnel_steps if s.get("reached")]
        self.funnel.setVisible(bool(shown))
        if not shown:
            return
        names = [self.step_names.get(s["step"], s.get("name") or s["step"]) for s in shown]
        self.funnel.set_data(names, [(tr_label(label), [s.get(key, 0) for s in shown]) for key, label in FUNNEL_SERIES],
                             tick_labels=[n[:10] for n in names])

    def set_step_names(self, names: dict[str, str]) -> None:
        """Step id -> the title shown in the table (in flow order)."""
        self.step_names = dict(names)
        self.set_stats(self.stats)

    def set_stats(self, stats: FlowStats | None) -> None:
        """Show a ``flow_stats`` result (None: nothing yet, all zeros)."""
        self.stats = stats
        flow = stats.flow if stats is not None else None
        for key, metric in self.metrics.items():
            if key == "conversion":
                metric.value.setText(f"{flow.conversion if flow else 0.0:.1%}")
            else:
                metric.value.setText(f"{int(getattr(flow, key, 0) or 0):,}")
        steps = stats.steps if stats is not None else {}
        order = list(self.step_names) + [s for s in steps if s not in self.step_names]
        self.table.setRowCount(len(order))
        for row, step_id in enumerate(order):
            counts = steps.get(step_id) or StepCounts()
            name = QTableWidgetItem(self.step_names.get(step_id, step_id))
            name.setToolTip(step_id)
            self.table.setItem(row, 0, name)
            for col, (key, _label) in enumerate(STEP_COLUMNS, start=1):
                value = int(getattr(counts, key))
                item = QTableWidgetItem(f"{value:,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if key == "failed" and value:
                    item.setForeground(QColor("#b42318"))
                elif not value:
                    item.setForeground(QColor("#a3a9b3"))
                self.table.setItem(row, col, item)

    def set_daily(self, days: list[tuple[date, int]]) -> None:
        """Draw entries per day (oldest first)."""
        if self.bars is not None:
            self.plot.removeItem(self.bars)
            self.bars = None
        has_data = any(n for _d, n in days)
        self.chart_hint.setVisible(not has_data)
        self.plot.setVisible(has_data)  # empty axes say less than the hint does
        if not has_data:
            return
        xs = list(range(len(days)))
        heights = [n for _d, n in days]
        self.bars = pg.BarGraphItem(x=xs, height=heights, width=0.7, brush=QColor("#6d8ff0"), pen=pg.mkPen(None))
        self.plot.addItem(self.bars)
        step = max(1, (len(days) + 4) // 5)  # about five dates under the bars
        ticks = [(i, day_month(d)) for i, (d, _n) in enumerate(days) if i % step == 0]
        self.plot.getAxis("bottom").setTicks([ticks])
        self.plot.setXRange(-0.6, len(days) - 0.4, padding=0)
        self.plot.setYRange(0, max([*heights, 1]) * 1.15, padding=0)
