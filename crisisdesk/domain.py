"""Plain enums and dataclasses shared by every layer (no database, no Qt)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Platform(StrEnum):
    """Where a comment came from."""

    WEIBO = "weibo"
    WECHAT = "wechat"
    DOUYIN = "douyin"
    FILE = "file"
    SIMULATOR = "simulator"

    @property
    def label(self) -> str:
        return _PLATFORM_LABELS[self]

    @property
    def reply_limit(self) -> int | None:
        """The platform's length limit for one reply, in characters (None: no known limit)."""
        return _REPLY_LIMITS.get(self)


_PLATFORM_LABELS = {
    Platform.WEIBO: "微博",
    Platform.WECHAT: "微信公众号",
    Platform.DOUYIN: "抖音",
    Platform.FILE: "文件导入",
    Platform.SIMULATOR: "模拟演练",
}
_REPLY_LIMITS = {Platform.WEIBO: 140, Platform.WECHAT: 600, Platform.DOUYIN: 500}


class Sentiment(StrEnum):
    """Sentiment label of a comment."""

    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"

    @property
    def label(self) -> str:
        return {"negative": "负面", "neutral": "中性", "positive": "正面"}[self.value]


class Intent(StrEnum):
    """What the commenter wants."""

    COMPLAINT = "complaint"  # 投诉
    QUESTION = "question"  # 咨询
    HELP = "help"  # 求助
    SUGGESTION = "suggestion"  # 建议
    PRAISE = "praise"  # 表扬
    DOUBT = "doubt"  # 质疑/谣言
    ABUSE = "abuse"  # 辱骂
    OTHER = "other"  # 其他

    @property
    def label(self) -> str:
        return _INTENT_LABELS[self]


_INTENT_LABELS = {
    Intent.COMPLAINT: "投诉",
    Intent.QUESTION: "咨询",
    Intent.HELP: "求助",
    Intent.SUGGESTION: "建议",
    Intent.PRAISE: "表扬",
    Intent.DOUBT: "质疑/谣言",
    Intent.ABUSE: "辱骂",
    Intent.OTHER: "其他",
}


class CommentStatus(StrEnum):
    """Where a comment stands in triage."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    REPLIED = "replied"
    HANDLED = "handled"
    IGNORED = "ignored"
    SPAM = "spam"

    @property
    def label(self) -> str:
        return {
            "new": "未处理",
            "in_progress": "处理中",
            "replied": "已回复",
            "handled": "已办结",
            "ignored": "已忽略",
            "spam": "垃圾信息",
        }[self.value]


class ReplyState(StrEnum):
    """A reply's place in the review and sending state machine."""

    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {
            "draft": "草稿",
            "pending_review": "待审核",
            "approved": "已批准",
            "rejected": "已退回",
            "sending": "发送中",
            "sent": "已发送",
            "failed": "发送失败",
        }[self.value]


# Allowed reply transitions; the replies service refuses anything else.
REPLY_TRANSITIONS: dict[ReplyState, frozenset[ReplyState]] = {
    ReplyState.DRAFT: frozenset({ReplyState.PENDING_REVIEW, ReplyState.APPROVED}),
    ReplyState.PENDING_REVIEW: frozenset(
        {ReplyState.APPROVED, ReplyState.REJECTED, ReplyState.DRAFT}
    ),
    ReplyState.REJECTED: frozenset({ReplyState.DRAFT}),
    ReplyState.APPROVED: frozenset({ReplyState.SENDING, ReplyState.DRAFT}),
    ReplyState.SENDING: frozenset({ReplyState.SENT, ReplyState.FAILED}),
    ReplyState.FAILED: frozenset({ReplyState.SENDING, ReplyState.DRAFT}),
    ReplyState.SENT: frozenset(),
}


class Role(StrEnum):
    """An operator's duty (岗位)."""

    OPERATOR = "operator"  # 回复/互动岗
    REVIEWER = "reviewer"  # 审核岗
    CRISIS_LEAD = "crisis_lead"  # 舆情/应急岗
    ANALYST = "analyst"  # 数据分析岗
    ADMIN = "admin"  # 管理员

    @property
    def label(self) -> str:
        return {
            "operator": "回复岗",
            "reviewer": "审核岗",
            "crisis_lead": "舆情应急岗",
            "analyst": "数据分析岗",
            "admin": "管理员",
        }[self.value]


class AccountStatus(StrEnum):
    """Sync status of one account."""

    NEVER = "never"
    OK = "ok"
    AUTH_EXPIRED = "auth_expired"
    RATE_LIMITED = "rate_limited"
    ERROR = "error"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return {
            "never": "尚未同步",
            "ok": "正常",
            "auth_expired": "授权已过期",
            "rate_limited": "频率受限",
            "error": "出错",
            "paused": "已暂停",
        }[self.value]


