"""The sync service against the contract-only Weibo fake, with faults mid-sync and a SIGKILL."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import AccountStatus, Platform
from crisisdesk.services.accounts import ConnectorPool, add_account
from crisisdesk.services.ingest import Ingestor
from crisisdesk.services.sync import SyncService
from crisisdesk.services.workspace import open_workspace
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment
from tests.fakes.keyring_memory import MemoryKeyring
from tests.fakes.strict_weibo import POSTS, TOKEN, UID, StrictWeiboFake
from tests.fakes.sync_process import ROOT, child_sync_workspace
from tests.services.test_ingest import fake_analyze

POST = next(iter(POSTS))
FAST = {
    "timeout": 0.5,
    "connect_timeout": 0.5,
    "retries": 1,
    "backoff": 0.0,
    "requests_per_hour": 3_600_000,
    "burst": 10_000,
}


@pytest.fixture
def chaotic() -> Iterator[StrictWeiboFake]:
    fake = StrictWeiboFake(seed=23, max_count=25, chaos=0.15)
    yield fake
    fake.close()


def _stored(db: Database) -> tuple[set[str], int]:
    with db.session() as s:
        ids = set(s.execute(select(Comment.external_id)).scalars())
        rows = s.execute(select(func.count()).select_from(Comment)).scalar_one()
    return ids, rows


def _count(path: Path) -> int:
    """Rows stored so far, read while another process writes (waits out its locks)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as conn:
        return int(conn.execute("SELECT count(*) FROM comments").fetchone()[0])


def _expected(fake: StrictWeiboFake) -> set[str]:
    return fake.visible_ids() | fake.visible_ids(post=POST)


def test_sync_with_faults_mid_sync_stores_exactly_the_servers_set(
    db: Database, chaotic: StrictWeiboFake, memory_keyring: MemoryKeyring
) -> None:
    store = CredentialStore()
    view = add_account(
        db,
        store,
        platform=Platform.WEIBO,
        name="市水务局",
        base_url=chaotic.url,
        settings={**FAST, "page_size": 40, "watch_posts": [str(POST)]},
        credentials={"access_token": TOKEN, "uid": str(UID)},
        actor="tester",
    )
    pool = ConnectorPool(store)
    service = SyncService(db, pool, ingestor=Ingestor(db, analyze=fake_analyze))
    try:
        statuses: set[AccountStatus] = set()
        chaotic.add(700)
        for round_ in range(12):
            [outcome] = service.run_once()
            statuses.add(outcome.status)
            if outcome.status is not AccountStatus.OK:
                assert outcome.retry_in is not None and outcome.retry_in > 0
            chaotic.add(35 + round_ * 3)
        assert chaotic.faults_queued > 0
        assert {AccountStatus.ERROR, AccountStatus.OK} <= statuses
        chaotic.chaos = 0.0
        chaotic.server.clear_faults()
        service.run_once()
        [final] = service.run_once()
        assert final.status is AccountStatus.OK
        stored, rows = _stored(db)
        assert rows == len(stored)
        assert stored == _expected(chaotic)
        assert view.id
    finally:
        pool.close_all()


@pytest.mark.slow
def test_sigkill_mid_sync_against_the_strict_fake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = StrictWeiboFake(seed=29, max_count=20, chaos=0.02)
    try:
        fake.add(2_000)
        fake.add(400, post=POST)
        url, cmd, env = child_sync_workspace(
            tmp_path,
            monkeypatch,
            name="市水务局",
            base_url=fake.url,
            settings={**FAST, "page_size": 20, "watch_posts": [str(POST)]},
            credentials={"access_token": TOKEN, "uid": str(UID)},
        )
        rng = random.Random(20261122)
        kills_mid_sync = starts = 0
        while kills_mid_sync < 2:
            # A run that meets an injected fault ends early on its own; start another.
            starts += 1
            assert starts <= 10, "the sync kept finishing before it could be killed"
            before = _count(tmp_path / "ws.sqlite3")
            # Kill once the child has stored a few hundred more rows: always among the pages,
            # however slow start-up is on a loaded machine.
            target = before + rng.randint(120, 350)
            proc = subprocess.Popen(
                cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline:
                if _count(tmp_path / "ws.sqlite3") >= target:
                    proc.send_signal(signal.SIGKILL)
                    kills_mid_sync += 1
                    break
                time.sleep(0.02)
            proc.wait(timeout=30)
            fake.add(50)  # arrivals while the desk is down
        fake.chaos = 0.0
        fake.server.clear_faults()
        # The first run closes the gap a kill left open; the arrivals above it are the next poll's.
        for _ in range(2):
            final = subprocess.run(
                cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
            )
        assert final.returncode == 0, final.stderr[-2000:]
        db = open_workspace(url)
        try:
            stored, rows = _stored(db)
        finally:
            db.dispose()
        assert rows == len(stored), "a comment was stored twice"
        expected = _expected(fake)
        assert stored == expected, (
            f"missing {len(expected - stored)}, extra {len(stored - expected)}"
        )
    finally:
        fake.close()
