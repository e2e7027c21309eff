"""Read-only queries behind the main window's panes, returning plain frozen dataclasses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, Subquery, and_, func, or_, select

from crisisdesk.domain import AccountStatus, AlertStatus, Sentiment, WarningLevel
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import (
    Account,
    Activity,
    Alert,
    AlertRule,
    Comment,
    Operator,
    PlanStep,
    Post,
    ResponsePlan,
    Template,
    TemplateVersion,
    TrendBucket,
)

# A position in the inbox's newest-first order: (created_at, id) of the last row seen.
InboxKey = tuple[datetime, int]

_PROBLEM_STATUSES = (
    AccountStatus.AUTH_EXPIRED.value,
    AccountStatus.RATE_LIMITED.value,
    AccountStatus.ERROR.value,
)
_ACTIVE_ALERT_STATUSES = (AlertStatus.OPEN.value, AlertStatus.ESCALATED.value)


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One line of the inbox table."""

    id: int
    created_at: datetime
    platform: str
    account_name: str
    author_name: str
    text: str
    sentiment: str
    intent: str
    status: str
    priority: int
    like_count: int


@dataclass(frozen=True, slots=True)
class CommentDetail:
    """Everything the inbox's detail area shows about one comment."""

    row: InboxRow
    external_id: str
    author_id: str
    post_title: str
    fetched_at: datetime
    sentiment_score: float
    sentiment_confidence: float
    keywords: tuple[str, ...]
    watch_hit_count: int
    assignee_name: str
    due_at: datetime | None
    handled_at: datetime | None


@dataclass(frozen=True, slots=True)
class IdPage:
    """A page of comment ids in inbox order, and the key to continue after it."""

    ids: tuple[int, ...]
    first_key: InboxKey | None  # key of the first id (None: the page is empty)
    next_key: InboxKey | None  # None: there is nothing after this page


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """How the accounts' synchronisation stands."""

    total: int
    ok: int
    problems: int
    paused: int = 0
    waiting: int = 0  # added but not synced yet


@dataclass(frozen=True, slots=True)
class TemplateSummary:
    """One line of the template list."""

    id: int
    name: str
    category: str
    latest_version: int | None
    approved: bool
    shared: bool


@dataclass(frozen=True, slots=True)
class TemplateDetail:
    """The latest version of one template."""

    id: int
    name: str
    category: str
    version: int | None
    body: str
    note: str
    approved_at: datetime | None
    approved_by: str
    version_count: int


@dataclass(frozen=True, slots=True)
class HourlyVolume:
    """Comments per hour per sentiment; hours are UTC epoch seconds of each hour's start."""

    hours: tuple[float, ...]
    by_sentiment: dict[str, tuple[int, ...]]

    @property
    def total(self) -> int:
        return sum(sum(series) for series in self.by_sentiment.values())


