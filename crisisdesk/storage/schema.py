"""The whole database schema: typed SQLAlchemy models for every part of the product.

Enumerations are stored as their string values (no database enum types), so adding a
value never needs a migration. Times are stored as UTC and come back timezone-aware.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so Alembic migrations read the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored as naive UTC and returned timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


# --- people -------------------------------------------------------------------------------


class Operator(Base):
    """A person who works in the console; roles decide what they may do."""

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    roles: Mapped[list[Any]] = mapped_column(default=list)  # list of Role values
    team: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- accounts, posts, comments ------------------------------------------------------------


class Account(Base):
    """One social media account the office runs on one platform."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128), unique=True)  # the office's name for it
    display_name: Mapped[str] = mapped_column(String(128))  # the name the public sees
    base_url: Mapped[str | None] = mapped_column(String(512))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)  # connector settings, no secrets
    keyring_ref: Mapped[str | None] = mapped_column(String(256))  # username of the keyring entry
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    poll_seconds: Mapped[int] = mapped_column(Integer, default=180)
    sync_status: Mapped[str] = mapped_column(String(16), default="never")
    sync_message: Mapped[str | None] = mapped_column(Text)
    last_success_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    token_expires_at: Mapped[datetime | None]
    refresh_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncCursor(Base):
    """Where the sync of one account scope stands; saved in the same transaction as its rows."""

    __tablename__ = "sync_cursors"
    __table_args__ = (UniqueConstraint("account_id", "scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(256))
    cursor: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Post(Base):
    """Something the account published (a Weibo post, a WeChat article, a Douyin video)."""

    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("account_id", "external_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(String(512), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(1024))
    published_at: Mapped[datetime | None]
    watched: Mapped[bool] = mapped_column(Boolean, default=True)  # WeChat: articles to poll
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Wave(Base):
    """A copy-paste wave (水军): near-identical comments from different authors."""

    __tablename__ = "waves"
    id: Mapped[int] = mapped_column(primary_key=True)
    simhash: Mapped[int] = mapped_column(BigInteger)
    representative_text: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, default=0)
    distinct_authors: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class Incident(Base):
    """A crisis being handled (危机事件), with a severity grade and deadlines."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(256))
    description: Mapped[str] = mapped_column(Text, default="")
    crisis_type: Mapped[str | None] = mapped_column(String(64))
    severity: Mapped[int] = mapped_column(Integer, default=4)  # Severity value, 1 = I
    status: Mapped[str] = mapped_column(String(16), default="monitoring")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("response_plans.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    # Deadlines computed from the response policy when the severity is set.
    info_due_at: Mapped[datetime | None]  # authoritative information (I/II: 5 h)
    press_due_at: Mapped[datetime | None]  # press conference (I/II: 24 h)
    response_due_at: Mapped[datetime | None]  # a response (others: 48 h)
    first_reply_at: Mapped[datetime | None]
    statement_at: Mapped[datetime | None]
    review_notes: Mapped[str] = mapped_column(Text, default="")  # 复盘


class Comment(Base):
    """What a member of the public wrote, with the machine's reading and its triage state."""

    __tablename__ = "comments"
    __table_args__ = (
        UniqueConstraint("account_id", "external_id"),
        Index("ix_comments_created", "created_at", "id"),
        Index("ix_comments_status_created", "status", "created_at"),
        Index("ix_comments_sentiment_created", "sentiment", "created_at"),
        Index("ix_comments_account_created", "account_id", "created_at"),
        Index("ix_comments_assignee", "assignee_id", "status"),
        Index("ix_comments_wave", "wave_id"),
        Index("ix_comments_incident", "incident_id"),
        Index("ix_comments_due", "due_at"),
        Index("ix_comments_author", "account_id", "author_id"),
        Index("ix_comments_parent", "parent_id"),
        Index("ix_comments_priority_created", "priority", "created_at", "id"),
        Index("ix_comments_status_due", "status", "due_at"),
        Index("ix_comments_status_sentiment", "status", "sentiment", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))  # copied from the account for fast filters
    external_id: Mapped[str] = mapped_column(String(128))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    parent_external_id: Mapped[str | None] = mapped_column(String(128))
    author_id: Mapped[str] = mapped_column(String(128), default="")
    author_name: Mapped[str] = mapped_column(String(256), default="")
    text: Mapped[str] = mapped_column(Text)  # exactly as received
    normalized_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    like_count: Mapped[int] = mapped_column(Integer, default=0)
    # analysis
    sentiment: Mapped[str] = mapped_column(String(16), default="neutral")
    sentiment_score: Mapped[float] = mapped_column(Float, default=0.0)
    sentiment_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    sentiment_corrected: Mapped[bool] = mapped_column(Boolean, default=False)
    intent: Mapped[str] = mapped_column(String(16), default="other")
    intent_corrected: Mapped[bool] = mapped_column(Boolean, default=False)
    analysis: Mapped[dict[str, Any]] = mapped_column(default=dict)  # keywords, evidence, features
    watch_hit_count: Mapped[int] = mapped_column(Integer, default=0)
    simhash: Mapped[int] = mapped_column(BigInteger, default=0)
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("waves.id", ondelete="SET NULL"))
    # triage
    status: Mapped[str] = mapped_column(String(16), default="new")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    assignee_role: Mapped[str | None] = mapped_column(String(32))
    priority: Mapped[int] = mapped_column(Integer, default=0)  # 0 normal, 1 high, 2 urgent
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))
    due_at: Mapped[datetime | None]
    handled_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic locking

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy reads it)


