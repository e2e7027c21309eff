"""The trend charts' axes: opaque grid under the data, shared date ticks, labels left alone."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsRectItem
from pytestqt.qtbot import QtBot

from crisisdesk.ui.panes.trends_charts import TimeCharts
from crisisdesk.ui.widgets.chart_axes import DateGridAxis, GridAxis, blended, grid_under_data

DAY = 86_400.0
T = 1_790_000_000.0


def grid_plot(
    qtbot: QtBot, size: tuple[int, int], left: Any, bottom: Any, *, alpha: float
) -> tuple[pg.GraphicsLayoutWidget, pg.PlotItem]:
    """A white plot (and its widget) with these axes and the trends pane's grid under its data."""
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.setBackground("w")
    widget.resize(*size)
    plot = widget.addPlot(axisItems={"left": left, "bottom": bottom})
    grid_under_data(plot, alpha=alpha)
    return widget, plot


def _specs(axis: Any) -> Any:
    image = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    try:
        return axis.generateDrawSpecs(painter)
    finally:
        painter.end()


def _shown(qtbot: QtBot) -> TimeCharts:
    charts = TimeCharts()
    qtbot.addWidget(charts)
    charts.resize(900, 600)
    charts.show()
    charts.volume.setXRange(T, T + DAY, padding=0)
    charts.volume.setYRange(0, 40, padding=0)
    QApplication.processEvents()
    return charts


def test_blended_is_the_colour_shown_over_the_background() -> None:
    white = QColor("white")
    assert blended(QColor(150, 150, 150, 0), white) == white
    assert blended(QColor(150, 150, 150, 255), white) == QColor(150, 150, 150)
    grey = blended(QColor(150, 150, 150, 38), white)
    assert grey.alpha() == 255 and 238 <= grey.red() == grey.green() == grey.blue() <= 241


def test_grid_pens_are_opaque_and_the_axes_lie_under_the_data(qtbot: QtBot) -> None:
    charts = _shown(qtbot)
    for plot in (charts.volume, charts.share, charts.index):
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            _axis, ticks, texts = _specs(axis)
            assert ticks and texts
            assert all(pen.color().alpha() == 255 for pen, _p1, _p2 in ticks)
            assert axis.zValue() < plot.vb.zValue()


def test_data_covers_the_grid(qtbot: QtBot) -> None:
    widget, plot = grid_plot(qtbot, (500, 300), GridAxis("left"), DateGridAxis(), alpha=0.6)
    plot.setXRange(T, T + DAY, padding=0)
    plot.setYRange(0, 10, padding=0)
    cover = QGraphicsRectItem(T - DAY, -5, 3 * DAY, 20)  # wider than the view: all of it
    cover.setBrush(pg.mkBrush(0, 0, 255))
    cover.setPen(pg.mkPen(None))
    plot.vb.addItem(cover)
    widget.show()
    QApplication.processEvents()
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    rect = plot.vb.sceneBoundingRect().toRect().adjusted(3, 3, -3, -3)
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine() // 4, 4
    )
    inside = raw[rect.top() : rect.bottom(), rect.left() : rect.right(), :3]
    assert inside.size and (inside == (255, 0, 0)).all()  # BGR: pure blue, no grid line


def test_the_three_date_axes_share_what_each_would_compute(qtbot: QtBot) -> None:
    charts = _shown(qtbot)
    axes = [p.getAxis("bottom") for p in (charts.volume, charts.share, charts.index)]
    ticks = axes[0].shared
    assert ticks is not None and axes[1].shared is ticks and axes[2].shared is ticks
    tops = set()
    for axis in axes:
        shared = _specs(axis)
        axis.shared = None
        try:
            own = _specs(axis)
        finally:
            axis.shared = ticks
        assert [(p1.x(), p1.y(), p2.x(), p2.y()) for _pen, p1, p2 in shared[1]] == [
            (p1.x(), p1.y(), p2.x(), p2.y()) for _pen, p1, p2 in own[1]
        ]
        assert [(r, t) for r, _f, t in shared[2]] == [(r, t) for r, _f, t in own[2]]
        tops.add(shared[1][0][1].y())
    assert len(tops) == 2  # each plot's grid reaches its own top (the lower two are alike)


def test_moving_the_view_leaves_the_axis_labels_alone(qtbot: QtBot) -> None:
    charts = _shown(qtbot)
    calls: list[str] = []
    for plot in (charts.volume, charts.share, charts.index):
        for side in ("left", "bottom", "top", "right"):
            label = plot.getAxis(side).label
            original = label.setHtml

            def spy(html: str, _o: Any = original) -> None:
                calls.append(html)
                _o(html)

            label.setHtml = spy
    for step in range(1, 4):
        charts.volume.setXRange(T + step * 300, T + DAY + step * 300, padding=0)
        QApplication.processEvents()
    assert calls == []


def test_a_changed_si_prefix_still_updates_the_label() -> None:
    axis = GridAxis("left")
    axis.setLabel("电压", units="V")
    axis.setRange(0, 0.001)
    assert "mV" in axis.labelString()
    axis.setRange(0, 2000)
    assert "kV" in axis.labelString()
    assert "kV" in axis.label.toHtml()


def test_date_ticks_read_in_chinese(qtbot: QtBot) -> None:
    from datetime import datetime

    from pyqtgraph.graphicsItems.DateAxisItem import (
        DAY_HOUR_ZOOM_LEVEL,
        HOUR_MINUTE_ZOOM_LEVEL,
        YEAR_MONTH_ZOOM_LEVEL,
    )

    axis = DateGridAxis()
    noon = datetime(2026, 11, 21, 12).timestamp()  # local time, as the axis shows it
    axis.zoomLevel = DAY_HOUR_ZOOM_LEVEL  # a few days across: a tick a day, then hours
    day, hour = (s.spacing for s in DAY_HOUR_ZOOM_LEVEL.tickSpecs)
    assert axis.tickStrings([noon], 1.0, day) == ["11月21日"]
    assert axis.tickStrings([noon], 1.0, hour) == ["12:00"]  # times read alike: pyqtgraph's
    axis.zoomLevel = YEAR_MONTH_ZOOM_LEVEL
    year, month = (s.spacing for s in YEAR_MONTH_ZOOM_LEVEL.tickSpecs)
    assert axis.tickStrings([noon], 1.0, year) == ["2026年"]
    assert axis.tickStrings([noon], 1.0, month) == ["11月"]
    axis.zoomLevel = HOUR_MINUTE_ZOOM_LEVEL
    assert all("Sat" not in t for t in axis.tickStrings([noon], 1.0, 3600 * 24))