@dataclass(frozen=True, slots=True)
class AlertRow:
    """One line of the alert list."""

    id: int
    fired_at: datetime
    level: int
    rule_name: str
    reason: str
    status: str
    value: float
    baseline: float | None


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One line of the activity list."""

    id: int
    title: str
    kind: str
    status: str
    account_name: str
    starts_at: datetime | None
    ends_at: datetime | None
    held_by_crisis: bool


@dataclass(frozen=True, slots=True)
class PlanStepRow:
    """One step of a response plan."""

    position: int
    title: str
    role: str
    within_minutes: int | None
    template_name: str


@dataclass(frozen=True, slots=True)
class PlanRow:
    """A response plan (预案) with its steps in order."""

    id: int
    name: str
    crisis_type: str
    revision: int
    last_drill_at: datetime | None
    steps: tuple[PlanStepRow, ...]


# --- inbox ---------------------------------------------------------------------------------


def inbox_id_page(db: Database, *, after: InboxKey | None, limit: int) -> IdPage:
    """The next `limit` comment ids, newest first, after the given key (keyset paging)."""
    stmt = select(Comment.id, Comment.created_at)
    if after is not None:
        created, cid = after
        stmt = stmt.where(
            or_(
                Comment.created_at < created,
                and_(Comment.created_at == created, Comment.id < cid),
            )
        )
    stmt = stmt.order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit + 1)
    with db.session() as session:
        rows = session.execute(stmt).all()
    more = len(rows) > limit
    rows = rows[:limit]
    first_key: InboxKey | None = (rows[0][1], rows[0][0]) if rows else None
    next_key: InboxKey | None = (rows[-1][1], rows[-1][0]) if more and rows else None
    return IdPage(ids=tuple(r[0] for r in rows), first_key=first_key, next_key=next_key)


def inbox_newer(db: Database, *, than: InboxKey, limit: int = 5000) -> IdPage:
    """Comments that sort before `than` (newer), newest first, at most `limit` of the oldest ones.

    next_key is unused here (None); first_key is the new top of the inbox.
    """
    created, cid = than
    stmt = (
        select(Comment.id, Comment.created_at)
        .where(
            or_(
                Comment.created_at > created,
                and_(Comment.created_at == created, Comment.id > cid),
            )
        )
        .order_by(Comment.created_at.asc(), Comment.id.asc())
        .limit(limit)
    )
    with db.session() as session:
        rows = list(reversed(session.execute(stmt).all()))
    first_key: InboxKey | None = (rows[0][1], rows[0][0]) if rows else None
    return IdPage(ids=tuple(r[0] for r in rows), first_key=first_key, next_key=None)


def _inbox_select() -> tuple[Any, ...]:
    # In the order of InboxRow's fields.
    return (
        Comment.id, Comment.created_at, Comment.platform, Account.display_name,
        Comment.author_name, Comment.text, Comment.sentiment, Comment.intent, Comment.status,
        Comment.priority, Comment.like_count,
    )  # fmt: skip


def inbox_rows(db: Database, ids: Iterable[int]) -> dict[int, InboxRow]:
    """The inbox rows for these ids (missing ids are simply absent)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    stmt = (
        select(*_inbox_select())
        .join(Account, Account.id == Comment.account_id)
        .where(Comment.id.in_(wanted))
    )
    with db.session() as session:
        return {r[0]: InboxRow(*r) for r in session.execute(stmt).all()}


def comment_count(db: Database) -> int:
    """How many comments the workspace holds (an index-only count)."""
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Comment)) or 0)


def comment_detail(db: Database, comment_id: int) -> CommentDetail | None:
    """The detail of one comment, or None if it no longer exists."""
    stmt = (
        select(
            *_inbox_select(),
            Comment.external_id,
            Comment.author_id,
            Post.title,
            Comment.fetched_at,
            Comment.sentiment_score,
            Comment.sentiment_confidence,
            Comment.analysis,
            Comment.watch_hit_count,
            Operator.display_name,
            Comment.due_at,
            Comment.handled_at,
        )
        .join(Account, Account.id == Comment.account_id)
        .outerjoin(Post, Post.id == Comment.post_id)
        .outerjoin(Operator, Operator.id == Comment.assignee_id)
        .where(Comment.id == comment_id)
    )
    with db.session() as session:
        r = session.execute(stmt).first()
    if r is None:
        return None
    analysis = r[17] if isinstance(r[17], dict) else {}
    raw_keywords = analysis.get("keywords", [])
    keywords = tuple(str(k) for k in raw_keywords) if isinstance(raw_keywords, list) else ()
    # Positional, in the order of the select above and of CommentDetail's fields.
    return CommentDetail(
        InboxRow(*r[:11]), r[11], r[12], r[13] or "", r[14], float(r[15]), float(r[16]),
        keywords, int(r[18]), r[19] or "", r[20], r[21],
    )  # fmt: skip


# --- status bar ----------------------------------------------------------------------------


