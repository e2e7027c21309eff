"""Sync with the analysis process: the same stored comments as in-process, and no loss if it dies."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crisisdesk.analysis.process import AnalysisProcess
from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import AccountStatus, Platform
from crisisdesk.services.accounts import ConnectorPool, add_account
from crisisdesk.services.ingest import Ingestor
from crisisdesk.services.lexicon import add_watch_words, stored_idf
from crisisdesk.services.sync import SyncService
from crisisdesk.services.workspace import open_workspace
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, WatchHitRow
from crisisdesk.storage.search import count_in_index
from tests.fakes.keyring_memory import MemoryKeyring
from tests.fakes.weibo import WeiboFake

SETTINGS = {"timeout": 2, "connect_timeout": 2, "retries": 1, "backoff": 0.0,
            "requests_per_hour": 3_600_000, "burst": 10_000, "page_size": 50}  # fmt: skip


def _workspace(
    url: str, weibo: WeiboFake, name: str = "滨江发布", **settings: Any
) -> tuple[Database, ConnectorPool]:
    """A workspace with watch-words and one Weibo account on the fake (SETTINGS, overridden)."""
    db = open_workspace(url)
    with db.session() as session:
        add_watch_words(session, "敏感词", ["恢复", "崩"], kind="sensitive", actor="tester")
    store = CredentialStore()
    add_account(
        db, store, platform=Platform.WEIBO, name=name, base_url=weibo.url,
        settings={**SETTINGS, **settings},
        credentials={"access_token": "good-token", "uid": weibo.uid}, actor="tester",
    )  # fmt: skip
    return db, ConnectorPool(store)


def _rows(db: Database) -> dict[str, tuple[Any, ...]]:
    with db.session() as s:
        rows = s.execute(
            select(
                Comment.external_id, Comment.normalized_text, Comment.sentiment,
                Comment.sentiment_score, Comment.intent, Comment.analysis, Comment.simhash,
                Comment.watch_hit_count, Comment.priority, Comment.due_at,
                Comment.wave_id.is_not(None),
            )
        ).all()  # fmt: skip
        # Scores come from a vectorised product whose last bit depends on the batch's size.
        return {r[0]: (r[1], r[2], round(r[3], 12), *r[4:]) for r in rows}


def _hits(db: Database) -> int:
    with db.session() as s:
        return len(s.execute(select(WatchHitRow.id)).all())


@pytest.fixture
def two(
    db_url: str, tmp_path: Path, weibo: WeiboFake, memory_keyring: MemoryKeyring
) -> Iterator[tuple[tuple[Database, ConnectorPool], tuple[Database, ConnectorPool]]]:
    """The same account in two workspaces: one synced with the process, one without."""
    weibo.add_comments(260)
    with_process = _workspace(db_url, weibo)
    in_process = _workspace(f"sqlite:///{tmp_path / 'in-process.sqlite3'}", weibo)
    yield with_process, in_process
    for db, pool in (with_process, in_process):
        pool.close_all()
        db.dispose()


def test_the_process_stores_exactly_what_in_process_analysis_stores(
    two: tuple[tuple[Database, ConnectorPool], tuple[Database, ConnectorPool]],
    weibo: WeiboFake,
) -> None:
    (db, pool), (plain_db, plain_pool) = two
    service = SyncService(db, pool, analysis_process=True)
    plain = SyncService(plain_db, plain_pool)
    try:
        [outcome] = service.run_once()
        [plain_outcome] = plain.run_once()
        assert outcome.status is AccountStatus.OK and outcome.new_comments == 260
        assert plain_outcome.new_comments == 260
        assert service.ingestor.process_pid() is not None
        got, expected = _rows(db), _rows(plain_db)
        assert got.keys() == expected.keys() == weibo.comment_ids()
        assert got == expected
        assert _hits(db) == _hits(plain_db) > 0
        with db.session() as s, plain_db.session() as p:
            for term in ("恢复", "社保系统", "了", "👍", "政策 执行"):
                assert count_in_index(s, term) == count_in_index(p, term), term
        # A second pass (new comments) keeps the same agreement.
        weibo.add_comments(30)
        service.run_once()
        plain.run_once()
        assert _rows(db) == _rows(plain_db)
    finally:
        service.close()
        plain.close()
    # What the process learnt was saved, as in-process analysis saves it.
    with db.session() as s, plain_db.session() as p:
        assert stored_idf(s) == stored_idf(p) is not None


# A stand-in analysis process that accepts its analyzer, then dies on the first page.
_DIES_ON_A_PAGE = (
    "import sys\n"
    "from crisisdesk.analysis.process import decode_line, encode_line\n"
    "for line in sys.stdin.buffer:\n"
    "    request = decode_line(line)\n"
    "    if request['op'] != 'configure':\n"
    "        sys.exit(3)\n"
    "    sys.stdout.buffer.write(encode_line({'id': request['id'], 'ok': True}))\n"
    "    sys.stdout.buffer.flush()\n"
)


# A stand-in analysis process that accepts its analyzer, then never answers a page.
_HANGS_ON_A_PAGE = _DIES_ON_A_PAGE.replace("sys.exit(3)", "import time; time.sleep(3600)")


@pytest.mark.parametrize(
    ("child", "reason"), [(_DIES_ON_A_PAGE, "退出"), (_HANGS_ON_A_PAGE, "没有应答")], ids=["dies", "hangs"]
)
def test_pages_are_analysed_in_process_when_the_analysis_process_dies_or_hangs(
    two: tuple[tuple[Database, ConnectorPool], tuple[Database, ConnectorPool]],
    weibo: WeiboFake,
    monkeypatch: pytest.MonkeyPatch,
    child: str,
    reason: str,
) -> None:
    import crisisdesk.analysis.process as process_module

    monkeypatch.setattr(process_module, "ANSWER_TIMEOUT", 1.0)  # a hung child is ended sooner
    (db, pool), (plain_db, plain_pool) = two
    failing = AnalysisProcess([sys.executable, "-c", child])
    service = SyncService(db, pool, ingestor=Ingestor(db, process=failing))
    try:
        [outcome] = service.run_once()
        # It did fail on the first page (and a hung one was ended).
        assert failing.failed and reason in failing.failed and failing.pid is None
        assert outcome.status is AccountStatus.OK and outcome.new_comments == 260
        [plain_outcome] = SyncService(plain_db, plain_pool).run_once()
        assert plain_outcome.new_comments == 260
        assert _rows(db) == _rows(plain_db)
    finally:
        service.close()


def test_a_killed_analysis_process_is_started_again_for_the_next_pass(
    two: tuple[tuple[Database, ConnectorPool], tuple[Database, ConnectorPool]],
    weibo: WeiboFake,
) -> None:
    (db, pool), (plain_db, plain_pool) = two
    service = SyncService(db, pool, analysis_process=True)
    try:
        service.ingestor.warm_up()
        first = service.ingestor.process_pid()
        assert first is not None
        os.kill(first, signal.SIGKILL)
        [outcome] = service.run_once()
        assert outcome.status is AccountStatus.OK and outcome.new_comments == 260
        [plain_outcome] = SyncService(plain_db, plain_pool).run_once()
        assert plain_outcome.new_comments == 260
        assert _rows(db) == _rows(plain_db)
        weibo.add_comments(20)
        [again] = service.run_once()
        assert again.new_comments == 20
        second = service.ingestor.process_pid()
        assert second is not None and second != first
        assert set(_rows(db)) == weibo.comment_ids()
    finally:
        service.close()
    assert not any(t.name.startswith("sync-fetch") for t in threading.enumerate())


# A real analysis process that takes 0.2 s over every page: reading is the slow stage.
_SLOW_READER = (
    "import time\n"
    "import crisisdesk.analysis.process_main as m\n"
    "handle = m.handle\n"
    "def slow(analyzer, request):\n"
    "    if isinstance(request, dict) and request.get('op') == 'analyze':\n"
    "        time.sleep(0.2)\n"
    "    return handle(analyzer, request)\n"
    "m.handle = slow\n"
    "m.main()\n"
)


class _CountingIngest(Ingestor):
    """Notes, at each store, how many pages were fetched but not yet stored."""

    def __init__(self, db: Database, process: AnalysisProcess) -> None:
        super().__init__(db, process=process)
        self.fetched = 0
        self.stored = 0
        self.ahead: list[int] = []
        self.sizes: list[int] = []

    def analyze_ahead(self, *args: Any, **kw: Any) -> Any:
        self.fetched += 1
        return super().analyze_ahead(*args, **kw)

    def ingest(self, account_id: int, comments: Any, **kw: Any) -> Any:
        self.ahead.append(self.fetched - self.stored)
        self.sizes.append(len(comments))
        result = super().ingest(account_id, comments, **kw)
        self.stored += -(-len(comments) // 200)
        return result


def test_pages_waiting_for_a_slow_reading_stay_bounded(
    sqlite_url: str, weibo: WeiboFake, memory_keyring: MemoryKeyring
) -> None:
    from crisisdesk.services.sync_pages import BATCH_COMMENTS, MAX_QUEUED

    weibo.add_comments(200 * 20)
    db, pool = _workspace(sqlite_url, weibo, "慢速分析", page_size=200)
    ingestor = _CountingIngest(db, AnalysisProcess([sys.executable, "-c", _SLOW_READER]))
    service = SyncService(db, pool, ingestor=ingestor)
    try:
        [outcome] = service.run_once()
    finally:
        service.close()
        pool.close_all()
    assert outcome.status is AccountStatus.OK and outcome.new_comments == 4000
    # However fast the platform, the pages in memory are the queue's and the storing
    # thread's: at most 2 x MAX_QUEUED (plus the one being handed over).
    assert max(ingestor.ahead) <= 2 * MAX_QUEUED + 1, ingestor.ahead
    # Pages fetched while the reading lagged are stored together once read (not one
    # commit per page because the later ones were not read yet when the first was).
    assert sum(ingestor.sizes) == 4000 and len(ingestor.sizes) < 20, ingestor.sizes
    assert max(ingestor.sizes) == BATCH_COMMENTS, ingestor.sizes
    db.dispose()
