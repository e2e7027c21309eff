"""Why an alert fired, in words: the reason sentence, then the figures and baselines behind it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from crisisdesk.analysis.signals.index import INDICATOR_LABELS
from crisisdesk.domain import WarningLevel
from crisisdesk.services.alerts import AlertView
from crisisdesk.ui import labels

LEVEL_NAMES = ("蓝色", "黄色", "橙色", "红色")


def _num(value: Any, digits: int = 0) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,.{digits}f}"


def _share(value: Any) -> str:
    try:
        return f"{float(value):.0%}"
    except (TypeError, ValueError):
        return str(value)


def _span(details: dict[str, Any]) -> str:
    seconds = details.get("window_seconds")
    if not isinstance(seconds, int | float) or seconds <= 0:
        return "统计时段"
    minutes = round(float(seconds) / 60)
    return f"最近{minutes // 60}小时" if minutes % 60 == 0 else f"最近{minutes}分钟"


def _levels(details: dict[str, Any], fmt: Callable[[Any], str], unit: str) -> list[str]:
    levels = details.get("levels")
    if not isinstance(levels, list) or len(levels) != 4:
        return []
    marks = " · ".join(f"{name} {fmt(v)}{unit}" for name, v in zip(LEVEL_NAMES, levels, strict=True))
    return [f"分级线：{marks}"]


def _index(d: dict[str, Any]) -> list[str]:
    ind = d.get("indicators") if isinstance(d.get("indicators"), dict) else {}
    assert isinstance(ind, dict)
    lines = [f"预警指数：{_num(d.get('score'))} 分"]
    if "volume" in ind:
        expected = max(float(ind.get("expected_volume") or 0.0), 0.0)
        lines.append(f"评论量：{_num(ind['volume'])} 条；常态（同一时段的通常水平）：约 "
                     f"{_num(expected, 1)} 条")
        lines.append(f"负面评论：{_num(ind.get('negative'))} 条，来自 {ind.get('negative_authors', 0)} "
                     f"位用户、{ind.get('accounts_hit', 0)} 个账号、{ind.get('platforms_hit', 0)} 个平台")
        lines.append(f"关注词命中：{_num(ind.get('watch_hits'))} 次；超时未回复：{ind.get('overdue', 0)} 条")
    parts = d.get("contributions")
    if isinstance(parts, dict) and parts:
        shown = "、".join(f"{INDICATOR_LABELS.get(k, k)} {_num(v)} 分" for k, v in parts.items())
        lines.append(f"各项得分：{shown}")
    return lines + _levels(d, _num, " 分")


def _spike(d: dict[str, Any]) -> list[str]:
    span = _span(d)
    lines = [f"{span}评论：{_num(d.get('window_count'))} 条；常态预期：约 "
             f"{_num(d.get('expected_count'), 1)} 条（过去 {d.get('history_days', '—')} 天同一时段）"]
    if "ratio" in d:
        lines.append(f"为预期的 {_num(d.get('ratio'), 1)} 倍；偏离指数 {_num(d.get('score'), 1)}")
    return lines


def _volume(d: dict[str, Any]) -> list[str]:
    return [f"{_span(d)}评论：{_num(d.get('count'))} 条", *_levels(d, _num, " 条")]


def _negative(d: dict[str, Any]) -> list[str]:
    return [f"{_span(d)}评论：{_num(d.get('total'))} 条，其中负面 {_num(d.get('negative'))} 条，"
            f"占 {_share(d.get('share'))}", *_levels(d, _share, "")]


def _watch(d: dict[str, Any]) -> list[str]:
    return [f"{_span(d)}关注词命中：{_num(d.get('hits'))} 次", *_levels(d, _num, " 次")]


def _wave(d: dict[str, Any]) -> list[str]:
    lines = [f"评论波次：#{d.get('wave_id')}（可在“危机事件”的评论波次列表中选中并关联全部评论）",
             f"相似评论：{_num(d.get('size'))} 条，来自 {d.get('distinct_authors', 0)} 个不同账号"]
    first = d.get("first_seen")
    if isinstance(first, str):
        with contextlib.suppress(ValueError):  # a malformed stored time just goes unshown
            lines.append(f"首见时间：{labels.when(datetime.fromisoformat(first))}")
    return lines + _levels(d, _num, " 条")


_EVIDENCE: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "index": _index, "spike": _spike, "volume": _volume, "negative_share": _negative,
    "watch_words": _watch, "wave": _wave,
}


def evidence_lines(alert: AlertView) -> list[str]:
    """The figures behind the alert, one per line, in plain words."""
    make = _EVIDENCE.get(alert.kind)
    if make is not None:
        try:
            return make(alert.details)
        except (TypeError, ValueError, KeyError):
            pass  # details written by an older version: fall back to the raw pair below
    base = f"；基准：{alert.baseline:g}" if alert.baseline is not None else ""
    return [f"观测值：{alert.value:g}{base}"]


def reason_text(alert: AlertView) -> str:
    """Why the alert fired: the reason sentence, the figures behind it, what was done about it."""
    lines = [f"{WarningLevel(alert.level).label} · {alert.rule_label} · {labels.when(alert.fired_at)}",
             "", alert.reason, "", "依据数据："]
    lines += [f"  {line}" for line in evidence_lines(alert)]
    if alert.ack_at is not None:
        lines.append("")
        lines.append(f"确认：{alert.ack_by or '未知'} {labels.when(alert.ack_at)} {alert.ack_note}")
    if alert.incident_id is not None:
        lines.append(f"已升级为危机事件 #{alert.incident_id}")
    return "\n".join(lines)
