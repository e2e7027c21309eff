"""Live ticks of the trend charts: what the tail-only updates draw equals a full draw."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crisisdesk.ui.panes.trends_charts import TAIL_STILL, TimeCharts, round_up
from crisisdesk.ui.panes.trends_data import ChartData

START = 1_790_000_000.0  # a whole hour (Unix seconds)
STEP = 300


def _data(n: int, seed: int = 1) -> ChartData:
    rng = np.random.default_rng(seed)
    x = START + STEP * np.arange(n, dtype=float)
    return ChartData(
        start=datetime.fromtimestamp(START, UTC),
        end=datetime.fromtimestamp(float(x[-1]) + STEP, UTC),
        interval=STEP,
        x=x,
        negative=rng.integers(0, 9, n).astype(float),
        neutral=rng.integers(0, 6, n).astype(float),
        positive=rng.integers(0, 6, n).astype(float),
        watch_hits=np.zeros(n),
        index=rng.uniform(5.0, 70.0, n),
    )


def _tail(
    data: ChartData | None, new: int, rng: np.random.Generator, scale: float = 1.0
) -> ChartData:
    """The last shown interval again (grown) and `new` intervals after it."""
    assert data is not None
    x = float(data.x[-1]) + STEP * np.arange(new + 1, dtype=float)
    k = len(x)
    return ChartData(
        start=datetime.fromtimestamp(float(x[0]), UTC),
        end=datetime.fromtimestamp(float(x[-1]) + STEP, UTC),
        interval=STEP,
        x=x,
        negative=scale * rng.integers(0, 9, k).astype(float),
        neutral=rng.integers(0, 6, k).astype(float),
        positive=rng.integers(0, 6, k).astype(float),
        watch_hits=np.zeros(k),
        index=rng.uniform(5.0, 70.0, k),
    )


def _charts(qtbot: QtBot, n: int = 288) -> TimeCharts:
    charts = TimeCharts()
    qtbot.addWidget(charts)
    charts.resize(900, 600)
    charts.show()
    charts.set_data(_data(n))
    QApplication.processEvents()
    return charts


def _tick(charts: TimeCharts, tail: ChartData) -> None:
    assert charts.data is not None
    charts.data.merge(tail)
    charts.refresh(changed_from=float(tail.x[0]))
    QApplication.processEvents()


def _pixels(charts: TimeCharts) -> np.ndarray[Any, Any]:
    image = charts.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8)
    rows = raw.reshape(image.height(), image.bytesPerLine() // 4, 4)
    return rows[:, : image.width(), :3].astype(int)


def _count_body_sets(charts: TimeCharts) -> list[str]:
    calls: list[str] = []
    for name in ("total_curve", "mid_curve", "neg_curve", "index_curve"):
        item = getattr(charts, name).body
        original = item.setData

        def spy(*args: Any, _o: Any = original, _n: str = name, **kwargs: Any) -> None:
            calls.append(_n)
            _o(*args, **kwargs)

        item.setData = spy
    return calls


def test_moving_ticks_draw_what_a_full_draw_draws(qtbot: QtBot) -> None:
    charts = _charts(qtbot)
    rng = np.random.default_rng(7)
    _tick(charts, _tail(charts.data, 1, rng))  # the first move drops the loaded padding
    body_sets = _count_body_sets(charts)
    for _ in range(TAIL_STILL - 4):  # a fresh tail has 3 points; one more per move
        (_x0, x1), _y = charts.volume.viewRange()
        _tick(charts, _tail(charts.data, 1, rng))
        assert charts.volume.viewRange()[0][1] > x1  # the view moved on
        _tick(charts, _tail(charts.data, 0, rng))  # and a tick in place
    assert body_sets == []  # only the tails were set (and the share's first hour)
    live = _pixels(charts)
    charts._draw()
    QApplication.processEvents()
    full = _pixels(charts)
    _rows, columns = np.nonzero(np.abs(live - full).max(axis=2))
    # The body is clipped at the first point shown: at most the left half of that point's
    # stroke (a 2-pixel pen: two columns) may differ, nothing else.
    assert charts.data is not None
    first = charts.volume.vb.mapViewToScene(QPointF(float(charts.data.x[0]) + STEP / 2, 0.0))
    at = charts.mapFromScene(first).x()
    assert len(set(columns.tolist())) <= 2
    assert all(abs(int(c) - at) <= 2 for c in columns)


def test_curves_show_the_merged_data(qtbot: QtBot) -> None:
    charts = _charts(qtbot)
    rng = np.random.default_rng(3)
    for new in (1, 0, 1, 1, 0):
        _tick(charts, _tail(charts.data, new, rng))
    data = charts.data
    assert data is not None
    x, neg = charts.neg_curve.getData()
    assert np.array_equal(x, data.x + STEP / 2) and np.array_equal(neg, data.negative)
    _x, top = charts.total_curve.getData()
    assert np.array_equal(top, data.total)
    hit = charts.hit(float(data.x[-1]) + 1, 0.1)
    assert hit is None or hit[0] == float(data.x[-1])


def test_a_long_tail_is_set_whole_on_a_tick_in_place(qtbot: QtBot) -> None:
    charts = _charts(qtbot)
    rng = np.random.default_rng(5)
    _tick(charts, _tail(charts.data, 1, rng))
    body_sets = _count_body_sets(charts)
    for _ in range(TAIL_STILL):
        _tick(charts, _tail(charts.data, 1, rng))
    assert body_sets == []  # moving ticks keep the bodies however long the tail
    _tick(charts, _tail(charts.data, 0, rng))
    assert "neg_curve" in body_sets  # the first tick in place starts a new seam
    body_sets.clear()
    _tick(charts, _tail(charts.data, 0, rng))
    assert body_sets == []


def test_live_ticks_keep_the_volume_axis_while_the_data_fit(qtbot: QtBot) -> None:
    charts = _charts(qtbot)
    rng = np.random.default_rng(9)
    _tick(charts, _tail(charts.data, 0, rng))
    top = charts.volume.viewRange()[1][1]
    _tick(charts, _tail(charts.data, 0, rng))
    assert charts.volume.viewRange()[1][1] == top
    _tick(charts, _tail(charts.data, 0, rng, scale=40.0))  # a surge: the axis grows
    assert charts.data is not None
    grown = charts.volume.viewRange()[1][1]
    assert grown >= float(charts.data.total[-1])
    assert grown == round_up(grown)  # to a round number, with room to spare
    last = _tail(charts.data, 0, rng)  # the surging interval grows by a few more comments
    last.negative[:] = charts.data.negative[-1] + 3
    last.neutral[:], last.positive[:] = charts.data.neutral[-1], charts.data.positive[-1]
    _tick(charts, last)
    assert charts.volume.viewRange()[1][1] == grown  # it still fits: no new top


@pytest.mark.parametrize(
    ("value", "top"),
    [(5, 5), (5.4, 10), (12, 20), (21, 25), (26, 50), (99, 100), (101, 200), (0.3, 0.5),
     (1000, 1000), (2001, 2500)],
)
def test_round_up(value: float, top: float) -> None:
    assert round_up(value) == pytest.approx(top)
