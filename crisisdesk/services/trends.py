"""Trend queries over the pre-aggregated minute buckets: volumes, negative share, spread, heatmap."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np
from sqlalchemy import BigInteger, ColumnElement, cast, func, select
from sqlalchemy.orm import Session

from crisisdesk.analysis.signals.baseline import seasonal_median
from crisisdesk.analysis.signals.index import IndexConfig, Indicators
from crisisdesk.analysis.signals.series import FloatArray, RegularSeries, steps_for, window_sums
from crisisdesk.storage.schema import Account, Comment, TrendBucket


@dataclass(frozen=True, slots=True)
class TrendSeries:
    """Comment counts per interval from start, split by sentiment (plain data for charts and rules)."""

    start: datetime
    interval_seconds: int
    total: FloatArray
    negative: FloatArray
    neutral: FloatArray
    positive: FloatArray
    watch_hits: FloatArray

    def __len__(self) -> int:
        return int(self.total.shape[0])

    def times(self) -> list[datetime]:
        """The start of every interval."""
        step = timedelta(seconds=self.interval_seconds)
        return [self.start + i * step for i in range(len(self))]

    def negative_share(self, *, min_volume: float = 1.0) -> FloatArray:
        """Share of negative comments per interval; NaN where fewer than min_volume comments."""
        with np.errstate(invalid="ignore", divide="ignore"):
            share = self.negative / self.total
        share[self.total < max(min_volume, 1.0)] = np.nan
        return share

    def to_regular(self) -> RegularSeries:
        """The series as the detectors read it (an interval with no bucket is a true zero)."""
        return RegularSeries(
            start=self.start.timestamp(),
            interval=float(self.interval_seconds),
            counts=self.total.copy(),
            negative=self.negative.copy(),
            watch_hits=self.watch_hits.copy(),
        )


def align(moment: datetime, interval_seconds: int) -> datetime:
    """The start of the interval that holds moment (intervals are aligned on the Unix epoch)."""
    ts = int(moment.timestamp())
    return datetime.fromtimestamp(ts - ts % interval_seconds, UTC)


def _epoch(session: Session) -> ColumnElement[int]:
    """Unix seconds of TrendBucket.minute in SQL (stored as naive UTC on both backends)."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", TrendBucket.minute), BigInteger)
    return cast(func.extract("epoch", TrendBucket.minute), BigInteger)


