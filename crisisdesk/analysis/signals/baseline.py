"""The expected level of a count series: same time of day on past days, corrected by the recent level."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crisisdesk.analysis.signals.series import FloatArray

# A collector outage shows as a run of zeros where dozens were expected: such zeros are
# treated as missing when learning the level, or the return to normal would look like a surge.
IMPLAUSIBLE_ZERO = 8.0


@dataclass(frozen=True, slots=True)
class BaselineConfig:
    """How the expected level is learnt."""

    history_days: int = 10  # past days whose same time of day is consulted
    history_weeks: int = 3  # past weeks whose same weekday and time set a lower bound
    neighbor_seconds: float = 1800.0  # also look this far either side of the same time
    level_halflife_hours: float = 6.0  # how fast the recent-level correction follows the data
    cold_halflife_hours: float = 0.5  # level tracking before one full day of history exists
    ratio_bounds: tuple[float, float] = (0.8, 4.0)  # how far the recent level may move the profile
    overdispersion: float = 0.02  # variance = mean + overdispersion * mean^2
    floor: float = 0.5  # never expect less than this per window
    warmup_days: int = 6  # before a week of history, expect at least the busiest of these days


@dataclass(frozen=True, slots=True)
class Expectation:
    """Expected window count at each step, its variance, and how much history stood behind it."""

    mean: FloatArray  # NaN before there is anything to expect from
    variance: FloatArray
    seasonal: FloatArray  # the same-time-of-day median alone (NaN without a past day)
    weekly: FloatArray  # the same weekday-and-time median of past weeks (NaN before a week)
    days: npt.NDArray[np.int64]  # past days that contributed at each step
    ratio: FloatArray  # the recent-level correction applied to the daily profile
    weekly_ratio: FloatArray  # the recent-level correction applied to the weekly profile


def seasonal_median(
    y: FloatArray, *, period: int, days: int, offsets: list[int]
) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Median of y at the same step on each of the past `days` days (and nearby offsets)."""
    n = y.shape[0]
    rows: list[FloatArray] = []
    day_has = np.zeros(n, dtype=np.int64)
    for d in range(1, days + 1):
        any_valid = np.zeros(n, dtype=bool)
        for j in offsets:
            lag = d * period - j
            if lag <= 0 or lag >= n:
                continue
            row = np.full(n, np.nan)
            row[lag:] = y[: n - lag]
            rows.append(row)
            any_valid |= ~np.isnan(row)
        day_has += any_valid
    if not rows:
        return np.full(n, np.nan), day_has
    stack = np.vstack(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN, as wanted
        med = np.nanmedian(stack, axis=0)
    # One or two stray values are no profile: wait for at least three.
    med[(~np.isnan(stack)).sum(axis=0) < min(3, len(rows))] = np.nan
    return np.asarray(med, dtype=np.float64), day_has


def busiest_day(y: FloatArray, *, period: int, days: int, offsets: list[int]) -> FloatArray:
    """The highest of the past `days` days' own medians at the same step (and nearby offsets).

    Before a week of history it is not yet known which past days are like today (a
    Monday after a quiet weekend, a busy Saturday after the working week), so the
    expectation is then never below the busiest comparable day.
    """
    out = np.full(y.shape[0], np.nan)
    # Only the first week needs it (the weekly profile takes over), so long series stay cheap.
    n = min(y.shape[0], (days + 2) * period)
    for d in range(1, days + 1):
        rows = []
        for j in offsets:
            lag = d * period - j
            if 0 < lag < n:
                row = np.full(n, np.nan)
                row[lag:] = y[: n - lag]
                rows.append(row)
        if not rows:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            med = np.nanmedian(np.vstack(rows), axis=0)
        out[:n] = np.fmax(out[:n], med)
    return out


def neighbor_offsets(neighbor_steps: int) -> list[int]:
    """At most seven offsets spread over [-neighbor_steps, neighbor_steps]."""
    if neighbor_steps <= 0:
        return [0]
    stride = max(1, math.ceil(neighbor_steps / 3))
    offs = list(range(-neighbor_steps, neighbor_steps + 1, stride))
    if 0 not in offs:
        offs.append(0)
    return sorted(set(offs))


def expect(y: FloatArray, *, interval: float, width: int, config: BaselineConfig) -> Expectation:
    """The expected value of the window sums y, learnt from y's own past only (never the future).

    The profile is the median of the same time of day over past days, which a surge on
    one of those days cannot move. It is then scaled by the recent ratio of observed to
    profile, tracked with an exponential average whose inputs are clipped at one and a half times
    the expected level plus three Poisson deviations: a surge barely raises what is expected next,
    while a lasting change of level is followed within hours. Before one full day of
    history exists the expectation is the recent level alone.
    """
    n = y.shape[0]
    period = max(1, round(86400.0 / interval))
    neighbor = max(0, round(config.neighbor_seconds / interval))
    seasonal, days = seasonal_median(
        y, period=period, days=config.history_days, offsets=neighbor_offsets(neighbor)
    )
    # What the same weekday and time brought in past weeks: a weekly live Q&A or a busy
    # weekend is routine, so the expectation never drops below it.
    weekly, _weeks = seasonal_median(
        y, period=7 * period, days=config.history_weeks, offsets=neighbor_offsets(neighbor)
    )
    busiest = busiest_day(
        y, period=period, days=config.warmup_days, offsets=neighbor_offsets(neighbor)
    )
    lam_r = 0.5 ** (interval / (config.level_halflife_hours * 3600.0))
    lam_c = 0.5 ** (interval / (config.cold_halflife_hours * 3600.0))
    lo, hi = config.ratio_bounds
    alpha = config.overdispersion
    floor = config.floor
    mean = np.full(n, np.nan)
    ratio_out = np.ones(n)
    wratio_out = np.ones(n)
    ys = y.tolist()
    ss = seasonal.tolist()
    ws = weekly.tolist()
    bs = busiest.tolist()
    num = den = weight = 0.0
    num_w = den_w = weight_w = 0.0
    level: float | None = None
    # The level may only learn from windows that do not overlap the one being judged.
    for t in range(n):
        st = ss[t]
        has_season = st == st
        if has_season:
            r = num / den if weight >= 3.0 and den > 0 else 1.0
            r = min(hi, max(lo, r))
            ratio_out[t] = r
            mu = max(st * r, floor)
            wk = ws[t]
            if wk == wk:
                rw = num_w / den_w if weight_w >= 3.0 and den_w > 0 else 1.0
                rw = min(hi, max(lo, rw))
                wratio_out[t] = rw
                mu = max(mu, wk * rw)
            elif bs[t] == bs[t]:
                mu = max(mu, bs[t] * r)
        else:
            mu = max(level, floor) if level is not None else math.nan
        mean[t] = mu
        src = t - width
        if src < 0:
            continue
        yo = ys[src]
        if yo != yo:
            continue
        mu_o = mean[src]
        if mu_o == mu_o:
            if yo == 0.0 and mu_o >= IMPLAUSIBLE_ZERO:
                continue
            yo = min(yo, 1.5 * mu_o + 3.0 * math.sqrt(mu_o))
        so = ss[src]
        if so == so:
            num = lam_r * num + yo
            den = lam_r * den + max(so, floor)
            weight = lam_r * weight + 1.0
        wo = ws[src]
        if wo == wo:
            num_w = lam_r * num_w + yo
            den_w = lam_r * den_w + max(wo, floor)
            weight_w = lam_r * weight_w + 1.0
        level = yo if level is None else lam_c * level + (1.0 - lam_c) * yo
    variance = mean + alpha * mean * mean
    return Expectation(
        mean=mean, variance=variance, seasonal=seasonal, weekly=weekly, days=days, ratio=ratio_out,
        weekly_ratio=wratio_out,
    )