def account_summary(db: Database) -> AccountSummary:
    """Accounts in total, syncing normally, and with a problem that needs a person."""
    stmt = select(Account.sync_status, func.count()).group_by(Account.sync_status)
    with db.session() as session:
        counts = {str(status): int(n) for status, n in session.execute(stmt).all()}
    return AccountSummary(
        total=sum(counts.values()),
        ok=counts.get(AccountStatus.OK.value, 0),
        problems=sum(counts.get(s, 0) for s in _PROBLEM_STATUSES),
        paused=counts.get(AccountStatus.PAUSED.value, 0),
        waiting=counts.get(AccountStatus.NEVER.value, 0),
    )


def current_warning_level(db: Database) -> WarningLevel:
    """The gravest level among alerts not yet acknowledged (NONE when there is none)."""
    stmt = select(func.max(Alert.level)).where(Alert.status.in_(_ACTIVE_ALERT_STATUSES))
    with db.session() as session:
        level = session.scalar(stmt)
    if level is None:
        return WarningLevel.NONE
    return WarningLevel(max(WarningLevel.NONE, min(WarningLevel.RED, int(level))))


# --- templates -----------------------------------------------------------------------------


def _latest_versions() -> Subquery:
    return (
        select(TemplateVersion.template_id, func.max(TemplateVersion.number).label("number"))
        .group_by(TemplateVersion.template_id)
        .subquery()
    )


def template_list(db: Database) -> list[TemplateSummary]:
    """Templates in use (not retired), by category then name, with their latest version."""
    latest = _latest_versions()
    stmt = (
        select(
            Template.id,
            Template.name,
            Template.category,
            latest.c.number,
            TemplateVersion.approved_at,
            Template.shared,
        )
        .outerjoin(latest, latest.c.template_id == Template.id)
        .outerjoin(
            TemplateVersion,
            and_(
                TemplateVersion.template_id == Template.id,
                TemplateVersion.number == latest.c.number,
            ),
        )
        .where(Template.retired.is_(False))
        .order_by(Template.category, Template.name, Template.id)
    )
    with db.session() as session:
        return [
            TemplateSummary(r[0], r[1], r[2], r[3], r[4] is not None, bool(r[5]))
            for r in session.execute(stmt).all()
        ]


def template_detail(db: Database, template_id: int) -> TemplateDetail | None:
    """The latest version of a template, or None if the template no longer exists."""
    with db.session() as session:
        template = session.get(Template, template_id)
        if template is None:
            return None
        version = session.scalars(
            select(TemplateVersion)
            .where(TemplateVersion.template_id == template_id)
            .order_by(TemplateVersion.number.desc())
            .limit(1)
        ).first()
        count = session.scalar(
            select(func.count()).where(TemplateVersion.template_id == template_id)
        )
        approver = ""
        if version is not None and version.approved_by_id is not None:
            approver = (
                session.scalar(
                    select(Operator.display_name).where(Operator.id == version.approved_by_id)
                )
                or ""
            )
        return TemplateDetail(
            id=template.id,
            name=template.name,
            category=template.category,
            version=version.number if version else None,
            body=version.body if version else "",
            note=version.note if version else "",
            approved_at=version.approved_at if version else None,
            approved_by=approver,
            version_count=int(count or 0),
        )


# --- trends and alerts ---------------------------------------------------------------------


def _hour_expr(db: Database) -> ColumnElement[str]:
    minute = TrendBucket.__table__.c.minute  # the raw column: we read a string, not a datetime
    if db.is_postgres:
        return func.to_char(func.date_trunc("hour", minute), "YYYY-MM-DD HH24", type_=String)
    return func.strftime("%Y-%m-%d %H", minute, type_=String)


