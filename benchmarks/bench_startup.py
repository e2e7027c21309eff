"""Start-up to a usable main window (first inbox rows shown), beside a bare PySide6 window.

Each figure is the median over several fresh processes, timed from spawning the process to
the moment the child reports its window ready (interpreter start included in both). Runs
offscreen, so it needs no display.

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--demo-db PATH] [--big-db PATH]
        [--no-build-big]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TARGET_SECONDS = 1.5
TARGET_RATIO = 3.0
BENCH_DIR = Path(tempfile.gettempdir()) / "crisisdesk-bench"

BARE_CHILD = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1400, 900)
window.show()
app.processEvents()
print("READY", flush=True)
"""

# What `crisisdesk --db URL` does, stopping where run_gui would enter the event loop, then
# spinning the loop until (1) the first inbox rows are painted (READY) and (2) the workspace is
# open and the inbox pane itself has loaded its first page, so every pane works (OPEN).
CRISISDESK_CHILD = """
import os, sys, time
from crisisdesk.cli import build_parser
args = build_parser().parse_args(["--db", sys.argv[1]])
from crisisdesk.app import start_gui
started = start_gui(args.db, args.demo)
if isinstance(started, int):
    sys.exit(started)
app, window = started

def working():
    pane = window.pane("inbox")
    return window.is_attached() and pane is not None and pane.model.is_loaded()

def rows_shown():
    model = window.inbox_model()
    return model is not None and model.rowCount() > 0

while not (rows_shown() or working()):
    app.processEvents()
    time.sleep(0.001)
app.processEvents()  # paint the first rows
rows = window.inbox_model().rowCount()
heavy = [m for m in ("sqlalchemy", "pyqtgraph", "jieba", "sklearn", "crisisdesk.analysis.pipeline")
         if m in sys.modules]
print("READY", rows, ",".join(heavy) or "-", flush=True)
while not working():
    app.processEvents()
    time.sleep(0.001)
app.processEvents()
print("OPEN", window.inbox_model().rowCount(), flush=True)
os._exit(0)
"""


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time_child(
    code: str, args: list[str], env: dict[str, str]
) -> tuple[float, float, str, float | None]:
    """Wall seconds to READY, CPU seconds of the whole child, its READY line, seconds to OPEN."""
    cpu_before = _child_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    second = proc.stdout.readline()
    opened = time.perf_counter() - started if second.startswith("OPEN") else None
    _out, err = proc.communicate(timeout=60)
    if not line.startswith("READY"):
        raise RuntimeError(f"child did not start: {line!r}\n{err}")
    return elapsed, _child_cpu() - cpu_before, line.strip(), opened


@dataclass(frozen=True)
class Measured:
    """Medians of one case."""

    wall: float
    cpu: float
    line: str
    opened: float | None  # to the workspace open and the inbox pane working (None: bare window)


def _interleaved(
    cases: dict[str, tuple[str, list[str]]], env: dict[str, str], runs: int
) -> dict[str, Measured]:
    """Medians per case; runs alternate between cases so load changes hit all alike."""
    for code, args in cases.values():
        _time_child(code, args, env)  # warm the OS file cache; not counted
    walls: dict[str, list[float]] = {name: [] for name in cases}
    cpus: dict[str, list[float]] = {name: [] for name in cases}
    opens: dict[str, list[float]] = {name: [] for name in cases}
    lines: dict[str, str] = {}
    for _ in range(runs):
        for name, (code, args) in cases.items():
            wall, cpu, lines[name], opened = _time_child(code, args, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
            if opened is not None:
                opens[name].append(opened)
    return {
        name: Measured(
            statistics.median(walls[name]),
            statistics.median(cpus[name]),
            lines[name],
            statistics.median(opens[name]) if opens[name] else None,
        )
        for name in cases
    }


def _ensure_workspace(path: Path, comments: int) -> bool:
    """Build a demo workspace with the CLI if it does not exist; False if that failed."""
    if path.exists():
        return True
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {path} with {comments:,} comments (once) ...", flush=True)
    result = subprocess.run(
        [sys.executable, "-m", "crisisdesk", "demo", "--quiet", "--comments", str(comments),
         "--db", f"sqlite:///{path}"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode != 0:
        print(f"  could not build it: {result.stderr.strip() or result.stdout.strip()}")
        path.unlink(missing_ok=True)
        return False
    return True


def _report(name: str, measured: Measured, baseline: Measured) -> bool:
    ratio = measured.wall / baseline.wall
    ok = measured.wall <= TARGET_SECONDS and ratio <= TARGET_RATIO
    _ready, rows, heavy = measured.line.split(" ", 2)
    opened = f"{measured.opened:.3f} s" if measured.opened is not None else "n/a"
    print(
        f"{name}: {measured.wall:.3f} s to a shown window with the first inbox rows ({rows} rows; "
        f"modules loaded by then: {heavy}); workspace open and every pane working at {opened}; "
        f"CPU of the whole run {measured.cpu:.3f} s\n"
        f"  target <= {TARGET_SECONDS:.1f} s and <= {TARGET_RATIO:.0f}x bare window; "
        f"baseline bare PySide6 window {baseline.wall:.3f} s (CPU {baseline.cpu:.3f} s); "
        f"ratio {ratio:.2f}x (CPU ratio {measured.cpu / baseline.cpu:.2f}x)  "
        f"-> {'PASS' if ok else 'FAIL'}"
    )
    return ok


def main() -> int:
    """Measure and print; exit code 1 when a measured target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--demo-db", type=Path, default=BENCH_DIR / "demo.sqlite3")
    parser.add_argument("--big-db", type=Path, default=BENCH_DIR / "big.sqlite3")
    parser.add_argument(
        "--no-build-big",
        action="store_true",
        help="do not build the 1,000,000-comment workspace when it is missing (skip figure b)",
    )
    args = parser.parse_args()

    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # As on a user's machine after the first start (pip compiles installed packages; Python
    # caches our own modules' bytecode on first import): the warm-up run writes the caches.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["CRISISDESK_HOME"] = str(BENCH_DIR / "home")  # no user settings or window state
    env.pop("CRISISDESK_DATABASE_URL", None)

    cases: dict[str, tuple[str, list[str]]] = {"bare": (BARE_CHILD, [])}
    if _ensure_workspace(args.demo_db, 3000):
        cases["demo"] = (CRISISDESK_CHILD, [f"sqlite:///{args.demo_db}"])
    big_available = args.big_db.exists() or (
        not args.no_build_big and _ensure_workspace(args.big_db, 1_000_000)
    )
    if big_available:
        cases["big"] = (CRISISDESK_CHILD, [f"sqlite:///{args.big_db}"])
    measured = _interleaved(cases, env, args.runs)
    baseline = measured["bare"]
    load = os.getloadavg()[0]
    print(
        f"baseline: bare PySide6 QMainWindow shown + event loop spun once: {baseline.wall:.3f} s "
        f"(median of {args.runs}, interleaved with the runs below; "
        f"load average {load:.1f} on {os.cpu_count()} CPUs)"
    )
    results = []
    if "demo" in measured:
        results.append(_report("(a) demo workspace", measured["demo"], baseline))
    else:
        print(f"(a) demo workspace: SKIPPED — could not build {args.demo_db}")
    if "big" in measured:
        results.append(_report("(b) 1,000,000-comment workspace", measured["big"], baseline))
    else:
        print(
            f"(b) 1,000,000-comment workspace: SKIPPED — {args.big_db} does not exist; build it with "
            f"`crisisdesk demo --comments 1000000 --db sqlite:///{args.big_db}` "
            "(takes several minutes), or run without --no-build-big"
        )
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
