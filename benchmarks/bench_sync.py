"""Comments/s synced from a local fake Weibo server, analysis and storage included.

Target: >= 0.5x the analysis pipeline alone on the same texts, measured in the same run.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import report  # noqa: E402

N = 20_000


def main() -> None:
    """Sync N comments into a fresh SQLite workspace, then time the pipeline on the same texts."""
    import keyring

    from crisisdesk.analysis import Analyzer
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.domain import Platform
    from crisisdesk.services.accounts import ConnectorPool, add_account
    from crisisdesk.services.ingest import Ingestor
    from crisisdesk.services.sync import SyncService
    from crisisdesk.services.workspace import open_workspace
    from tests.fakes.keyring_memory import MemoryKeyring
    from tests.fakes.weibo import WeiboFake

    keyring.set_keyring(MemoryKeyring())
    fake = WeiboFake()
    fake.add_comments(N)
    texts = [c.text for c in fake.comments.values()]
    with tempfile.TemporaryDirectory() as tmp:
        db = open_workspace(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        store = CredentialStore()
        add_account(
            db, store, platform=Platform.WEIBO, name="bench", base_url=fake.url,
            settings={"page_size": 200, "requests_per_hour": 36_000_000, "burst": 100_000},
            credentials={"access_token": "good-token", "uid": fake.uid}, actor="bench",
        )
        analyzer = Analyzer()
        analyzer.analyze(["预热"])  # load the dictionary and model outside the timing
        pool = ConnectorPool(store)
        service = SyncService(db, pool, ingestor=Ingestor(db, analyze=Analyzer().analyze))
        service.ingestor._analyze(["预热"])
        started = time.perf_counter()
        [outcome] = service.run_once()
        sync_s = time.perf_counter() - started
        pool.close_all()
        db.dispose()
    fake.close()
    assert outcome.new_comments == N, outcome
    fresh = Analyzer()
    fresh.analyze(["预热"])
    started = time.perf_counter()
    for i in range(0, N, 200):
        fresh.analyze(texts[i : i + 200])
    pipe_s = time.perf_counter() - started
    sync_rate, pipe_rate = N / sync_s, N / pipe_s
    report(
        f"sync from local fake Weibo ({N:,} comments, analysis + storage)",
        sync_rate, "comments/s", f">= 0.5x pipeline = {0.5 * pipe_rate:,.0f}/s",
        sync_rate >= 0.5 * pipe_rate, baseline=f"analysis pipeline alone {pipe_rate:,.0f} texts/s",
    )
    print(f"ratio sync / pipeline: {sync_rate / pipe_rate:.2f}")


if __name__ == "__main__":
    main()