class WarningLevel(enum.IntEnum):
    """Early-warning level (预警等级), ordered so that max() gives the worst."""

    NONE = 0
    BLUE = 1
    YELLOW = 2
    ORANGE = 3
    RED = 4

    @property
    def label(self) -> str:
        return ("无预警", "蓝色预警", "黄色预警", "橙色预警", "红色预警")[self.value]

    @property
    def key(self) -> str:
        return ("none", "blue", "yellow", "orange", "red")[self.value]


class AlertStatus(StrEnum):
    """Where an alert stands in the alert centre."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ESCALATED = "escalated"


class Severity(enum.IntEnum):
    """Incident grade on the emergency scale I-IV (1 is the gravest)."""

    I = 1  # noqa: E741  # 特别重大
    II = 2  # 重大
    III = 3  # 较大
    IV = 4  # 一般

    @property
    def label(self) -> str:
        return ("", "特别重大（I级）", "重大（II级）", "较大（III级）", "一般（IV级）")[self.value]


class IncidentStatus(StrEnum):
    """Incident lifecycle: 监测 -> 响应 -> 恢复 -> 结束."""

    MONITORING = "monitoring"
    RESPONDING = "responding"
    RECOVERING = "recovering"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"monitoring": "监测", "responding": "响应", "recovering": "恢复", "closed": "结束"}[
            self.value
        ]


class TemplateCategory(StrEnum):
    """Categories of approved wording."""

    APOLOGY = "apology"  # 道歉
    EXPLANATION = "explanation"  # 解释
    CLARIFICATION = "clarification"  # 澄清
    THANKS = "thanks"  # 感谢
    POLICY = "policy"  # 政策解读
    FAQ = "faq"  # 常见问题
    CASE = "case"  # 办理回复
    HOLDING = "holding"  # 危机声明
    GUIDE = "guide"  # 引导

    @property
    def label(self) -> str:
        return {
            "apology": "道歉",
            "explanation": "解释",
            "clarification": "澄清",
            "thanks": "感谢",
            "policy": "政策解读",
            "faq": "常见问题",
            "case": "办理回复",
            "holding": "危机声明",
            "guide": "引导",
        }[self.value]


class ActivityKind(StrEnum):
    """Kinds of interaction activity (互动活动)."""

    SURVEY = "survey"  # 问卷
    VOTE = "vote"  # 投票
    DRAW = "draw"  # 抽奖
    QUIZ = "quiz"  # 答题
    LIVE = "live"  # 直播
    TOPIC = "topic"  # 话题讨论
    PUBLIC_ASKS = "public_asks"  # 公众问政

    @property
    def label(self) -> str:
        return {
            "survey": "问卷调查",
            "vote": "投票",
            "draw": "抽奖",
            "quiz": "在线答题",
            "live": "直播",
            "topic": "话题讨论",
            "public_asks": "公众问政",
        }[self.value]


class ActivityStatus(StrEnum):
    """Where a planned activity stands."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            "draft": "草案",
            "scheduled": "已排期",
            "running": "进行中",
            "paused": "已暂停",
            "done": "已结束",
            "cancelled": "已取消",
        }[self.value]


@dataclass(frozen=True, slots=True)
class WatchHit:
    """One watch-word found in a text."""

    word: str
    list_name: str
    start: int  # offset in the normalised text
    end: int


@dataclass(slots=True)
class AnalysisResult:
    """What the analysis pipeline reads from one comment."""

    text: str  # the original text, unchanged
    normalized: str  # folded, simplified text used for analysis and search
    tokens: list[str]
    sentiment: Sentiment
    score: float  # [-1, 1], negative to positive
    confidence: float  # [0, 1]
    intent: Intent
    intent_evidence: list[str] = field(default_factory=list)  # the words/rules that fired
    keywords: list[str] = field(default_factory=list)
    watch_hits: list[WatchHit] = field(default_factory=list)
    simhash: int = 0  # 64-bit fingerprint, signed to fit a BIGINT column
    features: dict[str, list[str]] = field(default_factory=dict)  # emoticons, hashtags, mentions, urls


@dataclass(frozen=True, slots=True)
class Changes:
    """What a service call changed, so panes can decide what to reload."""

    comments: bool = False
    replies: bool = False
    templates: bool = False
    alerts: bool = False
    incidents: bool = False
    activities: bool = False
    accounts: bool = False
    trends: bool = False
    comment_ids: tuple[int, ...] = ()

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            comments=self.comments or other.comments,
            replies=self.replies or other.replies,
            templates=self.templates or other.templates,
            alerts=self.alerts or other.alerts,
            incidents=self.incidents or other.incidents,
            activities=self.activities or other.activities,
            accounts=self.accounts or other.accounts,
            trends=self.trends or other.trends,
            comment_ids=tuple(dict.fromkeys(self.comment_ids + other.comment_ids)),
        )


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """A half-open time range [start, end)."""

    start: datetime
    end: datetime
