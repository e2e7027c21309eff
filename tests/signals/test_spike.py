"""The spike rule: catches surges, stays quiet on noise, honours cooldown and hysteresis, starts cold."""

from __future__ import annotations

import numpy as np
import pytest

from crisisdesk.analysis.signals.series import RegularSeries, regularize, window_sums
from crisisdesk.analysis.signals.spike import SpikeParams, detect_spikes, trimmed_window_sums
from crisisdesk.domain import WarningLevel

from .synth import START, daily_means, day_index, sample

P = SpikeParams()


def _onsets(series: RegularSeries, cooldown: float = 7200.0, params: SpikeParams = P) -> list[int]:
    return [f.index for f in detect_spikes(series, params, cooldown_seconds=cooldown)
            if not f.escalation]


def test_catches_a_step_surge_quickly_and_says_why() -> None:
    mean = daily_means(10)
    s = day_index(8, 15.0)
    mean[s : s + 36] += 60.0  # +3x the average level for three hours, mid-afternoon
    firings = detect_spikes(sample(mean, seed=1), P, cooldown_seconds=7200)
    hits = [f for f in firings if f.index >= s]
    assert hits, "the surge was missed"
    first = hits[0]
    assert first.index - s <= 3  # within 15 minutes
    assert first.level >= WarningLevel.BLUE
    assert first.value > first.baseline * 1.5  # type: ignore[operator]
    assert "常态预期" in first.reason and "过去" in first.reason
    assert first.details["history_days"] >= 7
    assert not [f for f in firings if f.index < s]  # nothing before it


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_quiet_on_ten_calm_days(seed: int) -> None:
    series = sample(daily_means(10), seed=seed)
    assert len(_onsets(series)) <= 1  # at most one false alarm in ten days


def test_slow_build_over_hours_is_caught() -> None:
    mean = daily_means(9)
    s = day_index(8, 9.0)
    ramp = np.linspace(0.0, 50.0, 60)  # five hours to +2.5x the average level
    mean[s : s + 60] += ramp
    onsets = _onsets(sample(mean, seed=5))
    assert [i for i in onsets if s <= i < s + 72]


def test_cooldown_silences_a_second_surge_of_the_same_level() -> None:
    mean = daily_means(9)
    s1, s2 = day_index(8, 0.5), day_index(8, 4.5)
    for s in (s1, s2):
        mean[s : s + 9] += 40.0  # 45 minutes, at night: clear each time
    series = sample(mean, seed=6)
    with_cooldown = [i for i in _onsets(series, cooldown=6 * 3600) if i >= s1]
    without = [i for i in _onsets(series, cooldown=0) if i >= s1]
    assert len(without) == 2
    assert len(with_cooldown) == 1


def test_hysteresis_one_alert_for_a_surge_that_wobbles() -> None:
    mean = daily_means(9)
    s = day_index(8, 14.0)
    wobble = np.where(np.arange(48) % 4 < 2, 70.0, 35.0)  # up and down for four hours
    mean[s : s + 48] += wobble
    onsets = [i for i in _onsets(sample(mean, seed=7), cooldown=0) if i >= s]
    assert len(onsets) == 1


def test_escalation_when_a_surge_keeps_growing() -> None:
    mean = daily_means(9)
    s = day_index(8, 2.0)
    mean[s : s + 36] += np.linspace(5.0, 150.0, 36)
    firings = [f for f in detect_spikes(sample(mean, seed=8), P, cooldown_seconds=7200)
               if f.index >= s]
    levels = [f.level for f in firings]
    assert firings[0].escalation is False
    assert levels == sorted(levels) and levels[-1] > levels[0]
    assert all(f.escalation for f in firings[1:])
    assert "预警升级" in firings[-1].reason


def test_cold_start_with_two_days_of_history() -> None:
    mean = daily_means(3)
    s = day_index(2, 11.0)
    mean[s : s + 24] += 80.0
    onsets = _onsets(sample(mean, seed=9))
    assert [i for i in onsets if s <= i < s + 6]
    assert not [i for i in onsets if i < s]


def test_first_hours_without_history_do_not_alarm_on_the_morning_rise() -> None:
    series = sample(daily_means(1.2), seed=10)
    assert _onsets(series) == []


@pytest.mark.parametrize("interval", [60.0, 3600.0])
def test_other_intervals(interval: float) -> None:
    per_step = 20.0 * interval / 300.0
    mean = daily_means(9, interval=interval, level=per_step)
    s = day_index(8, 15.0, interval)
    mean[s : s + round(3 * 3600 / interval)] += 3 * per_step
    onsets = _onsets(sample(mean, seed=11, interval=interval))
    assert [i for i in onsets if s <= i <= s + max(2, round(1800 / interval))]
    assert len([i for i in onsets if i < s]) <= 1


def test_irregular_gaps_and_jitter() -> None:
    rng = np.random.default_rng(12)
    mean = daily_means(9)
    s = day_index(8, 15.0)
    mean[s : s + 36] += 60.0
    series = sample(mean, seed=12)
    keep = np.ones(len(series), dtype=bool)
    keep[day_index(3, 0.0) : day_index(3, 6.0)] = False  # six hours lost in collection
    keep[rng.random(len(series)) < 0.03] = False  # and scattered missing rows
    times = START + np.arange(len(series)) * 300.0 + rng.uniform(-20, 20, len(series))
    again = regularize(times[keep], series.counts[keep])
    assert again.interval == pytest.approx(300.0, abs=1.0)
    assert np.isnan(again.counts).sum() >= 72
    onsets = _onsets(again)
    assert [i for i in onsets if s <= i <= s + 4]
    assert all(not np.isnan(again.counts[i]) for i in onsets)  # never on a missing step


