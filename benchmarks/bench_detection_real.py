"""Issue #7 acceptance on two independent generators: the default rules beside the two baselines.

Generator A is bench_detection.py's (the defaults may have been tuned to it); generator
B is realistic_series.py (negative-binomial counts, near-zero nights, holidays, level
shifts, single-bucket outliers, gaps, jittered and irregular rows, Hawkes-like cascades,
double peaks, night-time surges, accounts from under one comment per 5 minutes to hundreds).
Every series goes through `crisisdesk alerts backtest --series` (in process) with the
default rules. False alarms are counted as episodes (alerts merged when at most 5 minutes
apart — strict — and when at most an hour apart), over every week of every series.

Acceptance (issue #7): at least as many labelled surges caught as the better baseline,
with at most half its false-alarm episodes per week. A baseline's figures depend on its
setting, so two readings are printed per generator:
- conventional settings (fixed: 15 minutes at 4 x the mean; last hour at 3 x the previous 12);
- the baselines' whole trade-off: tuned to twice our false-alarm episodes they must not
  catch more surges than we do (equivalently, to catch as many as we do they need at least
  twice our false alarms).

Run: .venv/bin/python benchmarks/bench_detection_real.py [--quick] [--write-samples DIR]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_detection as gen_a
import realistic_series as gen_b
from detection_eval import (
    BASELINES,
    HOUR_GAP,
    STRICT_GAP,
    Case,
    Prepared,
    Result,
    caught_flags,
    prepare,
    score_baseline,
    score_ours,
    sweep,
)


def cases_a(seed: int, quick: bool) -> list[Case]:
    """bench_detection.py's traces (same seed and mix), written as Unix-seconds CSV."""
    rng = np.random.default_rng(seed)
    surges, calm = gen_a.build(rng, 300.0, 2 if quick else 5, 8 if quick else 24)
    out = []
    for i, tr in enumerate(surges + calm):
        s = tr.series
        rows = ["timestamp,count"] + [f"{s.time_at(k):.0f},{int(c)}" for k, c in enumerate(s.counts)]
        labels = [] if tr.surge is None else [tr.surge]
        out.append(Case(f"A{i:03d}", "\n".join(rows) + "\n", labels,
                        len(s) * s.interval / (7 * 86400.0),
                        kinds=[tr.shape] if tr.surge else []))
    return out


def cases_b(seed: int, quick: bool) -> list[Case]:
    """realistic_series.py's accounts."""
    sizes = (3, 4, 2) if quick else (8, 10, 6)
    accounts = gen_b.make_set(seed, n_small=sizes[0], n_medium=sizes[1], n_big=sizes[2])
    return [Case(a.name, a.csv_text(), [(s.start, s.end) for s in a.surges], a.weeks, group=a.kind,
                 kinds=[s.shape + (" (night)" if s.night else "") for s in a.surges])
            for a in accounts]


def report(title: str, prep: list[Prepared]) -> bool:
    """Print one generator's figures; True when the acceptance holds in every reading."""
    n_surges = sum(len(p.case.labels) for p in prep)
    weeks = sum(p.case.weeks for p in prep)
    print(f"\n== {title}: {len(prep)} series, {n_surges} labelled surges, {weeks:.1f} weeks ==")
    ok_all = True
    for gap_name, gap in (("strict (5 min)", STRICT_GAP), ("1 hour", HOUR_GAP)):
        ours = score_ours(prep, gap)
        print(f"-- episodes merged at {gap_name}")
        print(f"  {'default rules (CLI backtest)':<44} {ours.text()}")
        conv: list[tuple[str, Result]] = []
        for name, (hot, _grid, usual) in BASELINES.items():
            r = score_baseline(prep, hot, usual, gap)
            conv.append((name, r))
            print(f"  {name + f' at {usual:g}':<44} {r.text()}")
        better = max(conv, key=lambda nr: (nr[1].caught, -nr[1].fa_per_week))[1]
        ok = ours.caught >= better.caught and ours.fa_per_week <= 0.5 * better.fa_per_week
        ok_all &= ok
        print(f"  acceptance vs the better conventional baseline: {'PASS' if ok else 'FAIL'}")
        for name, (hot, grid, _usual) in BASELINES.items():
            curve = sweep(prep, hot, grid, gap)
            budget = 2.0 * ours.fa_per_week
            within = [r for _g, r in curve if r.fa_per_week <= budget + 1e-9]
            best = max(within, key=lambda r: r.caught) if within else None
            match = [r.fa_per_week for _g, r in curve if r.caught >= ours.caught]
            need = min(match) if match else math.inf
            ok = best is None or best.caught <= ours.caught
            ok_all &= ok
            caught_txt = "no setting" if best is None else f"{best.caught}/{n_surges}"
            print(f"  {name}: at <= {budget:.2f} FA episodes/week catches {caught_txt}; "
                  f"to catch {ours.caught} it needs {need:.2f}/week "
                  f"({need / max(1e-9, ours.fa_per_week):.1f}x ours) -> {'PASS' if ok else 'FAIL'} "
                  f"(the acceptance holds at every setting of it raising {budget:.2f} to "
                  f"{need:.2f} false-alarm episodes/week)")
    by: dict[str, list[bool]] = defaultdict(list)
    for p in prep:
        for kind, hit in zip(p.case.kinds or [], caught_flags(p.case, p.ours), strict=True):
            by[kind].append(hit)
            if p.case.group:
                by["account " + p.case.group].append(hit)
    print("  default rules by surge kind / account size: " + "; ".join(
        f"{k} {sum(v)}/{len(v)}" for k, v in sorted(by.items())))
    return ok_all


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer series")
    parser.add_argument("--seed-a", type=int, default=20260701)
    parser.add_argument("--seed-b", type=int, default=20261121)
    parser.add_argument("--write-samples", type=Path, metavar="DIR",
                        help="also write sample CSVs (and their labels) of generator B")
    args = parser.parse_args()
    if args.write_samples:
        for p in gen_b.write_samples(args.write_samples, args.seed_b):
            print(f"wrote {p}")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    t0 = time.perf_counter()
    ok_a = report("generator A (bench_detection.py)", prepare(cases_a(args.seed_a, args.quick)))
    ok_b = report("generator B (realistic_series.py)", prepare(cases_b(args.seed_b, args.quick)))
    print(f"\nissue #7 acceptance on both generators: {'PASS' if ok_a and ok_b else 'FAIL'} "
          f"(A {'PASS' if ok_a else 'FAIL'}, B {'PASS' if ok_b else 'FAIL'}); "
          f"{time.perf_counter() - t0:.0f} s, load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
