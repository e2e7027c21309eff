"""Template usage: who used which template when, and whether the author came back calmer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.domain import Changes
from crisisdesk.services.events import BUS
from crisisdesk.services.templates import TemplateError, actor_name
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.schema import Comment, Reply, Template, TemplateUsage, TemplateVersion

# A change of sentiment score smaller than this is noise, not a reaction to our reply.
OUTCOME_MARGIN = 0.2


@dataclass(frozen=True, slots=True)
class UsageStats:
    """How one template has been used and what followed."""

    template_id: int
    name: str
    category: str
    times_used: int
    last_used_at: datetime | None
    by_operator: dict[int, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(
        default_factory=dict
    )  # calmer | same | more_negative | unknown

    @property
    def calmer_share(self) -> float | None:
        """Share of known outcomes where the author came back calmer."""
        known = sum(v for k, v in self.outcomes.items() if k != "unknown")
        return self.outcomes.get("calmer", 0) / known if known else None


def record_usage(
    session: Session,
    *,
    template_version_ids: Sequence[int],
    reply_id: int | None,
    comment_id: int | None,
    operator_id: int | None,
    used_at: datetime | None = None,
) -> list[int]:
    """Record that a sent reply used these template versions; returns the usage ids."""
    ids: list[int] = []
    versions = []
    for vid in dict.fromkeys(template_version_ids):
        version = session.get(TemplateVersion, vid)
        if version is None:
            raise TemplateError(f"找不到编号为 {vid} 的模板版本，无法记录使用情况。")
        versions.append(version)
    actor = actor_name(session, operator_id)
    for version in versions:
        row = TemplateUsage(
            template_id=version.template_id,
            version_id=version.id,
            reply_id=reply_id,
            comment_id=comment_id,
            operator_id=operator_id,
        )
        if used_at is not None:
            row.used_at = used_at
        session.add(row)
        session.flush()
        ids.append(row.id)
        append_event(
            session,
            actor=actor,
            action="template.use",
            entity_type="template",
            entity_id=version.template_id,
            details={"version": version.number, "reply_id": reply_id, "comment_id": comment_id},
        )
    if ids:
        BUS.emit(Changes(templates=True))
    return ids


def _classify(before: float, after: float) -> str:
    if after - before >= OUTCOME_MARGIN:
        return "calmer"
    if before - after >= OUTCOME_MARGIN:
        return "more_negative"
    return "same"


def refresh_outcomes(session: Session, *, limit: int = 2000) -> int:
    """Fill in outcomes where the author has since written again; returns how many were filled."""
    pending = session.execute(
        select(TemplateUsage, Comment, Reply)
        .join(Comment, Comment.id == TemplateUsage.comment_id)
        .outerjoin(Reply, Reply.id == TemplateUsage.reply_id)
        .where(TemplateUsage.outcome.is_(None))
        .order_by(TemplateUsage.id)
        .limit(limit)
    ).all()
    filled = 0
    for usage, comment, reply in pending:
        if not comment.author_id:
            continue
        since = (reply.sent_at if reply is not None and reply.sent_at else None) or usage.used_at
        nxt = session.execute(
            select(Comment.sentiment_score)
            .where(
                Comment.account_id == comment.account_id,
                Comment.author_id == comment.author_id,
                Comment.created_at > since,
                Comment.id != comment.id,
            )
            .order_by(Comment.created_at, Comment.id)
            .limit(1)
        ).scalar()
        if nxt is None:
            continue
        usage.outcome = _classify(comment.sentiment_score, float(nxt))
        usage.outcome_score = round(float(nxt) - comment.sentiment_score, 4)
        filled += 1
    if filled:
        session.flush()
    return filled


def usage_stats(session: Session, *, include_retired: bool = False) -> list[UsageStats]:
    """Times used, last use, by whom and outcomes, per template (most used first)."""
    refresh_outcomes(session)
    stmt = select(Template.id, Template.name, Template.category)
    if not include_retired:
        stmt = stmt.where(Template.retired.is_(False))
    templates = {r.id: r for r in session.execute(stmt).all()}
    rows = session.execute(
        select(
            TemplateUsage.template_id,
            TemplateUsage.operator_id,
            TemplateUsage.used_at,
            TemplateUsage.outcome,
        )
    ).all()
    count: Counter[int] = Counter()
    last: dict[int, datetime] = {}
    who: dict[int, Counter[int]] = {}
    outcomes: dict[int, Counter[str]] = {}
    for r in rows:
        if r.template_id not in templates:
            continue
        count[r.template_id] += 1
        if r.template_id not in last or r.used_at > last[r.template_id]:
            last[r.template_id] = r.used_at
        if r.operator_id is not None:
            who.setdefault(r.template_id, Counter())[r.operator_id] += 1
        outcomes.setdefault(r.template_id, Counter())[r.outcome or "unknown"] += 1
    stats = [
        UsageStats(
            template_id=tid,
            name=t.name,
            category=t.category,
            times_used=count[tid],
            last_used_at=last.get(tid),
            by_operator=dict(who.get(tid, {})),
            outcomes=dict(outcomes.get(tid, {})),
        )
        for tid, t in templates.items()
    ]
    stats.sort(key=lambda s: (-s.times_used, s.name))
    return stats
