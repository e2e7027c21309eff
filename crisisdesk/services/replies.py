"""Replies: draft -> (review) -> approved -> sending -> sent / failed, each sent exactly once.

Sending is split around the network call. Before it, one transaction moves the reply to
SENDING and bumps the comment's version, so two operators can never both send to the same
comment (the second gets a clear refusal). After it, a second transaction records the
outcome. A retry, or a reply found in SENDING after a crash, first asks the platform whether
the reply already exists, and only posts again when it does not.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, Table, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crisisdesk.connectors.base import Connector, SentReply
from crisisdesk.connectors.errors import ConnectorError, PermanentError
from crisisdesk.domain import REPLY_TRANSITIONS, Changes, CommentStatus, ReplyState
from crisisdesk.errors import UserFacingError
from crisisdesk.services.events import BUS
from crisisdesk.services.template_policy import ensure_sendable
from crisisdesk.services.template_usage import record_usage
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, Comment, Post, Reply, utcnow

ConnectorFactory = Callable[[Account], Connector]
comments_t: Table = Comment.__table__  # type: ignore[assignment]

UNCERTAIN = "发送结果未知（平台可能已收到）；重试时将先向平台核实，避免重复回复。"
CRASHED = "发送过程中程序中断，结果未知；重试时将先向平台核实，避免重复回复。"


class ReplyError(UserFacingError):
    """A reply action that is not allowed now; the message says why."""


class ReplyConflict(ReplyError):
    """Someone else changed or answered the comment first."""


@dataclass(frozen=True, slots=True)
class ReplyView:
    """A reply as the UI and CLI see it."""

    id: int
    comment_id: int
    text: str
    state: ReplyState
    author_id: int | None
    reviewer_id: int | None
    review_note: str
    last_error: str | None
    external_id: str | None
    send_attempts: int
    created_at: datetime
    sent_at: datetime | None


def to_view(r: Reply) -> ReplyView:
    """The plain view of a reply row."""
    return ReplyView(
        id=r.id,
        comment_id=r.comment_id,
        text=r.text,
        state=ReplyState(r.state),
        author_id=r.author_id,
        reviewer_id=r.reviewer_id,
        review_note=r.review_note,
        last_error=r.last_error,
        external_id=r.external_id,
        send_attempts=r.send_attempts,
        created_at=r.created_at,
        sent_at=r.sent_at,
    )


def _move(reply: Reply, to: ReplyState) -> None:
    current = ReplyState(reply.state)
    if to not in REPLY_TRANSITIONS[current]:
        raise ReplyError(f"回复当前状态为“{current.label}”，不能改为“{to.label}”。")
    reply.state = to.value
    reply.updated_at = utcnow()


def _audit(session: Session, actor: str, action: str, reply: Reply, **details: object) -> None:
    append_event(
        session,
        actor=actor,
        action=action,
        entity_type="reply",
        entity_id=reply.id,
        details={"comment_id": reply.comment_id, "state": reply.state, **details},
    )


def create_draft(
    session: Session,
    *,
    comment_id: int,
    text: str,
    actor: str,
    author_id: int | None = None,
    template_version_ids: Sequence[int] = (),
) -> Reply:
    """Start a reply to a comment."""
    if session.get(Comment, comment_id) is None:
        raise ReplyError("要回复的评论不存在。")
    if not text.strip():
        raise ReplyError("回复内容为空。", hint="请填写回复内容。")
    reply = Reply(
        comment_id=comment_id,
        author_id=author_id,
        text=text,
        template_version_ids=list(template_version_ids),
        state=ReplyState.DRAFT.value,
        idempotency_key=uuid.uuid4().hex,
    )
    session.add(reply)
    session.flush()
    _audit(session, actor, "reply.draft", reply, length=len(text))
    return reply


def submit_for_review(session: Session, reply_id: int, *, actor: str) -> Reply:
    """Send a draft to the reviewers' queue."""
    reply = _get(session, reply_id)
    _move(reply, ReplyState.PENDING_REVIEW)
    _audit(session, actor, "reply.submit", reply)
    return reply


