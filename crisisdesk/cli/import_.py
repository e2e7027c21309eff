"""`crisisdesk import FILE`: import comments exported from a platform's dashboard."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import open_for_command


def register(sub: Any) -> None:
    """Add the import command."""
    p: argparse.ArgumentParser = sub.add_parser("import", help="导入平台后台导出的评论表格（CSV/XLSX/JSON）")
    p.add_argument("file", type=Path)
    p.add_argument("--account", metavar="NAME", help="导入到哪个账号（默认“文件导入”）")
    p.add_argument(
        "--mapping",
        metavar="FIELD=列名,...",
        help="指定列对应关系，如 text=评论内容,created_at=评论时间,author_name=用户昵称",
    )
    add_db_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import the file; list bad rows with their line numbers."""
    from crisisdesk.errors import InputFileError
    from crisisdesk.services.importer import import_file, parse_mapping
    from crisisdesk.services.workspace import local_username
    from crisisdesk.settings import load_settings

    if not args.file.is_file():
        raise InputFileError(f"找不到文件 {args.file}。")
    db = open_for_command(args)
    try:
        summary = import_file(
            db,
            args.file,
            account_name=args.account,
            mapping=parse_mapping(args.mapping) if args.mapping else None,
            actor=local_username(load_settings().operator),
            progress=lambda n: print(f"\r已读取 {n:,} 行", end="", file=sys.stderr, flush=True),
        )
    finally:
        db.dispose()
    print(file=sys.stderr)
    print(
        f"导入完成：读取 {summary.read:,} 行，新增评论 {summary.added:,} 条，"
        f"已存在 {summary.already_there:,} 条，无法导入 {len(summary.bad_rows):,} 行。"
    )
    for bad in summary.bad_rows[:200]:
        print(f"  第 {bad.line} 行：{bad.reason}")
    if len(summary.bad_rows) > 200:
        print(f"  ……另有 {len(summary.bad_rows) - 200:,} 行未列出。")
    return 0
