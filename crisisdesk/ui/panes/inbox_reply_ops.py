"""The reply steps the inbox takes, each one transaction through `services.replies` (no Qt here).

Who may do what follows the office's rule (`inbox_queries.Me`): an operator submits for review;
a reviewer (or whoever the workspace setting allows) approves, rejects or sends directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from crisisdesk.domain import Changes, ReplyState
from crisisdesk.services import replies
from crisisdesk.services.events import BUS
from crisisdesk.services.replies import ReplyError, ReplyView
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.panes.inbox_queries import Me


def _announce(comment_id: int) -> None:
    # The replies service announces sending only; review steps matter to other consoles too.
    BUS.emit(Changes(replies=True, comment_ids=(comment_id,)))


def _write_text(
    db: Database,
    me: Me,
    *,
    comment_id: int,
    text: str,
    version_ids: Sequence[int],
    reply_id: int | None,
) -> int:
    """Create the draft, or put new text into the operator's returned or unsent reply."""
    with db.session() as session:
        if reply_id is None:
            reply = replies.create_draft(
                session, comment_id=comment_id, text=text, actor=me.username,
                author_id=me.id, template_version_ids=list(version_ids),
            )  # fmt: skip
            return int(reply.id)
        reply = replies.edit(session, reply_id, text=text, actor=me.username)
        if version_ids:
            reply.template_version_ids = list(version_ids)
        return int(reply.id)


def submit(
    db: Database,
    me: Me,
    *,
    comment_id: int,
    text: str,
    version_ids: Sequence[int] = (),
    reply_id: int | None = None,
) -> ReplyView:
    """Save the text and put it in the reviewers' queue."""
    rid = _write_text(
        db, me, comment_id=comment_id, text=text, version_ids=version_ids, reply_id=reply_id
    )
    with db.session() as session:
        view = replies.to_view(replies.submit_for_review(session, rid, actor=me.username))
    _announce(comment_id)
    return view


def approve_own(
    db: Database,
    me: Me,
    *,
    comment_id: int,
    text: str,
    version_ids: Sequence[int] = (),
    reply_id: int | None = None,
) -> ReplyView:
    """Save the text and approve it at once (only for those the office lets send directly)."""
    if not me.may_send_directly:
        raise ReplyError(
            QCoreApplication.translate("InboxReplyOps", "按本单位规定，您的回复需经审核后才能发送。"),
            hint=QCoreApplication.translate("InboxReplyOps", "请点击“提交审核”。"),
        )
    rid = _write_text(
        db, me, comment_id=comment_id, text=text, version_ids=version_ids, reply_id=reply_id
    )
    with db.session() as session:
        reply = replies.approve(
            session, rid, actor=me.username, reviewer_id=me.id, note="本人直接发送"
        )
        view = replies.to_view(reply)
    _announce(comment_id)
    return view


def review(
    db: Database,
    me: Me,
    shown: ReplyView,
    *,
    approve: bool,
    note: str = "",
    text: str | None = None,
) -> ReplyView:
    """A reviewer approves (optionally with edited text) or rejects a reply awaiting review."""
    if not me.reviewer:
        raise ReplyError(
            QCoreApplication.translate("InboxReplyOps", "您没有审核回复的权限。"),
            hint=QCoreApplication.translate("InboxReplyOps", "需要审核岗、舆情应急岗或管理员。"),
        )
    reply_id = shown.id
    with db.session() as session:
        found = [r for r in replies.replies_for(session, shown.comment_id) if r.id == reply_id]
        if not found:
            raise ReplyError(
                QCoreApplication.translate("InboxReplyOps", "回复 {id} 不存在。").format(id=reply_id)
            )
        current = found[0]
        if current.state is not ReplyState.PENDING_REVIEW:
            raise ReplyError(
                QCoreApplication.translate(
                    "InboxReplyOps", "这条回复当前为“{state}”，已不在待审核状态。"
                ).format(state=labels.reply_state(current.state.value)),
                hint=QCoreApplication.translate("InboxReplyOps", "可能已由其他审核人处理，请刷新。"),
            )
        if approve:
            if text is not None and text.strip() and text != current.text:
                replies.edit(session, reply_id, text=text, actor=me.username)
            reply = replies.approve(
                session, reply_id, actor=me.username, reviewer_id=me.id, note=note
            )
        else:
            reply = replies.reject(
                session, reply_id, actor=me.username, note=note, reviewer_id=me.id
            )
        view = replies.to_view(reply)
    _announce(view.comment_id)
    return view


def send(db: Database, me: Me, reply_id: int, factory: replies.ConnectorFactory) -> ReplyView:
    """Send an approved (or failed) reply through the platform, exactly once."""
    return replies.send(db, reply_id, actor=me.username, factory=factory)
