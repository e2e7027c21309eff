"""Small synthetic count series for the detector tests (fixed seeds, a daily rhythm, Poisson noise)."""

from __future__ import annotations

import numpy as np

from crisisdesk.analysis.signals.series import RegularSeries

START = 1_767_225_600.0  # 2026-01-01 00:00 UTC


def rhythm(steps_per_day: int) -> np.ndarray:
    """A daily profile with a quiet night and day-time peaks, mean 1."""
    hours = np.arange(steps_per_day) * 24.0 / steps_per_day
    shape = 0.15 + np.exp(-0.5 * ((hours - 10.0) / 2.0) ** 2) + np.exp(-0.5 * ((hours - 20.5) / 1.5) ** 2)
    return shape / shape.mean()


def daily_means(days: float, *, interval: float = 300.0, level: float = 20.0) -> np.ndarray:
    """Expected counts per step: `level` per step on average, following the daily rhythm."""
    spd = round(86400 / interval)
    n = round(days * spd)
    return level * rhythm(spd)[np.arange(n) % spd]


def sample(mean: np.ndarray, *, seed: int, interval: float = 300.0, shape: float = 20.0) -> RegularSeries:
    """Overdispersed counts (gamma-Poisson) around mean, as a regular series."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(shape, np.maximum(mean, 1e-9) / shape)
    return RegularSeries(start=START, interval=interval, counts=rng.poisson(lam).astype(float))


def day_index(days: float, hour: float, interval: float = 300.0) -> int:
    """The step at `hour` o'clock on day `days` (0-based)."""
    return round((days * 86400 + hour * 3600) / interval)
