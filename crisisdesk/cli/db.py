"""`crisisdesk db upgrade|current`: database migrations from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import workspace_url


def register(sub: Any) -> None:
    """Add the db command."""
    p: argparse.ArgumentParser = sub.add_parser("db", help="数据库结构升级与版本查询")
    actions = p.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="把数据库升级到当前版本的结构")
    add_db_option(up)
    up.set_defaults(func=run_upgrade)
    cur = actions.add_parser("current", help="显示数据库的结构版本")
    add_db_option(cur)
    cur.set_defaults(func=run_current)


def run_upgrade(args: argparse.Namespace) -> int:
    """Upgrade the database to the newest schema."""
    from crisisdesk.services.workspace import open_workspace
    from crisisdesk.storage.db import describe_url
    from crisisdesk.storage.migrate import HEAD, current_revision

    url = workspace_url(args)
    db = open_workspace(url)
    try:
        print(f"数据库 {describe_url(url)} 已是最新结构（{current_revision(db) or HEAD}）。")
    finally:
        db.dispose()
    return 0


def run_current(args: argparse.Namespace) -> int:
    """Print the schema revision without changing anything."""
    from crisisdesk.storage.db import describe_url, open_database
    from crisisdesk.storage.migrate import HEAD, current_revision

    url = workspace_url(args)
    db = open_database(url, migrate=False)
    try:
        rev = current_revision(db)
        state = "最新" if rev == HEAD else ("空数据库" if rev is None else f"需要升级到 {HEAD}")
        print(f"{describe_url(url)}: {rev or '-'}（{state}）")
    finally:
        db.dispose()
    return 0