def approve(
    session: Session, reply_id: int, *, actor: str, reviewer_id: int | None = None, note: str = ""
) -> Reply:
    """Approve a reply (from review, or directly where policy allows it)."""
    reply = _get(session, reply_id)
    _move(reply, ReplyState.APPROVED)
    reply.reviewer_id = reviewer_id
    reply.review_note = note
    reply.reviewed_at = utcnow()
    _audit(session, actor, "reply.approve", reply, note=note)
    return reply


def reject(
    session: Session, reply_id: int, *, actor: str, note: str, reviewer_id: int | None = None
) -> Reply:
    """Return a reply to its author with the reason."""
    if not note.strip():
        raise ReplyError("退回时请写明原因，便于撰写人修改。")
    reply = _get(session, reply_id)
    _move(reply, ReplyState.REJECTED)
    reply.reviewer_id = reviewer_id
    reply.review_note = note
    reply.reviewed_at = utcnow()
    _audit(session, actor, "reply.reject", reply, note=note)
    return reply


def edit(session: Session, reply_id: int, *, text: str, actor: str) -> Reply:
    """Change a reply's text; an approved or rejected reply goes back to draft."""
    reply = _get(session, reply_id)
    state = ReplyState(reply.state)
    if state in (ReplyState.SENDING, ReplyState.SENT):
        raise ReplyError(f"回复{state.label}，不能再修改。")
    if not text.strip():
        raise ReplyError("回复内容为空。")
    if state is not ReplyState.DRAFT:
        _move(reply, ReplyState.DRAFT)
    reply.text = text
    reply.updated_at = utcnow()
    _audit(session, actor, "reply.edit", reply, length=len(text))
    return reply


def _get(session: Session, reply_id: int) -> Reply:
    reply = session.get(Reply, reply_id)
    if reply is None:
        raise ReplyError(f"回复 {reply_id} 不存在。")
    return reply


@dataclass(frozen=True, slots=True)
class _Target:
    account: Account
    comment_external_id: str
    post_external_id: str | None
    text: str
    retry: bool
    settle_from: datetime


def _claim(db: Database, reply_id: int, actor: str) -> _Target:
    """Move the reply to SENDING and lock out any other reply to the same comment."""
    try:
        with db.session() as session:
            reply = _get(session, reply_id)
            if ReplyState(reply.state) not in (ReplyState.APPROVED, ReplyState.FAILED):
                raise ReplyError(
                    f"回复当前状态为“{ReplyState(reply.state).label}”，只有已批准或发送失败的回复可以发送。"
                )
            comment = session.get(Comment, reply.comment_id)
            assert comment is not None
            other = session.execute(
                select(Reply.id, Reply.state).where(
                    Reply.comment_id == comment.id,
                    Reply.id != reply.id,
                    Reply.state.in_([ReplyState.SENDING.value, ReplyState.SENT.value]),
                )
            ).first()
            if other is not None:
                raise ReplyConflict(
                    "这条评论已有其他回复正在发送或已发送，本条未发送。",
                    hint="请刷新查看已发出的回复；如需补充，请在其下继续回复。",
                )
            if reply.template_version_ids:
                # Approved wording only, where the office's policy says so; retired never.
                ensure_sendable(session, [int(v) for v in reply.template_version_ids])
            retry = reply.send_attempts > 0
            settle_from = reply.updated_at
            _move(reply, ReplyState.SENDING)
            reply.send_attempts += 1
            # Optimistic lock on the comment: a concurrent sender's UPDATE waits for ours and
            # then matches no row, so only one reply per comment can reach the platform.
            bumped: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(comments_t)
                .where(comments_t.c.id == comment.id, comments_t.c.version == comment.version)
                .values(version=comment.version + 1)
            )
            if bumped.rowcount != 1:
                raise StaleDataError("comment changed")
            account = session.get(Account, comment.account_id)
            assert account is not None
            post_ext = None
            if comment.post_id is not None:
                post = session.get(Post, comment.post_id)
                post_ext = post.external_id if post is not None else None
            _audit(session, actor, "reply.send_start", reply, attempt=reply.send_attempts)
            session.expunge(account)
            return _Target(account, comment.external_id, post_ext, reply.text, retry, settle_from)
    except StaleDataError as exc:
        raise ReplyConflict("他人刚刚处理了这条评论，本条未发送。", hint="请刷新后再试。") from exc


