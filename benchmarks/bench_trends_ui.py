"""Trends pane figures on a 1,000,000-comment, 30-day workspace: 30-day redraw and the live tick.

Usage: .venv/bin/python benchmarks/bench_trends_ui.py [--db sqlite:////path/to/workspace.sqlite3]
Without --db the shared 1M demo workspace is built (once, several minutes) and used.
The queries run in the background in the GUI; their times are printed for information.
The GUI-thread figures are setData + repaint of the same plot items. The live tick replays
the last two hours at the live timer's pace (LIVE_MS per tick, a real tail read per tick)
and times what the GUI thread does when each tail arrives: merge, setData, repaint. The
target holds for every tick, so the figure is the slowest; median and p95 are printed for
the ticks that moved the view and for those that did not, in wall and GUI-thread CPU time.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import big_workspace, report

REDRAW_TARGET_MS = 250.0
TICK_TARGET_MS = 16.0


def _figures(ticks: list[tuple[float, float]]) -> str:
    """Median, p95 and max of wall time, then of CPU time, over (wall, cpu) pairs."""
    if not ticks:
        return "none in this run"

    def three(values: list[float]) -> str:
        v = sorted(values)
        p95 = v[min(len(v) - 1, math.ceil(0.95 * len(v)) - 1)]
        return f"median {statistics.median(v):,.1f}, p95 {p95:,.1f}, max {v[-1]:,.1f} ms"

    return (f"{len(ticks)} ticks, wall {three([w for w, _c in ticks])}; "
            f"CPU {three([c for _w, c in ticks])}")


class _Collections:
    """Python's garbage collections while a tick runs (they pause the GUI thread too)."""

    def __init__(self) -> None:
        self.pause = 0.0
        self.ticks: list[tuple[float, float]] = []
        self._start = 0.0
        gc.callbacks.append(self.on_gc)

    def on_gc(self, phase: str, _info: dict[str, int]) -> None:
        """gc callback: add each collection's wall time to the running tick's pause."""
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pause += (time.perf_counter() - self._start) * 1000


