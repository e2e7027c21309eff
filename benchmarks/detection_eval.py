"""Scoring detectors on labelled count series the way issue #7 states it: surges caught, false-alarm episodes.

A case is a CSV text (what `crisisdesk alerts backtest --series` reads) and its labelled
surge windows. The default rules run through the CLI itself (in process, `--out` to a
temporary file); the two baselines run on the same parsed series:

- fixed threshold: the last 15 minutes reach `q` x the series' own mean 15-minute count
  (an oracle level: it knows the whole series' mean in advance);
- last hour vs previous twelve: the last hour reaches `k` x the mean hour of the twelve
  hours before it (and at least 8 comments).

Baselines alert at every step that is over the line. Alerts of any detector are merged
into episodes when they are at most `gap` apart; an episode is a false alarm when none of
its alerts falls inside a labelled window; a surge is caught when an alert falls inside
its window, and the delay is the time from the window's start to that first alert.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crisisdesk.analysis.signals.csvseries import parse_series_csv, parse_timestamp
from crisisdesk.analysis.signals.series import RegularSeries, steps_for, window_sums

STRICT_GAP = 300.0  # only alerts in neighbouring 5-minute buckets are one episode
HOUR_GAP = 3600.0  # alerts less than an hour apart are one episode


@dataclass
class Case:
    """One labelled series."""

    name: str
    csv_text: str
    labels: list[tuple[float, float]]  # [start, end) unix seconds
    weeks: float
    group: str = ""  # e.g. small / medium / big
    kinds: list[str] | None = None  # one tag per label (shape, night ...)

    def series(self) -> RegularSeries:
        parsed = parse_series_csv(self.csv_text)
        assert parsed.series is not None
        return parsed.series


def cli_alert_times(csv_text: str, rule: str | None = None) -> list[float]:
    """Times of every alert `crisisdesk alerts backtest --series` prints (default rules)."""
    from crisisdesk.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "series.csv", Path(tmp) / "alerts.csv"
        src.write_text(csv_text, encoding="utf-8")
        argv = ["alerts", "backtest", "--series", str(src), "--out", str(out)]
        if rule:
            argv += ["--rule", rule]
        with contextlib.redirect_stderr(io.StringIO()):  # its "已写入 N 条预警" line
            code = main(argv)
        if code != 0:
            raise RuntimeError(f"backtest exited {code}")
        rows = out.read_text(encoding="utf-8").splitlines()[1:]
    return sorted(parse_timestamp(r.split(",")[0]) for r in rows if r.strip())


def episodes(times: Sequence[float], gap: float) -> list[list[float]]:
    """Alerts at most `gap` seconds apart, merged."""
    out: list[list[float]] = []
    for t in sorted(times):
        if out and t - out[-1][-1] <= gap + 1e-6:
            out[-1].append(t)
        else:
            out.append([t])
    return out


@dataclass
class Result:
    caught: int
    surges: int
    delays: list[float]
    false_episodes: int
    weeks: float

    @property
    def fa_per_week(self) -> float:
        return self.false_episodes / max(1e-9, self.weeks)

    @property
    def median_delay_min(self) -> float:
        return statistics.median(self.delays) / 60.0 if self.delays else float("nan")

    def text(self) -> str:
        return (f"caught {self.caught:>3}/{self.surges:<3} ({self.caught / max(1, self.surges):6.1%})  "
                f"median delay {self.median_delay_min:6.1f} min  "
                f"false-alarm episodes/week {self.fa_per_week:5.2f}")


def score_times(case: Case, times: Sequence[float], gap: float) -> tuple[int, list[float], int]:
    """Caught surges, their delays and false-alarm episodes for one case's alert times."""
    arr = np.asarray(sorted(times))
    caught, delays = 0, []
    for s, e in case.labels:
        inside = arr[(arr >= s) & (arr < e)]
        if inside.shape[0]:
            caught += 1
            delays.append(float(inside[0] - s))
    false = 0
    for ep in episodes(times, gap):
        if not any(s <= t < e for t in ep for s, e in case.labels):
            false += 1
    return caught, delays, false


def caught_flags(case: Case, times: Sequence[float]) -> list[bool]:
    """For each label: whether an alert fell inside it."""
    arr = np.asarray(sorted(times))
    return [bool(((arr >= s) & (arr < e)).any()) for s, e in case.labels]


def combine(parts: list[tuple[Case, tuple[int, list[float], int]]]) -> Result:
    caught = sum(p[1][0] for p in parts)
    delays = [d for p in parts for d in p[1][1]]
    false = sum(p[1][2] for p in parts)
    return Result(caught, sum(len(c.labels) for c, _ in parts), delays, false,
                  sum(c.weeks for c, _ in parts))


def fixed_threshold_hot(series: RegularSeries, q: float) -> np.ndarray:
    """Steps whose last 15 minutes reach q x the series' mean 15-minute count (and 8 comments)."""
    w = steps_for(900.0, series.interval)
    y = window_sums(series.counts, w)
    limit = max(8.0, q * float(np.nanmean(series.counts)) * w)
    with np.errstate(invalid="ignore"):
        return np.asarray(y >= limit)


def last_hour_hot(series: RegularSeries, k: float) -> np.ndarray:
    """Steps whose last hour reaches k x the mean hour of the twelve before it (and 8 comments)."""
    h = steps_for(3600.0, series.interval)
    y = window_sums(series.counts, h)
    prev = window_sums(series.counts, 12 * h)
    prev = np.concatenate([np.full(h, np.nan), prev[:-h]]) / 12.0
    with np.errstate(invalid="ignore"):
        return np.asarray((y >= k * (prev + 1.0)) & (y >= 8.0))


Baseline = Callable[[RegularSeries, float], np.ndarray]
BASELINES: dict[str, tuple[Baseline, list[float], float]] = {
    # name: (hot steps, sweep of the setting, the conventional setting an office would pick)
    "fixed threshold (q x mean 15 min)": (fixed_threshold_hot,
                                          [round(1.5 + 0.25 * i, 2) for i in range(75)], 4.0),
    "last hour vs previous 12 h (k x)": (last_hour_hot,
                                         [round(1.2 + 0.1 * i, 2) for i in range(70)], 3.0),
}


@dataclass
class Prepared:
    case: Case
    series: RegularSeries
    ours: list[float]


def prepare(cases: list[Case]) -> list[Prepared]:
    """Parse every case and run the default rules through the CLI once."""
    return [Prepared(c, c.series(), cli_alert_times(c.csv_text)) for c in cases]


def score_ours(prep: list[Prepared], gap: float) -> Result:
    return combine([(p.case, score_times(p.case, p.ours, gap)) for p in prep])


def score_baseline(prep: list[Prepared], hot: Baseline, setting: float, gap: float) -> Result:
    parts = []
    for p in prep:
        steps = np.nonzero(hot(p.series, setting))[0]
        times = (p.series.start + steps * p.series.interval).tolist()
        parts.append((p.case, score_times(p.case, times, gap)))
    return combine(parts)


def sweep(prep: list[Prepared], hot: Baseline, grid: list[float], gap: float) -> list[tuple[float, Result]]:
    return [(g, score_baseline(prep, hot, g, gap)) for g in grid]