def hourly_volume(db: Database, *, days: int = 7) -> HourlyVolume:
    """Comment volume per hour and sentiment over the last `days` days of data (trend buckets)."""
    with db.session() as session:
        last = session.scalar(select(func.max(TrendBucket.minute)))
        if last is None:
            return HourlyVolume(hours=(), by_sentiment={})
        end = last.astimezone(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        start = end - timedelta(days=days)
        hour = _hour_expr(db)
        stmt = (
            select(hour, TrendBucket.sentiment, func.sum(TrendBucket.count))
            .where(TrendBucket.minute >= start, TrendBucket.minute < end)
            .group_by(hour, TrendBucket.sentiment)
        )
        rows = session.execute(stmt).all()
    n_hours = days * 24
    hours = tuple((start + timedelta(hours=i)).timestamp() for i in range(n_hours))
    series: dict[str, list[int]] = {s.value: [0] * n_hours for s in Sentiment}
    for label, sentiment, count in rows:
        at = datetime.strptime(str(label), "%Y-%m-%d %H").replace(tzinfo=UTC)
        index = int((at - start).total_seconds() // 3600)
        if 0 <= index < n_hours:
            series.setdefault(str(sentiment), [0] * n_hours)[index] += int(count or 0)
    return HourlyVolume(hours=hours, by_sentiment={k: tuple(v) for k, v in series.items()})


def recent_alerts(db: Database, *, limit: int = 50) -> list[AlertRow]:
    """The most recent alerts, newest first."""
    stmt = (
        select(
            Alert.id,
            Alert.fired_at,
            Alert.level,
            AlertRule.name,
            Alert.reason,
            Alert.status,
            Alert.value,
            Alert.baseline,
        )
        .outerjoin(AlertRule, AlertRule.id == Alert.rule_id)
        .order_by(Alert.fired_at.desc(), Alert.id.desc())
        .limit(limit)
    )
    with db.session() as session:
        return [
            AlertRow(r[0], r[1], int(r[2]), r[3] or "", r[4], r[5], float(r[6]), r[7])
            for r in session.execute(stmt).all()
        ]


# --- activities and plans ------------------------------------------------------------------


def activity_list(db: Database) -> list[ActivityRow]:
    """Planned activities, soonest start first, undated drafts last."""
    stmt = (
        select(
            Activity.id,
            Activity.title,
            Activity.kind,
            Activity.status,
            Account.display_name,
            Activity.starts_at,
            Activity.ends_at,
            Activity.held_by_crisis,
        )
        .outerjoin(Account, Account.id == Activity.account_id)
        .order_by(Activity.starts_at.is_(None), Activity.starts_at.desc(), Activity.id.desc())
    )
    with db.session() as session:
        return [
            ActivityRow(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], bool(r[7]))
            for r in session.execute(stmt).all()
        ]


def plan_list(db: Database) -> list[PlanRow]:
    """Response plans (预案) by name, each with its steps in order."""
    with db.session() as session:
        plans = session.execute(
            select(
                ResponsePlan.id,
                ResponsePlan.name,
                ResponsePlan.crisis_type,
                ResponsePlan.revision,
                ResponsePlan.last_drill_at,
            ).order_by(ResponsePlan.name, ResponsePlan.id)
        ).all()
        steps = session.execute(
            select(
                PlanStep.plan_id,
                PlanStep.position,
                PlanStep.title,
                PlanStep.role,
                PlanStep.within_minutes,
                Template.name,
            )
            .outerjoin(Template, Template.id == PlanStep.template_id)
            .order_by(PlanStep.plan_id, PlanStep.position, PlanStep.id)
        ).all()
    by_plan: dict[int, list[PlanStepRow]] = {}
    for plan_id, position, title, role, within, template_name in steps:
        by_plan.setdefault(plan_id, []).append(
            PlanStepRow(position, title, role or "", within, template_name or "")
        )
    return [PlanRow(p[0], p[1], p[2], int(p[3]), p[4], tuple(by_plan.get(p[0], ()))) for p in plans]
