"""Comments/s synced from a local fake Weibo server, analysis and storage included.

Target: >= 0.5x the analysis pipeline alone on the same texts, measured in the same run.

The fake server runs in its own process, as a real platform would: its CPU (building
and encoding the JSON pages) is not the sync's. It encodes each page once (an untimed
first sync) and then replays the bytes, so it takes little of the two cores being measured.
The sync is the real path end to end, as `crisisdesk sync` runs it: `SyncService.run_once`
-> Weibo connector over HTTP -> parse -> analysis (in the analysis process) -> comments,
search index, trend buckets, waves and cursor committed in order, into a fresh SQLite
workspace, with the collector tuned as the command tunes it. Each round syncs into a new
workspace and then times the pipeline alone on the same texts (same process, same
collector settings); the machine is shared, so the figure is the median of the rounds and
the load is printed. One more round analyses in the sync's own process, for comparison.
Two text mixes are measured, each against the pipeline on its own texts (see MIXES).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# As crisisdesk/__main__.py sets it for the app, before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import report  # noqa: E402

N = 20_000
ROUNDS = 5  # single rounds swing by ±10% on a shared machine: the median of five
PAGE_SIZE = 200  # the fake's (and Weibo's) largest `count`
SERVE = "--serve-fake"
LATENCY_MS = 50.0  # the informational round: a platform's answer time, hidden by fetching ahead


# The two text mixes: the fake's five stock complaints, numbered (every comment a near-copy of
# others, so every one joins a copy-paste wave: a campaign's worst case for storage), and
# varied comments about public services (benchmarks/analysis_comments.py), as on most days.
MIXES = {"near-copies": "the fake's stock complaints, every comment in a copy-paste wave",
         "varied": "varied comments (benchmarks/analysis_comments.py)"}  # fmt: skip


def mix_texts(mix: str, n: int) -> list[str]:
    """The n texts of a mix, in the order the fake serves them oldest first."""
    if mix == "varied":
        from analysis_comments import comments

        return comments(n)
    from tests.fakes.weibo import WeiboFake

    fake = WeiboFake()
    fake.add_comments(n)
    texts = [c.text for c in fake.comments.values()]
    fake.close()
    return texts


def serve(n: int, latency_ms: float, mix: str) -> None:
    """Child process: serve n comments until stdin closes; print the address as one JSON line.

    latency_ms > 0 delays every comments page that long, like a platform across the Internet.
    """
    from tests.fakes.weibo import WeiboFake

    fake = WeiboFake()
    fake.add_comments(n, texts=mix_texts(mix, n) if mix == "varied" else ())
    fake.server.replay_gets = True
    if latency_ms > 0:
        fake.server.inject("delay", path="/comments/", times=10**9, delay=latency_ms / 1000)
    print(json.dumps({"url": fake.url, "uid": fake.uid}), flush=True)
    sys.stdin.read()
    fake.close()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Round:
    """One sync into a fresh workspace: wall seconds, and the CPU seconds of each process."""

    seconds: float
    own_cpu: float
    analysis_cpu: float  # the analysis process (0 when analysing in-process)
    server_cpu: float


def sync_once(url: str, uid: str, server_pid: int, *, process: bool) -> Round:
    """Sync every comment of the server into a fresh workspace, as `crisisdesk sync` does
    (process=True: comments read in the analysis process) or all in this process."""
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.domain import Platform
    from crisisdesk.services.accounts import ConnectorPool, add_account
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
        service = SyncService(db, pool, analysis_process=process)
        # The dictionary and the model load when sync starts, before the first page.
        service.ingestor.warm_up()
        child = service.ingestor.process_pid()
        child_before = _cpu_seconds(child) if child else 0.0
        server_before = _cpu_seconds(server_pid)
        own_before = time.process_time()
        started = time.perf_counter()
        [outcome] = service.run_once()
        seconds = time.perf_counter() - started
        own = time.process_time() - own_before
        server = _cpu_seconds(server_pid) - server_before
        analysis = _cpu_seconds(child) - child_before if child else 0.0
        service.close()
        pool.close_all()
        db.dispose()
    assert outcome.new_comments == N, outcome
    return Round(seconds, own, analysis, server)


def pipeline_once(texts: list[str]) -> float:
    """Seconds for the analysis pipeline alone on the same texts, in pages of the same size
    (under the same collector settings as the sync and the analysis process)."""
    from crisisdesk.analysis import Analyzer

    fresh = Analyzer()
    fresh.warm_up()
    started = time.perf_counter()
    for i in range(0, len(texts), PAGE_SIZE):
        fresh.analyze(texts[i : i + PAGE_SIZE])
    return time.perf_counter() - started


def measure(mix: str) -> tuple[list[Round], list[float], Round, float, float]:
    """ROUNDS syncs of a mix (each then the pipeline alone on its texts), one in-process."""
    server, address = start_server(0, mix)
    try:
        texts = mix_texts(mix, N)
        # The fake encodes each page once, then replays it (its CPU is a platform's).
        sync_once(address["url"], address["uid"], server.pid, process=True)
        load_before = os.getloadavg()[0]
        rounds: list[Round] = []
        pipe_rates: list[float] = []
        for _ in range(ROUNDS):
            rounds.append(sync_once(address["url"], address["uid"], server.pid, process=True))
            pipe_rates.append(N / pipeline_once(texts))
        single = sync_once(address["url"], address["uid"], server.pid, process=False)
        load_after = os.getloadavg()[0]
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)
    return rounds, pipe_rates, single, load_before, load_after


def main() -> None:
    """Each text mix: 3 rounds of sync then pipeline, one in-process sync; a latency round."""
    import keyring

    from crisisdesk.collector import tune_for_bulk_work
    from crisisdesk.services import sync  # noqa: F401  (loaded before the collector is tuned)
    from tests.fakes.keyring_memory import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    tune_for_bulk_work()  # as `crisisdesk sync` does once its workspace is open
    for mix, label in MIXES.items():
        rounds, pipe_rates, single, load_before, load_after = measure(mix)
        sync_rates = [N / r.seconds for r in rounds]
        sync_rate, pipe_rate = statistics.median(sync_rates), statistics.median(pipe_rates)
        ratios = [s / p for s, p in zip(sync_rates, pipe_rates, strict=True)]
        report(
            f"sync from local fake Weibo, {label} ({N:,} comments, analysis + storage, "
            f"median of {ROUNDS})", sync_rate, "comments/s",
            f">= 0.5x pipeline = {0.5 * pipe_rate:,.0f}/s", sync_rate >= 0.5 * pipe_rate,
            baseline=f"analysis pipeline alone on the same texts {pipe_rate:,.0f} texts/s",
        )  # fmt: skip
        print(f"  ratio sync / pipeline: {sync_rate / pipe_rate:.2f} (rounds: "
              f"{', '.join(f'{r:.2f}' for r in ratios)}); sync rounds "
              f"{', '.join(f'{r:,.0f}' for r in sync_rates)}/s; load average "
              f"{load_before:.2f} -> {load_after:.2f} on {os.cpu_count()} CPUs")
        mid = sorted(rounds, key=lambda r: r.seconds)[len(rounds) // 2]
        print(f"  CPU in the median round ({mid.seconds:.2f} s): sync process "
              f"{mid.own_cpu:.2f} s (fetch, parse, store), analysis process "
              f"{mid.analysis_cpu:.2f} s, fake server {mid.server_cpu:.2f} s; the pipeline "
              f"alone: {N / pipe_rate:.2f} s")
        print(f"  the same sync analysing in its own process (no analysis process): "
              f"{N / single.seconds:,.0f} comments/s, {single.seconds:.2f} s "
              f"({N / single.seconds / pipe_rate:.2f}x the pipeline)")
    slow, slow_address = start_server(LATENCY_MS, "near-copies")
    try:
        sync_once(slow_address["url"], slow_address["uid"], slow.pid, process=True)
        slow_round = sync_once(slow_address["url"], slow_address["uid"], slow.pid, process=True)
    finally:
        assert slow.stdin is not None
        slow.stdin.close()
        slow.wait(timeout=30)
    pages = -(-N // PAGE_SIZE)
    print(f"with {LATENCY_MS:.0f} ms platform latency per page: {N / slow_round.seconds:,.0f} "
          f"comments/s, {slow_round.seconds:.2f} s ({pages} pages: "
          f"{pages * LATENCY_MS / 1000:.1f} s of waiting if pages were fetched one after another)")


def start_server(latency_ms: float, mix: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """A fake Weibo in its own process, serving a text mix, and its address."""
    child = subprocess.Popen(
        [sys.executable, __file__, SERVE, str(N), str(latency_ms), mix],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None
    return child, json.loads(child.stdout.readline())


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == SERVE:
        serve(int(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
    else:
        main()