def bucket_series(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    interval_seconds: int = 300,
    account_ids: Sequence[int] | None = None,
    platform: str | None = None,
) -> TrendSeries:
    """Counts per interval in [start, end), for some accounts or a platform (default: all)."""
    if interval_seconds < 60 or interval_seconds % 60:
        raise ValueError("interval_seconds must be a whole number of minutes")
    first = align(start, interval_seconds)
    n = max(0, -(-int((end - first).total_seconds()) // interval_seconds))
    base = int(first.timestamp())
    # Binned in SQL: a month of minute buckets comes back as a few thousand rows, not 100k.
    index = ((_epoch(session) - base) // interval_seconds).label("i")
    stmt = (
        select(index, TrendBucket.sentiment, func.sum(TrendBucket.count),
               func.sum(TrendBucket.watch_hits))
        .where(TrendBucket.minute >= first, TrendBucket.minute < end)
        .group_by(index, TrendBucket.sentiment)
    )
    if account_ids:
        stmt = stmt.where(TrendBucket.account_id.in_(list(account_ids)))
    if platform:
        stmt = stmt.join(Account, Account.id == TrendBucket.account_id).where(
            Account.platform == platform
        )
    arrays = {k: np.zeros(n) for k in ("negative", "neutral", "positive", "watch")}
    for i, sentiment, count, hits in session.execute(stmt):
        pos = int(i)
        if not 0 <= pos < n:
            continue
        if sentiment in ("negative", "neutral", "positive"):
            arrays[sentiment][pos] += float(count or 0)
        arrays["watch"][pos] += float(hits or 0)
    total = arrays["negative"] + arrays["neutral"] + arrays["positive"]
    return TrendSeries(
        start=first,
        interval_seconds=interval_seconds,
        total=total,
        negative=arrays["negative"],
        neutral=arrays["neutral"],
        positive=arrays["positive"],
        watch_hits=arrays["watch"],
    )


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Volume of one account or platform in a time range."""

    key: str  # account name or platform value
    label: str  # what people read
    total: int
    negative: int
    watch_hits: int

    @property
    def negative_share(self) -> float | None:
        return self.negative / self.total if self.total else None


def by_account(session: Session, *, start: datetime, end: datetime) -> list[Breakdown]:
    """Comments per account in [start, end), largest first."""
    neg = func.sum(TrendBucket.count).filter(TrendBucket.sentiment == "negative")
    rows = session.execute(
        select(
            Account.name,
            Account.display_name,
            func.sum(TrendBucket.count),
            neg,
            func.sum(TrendBucket.watch_hits),
        )
        .join(Account, Account.id == TrendBucket.account_id)
        .where(TrendBucket.minute >= start, TrendBucket.minute < end)
        .group_by(Account.name, Account.display_name)
    ).all()
    out = [Breakdown(r[0], r[1], int(r[2] or 0), int(r[3] or 0), int(r[4] or 0)) for r in rows]
    return sorted(out, key=lambda b: (-b.total, b.key))


def by_platform(session: Session, *, start: datetime, end: datetime) -> list[Breakdown]:
    """Comments per platform in [start, end), largest first."""
    from crisisdesk.domain import Platform

    neg = func.sum(TrendBucket.count).filter(TrendBucket.sentiment == "negative")
    rows = session.execute(
        select(Account.platform, func.sum(TrendBucket.count), neg, func.sum(TrendBucket.watch_hits))
        .join(Account, Account.id == TrendBucket.account_id)
        .where(TrendBucket.minute >= start, TrendBucket.minute < end)
        .group_by(Account.platform)
    ).all()
    labels = {p.value: p.label for p in Platform}
    out = [
        Breakdown(r[0], labels.get(r[0], r[0]), int(r[1] or 0), int(r[2] or 0), int(r[3] or 0))
        for r in rows
    ]
    return sorted(out, key=lambda b: (-b.total, b.key))


def heatmap(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    tz: tzinfo | None = None,
    account_ids: Sequence[int] | None = None,
) -> list[list[int]]:
    """Comments by weekday (rows, Monday first) and hour of day (columns) in the office's time zone.

    It shows when the audience is active, which is when activities and statements are best
    timed.
    """
    zone = tz or datetime.now().astimezone().tzinfo or UTC
    stmt = (
        select(TrendBucket.minute, func.sum(TrendBucket.count))
        .where(TrendBucket.minute >= start, TrendBucket.minute < end)
        .group_by(TrendBucket.minute)
    )
    if account_ids:
        stmt = stmt.where(TrendBucket.account_id.in_(list(account_ids)))
    grid = [[0] * 24 for _ in range(7)]
    for minute, count in session.execute(stmt):
        local = minute.astimezone(zone)
        grid[local.weekday()][local.hour] += int(count or 0)
    return grid


def active_accounts(session: Session, *, start: datetime, end: datetime, sentiment: str | None = None) -> int:
    """How many accounts had comments (of one sentiment, if given) in [start, end)."""
    stmt = select(func.count(func.distinct(TrendBucket.account_id))).where(
        TrendBucket.minute >= start, TrendBucket.minute < end, TrendBucket.count > 0
    )
    if sentiment:
        stmt = stmt.where(TrendBucket.sentiment == sentiment)
    return int(session.execute(stmt).scalar() or 0)


def active_platforms(session: Session, *, start: datetime, end: datetime, sentiment: str | None = None) -> int:
    """How many platforms had comments (of one sentiment, if given) in [start, end)."""
    stmt = (
        select(func.count(func.distinct(Account.platform)))
        .select_from(TrendBucket)
        .join(Account, Account.id == TrendBucket.account_id)
        .where(TrendBucket.minute >= start, TrendBucket.minute < end, TrendBucket.count > 0)
    )
    if sentiment:
        stmt = stmt.where(TrendBucket.sentiment == sentiment)
    return int(session.execute(stmt).scalar() or 0)


def index_indicators(session: Session, now: datetime, cfg: IndexConfig) -> Indicators:
    """The figures the warning index reads, for the window that ends at the last full 5 minutes.

    Two of them are not in the buckets: distinct authors of negative comments and overdue
    comments, each one indexed COUNT over the comments table.
    """
    end = align(now, 300)
    width = steps_for(cfg.window_minutes * 60.0, 300.0)
    start = end - timedelta(days=8)
    ts = bucket_series(session, start=start, end=end, interval_seconds=300)
    y = window_sums(ts.total, width)
    usual, _days = seasonal_median(y, period=288, days=7, offsets=[-6, 0, 6])
    expected = float(usual[-1]) if len(ts) and not math.isnan(float(usual[-1])) else float(
        ts.total.sum() / max(1.0, len(ts) / width))
    win_start = end - timedelta(minutes=cfg.window_minutes)
    volume = float(ts.total[-width:].sum()) if len(ts) else 0.0
    negative = float(ts.negative[-width:].sum()) if len(ts) else 0.0
    hits = float(ts.watch_hits[-width:].sum()) if len(ts) else 0.0
    authors = session.execute(select(func.count(func.distinct(Comment.author_id))).where(
        Comment.created_at >= win_start, Comment.created_at < end,
        Comment.sentiment == "negative")).scalar() or 0
    overdue = session.execute(select(func.count(Comment.id)).where(
        Comment.due_at < now, Comment.status.in_(("new", "in_progress")))).scalar() or 0
    accounts = active_accounts(session, start=win_start, end=end, sentiment="negative")
    platforms = active_platforms(session, start=win_start, end=end, sentiment="negative")
    return Indicators(volume=volume, expected_volume=expected, negative=negative,
                      negative_authors=int(authors), accounts_hit=accounts, watch_hits=hits,
                      overdue=int(overdue), platforms_hit=platforms)
