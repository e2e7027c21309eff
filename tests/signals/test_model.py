"""Episodes: hysteresis, release time, cooldown and escalation, shared by every detector."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.analysis.signals.model import EpisodeTracker, level_for
from crisisdesk.domain import WarningLevel

B, Y, OR = WarningLevel.BLUE, WarningLevel.YELLOW, WarningLevel.ORANGE


def _run(steps: list[tuple[bool, bool, WarningLevel]], *, cooldown: float = 0.0,
         release: int = 2) -> list[tuple[int, str]]:
    tr = EpisodeTracker(cooldown_seconds=cooldown, release_steps=release)
    out = []
    for i, (hot, calm, level) in enumerate(steps):
        what = tr.step(at=i * 60.0, hot=hot, calm=calm, level=level)
        if what:
            out.append((i, what))
    return out


def test_hovering_around_the_line_is_one_episode() -> None:
    # hot, not-calm-enough, hot, ...: without release steps the episode never ends.
    steps = [(True, False, B), (False, False, B), (True, False, B), (False, True, B),
             (True, False, B)]
    assert _run(steps, release=2) == [(0, "onset")]


def test_release_after_enough_calm_steps_allows_a_new_episode() -> None:
    steps = [(True, False, B), (False, True, B), (False, True, B), (True, False, B)]
    assert _run(steps, release=2) == [(0, "onset"), (3, "onset")]


def test_cooldown_holds_back_a_new_episode_of_the_same_level_but_not_a_graver_one() -> None:
    steps = [(True, False, B), (False, True, B), (False, True, B), (True, False, B),
             (False, True, B), (False, True, B), (True, False, OR)]
    assert _run(steps, cooldown=3600, release=2) == [(0, "onset"), (6, "onset")]


def test_escalation_only_when_the_level_rises() -> None:
    steps = [(True, False, B), (True, False, Y), (True, False, Y), (True, False, B),
             (True, False, OR)]
    assert _run(steps) == [(0, "onset"), (1, "escalation"), (4, "escalation")]


def test_level_for_thresholds() -> None:
    th = (1.0, 2.0, 3.0, 4.0)
    assert level_for(0.5, th) == WarningLevel.NONE
    assert level_for(1.0, th) == WarningLevel.BLUE
    assert level_for(3.5, th) == WarningLevel.ORANGE
    assert level_for(99, th) == WarningLevel.RED


@given(st.lists(st.tuples(st.booleans(), st.booleans(), st.sampled_from([B, Y, OR])), max_size=60),
       st.integers(min_value=0, max_value=20))
def test_no_two_alerts_inside_the_cooldown_unless_graver(
    steps: list[tuple[bool, bool, WarningLevel]], cooldown_steps: int
) -> None:
    tr = EpisodeTracker(cooldown_seconds=cooldown_steps * 60.0, release_steps=2)
    fired: list[tuple[int, WarningLevel]] = []
    for i, (hot, calm, level) in enumerate(steps):
        if tr.step(at=i * 60.0, hot=hot, calm=calm and not hot, level=level):
            fired.append((i, level))
    for (i, a), (j, b) in itertools.pairwise(fired):
        assert j > i
        if j - i < cooldown_steps:
            assert b > a
