"""Threshold rules: volume, negative share with a minimum volume, watch-word hits."""

from __future__ import annotations

import numpy as np
import pytest

from crisisdesk.analysis.signals.rules import RuleSpec, applies_to, backtest, run_rule, validate
from crisisdesk.analysis.signals.series import RegularSeries
from crisisdesk.domain import WarningLevel


def _series(counts: list[float], negative: list[float] | None = None,
            hits: list[float] | None = None) -> RegularSeries:
    return RegularSeries(
        start=0.0, interval=300.0, counts=np.array(counts, dtype=float),
        negative=None if negative is None else np.array(negative, dtype=float),
        watch_hits=None if hits is None else np.array(hits, dtype=float),
    )


def test_volume_fires_once_when_crossing_and_escalates_with_the_count() -> None:
    counts = [10.0] * 12 + [60.0] * 3 + [150.0] * 3 + [10.0] * 12
    spec = RuleSpec("v", "volume", {"window_minutes": 15, "threshold": 100}, cooldown_seconds=3600)
    firings = run_rule(spec, _series(counts))
    # 15-minute sums: 130 (blue), 180 (yellow >= 150), 270 (orange >= 200), 360 (red >= 300)
    assert [f.escalation for f in firings] == [False, True, True, True]
    assert firings[0].index == 13 and firings[0].value == pytest.approx(130.0)
    assert [f.level for f in firings] == [WarningLevel.BLUE, WarningLevel.YELLOW,
                                          WarningLevel.ORANGE, WarningLevel.RED]
    assert "阈值 100 条" in firings[0].reason


def test_negative_share_needs_the_minimum_volume() -> None:
    counts = [4.0] * 6 + [40.0] * 6
    negative = [4.0] * 6 + [30.0] * 6  # 100% of few comments, then 75% of many
    spec = RuleSpec("n", "negative_share",
                    {"window_minutes": 15, "threshold": 0.5, "min_volume": 30})
    firings = run_rule(spec, _series(counts, negative))
    assert firings and firings[0].index >= 6
    assert firings[0].value == pytest.approx(0.75, abs=0.1)
    assert "负面" in firings[0].reason and "占" in firings[0].reason
    assert firings[0].details["total"] >= 30


def test_negative_share_rule_does_not_apply_without_the_column() -> None:
    spec = RuleSpec("n", "negative_share", {"threshold": 0.5})
    assert not applies_to(spec, _series([1.0, 2.0]))
    assert backtest(_series([1.0, 2.0]), [spec]) == []


def test_watch_hits() -> None:
    hits = [0.0] * 10 + [2.0, 2.0] + [0.0] * 10
    spec = RuleSpec("w", "watch_words", {"window_minutes": 30, "threshold": 3})
    firings = run_rule(spec, _series([5.0] * 22, hits=hits))
    assert len(firings) == 1 and firings[0].index == 11 and firings[0].value == 4


@pytest.mark.parametrize("params", [{}, {"threshold": -1}, {"levels": [3, 2, 1, 0]},
                                    {"levels": [1, 2]}])
def test_bad_threshold_params_are_refused(params: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        validate(RuleSpec("v", "volume", params))


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        validate(RuleSpec("x", "astrology"))
