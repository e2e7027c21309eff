"""Thread-safe token buckets per platform and an exponential back-off with jitter for the sync service."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from crisisdesk.domain import Platform

Clock = Callable[[], float]


class TokenBucket:
    """A token bucket: `rate` tokens per second refill up to `capacity`; safe across threads."""

    def __init__(
        self,
        rate: float,
        capacity: float,
        *,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or capacity <= 0:
            raise ValueError("rate and capacity must be positive")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = capacity
        self._stamp = clock()

    def _refill(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._stamp)
        self._stamp = now
        self._tokens = min(self.capacity, self._tokens + elapsed * self.rate)

    def available(self) -> float:
        """Tokens available now."""
        with self._lock:
            self._refill()
            return self._tokens

    def try_acquire(self, n: float = 1.0) -> bool:
        """Take n tokens if they are there; never blocks."""
        if n > self.capacity:
            raise ValueError("cannot take more tokens than the bucket holds")
        with self._lock:
            self._refill()
            if self._tokens >= n:
                self._tokens -= n
                return True
            return False

    def wait_time(self, n: float = 1.0) -> float:
        """Seconds until n tokens will be available (0 when they already are)."""
        with self._lock:
            self._refill()
            missing = n - self._tokens
            return 0.0 if missing <= 0 else missing / self.rate

    def acquire(self, n: float = 1.0, timeout: float | None = None) -> bool:
        """Block until n tokens are taken; False if that would take longer than timeout seconds."""
        deadline = None if timeout is None else self._clock() + timeout
        while True:
            if self.try_acquire(n):
                return True
            wait = self.wait_time(n)
            if deadline is not None and self._clock() + wait > deadline:
                return False
            self._sleep(max(wait, 0.001))

    def drain(self) -> None:
        """Empty the bucket (after the platform said we were too fast)."""
        with self._lock:
            self._refill()
            self._tokens = 0.0


@dataclass(frozen=True, slots=True)
class RatePolicy:
    """Requests per second and burst for one platform account."""

    rate: float
    burst: float


# Weibo: 150 calls per user per app per hour at the lowest tier (PLATFORM_APIS.md); the others
# publish no per-endpoint figure, so stay well under the documented daily/minute caps.
DEFAULT_POLICIES: dict[Platform, RatePolicy] = {
    Platform.WEIBO: RatePolicy(rate=150 / 3600, burst=10),
    Platform.WECHAT: RatePolicy(rate=5.0, burst=20),
    Platform.DOUYIN: RatePolicy(rate=2.0, burst=10),
    Platform.SIMULATOR: RatePolicy(rate=1000.0, burst=1000),
    Platform.FILE: RatePolicy(rate=1000.0, burst=1000),
}


def bucket_for(
    platform: Platform, *, policy: RatePolicy | None = None, clock: Clock = time.monotonic
) -> TokenBucket:
    """A new bucket for one account on platform (policy overrides the default)."""
    chosen = policy or DEFAULT_POLICIES[platform]
    return TokenBucket(chosen.rate, chosen.burst, clock=clock)


def backoff_delay(
    attempt: int,
    *,
    base: float = 2.0,
    cap: float = 900.0,
    retry_after: float | None = None,
    rng: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number attempt (0-based): full jitter, never below Retry-After."""
    ceiling = min(cap, base * float(2 ** min(max(0, attempt), 60)))
    # Half fixed, half random: spreads accounts apart without ever retrying instantly.
    delay = ceiling / 2 + rng() * ceiling / 2
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


class Backoff:
    """Counts consecutive failures of one account and says how long to wait; reset on success."""

    def __init__(
        self, *, base: float = 2.0, cap: float = 900.0, rng: Callable[[], float] = random.random
    ) -> None:
        self.base = base
        self.cap = cap
        self._rng = rng
        self.failures = 0

    def next_delay(self, retry_after: float | None = None) -> float:
        """Record a failure and return the delay before the next try."""
        delay = backoff_delay(
            self.failures, base=self.base, cap=self.cap, retry_after=retry_after, rng=self._rng
        )
        self.failures += 1
        return delay

    def reset(self) -> None:
        """Forget past failures after a success."""
        self.failures = 0
