"""Response timers: overdue and at-risk comments, and deadlines recomputed when rules change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from crisisdesk.domain import Changes, Intent, Sentiment
from crisisdesk.services.deadlines import DeadlineRules
from crisisdesk.services.events import BUS
from crisisdesk.services.inbox_filters import OPEN_STATUSES
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, utcnow

comments_t: Table = Comment.__table__  # type: ignore[assignment]
AT_RISK_HOURS = 1.0  # "about to be late": due within this long
_BATCH = 5000


@dataclass(frozen=True, slots=True)
class TimerSummary:
    """How the open comments stand against their deadlines."""

    open: int
    overdue: int
    at_risk: int  # due within AT_RISK_HOURS, not overdue yet
    next_due_at: datetime | None


def summary(
    db: Database, *, now: datetime | None = None, at_risk_hours: float = AT_RISK_HOURS
) -> TimerSummary:
    """Counts for the status bar and the 超时未回复 badge (index range scans on due_at)."""
    now = now or utcnow()
    horizon = now + timedelta(hours=at_risk_hours)
    is_open = Comment.status.in_(OPEN_STATUSES)
    with db.session() as session:
        total = session.execute(select(func.count()).where(is_open)).scalar_one()
        overdue = session.execute(
            select(func.count()).where(is_open, Comment.due_at < now)
        ).scalar_one()
        at_risk = session.execute(
            select(func.count()).where(is_open, Comment.due_at >= now, Comment.due_at < horizon)
        ).scalar_one()
        next_due = session.execute(
            select(func.min(Comment.due_at)).where(is_open, Comment.due_at >= now)
        ).scalar()
    return TimerSummary(int(total), int(overdue), int(at_risk), next_due)


def recompute_due(db: Database, *, actor: str, now: datetime | None = None) -> int:
    """Apply the current deadline rules to every open comment; returns how many changed.

    Closed comments keep the deadline they were judged by. The comment's version does not
    move: a new deadline is the office's rule, not an edit that should refuse a colleague's
    triage.
    """
    now = now or utcnow()
    changed: list[int] = []
    with db.session() as session:
        rules = DeadlineRules.load(session)
        last = 0
        while True:
            rows = session.execute(
                select(
                    Comment.id,
                    Comment.created_at,
                    Comment.sentiment,
                    Comment.intent,
                    Comment.due_at,
                )
                .where(Comment.status.in_(OPEN_STATUSES), Comment.id > last)
                .order_by(Comment.id)
                .limit(_BATCH)
            ).all()
            if not rows:
                break
            last = int(rows[-1][0])
            updates: list[dict[str, Any]] = []
            for cid, created, sentiment, intent, due in rows:
                new_due = rules.due_at(
                    created_at=created, sentiment=_sentiment(sentiment), intent=_intent(intent)
                )
                if new_due != due:
                    updates.append({"cid": cid, "due": new_due})
            if updates:
                session.execute(
                    update(comments_t)
                    .where(comments_t.c.id == bindparam("cid"))
                    .values(due_at=bindparam("due")),
                    updates,
                )
                changed.extend(int(u["cid"]) for u in updates)
        _audit(session, actor, len(changed), now)
    if changed:
        BUS.emit(Changes(comments=True))
    return len(changed)


def _audit(session: Session, actor: str, count: int, now: datetime) -> None:
    append_event(
        session,
        actor=actor,
        action="timers.recompute",
        entity_type="workspace",
        entity_id="deadlines",
        details={"changed": count, "at": now.isoformat()},
    )


def _sentiment(value: str) -> Sentiment:
    try:
        return Sentiment(value)
    except ValueError:
        return Sentiment.NEUTRAL


def _intent(value: str) -> Intent:
    try:
        return Intent(value)
    except ValueError:
        return Intent.OTHER
