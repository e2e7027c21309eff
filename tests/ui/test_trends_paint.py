"""Cheaper painting of the trend charts draws the same pixels: grid lines, axes, live ticks, summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pyqtgraph as pg
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QLineF, QObject, QPointF
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from crisisdesk.ui.panes.trends_charts import TimeCharts
from crisisdesk.ui.panes.trends_summary import SummaryLine
from crisisdesk.ui.widgets.chart_axes import DateGridAxis, GridAxis
from crisisdesk.ui.widgets.chart_lines import Hairlines
from tests.ui.test_trends_axes import DAY, T, grid_plot
from tests.ui.test_trends_live_draw import _data, _tail


def _rgb(image: QImage) -> np.ndarray[Any, Any]:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8)
    rows = raw.reshape(image.height(), image.bytesPerLine() // 4, 4)
    return rows[:, : image.width(), :3].astype(int)


def _pen(colour: str = "#efefef") -> QPen:
    pen = QPen(QColor(colour))
    pen.setCosmetic(True)
    return pen


def _render(lines: list[QLineF], dx: float, dy: float, *, hairlines: bool) -> np.ndarray[Any, Any]:
    image = QImage(120, 90, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.translate(dx, dy)
    if hairlines:
        Hairlines([(_pen(), lines)]).paint(p)
    else:
        p.setPen(_pen())
        p.drawLines(lines)
    p.end()
    return _rgb(image)


_coord = st.floats(0.0, 110.0, allow_nan=False).map(lambda v: round(v * 16) / 16)


@st.composite
def _lines(draw: st.DrawFn) -> list[QLineF]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        a, b, c = draw(_coord), draw(_coord), draw(_coord)
        out.append(QLineF(a, c, b, c) if draw(st.booleans()) else QLineF(c, a, c, b))
    return out


@settings(max_examples=150, deadline=None)
@given(lines=_lines(), dx=st.floats(-3.0, 5.0), dy=st.floats(-3.0, 5.0))
def test_hairlines_set_the_pixels_the_line_stroker_sets(
    lines: list[QLineF], dx: float, dy: float
) -> None:
    assert np.array_equal(
        _render(lines, dx, dy, hairlines=True), _render(lines, dx, dy, hairlines=False)
    )


class _Lines(QWidget):
    """A child widget (painted into its window at an offset) that draws a few grid lines."""

    hairlines = True

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.translate(0.4, 0.7)
        lines = [QLineF(3.2, 10.5 + 7.3 * i, 150.9, 10.5 + 7.3 * i) for i in range(8)]
        if self.hairlines:
            Hairlines([(_pen("#9e9e9e"), lines)]).paint(p)
        else:
            p.setPen(_pen("#9e9e9e"))
            p.drawLines(lines)
        p.end()


def test_hairlines_in_a_child_widget_land_where_lines_do(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(37, 23, 11, 5)
    child = _Lines()
    layout.addWidget(child)
    window.resize(220, 140)
    window.show()
    fast = _rgb(window.grab().toImage())
    child.hairlines = False
    slow = _rgb(window.grab().toImage())
    assert (slow != 255).any() and np.array_equal(fast, slow)


class _PictureGrid(GridAxis):
    """The same axis drawn pyqtgraph's way (a QPicture played on every paint)."""

    def paint(self, p: QPainter, option: Any, widget: Any) -> None:
        pg.AxisItem.paint(self, p, option, widget)


class _PictureDates(DateGridAxis):
    def paint(self, p: QPainter, option: Any, widget: Any) -> None:
        pg.AxisItem.paint(self, p, option, widget)


def _axes_image(qtbot: QtBot, left: type, bottom: type) -> np.ndarray[Any, Any]:
    widget, plot = grid_plot(qtbot, (520, 330), left("left"), bottom(), alpha=0.15)
    plot.setLabel("left", "评论数")
    plot.setXRange(T + 1234.5, T + DAY + 1234.5, padding=0)
    plot.setYRange(0, 37, padding=0)
    widget.show()
    QApplication.processEvents()
    return _rgb(widget.grab().toImage())


def test_axes_drawn_from_their_specs_look_as_pyqtgraph_draws_them(qtbot: QtBot) -> None:
    ours = _axes_image(qtbot, GridAxis, DateGridAxis)
    theirs = _axes_image(qtbot, _PictureGrid, _PictureDates)
    assert np.array_equal(ours, theirs)


