"""趋势与预警 (trends and warnings): hourly comment volume by sentiment, and the recent alerts."""

from __future__ import annotations

from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import Changes, Sentiment
from crisisdesk.services import views
from crisisdesk.services.views import AlertRow, HourlyVolume
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.base import Pane
from crisisdesk.ui.widgets.empty_state import EmptyStateStack
from crisisdesk.ui.widgets.record_model import Column, RecordTableModel

DAYS = 7
# During a sync burst the buckets change many times a second; one redraw per interval is enough.
REDRAW_INTERVAL_MS = 1000
_PENS = {
    Sentiment.NEGATIVE.value: "#c62828",
    Sentiment.NEUTRAL.value: "#757575",
    Sentiment.POSITIVE.value: "#2e7d32",
}


class TrendsPane(Pane):
    """A chart whose curves are created once and updated with setData, over the alert list."""

    def __init__(self, db: Database, changes: ChangesBridge, parent: QWidget | None = None) -> None:
        super().__init__(db, changes, parent)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.plot.setBackground("w")
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setLabel("left", self.tr("评论数/小时"))
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.addLegend(offset=(10, 10))
        item = self.plot.getPlotItem()
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        self.curves = {
            value: self.plot.plot(
                [],
                [],
                name=labels.sentiment(value),
                pen=pg.mkPen(colour, width=2),
            )
            for value, colour in _PENS.items()
        }
        self.chart_stack = EmptyStateStack(
            self.plot,
            self.tr("暂无趋势数据。\n评论同步或导入后，系统按小时汇总评论量，趋势图将显示在这里。"),
        )
        self.alerts = RecordTableModel(
            [
                Column(self.tr("时间"), lambda a: labels.when(a.fired_at)),
                Column(self.tr("等级"), lambda a: labels.warning_level(a.level)),
                Column(self.tr("规则"), lambda a: labels.single_line(a.rule_name, 60)),
                Column(
                    self.tr("说明"),
                    lambda a: labels.single_line(a.reason),
                    tooltip=lambda a: labels.plain_tooltip(a.reason),
                ),
                Column(self.tr("状态"), lambda a: labels.alert_status(a.status)),
            ],
            self,
        )
        self.alert_view = QTableView()
        self.alert_view.setModel(self.alerts)
        self.alert_view.verticalHeader().hide()
        self.alert_view.setWordWrap(False)
        header = self.alert_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.alert_stack = EmptyStateStack(
            self.alert_view,
            self.tr("近期没有预警。\n预警规则触发时，预警将按时间顺序列在这里。"),
        )
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.summary)
        chart_layout.addWidget(self.chart_stack, 1)
        alert_box = QGroupBox(self.tr("近期预警"))
        QVBoxLayout(alert_box).addWidget(self.alert_stack)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(chart_box)
        splitter.addWidget(alert_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(splitter)
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_INTERVAL_MS)
        self._redraw.timeout.connect(self.reload_chart)
        self._pending = 0
        changes.changed.connect(self.on_changes)
        self.reload_chart()
        self.reload_alerts()

    @Slot()
    def reload_chart(self) -> None:
        """Read the hourly buckets again and update the curves in place."""
        self._pending += 1
        run_op(
            lambda: views.hourly_volume(self.db, days=DAYS), on_done=self._on_volume, parent=self
        )

    def reload_alerts(self) -> None:
        """Read the recent alerts again."""
        self._pending += 1
        run_op(lambda: views.recent_alerts(self.db), on_done=self._on_alerts, parent=self)

    def _arrived(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.mark_loaded()

    def _on_volume(self, volume: HourlyVolume) -> None:
        empty = not volume.hours or volume.total == 0
        self.chart_stack.set_empty(empty)
        if empty:
            self.summary.setText(self.tr("最近 {days} 天没有评论量数据。").format(days=DAYS))
        else:
            # Plot each hour at its midpoint so a bar of activity sits inside its hour.
            xs = [h + 1800 for h in volume.hours]
            for value, curve in self.curves.items():
                curve.setData(xs, list(volume.by_sentiment.get(value, ())) or [0] * len(xs))
            negative = sum(volume.by_sentiment.get(Sentiment.NEGATIVE.value, ()))
            self.summary.setText(
                self.tr(
                    "数据最近 {days} 天（至 {end}）：共 {total} 条评论，其中负面 {negative} 条（{share:.1%}）。"
                ).format(
                    days=DAYS,
                    end=labels.when(_end_of(volume)),
                    total=f"{volume.total:,}",
                    negative=f"{negative:,}",
                    share=negative / volume.total,
                )
            )
        self._arrived()

    def _on_alerts(self, rows: list[AlertRow]) -> None:
        self.alerts.set_records(rows)
        self.alert_stack.set_empty(not rows)
        self._arrived()

    @Slot(object, object)
    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Trend changes redraw the chart (at most once per interval); alert changes the list."""
        if (changes.trends or changes.comments) and not self._redraw.isActive():
            self._redraw.start()
        if changes.alerts:
            self.reload_alerts()


def _end_of(volume: HourlyVolume) -> datetime:
    return datetime.fromtimestamp(volume.hours[-1] + 3600, UTC)
