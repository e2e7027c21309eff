"""Rule kinds, the default rule set, and running one rule over a series (evaluation and backtests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crisisdesk.analysis.signals.model import Firing
from crisisdesk.analysis.signals.series import RegularSeries
from crisisdesk.analysis.signals.spike import SpikeParams, detect_spikes
from crisisdesk.analysis.signals.threshold import (
    ThresholdParams,
    detect_negative_share,
    detect_volume,
    detect_watch_hits,
)

# What each kind reads; the services use it to decide what to query.
SERIES_KINDS = ("volume", "negative_share", "spike", "watch_words")
OTHER_KINDS = ("wave", "index")
KINDS = SERIES_KINDS + OTHER_KINDS

KIND_LABELS = {
    "volume": "评论总量超限",
    "negative_share": "负面占比偏高",
    "spike": "评论量突增",
    "watch_words": "关注词命中",
    "wave": "疑似水军（复制粘贴）",
    "index": "综合预警指数",
}


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule as plain data: what the database row holds, usable without a database."""

    name: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    cooldown_seconds: int = 1800
    enabled: bool = True

    @property
    def label(self) -> str:
        """The Chinese name shown to people."""
        text = self.params.get("label")
        return str(text) if text else KIND_LABELS.get(self.kind, self.name)

    def lookback_seconds(self, interval: float) -> float:
        """How much history the rule needs to judge the latest step."""
        if self.kind == "spike":
            p = SpikeParams.from_dict(self.params)
            days = max(p.baseline.history_days, 7 * p.baseline.history_weeks)
            return (days + 1) * 86400.0
        window = float(self.params.get("window_minutes", 60.0)) * 60.0
        return max(6 * 3600.0, 4 * window, 4 * interval)


def default_rule_specs() -> list[RuleSpec]:
    """The rules a new workspace starts with (ensure_default_rules seeds them)."""
    return [
        RuleSpec(
            name="spike",
            kind="spike",
            params={"label": "评论量突增", "interval_seconds": 300},
            cooldown_seconds=7200,
        ),
        RuleSpec(
            name="negative_share",
            kind="negative_share",
            params={"label": "负面占比偏高", "window_minutes": 60, "threshold": 0.5,
                    "min_volume": 30, "interval_seconds": 300},
            cooldown_seconds=3600,
        ),
        RuleSpec(
            name="watch_words",
            kind="watch_words",
            params={"label": "关注词命中", "window_minutes": 30, "threshold": 3,
                    "interval_seconds": 60},
            cooldown_seconds=1800,
        ),
        RuleSpec(
            name="wave",
            kind="wave",
            params={"label": "疑似水军（复制粘贴）", "min_size": 10, "min_authors": 5,
                    "levels": [10, 30, 100, 300]},
            cooldown_seconds=600,
        ),
        RuleSpec(
            name="warning_index",
            kind="index",
            params={"label": "综合预警指数"},
            cooldown_seconds=3600,
        ),
        # A fixed volume line only means something once an office knows its usual level,
        # so it ships switched off with a figure to adjust.
        RuleSpec(
            name="volume",
            kind="volume",
            params={"label": "评论总量超限", "window_minutes": 60, "threshold": 500,
                    "interval_seconds": 300},
            cooldown_seconds=3600,
            enabled=False,
        ),
    ]


def validate(spec: RuleSpec) -> None:
    """Raise ValueError (with the reason) when the rule's params cannot work."""
    if spec.kind not in KINDS:
        raise ValueError(f"unknown rule kind {spec.kind!r}")
    if spec.kind in SERIES_KINDS:
        _series_params(spec)
    if spec.kind == "wave" and int(spec.params.get("min_size", 10)) < 2:
        raise ValueError("min_size must be at least 2")
    if spec.kind == "index":
        from crisisdesk.analysis.signals.index import IndexConfig

        IndexConfig.from_dict(spec.params)


def applies_to(spec: RuleSpec, series: RegularSeries) -> bool:
    """Whether the rule can run over this series (the columns it needs are there)."""
    if spec.kind == "negative_share":
        return series.negative is not None
    if spec.kind == "watch_words":
        return series.watch_hits is not None
    return spec.kind in SERIES_KINDS


def _series_params(spec: RuleSpec) -> SpikeParams | ThresholdParams:
    if spec.kind == "spike":
        return SpikeParams.from_dict(spec.params)
    if spec.kind == "volume":
        return ThresholdParams.from_dict(spec.params, default_window=60, steps=(1.5, 2.0, 3.0))
    if spec.kind == "negative_share":
        return ThresholdParams.from_dict(spec.params, default_window=60, steps=(0.1, 0.2, 0.3))
    return ThresholdParams.from_dict(spec.params, default_window=30, steps=(2.0, 4.0, 8.0))


def run_rule(spec: RuleSpec, series: RegularSeries) -> list[Firing]:
    """Every alert the rule raises over the series, in time order."""
    params = _series_params(spec)
    cooldown = float(spec.cooldown_seconds)
    if isinstance(params, SpikeParams):
        return detect_spikes(series, params, cooldown_seconds=cooldown, label=spec.label)
    if spec.kind == "volume":
        return detect_volume(series, params, cooldown_seconds=cooldown, label=spec.label)
    if spec.kind == "negative_share":
        return detect_negative_share(series, params, cooldown_seconds=cooldown, label=spec.label)
    return detect_watch_hits(series, params, cooldown_seconds=cooldown, label=spec.label)


def backtest(series: RegularSeries, specs: list[RuleSpec]) -> list[tuple[RuleSpec, Firing]]:
    """Run every applicable rule over the series; alerts of all rules in time order."""
    out: list[tuple[RuleSpec, Firing]] = []
    for spec in specs:
        if applies_to(spec, series):
            out.extend((spec, f) for f in run_rule(spec, series))
    out.sort(key=lambda pair: (pair[1].index, pair[0].name))
    return out