def send(db: Database, reply_id: int, *, actor: str, factory: ConnectorFactory) -> ReplyView:
    """Send an approved (or failed) reply through its account's connector, exactly once."""
    target = _claim(db, reply_id, actor)
    connector = factory(target.account)
    sent: SentReply | None = None
    error: ConnectorError | None = None
    definite_failure = False
    try:
        text = connector.check_reply_text(target.text)
        if target.retry:
            settle = timedelta(seconds=connector.reply_settle_seconds)
            if utcnow() - target.settle_from < settle:
                raise PermanentError(
                    "上次发送的结果仍在平台审核中，暂不能核实。",
                    hint=f"请在 {int(settle.total_seconds())} 秒后重试。",
                )
            sent = connector.find_reply(
                comment_external_id=target.comment_external_id,
                post_external_id=target.post_external_id,
                text=text,
            )
        if sent is None:
            sent = connector.post_reply(
                comment_external_id=target.comment_external_id,
                post_external_id=target.post_external_id,
                text=text,
                idempotency_key=_key(db, reply_id),
            )
    except PermanentError as exc:
        error, definite_failure = exc, True
    except ConnectorError as exc:
        error = exc
    return _finish(db, reply_id, actor, sent, error, definite_failure)


def _key(db: Database, reply_id: int) -> str:
    with db.session() as session:
        return _get(session, reply_id).idempotency_key


def _finish(
    db: Database,
    reply_id: int,
    actor: str,
    sent: SentReply | None,
    error: ConnectorError | None,
    definite_failure: bool,
) -> ReplyView:
    with db.session() as session:
        reply = _get(session, reply_id)
        if sent is not None:
            _move(reply, ReplyState.SENT)
            reply.external_id = sent.external_id
            reply.sent_at = sent.sent_at
            reply.last_error = None
            comment = session.get(Comment, reply.comment_id)
            if comment is not None and comment.status in (
                CommentStatus.NEW.value,
                CommentStatus.IN_PROGRESS.value,
            ):
                comment.status = CommentStatus.REPLIED.value
                comment.handled_at = sent.sent_at
            if reply.template_version_ids:
                record_usage(
                    session,
                    template_version_ids=[int(v) for v in reply.template_version_ids],
                    reply_id=reply.id,
                    comment_id=reply.comment_id,
                    operator_id=reply.author_id,
                    used_at=sent.sent_at,
                )
            if comment is not None and comment.incident_id is not None:
                # The incident's timeline records its first reply by itself. Imported here:
                # the incidents service brings the signal detectors, not needed to start up.
                from crisisdesk.services.incidents import record_first_reply

                record_first_reply(session, comment.incident_id, actor=actor, at=sent.sent_at)
            _audit(session, actor, "reply.sent", reply, external_id=sent.external_id)
        else:
            _move(reply, ReplyState.FAILED)
            reason = str(error) if error is not None else "发送失败"
            reply.last_error = reason if definite_failure else f"{reason}\n{UNCERTAIN}"
            _audit(session, actor, "reply.failed", reply, reason=reason, definite=definite_failure)
        view = to_view(reply)
    BUS.emit(Changes(replies=True, comments=True, comment_ids=(view.comment_id,)))
    return view


def recover_interrupted(db: Database, *, actor: str = "crisisdesk") -> int:
    """Mark replies left in SENDING by a crash as failed-uncertain; returns how many."""
    with db.session() as session:
        stuck = session.execute(
            select(Reply).where(Reply.state == ReplyState.SENDING.value)
        ).scalars().all()
        for reply in stuck:
            _move(reply, ReplyState.FAILED)
            reply.last_error = CRASHED
            _audit(session, actor, "reply.interrupted", reply)
        return len(stuck)


def replies_for(session: Session, comment_id: int) -> list[ReplyView]:
    """Every reply to a comment, oldest first."""
    rows = session.execute(
        select(Reply).where(Reply.comment_id == comment_id).order_by(Reply.id)
    ).scalars()
    return [to_view(r) for r in rows]
