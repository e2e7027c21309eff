"""One comment in full for the inbox's detail area: post, thread, author, evidence, replies, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from crisisdesk.errors import UserFacingError
from crisisdesk.services.inbox import InboxRow, rows_by_id
from crisisdesk.services.replies import ReplyView, replies_for
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import AuditEvent, Comment, Post, utcnow

# Earlier comments by the same author shown beside a comment.
AUTHOR_HISTORY = 20
# Bulk triage events are checked for a comment's id among this many of the latest ones.
BULK_EVENTS_SCANNED = 2000


@dataclass(frozen=True, slots=True)
class PostInfo:
    """What the comment was left under."""

    id: int
    title: str
    text: str
    url: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One audited action on the comment or its replies."""

    at: datetime
    actor: str
    action: str
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CommentDetail:
    """Everything the detail area shows about one comment."""

    row: InboxRow
    normalized_text: str
    post: PostInfo | None
    parent: InboxRow | None
    children: list[InboxRow]  # the public's replies to it, oldest first
    same_author: list[InboxRow]  # earlier comments by the same author on the account
    keywords: list[str]
    intent_evidence: list[str]
    watch_hits: list[dict[str, Any]]  # word, list, start, end (offsets in normalized_text)
    features: dict[str, list[str]]
    sentiment_score: float
    sentiment_confidence: float
    sentiment_corrected: bool
    intent_corrected: bool
    replies: list[ReplyView]
    history: list[HistoryEntry]


def comment_detail(db: Database, comment_id: int) -> CommentDetail:
    """The full picture of one comment; a clear error if it no longer exists."""
    now = utcnow()
    with db.session() as session:
        comment = session.get(Comment, comment_id)
        if comment is None:
            raise UserFacingError(f"评论 #{comment_id} 不存在（可能已随账号一并删除）。")
        children = list(
            session.execute(
                select(Comment.id)
                .where(Comment.parent_id == comment.id)
                .order_by(Comment.created_at, Comment.id)
                .limit(200)
            ).scalars()
        )
        earlier = (
            list(
                session.execute(
                    select(Comment.id)
                    .where(
                        Comment.account_id == comment.account_id,
                        Comment.author_id == comment.author_id,
                        Comment.id != comment.id,
                        Comment.created_at <= comment.created_at,
                    )
                    .order_by(Comment.created_at.desc(), Comment.id.desc())
                    .limit(AUTHOR_HISTORY)
                ).scalars()
            )
            if comment.author_id
            else []
        )
        wanted = [comment.id, *children, *earlier]
        if comment.parent_id is not None:
            wanted.append(comment.parent_id)
        rows = rows_by_id(session, wanted, now=now)
        post = session.get(Post, comment.post_id) if comment.post_id is not None else None
        replies = replies_for(session, comment.id)
        analysis = comment.analysis or {}
        return CommentDetail(
            row=rows[comment.id],
            normalized_text=comment.normalized_text,
            post=PostInfo(post.id, post.title, post.text, post.url, post.published_at)
            if post is not None
            else None,
            parent=rows.get(comment.parent_id) if comment.parent_id is not None else None,
            children=[rows[i] for i in children if i in rows],
            same_author=[rows[i] for i in earlier if i in rows],
            keywords=[str(k) for k in analysis.get("keywords", [])],
            intent_evidence=[str(e) for e in analysis.get("intent_evidence", [])],
            watch_hits=[dict(h) for h in analysis.get("watch_hits", []) if isinstance(h, dict)],
            features={
                str(k): [str(x) for x in v]
                for k, v in (analysis.get("features") or {}).items()
                if isinstance(v, list)
            },
            sentiment_score=comment.sentiment_score,
            sentiment_confidence=comment.sentiment_confidence,
            sentiment_corrected=comment.sentiment_corrected,
            intent_corrected=comment.intent_corrected,
            replies=replies,
            history=history(session, comment.id, [r.id for r in replies]),
        )


def history(session: Session, comment_id: int, reply_ids: list[int]) -> list[HistoryEntry]:
    """Audited actions on a comment (single and bulk triage) and on its replies, oldest first."""
    own = [AuditEvent.entity_type == "comment", AuditEvent.entity_id == str(comment_id)]
    clauses = [and_(*own)]
    if reply_ids:
        clauses.append(
            and_(
                AuditEvent.entity_type == "reply",
                AuditEvent.entity_id.in_([str(i) for i in reply_ids]),
            )
        )
    events = list(
        session.execute(select(AuditEvent).where(or_(*clauses)).order_by(AuditEvent.id)).scalars()
    )
    bulk = session.execute(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "comments")
        .order_by(AuditEvent.id.desc())
        .limit(BULK_EVENTS_SCANNED)
    ).scalars()
    events.extend(e for e in bulk if comment_id in (e.details or {}).get("ids", ()))
    events.sort(key=lambda e: e.id)
    return [HistoryEntry(e.at, e.actor, e.action, dict(e.details or {})) for e in events]
