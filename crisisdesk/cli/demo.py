"""`crisisdesk demo`: build a demo workspace (a fictional city office with a brewing wave)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import workspace_url


def register(sub: Any) -> None:
    """Add the demo command."""
    p: argparse.ArgumentParser = sub.add_parser("demo", help="生成演示工作区")
    add_db_option(p)
    p.add_argument("--comments", type=int, default=3000, metavar="N", help="评论条数（默认 3000）")
    p.add_argument("--days", type=int, default=14, metavar="D", help="时间跨度天数（默认 14）")
    p.add_argument("--seed", type=int, default=20261121, help="随机种子（同一种子生成相同数据）")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the demo into the chosen (empty) workspace."""
    from crisisdesk.errors import UserFacingError
    from crisisdesk.services.demo import build_demo
    from crisisdesk.storage.db import describe_url

    if args.comments < 1 or args.days < 1:
        raise UserFacingError("--comments 与 --days 必须是正整数。")
    url = workspace_url(args, demo=True)

    def progress(done: int, total: int) -> None:
        if not args.quiet:
            print(f"\r写入评论 {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    stats = build_demo(url, comments=args.comments, days=args.days, seed=args.seed, progress=progress)
    if not args.quiet:
        print(file=sys.stderr)
    rate = stats.comments / stats.seconds if stats.seconds else 0.0
    print(
        f"演示工作区已生成：{describe_url(url)}\n"
        f"  {stats.accounts} 个账号，{stats.comments:,} 条评论（其中集中投诉 {stats.wave_comments:,} 条），"
        f"用时 {stats.seconds:.1f} 秒（{rate:,.0f} 条/秒）"
    )
    return 0