class WatchHitRow(Base):
    """A watch-word found in a comment."""

    __tablename__ = "comment_watch_hits"
    __table_args__ = (Index("ix_watch_hits_word", "word", "comment_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    word: Mapped[str] = mapped_column(String(128))
    list_name: Mapped[str] = mapped_column(String(128))


class Tag(Base):
    """A label operators put on comments."""

    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    color: Mapped[str] = mapped_column(String(16), default="#888888")


class CommentTag(Base):
    """Which tags a comment carries."""

    __tablename__ = "comment_tags"
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)


class LabelCorrection(Base):
    """An operator's correction of the machine's sentiment or intent; the analysis learns from it."""

    __tablename__ = "label_corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(String(16))  # sentiment | intent
    old_value: Mapped[str] = mapped_column(String(32))
    new_value: Mapped[str] = mapped_column(String(32))
    normalized_text: Mapped[str] = mapped_column(Text)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Presence(Base):
    """Who is viewing or drafting on a comment right now (shared offices)."""

    __tablename__ = "presence"
    __table_args__ = (UniqueConstraint("comment_id", "operator_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # viewing | drafting
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedView(Base):
    """A named inbox filter (未处理负面, 我的待办 ...)."""

    __tablename__ = "saved_views"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)


class ResponseRule(Base):
    """A rule that sets a comment's response deadline (e.g. negative: 2 h)."""

    __tablename__ = "response_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    conditions: Mapped[dict[str, Any]] = mapped_column(default=dict)  # sentiment/intent/account...
    hours: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


# --- replies and templates ----------------------------------------------------------------


class Template(Base):
    """Approved wording (回复模板/话术) with its versions."""

    __tablename__ = "templates"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(32))
    tags: Mapped[list[Any]] = mapped_column(default=list)
    scenario_tags: Mapped[list[Any]] = mapped_column(default=list)  # crisis types and intents
    shared: Mapped[bool] = mapped_column(Boolean, default=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    team: Mapped[str | None] = mapped_column(String(64))
    roles: Mapped[list[Any]] = mapped_column(default=list)  # Role values that see it ([] = every role)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(64))  # default library, import file ...
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    versions: Mapped[list[TemplateVersion]] = relationship(
        back_populates="template", order_by="TemplateVersion.number"
    )


class TemplateVersion(Base):
    """One version of a template's text; edits make new versions."""

    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("template_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("templates.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    variants: Mapped[dict[str, Any]] = mapped_column(default=dict)  # platform -> body
    variables: Mapped[dict[str, Any]] = mapped_column(default=dict)  # name -> default
    author_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    approved_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    template: Mapped[Template] = relationship(back_populates="versions")


class Reply(Base):
    """Our answer to a comment, moving through review and sending exactly once."""

    __tablename__ = "replies"
    __table_args__ = (Index("ix_replies_state", "state", "updated_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    text: Mapped[str] = mapped_column(Text)
    template_version_ids: Mapped[list[Any]] = mapped_column(default=list)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    review_note: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None]
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(128))
    send_attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy reads it)


class TemplateUsage(Base):
    """A template used in a reply, and what the author did afterwards."""

    __tablename__ = "template_usage"
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("templates.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("template_versions.id"))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id", ondelete="SET NULL"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    used_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(16))  # calmer | same | more_negative
    outcome_score: Mapped[float | None] = mapped_column(Float)


# --- watch-words, alerts, incidents, plans ------------------------------------------------


class WatchList(Base):
    """A user-managed list of watch-words (敏感词/关注词)."""

    __tablename__ = "watch_lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="sensitive")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WatchWord(Base):
    """One word of a watch list."""

    __tablename__ = "watch_words"
    __table_args__ = (UniqueConstraint("list_id", "word"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("watch_lists.id", ondelete="CASCADE"))
    word: Mapped[str] = mapped_column(String(128))


class CustomWord(Base):
    """The office's own dictionary word for segmentation."""

    __tablename__ = "custom_words"
    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(64), unique=True)
    freq: Mapped[int | None] = mapped_column(Integer)
    tag: Mapped[str | None] = mapped_column(String(16))


class AlertRule(Base):
    """A warning rule: volume, negative share, spike, watch-word, wave or weighted index."""

    __tablename__ = "alert_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    cooldown_seconds: Mapped[int] = mapped_column(Integer, default=1800)
    last_fired_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Alert(Base):
    """A warning raised by a rule, with the numbers that made it fire."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_fired", "fired_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("alert_rules.id", ondelete="SET NULL"))
    fired_at: Mapped[datetime]
    level: Mapped[int] = mapped_column(Integer)  # WarningLevel
    value: Mapped[float] = mapped_column(Float)
    baseline: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open")
    ack_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    ack_at: Mapped[datetime | None]
    ack_note: Mapped[str] = mapped_column(Text, default="")
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))


class IncidentEvent(Base):
    """One line of an incident's timeline, recorded as things happen."""

    __tablename__ = "incident_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))  # alert, level, first_reply, statement, note ...
    text: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CrisisMode(Base):
    """A period in which every scheduled outgoing post and activity is held."""

    __tablename__ = "crisis_modes"
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class ResponsePlan(Base):
    """A prepared plan for a crisis type (预案)."""

    __tablename__ = "response_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    crisis_type: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    last_drill_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    steps: Mapped[list[PlanStep]] = relationship(
        back_populates="plan", order_by="PlanStep.position", cascade="all, delete-orphan"
    )


class PlanStep(Base):
    """Who does what, in which order, within which time, with which wording."""

    __tablename__ = "plan_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("response_plans.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(256))
    role: Mapped[str | None] = mapped_column(String(32))
    within_minutes: Mapped[int | None] = mapped_column(Integer)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("templates.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[ResponsePlan] = relationship(back_populates="steps")


# --- activities and outgoing posts --------------------------------------------------------


class Activity(Base):
    """A planned interaction activity (互动活动)."""

    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(32))
    goal: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    topic_words: Mapped[list[Any]] = mapped_column(default=list)
    evaluation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    held_by_crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScheduledPost(Base):
    """An outgoing post scheduled for later; crisis mode holds it."""

    __tablename__ = "scheduled_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    scheduled_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    held_by_crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


