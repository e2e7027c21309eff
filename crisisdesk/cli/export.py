"""`crisisdesk export comments`: comments to CSV, JSON lines or XLSX."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import IO, Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import open_for_command

FIELDS = ("account", "platform", "platform_id", "time", "author", "text", "sentiment", "intent", "status")


def register(sub: Any) -> None:
    """Add the export command."""
    p: argparse.ArgumentParser = sub.add_parser("export", help="导出数据")
    what = p.add_subparsers(dest="export_what", metavar="WHAT", required=True)
    c = what.add_parser("comments", help="导出评论")
    c.add_argument("--format", choices=("csv", "jsonl", "xlsx"), default="csv")
    c.add_argument("--out", type=Path, help="输出文件（默认标准输出；xlsx 必须指定）")
    add_db_option(c)
    c.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Stream every comment, oldest first, in the chosen format."""
    from crisisdesk.errors import UserFacingError
    from crisisdesk.services.export import iter_comment_records

    if args.format == "xlsx" and args.out is None:
        raise UserFacingError("导出 xlsx 时请用 --out 指定文件。")
    db = open_for_command(args)
    try:
        records = iter_comment_records(db)
        if args.format == "xlsx":
            _write_xlsx(records, args.out)
            return 0
        out: IO[str]
        out = args.out.open("w", encoding="utf-8", newline="") if args.out else sys.stdout
        try:
            if args.format == "jsonl":
                for rec in records:
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                writer = csv.DictWriter(out, fieldnames=FIELDS)
                writer.writeheader()
                writer.writerows(records)
        finally:
            if args.out:
                out.close()
    finally:
        db.dispose()
    return 0


def _write_xlsx(records: Any, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("评论")
    ws.append(list(FIELDS))
    for rec in records:
        ws.append([_xlsx_safe(rec[f]) for f in FIELDS])
    wb.save(path)


def _xlsx_safe(value: object) -> object:
    # A text starting with = + - @ would be a formula when the office opens the file.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
