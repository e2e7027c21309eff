"""Weibo comment times: the minute cache gives exactly what the full parse gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.connectors import weibo
from crisisdesk.connectors.timeparse import parse_weibo_time
from tests.fakes.weibo import weibo_time

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _layout(moment: datetime, offset_minutes: int) -> str:
    local = moment.astimezone(timezone(timedelta(minutes=offset_minutes)))
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return (f"Wed {_MONTHS[local.month - 1]} {local.day:02d} {local:%H:%M:%S} "
            f"{sign}{hours:02d}{minutes:02d} {local.year}")  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
    st.integers(min_value=0, max_value=59),
)
def test_cached_minutes_give_the_parsed_time(naive: datetime, offset: int, second: int) -> None:
    moment = naive.replace(microsecond=0, tzinfo=UTC)
    first = _layout(moment, offset)
    other = _layout(moment.replace(second=second), offset)  # same minute, other seconds
    assert weibo._time(first) == parse_weibo_time(first) == moment
    assert weibo._time(other) == parse_weibo_time(other)


def test_seconds_the_parse_refuses_are_refused_from_the_cache_too() -> None:
    good = weibo_time(datetime(2026, 7, 1, 8, 0, 25, tzinfo=UTC))
    assert weibo._time(good) == datetime(2026, 7, 1, 8, 0, 25, tzinfo=UTC)
    for seconds in ("99", "60", "5x", "²5", " 5"):
        bad = good[:17] + seconds + good[19:]
        assert weibo._time(bad) is None, bad


def test_a_single_digit_day_layout_is_read_right() -> None:
    for text, expected in (
        ("Wed Jun  1 00:50:25 +0530 2011", datetime(2011, 5, 31, 19, 20, 25, tzinfo=UTC)),
        ("Wed Jun  1 00:50:26 +0530 2011", datetime(2011, 5, 31, 19, 20, 26, tzinfo=UTC)),
    ):
        assert weibo._time(text) == expected
