"""The schema of the warning and response work: watch-words, alerts, incidents, plans,
activities, trend buckets, the audit chain, saved sessions and workspace settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
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

from crisisdesk.storage.schema_base import Base, utcnow

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
