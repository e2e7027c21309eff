"""The warning index: weights, levels, hysteresis and the reason it gives."""

from __future__ import annotations

import pytest

from crisisdesk.analysis.signals.index import IndexConfig, Indicators, compute_index
from crisisdesk.domain import WarningLevel

CALM = Indicators(volume=50, expected_volume=50, negative=5, negative_authors=2, accounts_hit=1,
                  watch_hits=0, overdue=0)
STORM = Indicators(volume=400, expected_volume=50, negative=300, negative_authors=120,
                   accounts_hit=4, watch_hits=25, overdue=40, platforms_hit=3)


def test_calm_is_no_warning_and_a_storm_is_red() -> None:
    cfg = IndexConfig()
    assert compute_index(CALM, cfg).level == WarningLevel.NONE
    storm = compute_index(STORM, cfg)
    assert storm.level == WarningLevel.RED
    assert storm.score == pytest.approx(100.0)
    assert "综合预警指数" in storm.reason and "红色预警" in storm.reason


def test_weights_decide_the_score() -> None:
    only_watch = Indicators(volume=50, expected_volume=50, negative=5, negative_authors=0,
                            accounts_hit=0, watch_hits=10, overdue=0)
    heavy = IndexConfig.from_dict({"weights": {"watch": 3.0}})
    light = IndexConfig.from_dict({"weights": {"watch": 0.0}})
    assert compute_index(only_watch, heavy).score > 50
    assert compute_index(only_watch, light).score == 0
    assert compute_index(only_watch, heavy).contributions["watch"] > 0


def test_level_is_left_only_below_the_margin() -> None:
    cfg = IndexConfig.from_dict({"weights": {"growth": 1, "negative": 0, "spread": 0, "watch": 0,
                                             "lag": 0}, "levels": [25, 45, 65, 85], "margin": 5})
    # growth scores (ratio - 1) / 3: ratio 2.26 -> 42 points, just under yellow's line of 45.
    ind = Indicators(volume=226, expected_volume=100, negative=0, negative_authors=0,
                     accounts_hit=0, watch_hits=0, overdue=0)
    assert compute_index(ind, cfg).level == WarningLevel.BLUE
    assert compute_index(ind, cfg, previous=WarningLevel.YELLOW).level == WarningLevel.YELLOW
    lower = Indicators(volume=200, expected_volume=100, negative=0, negative_authors=0,
                       accounts_hit=0, watch_hits=0, overdue=0)  # 33 points: well below
    assert compute_index(lower, cfg, previous=WarningLevel.YELLOW).level == WarningLevel.BLUE


def test_few_comments_weigh_the_negative_share_down() -> None:
    cfg = IndexConfig()
    few = Indicators(volume=4, expected_volume=4, negative=4, negative_authors=1, accounts_hit=1,
                     watch_hits=0, overdue=0)
    assert compute_index(few, cfg).scores["negative"] == pytest.approx(4 / 20)


@pytest.mark.parametrize("params", [{"weights": {"bogus": 1}}, {"weights": {"growth": -1}},
                                    {"levels": [50, 40, 60, 70]}, {"levels": [1, 2, 3]}])
def test_bad_config_is_refused(params: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        IndexConfig.from_dict(params)
