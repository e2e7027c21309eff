"""`crisisdesk demo --comments 1000000`: wall time and rows/s (target: minutes, not hours)."""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import report


def main() -> None:
    """Build a demo workspace of N comments in a fresh process and time it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=1_000_000)
    args, _ = parser.parse_known_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite3"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "crisisdesk", "demo", "--comments", str(args.comments),
             "--days", "30", "--quiet", "--db", f"sqlite:///{db}"],
            check=True,
        )
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = db.stat().st_size / 2**20
    # The bar: a million comments "in minutes, not hours"; read here as half an hour.
    report(f"demo build, {args.comments:,} comments, wall time", seconds, "s",
           "<= 1800 s (minutes, not hours)", seconds <= 1800)
    report("demo build rate", args.comments / seconds, "rows/s", ">= 556 rows/s (1M in 30 min)",
           args.comments / seconds >= 556)
    print(f"peak memory of the build process: {peak_mb:,.0f} MB; database file {size_mb:,.0f} MB")


if __name__ == "__main__":
    main()
