"""The time charts of the Trends pane: volume by sentiment, negative share, warning index, markers."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal
from PySide6.QtWidgets import QWidget

from crisisdesk.analysis.signals.series import FloatArray
from crisisdesk.domain import WarningLevel
from crisisdesk.services.alerts import AlertView
from crisisdesk.services.incidents import IncidentView
from crisisdesk.ui import labels
from crisisdesk.ui.panes.trends_data import ChartData
from crisisdesk.ui.widgets.chart_axes import (
    DateGridAxis,
    GridAxis,
    SharedTicks,
    grid_under_data,
    quiet_hidden_axes,
)
from crisisdesk.ui.widgets.split_curve import SplitCurve

NEG, NEU, POS = "#c62828", "#9e9e9e", "#2e7d32"
LEVEL_PENS = {
    WarningLevel.BLUE: "#1f5fbf",
    WarningLevel.YELLOW: "#d4a800",
    WarningLevel.ORANGE: "#f07c00",
    WarningLevel.RED: "#c81e1e",
}
# Longest tail (points from the seam on) a live tick sets alone; beyond it the curves are set
# whole. A tick that moves the view allows more: setting the bodies then would add to the
# dearest tick. Both stay under the 100 intervals the tail's clip leaves room for.
TAIL_STILL = 8
TAIL_MOVING = 64
_BANDS = (
    (WarningLevel.BLUE, (31, 95, 191, 40)),
    (WarningLevel.YELLOW, (242, 194, 0, 50)),
    (WarningLevel.ORANGE, (240, 124, 0, 50)),
    (WarningLevel.RED, (200, 30, 30, 50)),
)



def _brush(colour: str, alpha: int) -> Any:
    c = pg.mkColor(colour)
    c.setAlpha(alpha)
    return pg.mkBrush(c)


def round_up(value: float) -> float:
    """The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least value (> 0)."""
    step = 10.0 ** math.floor(math.log10(value))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * step >= value:
            return factor * step
    return 10.0 * step


def _plot(layout: pg.GraphicsLayoutWidget, row: int, title: str, dates: SharedTicks) -> pg.PlotItem:
    item = layout.addPlot(
        row=row, col=0, axisItems={"left": GridAxis("left"), "bottom": DateGridAxis(shared=dates)}
    )
    item.setLabel("left", title)
    grid_under_data(item, alpha=0.15)
    quiet_hidden_axes(item)
    item.setMouseEnabled(x=True, y=False)
    item.getAxis("left").setWidth(64)
    return item


class TimeCharts(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """Three linked plots whose items are created once and then only updated with setData.

    Clicking the volume plot emits `clicked(start, end, sentiment)` for the interval and
    the band (negative / neutral / positive) under the pointer.
    """

    clicked = Signal(float, float, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        dates = SharedTicks()  # the three plots show the same dates: computed once per move
        self.volume = _plot(self, 0, QCoreApplication.translate("TrendCharts", "评论数"), dates)
        self.share = _plot(self, 1, QCoreApplication.translate("TrendCharts", "负面占比 %"), dates)
        self.index = _plot(self, 2, QCoreApplication.translate("TrendCharts", "预警指数"), dates)
        for p in (self.share, self.index):
            p.setXLink(self.volume)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 2)
        self.ci.layout.setRowStretchFactor(2, 2)
        legend = self.volume.addLegend(offset=(8, 4), colCount=3)
        legend.setBrush(pg.mkBrush(255, 255, 255, 200))
        # Stacked areas: each curve is the sum of the bands below it, drawn from the back.
        # Counts are always finite: pyqtgraph need not look for NaN in them.
        self.total_curve = SplitCurve(
            self.volume,
            name=QCoreApplication.translate("TrendCharts", "正面"),
            pen=pg.mkPen(POS, width=1),
            fillLevel=0,
            brush=_brush(POS, 110),
            skipFiniteCheck=True,
        )
        self.mid_curve = SplitCurve(
            self.volume,
            name=QCoreApplication.translate("TrendCharts", "中性"),
            pen=pg.mkPen(NEU, width=1),
            fillLevel=0,
            brush=_brush(NEU, 150),
            skipFiniteCheck=True,
        )
        self.neg_curve = SplitCurve(
            self.volume,
            name=QCoreApplication.translate("TrendCharts", "负面"),
            pen=pg.mkPen(NEG, width=1),
            fillLevel=0,
            brush=_brush(NEG, 170),
            skipFiniteCheck=True,
        )
        self.share_curve = SplitCurve(self.share, pen=pg.mkPen(NEG, width=2), connect="finite")
        self.share.setYRange(0, 100)
        self.bands: list[pg.LinearRegionItem] = []
        for level, rgba in _BANDS:
            band = pg.LinearRegionItem(
                orientation="horizontal", movable=False, brush=pg.mkBrush(*rgba), pen=pg.mkPen(None)
            )
            band.setZValue(-20)
            band.setToolTip(labels.warning_level(int(level)))
            for edge in band.lines:  # drawn with no pen and fixed: hidden, Qt skips them
                edge.setVisible(False)
            self.index.addItem(band)
            self.bands.append(band)
        self.index_curve = SplitCurve(
            self.index, pen=pg.mkPen("#37474f", width=2), connect="finite"
        )
        self.live_point = pg.ScatterPlotItem(
            size=11, brush=pg.mkBrush("#37474f"), pen=pg.mkPen("w", width=1.5)
        )
        self.index.addItem(self.live_point)
        self.index.setYRange(0, 100)
        self.markers: list[pg.InfiniteLine] = []
        self.data: ChartData | None = None
        self._stack: tuple[FloatArray, FloatArray, FloatArray] | None = None
        self._seam: tuple[float, float, float] | None = None  # first x, seam's x, body's last x
        self._ceiling = 0.0
        self.set_levels((25.0, 45.0, 65.0, 85.0))
        self.scene().sigMouseClicked.connect(self._on_click)

    def set_levels(self, levels: tuple[float, float, float, float]) -> None:
        """Place the blue / yellow / orange / red bands of the index plot."""
        edges = [*levels, 100.0]
        for band, low, high in zip(self.bands, edges[:-1], edges[1:], strict=True):
            band.setRegion((low, max(low, high)))

    def set_data(self, data: ChartData) -> None:
        """Show a new view (same items, new data)."""
        self.data = data
        self.set_levels(data.index_levels)
        self._draw()
        self.volume.setXRange(data.start.timestamp(), data.end.timestamp(), padding=0.01)
        self._settle()

    def refresh(self, changed_from: float | None = None) -> None:
        """Redraw the current data after a live merge (the view follows if it showed the end).

        `changed_from` is the start of the first interval the merge replaced or added: when
        the view stays put, only the curves' tails after the seam are set (and repainted).
        """
        if self.data is None:
            return
        (x0, x1), _y = self.volume.viewRange()
        follow = x1 >= float(self.data.x[-2] if len(self.data.x) > 1 else x1) - self.data.interval
        end = self.data.end.timestamp()
        # Moving the range repaints every axis; only do it when the view's end has moved.
        move = follow and abs(end - x1) > 0.5 * self.data.interval
        if changed_from is None or not self._draw_tail(changed_from, moving=move):
            self._draw(live=True)
        if move:
            self.volume.setXRange(end - (x1 - x0), end, padding=0)
        self._settle()

    def _settle(self) -> None:
        """Apply new view ranges now rather than at the start of the next paint.

        pyqtgraph moves a view's items only once the paint has begun; Qt then sees them
        moved and paints all of it a second time. Moving them first makes it one paint.
        """
        scene = self.scene()
        if scene is not None:
            scene.prepareForPaint()

    def _series(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, float]:
        data = self.data
        assert data is not None
        x = data.x + data.interval / 2.0  # each point in the middle of its interval
        neg = data.negative
        mid = neg + data.neutral
        top = mid + data.positive
        self._stack = (neg, mid, top)
        peak = float(np.nanmax(top)) if len(top) else 0.0
        return x, neg, mid, top, max(5.0, peak * 1.08)

    def _draw(self, *, live: bool = False) -> None:
        data = self.data
        assert data is not None
        x, neg, mid, top, ceiling = self._series()
        # The last shown interval may still grow; the body ends (one past the seam) before it.
        seam = max(0, len(x) - 3)
        self._seam = (
            (float(data.x[0]), float(data.x[seam]), float(data.x[min(seam + 1, len(x) - 1)]))
            if len(x)
            else None
        )
        self.total_curve.set_data(x, top, seam)
        self.mid_curve.set_data(x, mid, seam)
        self.neg_curve.set_data(x, neg, seam)
        self.share_curve.set_data(x, data.negative_share(), seam)
        self.index_curve.set_data(x, data.index, seam)
        self._set_ceiling(ceiling, live=live)

    def _set_ceiling(self, ceiling: float, *, live: bool) -> None:
        """Set the volume plot's top; a live update keeps it while the data still fit well.

        A new top re-ticks the axis and repaints the whole plot: a live tail that grows by a
        comment or two should not do that on every tick. So a live update keeps the top
        while the data fill between half of it and all of it, and a top it has to raise
        goes up to a round number with a fifth to spare.
        """
        if live:
            if ceiling <= self._ceiling <= 2.0 * ceiling:
                return
            ceiling = round_up(1.2 * ceiling)
        if ceiling != self._ceiling:  # an unchanged range leaves the axes alone
            self._ceiling = ceiling
            self.volume.setYRange(0, ceiling, padding=0)

    def _draw_tail(self, changed_from: float, *, moving: bool = False) -> bool:
        """Set only the tails if nothing up to the seam changed; False when a full draw is due.

        The tail gains a point each time the view moves on; a long tail widens the strip
        every tick repaints, so a tick that leaves the view in place starts a new seam
        (a tick that moves the view repaints everything anyway and keeps the body).
        """
        data = self.data
        assert data is not None
        if self._seam is None or not len(data.x):
            return False
        first, edge, body_end = self._seam
        seam = int(np.searchsorted(data.x, edge))
        tail = len(data.x) - seam
        if (
            float(data.x[0]) < first  # earlier points came back: the body must be set
            or seam + 1 >= len(data.x)
            or float(data.x[seam]) != edge
            or float(data.x[seam + 1]) != body_end
            or changed_from <= body_end  # the merge replaced points the body shows
            or tail > (TAIL_MOVING if moving else TAIL_STILL)
        ):
            return False
        x, neg, mid, top, ceiling = self._series()
        curves = (
            (self.total_curve, top),
            (self.mid_curve, mid),
            (self.neg_curve, neg),
            (self.share_curve, data.negative_share()),
            (self.index_curve, data.index),
        )
        if not all(curve.fits(y[seam:]) for curve, y in curves):
            return False
        for curve, y in curves:
            curve.set_tail(x, y, seam)
        self._set_ceiling(ceiling, live=True)
        return True

    def set_live_reading(self, score: float | None, at: datetime | None, text: str) -> None:
        """Mark the index now (all five indicators) beside the recomputed history."""
        if score is None or at is None:
            self.live_point.setData([], [])
            return
        self.live_point.setData([at.timestamp()], [score], data=[text])
        self.live_point.setToolTip(labels.plain_tooltip(text))

    def set_markers(self, alerts: list[AlertView], incidents: list[IncidentView]) -> None:
        """Alert lines (in their level's colour) and incident lines (dashed), with tooltips."""
        for line in self.markers:
            self.volume.removeItem(line)
        self.markers = []
        for a in alerts:
            colour = LEVEL_PENS.get(a.level, "#607d8b")
            line = pg.InfiniteLine(
                pos=a.fired_at.timestamp(), angle=90, movable=False, pen=pg.mkPen(colour, width=2)
            )
            line.setToolTip(
                labels.plain_tooltip(
                    f"{labels.when(a.fired_at)} {labels.warning_level(int(a.level))}\n"
                    + QCoreApplication.translate("TrendCharts", "{rule}：{reason}").format(
                        rule=labels.rule(a.rule_label, a.kind), reason=a.reason
                    )
                )
            )
            self.volume.addItem(line)
            self.markers.append(line)
        for inc in incidents:
            line = pg.InfiniteLine(
                pos=inc.opened_at.timestamp(),
                angle=90,
                movable=False,
                pen=pg.mkPen("#4a148c", width=2, style=Qt.PenStyle.DashLine),
                label=QCoreApplication.translate("TrendCharts", "事件#{id}").format(id=inc.id),
                labelOpts={"position": 0.92, "color": "#4a148c"},
            )
            line.setToolTip(
                labels.plain_tooltip(
                    QCoreApplication.translate("TrendCharts", "危机事件 #{id}：{title}").format(
                        id=inc.id, title=inc.title
                    )
                    + "\n"
                    + " · ".join((labels.severity(inc.severity),
                                  labels.incident_status(inc.status.value),
                                  labels.when(inc.opened_at)))
                )
            )
            self.volume.addItem(line)
            self.markers.append(line)

    def hit(self, x: float, y: float) -> tuple[float, float, str] | None:
        """The interval and sentiment band at a point of the volume plot, if there is data there."""
        data = self.data
        if data is None or self._stack is None or not len(data.x):
            return None
        i = math.floor((x - float(data.x[0])) / data.interval)
        if not 0 <= i < len(data.x):
            return None
        neg, mid, top = self._stack
        if y < 0 or y > float(top[i]) or top[i] <= 0:
            return None
        band = "negative" if y <= neg[i] else "neutral" if y <= mid[i] else "positive"
        start = float(data.x[i])
        return start, start + data.interval, band

    def _on_click(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        pos = event.scenePos()
        if not self.volume.sceneBoundingRect().contains(pos):
            return
        point: QPointF = self.volume.vb.mapSceneToView(pos)
        found = self.hit(point.x(), point.y())
        if found is not None:
            self.clicked.emit(*found)
