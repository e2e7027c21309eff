"""What the Trends pane shows, read in the background from the trend buckets (no Qt here)."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from PySide6.QtCore import QCoreApplication
from sqlalchemy import func, select

from crisisdesk.analysis.signals.baseline import seasonal_median
from crisisdesk.analysis.signals.index import (
    INDICATORS,
    IndexConfig,
    IndexReading,
    Indicators,
    indicator_scores,
)
from crisisdesk.analysis.signals.series import FloatArray, window_sums
from crisisdesk.domain import WarningLevel
from crisisdesk.services import alerts, incidents, trends
from crisisdesk.services.alerts import AlertView
from crisisdesk.services.hotwords import HotWordsResult, hot_words
from crisisdesk.services.incidents import IncidentView
from crisisdesk.services.trends import Breakdown
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment

# Range key -> (span, bucket interval): each view has a few hundred points at most.
RANGES: dict[str, tuple[timedelta, int]] = {
    "1h": (timedelta(hours=1), 60),
    "24h": (timedelta(hours=24), 300),
    "7d": (timedelta(days=7), 900),
    "30d": (timedelta(days=30), 3600),
}
# Intervals that divide a day, so the same-time-of-day baseline lines up.
_NICE = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
MAX_POINTS = 1500
BASELINE_DAYS = 7


def interval_for(span: timedelta) -> int:
    """The bucket interval for a custom span: the finest that keeps the points under MAX_POINTS."""
    seconds = max(60.0, span.total_seconds())
    for step in _NICE:
        if seconds / step <= MAX_POINTS:
            return step
    return _NICE[-1]


@dataclass(slots=True)
class ChartData:
    """The series of one view; `x` is each interval's start in Unix seconds."""

    start: datetime
    end: datetime
    interval: int
    x: FloatArray
    negative: FloatArray
    neutral: FloatArray
    positive: FloatArray
    watch_hits: FloatArray
    index: FloatArray  # warning index recomputed from the buckets (see index_history)
    index_levels: tuple[float, float, float, float] = (25.0, 45.0, 65.0, 85.0)
    # The newest comment id stored when these buckets were read: comments after it are news.
    last_id: int = 0

    @property
    def total(self) -> FloatArray:
        return self.negative + self.neutral + self.positive

    def negative_share(self, *, min_volume: float = 5.0) -> FloatArray:
        """Negative share in percent over the hour up to each point (at least one interval).

        A share of two comments swings from 0 to 100 %; the hour and the minimum volume keep
        the line readable at night. NaN where fewer than min_volume comments were seen.
        """
        width = max(1, 3600 // self.interval)
        total = np.convolve(self.total, np.ones(width), mode="full")[: len(self.x)]
        neg = np.convolve(self.negative, np.ones(width), mode="full")[: len(self.x)]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = 100.0 * neg / total
        share[total < min_volume] = np.nan
        return share

    def merge(self, newer: ChartData) -> int:
        """Take newer buckets in place (the last one may have grown); returns how many were added.

        The view keeps its span: points that fall off the start are dropped, so a live view
        moves along with time.
        """
        self.last_id = max(self.last_id, newer.last_id)
        if len(newer.x) == 0:
            return 0
        first = float(newer.x[0])
        keep = int(np.searchsorted(self.x, first))
        added = len(newer.x) - (len(self.x) - keep)
        for name in ("x", "negative", "neutral", "positive", "watch_hits", "index"):
            old = getattr(self, name)
            setattr(self, name, np.concatenate([old[:keep], getattr(newer, name)]))
        span = self.end - self.start
        self.end = max(self.end, newer.end)
        self.start = self.end - span
        cut = int(np.searchsorted(self.x, self.start.timestamp()))
        if cut > 0:
            for name in ("x", "negative", "neutral", "positive", "watch_hits", "index"):
                setattr(self, name, getattr(self, name)[cut:])
        return max(0, added)

    def to_csv(self) -> str:
        """The data behind the charts as CSV (UTF-8 with BOM for spreadsheet programs)."""
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                QCoreApplication.translate("TrendsData", "时间"),
                QCoreApplication.translate("TrendsData", "评论总量"),
                QCoreApplication.translate("TrendsData", "负面"),
                QCoreApplication.translate("TrendsData", "中性"),
                QCoreApplication.translate("TrendsData", "正面"),
                QCoreApplication.translate("TrendsData", "负面占比(%)"),
                QCoreApplication.translate("TrendsData", "关注词命中"),
                QCoreApplication.translate("TrendsData", "预警指数(回算)"),
            ]
        )
        share = self.negative_share()
        for i, x in enumerate(self.x):
            moment = datetime.fromtimestamp(float(x), UTC).astimezone()
            writer.writerow(
                [
                    moment.strftime("%Y-%m-%d %H:%M"),
                    _num(self.total[i]),
                    _num(self.negative[i]),
                    _num(self.neutral[i]),
                    _num(self.positive[i]),
                    _num(share[i], 1),
                    _num(self.watch_hits[i]),
                    _num(self.index[i], 1),
                ]
            )
        return out.getvalue()


