"""Trends pane figures on a 1,000,000-comment, 30-day workspace: 30-day redraw and the live tick.

Usage: .venv/bin/python benchmarks/bench_trends_ui.py [--db sqlite:////path/to/workspace.sqlite3]
Without --db the shared 1M demo workspace is built (once, several minutes) and used.
The queries run in the background in the GUI; their times are printed for information.
The GUI-thread figures are setData + repaint of the same plot items.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import big_workspace, report

REDRAW_TARGET_MS = 250.0
TICK_TARGET_MS = 16.0


def main() -> int:
    """Run every figure and print it beside its target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="workspace URL (default: the shared 1M demo workspace)")
    parser.add_argument("--ticks", type=int, default=30)
    args = parser.parse_args()
    url = args.db or f"sqlite:///{big_workspace()}"

    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from crisisdesk.services import trends
    from crisisdesk.services.workspace import open_workspace
    from crisisdesk.ui import ops
    from crisisdesk.ui.changes import ChangesBridge
    from crisisdesk.ui.panes.trends import TrendsPane
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
    pane = TrendsPane(db, ChangesBridge(), actor="bench", now=lambda: now)
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

    pane.set_range("24h")
    ops.wait_idle(600_000)
    assert pane.data is not None
    since = datetime.fromtimestamp(float(pane.data.x[-1]), UTC)
    t0 = time.perf_counter()
    tail = load_tail(db, since=since, end=now, interval=pane.data.interval)
    query_ms = (time.perf_counter() - t0) * 1000
    print(f"live tail query (background thread): {query_ms:,.0f} ms (information)")
    gen = pane._generation
    # The tick is what the GUI thread does when new buckets arrive: merge, setData, and the
    # repaint Qt then performs of what changed (processEvents runs it).
    app.processEvents()
    ticks = []
    for _ in range(args.ticks):
        t0 = time.perf_counter()
        pane.apply_tail(gen, tail)
        app.processEvents()
        ticks.append((time.perf_counter() - t0) * 1000)
    tick = statistics.median(ticks)
    full = []
    for _ in range(3):
        t0 = time.perf_counter()
        pane.apply_tail(gen, tail)
        pane.charts.repaint()  # forced repaint of the whole widget, axes included
        app.processEvents()
        full.append((time.perf_counter() - t0) * 1000)
    report("live update tick (merge + setData + repaint, GUI thread, median)", tick, "ms",
           f"<= {TICK_TARGET_MS:.0f} ms", tick <= TICK_TARGET_MS,
           f"tick with a forced full repaint {statistics.median(full):,.1f} ms; p95 tick "
           f"{sorted(ticks)[int(0.95 * (len(ticks) - 1))]:,.1f} ms")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
