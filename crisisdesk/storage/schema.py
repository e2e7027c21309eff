"""The whole database schema: typed SQLAlchemy models for every part of the product.

This module holds the people, accounts, posts, comments, replies and templates; the base and
the time type are in `schema_base`, the warning and response tables in `schema_ops`; every
model is importable from here.

Enumerations are stored as their string values (no database enum types), so adding a
value never needs a migration. Times are stored as UTC and come back timezone-aware.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crisisdesk.storage.schema_base import NAMING, Base, UTCDateTime, utcnow
from crisisdesk.storage.schema_ops import (
    Activity,
    Alert,
    AlertRule,
    AuditEvent,
    CrisisMode,
    CustomWord,
    IncidentEvent,
    PlanStep,
    ResponsePlan,
    SavedSession,
    ScheduledPost,
    TermStat,
    TrendBucket,
    WatchList,
    WatchWord,
    WorkspaceSetting,
)

__all__ = [
    "NAMING",
    "Account",
    "Activity",
    "Alert",
    "AlertRule",
    "AuditEvent",
    "Base",
    "Comment",
    "CommentTag",
    "CrisisMode",
    "CustomWord",
    "Incident",
    "IncidentEvent",
    "LabelCorrection",
    "Operator",
    "PlanStep",
    "Post",
    "Presence",
    "Reply",
    "ResponsePlan",
    "ResponseRule",
    "SavedSession",
    "SavedView",
    "ScheduledPost",
    "SyncCursor",
    "Tag",
    "Template",
    "TemplateUsage",
    "TemplateVersion",
    "TermStat",
    "TrendBucket",
    "UTCDateTime",
    "WatchHitRow",
    "WatchList",
    "WatchWord",
    "Wave",
    "WorkspaceSetting",
    "utcnow",
]


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