def _num(value: float, digits: int = 0) -> str:
    v = float(value)
    if math.isnan(v):
        return ""
    return f"{v:.{digits}f}"


def index_history(
    total: FloatArray, negative: FloatArray, watch: FloatArray, *, interval: int, cfg: IndexConfig
) -> FloatArray:
    """The warning index at every step from the buckets alone.

    Three of the five indicators live in the buckets (growth, negative share, watch-word
    hits); the other two (authors and accounts reached, overdue replies) are not kept per
    interval, so the history counts them as zero and the chart says so. The live reading
    from alerts.warning_index() carries all five.
    """
    width = max(1, round(cfg.window_minutes * 60 / interval))
    vol = window_sums(total, width)
    neg = window_sums(negative, width)
    hits = window_sums(watch, width)
    per_day = 86400 // interval
    if per_day >= 1 and 86400 % interval == 0:
        usual, _days = seasonal_median(vol, period=per_day, days=BASELINE_DAYS, offsets=[0])
    else:
        usual = np.full_like(vol, np.nan)
    fallback = float(np.nanmedian(vol)) if np.any(~np.isnan(vol)) else 0.0
    total_w = sum(cfg.weights.get(k, 0.0) for k in INDICATORS)
    out = np.full(total.shape[0], np.nan)
    for i in range(total.shape[0]):
        v = float(vol[i])
        if math.isnan(v):
            continue
        expected = float(usual[i]) if not math.isnan(float(usual[i])) else fallback
        ind = Indicators(
            volume=v,
            expected_volume=expected,
            negative=float(neg[i]),
            negative_authors=0,
            accounts_hit=1,
            watch_hits=float(hits[i]),
            overdue=0,
        )
        scores = indicator_scores(ind, cfg)
        out[i] = 100.0 * sum(cfg.weights.get(k, 0.0) * scores[k] for k in INDICATORS) / total_w
    return out


def index_config(db: Database) -> IndexConfig:
    """The weights and level lines of the workspace's index rule (defaults when it has none)."""
    from crisisdesk.ui.alerts_data import rule_specs

    for spec in rule_specs(db):
        if spec.kind == "index":
            return IndexConfig.from_dict(dict(spec.params))
    return IndexConfig()


def load_chart(db: Database, *, start: datetime, end: datetime, interval: int) -> ChartData:
    """The series of [start, end) at the interval; a week before start feeds the index baseline."""
    return _read(db, start=start, end=end, interval=interval, cfg=index_config(db))


def load_tail(db: Database, *, since: datetime, end: datetime, interval: int) -> ChartData:
    """Only the newest buckets, from the last shown interval on (the live tick's query)."""
    return _read(db, start=since, end=end, interval=interval, cfg=index_config(db))


