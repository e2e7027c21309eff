"""Why an alert fired, in words: the reason sentence, then the figures and baselines behind it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from crisisdesk.services.alerts import AlertView
from crisisdesk.ui import labels
from crisisdesk.ui.labels import QT_TRANSLATE_NOOP

LEVEL_NAMES = (
    QT_TRANSLATE_NOOP("AlertReason", "蓝色"),
    QT_TRANSLATE_NOOP("AlertReason", "黄色"),
    QT_TRANSLATE_NOOP("AlertReason", "橙色"),
    QT_TRANSLATE_NOOP("AlertReason", "红色"),
)


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
        return QCoreApplication.translate("AlertReason", "统计时段")
    minutes = round(float(seconds) / 60)
    if minutes % 60 == 0:
        return QCoreApplication.translate("AlertReason", "最近{hours}小时").format(hours=minutes // 60)
    return QCoreApplication.translate("AlertReason", "最近{minutes}分钟").format(minutes=minutes)


def _levels(details: dict[str, Any], fmt: Callable[[Any], str], unit: str) -> list[str]:
    """The four level lines; `unit` is a translated template such as "{value} 条"."""
    levels = details.get("levels")
    if not isinstance(levels, list) or len(levels) != 4:
        return []
    marks = " · ".join(
        f"{QCoreApplication.translate('AlertReason', name)} {unit.format(value=fmt(v))}"
        for name, v in zip(LEVEL_NAMES, levels, strict=True)
    )
    return [QCoreApplication.translate("AlertReason", "分级线：{marks}").format(marks=marks)]


def _points() -> str:
    return QCoreApplication.translate("AlertReason", "{value} 分")


def _comments() -> str:
    return QCoreApplication.translate("AlertReason", "{value} 条")


def _hits() -> str:
    return QCoreApplication.translate("AlertReason", "{value} 次")


def _index(d: dict[str, Any]) -> list[str]:
    ind = d.get("indicators") if isinstance(d.get("indicators"), dict) else {}
    assert isinstance(ind, dict)
    lines = [
        QCoreApplication.translate("AlertReason", "预警指数：{score} 分").format(
            score=_num(d.get("score"))
        )
    ]
    if "volume" in ind:
        expected = max(float(ind.get("expected_volume") or 0.0), 0.0)
        lines.append(
            QCoreApplication.translate(
                "AlertReason", "评论量：{volume} 条；常态（同一时段的通常水平）：约 {expected} 条"
            ).format(volume=_num(ind["volume"]), expected=_num(expected, 1))
        )
        lines.append(
            QCoreApplication.translate(
                "AlertReason",
                "负面评论：{negative} 条，来自 {authors} 位用户、{accounts} 个账号、{platforms} 个平台",
            ).format(
                negative=_num(ind.get("negative")),
                authors=ind.get("negative_authors", 0),
                accounts=ind.get("accounts_hit", 0),
                platforms=ind.get("platforms_hit", 0),
            )
        )
        lines.append(
            QCoreApplication.translate(
                "AlertReason", "关注词命中：{hits} 次；超时未回复：{overdue} 条"
            ).format(hits=_num(ind.get("watch_hits")), overdue=ind.get("overdue", 0))
        )
    parts = d.get("contributions")
    if isinstance(parts, dict) and parts:
        shown = labels.listed(
            QCoreApplication.translate("AlertReason", "{indicator} {value} 分").format(
                indicator=labels.indicator(k), value=_num(v)
            )
            for k, v in parts.items()
        )
        lines.append(QCoreApplication.translate("AlertReason", "各项得分：{parts}").format(parts=shown))
    return lines + _levels(d, _num, _points())


def _spike(d: dict[str, Any]) -> list[str]:
    lines = [
        QCoreApplication.translate(
            "AlertReason",
            "{span}评论：{count} 条；常态预期：约 {expected} 条（过去 {days} 天同一时段）",
        ).format(
            span=_span(d),
            count=_num(d.get("window_count")),
            expected=_num(d.get("expected_count"), 1),
            days=d.get("history_days", "—"),
        )
    ]
    if "ratio" in d:
        lines.append(
            QCoreApplication.translate("AlertReason", "为预期的 {ratio} 倍；偏离指数 {score}").format(
                ratio=_num(d.get("ratio"), 1), score=_num(d.get("score"), 1)
            )
        )
    return lines


def _volume(d: dict[str, Any]) -> list[str]:
    line = QCoreApplication.translate("AlertReason", "{span}评论：{count} 条").format(
        span=_span(d), count=_num(d.get("count"))
    )
    return [line, *_levels(d, _num, _comments())]


def _negative(d: dict[str, Any]) -> list[str]:
    line = QCoreApplication.translate(
        "AlertReason", "{span}评论：{total} 条，其中负面 {negative} 条，占 {share}"
    ).format(
        span=_span(d),
        total=_num(d.get("total")),
        negative=_num(d.get("negative")),
        share=_share(d.get("share")),
    )
    return [line, *_levels(d, _share, "{value}")]


def _watch(d: dict[str, Any]) -> list[str]:
    line = QCoreApplication.translate("AlertReason", "{span}关注词命中：{hits} 次").format(
        span=_span(d), hits=_num(d.get("hits"))
    )
    return [line, *_levels(d, _num, _hits())]


def _wave(d: dict[str, Any]) -> list[str]:
    lines = [
        QCoreApplication.translate(
            "AlertReason",
            "评论波次：#{wave}（可在“危机事件”的评论波次列表中选中并关联全部评论）",
        ).format(wave=d.get("wave_id")),
        QCoreApplication.translate(
            "AlertReason", "相似评论：{size} 条，来自 {authors} 个不同账号"
        ).format(size=_num(d.get("size")), authors=d.get("distinct_authors", 0)),
    ]
    first = d.get("first_seen")
    if isinstance(first, str):
        with contextlib.suppress(ValueError):  # a malformed stored time just goes unshown
            lines.append(
                QCoreApplication.translate("AlertReason", "首见时间：{time}").format(
                    time=labels.when(datetime.fromisoformat(first))
                )
            )
    return lines + _levels(d, _num, _comments())


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
    if alert.baseline is None:
        return [
            QCoreApplication.translate("AlertReason", "观测值：{value}").format(
                value=f"{alert.value:g}"
            )
        ]
    return [
        QCoreApplication.translate("AlertReason", "观测值：{value}；基准：{baseline}").format(
            value=f"{alert.value:g}", baseline=f"{alert.baseline:g}"
        )
    ]


def reason_text(alert: AlertView) -> str:
    """Why the alert fired: the reason sentence, the figures behind it, what was done about it."""
    lines = [
        " · ".join((labels.warning_level(alert.level), labels.rule(alert.rule_label, alert.kind),
                    labels.when(alert.fired_at))),
        "",
        alert.reason,
        "",
        QCoreApplication.translate("AlertReason", "依据数据："),
    ]
    lines += [f"  {line}" for line in evidence_lines(alert)]
    if alert.ack_at is not None:
        lines.append("")
        lines.append(
            QCoreApplication.translate("AlertReason", "确认：{who} {time} {note}").format(
                who=alert.ack_by or QCoreApplication.translate("AlertReason", "未知"),
                time=labels.when(alert.ack_at),
                note=alert.ack_note,
            )
        )
    if alert.incident_id is not None:
        lines.append(
            QCoreApplication.translate("AlertReason", "已升级为危机事件 #{id}").format(
                id=alert.incident_id
            )
        )
    return "\n".join(lines)
