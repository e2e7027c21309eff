"""Reading series files: header optional, ISO or Unix times, the interval found, bad rows listed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.analysis.signals.csvseries import parse_series_csv, parse_timestamp
from crisisdesk.analysis.signals.series import detect_interval, regularize, window_sums


def test_iso_with_header_and_negative_column() -> None:
    text = ("timestamp,count,negative\n2026-03-01T08:00:00+08:00,10,2\n"
            "2026-03-01T08:05:00+08:00,12,3\n2026-03-01T08:15:00+08:00,9,1\n")
    parsed = parse_series_csv(text)
    s = parsed.series
    assert s is not None and parsed.bad_rows == []
    assert s.interval == 300
    assert s.counts.tolist()[:2] == [10, 12] and np.isnan(s.counts[2]) and s.counts[3] == 9
    assert s.negative is not None and s.negative[1] == 3
    assert s.label_at(0) == "2026-03-01T08:00:00+08:00"


def test_unix_seconds_without_header_and_hourly() -> None:
    rows = "\n".join(f"{1_700_000_000 + 3600 * i},{i}" for i in range(5))
    s = parse_series_csv(rows).series
    assert s is not None and s.interval == 3600 and s.counts.tolist() == [0, 1, 2, 3, 4]


def test_unix_milliseconds_are_recognised() -> None:
    assert parse_timestamp("1700000000000") == 1_700_000_000
    assert parse_timestamp("2026-01-01 00:00:00") == parse_timestamp("2026-01-01T00:00:00Z")


def test_bad_rows_are_reported_with_line_numbers() -> None:
    text = ("time,value\n"
            "2026-01-01 00:00:00,5\n"
            "yesterday,3\n"
            "2026-01-01 00:05:00,-2\n"
            "2026-01-01 00:10:00\n"
            "2026-01-01 00:00:00,7\n"
            "\n"
            "2026-01-01 00:15:00,4\n")
    parsed = parse_series_csv(text)
    assert [b.line for b in parsed.bad_rows] == [3, 4, 5, 6]
    reasons = [b.reason for b in parsed.bad_rows]
    assert "无法识别的时间" in reasons[0]
    assert "非负" in reasons[1]
    assert "列数不足" in reasons[2]
    assert "第 2 行重复" in reasons[3]
    assert parsed.rows_read == 2 and parsed.series is not None


def test_negative_larger_than_total_is_a_bad_row() -> None:
    parsed = parse_series_csv("0,5,1\n60,5,9\n120,5,0\n")
    assert [b.line for b in parsed.bad_rows] == [2]


def test_too_few_rows_gives_no_series() -> None:
    parsed = parse_series_csv("timestamp,count\nnope,1\n")
    assert parsed.series is None and parsed.bad_rows[0].line == 2


def test_jittered_times_keep_their_interval() -> None:
    rng = np.random.default_rng(1)
    t = np.arange(3000) * 300.0 + rng.uniform(-30, 30, 3000)
    keep = rng.random(3000) > 0.1
    assert detect_interval(t[keep]) == 300.0
    s = regularize(t[keep], np.ones(int(keep.sum())))
    assert len(s) == 3000 and int(np.nansum(s.counts)) == int(keep.sum())


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=80),
       st.integers(min_value=1, max_value=12))
def test_window_sums_match_a_plain_sum(values: list[int], width: int) -> None:
    x = np.array(values, dtype=float)
    got = window_sums(x, width)
    for i in range(len(values)):
        if i + 1 < width:
            assert np.isnan(got[i])
        else:
            assert got[i] == pytest.approx(sum(values[i + 1 - width : i + 1]))


def test_tab_and_semicolon_separated_files() -> None:
    for sep in ("\t", ";"):
        s = parse_series_csv(f"timestamp{sep}count\n0{sep}1\n300{sep}2\n600{sep}3\n").series
        assert s is not None and s.counts.tolist() == [1, 2, 3]


@given(st.text(alphabet=st.sampled_from("0123456789-:T ,.;\n\te+x时"), max_size=300))
def test_any_text_is_read_or_reported_never_crashes(text: str) -> None:
    parsed = parse_series_csv(text)
    if parsed.series is None:
        assert parsed.rows_read < 2 or any(b.line == 0 for b in parsed.bad_rows)
    else:
        assert len(parsed.series) >= 2
    for bad in parsed.bad_rows:
        assert bad.line >= 0 and bad.reason
