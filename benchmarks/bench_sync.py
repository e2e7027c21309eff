"""Comments/s synced from a local fake Weibo server, analysis and storage included.

Target: >= 0.5x the analysis pipeline alone on the same texts, measured in the same run.

The fake server runs in its own process, as a real platform would: its CPU (building
and encoding the JSON pages) is not the sync's. The sync is the real path end to end:
`SyncService.run_once` -> Weibo connector over HTTP -> parse -> analysis -> comments, search
index, trend buckets, waves and cursor committed page by page, into a fresh SQLite workspace.
Each round syncs into a new workspace and then times the pipeline alone on the same texts;
the machine is shared, so the figure is the median of the rounds and the load is printed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# As crisisdesk/__main__.py sets it for the app, before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import report  # noqa: E402

if TYPE_CHECKING:
    from crisisdesk.domain import AnalysisResult

N = 20_000
ROUNDS = 3
PAGE_SIZE = 200  # the fake's (and Weibo's) largest `count`
SERVE = "--serve-fake"
LATENCY_MS = 50.0  # the informational round: a platform's answer time, hidden by fetching ahead


def serve(n: int, latency_ms: float) -> None:
    """Child process: serve n comments until stdin closes; print the address as one JSON line.

    latency_ms > 0 delays every comments page that long, like a platform across the Internet.
    """
    from tests.fakes.weibo import WeiboFake

    fake = WeiboFake()
    fake.add_comments(n)
    if latency_ms > 0:
        fake.server.inject("delay", path="/comments/", times=10**9, delay=latency_ms / 1000)
    print(json.dumps({"url": fake.url, "uid": fake.uid}), flush=True)
    sys.stdin.read()
    fake.close()


def texts_of(n: int) -> list[str]:
    """The texts the fake serves (it is deterministic), for the pipeline-alone baseline."""
    from tests.fakes.weibo import WeiboFake

    fake = WeiboFake()
    fake.add_comments(n)
    texts = [c.text for c in fake.comments.values()]
    fake.close()
    return texts


def sync_once(url: str, uid: str) -> tuple[float, float]:
    """Seconds to sync every comment of the server into a fresh workspace, and of them the
    seconds spent in the analysis (to tell the pipeline's share from storage and HTTP)."""
    from crisisdesk.analysis import Analyzer
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.domain import Platform
    from crisisdesk.services.accounts import ConnectorPool, add_account
    from crisisdesk.services.ingest import Ingestor
    from crisisdesk.services.sync import SyncService
    from crisisdesk.services.workspace import open_workspace

    with tempfile.TemporaryDirectory() as tmp:
        db = open_workspace(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        store = CredentialStore()
        add_account(
            db, store, platform=Platform.WEIBO, name="bench", base_url=url,
            settings={"page_size": PAGE_SIZE, "requests_per_hour": 36_000_000, "burst": 100_000},
            credentials={"access_token": "good-token", "uid": uid}, actor="bench",
        )
        pool = ConnectorPool(store)
        analyzer = Analyzer()
        analysis_s = 0.0

        def analyze(texts: Sequence[str]) -> list[AnalysisResult]:
            nonlocal analysis_s
            begun = time.perf_counter()
            try:
                return analyzer.analyze(texts)
            finally:
                analysis_s += time.perf_counter() - begun

        service = SyncService(db, pool, ingestor=Ingestor(db, analyze=analyze))
        service.ingestor._analyze(["预热"])  # load the dictionary and model outside the timing
        analysis_s = 0.0
        started = time.perf_counter()
        [outcome] = service.run_once()
        sync_s = time.perf_counter() - started
        pool.close_all()
        db.dispose()
    assert outcome.new_comments == N, outcome
    return sync_s, analysis_s


def pipeline_once(texts: list[str]) -> float:
    """Seconds for the analysis pipeline alone on the same texts, in pages of the same size."""
    from crisisdesk.analysis import Analyzer

    fresh = Analyzer()
    fresh.analyze(["预热"])
    started = time.perf_counter()
    for i in range(0, len(texts), PAGE_SIZE):
        fresh.analyze(texts[i : i + PAGE_SIZE])
    return time.perf_counter() - started


def main() -> None:
    """Sync N comments from a fake Weibo in another process, then time the pipeline; 3 rounds."""
    import keyring

    from tests.fakes.keyring_memory import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    server, address = start_server(0)
    slow, slow_address = start_server(LATENCY_MS)
    try:
        texts = texts_of(N)
        load_before = os.getloadavg()[0]
        sync_rates: list[float] = []
        pipe_rates: list[float] = []
        inside: list[float] = []
        for _ in range(ROUNDS):
            sync_s, analysis_s = sync_once(address["url"], address["uid"])
            sync_rates.append(N / sync_s)
            inside.append(analysis_s)
            pipe_rates.append(N / pipeline_once(texts))
        slow_s, _ = sync_once(slow_address["url"], slow_address["uid"])
        load_after = os.getloadavg()[0]
    finally:
        for child in (server, slow):
            assert child.stdin is not None
            child.stdin.close()
            child.wait(timeout=30)
    sync_rate, pipe_rate = statistics.median(sync_rates), statistics.median(pipe_rates)
    ratios = [s / p for s, p in zip(sync_rates, pipe_rates, strict=True)]
    report(
        f"sync from local fake Weibo ({N:,} comments, analysis + storage, median of {ROUNDS})",
        sync_rate, "comments/s", f">= 0.5x pipeline = {0.5 * pipe_rate:,.0f}/s",
        sync_rate >= 0.5 * pipe_rate, baseline=f"analysis pipeline alone {pipe_rate:,.0f} texts/s",
    )
    print(f"ratio sync / pipeline: {sync_rate / pipe_rate:.2f} (rounds: "
          f"{', '.join(f'{r:.2f}' for r in ratios)}); sync rounds "
          f"{', '.join(f'{r:,.0f}' for r in sync_rates)}/s; load average {load_before:.2f} -> "
          f"{load_after:.2f} on {os.cpu_count()} CPUs")
    analysis_s, pipe_s = statistics.median(inside), N / pipe_rate
    print(f"inside the sync: analysis calls {analysis_s:.2f} s of wall time (the same texts "
          f"alone: {pipe_s:.2f} s; the difference is mostly the page fetched ahead holding the "
          f"GIL), the rest {N / sync_rate - analysis_s:.2f} s")
    pages = -(-N // PAGE_SIZE)
    print(f"with {LATENCY_MS:.0f} ms platform latency per page: {N / slow_s:,.0f} comments/s, "
          f"{slow_s:.2f} s ({pages} pages: {pages * LATENCY_MS / 1000:.1f} s of waiting if "
          f"pages were fetched one after another)")


def start_server(latency_ms: float) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """A fake Weibo in its own process, and its address."""
    child = subprocess.Popen(
        [sys.executable, __file__, SERVE, str(N), str(latency_ms)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None
    return child, json.loads(child.stdout.readline())


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == SERVE:
        serve(int(sys.argv[2]), float(sys.argv[3]))
    else:
        main()
