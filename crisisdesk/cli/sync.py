"""`crisisdesk sync [--once] [--account NAME]`: fetch comments from the platforms."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import open_for_command


def register(sub: Any) -> None:
    """Add the sync command."""
    p: argparse.ArgumentParser = sub.add_parser("sync", help="从各平台同步评论")
    add_db_option(p)
    p.add_argument("--once", action="store_true", help="每个账号同步一轮后退出")
    p.add_argument("--account", action="append", metavar="NAME", help="只同步这些账号")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Sync once, or keep syncing on each account's schedule until interrupted."""
    from crisisdesk.collector import tune_for_bulk_work
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.domain import AccountStatus
    from crisisdesk.services.accounts import ConnectorPool, find_account
    from crisisdesk.services.replies import recover_interrupted
    from crisisdesk.services.sync import SyncService

    db = open_for_command(args)
    pool = ConnectorPool(CredentialStore())
    # Comments are read in a second process, on the second core, while this one stores.
    service = SyncService(db, pool, analysis_process=True)
    tune_for_bulk_work()
    try:
        recover_interrupted(db)
        ids: list[int] | None = None
        if args.account:
            with db.session() as session:
                ids = [find_account(session, name).id for name in args.account]
            service.only = set(ids)
        if args.once:
            outcomes = service.run_once(ids)
            failed = 0
            for o in outcomes:
                line = f"账号 {o.account_id}：{o.status.label}，新增评论 {o.new_comments:,} 条（{o.pages} 页）"
                if o.message:
                    line += f"；{o.message.splitlines()[0]}"
                print(line)
                failed += o.status not in (AccountStatus.OK, AccountStatus.PAUSED)
            return 1 if failed else 0
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        thread = service.start()
        print("同步已启动，按 Ctrl+C 结束。", file=sys.stderr)
        try:
            while thread.is_alive() and not stop.wait(1.0):
                pass
        except KeyboardInterrupt:
            pass
        service.stop()
        thread.join(timeout=30)
        return 0
    finally:
        service.close()
        pool.close_all()
        db.dispose()
