"""Shared helpers for the benchmark scripts: figures printed beside targets and baselines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH_HOME = Path(os.environ.get("CRISISDESK_BENCH_DIR", "/tmp/crisisdesk-bench"))


def report(name: str, value: float, unit: str, target: str, ok: bool, baseline: str = "") -> None:
    """Print one figure in the shared format."""
    extra = f"; baseline: {baseline}" if baseline else ""
    print(f"{name}: {value:,.3f} {unit} (target {target}{extra}) {'PASS' if ok else 'FAIL'}", flush=True)


def big_workspace(comments: int = 1_000_000, days: int = 30) -> Path:
    """A demo workspace with this many comments, built once and reused by the benchmarks."""
    path = BENCH_HOME / f"demo-{comments}.sqlite3"
    if not path.exists():
        BENCH_HOME.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".building.sqlite3")
        for stale in BENCH_HOME.glob(tmp.name + "*"):
            stale.unlink()
        subprocess.run(
            [sys.executable, "-m", "crisisdesk", "demo", "--comments", str(comments),
             "--days", str(days), "--quiet", "--db", f"sqlite:///{tmp}"],
            check=True,
        )
        for suffix in ("-wal", "-shm"):
            side = Path(str(tmp) + suffix)
            if side.exists():
                side.unlink()
        tmp.rename(path)
    return path