def test_collector_outage_then_recovery_is_not_a_surge() -> None:
    mean = daily_means(10)
    mean[day_index(8, 9.0) : day_index(8, 12.0)] = 0.0  # zeros: the collector stopped
    onsets = _onsets(sample(mean, seed=13))
    assert not [i for i in onsets if day_index(8, 9.0) <= i < day_index(9, 0.0)]


def test_params_from_dict_validates() -> None:
    p = SpikeParams.from_dict({"sensitivity": 5, "windows_minutes": [10, 30], "history_days": 5})
    assert p.sensitivity == 5 and p.windows_minutes == (10.0, 30.0)
    assert p.baseline.history_days == 5
    with pytest.raises(ValueError):
        SpikeParams.from_dict({"sensitivity": 1, "release": 2})
    with pytest.raises(ValueError):
        SpikeParams.from_dict({"level_ratios": [2, 3]})


def test_a_weekly_routine_stops_alerting_once_it_has_been_seen() -> None:
    mean = daily_means(23)
    for day in (1, 8, 15, 22):  # a live Q&A every week, same weekday and hour
        s = day_index(day, 15.0)
        mean[s : s + 18] += 60.0
    onsets = _onsets(sample(mean, seed=14))
    later = day_index(15, 14.0)
    assert not [i for i in onsets if i >= later]


def test_trimmed_window_sums_cap_a_lone_bucket_but_leave_noise_alone() -> None:
    x = np.array([0.0, 0.0, 2.0, 3.0, 2.0, 40.0, 30.0, 1.0, np.nan, 1.0])
    got = trimmed_window_sums(x, 3)
    raw = window_sums(x, 3)
    assert got[2] == raw[2] == 2.0  # 0, 0, 2: ordinary noise at low counts
    assert got[5] == pytest.approx(3 + 2 + (3 + 3 * np.sqrt(3) + 3))  # 40 capped near its neighbours
    assert got[6] == raw[6]  # 40 beside 30: a real rise is not trimmed
    assert np.isnan(got[8])  # no verdict on a missing step
    assert np.array_equal(trimmed_window_sums(x, 1), window_sums(x, 1), equal_nan=True)


def test_one_viral_repost_in_a_single_bucket_is_not_a_surge() -> None:
    mean = daily_means(10)
    series = sample(mean, seed=15)
    s = day_index(8, 15.0)
    series.counts[s] += 200.0  # ten times the bucket's level, then back to normal
    assert not [i for i in _onsets(series) if i >= s - 1]


def test_a_sharp_spike_that_decays_is_still_caught_within_ten_minutes() -> None:
    mean = daily_means(10)
    s = day_index(8, 15.0)
    mean[s : s + 24] += 200.0 * 0.5 ** (np.arange(24) / 3.0)  # half-life 15 minutes
    onsets = _onsets(sample(mean, seed=16))
    assert [i for i in onsets if s <= i <= s + 2]


def test_no_verdict_before_a_full_day_even_after_a_near_silent_night() -> None:
    hours = np.arange(288) / 12.0
    day = np.where((hours < 6.0) | (hours >= 23.0), 0.1, 25.0)  # nobody at night, busy by day
    series = sample(np.tile(day, 2)[: 288 + 24], seed=17)
    assert _onsets(series) == []


def test_monday_after_a_quiet_weekend_in_the_first_week_is_not_a_surge() -> None:
    # Friday, Saturday, Sunday, Monday: the weekend is a quarter of a working day and
    # starts late, so the median of the past days would be a weekend's.
    hours = np.arange(288) / 12.0
    work = 2.0 + 40.0 * np.exp(-0.5 * ((hours - 9.0) / 2.0) ** 2) + 20.0 * (hours > 12)
    rest = 0.25 * np.where(hours < 11.0, 0.2, 1.0) * work
    mean = np.concatenate([work, rest, rest, work])
    series = sample(mean, seed=18)
    assert not [i for i in _onsets(series) if i >= 3 * 288]
    cold = SpikeParams.from_dict({"warmup_days": 0})
    assert [i for i in _onsets(series, params=cold) if i >= 3 * 288]  # what the warm-up prevents


def test_a_small_account_night_surge_is_caught_on_the_hour_window() -> None:
    mean = daily_means(10, level=0.5)  # a county account: one comment every ten minutes
    s = day_index(8, 2.0)
    mean[s : s + 12] += 1.5  # about 18 comments in an hour, at night
    onsets = _onsets(sample(mean, seed=19))
    assert [i for i in onsets if s <= i < s + 12]
    assert not [i for i in onsets if i < s]
    linear = SpikeParams.from_dict({"min_count_exponent": 1.0})  # 40 comments needed an hour
    assert not [i for i in _onsets(sample(mean, seed=19), params=linear) if s <= i < s + 12]
