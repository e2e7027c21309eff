"""Rate limiter, back-off, secret scrubbing, time parsing, HTTP settings and cursor helpers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.connectors.base import decode_cursor, encode_cursor
from crisisdesk.connectors.errors import PermanentError, RateLimited, Transient, scrub
from crisisdesk.connectors.http import HttpClient, HttpSettings, parse_retry_after
from crisisdesk.connectors.ratelimit import Backoff, TokenBucket, backoff_delay, bucket_for
from crisisdesk.connectors.timeparse import parse_flexible, parse_weibo_time
from crisisdesk.domain import Platform


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_token_bucket_refills_at_rate() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=2.0, capacity=4, clock=clock, sleep=clock.sleep)
    assert all(bucket.try_acquire() for _ in range(4))
    assert not bucket.try_acquire()
    assert bucket.wait_time() == pytest.approx(0.5)
    clock.now += 1.0
    assert bucket.try_acquire() and bucket.try_acquire() and not bucket.try_acquire()
    assert bucket.acquire(timeout=10)  # sleeps on the fake clock
    assert clock.now == pytest.approx(1.5)
    bucket.drain()
    assert not bucket.acquire(timeout=0.1)
    clock.now += 100
    assert bucket.available() == 4  # never above capacity
    with pytest.raises(ValueError):
        bucket.try_acquire(5)


def test_token_bucket_is_thread_safe() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=1.0, capacity=1000, clock=clock)
    taken: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(300):
            ok = bucket.try_acquire()
            with lock:
                taken.append(ok)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(taken) == 1000


def test_platform_policies() -> None:
    weibo = bucket_for(Platform.WEIBO, clock=Clock())
    assert weibo.rate * 3600 == pytest.approx(150)


@given(st.integers(0, 80), st.floats(0, 1), st.one_of(st.none(), st.floats(0, 5000)))
def test_backoff_bounds(attempt: int, r: float, retry_after: float | None) -> None:
    delay = backoff_delay(attempt, base=2, cap=900, retry_after=retry_after, rng=lambda: r)
    ceiling = min(900, 2 * 2.0 ** min(attempt, 60))
    assert ceiling / 2 <= delay or (retry_after is not None and delay >= retry_after)
    assert delay <= max(ceiling, retry_after or 0)
    if retry_after is not None:
        assert delay >= retry_after


def test_backoff_counts_and_resets() -> None:
    b = Backoff(base=1, cap=100, rng=lambda: 1.0)
    assert [b.next_delay() for _ in range(4)] == [1, 2, 4, 8]
    assert b.next_delay(retry_after=60) == 60
    b.reset()
    assert b.next_delay() == 1


@given(st.text())
def test_scrub_never_keeps_token_values(noise: str) -> None:
    secret = "S3cr3tT0k3nValue"
    text = (
        f"GET https://api.weixin.qq.com/cgi-bin/comment/list?access_token={secret}&x=1 {noise} "
        f'{{"client_secret": "{secret}"}} Authorization: OAuth2 {secret} refresh_token={secret}'
    )
    assert secret not in scrub(text)


def test_errors_scrub_their_messages() -> None:
    err = Transient("failed: https://h/p?access_token=abc123&b=2", hint="code=xyz")
    assert "abc123" not in str(err) and "xyz" not in str(err) and "b=2" in str(err)
    assert "act.***" in scrub("token act.12345678901234567890")
    limited = RateLimited("slow down", retry_after=12)
    assert limited.retry_after == 12


def test_retry_after_and_settings() -> None:
    assert parse_retry_after("30") == 30 and parse_retry_after("Wed, 21 Oct") is None
    assert parse_retry_after(None) is None and parse_retry_after("-5") == 0
    s = HttpSettings.from_settings({"timeout": 3, "retries": 1})
    assert s.read_timeout == 3 and s.connect_timeout == 3 and s.retries == 1
    with pytest.raises(PermanentError):
        HttpClient("ftp://example", platform_label="微博")


def test_unreachable_host_is_transient() -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    client = HttpClient(
        f"http://127.0.0.1:{port}", platform_label="微博", settings=HttpSettings(0.3, 0.3, 1, 0)
    )
    with pytest.raises(Transient):
        client.call("GET", "/2/comments/to_me.json", params={"access_token": "zzz"})


def test_cursor_helpers() -> None:
    state = {"since": 5, "max": 3, "note": "中文"}
    assert decode_cursor(encode_cursor(state)) == state
    assert decode_cursor(None) == {} and decode_cursor("") == {}
    for bad in ("not json", "[1,2]", "42"):
        with pytest.raises(PermanentError):
            decode_cursor(bad)


def test_weibo_time_is_locale_free() -> None:
    assert parse_weibo_time("Wed Jun 01 00:50:25 +0800 2011") == datetime(
        2011, 5, 31, 16, 50, 25, tzinfo=UTC
    )
    with pytest.raises(ValueError):
        parse_weibo_time("2011-06-01")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01 12:00", datetime(2024, 5, 1, 4, 0, tzinfo=UTC)),
        ("2024/5/1 12:00:00", datetime(2024, 5, 1, 4, 0, tzinfo=UTC)),
        ("2024年5月1日 12时30分", datetime(2024, 5, 1, 4, 30, tzinfo=UTC)),
        ("2024-05-01T12:00:00Z", datetime(2024, 5, 1, 12, 0, tzinfo=UTC)),
        ("2024-05-01 12:00:00+09:00", datetime(2024, 5, 1, 3, 0, tzinfo=UTC)),
        ("05-01 12:00", datetime(2026, 5, 1, 4, 0, tzinfo=UTC)),
        ("12-31 23:00", datetime(2025, 12, 31, 15, 0, tzinfo=UTC)),
        (45413.5, datetime(2024, 5, 1, 4, 0, tzinfo=UTC)),
        ("1714536000", datetime(2024, 5, 1, 4, 0, tzinfo=UTC)),
        (1714536000000, datetime(2024, 5, 1, 4, 0, tzinfo=UTC)),
        (datetime(2024, 5, 1, 12, 0), datetime(2024, 5, 1, 4, 0, tzinfo=UTC)),
    ],
)
def test_flexible_times(value: object, expected: datetime) -> None:
    assert parse_flexible(value, now=datetime(2026, 7, 1, tzinfo=UTC)) == expected


@pytest.mark.parametrize("value", ["", "昨天下午", "2024-13-01", "12", True, "99:99"])
def test_bad_times(value: object) -> None:
    with pytest.raises(ValueError):
        parse_flexible(value)
