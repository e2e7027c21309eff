"""The spike detector: counts far above what the same time of day and the recent level lead one to expect."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from crisisdesk.analysis.signals.baseline import BaselineConfig, Expectation, expect
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
class SpikeParams:
    """Tuning of the spike rule; the defaults are meant to hold for any account without tuning."""

    sensitivity: float = 4.0  # standardised excess needed to open an alert
    release: float = 1.5  # excess below which a step counts as calm again
    release_minutes: float = 60.0  # calm this long before an episode is over
    windows_minutes: tuple[float, ...] = (15.0, 60.0)  # short window: speed; long: slow builds
    min_count: float = 10.0  # at least this many comments in a 15-minute window (scaled)
    min_count_exponent: float = 0.5  # it grows with the square root of the window length
    min_level: float = 0.5  # and at least this share of the series' usual window count
    min_ratio: float = 1.6  # and at least this multiple of the expected count
    level_ratios: tuple[float, float, float] = (2.5, 4.0, 7.0)  # yellow, orange, red multiples
    level_volumes: tuple[float, float, float] = (1.0, 2.0, 4.0)  # and multiples of the usual count
    cold_extra: float = 2.0  # stricter by this much while there is no past day to compare with
    cold_ratio: float = 4.0  # and the multiple of the recent level needed then
    min_history_hours: float = 24.0  # no verdict before one day's rhythm has been seen once
    confirm_steps: int = 1  # consecutive hot steps needed before an alert opens
    calibration_days: float = 7.0  # past days whose residuals calibrate the score
    cold_dispersion: float = 0.15  # assumed overdispersion until the series has shown its own
    fine_extra: float = 1.0  # added to the threshold per factor of five finer than 5 minutes
    profile_uncertainty: float = 0.5  # widen the variance by this share divided by the days learnt
    trim_outliers: bool = True  # one bucket far above the rest of its window counts as ordinary
    baseline: BaselineConfig = field(default_factory=BaselineConfig)

    @classmethod
    def from_dict(cls, params: dict[str, Any]) -> SpikeParams:
        """Build from rule params; unknown keys are ignored, wrong types raise ValueError."""
        d = BaselineConfig()
        base = BaselineConfig(
            history_days=int(params.get("history_days", d.history_days)),
            history_weeks=int(params.get("history_weeks", d.history_weeks)),
            level_halflife_hours=float(params.get("level_halflife_hours", d.level_halflife_hours)),
            overdispersion=float(params.get("overdispersion", d.overdispersion)),
            warmup_days=int(params.get("warmup_days", d.warmup_days)),
        )
        kw: dict[str, Any] = {"baseline": base}
        for key in ("sensitivity", "release", "release_minutes", "min_count", "min_level",
                    "min_ratio", "min_count_exponent", "cold_extra", "cold_ratio",
                    "calibration_days", "cold_dispersion", "min_history_hours",
                    "profile_uncertainty", "fine_extra"):
            if key in params:
                kw[key] = float(params[key])
        if "trim_outliers" in params:
            kw["trim_outliers"] = bool(params["trim_outliers"])
        if "confirm_steps" in params:
            kw["confirm_steps"] = max(1, int(params["confirm_steps"]))
        if "windows_minutes" in params:
            kw["windows_minutes"] = tuple(float(v) for v in params["windows_minutes"])
        for key in ("level_ratios", "level_volumes"):
            if key in params:
                vals = tuple(float(v) for v in params[key])
                if len(vals) != 3:
                    raise ValueError(f"{key} needs three numbers (yellow, orange, red)")
                kw[key] = vals
        out = cls(**kw)
        if out.sensitivity <= 0 or out.release >= out.sensitivity or not out.windows_minutes:
            raise ValueError("sensitivity must be positive and above release")
        return out


@dataclass(slots=True)
class _Scale:
    width: int
    seconds: float
    y: FloatArray  # the window sums the rule judges (largest bucket trimmed)
    raw: FloatArray  # the plain window sums people are shown
    exp: Expectation
    z: FloatArray
    hot: np.ndarray[Any, np.dtype[np.bool_]]
    usual: FloatArray


def _fit_dispersion(r: FloatArray, mu: FloatArray, floor: float) -> float:
    """The overdispersion a for which r / sqrt(mu + a mu^2) has the median square of a unit normal.

    Each residual is "too large" exactly when a is below its own critical value
    (r^2 / 0.4549 - mu) / mu^2, so the a that puts half of them above the line is the
    median of those critical values. A median, not a mean: past surges and bumps do not
    widen the yardstick.
    """
    target = 0.4549  # median of a chi-square with one degree of freedom
    ok = mu > 0
    critical = (r[ok] * r[ok] / target - mu[ok]) / (mu[ok] * mu[ok])
    if critical.shape[0] == 0:
        return floor
    return float(min(4.0, max(floor, float(np.median(critical)))))


def _dispersion(
    y: FloatArray, mu: FloatArray, *, width: int, period: int, block: int, p: SpikeParams
) -> FloatArray:
    """Overdispersion learnt from the series' own past residuals, refreshed every block."""
    n = y.shape[0]
    out = np.full(n, p.cold_dispersion)
    span = max(block, round(period * p.calibration_days))
    need = max(24, period // (4 * width))
    resid = y - mu
    for b in range(0, n, block):
        lo = max(0, b - span)
        # Non-overlapping windows only: overlapping sums would count each comment several times.
        idx = np.arange(b - width, lo - 1, -width)
        if idx.shape[0] < need:
            continue
        r, m = resid[idx], mu[idx]
        ok = ~(np.isnan(r) | np.isnan(m))
        if int(ok.sum()) < need:
            continue
        out[b : b + block] = _fit_dispersion(r[ok], m[ok], p.baseline.overdispersion)
    return out


def _usual_level(y: FloatArray, period: int) -> FloatArray:
    """Mean window count over the past week (or what there is of it), before each step."""
    valid = ~np.isnan(y)
    csum = np.concatenate(([0.0], np.cumsum(np.where(valid, y, 0.0))))
    cnt = np.concatenate(([0], np.cumsum(valid)))
    n = y.shape[0]
    hi = np.arange(n)
    lo = np.maximum(0, hi - 7 * period)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (csum[hi] - csum[lo]) / (cnt[hi] - cnt[lo])
    return np.asarray(out, dtype=np.float64)


def trimmed_window_sums(x: FloatArray, width: int) -> FloatArray:
    """Window sums in which no single bucket may stand far above the window's next largest.

    One viral repost can put a whole window's worth of comments into a single bucket;
    that is not a surge until the buckets around it rise too, while a real surge spans
    several buckets and loses little. The largest bucket is capped at the second largest
    plus three Poisson deviations and three comments, so ordinary noise at low counts is
    left alone. Windows of fewer than three steps are left as they are.
    """
    raw = window_sums(x, width)
    if width < 3:
        return raw
    vals = np.where(np.isnan(x), -np.inf, x)
    padded = np.concatenate((np.full(width - 1, -np.inf), vals))
    view = np.lib.stride_tricks.sliding_window_view(padded, width)
    excess = np.empty(x.shape[0])
    chunk = max(1, 2_000_000 // width)  # bounded memory on long minute series
    for lo in range(0, x.shape[0], chunk):
        top = np.partition(view[lo : lo + chunk], (width - 2, width - 1), axis=1)
        first, second = top[:, width - 1], top[:, width - 2]
        with np.errstate(invalid="ignore"):  # -inf where a window is (nearly) all missing
            cap = second + 3.0 * np.sqrt(np.maximum(second, 0.0)) + 3.0
            over = np.maximum(first - cap, 0.0)
            excess[lo : lo + chunk] = np.where(np.isfinite(second), over, 0.0)
    return np.asarray(raw - excess, dtype=np.float64)


def _scale(series: RegularSeries, seconds: float, p: SpikeParams) -> _Scale:
    width = steps_for(seconds, series.interval)
    raw = window_sums(series.counts, width)
    y = trimmed_window_sums(series.counts, width) if p.trim_outliers else raw
    exp = expect(y, interval=series.interval, width=width, config=p.baseline)
    period = series.steps_per_day
    block = steps_for(3 * 3600.0, series.interval)
    alpha = _dispersion(y, exp.mean, width=width, period=period, block=block, p=p)
    # A profile learnt from few days is itself uncertain: widen the yardstick by that much.
    learnt = 1.0 + p.profile_uncertainty / np.maximum(exp.days, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (y - exp.mean) / np.sqrt((exp.mean + alpha * exp.mean * exp.mean) * learnt)
    usual = _usual_level(y, period)
    cold = np.isnan(exp.seasonal)
    base_z = p.sensitivity + fine_extra(p, series.interval)
    need_z = np.where(cold, base_z + p.cold_extra, base_z)
    need_ratio = np.where(cold, max(p.min_ratio, p.cold_ratio), p.min_ratio)
    floor = p.min_count * max(1.0, width * series.interval / 900.0) ** p.min_count_exponent
    floor = np.fmax(floor, p.min_level * usual)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        hot = (z >= need_z) & (y >= floor) & (y >= need_ratio * exp.mean)
    hot &= ~np.isnan(z)
    hot[: steps_for(p.min_history_hours * 3600.0, series.interval)] = False
    return _Scale(
        width=width, seconds=width * series.interval, y=y, raw=raw, exp=exp, z=z, hot=hot,
        usual=usual,
    )


def fine_extra(p: SpikeParams, interval: float) -> float:
    """How much stricter the score threshold is on series finer than five minutes.

    A 1-minute series is judged five times as often as a 5-minute one over the same
    windows, so it has five times the chances of a chance excursion: one `fine_extra`
    per factor of five keeps its false alarms per week near those of 5-minute data.
    """
    if interval >= 300.0 or interval <= 0:
        return 0.0
    return p.fine_extra * math.log(300.0 / interval) / math.log(5.0)


def _dedupe_windows(windows: tuple[float, ...], interval: float) -> list[float]:
    out: list[float] = []
    seen: set[int] = set()
    for minutes in sorted(windows):
        w = steps_for(minutes * 60.0, interval)
        if w not in seen:
            seen.add(w)
            out.append(minutes * 60.0)
    return out


def detect_spikes(
    series: RegularSeries, params: SpikeParams, *, cooldown_seconds: float, label: str = "评论量突增"
) -> list[Firing]:
    """Every alert the spike rule raises over the series, in time order."""
    windows = _dedupe_windows(params.windows_minutes, series.interval)
    scales = [_scale(series, s, params) for s in windows]
    tracker = EpisodeTracker(
        cooldown_seconds=cooldown_seconds,
        release_steps=steps_for(params.release_minutes * 60.0, series.interval),
    )
    missing = np.isnan(series.counts)
    thresholds = (params.min_ratio, *params.level_ratios)
    vol_thresholds = (0.0, *params.level_volumes)
    firings: list[Firing] = []
    streak = 0
    for t in range(len(series)):
        if missing[t]:
            continue
        hot_scales = [sc for sc in scales if sc.hot[t]]
        streak = streak + 1 if hot_scales else 0
        if not tracker.active and streak < params.confirm_steps:
            hot_scales = []  # a blip of one bucket is not yet a surge
        calm = all(not (sc.z[t] >= params.release) for sc in scales)
        best: _Scale | None = None
        level = WarningLevel.NONE
        if hot_scales:
            best = max(hot_scales, key=lambda sc: float(sc.y[t] / sc.exp.mean[t]))
            by_ratio = level_for(float(best.y[t] / best.exp.mean[t]), thresholds)
            # A tenfold rise from two comments is not a red alert: volume caps the level too.
            usual = float(best.usual[t])
            by_volume = level_for(float(best.y[t]) / usual, vol_thresholds) if usual > 0 else by_ratio
            level = max(WarningLevel.BLUE, min(by_ratio, by_volume))  # hot is at least blue
        at = series.time_at(t)
        what = tracker.step(at=at, hot=best is not None, calm=calm, level=level)
        if what is None or best is None:
            continue
        firings.append(_firing(series, t, best, params, level, label, escalation=what == "escalation"))
    return firings


def _firing(
    series: RegularSeries,
    t: int,
    sc: _Scale,
    p: SpikeParams,
    level: WarningLevel,
    label: str,
    *,
    escalation: bool,
) -> Firing:
    y = float(sc.raw[t])  # what people can count for themselves; the score used the trimmed sum
    mu = float(sc.exp.mean[t])
    z = float(sc.z[t])
    ratio = y / mu if mu > 0 else math.inf
    days = int(sc.exp.days[t])
    span = describe_span(sc.seconds)
    seasonal = float(sc.exp.seasonal[t])
    weekly = float(sc.exp.weekly[t])
    weekly_fix = float(sc.exp.weekly_ratio[t])
    by_day = seasonal * float(sc.exp.ratio[t])
    cold = math.isnan(seasonal)
    if cold:
        basis = "此前的平均水平（历史不足一天，尚无同一时段可比）"
    elif not math.isnan(weekly) and weekly * weekly_fix >= mu - 1e-9:
        basis = "过去几周同一星期几、同一时段的水平，并按近期走势校正"
    elif math.isnan(weekly) and by_day < mu - 1e-9 and mu > p.baseline.floor:
        basis = "此前几天同一时段最繁忙一天的水平（历史不足一周，尚难判断哪些日子与今天相似）"
    else:
        basis = f"过去{days}天同一时段的中位水平，并按近期走势校正"
    threshold = p.sensitivity + fine_extra(p, series.interval) + (p.cold_extra if cold else 0.0)
    head = "预警升级：" if escalation else ""
    reason = (
        f"{head}{label}：最近{span}评论 {y:.0f} 条，常态预期约 {mu:.1f} 条（{basis}），"
        f"为预期的 {ratio:.1f} 倍，偏离指数 {z:.1f}（阈值 {threshold:g}）。"
    )
    per_step = sc.width
    return Firing(
        index=t,
        at=series.time_at(t),
        level=level,
        value=y / per_step,
        baseline=mu / per_step,
        reason=reason,
        details={
            "window_seconds": sc.seconds,
            "window_count": round(y, 3),
            "expected_count": round(mu, 3),
            "seasonal_count": None if cold else round(seasonal, 3),
            "weekly_count": None if math.isnan(weekly) else round(weekly, 3),
            "level_correction": round(float(sc.exp.ratio[t]), 3),
            "weekly_correction": round(weekly_fix, 3),
            "history_days": days,
            "ratio": round(ratio, 3),
            "score": round(z, 3),
            "sensitivity": p.sensitivity,
            "interval_seconds": series.interval,
        },
        escalation=escalation,
    )
