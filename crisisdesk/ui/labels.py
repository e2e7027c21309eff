"""Translated display labels for domain values, and how times are shown."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from crisisdesk.domain import (
    ActivityKind,
    ActivityStatus,
    AlertStatus,
    CommentStatus,
    Intent,
    Platform,
    Role,
    Sentiment,
    TemplateCategory,
    WarningLevel,
)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark text for lupdate (which looks for this name) and return it untranslated; typed for mypy."""
    return text


def _lookup(table: dict[Any, str], key: Any, fallback: str) -> str:
    """The translated label for a stored value; an unknown value is shown as stored."""
    source = table.get(key)
    return QCoreApplication.translate("labels", source) if source is not None else fallback


# Marked with QT_TRANSLATE_NOOP so lupdate extracts them; translated when looked up.
_SENTIMENTS: dict[str, str] = {
    Sentiment.NEGATIVE.value: QT_TRANSLATE_NOOP("labels", "负面"),
    Sentiment.NEUTRAL.value: QT_TRANSLATE_NOOP("labels", "中性"),
    Sentiment.POSITIVE.value: QT_TRANSLATE_NOOP("labels", "正面"),
}

_INTENTS: dict[str, str] = {
    Intent.COMPLAINT.value: QT_TRANSLATE_NOOP("labels", "投诉"),
    Intent.QUESTION.value: QT_TRANSLATE_NOOP("labels", "咨询"),
    Intent.HELP.value: QT_TRANSLATE_NOOP("labels", "求助"),
    Intent.SUGGESTION.value: QT_TRANSLATE_NOOP("labels", "建议"),
    Intent.PRAISE.value: QT_TRANSLATE_NOOP("labels", "表扬"),
    Intent.DOUBT.value: QT_TRANSLATE_NOOP("labels", "质疑/谣言"),
    Intent.ABUSE.value: QT_TRANSLATE_NOOP("labels", "辱骂"),
    Intent.OTHER.value: QT_TRANSLATE_NOOP("labels", "其他"),
}

_STATUSES: dict[str, str] = {
    CommentStatus.NEW.value: QT_TRANSLATE_NOOP("labels", "未处理"),
    CommentStatus.IN_PROGRESS.value: QT_TRANSLATE_NOOP("labels", "处理中"),
    CommentStatus.REPLIED.value: QT_TRANSLATE_NOOP("labels", "已回复"),
    CommentStatus.HANDLED.value: QT_TRANSLATE_NOOP("labels", "已办结"),
    CommentStatus.IGNORED.value: QT_TRANSLATE_NOOP("labels", "已忽略"),
    CommentStatus.SPAM.value: QT_TRANSLATE_NOOP("labels", "垃圾信息"),
}

_PLATFORMS: dict[str, str] = {
    Platform.WEIBO.value: QT_TRANSLATE_NOOP("labels", "微博"),
    Platform.WECHAT.value: QT_TRANSLATE_NOOP("labels", "微信公众号"),
    Platform.DOUYIN.value: QT_TRANSLATE_NOOP("labels", "抖音"),
    Platform.FILE.value: QT_TRANSLATE_NOOP("labels", "文件导入"),
    Platform.SIMULATOR.value: QT_TRANSLATE_NOOP("labels", "模拟演练"),
}

_LEVELS: dict[int, str] = {
    WarningLevel.NONE: QT_TRANSLATE_NOOP("labels", "无预警"),
    WarningLevel.BLUE: QT_TRANSLATE_NOOP("labels", "蓝色预警"),
    WarningLevel.YELLOW: QT_TRANSLATE_NOOP("labels", "黄色预警"),
    WarningLevel.ORANGE: QT_TRANSLATE_NOOP("labels", "橙色预警"),
    WarningLevel.RED: QT_TRANSLATE_NOOP("labels", "红色预警"),
}

_ALERT_STATUSES: dict[str, str] = {
    AlertStatus.OPEN.value: QT_TRANSLATE_NOOP("labels", "待处置"),
    AlertStatus.ACKNOWLEDGED.value: QT_TRANSLATE_NOOP("labels", "已确认"),
    AlertStatus.ESCALATED.value: QT_TRANSLATE_NOOP("labels", "已升级为事件"),
}

_CATEGORIES: dict[str, str] = {
    TemplateCategory.APOLOGY.value: QT_TRANSLATE_NOOP("labels", "道歉"),
    TemplateCategory.EXPLANATION.value: QT_TRANSLATE_NOOP("labels", "解释"),
    TemplateCategory.CLARIFICATION.value: QT_TRANSLATE_NOOP("labels", "澄清"),
    TemplateCategory.THANKS.value: QT_TRANSLATE_NOOP("labels", "感谢"),
    TemplateCategory.POLICY.value: QT_TRANSLATE_NOOP("labels", "政策解读"),
    TemplateCategory.FAQ.value: QT_TRANSLATE_NOOP("labels", "常见问题"),
    TemplateCategory.CASE.value: QT_TRANSLATE_NOOP("labels", "办理回复"),
    TemplateCategory.HOLDING.value: QT_TRANSLATE_NOOP("labels", "危机声明"),
    TemplateCategory.GUIDE.value: QT_TRANSLATE_NOOP("labels", "引导"),
}

