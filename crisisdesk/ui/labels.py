"""Translated display labels for domain values, and how times are shown."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from crisisdesk.domain import (
    AccountStatus,
    ActivityKind,
    ActivityStatus,
    AlertStatus,
    CommentStatus,
    IncidentStatus,
    Intent,
    Platform,
    ReplyState,
    Role,
    Sentiment,
    Severity,
    TemplateCategory,
    WarningLevel,
)
from crisisdesk.services.inbox_values import Sort


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


_REPLY_STATES: dict[str, str] = {
    ReplyState.DRAFT.value: QT_TRANSLATE_NOOP("labels", "草稿"),
    ReplyState.PENDING_REVIEW.value: QT_TRANSLATE_NOOP("labels", "待审核"),
    ReplyState.APPROVED.value: QT_TRANSLATE_NOOP("labels", "已批准"),
    ReplyState.REJECTED.value: QT_TRANSLATE_NOOP("labels", "已退回"),
    ReplyState.SENDING.value: QT_TRANSLATE_NOOP("labels", "发送中"),
    ReplyState.SENT.value: QT_TRANSLATE_NOOP("labels", "已发送"),
    ReplyState.FAILED.value: QT_TRANSLATE_NOOP("labels", "发送失败"),
}

_ACCOUNT_STATUSES: dict[str, str] = {
    AccountStatus.NEVER.value: QT_TRANSLATE_NOOP("labels", "尚未同步"),
    AccountStatus.OK.value: QT_TRANSLATE_NOOP("labels", "正常"),
    AccountStatus.AUTH_EXPIRED.value: QT_TRANSLATE_NOOP("labels", "授权已过期"),
    AccountStatus.RATE_LIMITED.value: QT_TRANSLATE_NOOP("labels", "频率受限"),
    AccountStatus.ERROR.value: QT_TRANSLATE_NOOP("labels", "出错"),
    AccountStatus.PAUSED.value: QT_TRANSLATE_NOOP("labels", "已暂停"),
}

_SEVERITIES: dict[int, str] = {
    Severity.I: QT_TRANSLATE_NOOP("labels", "特别重大（I级）"),
    Severity.II: QT_TRANSLATE_NOOP("labels", "重大（II级）"),
    Severity.III: QT_TRANSLATE_NOOP("labels", "较大（III级）"),
    Severity.IV: QT_TRANSLATE_NOOP("labels", "一般（IV级）"),
}

_INCIDENT_STATUSES: dict[str, str] = {
    IncidentStatus.MONITORING.value: QT_TRANSLATE_NOOP("labels", "监测"),
    IncidentStatus.RESPONDING.value: QT_TRANSLATE_NOOP("labels", "响应"),
    IncidentStatus.RECOVERING.value: QT_TRANSLATE_NOOP("labels", "恢复"),
    IncidentStatus.CLOSED.value: QT_TRANSLATE_NOOP("labels", "结束"),
}

# An incident's response deadlines by Countdown.kind (services.incidents.DEADLINE_LABELS).
_DEADLINES: dict[str, str] = {
    "info": QT_TRANSLATE_NOOP("labels", "发布权威信息"),
    "press": QT_TRANSLATE_NOOP("labels", "召开新闻发布会"),
    "response": QT_TRANSLATE_NOOP("labels", "作出回应"),
}

# The parts of the warning index (analysis.signals.index.INDICATOR_LABELS).
_INDICATORS: dict[str, str] = {
    "growth": QT_TRANSLATE_NOOP("labels", "评论量增长"),
    "negative": QT_TRANSLATE_NOOP("labels", "负面占比"),
    "spread": QT_TRANSLATE_NOOP("labels", "扩散范围"),
    "watch": QT_TRANSLATE_NOOP("labels", "关注词命中"),
    "lag": QT_TRANSLATE_NOOP("labels", "回复滞后"),
}

# Alert rule kinds (analysis.signals.rules.KIND_LABELS).
_RULE_KINDS: dict[str, str] = {
    "volume": QT_TRANSLATE_NOOP("labels", "评论总量超限"),
    "negative_share": QT_TRANSLATE_NOOP("labels", "负面占比偏高"),
    "spike": QT_TRANSLATE_NOOP("labels", "评论量突增"),
    "watch_words": QT_TRANSLATE_NOOP("labels", "关注词命中"),
    "wave": QT_TRANSLATE_NOOP("labels", "疑似水军（复制粘贴）"),
    "index": QT_TRANSLATE_NOOP("labels", "综合预警指数"),
}

_SORTS: dict[str, str] = {
    Sort.NEWEST.value: QT_TRANSLATE_NOOP("labels", "最新在前"),
    Sort.OLDEST.value: QT_TRANSLATE_NOOP("labels", "最早在前"),
    Sort.PRIORITY.value: QT_TRANSLATE_NOOP("labels", "优先级"),
    Sort.DUE.value: QT_TRANSLATE_NOOP("labels", "回复时限"),
    Sort.WAVE_SIZE.value: QT_TRANSLATE_NOOP("labels", "集中发帖规模"),
}

# Fields of a comment file (connectors.fileimport.FIELD_LABELS).
_IMPORT_FIELDS: dict[str, str] = {
    "text": QT_TRANSLATE_NOOP("labels", "评论内容"),
    "created_at": QT_TRANSLATE_NOOP("labels", "评论时间"),
    "author_name": QT_TRANSLATE_NOOP("labels", "用户昵称"),
    "author_id": QT_TRANSLATE_NOOP("labels", "用户ID"),
    "like_count": QT_TRANSLATE_NOOP("labels", "点赞数"),
    "external_id": QT_TRANSLATE_NOOP("labels", "评论ID"),
    "post_title": QT_TRANSLATE_NOOP("labels", "所属内容"),
    "reply_text": QT_TRANSLATE_NOOP("labels", "回复内容"),
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


def reply_state(value: str) -> str:
    """Label of a stored reply state."""
    return _lookup(_REPLY_STATES, value, value)


def account_status(value: str) -> str:
    """Label of a stored account sync status."""
    return _lookup(_ACCOUNT_STATUSES, value, value)


def severity(grade: int) -> str:
    """Label of an incident grade (I-IV)."""
    return _lookup(_SEVERITIES, grade, str(grade))


def incident_status(value: str) -> str:
    """Label of a stored incident status."""
    return _lookup(_INCIDENT_STATUSES, value, value)


def deadline(kind: str) -> str:
    """Label of an incident response deadline (a Countdown's kind)."""
    return _lookup(_DEADLINES, kind, kind)


def indicator(key: str) -> str:
    """Label of one part of the warning index."""
    return _lookup(_INDICATORS, key, key)


def rule_kind(kind: str) -> str:
    """Label of an alert rule kind."""
    return _lookup(_RULE_KINDS, kind, kind)


def rule(label: str, kind: str) -> str:
    """A rule's name for people: the kind's translated label while the stored one is the default.

    A label the office wrote itself is data and shown as written.
    """
    # Imported here: the rule machinery (numpy) is not needed by most users of this module.
    from crisisdesk.analysis.signals.rules import KIND_LABELS

    return rule_kind(kind) if label == KIND_LABELS.get(kind) else label


def sort(value: str) -> str:
    """Label of an inbox order."""
    return _lookup(_SORTS, value, value)


def import_field(name: str) -> str:
    """Label of a comment-file field."""
    return _lookup(_IMPORT_FIELDS, name, name)


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