class _StockCharts:
    """Three stock pyqtgraph plots like the pane's, for the baseline tick."""

    def __init__(self, width: int, height: int) -> None:
        import pyqtgraph as pg
        from PySide6.QtCore import Qt

        self.app = pg.mkQApp()
        self.widget = pg.GraphicsLayoutWidget()
        self.widget.setBackground("w")
        self.widget.resize(width, height)
        self.plots: list[Any] = []
        self.curves: list[Any] = []
        for row in range(3):
            plot = self.widget.addPlot(
                row=row, col=0, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")}
            )
            plot.showGrid(x=True, y=True, alpha=0.15)
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
            self.plots.append(plot)
        for p in self.plots[1:]:
            p.setXLink(self.plots[0])
        for colour, alpha in (("#2e7d32", 110), ("#9e9e9e", 150), ("#c62828", 170)):
            c = pg.mkColor(colour)
            c.setAlpha(alpha)
            self.curves.append(self.plots[0].plot(pen=colour, fillLevel=0, brush=c))
        self.curves.append(self.plots[1].plot(pen=pg.mkPen("#c62828", width=2)))
        self.curves.append(self.plots[2].plot(pen=pg.mkPen("#37474f", width=2)))
        self.widget.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.widget.show()
        self.app.processEvents()

    def tick(self, data: Any) -> tuple[float, float]:
        """Set every curve and move the view to the data's end; (wall ms, CPU ms)."""
        x = data.x + data.interval / 2.0
        mid = data.negative + data.neutral
        ys = (mid + data.positive, mid, data.negative, data.negative_share(), data.index)
        end = data.end.timestamp()
        (x0, x1), _y = self.plots[0].viewRange()
        step = data.interval if abs(x1 - end) < 1.0 else 0.0  # move every time
        t0, c0 = time.perf_counter(), time.thread_time()
        for curve, y in zip(self.curves, ys, strict=True):
            curve.setData(x, y)
        self.plots[0].setXRange(end - (x1 - x0) + step, end + step, padding=0)
        self.app.processEvents()
        self.app.processEvents()
        return (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000


def main() -> int:
    """Run every figure and print it beside its target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="workspace URL (default: the shared 1M demo workspace)")
    parser.add_argument("--ticks", type=int, default=90, help="live ticks (LIVE_MS apart)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{big_workspace()}"

    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from crisisdesk.services import trends
    from crisisdesk.services.workspace import open_workspace
    from crisisdesk.ui import ops
    from crisisdesk.ui.changes import ChangesBridge
    from crisisdesk.ui.panes.trends import LIVE_MS, TrendsPane
    from crisisdesk.ui.panes.trends_data import load_chart, load_tail

    app = QApplication.instance() or QApplication([])
    db = open_workspace(url)
    with db.session() as s:
        from sqlalchemy import func, select

        from crisisdesk.storage.schema import TrendBucket

        last = s.execute(select(func.max(TrendBucket.minute))).scalar()
    now = (last.replace(tzinfo=UTC) if last and last.tzinfo is None else last) or datetime.now(UTC)
    now = now + timedelta(minutes=1)

    started = time.perf_counter()
    clock = [now]
    pane = TrendsPane(db, ChangesBridge(), actor="bench", now=lambda: clock[0])
    pane.resize(1400, 900)
    pane.show()
    pane.set_range("30d")
    ops.wait_idle(600_000)
    first_ms = (time.perf_counter() - started) * 1000
    print(f"first load of the pane, 30-day view, all background reads: {first_ms:,.0f} ms "
          "(information: off the GUI thread)")

    start, end = now - timedelta(days=30), now
    times = []
    data = None
    for _ in range(3):
        t0 = time.perf_counter()
        data = load_chart(db, start=start, end=end, interval=3600)
        times.append((time.perf_counter() - t0) * 1000)
    assert data is not None
    print(f"30-day series query (background thread): {min(times):,.0f} ms for {len(data.x)} points "
          f"and {int(data.total.sum()):,} comments (information)")

    charts = pane.charts
    redraws = []
    for _ in range(7):
        t0 = time.perf_counter()
        charts.set_data(data)
        charts.repaint()
        app.processEvents()
        redraws.append((time.perf_counter() - t0) * 1000)
    redraw = statistics.median(redraws)

    # Baseline: the same 30 days at one point a minute, no downsampling or clipping.
    with db.session() as s:
        minute = trends.bucket_series(s, start=start, end=end, interval_seconds=60)
    plain = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
    plain.resize(1400, 300)
    plain.show()
    x = minute.start.timestamp() + 60.0 * np.arange(len(minute))
    curves = [plain.plot(pen="r", fillLevel=0, brush=(200, 0, 0, 80)) for _ in range(3)]
    base = []
    for _ in range(3):
        t0 = time.perf_counter()
        for c, y in zip(curves, (minute.total, minute.neutral + minute.negative, minute.negative),
                        strict=True):
            c.setData(x, y)
        plain.repaint()
        app.processEvents()
        base.append((time.perf_counter() - t0) * 1000)
    report("30-day view redraw (setData + repaint, GUI thread)", redraw, "ms",
           f"<= {REDRAW_TARGET_MS:.0f} ms", redraw <= REDRAW_TARGET_MS,
           f"{statistics.median(base):,.0f} ms for {len(x):,} one-minute points, no downsampling")

    # The live tick replays the last two hours as the live timer sees them: the clock moves
    # on by LIVE_MS before each tick and the tail is read from the workspace (outside the
    # timing: the app reads it in the background). Most ticks update the last interval in
    # place; once per interval the view moves on by one interval (new bucket, x-range moves).
    # The baseline's window is shown first: showing it later would change which window is
    # active and repaint the whole pane inside the first tick.
    stock = _StockCharts(pane.charts.width(), pane.charts.height())
    clock[0] = now - timedelta(hours=2)
    pane.set_range("24h")
    ops.wait_idle(600_000)
    app.processEvents()
    # The baseline window's first paints change what the platform exposes and make the
    # pane's window repaint whole once (measured: one ~25 ms CPU tick right after the first
    # baseline tick, and none in a run without the baseline): let that happen untimed.
    for _warm in range(3):
        stock.tick(pane.data)
        app.processEvents()
    assert pane.data is not None
    gen = pane._generation
    collections = _Collections()
    moved: list[tuple[float, float]] = []  # (wall ms, GUI-thread CPU ms)
    still: list[tuple[float, float]] = []
    stock_ticks: list[tuple[float, float]] = []
    shown: list[Any] = []  # the data after each tick, replayed on the baseline afterwards
    queries: list[float] = []
    for _ in range(args.ticks):
        clock[0] += timedelta(milliseconds=LIVE_MS)
        data = pane.data
        since = datetime.fromtimestamp(float(data.x[-1]), UTC)
        t0 = time.perf_counter()
        tail = load_tail(db, since=since, end=clock[0], interval=data.interval)
        queries.append((time.perf_counter() - t0) * 1000)
        x_end = pane.charts.volume.viewRange()[0][1]
        app.processEvents()  # nothing left over from the baseline's window
        # The tick is what the GUI thread does when the tail arrives: merge, setData, and the
        # repaint Qt then performs of what changed (processEvents runs it; the second call
        # runs whatever the first one posted, such as a layout pass and its repaint).
        collections.pause = 0.0
        t0, c0 = time.perf_counter(), time.thread_time()
        pane.apply_tail(gen, tail)
        app.processEvents()
        app.processEvents()
        tick = ((time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000)
        (moved if pane.charts.volume.viewRange()[0][1] != x_end else still).append(tick)
        if collections.pause > 1.0:
            collections.ticks.append((tick[0], collections.pause))
        shown.append(pane.data)
    # Baseline, in the same run: stock pyqtgraph plots (translucent grid over the data,
    # clip-to-view, downsampling) given the same data, tick by tick, moved by one interval each
    # time. Run after the pane's ticks, not between them: the stock window's deferred repaints
    # landed inside the pane's next timed tick (measured: the two ~21 ms "still" ticks were
    # the stock window repainting a whole plot, the pane a 16 px strip).
    for data in shown:
        stock_ticks.append(stock.tick(data))
    print(f"live tail query (background thread): {statistics.median(queries):,.0f} ms median "
          "(information)")
    ticks = moved + still
    worst = max(w for w, _c in ticks)
    report("live update tick, every tick (merge + setData + repaint, GUI thread, max)", worst, "ms",
           f"<= {TICK_TARGET_MS:.0f} ms", worst <= TICK_TARGET_MS,
           f"stock pyqtgraph plots moved by one interval with the same data: {_figures(stock_ticks)}")
    print(f"  ticks that moved the view: {_figures(moved)}")
    print(f"  ticks that did not:        {_figures(still)}")
    gc.callbacks.remove(collections.on_gc)
    if collections.ticks:
        print(f"  ticks with a garbage collection over 1 ms inside: {len(collections.ticks)} "
              "(tick ms, collection ms): "
              + ", ".join(f"({t:,.0f}, {g:,.0f})" for t, g in collections.ticks))
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"  load average {load} on {os.cpu_count()} cores: wall time includes waiting for a "
          "core; CPU is the GUI thread's own time")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
