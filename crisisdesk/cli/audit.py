"""`crisisdesk audit verify`: check that the audit trail has not been tampered with."""

from __future__ import annotations

import argparse
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import workspace_url


def register(sub: Any) -> None:
    """Add the audit command."""
    p: argparse.ArgumentParser = sub.add_parser("audit", help="操作记录（审计链）")
    actions = p.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="校验审计链是否完整")
    add_db_option(verify)
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    """Walk the chain; exit 0 when intact, 1 at the first broken link."""
    from crisisdesk.storage.audit import verify_chain
    from crisisdesk.storage.db import open_database

    db = open_database(workspace_url(args))
    try:
        with db.session() as session:
            report = verify_chain(session)
    finally:
        db.dispose()
    if report.intact:
        print(f"审计链完整：共 {report.events} 条操作记录，逐条校验通过。")
        return 0
    print(
        f"审计链在第 {report.broken_id} 号记录处断开：{report.reason}。"
        f"此前 {report.events} 条记录校验通过。"
    )
    return 1
