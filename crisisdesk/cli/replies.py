"""`crisisdesk replies draft|submit|approve|reject|send|list`: the review-and-send flow, headless."""

from __future__ import annotations

import argparse
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import actor, open_for_command, workspace_session


def register(sub: Any) -> None:
    """Add the replies command."""
    p: argparse.ArgumentParser = sub.add_parser("replies", help="撰写、审核与发送回复")
    actions = p.add_subparsers(dest="replies_action", metavar="ACTION", required=True)
    draft = actions.add_parser("draft", help="为一条评论起草回复")
    draft.add_argument("comment_id", type=int)
    draft.add_argument("--text", required=True)
    draft.add_argument("--submit", action="store_true", help="起草后直接提交审核")
    draft.set_defaults(func=run_draft)
    for name, helptext, func in (
        ("submit", "提交审核", run_submit),
        ("approve", "审核通过", run_approve),
        ("reject", "退回（须写明原因）", run_reject),
        ("send", "发送已批准的回复（失败的回复可重试）", run_send),
    ):
        sp = actions.add_parser(name, help=helptext)
        sp.add_argument("reply_id", type=int)
        if name in ("approve", "reject"):
            sp.add_argument("--note", default="", required=name == "reject")
        add_db_option(sp)
        sp.set_defaults(func=func)
    listing = actions.add_parser("list", help="列出一条评论的全部回复")
    listing.add_argument("comment_id", type=int)
    listing.set_defaults(func=run_list)
    add_db_option(draft)
    add_db_option(listing)


def _print(view: Any) -> None:
    line = f"回复 {view.id}（评论 {view.comment_id}）：{view.state.label}"
    if view.external_id:
        line += f"，平台编号 {view.external_id}"
    print(line)
    if view.last_error:
        print(f"  原因：{view.last_error}")


def run_draft(args: argparse.Namespace) -> int:
    """Draft (and optionally submit) a reply."""
    from crisisdesk.services import replies

    with workspace_session(args) as session:
        reply = replies.create_draft(session, comment_id=args.comment_id, text=args.text, actor=actor())
        if args.submit:
            replies.submit_for_review(session, reply.id, actor=actor())
        view = replies.to_view(reply)
    _print(view)
    return 0


def _step(args: argparse.Namespace, action: str) -> int:
    from crisisdesk.services import replies

    with workspace_session(args) as session:
        if action == "submit":
            reply = replies.submit_for_review(session, args.reply_id, actor=actor())
        elif action == "approve":
            reply = replies.approve(session, args.reply_id, actor=actor(), note=args.note)
        else:
            reply = replies.reject(session, args.reply_id, actor=actor(), note=args.note)
        view = replies.to_view(reply)
    _print(view)
    return 0


def run_submit(args: argparse.Namespace) -> int:
    """Submit a draft for review."""
    return _step(args, "submit")


def run_approve(args: argparse.Namespace) -> int:
    """Approve a reply."""
    return _step(args, "approve")


def run_reject(args: argparse.Namespace) -> int:
    """Reject a reply with a note."""
    return _step(args, "reject")


def run_send(args: argparse.Namespace) -> int:
    """Send an approved reply through its account."""
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.domain import ReplyState
    from crisisdesk.services import replies
    from crisisdesk.services.accounts import ConnectorPool

    db = open_for_command(args)
    pool = ConnectorPool(CredentialStore())
    try:
        view = replies.send(db, args.reply_id, actor=actor(), factory=pool)
    finally:
        pool.close_all()
        db.dispose()
    _print(view)
    return 0 if view.state is ReplyState.SENT else 1


def run_list(args: argparse.Namespace) -> int:
    """List the replies of a comment."""
    from crisisdesk.services import replies

    with workspace_session(args) as session:
        views = replies.replies_for(session, args.comment_id)
    if not views:
        print("这条评论还没有回复。")
    for v in views:
        _print(v)
        print(f"  {v.text}")
    return 0
