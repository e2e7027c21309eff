"""Regular time series: interval detection, gap filling and the window sums detectors read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

DAY = 86400.0
MAX_STEPS = 5_000_000  # about ten years of minutes: more means a unit or interval mistake


@dataclass(slots=True)
class RegularSeries:
    """Counts on a regular grid; NaN marks a step with no data (not the same as zero)."""

    start: float  # unix seconds of index 0
    interval: float  # seconds between steps
    counts: FloatArray
    negative: FloatArray | None = None  # negative comments per step, when known
    watch_hits: FloatArray | None = None  # watch-word hits per step, when known
    labels: list[str] | None = None  # the original timestamp text per step ("" where none)

    def __len__(self) -> int:
        return int(self.counts.shape[0])

    def time_at(self, index: int) -> float:
        """Unix seconds of step index."""
        return self.start + index * self.interval

    def label_at(self, index: int) -> str:
        """The timestamp as the input wrote it, or ISO text when the input gave none."""
        if self.labels is not None and self.labels[index]:
            return self.labels[index]
        from datetime import UTC, datetime

        return datetime.fromtimestamp(self.time_at(index), UTC).isoformat()

    @property
    def steps_per_day(self) -> int:
        return max(1, round(DAY / self.interval))


NICE_INTERVALS = (1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
                  43200, 86400)


def detect_interval(times: Sequence[float] | FloatArray) -> float:
    """The series' regular interval, robust to jitter and to missing rows.

    A first guess is the typical short gap; every gap is then read as a whole number of
    such steps, and the interval is the slope of time against step number (jitter averages
    out instead of accumulating). A value within 1% of a usual interval is snapped to it.
    """
    arr = np.unique(np.asarray(times, dtype=np.float64))
    if arr.shape[0] < 2:
        raise ValueError("at least two distinct timestamps are needed")
    gaps = np.diff(arr)
    low = float(np.percentile(gaps, 10))
    guess = float(np.median(gaps[gaps <= 1.5 * low]))
    steps = np.concatenate(([0.0], np.cumsum(np.maximum(1.0, np.rint(gaps / guess)))))
    if steps[-1] > MAX_STEPS:
        raise ValueError(f"the series would span more than {MAX_STEPS} steps")
    if arr.shape[0] == 2:
        step = float(gaps[0])
    else:
        k = steps - steps.mean()
        step = float(np.dot(k, arr - arr.mean()) / np.dot(k, k))
    for nice in NICE_INTERVALS:
        if abs(step - nice) <= 0.01 * nice:
            return float(nice)
    return step


def regularize(
    times: Sequence[float] | FloatArray,
    counts: Sequence[float] | FloatArray,
    *,
    negative: Sequence[float] | FloatArray | None = None,
    labels: Sequence[str] | None = None,
    interval: float | None = None,
) -> RegularSeries:
    """Put observations on a regular grid; steps with no observation become NaN.

    Each time goes to the nearest grid step, so timestamps that drift a little (a collector
    that runs every "5 minutes" at odd seconds) still land on their own step; two times that
    share a step are added up.
    """
    t = np.asarray(times, dtype=np.float64)
    c = np.asarray(counts, dtype=np.float64)
    if t.shape != c.shape or t.shape[0] == 0:
        raise ValueError("times and counts must be non-empty and of the same length")
    step = interval if interval is not None else detect_interval(t)
    if step <= 0:
        raise ValueError("the interval must be positive")
    order = np.argsort(t, kind="stable")
    t, c = t[order], c[order]
    start = float(t[0])
    idx = np.rint((t - start) / step).astype(np.int64)
    n = int(idx[-1]) + 1
    if n > MAX_STEPS:
        raise ValueError(f"the series would span {n} steps (more than {MAX_STEPS})")
    out = np.full(n, np.nan)
    seen = np.zeros(n, dtype=bool)
    np.add.at(seen, idx, True)
    out[seen] = 0.0
    np.add.at(out, idx, c)
    neg_out: FloatArray | None = None
    if negative is not None:
        ng = np.asarray(negative, dtype=np.float64)[order]
        neg_out = np.full(n, np.nan)
        neg_out[seen] = 0.0
        np.add.at(neg_out, idx, ng)
    lab: list[str] | None = None
    if labels is not None:
        lab = [""] * n
        ordered = [labels[i] for i in order.tolist()]
        for i, text in zip(idx.tolist(), ordered, strict=True):
            lab[i] = text
    return RegularSeries(start=start, interval=step, counts=out, negative=neg_out, labels=lab)


def window_sums(x: FloatArray, width: int) -> FloatArray:
    """Sum of the last `width` steps at each step; NaN where over half of them are missing.

    Missing steps inside a window are filled with the window's own mean, so one lost
    bucket does not look like a drop.
    """
    width = max(1, width)
    valid = ~np.isnan(x)
    filled = np.where(valid, x, 0.0)
    csum = np.concatenate(([0.0], np.cumsum(filled)))
    cvalid = np.concatenate(([0], np.cumsum(valid.astype(np.int64))))
    n = x.shape[0]
    hi = np.arange(1, n + 1)
    lo = np.maximum(0, hi - width)
    total = csum[hi] - csum[lo]
    nvalid = (cvalid[hi] - cvalid[lo]).astype(np.float64)
    span = (hi - lo).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = total * (width / nvalid)
    # A window cut short by the start of the series, or mostly empty, gives no figure.
    scaled[(nvalid * 2 <= span) | (span < width)] = np.nan
    scaled[~valid] = np.nan  # no verdict on a step that has no data of its own
    return np.asarray(scaled, dtype=np.float64)


def steps_for(seconds: float, interval: float) -> int:
    """How many steps of `interval` make up `seconds` (at least one)."""
    return max(1, round(seconds / interval))


def describe_span(seconds: float) -> str:
    """A duration in plain Chinese: 5分钟, 1小时, 1.5小时, 2天."""
    if seconds < 3600 - 1e-6:
        return f"{round(seconds / 60)}分钟"
    if seconds < DAY - 1e-6:
        hours = seconds / 3600
        return f"{hours:g}小时" if hours != int(hours) else f"{int(hours)}小时"
    days = seconds / DAY
    return f"{days:g}天"