# --- trends, audit, sessions, workspace state ---------------------------------------------


class TrendBucket(Base):
    """Comments per account, minute, sentiment and intent, maintained at ingest."""

    __tablename__ = "trend_buckets"
    __table_args__ = (Index("ix_trend_minute", "minute"),)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    minute: Mapped[datetime] = mapped_column(primary_key=True)
    sentiment: Mapped[str] = mapped_column(String(16), primary_key=True)
    intent: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    watch_hits: Mapped[int] = mapped_column(Integer, default=0)


class TermStat(Base):
    """Document frequency of a term in this workspace (learnt IDF)."""

    __tablename__ = "term_stats"
    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_count: Mapped[int] = mapped_column(Integer, default=0)


class AuditEvent(Base):
    """Who did what, when; each event carries the hash of the one before it."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_entity", "entity_type", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Unique: two writers can never chain onto the same event (the chain cannot fork).
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class SavedSession(Base):
    """A saved session file (for offline review on another machine)."""

    __tablename__ = "saved_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256))
    path: Mapped[str] = mapped_column(String(1024))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(64))
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    from_time: Mapped[datetime | None]
    to_time: Mapped[datetime | None]
    sha256: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")


class WorkspaceSetting(Base):
    """Workspace-wide settings shared by every operator (policies, weights, deadlines)."""

    __tablename__ = "workspace_settings"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
