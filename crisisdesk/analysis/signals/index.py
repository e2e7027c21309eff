"""The warning index (综合预警指数): weighted indicators on a 0-100 scale, mapped to a warning level."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crisisdesk.analysis.signals.model import level_for
from crisisdesk.domain import WarningLevel

INDICATORS = ("growth", "negative", "spread", "watch", "lag")

INDICATOR_LABELS = {
    "growth": "评论量增长",
    "negative": "负面占比",
    "spread": "扩散范围",
    "watch": "关注词命中",
    "lag": "回复滞后",
}

DEFAULT_WEIGHTS = {"growth": 0.30, "negative": 0.25, "spread": 0.15, "watch": 0.15, "lag": 0.15}


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """Weights, the points at which each indicator counts in full, and the level thresholds."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    window_minutes: float = 60.0
    growth_full: float = 4.0  # volume at this multiple of the usual level scores 1
    negative_floor: float = 0.3  # negative share below this scores 0 ...
    negative_full: float = 0.7  # ... and from this up scores 1
    negative_min_volume: float = 20.0  # fewer comments than this: the share counts in proportion
    authors_full: float = 30.0  # distinct authors of negative comments that score 1
    accounts_full: float = 3.0  # further accounts (beyond the first) with negative comments
    platforms_full: float = 2.0  # further platforms (beyond the first) with negative comments
    watch_full: float = 10.0  # watch-word hits in the window that score 1
    lag_full: float = 20.0  # overdue comments that score 1
    levels: tuple[float, float, float, float] = (25.0, 45.0, 65.0, 85.0)  # blue .. red
    margin: float = 5.0  # a level is left only when the index falls this far below its line

    @classmethod
    def from_dict(cls, params: dict[str, Any]) -> IndexConfig:
        """Read rule params; raises ValueError for weights or levels that cannot work."""
        d = cls()
        weights = dict(d.weights)
        for key, value in dict(params.get("weights", {})).items():
            if key not in INDICATORS:
                raise ValueError(f"unknown indicator {key!r}")
            weights[key] = float(value)
        if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        levels = tuple(float(v) for v in params.get("levels", d.levels))
        if len(levels) != 4 or list(levels) != sorted(levels) or not 0 < levels[0] <= 100:
            raise ValueError("levels needs four rising numbers between 0 and 100")
        kw: dict[str, Any] = {"weights": weights, "levels": levels}
        for key in ("window_minutes", "growth_full", "negative_floor", "negative_full",
                    "negative_min_volume", "authors_full", "accounts_full", "platforms_full", "watch_full",
                    "lag_full", "margin"):
            if key in params:
                kw[key] = float(params[key])
        return cls(**kw)


@dataclass(frozen=True, slots=True)
class Indicators:
    """The raw figures of the last window."""

    volume: float  # comments in the window
    expected_volume: float  # the usual count for this time of day
    negative: float  # negative comments in the window
    negative_authors: int  # distinct authors of negative comments
    accounts_hit: int  # accounts with negative comments
    watch_hits: float
    overdue: int  # comments past their response deadline and not handled
    platforms_hit: int = 1  # platforms with negative comments


@dataclass(frozen=True, slots=True)
class IndexReading:
    """The index, its level and each indicator's part in it."""

    score: float  # 0-100
    level: WarningLevel
    scores: dict[str, float]  # indicator -> 0..1
    contributions: dict[str, float]  # indicator -> points of the 0-100 score
    indicators: Indicators
    reason: str


def _clip(x: float) -> float:
    return 0.0 if x != x else max(0.0, min(1.0, x))


def indicator_scores(ind: Indicators, cfg: IndexConfig) -> dict[str, float]:
    """Each indicator mapped to 0..1."""
    growth = ind.volume / max(ind.expected_volume, 1.0)
    share = ind.negative / ind.volume if ind.volume > 0 else 0.0
    neg_score = _clip((share - cfg.negative_floor) / (cfg.negative_full - cfg.negative_floor))
    neg_score *= min(1.0, ind.volume / max(cfg.negative_min_volume, 1.0))
    spread = (
        _clip(ind.negative_authors / cfg.authors_full)
        + _clip((ind.accounts_hit - 1) / cfg.accounts_full)
        + _clip((ind.platforms_hit - 1) / cfg.platforms_full)
    ) / 3.0
    return {
        "growth": _clip((growth - 1.0) / (cfg.growth_full - 1.0)),
        "negative": neg_score,
        "spread": spread,
        "watch": _clip(ind.watch_hits / cfg.watch_full),
        "lag": _clip(ind.overdue / cfg.lag_full),
    }


def compute_index(
    ind: Indicators, cfg: IndexConfig, *, previous: WarningLevel = WarningLevel.NONE
) -> IndexReading:
    """The weighted index; with `previous`, a level is only left below its line minus the margin."""
    scores = indicator_scores(ind, cfg)
    total_w = sum(cfg.weights.get(k, 0.0) for k in INDICATORS)
    contributions = {k: 100.0 * cfg.weights.get(k, 0.0) * scores[k] / total_w for k in INDICATORS}
    score = sum(contributions.values())
    level = level_for(score, cfg.levels)
    if previous > level:
        held = level_for(score + cfg.margin, cfg.levels)
        level = min(previous, held)
    return IndexReading(
        score=score,
        level=level,
        scores=scores,
        contributions=contributions,
        indicators=ind,
        reason=_reason(score, level, ind, contributions, cfg),
    )


def _reason(
    score: float, level: WarningLevel, ind: Indicators, contributions: dict[str, float],
    cfg: IndexConfig,
) -> str:
    share = ind.negative / ind.volume if ind.volume > 0 else 0.0
    growth = ind.volume / max(ind.expected_volume, 1.0)
    top = sorted(INDICATORS, key=lambda k: -contributions[k])[:2]
    main = "、".join(f"{INDICATOR_LABELS[k]}（{contributions[k]:.0f}分）" for k in top
                    if contributions[k] > 0) or "各项指标均处于常态"
    return (
        f"综合预警指数 {score:.0f} 分（{level.label}，蓝色线 {cfg.levels[0]:g} 分）："
        f"最近{cfg.window_minutes:g}分钟评论 {ind.volume:.0f} 条，为常态的 {growth:.1f} 倍；"
        f"负面占比 {share:.0%}；负面评论来自 {ind.negative_authors} 位用户、{ind.accounts_hit} 个账号、"
        f"{ind.platforms_hit} 个平台；"
        f"关注词命中 {ind.watch_hits:.0f} 次；超时未回复 {ind.overdue} 条。主要来自{main}。"
    )