def load_update(
    db: Database,
    *,
    since: datetime,
    end: datetime,
    interval: int,
    first_shown: datetime,
    after_id: int,
) -> ChartData:
    """The live read: the tail from since, or from the earliest shown time a late comment changed.

    Comments stored after `after_id` may be stamped long before the tail (a spreadsheet of
    yesterday's comments, a connector catching up after an outage). Their buckets are read
    again from the earliest one on; comments before the view still move the index it shows
    (its baseline looks a week back), so those re-read the whole view. When nothing arrived
    earlier than since and since is not before end (a fixed range), nothing is read.
    """
    cfg = index_config(db)
    newest, earliest = arrivals(db, after_id=after_id)
    reach = first_shown - timedelta(days=BASELINE_DAYS, minutes=cfg.window_minutes)
    if earliest is not None and reach <= earliest < min(since, end):
        since = max(first_shown, trends.align(earliest, interval))
    elif since >= end:
        return _empty(since, end, interval, cfg, newest)
    return _read(db, start=since, end=end, interval=interval, cfg=cfg, last_id=newest)


def arrivals(db: Database, *, after_id: int) -> tuple[int, datetime | None]:
    """The newest comment id, and the earliest creation time of the comments stored after after_id."""
    with db.session() as s:
        newest, earliest = s.execute(
            select(func.max(Comment.id), func.min(Comment.created_at)).where(Comment.id > after_id)
        ).one()
    return (int(newest) if newest is not None else after_id), earliest


def _newest_id(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.max(Comment.id))) or 0)


def _empty(since: datetime, end: datetime, interval: int, cfg: IndexConfig, last: int) -> ChartData:
    none = np.zeros(0)
    return ChartData(
        start=since,
        end=end,
        interval=interval,
        x=none,
        negative=none,
        neutral=none,
        positive=none,
        watch_hits=none,
        index=none,
        index_levels=cfg.levels,
        last_id=last,
    )


def _read(
    db: Database,
    *,
    start: datetime,
    end: datetime,
    interval: int,
    cfg: IndexConfig,
    last_id: int | None = None,
) -> ChartData:
    """The buckets of [start, end), with the lead the index history needs."""
    # The id is read before the buckets: a comment stored in between is seen again, never missed.
    if last_id is None:
        last_id = _newest_id(db)
    lead = timedelta(days=BASELINE_DAYS) + timedelta(minutes=cfg.window_minutes)
    with db.session() as s:
        ts = trends.bucket_series(s, start=start - lead, end=end, interval_seconds=interval)
    idx = index_history(ts.total, ts.negative, ts.watch_hits, interval=interval, cfg=cfg)
    first = trends.align(start, interval)
    skip = max(0, int((first - ts.start).total_seconds() // interval))
    x = ts.start.timestamp() + interval * np.arange(len(ts), dtype=float)
    return ChartData(
        start=first,
        end=end,
        interval=interval,
        x=x[skip:],
        negative=ts.negative[skip:],
        neutral=ts.neutral[skip:],
        positive=ts.positive[skip:],
        watch_hits=ts.watch_hits[skip:],
        index=idx[skip:],
        index_levels=cfg.levels,
        last_id=last_id,
    )


@dataclass(frozen=True, slots=True)
class Context:
    """Everything around the series: markers, the live index, breakdowns and the heatmap."""

    alerts: list[AlertView]
    incidents: list[IncidentView]
    reading: IndexReading | None
    level: WarningLevel
    by_account: list[Breakdown]
    by_platform: list[Breakdown]
    heatmap: list[list[int]] = field(default_factory=list)


def load_context(db: Database, *, start: datetime, end: datetime, now: datetime) -> Context:
    """Alerts and incidents of the view, the warning index now, and the breakdowns of the view."""
    with db.session() as s:
        alert_rows = alerts.list_alerts(s, since=start, limit=500)
        incident_rows = incidents.list_incidents(s, now, include_closed=True)
        reading = alerts.warning_index(s, now)
        level = alerts.current_level(s, now)
        accounts = trends.by_account(s, start=start, end=end)
        platforms = trends.by_platform(s, start=start, end=end)
        grid = trends.heatmap(s, start=start, end=end)
    return Context(
        alerts=alert_rows,
        incidents=incident_rows,
        reading=reading,
        level=level,
        by_account=accounts,
        by_platform=platforms,
        heatmap=grid,
    )


def load_hot_words(db: Database, *, start: datetime, end: datetime) -> HotWordsResult:
    """Emerging words of the view's window."""
    with db.session() as s:
        return hot_words(s, start=start, end=end, top=20)
