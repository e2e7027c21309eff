"""What a detector reports (a firing) and the episode logic every detector shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crisisdesk.domain import WarningLevel


@dataclass(frozen=True, slots=True)
class Firing:
    """One alert a detector would raise: where, how grave, and the numbers behind it."""

    index: int  # position in the series the detector ran over
    at: float  # unix seconds (UTC) of the bucket that made it fire
    level: WarningLevel
    value: float  # the observed figure (per interval, share, hits ...)
    baseline: float | None  # what was expected, in the same unit as value
    reason: str  # one Chinese sentence that says why
    details: dict[str, Any] = field(default_factory=dict)
    escalation: bool = False  # True when an episode already alerted and its level rose


class EpisodeTracker:
    """Groups consecutive hot steps into episodes, with hysteresis, release time and cooldown.

    An episode opens when a step is hot (the "on" condition) and closes only after
    ``release_steps`` consecutive calm steps (below the "off" condition): a series that
    hovers around the threshold therefore raises one alert, not a stream of them. A new
    episode inside the cooldown after the last alert is opened silently unless it is graver
    than that alert. Within an episode only a rise in level raises another alert.
    """

    def __init__(self, *, cooldown_seconds: float, release_steps: int) -> None:
        self.cooldown = max(0.0, cooldown_seconds)
        self.release_steps = max(1, release_steps)
        self.active = False
        self.calm_steps = 0
        self.episode_level = WarningLevel.NONE
        self.last_alert_at: float | None = None
        self.last_alert_level = WarningLevel.NONE

    def step(self, *, at: float, hot: bool, calm: bool, level: WarningLevel) -> str | None:
        """Advance one step; returns "onset", "escalation" or None (no alert at this step)."""
        if not self.active:
            if not hot:
                return None
            self.active = True
            self.calm_steps = 0
            in_cooldown = (
                self.last_alert_at is not None and at - self.last_alert_at < self.cooldown
            )
            if in_cooldown and level <= self.last_alert_level:
                # Same trouble seen again so soon: keep quiet but remember the episode.
                self.episode_level = max(level, self.last_alert_level)
                return None
            self._alerted(at, level)
            return "onset"
        if calm:
            self.calm_steps += 1
            if self.calm_steps >= self.release_steps:
                self.active = False
                self.episode_level = WarningLevel.NONE
            return None
        self.calm_steps = 0
        if hot and level > self.episode_level:
            self._alerted(at, level)
            return "escalation"
        return None

    def _alerted(self, at: float, level: WarningLevel) -> None:
        self.episode_level = level
        self.last_alert_at = at
        self.last_alert_level = level


def level_for(value: float, thresholds: tuple[float, float, float, float]) -> WarningLevel:
    """The warning level whose threshold (blue, yellow, orange, red) value reaches."""
    level = WarningLevel.NONE
    for lv, limit in zip(
        (WarningLevel.BLUE, WarningLevel.YELLOW, WarningLevel.ORANGE, WarningLevel.RED),
        thresholds,
        strict=True,
    ):
        if value >= limit:
            level = lv
    return level
