"""The Trends pane: charts from buckets, ranges, live ticks in place, clicks to the inbox, export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from crisisdesk.analysis.signals.index import IndexConfig
from crisisdesk.domain import Changes
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, TrendBucket
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.panes.trends import TrendsPane
from crisisdesk.ui.panes.trends_data import ChartData, index_history
from tests.ui.workspace_data import T0

NOW = T0 + timedelta(minutes=1)


def _pane(qtbot: QtBot, db: Database) -> TrendsPane:
    pane = TrendsPane(db, ChangesBridge(), actor="li", now=lambda: NOW)
    qtbot.addWidget(pane)
    pane.set_range("24h")
    return pane


def test_charts_load_from_buckets(qtbot: QtBot, workspace: Database) -> None:
    pane = _pane(qtbot, workspace)
    assert pane.is_loaded()
    assert pane.data is not None and pane.data.interval == 300
    # 30 comments, a third of each sentiment; the top curve is the stacked total.
    _x, top = pane.charts.total_curve.getData()
    _x, neg = pane.charts.neg_curve.getData()
    assert float(np.nansum(top)) == 30.0
    assert float(np.nansum(neg)) == 10.0
    assert "30" in pane.summary.text()
    assert len(pane.charts.markers) == 1  # the workspace's one alert


def test_range_switch_reuses_the_curves(qtbot: QtBot, workspace: Database) -> None:
    pane = _pane(qtbot, workspace)
    curve = pane.charts.total_curve
    pane.set_range("1h")
    assert pane.data is not None and pane.data.interval == 60
    assert pane.charts.total_curve is curve
    pane.set_range("30d")
    assert pane.data is not None and pane.data.interval == 3600
    pane.set_custom_range(T0 - timedelta(hours=2), T0 + timedelta(minutes=5))
    assert pane.range_key == "custom" and pane.data.interval == 60
    assert float(pane.data.total.sum()) == 30.0


def test_live_tick_updates_in_place(qtbot: QtBot, workspace: Database) -> None:
    clock = [NOW]
    pane = TrendsPane(workspace, ChangesBridge(), actor="li", now=lambda: clock[0])
    qtbot.addWidget(pane)
    pane.set_range("1h")
    curve = pane.charts.neg_curve
    before = len(pane.data.x) if pane.data else 0
    with workspace.session() as s:
        account = s.query(Account).first()
        assert account is not None
        s.execute(insert(TrendBucket), [{"account_id": account.id, "minute": T0 + timedelta(minutes=m),
                                         "sentiment": "negative", "intent": "complaint", "count": 7}
                                        for m in (1, 2)])
    clock[0] = T0 + timedelta(minutes=3)
    pane.set_live(True)
    assert pane.live_timer.isActive()
    pane.live_tick()
    assert pane.charts.neg_curve is curve
    assert pane.data is not None
    assert float(pane.data.negative[-2:].sum()) == 14.0
    assert len(pane.data.x) >= before  # the span moves on; nothing is rebuilt
    _x, neg = curve.getData()
    assert float(neg[-1]) == 7.0
    pane.set_live(False)
    assert not pane.live_timer.isActive()


def test_merge_keeps_the_span() -> None:
    from datetime import UTC, datetime

    def cd(start: int, n: int, value: float) -> ChartData:
        x = start + 60.0 * np.arange(n)
        ones = np.full(n, value)
        return ChartData(start=datetime.fromtimestamp(start, UTC),
                         end=datetime.fromtimestamp(start + 60 * n, UTC), interval=60, x=x,
                         negative=ones.copy(), neutral=ones.copy(), positive=ones.copy(),
                         watch_hits=ones.copy(), index=ones.copy())

    data = cd(6000, 10, 1.0)
    added = data.merge(cd(6000 + 60 * 9, 3, 2.0))
    assert added == 2
    assert len(data.x) == 10 and data.x[0] == 6000.0 + 120  # as many fell off the start
    assert float(data.negative[-1]) == 2.0


def test_clicks_emit_inbox_filters(qtbot: QtBot, workspace: Database) -> None:
    pane = _pane(qtbot, workspace)
    assert pane.hot is not None
    words = [w.word for w in pane.hot.words]
    assert "停水" in words
    row_y = float(len(words) - words.index("停水"))
    assert pane.words.word_at(row_y) == "停水"
    with qtbot.waitSignal(pane.open_inbox_filter) as sig:
        pane.words.word_clicked.emit("停水")
    flt = sig.args[0]
    assert flt["query"] == "停水" and "since" in flt and "until" in flt
    data = pane.data
    assert data is not None
    i = int(np.argmax(data.negative))
    hit = pane.charts.hit(float(data.x[i]) + 1, 0.5)
    assert hit is not None and hit[2] == "negative"
    assert pane.charts.hit(float(data.x[i]) + 1, 10_000) is None
    with qtbot.waitSignal(pane.open_inbox_filter) as sig:
        pane.charts.clicked.emit(*hit)
    assert sig.args[0]["sentiment"] == ["negative"]


def test_export_csv_and_png(qtbot: QtBot, workspace: Database, tmp_path: Path) -> None:
    pane = _pane(qtbot, workspace)
    pane.resize(900, 600)
    out = tmp_path / "trend.csv"
    pane.export_csv(out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("时间,评论总量,负面")
    assert len(lines) == 1 + len(pane.data.x if pane.data else [])
    assert sum(int(line.split(",")[1]) for line in lines[1:]) == 30
    png = tmp_path / "trend.png"
    assert pane.export_png(png) and png.stat().st_size > 1000


def test_alert_changes_reload_markers(qtbot: QtBot, workspace: Database) -> None:
    pane = _pane(qtbot, workspace)
    pane.on_changes(Changes(alerts=True), None)
    assert len(pane.charts.markers) == 1
    assert pane.level_label.text().startswith("当前")


def test_index_history_rises_with_negative_surge() -> None:
    calm = np.full(288 * 8, 2.0)
    neg = np.full_like(calm, 0.2)
    calm[-12:] = 40.0
    neg[-12:] = 36.0
    idx = index_history(calm, neg, np.zeros_like(calm), interval=300, cfg=IndexConfig())
    assert float(idx[-1]) > 45.0 > float(np.nanmax(idx[:-24]))


def test_live_tick_in_place_sets_only_the_tails(qtbot: QtBot, workspace: Database) -> None:
    from datetime import UTC, datetime

    clock = [NOW]
    pane = TrendsPane(workspace, ChangesBridge(), actor="li", now=lambda: clock[0])
    qtbot.addWidget(pane)
    pane.set_range("1h")
    assert pane.data is not None
    curve = pane.charts.neg_curve
    calls: list[str] = []

    def spy(name: str, item: Any) -> None:
        original = item.setData

        def set_data(*args: Any, **kwargs: Any) -> None:
            calls.append(name)
            original(*args, **kwargs)

        item.setData = set_data

    pane.live_tick()  # the first tick drops the loaded view's padding: the range moves
    spy("body", curve.body)
    spy("tail", curve.tail)
    last = datetime.fromtimestamp(float(pane.data.x[-1]), UTC)
    before = float(pane.data.negative[-1])
    with workspace.session() as s:
        account = s.query(Account).first()
        assert account is not None
        s.execute(insert(TrendBucket), [{"account_id": account.id, "minute": last,
                                         "sentiment": "negative", "intent": "abuse",
                                         "count": 2}])
    pane.live_tick()  # the same view and axes (one comment a minute, 5 at the top): the tail
    assert calls == ["tail"]
    _x, neg = curve.getData()
    assert float(neg[-1]) == before + 2 and len(neg) == len(pane.data.x)
    (_x0, x1), _y = pane.charts.volume.viewRange()
    clock[0] = NOW + timedelta(minutes=3)
    pane.live_tick()  # time moved on: the view follows; the body keeps its points
    assert pane.charts.volume.viewRange()[0][1] > x1
    assert calls[1:] == ["tail"]
    x, neg = curve.getData()
    assert len(neg) == len(pane.data.x) and float(x[0]) == float(pane.data.x[0]) + 30.0
