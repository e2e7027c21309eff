"""`crisisdesk search QUERY`: the inbox's full-text search from the command line."""

from __future__ import annotations

import argparse
import json
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import workspace_url

SENTIMENTS = ("negative", "neutral", "positive")
STATUSES = ("new", "in_progress", "replied", "handled", "ignored", "spam")


def register(sub: Any) -> None:
    """Add the search command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "search",
        help="全文检索评论",
        description="检索评论全文：空格分隔的词须同时出现，用英文双引号括起短语，例如 "
        '社保 "系统崩了"。',
    )
    add_db_option(p)
    p.add_argument("query", metavar="QUERY", help="检索词（可含多个词与带引号的短语）")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="最多显示条数（默认 50）")
    p.add_argument("--count", action="store_true", help="只输出匹配条数")
    p.add_argument(
        "--format", choices=("text", "jsonl"), default="text", help="输出格式（默认 text）"
    )
    p.add_argument("--sentiment", action="append", choices=SENTIMENTS, help="按情感筛选，可重复")
    p.add_argument("--status", action="append", choices=STATUSES, help="按处理状态筛选，可重复")
    p.add_argument("--account", action="append", metavar="NAME", help="按账号名称筛选，可重复")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the matches newest first (or only their number); exit 0 even when none match."""
    from sqlalchemy import select

    from crisisdesk.errors import UserFacingError
    from crisisdesk.services.inbox import Inbox, InboxFilter, Sort
    from crisisdesk.services.workspace import open_workspace
    from crisisdesk.storage.schema import Account
    from crisisdesk.storage.search import parse_query

    if args.limit < 1:
        raise UserFacingError("--limit 必须是正整数。")
    if not parse_query(args.query):
        raise UserFacingError("检索词为空。", hint="请给出至少一个词，例如：crisisdesk search 社保")
    db = open_workspace(workspace_url(args))
    try:
        accounts: tuple[int, ...] = ()
        if args.account:
            with db.session() as session:
                found = dict(
                    session.execute(
                        select(Account.name, Account.id).where(Account.name.in_(args.account))
                    ).all()
                )
            missing = [name for name in args.account if name not in found]
            if missing:
                raise UserFacingError(f"没有名为“{'、'.join(missing)}”的账号。")
            accounts = tuple(found[name] for name in args.account)
        flt = InboxFilter(
            query=args.query,
            sentiments=tuple(args.sentiment or ()),
            statuses=tuple(args.status or ()),
            accounts=accounts,
        )
        inbox = Inbox(db)
        if args.count:
            print(inbox.count(flt))
            return 0
        ids, _ = inbox.page_ids(flt, Sort.NEWEST, limit=args.limit)
        for row in inbox.rows(ids):
            if args.format == "jsonl":
                record = {
                    "id": row.id,
                    "account": row.account_name,
                    "platform": row.platform,
                    "created_at": row.created_at.isoformat(),
                    "author": row.author_name,
                    "sentiment": row.sentiment,
                    "status": row.status,
                    "text": row.text,
                }
                print(json.dumps(record, ensure_ascii=False))
            else:
                # One line per comment: line breaks inside a comment would break the listing.
                flat = " ".join(row.text.split())
                when = row.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
                print(f"#{row.id}  {when}  {row.account_name}  {row.author_name}：{flat}")
        if not ids and args.format == "text":
            print("没有找到匹配的评论。")
        return 0
    finally:
        db.dispose()