def test_live_ticks_leave_the_window_as_a_full_paint_would(qtbot: QtBot) -> None:
    charts = TimeCharts()
    qtbot.addWidget(charts)
    charts.resize(900, 600)
    charts.show()
    charts.set_data(_data(288))
    QApplication.processEvents()
    rng = np.random.default_rng(11)
    moved = dropped_in_place = 0
    for i in range(12):
        data = charts.data
        assert data is not None
        (_x0, x1), _y = charts.volume.viewRange()
        first = float(data.x[0])
        tail = _tail(data, 1 if i % 3 else 0, rng)
        if i % 3 == 1:  # a new interval ten seconds old: the first point falls off, the view stays
            tail = replace(tail, end=datetime.fromtimestamp(float(tail.x[-1]) + 10, UTC))
        data.merge(tail)
        charts.refresh(changed_from=float(tail.x[0]))
        QApplication.processEvents()
        in_place = charts.volume.viewRange()[0][1] == x1
        moved += not in_place
        dropped_in_place += in_place and float(data.x[0]) > first
        shown = charts.screen().grabWindow(charts.winId()).toImage()  # what the ticks painted
        assert np.array_equal(_rgb(shown), _rgb(charts.grab().toImage())), f"tick {i}"
    assert moved >= 2 and dropped_in_place >= 2


class _LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _window_with_summary(qtbot: QtBot, width: int) -> tuple[QWidget, SummaryLine]:
    """A shown window with the summary line on top, as the trends pane has it."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    summary = SummaryLine()
    layout.addWidget(summary)
    layout.addStretch(1)
    window.resize(width, 300)
    window.show()
    return window, summary


def test_summary_lays_out_the_pane_again_only_when_its_height_changes(qtbot: QtBot) -> None:
    window, summary = _window_with_summary(qtbot, 400)
    summary.setText("评论 1,204 条，负面 311 条（25.8%）。")
    QApplication.processEvents()
    requests = _LayoutRequests()
    window.installEventFilter(requests)
    summary.setText("评论 1,207 条，负面 312 条（25.8%）。")
    QApplication.processEvents()
    assert requests.count == 0 and summary.text().startswith("评论 1,207")
    one_line = summary.height()
    summary.setText("评论 1,207 条，负面 312 条。" * 12)  # several lines at this width
    QApplication.processEvents()
    assert requests.count >= 1 and summary.height() > one_line
    assert summary.label.geometry() == summary.rect()


def test_summary_fits_its_text_after_the_window_narrows(qtbot: QtBot) -> None:
    window, summary = _window_with_summary(qtbot, 900)
    summary.setText("评论 1,207 条，负面 312 条。" * 3)
    QApplication.processEvents()
    summary.setText("评论 1,208 条，负面 313 条。" * 3)  # same height: no new layout yet
    QApplication.processEvents()
    window.resize(200, 300)
    QApplication.processEvents()
    QApplication.processEvents()
    assert summary.height() >= summary.heightForWidth(summary.width())
    assert summary.mapTo(window, QPointF(0, 0).toPoint()).y() >= 0


@settings(max_examples=60, deadline=None)
@given(
    start=st.floats(1_700_000_000.0, 1_900_000_000.0),
    span=st.sampled_from([1800.0, 3600.0, 6 * 3600.0, DAY, 3 * DAY, 7 * DAY, 30 * DAY]),
    size=st.sampled_from([420.0, 900.0, 1290.0]),
    steps=st.lists(st.floats(-2 * DAY, 2 * DAY), min_size=1, max_size=6),
    offset=st.sampled_from([None, 0, -8 * 3600, 5 * 3600 + 1800]),
)
def test_date_ticks_kept_across_moves_are_pyqtgraphs(
    qapp: QApplication, start: float, span: float, size: float, steps: list[float],
    offset: int | None,
) -> None:
    axis = DateGridAxis(utcOffset=offset)
    pictured = pg.DateAxisItem(utcOffset=offset)
    axis.fontMetrics = pictured.fontMetrics = QFontMetrics(QApplication.font())  # as a paint sets
    low = start
    for step in [0.0, 0.0, *steps, 300.0, 300.0]:  # the second equal range starts the cache
        low += step
        assert axis.tickValues(low, low + span, size) == pictured.tickValues(
            low, low + span, size
        )
