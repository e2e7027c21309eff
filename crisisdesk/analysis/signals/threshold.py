"""Threshold detectors: volume, negative share and watch-word hits over a sliding window."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from crisisdesk.analysis.signals.model import EpisodeTracker, Firing, level_for
from crisisdesk.analysis.signals.series import (
    FloatArray,
    RegularSeries,
    describe_span,
    steps_for,
    window_sums,
)
from crisisdesk.domain import WarningLevel


@dataclass(frozen=True, slots=True)
class ThresholdParams:
    """A window, four level thresholds (blue, yellow, orange, red) and the release point."""

    window_minutes: float
    levels: tuple[float, float, float, float]
    release: float = 0.8  # calm again below this fraction of the blue threshold
    release_minutes: float = 30.0
    min_volume: float = 0.0  # negative share only: comments needed in the window

    @classmethod
    def from_dict(
        cls, params: dict[str, Any], *, default_window: float, steps: tuple[float, float, float]
    ) -> ThresholdParams:
        """Read rule params: either `levels` (four numbers) or `threshold` plus level steps."""
        window = float(params.get("window_minutes", default_window))
        if "levels" in params:
            vals = tuple(float(v) for v in params["levels"])
            if len(vals) != 4:
                raise ValueError("levels needs four numbers (blue, yellow, orange, red)")
            levels = (vals[0], vals[1], vals[2], vals[3])
        elif "threshold" in params:
            thr = float(params["threshold"])
            levels = (thr, *(_step(thr, k) for k in steps))  # type: ignore[assignment]
        else:
            raise ValueError("threshold or levels is required")
        if window <= 0 or levels[0] <= 0 or list(levels) != sorted(levels):
            raise ValueError("window and thresholds must be positive, levels in rising order")
        return cls(
            window_minutes=window,
            levels=levels,
            release=float(params.get("release", 0.8)),
            release_minutes=float(params.get("release_minutes", 30.0)),
            min_volume=float(params.get("min_volume", 0.0)),
        )


def _step(threshold: float, k: float) -> float:
    # k > 1 multiplies (volumes, hits); k < 1 adds (shares, which cannot pass 1).
    return threshold * k if k >= 1 else min(1.0, threshold + k)


def _track(
    series: RegularSeries,
    values: FloatArray,
    hot: np.ndarray[Any, np.dtype[np.bool_]],
    p: ThresholdParams,
    cooldown_seconds: float,
) -> list[tuple[int, bool]]:
    tracker = EpisodeTracker(
        cooldown_seconds=cooldown_seconds,
        release_steps=steps_for(p.release_minutes * 60.0, series.interval),
    )
    out: list[tuple[int, bool]] = []
    release = p.release * p.levels[0]
    for t in range(len(series)):
        v = float(values[t])
        if v != v:
            continue
        what = tracker.step(
            at=series.time_at(t),
            hot=bool(hot[t]),
            calm=v < release,
            level=level_for(v, p.levels),
        )
        if what is not None:
            out.append((t, what == "escalation"))
    return out


def _firing(
    series: RegularSeries, t: int, esc: bool, v: float, p: ThresholdParams,
    reason: str, details: dict[str, Any],
) -> Firing:
    """One alert at step t, its level from the value; "预警升级：" ahead of an escalation."""
    return Firing(
        index=t, at=series.time_at(t), level=level_for(v, p.levels), value=v,
        baseline=p.levels[0], reason=("预警升级：" if esc else "") + reason,
        details={**details, "levels": list(p.levels)}, escalation=esc,
    )  # fmt: skip


def _detect_count(
    series: RegularSeries, counts: FloatArray, p: ThresholdParams, *, cooldown_seconds: float,
    key: str, reason: Callable[[str, float, WarningLevel], str],
) -> list[Firing]:
    """Alerts when a count summed over the window reaches the threshold (volume, watch-words).

    reason(span, value, level) words the alert.
    """
    width = steps_for(p.window_minutes * 60.0, series.interval)
    y = window_sums(counts, width)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        hot = y >= p.levels[0]
    span = describe_span(width * series.interval)
    out = []
    for t, esc in _track(series, y, hot, p, cooldown_seconds):
        v = float(y[t])
        text = reason(span, v, level_for(v, p.levels))
        out.append(_firing(series, t, esc, v, p, text, {"window_seconds": width * series.interval, key: v}))
    return out


def detect_volume(
    series: RegularSeries, p: ThresholdParams, *, cooldown_seconds: float, label: str
) -> list[Firing]:
    """Alerts when the comments in the window reach the threshold."""
    return _detect_count(
        series, series.counts, p, cooldown_seconds=cooldown_seconds, key="count",
        reason=lambda span, v, lv: (
            f"{label}：最近{span}评论 {v:.0f} 条，达到设定阈值 {p.levels[0]:g} 条"
            f"（{lv.label}线 {p.levels[int(lv) - 1]:g} 条）。"
        ),
    )  # fmt: skip


def detect_negative_share(
    series: RegularSeries, p: ThresholdParams, *, cooldown_seconds: float, label: str
) -> list[Firing]:
    """Alerts when the share of negative comments in the window reaches the threshold."""
    if series.negative is None:
        raise ValueError("the series has no negative counts")
    width = steps_for(p.window_minutes * 60.0, series.interval)
    total = window_sums(series.counts, width)
    neg = window_sums(series.negative, width)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        share = np.where(total > 0, neg / total, np.nan)
        enough = total >= max(p.min_volume, 1.0)
        hot = (share >= p.levels[0]) & enough
    share = np.where(enough, share, np.nan)  # too few comments: no verdict either way
    span = describe_span(width * series.interval)
    out = []
    for t, esc in _track(series, share, hot, p, cooldown_seconds):
        v, n, m = float(share[t]), float(total[t]), float(neg[t])
        out.append(_firing(
            series, t, esc, v, p,
            f"{label}：最近{span}评论 {n:.0f} 条，其中负面 {m:.0f} 条，"
            f"占 {v:.0%}，达到设定阈值 {p.levels[0]:.0%}（最低评论量 {p.min_volume:g} 条）。",
            {"window_seconds": width * series.interval, "total": n, "negative": m,
             "share": round(v, 4)},
        ))  # fmt: skip
    return out


def detect_watch_hits(
    series: RegularSeries, p: ThresholdParams, *, cooldown_seconds: float, label: str
) -> list[Firing]:
    """Alerts when watch-word hits in the window reach the threshold."""
    if series.watch_hits is None:
        raise ValueError("the series has no watch-word hits")
    return _detect_count(
        series, series.watch_hits, p, cooldown_seconds=cooldown_seconds, key="hits",
        reason=lambda span, v, _lv: (
            f"{label}：最近{span}关注词命中 {v:.0f} 次，达到设定阈值 {p.levels[0]:g} 次。"
        ),
    )  # fmt: skip
