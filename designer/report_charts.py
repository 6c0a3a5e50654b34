"""pyqtgraph charts of the Reports view: daily lines, per-step funnel bars, A/B comparison.

Every chart shows the values under the mouse: a vertical marker snaps to the nearest day, step or
group and a label lists its numbers (:meth:`HoverPlotWidget.hover_at` does it for an index, which
the mouse handler and tests both call).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont

PALETTE = ("#3b6fe0", "#e0823b", "#2f9e6e", "#b4468f", "#8a6d3b", "#5b6270", "#c23b3b", "#3ba7c2",
           "#7a5cd6", "#9aa02f", "#d65c8a", "#2f6e9e")


class HoverPlotWidget(pg.PlotWidget):
    """A plot over integer positions 0..n-1 whose hover label lists each series' value there."""

    def __init__(self, title: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setMenuEnabled(False)
        menu = self.getPlotItem().ctrlMenu
        if menu is not None:  # made without a parent by pyqtgraph: tie it to the plot
            menu.setParent(self, menu.windowFlags())
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.showGrid(x=False, y=True, alpha=0.15)
        self.setTitle(title, color="#3b4250", size="10pt")
        self.getAxis("left").setWidth(44)
        self.labels: list[str] = []
        self.series: list[tuple[str, list[float]]] = []
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen("#9aa3b2", width=1, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.marker.setZValue(20)
        self.tip = pg.TextItem(color="#1f2430", fill=pg.mkBrush(255, 255, 255, 250), border=pg.mkPen("#c9ced8"),
                               anchor=(0, 0))
        font = QFont()
        font.setPointSizeF(9)
        self.tip.setFont(font)
        self.tip.setZValue(30)
        self.hover_text = ""
        self._proxy = pg.SignalProxy(self.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)

    def _reset(self, labels: Sequence[str], every_label: bool = False) -> None:
        self.clear()
        self.labels = list(labels)
        self.series = []
        self.addItem(self.marker, ignoreBounds=True)
        self.addItem(self.tip, ignoreBounds=True)
        self.marker.hide()
        self.tip.hide()
        step = 1 if every_label and len(self.labels) <= 16 else max(1, (len(self.labels) + 7) // 8)
        self.getAxis("bottom").setTicks([[(i, t) for i, t in enumerate(self.labels) if i % step == 0]])
        self.setXRange(-0.6, max(0, len(self.labels) - 0.4), padding=0)

    def _mouse_moved(self, event: tuple[QPointF]) -> None:
        pos = event[0]
        if not self.sceneBoundingRect().contains(pos) or not self.labels:
            return
        point = self.getPlotItem().vb.mapSceneToView(pos)
        self.hover_at(round(point.x()))

    def hover_at(self, index: int) -> str:
        """Show (and return) the values at position ``index`` (clamped to the data)."""
        if not self.labels:
            return ""
        index = max(0, min(len(self.labels) - 1, index))
        lines = [f"<b>{self.labels[index]}</b>"]
        for name, values in self.series:
            value = values[index] if index < len(values) else 0
            lines.append(f"{name}: {_fmt(value)}")
        self.hover_text = "\n".join(line.replace("<b>", "").replace("</b>", "") for line in lines)
        self.tip.setHtml("<br>".join(lines))
        self.marker.setPos(index)
        self.marker.show()
        (x_left, x_right), (y_low, y_top) = self.getPlotItem().vb.viewRange()
        # keep the label inside the plot, below the legend: left of the marker on the right half
        self.tip.setAnchor((1, 0) if index > (x_left + x_right) / 2 else (0, 0))
        self.tip.setPos(index + (-0.15 if index > (x_left + x_right) / 2 else 0.15), y_low + (y_top - y_low) * 0.8)
        self.tip.show()
        return self.hover_text


def _fmt(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


class DailyChartWidget(HoverPlotWidget):
    """One line per metric over the days of the range, with optional dashed limit lines."""

    def __init__(self, title: str = "Per day", parent: Any = None) -> None:
        super().__init__(title, parent)
        # a legend in rows across the top, above the lines (the y range leaves room for it)
        self.legend = self.addLegend(offset=(6, 2), labelTextSize="8pt", colCount=4)

    def set_data(self, days: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                 limits: Sequence[tuple[str, float]] = ()) -> None:
        """``series``: ``[(name, values per day), ...]``; ``limits``: ``[(name, level), ...]``."""
        self.legend.clear()
        self._reset([d[5:] for d in days])  # MM-DD under the axis
        top = 1.0
        for i, (name, values) in enumerate(series):
            vals = [float(v or 0) for v in values]
            self.series.append((name, vals))
            color = QColor(PALETTE[i % len(PALETTE)])
            self.plot(list(range(len(vals))), vals, pen=pg.mkPen(color, width=2), name=name,
                      symbol="o", symbolSize=5, symbolBrush=color, symbolPen=None)
            top = max(top, *vals) if vals else top
        for name, level in limits:
            line = pg.InfiniteLine(pos=level, angle=0, pen=pg.mkPen("#c23b3b", width=1, style=pg.QtCore.Qt.PenStyle.DashLine),
                                   label=name, labelOpts={"position": 0.05, "color": "#c23b3b", "anchors": [(0, 1), (0, 1)]})
            self.addItem(line)
            top = max(top, level)
        self.labels = list(days)
        rows = (len(series) + 3) // 4
        self.setYRange(0, top * (1.12 + 0.09 * rows), padding=0)


class BarChartWidget(HoverPlotWidget):
    """Grouped bars: one group per label, one bar per series (funnel steps, A/B groups)."""

    def __init__(self, title: str, parent: Any = None) -> None:
        super().__init__(title, parent)
        self.legend = self.addLegend(offset=(-6, 2), labelTextSize="8pt", colCount=6)

    def set_data(self, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                 tick_labels: Sequence[str] | None = None) -> None:
        self.legend.clear()
        self._reset(list(tick_labels) if tick_labels is not None else list(labels), every_label=True)
        n = max(1, len(series))
        width = 0.8 / n
        top = 1.0
        for i, (name, values) in enumerate(series):
            vals = [float(v or 0) for v in values]
            self.series.append((name, vals))
            xs = [x - 0.4 + width * (i + 0.5) for x in range(len(vals))]
            bars = pg.BarGraphItem(x=xs, height=vals, width=width * 0.92, brush=QColor(PALETTE[i % len(PALETTE)]),
                                   pen=pg.mkPen(None), name=name)
            self.addItem(bars)
            top = max(top, *vals) if vals else top
        self.labels = list(labels)
        if len(series) < 2:
            self.legend.clear()  # one series: the title says what the bars are
        self.setYRange(0, top * 1.22, padding=0)