_ACTIVITY_KINDS: dict[str, str] = {
    ActivityKind.SURVEY.value: QT_TRANSLATE_NOOP("labels", "问卷调查"),
    ActivityKind.VOTE.value: QT_TRANSLATE_NOOP("labels", "投票"),
    ActivityKind.DRAW.value: QT_TRANSLATE_NOOP("labels", "抽奖"),
    ActivityKind.QUIZ.value: QT_TRANSLATE_NOOP("labels", "在线答题"),
    ActivityKind.LIVE.value: QT_TRANSLATE_NOOP("labels", "直播"),
    ActivityKind.TOPIC.value: QT_TRANSLATE_NOOP("labels", "话题讨论"),
    ActivityKind.PUBLIC_ASKS.value: QT_TRANSLATE_NOOP("labels", "公众问政"),
}

_ACTIVITY_STATUSES: dict[str, str] = {
    ActivityStatus.DRAFT.value: QT_TRANSLATE_NOOP("labels", "草案"),
    ActivityStatus.SCHEDULED.value: QT_TRANSLATE_NOOP("labels", "已排期"),
    ActivityStatus.RUNNING.value: QT_TRANSLATE_NOOP("labels", "进行中"),
    ActivityStatus.PAUSED.value: QT_TRANSLATE_NOOP("labels", "已暂停"),
    ActivityStatus.DONE.value: QT_TRANSLATE_NOOP("labels", "已结束"),
    ActivityStatus.CANCELLED.value: QT_TRANSLATE_NOOP("labels", "已取消"),
}

_ROLES: dict[str, str] = {
    Role.OPERATOR.value: QT_TRANSLATE_NOOP("labels", "回复岗"),
    Role.REVIEWER.value: QT_TRANSLATE_NOOP("labels", "审核岗"),
    Role.CRISIS_LEAD.value: QT_TRANSLATE_NOOP("labels", "舆情应急岗"),
    Role.ANALYST.value: QT_TRANSLATE_NOOP("labels", "数据分析岗"),
    Role.ADMIN.value: QT_TRANSLATE_NOOP("labels", "管理员"),
}


def sentiment(value: str) -> str:
    """Label of a stored sentiment value (an unknown value is shown as stored)."""
    return _lookup(_SENTIMENTS, value, value)


def intent(value: str) -> str:
    """Label of a stored intent value."""
    return _lookup(_INTENTS, value, value)


def comment_status(value: str) -> str:
    """Label of a stored comment status."""
    return _lookup(_STATUSES, value, value)


def platform(value: str) -> str:
    """Label of a stored platform value."""
    return _lookup(_PLATFORMS, value, value)


def warning_level(level: int) -> str:
    """Label of a warning level."""
    return _lookup(_LEVELS, level, str(level))


def alert_status(value: str) -> str:
    """Label of a stored alert status."""
    return _lookup(_ALERT_STATUSES, value, value)


def template_category(value: str) -> str:
    """Label of a stored template category."""
    return _lookup(_CATEGORIES, value, value)


def activity_kind(value: str) -> str:
    """Label of a stored activity kind."""
    return _lookup(_ACTIVITY_KINDS, value, value)


def activity_status(value: str) -> str:
    """Label of a stored activity status."""
    return _lookup(_ACTIVITY_STATUSES, value, value)


def role(value: str) -> str:
    """Label of a stored role value."""
    return _lookup(_ROLES, value, value)


# Background colours of the warning-level badge (the national four-colour scale).
LEVEL_COLOURS = {
    WarningLevel.NONE: ("#e8f0e8", "#1e5b1e"),
    WarningLevel.BLUE: ("#1f5fbf", "#ffffff"),
    WarningLevel.YELLOW: ("#f2c200", "#222222"),
    WarningLevel.ORANGE: ("#f07c00", "#ffffff"),
    WarningLevel.RED: ("#c81e1e", "#ffffff"),
}


def listed(items: Iterable[str]) -> str:
    """Items as a run-in list, with the separator of the interface language (、 in Chinese)."""
    return QCoreApplication.translate("labels", "、", "list separator").join(items)


def clauses(items: Iterable[str]) -> str:
    """Short statements run together, with the interface language's semicolon (； in Chinese)."""
    return QCoreApplication.translate("labels", "；", "clause separator").join(items)


def noted(text: str, note: str) -> str:
    """Text followed by a note in brackets: "名称（说明）" in Chinese."""
    return QCoreApplication.translate("labels", "{text}（{note}）").format(text=text, note=note)


def when(value: datetime | None) -> str:
    """A time in the local zone, to the minute ("" when unknown)."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def when_short(value: datetime | None) -> str:
    """A time in the local zone as month-day and minute, for narrow table cells."""
    return value.astimezone().strftime("%m-%d %H:%M") if value is not None else ""


def single_line(text: str, limit: int = 300) -> str:
    """Text folded onto one line and cut to `limit` characters, for table cells."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def plain_tooltip(text: str, limit: int = 1000) -> str:
    """A tooltip that shows `text` literally: Qt would otherwise render tooltips that look like HTML."""
    import html

    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return '<p style="white-space:pre-wrap">' + html.escape(cut, quote=False) + "</p>"
