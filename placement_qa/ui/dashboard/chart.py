"""A year's history: completed visits per month (bars) and in-schedule % at month end (line)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ...domain.dashboard import MonthFigures


def month_label(month: MonthFigures) -> str:
    """"Jan": the axis's twelve months are distinct, and the title says which year."""
    return month.month_end.strftime("%b")


def history_description(history: Sequence[MonthFigures]) -> str:
    """The chart in words, for screen readers and the tooltip."""
    parts = []
    for month in history:
        percent = "–" if month.in_schedule_percent is None else f"{month.in_schedule_percent:.0f}%"
        visits = f"{month.completed_visits} visits"
        parts.append(f"{month.month_end:%B %Y}: {visits}, {percent} in schedule")
    return "; ".join(parts)


class HistoryChart(QChartView):
    """Bars against the left axis (visits), the line against the right one (0-100%)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setTitle("Completed visits and placements in schedule, last 12 months")
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        super().__init__(chart, parent)
        self.setObjectName("dashboardChart")
        self.setAccessibleName("Visits and in-schedule history chart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(360, 220)  # room left on a 1280×720 laptop
        self._build_series(chart)

    def _build_series(self, chart: QChart) -> None:
        self.bars = QBarSet("Completed visits")
        self.bars.setColor(QColor("#5b8fc7"))
        self.bar_series = QBarSeries()
        self.bar_series.append(self.bars)
        self.line = QLineSeries()
        self.line.setName("In schedule at month end (%)")
        self.line.setPen(QPen(QColor("#c0392b"), 2.5))
        self.line.setPointsVisible(True)
        chart.addSeries(self.bar_series)
        chart.addSeries(self.line)
        self.months_axis = QBarCategoryAxis()
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() - 2))
        self.months_axis.setLabelsFont(small)
        self.visits_axis = QValueAxis()
        self.visits_axis.setTitleText("Visits")
        self.visits_axis.setLabelFormat("%d")
        self.percent_axis = QValueAxis()
        self.percent_axis.setTitleText("In schedule %")
        self.percent_axis.setRange(0, 100)
        self.percent_axis.setLabelFormat("%d")
        chart.addAxis(self.months_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.visits_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.percent_axis, Qt.AlignmentFlag.AlignRight)
        for series, axis in ((self.bar_series, self.visits_axis),
                             (self.line, self.percent_axis)):
            series.attachAxis(self.months_axis)
            series.attachAxis(axis)

    def _fit_visits_axis(self, top: int) -> None:
        """Whole numbers on the ticks: one a visit up to 10, else five steps of a round size."""
        if top <= 10:
            upper = max(4, top + 1)
            ticks = upper + 1
        else:
            step = -(-top // 5)
            upper, ticks = step * 5, 6
        self.visits_axis.setRange(0, upper)
        self.visits_axis.setTickCount(ticks)

    def set_history(self, history: Sequence[MonthFigures]) -> None:
        if history:
            first, last = history[0].month_end, history[-1].month_end
            self.chart().setTitle(
                f"Visits and placements in schedule, {first:%b %Y} – {last:%b %Y}"
            )
        counts = [month.completed_visits for month in history]
        if self.bars.count():
            self.bars.remove(0, self.bars.count())
        self.bars.append([float(c) for c in counts])
        self.months_axis.clear()
        self.months_axis.append([month_label(m) for m in history])
        self._fit_visits_axis(max(counts, default=0))
        self.line.replace([
            QPointF(i, m.in_schedule_percent)
            for i, m in enumerate(history) if m.in_schedule_percent is not None
        ])
        described = history_description(history)
        self.setAccessibleDescription(described)
        self.setToolTip(described.replace("; ", "\n"))
