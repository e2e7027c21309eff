"""Trends pane: comments stored late but stamped earlier redraw the buckets they fall in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from crisisdesk.connectors.base import RemoteComment
from crisisdesk.services.events import ChangeBus
from crisisdesk.services.ingest import Ingestor
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.panes.trends import TrendsPane
from crisisdesk.ui.panes.trends_data import ChartData
from tests.services.test_ingest import fake_analyze

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
NOW = T0 + timedelta(minutes=1)


class Desk:
    """A workspace with one account, a private change bus and a way to store comments."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.bus = ChangeBus()
        self.bridge = ChangesBridge(self.bus)
        self.ingestor = Ingestor(db, analyze=fake_analyze)
        self.serial = 0
        with db.session() as s:
            account = Account(platform="weibo", name="市政务微博", display_name="@某市发布")
            s.add(account)
            s.flush()
            self.account_id = account.id

    def store(self, at: datetime, count: int, text: str = "供水服务太差") -> None:
        """Store count comments stamped at, and announce them as the sync service does."""
        comments = []
        for _ in range(count):
            self.serial += 1
            comments.append(
                RemoteComment(
                    external_id=f"c{self.serial}",
                    post_external_id=None,
                    parent_external_id=None,
                    author_id=f"u{self.serial}",
                    author_name="网友",
                    text=f"{text}{self.serial}",
                    created_at=at,
                )
            )
        result = self.ingestor.ingest(self.account_id, comments)
        assert len(result.new_ids) == count
        self.bus.emit(result.changes)
        self.bridge.flush()


def _bucket(data: ChartData | None, at: datetime) -> tuple[float, float]:
    """The total and negative count of the interval that holds at."""
    assert data is not None
    ts = at.timestamp()
    i = int((ts - float(data.x[0])) // data.interval)
    assert float(data.x[i]) <= ts < float(data.x[i]) + data.interval
    return float(data.total[i]), float(data.negative[i])


def _record_reads(pane: TrendsPane) -> list[float]:
    """The first interval of every read the pane merges, in order."""
    reads: list[float] = []
    apply = pane.apply_tail

    def record(gen: int, tail: ChartData) -> None:
        if len(tail.x):
            reads.append(float(tail.x[0]))
        apply(gen, tail)

    pane.apply_tail = record  # type: ignore[method-assign]
    return reads


def _pane(qtbot: QtBot, desk: Desk) -> TrendsPane:
    pane = TrendsPane(desk.db, desk.bridge, actor="li", now=lambda: NOW)
    qtbot.addWidget(pane)
    pane._change_timer.setInterval(10)  # the burst delay is not what these tests are about
    pane.set_range("24h")
    return pane


def test_late_comments_redraw_their_buckets(qtbot: QtBot, db: Database) -> None:
    desk = Desk(db)
    desk.store(T0 - timedelta(minutes=2), 3, text="咨询停水时间")
    pane = _pane(qtbot, desk)
    assert _bucket(pane.data, T0 - timedelta(hours=6)) == (0.0, 0.0)
    reads = _record_reads(pane)

    # A connector catching up after an outage: six hours ago, no F5 pressed.
    late = T0 - timedelta(hours=6, minutes=-2)
    desk.store(late, 4)
    qtbot.waitUntil(lambda: _bucket(pane.data, late) == (4.0, 4.0), timeout=5000)
    assert reads[-1] == (late - timedelta(minutes=2)).timestamp()  # re-read from that bucket
    _x, top = pane.charts.total_curve.getData()
    assert pane.data is not None
    i = int((late.timestamp() - float(pane.data.x[0])) // pane.data.interval)
    assert float(top[i]) == 4.0
    assert "评论 7 条" in pane.summary.text()

    # The usual case: comments at the end read only the tail.
    tail_start = float(pane.data.x[-1])
    desk.store(T0, 2)
    qtbot.waitUntil(lambda: len(reads) == 2, timeout=5000)
    assert reads[-1] == tail_start
    assert _bucket(pane.data, T0) == (2.0, 2.0)
    assert _bucket(pane.data, late) == (4.0, 4.0)


def test_comments_long_before_the_view_read_nothing_older(qtbot: QtBot, db: Database) -> None:
    desk = Desk(db)
    desk.store(T0 - timedelta(minutes=2), 3)
    pane = _pane(qtbot, desk)
    assert pane.data is not None
    tail_start = float(pane.data.x[-1])
    reads = _record_reads(pane)
    desk.store(T0 - timedelta(days=40), 5)  # older than the index baseline reaches
    qtbot.waitUntil(lambda: len(reads) == 1, timeout=5000)
    assert reads == [tail_start]
    assert float(pane.data.total.sum()) == 3.0


def test_a_custom_range_takes_late_comments_inside_it(qtbot: QtBot, db: Database) -> None:
    desk = Desk(db)
    desk.store(T0 - timedelta(hours=5), 1)
    pane = _pane(qtbot, desk)
    pane.set_custom_range(T0 - timedelta(hours=10), T0 - timedelta(hours=2))
    assert pane.data is not None and float(pane.data.total.sum()) == 1.0
    desk.store(T0 - timedelta(hours=1), 2)  # after the range: nothing to redraw
    desk.store(T0 - timedelta(hours=5), 3)  # a spreadsheet of that afternoon
    qtbot.waitUntil(
        lambda: pane.data is not None and float(pane.data.total.sum()) == 4.0, timeout=5000
    )
    assert _bucket(pane.data, T0 - timedelta(hours=5))[0] == 4.0
