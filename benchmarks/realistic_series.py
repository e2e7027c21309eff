"""A second, independent generator of labelled 5-minute comment counts, built to look like real accounts.

Unlike bench_detection.py's generator (Gaussian daily bumps, gamma-Poisson noise, four
surge templates added to the mean), this one draws:

- the account: small (under one comment per 5 minutes), medium or big (hundreds), with a
  local (UTC+8) daily rhythm from hourly key points (near-zero nights), a weekend rhythm
  of its own, public holidays, a slow log-random-walk trend, the growth of a new account,
  sudden and gradual level shifts;
- counts from a negative binomial whose dispersion changes from day to day;
- unlabelled nuisances: single-bucket outliers (one viral repost), short bumps, missing
  rows, collector outages (rows missing, or a run of zeros), jittered timestamps;
- labelled surges of five shapes: a Hawkes-like self-exciting cascade simulated event by
  event, a slow build over hours, a sharp spike that decays, a double peak, and a step
  that holds for hours; a quarter of them start at night.

A surge's label runs from its first extra comment to the time its extra rate (or its
cascade's events) is spent to 10 %. Everything is reproducible from the seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

INTERVAL = 300.0
STEPS_PER_DAY = 288
LOCAL = timezone(timedelta(hours=8))
SHAPES = ("cascade", "slow_build", "spike_decay", "double_peak", "plateau")


@dataclass
class Surge:
    """One labelled surge: [start, end) in unix seconds, its shape and its peak extra rate."""

    start: float
    end: float
    shape: str
    peak: float  # extra comments per 5 minutes at the peak
    night: bool


@dataclass
class Account:
    """One generated series with its labels, ready to be written as the backtest CSV."""

    name: str
    kind: str  # small / medium / big
    times: np.ndarray  # unix seconds of each row present (jittered)
    counts: np.ndarray
    negative: np.ndarray | None
    surges: list[Surge] = field(default_factory=list)
    unix_times: bool = False  # write Unix seconds instead of ISO text

    @property
    def weeks(self) -> float:
        return float(self.times[-1] - self.times[0] + INTERVAL) / (7 * 86400.0)

    def csv_text(self) -> str:
        """timestamp,count[,negative] as `crisisdesk alerts backtest --series` reads it."""
        head = "timestamp,count,negative" if self.negative is not None else "timestamp,count"
        lines = [head]
        for i, t in enumerate(self.times.tolist()):
            stamp = (f"{t:.0f}" if self.unix_times else
                     datetime.fromtimestamp(t, LOCAL).isoformat(timespec="seconds"))
            row = f"{stamp},{int(self.counts[i])}"
            if self.negative is not None:
                row += f",{int(self.negative[i])}"
            lines.append(row)
        return "\n".join(lines) + "\n"

    def labels_text(self) -> str:
        """The labels as CSV: start,end (ISO, local time),shape,peak_per_5min."""
        lines = ["start,end,shape,peak_per_5min"]
        for s in self.surges:
            a = datetime.fromtimestamp(s.start, LOCAL).isoformat(timespec="seconds")
            b = datetime.fromtimestamp(s.end, LOCAL).isoformat(timespec="seconds")
            lines.append(f"{a},{b},{s.shape},{s.peak:.2f}")
        return "\n".join(lines) + "\n"


def _hourly_profile(rng: np.random.Generator, weekend: bool) -> np.ndarray:
    """Rate multipliers per 5-minute step of a local day, from 24 hourly key points."""
    night = rng.uniform(0.01, 0.06)
    keys = np.array([
        night * 2, night, night, night, night, night * 1.5,  # 0-5 h: almost nobody
        0.2, 0.6, 1.2, 1.5, 1.4, 1.3,  # morning: commute, office opens
        1.5, 1.1, 1.0, 1.1, 1.2, 1.1,  # lunch break, afternoon
        1.0, 1.3, 1.8, 2.0, 1.6, 0.8,  # evening peak, then bed
    ])
    keys = keys * np.exp(rng.normal(0.0, 0.2, 24))
    if weekend:  # a late start and a flatter day
        keys = np.concatenate([keys[:6], keys[6:12] * np.linspace(0.3, 1.0, 6), keys[12:]])
    keys[:6] = np.minimum(keys[:6], 0.08)
    x = np.arange(STEPS_PER_DAY) / 12.0
    prof = np.interp(x, np.arange(25), np.append(keys, keys[0]))
    return prof / prof.mean()


def _cascade_times(rng: np.random.Generator, total: float, tau_min: float) -> np.ndarray:
    """Event times (seconds after the trigger) of a self-exciting cascade of about `total` events.

    Immigrants arrive in the first half hour; every event begets Poisson(n) children after
    a lognormal delay around tau: the branching ratio n sets how long the cascade lasts.
    """
    n = rng.uniform(0.6, 0.9)
    immigrants = max(1, rng.poisson(max(1.0, total * (1.0 - n))))
    gen = rng.exponential(600.0, immigrants)
    out = [gen]
    for _ in range(60):
        kids = rng.poisson(n, gen.shape[0])
        if kids.sum() == 0:
            break
        parents = np.repeat(gen, kids)
        gen = parents + rng.lognormal(math.log(tau_min * 60.0), 0.8, parents.shape[0])
        out.append(gen)
    return np.sort(np.concatenate(out))


def _rate_shape(rng: np.random.Generator, shape: str) -> np.ndarray:
    """Extra rate per step (peak 1) for the rate-driven shapes."""
    k = np.arange(STEPS_PER_DAY)
    if shape == "slow_build":
        rise, hold, fall = (rng.uniform(2, 6) * 12, rng.uniform(0.5, 2) * 12, rng.uniform(1, 3) * 12)
        x = np.arange(round(rise + hold + fall))
        up = 1.0 / (1.0 + np.exp(-(x - rise * 0.6) / (rise * 0.15)))
        down = np.clip(1.0 - (x - rise - hold) / fall, 0.0, 1.0)
        return np.asarray(np.where(x < rise + hold, up, down * up), dtype=np.float64)
    if shape == "spike_decay":
        half = rng.uniform(10, 60) / 5.0
        return np.asarray(0.5 ** (k[: round(half * 6)] / half), dtype=np.float64)
    if shape == "double_peak":
        half1, half2 = rng.uniform(10, 45) / 5.0, rng.uniform(10, 45) / 5.0
        gap = round(rng.uniform(1, 4) * 12)
        second = rng.uniform(0.5, 1.5)
        length = gap + round(half2 * 5)
        a = 0.5 ** (k[:length] / half1)
        b = np.where(k[:length] >= gap, second * 0.5 ** ((k[:length] - gap) / half2), 0.0)
        out = a + b
        return np.asarray(out / out.max(), dtype=np.float64)
    if shape == "plateau":
        ramp = round(rng.uniform(1, 6))
        hold = round(rng.uniform(1, 4) * 12)
        return np.concatenate([np.linspace(0.3, 1.0, ramp), np.ones(hold), np.linspace(1.0, 0.1, 6)])
    raise ValueError(shape)


def make_account(rng: np.random.Generator, name: str, kind: str, *, days: int = 35) -> Account:
    """One account's series of `days` days with its labelled surges."""
    n = days * STEPS_PER_DAY
    level = {"small": rng.uniform(0.15, 0.9), "medium": math.exp(rng.uniform(math.log(2), math.log(40))),
             "big": rng.uniform(100, 400)}[kind]
    first = datetime(2026, 1, 5, tzinfo=LOCAL) + timedelta(days=int(rng.integers(0, 300)))
    start = first.timestamp()
    dows = [(first + timedelta(days=d)).weekday() for d in range(days)]
    weekday_prof = _hourly_profile(rng, weekend=False)
    weekend_prof = _hourly_profile(rng, weekend=True)
    weekend_level = rng.uniform(0.45, 1.3)
    day_factor = np.ones(days)
    for d in range(days):
        if dows[d] >= 5:
            day_factor[d] = weekend_level
    holiday = int(rng.integers(7, days - 3))
    hol_len = int(rng.integers(1, 4))
    day_factor[holiday : holiday + hol_len] *= rng.uniform(0.25, 0.7)
    day_factor *= np.exp(rng.normal(0.0, 0.15, days))  # news days and slow days
    mean = np.empty(n)
    for d in range(days):
        prof = weekend_prof if (dows[d] >= 5 or holiday <= d < holiday + hol_len) else weekday_prof
        mean[d * STEPS_PER_DAY : (d + 1) * STEPS_PER_DAY] = prof * day_factor[d]
    # Slow drift (a random walk over days) and, for some, the growth of a new account.
    walk = np.exp(np.cumsum(rng.normal(0.0, 0.04, days)))
    trend = np.interp(np.arange(n), np.arange(days) * STEPS_PER_DAY, walk)
    if rng.random() < 0.3:
        trend *= np.linspace(1.0, rng.uniform(1.5, 3.0), n)
    mean *= level * trend
    shifts = rng.poisson(1.0)
    for _ in range(shifts):  # sudden or gradual, up or down: the new normal holds afterwards
        at = int(rng.integers(2 * STEPS_PER_DAY, n))
        factor = rng.uniform(1.25, 1.8) if rng.random() < 0.7 else rng.uniform(0.5, 0.8)
        spread = 1 if rng.random() < 0.5 else int(rng.integers(12, 3 * STEPS_PER_DAY))
        ramp = np.clip((np.arange(n) - at) / spread, 0.0, 1.0)
        mean *= 1.0 + (factor - 1.0) * ramp
    for _ in range(rng.poisson(days / 3)):  # harmless short bumps: a popular post
        at = int(rng.integers(0, n))
        mean[at : at + int(rng.integers(2, 9))] *= rng.uniform(1.3, 1.8)
    dispersion = np.repeat(rng.uniform(3.0, 30.0, days), STEPS_PER_DAY)  # NB shape per day
    extra = np.zeros(n)
    cascade = np.zeros(n)
    surges: list[Surge] = []
    usual = float(mean.mean())
    slots = rng.permutation(np.arange(3, days - 1))[: int(rng.integers(3, 6))]
    for day in sorted(slots.tolist()):
        night = rng.random() < 0.25
        hour = rng.uniform(0.0, 6.0) if night else rng.uniform(7.0, 23.5)
        s = day * STEPS_PER_DAY + round(hour * 12)
        shape = SHAPES[int(rng.integers(0, len(SHAPES)))]
        if surges and start + s * INTERVAL < surges[-1].end + 6 * 3600:
            continue  # one labelled surge at a time, with calm between them
        # What a person would mark as a surge: several times the usual level, and for a
        # small account at least a few comments every five minutes.
        peak = max(usual * math.exp(rng.uniform(math.log(1.0), math.log(8.0))), rng.uniform(1.0, 3.0))
        if shape == "cascade":
            tau = rng.uniform(5.0, 30.0)
            total = peak * tau / 5.0 * rng.uniform(2.0, 4.0)
            times = _cascade_times(rng, total, tau)
            idx = s + (times // INTERVAL).astype(np.int64)
            idx = idx[idx < n]
            np.add.at(cascade, idx, 1.0)
            if idx.shape[0] == 0:
                continue
            end_i = int(np.quantile(idx, 0.9)) + 1
            per = np.bincount(idx - s)
            peak = float(per.max())
        else:
            rate = _rate_shape(rng, shape) * peak
            e = min(n, s + rate.shape[0])
            extra[s:e] += rate[: e - s]
            spent = np.nonzero(rate >= 0.1 * rate.max())[0]
            end_i = s + int(spent[-1]) + 1
        surges.append(Surge(start + s * INTERVAL, start + max(end_i, s + 1) * INTERVAL, shape,
                            peak, night))
    k = dispersion
    lam = rng.gamma(k, np.maximum(mean, 1e-9) / k)
    # Cascade events are whole comments already; rate-driven surges are Poisson draws.
    counts = (rng.poisson(lam) + cascade + rng.poisson(extra)).astype(np.float64)
    for _ in range(rng.poisson(days / 7)):  # one viral repost: a single bucket
        at = int(rng.integers(0, n))
        counts[at] += math.ceil(max(usual, 1.0) * rng.uniform(4.0, 15.0))
    negative: np.ndarray | None = None
    if rng.random() < 0.5:
        share = np.repeat(rng.uniform(0.05, 0.3, days), STEPS_PER_DAY)
        share = np.where(extra + cascade > 0.3 * np.maximum(mean, 0.1), np.minimum(0.9, share + 0.3), share)
        negative = rng.binomial(counts.astype(np.int64), share).astype(np.float64)
    present = np.ones(n, dtype=bool)
    present[rng.random(n) < rng.uniform(0.0, 0.02)] = False  # scattered lost rows
    for _ in range(rng.poisson(1.0)):  # the collector was down: rows missing
        at = int(rng.integers(0, n))
        present[at : at + int(rng.integers(6, 12 * 12))] = False
    if rng.random() < 0.3:  # or it kept writing zeros
        at = int(rng.integers(STEPS_PER_DAY, n))
        stop = at + int(rng.integers(6, 6 * 12))
        counts[at:stop] = 0.0
        if negative is not None:
            negative[at:stop] = 0.0
    present[0] = True
    grid = start + np.arange(n) * INTERVAL
    jitter = rng.uniform(-40.0, 40.0, n) if rng.random() < 0.5 else np.zeros(n)
    times = (grid + jitter)[present]
    neg = None if negative is None else negative[present]
    return Account(name=name, kind=kind, times=times, counts=counts[present], negative=neg,
                   surges=surges, unix_times=rng.random() < 0.25)


def make_set(seed: int, *, n_small: int = 8, n_medium: int = 10, n_big: int = 6,
             days: int = 35) -> list[Account]:
    """A fixed set of accounts of all three sizes."""
    rng = np.random.default_rng(seed)
    out = []
    for kind, count in (("small", n_small), ("medium", n_medium), ("big", n_big)):
        for i in range(count):
            out.append(make_account(rng, f"{kind}-{i + 1:02d}", kind, days=days))
    return out


def write_samples(folder: Path, seed: int = 20261121) -> list[Path]:
    """Write one small, one medium and one big account (CSV and labels) into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for acc in make_set(seed, n_small=1, n_medium=1, n_big=1, days=21):
        p = folder / f"{acc.name}.csv"
        p.write_text(acc.csv_text(), encoding="utf-8")
        (folder / f"{acc.name}.labels.csv").write_text(acc.labels_text(), encoding="utf-8")
        paths.append(p)
    return paths

