"""Trend queries: series per interval and sentiment, filters, breakdowns and the activity heatmap."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest

from crisisdesk.services import trends
from crisisdesk.storage.db import Database, open_database
from crisisdesk.storage.schema import Account, TrendBucket

T0 = datetime(2026, 5, 4, 0, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    with db.session() as s:
        wb = Account(platform="weibo", name="wb", display_name="微博号")
        dy = Account(platform="douyin", name="dy", display_name="抖音号")
        s.add_all([wb, dy])
        s.flush()

        def row(
            acc: Account, minute: int, sentiment: str, count: int, hits: int = 0
        ) -> TrendBucket:
            return TrendBucket(
                account_id=acc.id,
                minute=T0 + timedelta(minutes=minute),
                sentiment=sentiment,
                intent="other",
                count=count,
                watch_hits=hits,
            )

        s.add_all(
            [
                row(wb, 0, "neutral", 3),
                row(wb, 0, "negative", 1, hits=2),
                row(wb, 4, "positive", 2),
                row(wb, 7, "negative", 5),
                row(dy, 7, "neutral", 4),
                row(dy, 61, "negative", 6),
            ]
        )
    yield db
    db.dispose()


def test_series_bins_minutes_into_intervals_by_sentiment(database: Database) -> None:
    with database.session() as s:
        ts = trends.bucket_series(s, start=T0, end=T0 + timedelta(minutes=15), interval_seconds=300)
    assert ts.start == T0 and len(ts) == 3
    assert ts.total.tolist() == [6, 9, 0]
    assert ts.negative.tolist() == [1, 5, 0] and ts.positive.tolist() == [2, 0, 0]
    assert ts.watch_hits.tolist() == [2, 0, 0]
    share = ts.negative_share(min_volume=5)
    assert share[0] == pytest.approx(1 / 6) and share[1] == pytest.approx(5 / 9)
    assert np.isnan(share[2])
    assert ts.times()[1] == T0 + timedelta(minutes=5)
    reg = ts.to_regular()
    assert reg.interval == 300 and reg.counts.tolist() == [6, 9, 0]


def test_series_filters_by_account_and_platform(database: Database) -> None:
    with database.session() as s:
        douyin = trends.bucket_series(
            s, start=T0, end=T0 + timedelta(hours=2), interval_seconds=3600, platform="douyin"
        )
        assert douyin.total.tolist() == [4, 6]
        wb = trends.by_account(s, start=T0, end=T0 + timedelta(hours=2))
        assert [(b.key, b.total, b.negative) for b in wb] == [("wb", 11, 6), ("dy", 10, 6)]
        plat = trends.by_platform(s, start=T0, end=T0 + timedelta(hours=2))
        assert [(b.label, b.total) for b in plat] == [("微博", 11), ("抖音", 10)]
        assert plat[0].negative_share == pytest.approx(6 / 11)
        assert (
            trends.active_accounts(
                s, start=T0, end=T0 + timedelta(minutes=30), sentiment="negative"
            )
            == 1
        )
        assert trends.active_platforms(s, start=T0, end=T0 + timedelta(hours=2)) == 2


def test_interval_must_be_whole_minutes(database: Database) -> None:
    with database.session() as s, pytest.raises(ValueError):
        trends.bucket_series(s, start=T0, end=T0 + timedelta(hours=1), interval_seconds=90)


def test_heatmap_in_the_office_time_zone(database: Database) -> None:
    beijing = timezone(timedelta(hours=8))
    with database.session() as s:
        grid = trends.heatmap(s, start=T0, end=T0 + timedelta(days=1), tz=beijing)
    assert len(grid) == 7 and all(len(r) == 24 for r in grid)
    assert grid[0][8] == 15 and grid[0][9] == 6  # Monday 08:xx and 09:xx Beijing time
    assert sum(map(sum, grid)) == 21


def test_align_to_the_interval_grid() -> None:
    moment = datetime(2026, 5, 4, 10, 7, 31, tzinfo=UTC)
    assert trends.align(moment, 300) == datetime(2026, 5, 4, 10, 5, tzinfo=UTC)
    assert trends.align(moment, 3600) == datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
