"""Date axis tick values kept as the view moves along time: the same ticks pyqtgraph computes.

pyqtgraph's date axis finds its ticks afresh for every range: it steps through the
window in Python and shifts each tick to local time with a few QDateTime calls, about
0.4 ms for a day of hours, on every move of a live view. At the zoom levels whose steps
are aligned (whole seconds from the epoch, or month starts one by one), the ticks of a
window are the ticks of any wider window that fall in it, and each tick's shift to local
time depends on that tick alone. `TickCache` keeps, per zoom level, each tick spec's ticks
over the span seen so far (grown at its ends as the view moves) with their local-time
values, and answers a range as pyqtgraph would: the ticks in the window, then the same
removal of ticks that a coarser spec already gave.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pyqtgraph.graphicsItems.DateAxisItem import (
    DAY_HOUR_ZOOM_LEVEL,
    HOUR_MINUTE_ZOOM_LEVEL,
    MAX_REGULAR_TIMESTAMP,
    MIN_REGULAR_TIMESTAMP,
    MONTH_DAY_ZOOM_LEVEL,
)

# Zoom levels whose tick specs step along a fixed grid (seconds, or months one at a time).
ALIGNED = (HOUR_MINUTE_ZOOM_LEVEL, DAY_HOUR_ZOOM_LEVEL, MONTH_DAY_ZOOM_LEVEL)
_KEEP_BEHIND = 2.0  # spans of ticks kept behind a window that moved on


class _SpecTicks:
    """One tick spec's ticks over (lo, hi], in UTC and shifted to local time (NaN: dropped)."""

    def __init__(self, level: Any, spec: Any, lo: float, hi: float, min_spc: float) -> None:
        self.level, self.spec, self.min_spc = level, spec, min_spc
        self.lo = self.hi = lo
        self.utc = np.empty(0)
        self.local = np.empty(0)
        self.skip = spec.skipFactor(min_spc)
        self.grow(lo, hi)

    def _make(self, lo: float, hi: float) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        utc, _skip = self.spec.makeTicks(lo, hi, self.min_spc)  # the ticks after lo up to hi
        utc = np.asarray(utc, dtype=np.float64)
        local = np.full(len(utc), np.nan)
        for i, tick in enumerate(utc):  # pyqtgraph's own shift, one tick at a time
            moved = self.level.moveTicksToLocalTimeCoords(
                np.array([tick]), self.spec.spacing, self.skip
            )
            if len(moved):
                local[i] = moved[0]
        return utc, local

    def grow(self, lo: float, hi: float) -> None:
        """Hold the ticks of (lo, hi] too; ticks far behind a window that moved on are let go."""
        if lo - _KEEP_BEHIND * (hi - lo) > self.lo:
            cut = lo - _KEEP_BEHIND * (hi - lo)
            kept = self.utc > cut
            self.utc, self.local, self.lo = self.utc[kept], self.local[kept], cut
        if lo < self.lo:
            utc, local = self._make(lo, self.lo)
            self.utc, self.local = np.concatenate([utc, self.utc]), np.concatenate([local, self.local])
            self.lo = lo
        if hi > self.hi:
            utc, local = self._make(self.hi, hi)
            self.utc, self.local = np.concatenate([self.utc, utc]), np.concatenate([self.local, local])
            self.hi = hi

    def within(self, lo: float, hi: float) -> np.ndarray[Any, Any]:
        """The local-time ticks pyqtgraph gives for (lo, hi]."""
        local = self.local[(self.utc > lo) & (self.utc <= hi)]
        return local[~np.isnan(local)]


class TickCache:
    """Tick values of an aligned zoom level for ranges that move, as ZoomLevel.tickValues gives them.

    A zoom or another level changes the key: the ticks held are dropped, and the cache
    answers again only from the second range in a row with the same key (a zoom that
    goes on step by step keeps pyqtgraph's own computation, which costs no more).
    """

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._specs: list[_SpecTicks] = []

    def values(
        self, level: Any, min_val: float, max_val: float, min_spc: float
    ) -> list[tuple[float, list[float]]] | None:
        """[(spacing, [tick, ...]), ...] for the range, coarsest spec first; None: ask pyqtgraph."""
        key = (id(level), min_spc, level.utcOffset)
        if key != self._key:
            self._key, self._specs = key, []
            return None
        all_ticks = np.array([])
        out: list[tuple[float, list[float]]] = []
        for i, spec in enumerate(level.tickSpecs):
            lo, hi = level.extendTimeRangeForSpacing(spec.spacing, min_val, max_val)
            if i == len(self._specs):
                self._specs.append(_SpecTicks(level, spec, lo, hi, min_spc))
            held = self._specs[i]
            if lo > held.hi or hi < held.lo:  # jumped away: start again at this window
                held = self._specs[i] = _SpecTicks(level, spec, lo, hi, min_spc)
            held.grow(lo, hi)
            ticks = held.within(lo, hi)
            close = np.any(
                np.isclose(all_ticks, ticks[:, np.newaxis], rtol=0, atol=min_spc * 0.01), axis=-1
            )
            ticks = ticks[~close]
            all_ticks = np.concatenate([all_ticks, ticks])
            out.append((spec.spacing, ticks.tolist()))
            if held.skip > 1:
                break
        return out


def cacheable(level: Any, min_val: float, max_val: float) -> bool:
    """Whether TickCache answers exactly for this zoom level and range."""
    span = max_val - min_val
    return (
        level in ALIGNED
        and bool(np.isfinite(span))
        and span > 0.0
        and MIN_REGULAR_TIMESTAMP + 10 * span < min_val
        and max_val < MAX_REGULAR_TIMESTAMP - 10 * span
    )
