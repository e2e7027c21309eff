"""`crisisdesk templates ...`: suggest, list, show, export and import reply templates."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from crisisdesk.cli import add_db_option


def register(subparsers: Any) -> None:
    """Add the `templates` command and its subcommands."""
    parser = subparsers.add_parser("templates", help="回复模板：推荐、查询、导入导出")
    sub = parser.add_subparsers(dest="templates_command", metavar="ACTION", required=True)

    p = sub.add_parser("suggest", help="为一条评论推荐模板")
    p.add_argument("text", metavar="TEXT", help="评论内容")
    p.add_argument("--top", type=int, default=5, help="显示前 N 个（默认 5）")
    p.add_argument("--crisis-type", default=None, help="关联事件的类型，如“服务故障”")
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_db_option(p)
    p.set_defaults(func=run, action="suggest")

    p = sub.add_parser("list", help="列出或搜索模板")
    p.add_argument("query", nargs="?", default="", help="按名称、正文或标签搜索")
    p.add_argument("--category", default=None, help="只看某一分类，如“道歉”")
    p.add_argument("--tag", default=None, help="只看带某个标签的模板")
    p.add_argument("--retired", action="store_true", help="包括已停用的模板")
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_db_option(p)
    p.set_defaults(func=run, action="list")

    p = sub.add_parser("export", help="导出模板库（.yaml 或 .xlsx）")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--include-private", action="store_true", help="同时导出私有模板")
    add_db_option(p)
    p.set_defaults(func=run, action="export")

    p = sub.add_parser("import", help="导入模板库（.yaml 或 .xlsx），先整体校验再一次写入")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--on-conflict",
        choices=("stop", "new-version", "skip"),
        default="stop",
        help="同名但内容不同的模板：stop 列出冲突且不导入（默认）；new-version 作为新版本导入；skip 跳过",
    )
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    add_db_option(p)
    p.set_defaults(func=run, action="import")


def _operator_id(session: Any) -> int | None:
    """The operator this workstation acts as (settings), when that person exists here."""
    from sqlalchemy import select

    from crisisdesk.settings import load_settings
    from crisisdesk.storage.schema import Operator

    name = load_settings().operator
    if not name:
        return None
    found: int | None = session.execute(
        select(Operator.id).where(Operator.username == name)
    ).scalar()
    return found


def run(args: argparse.Namespace) -> int:
    """Open the workspace (loading the default library on first use) and run one action."""
    from crisisdesk.cli.common import open_for_command
    from crisisdesk.services.template_io import ensure_default_library

    db = open_for_command(args)
    try:
        with db.session() as session:
            ensure_default_library(session)
        with db.session() as session:
            return int(_ACTIONS[args.action](session, args))
    finally:
        db.dispose()


def _suggest(session: Any, args: argparse.Namespace) -> int:
    from crisisdesk.domain import TemplateCategory
    from crisisdesk.services.template_suggest import suggest_for_text, suggestions_as_json

    found = suggest_for_text(
        session,
        args.text,
        top=max(1, args.top),
        crisis_type=args.crisis_type,
        viewer_id=_operator_id(session),
    )
    if args.format == "json":
        print(json.dumps(suggestions_as_json(found), ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("没有找到合适的模板。")
        return 0
    for rank, s in enumerate(found, 1):
        print(f"{rank}. {s.name}［{TemplateCategory(s.category).label}］ 得分 {s.score:.2f}")
        print(f"   理由：{'；'.join(s.reasons)}")
    return 0


def _list(session: Any, args: argparse.Namespace) -> int:
    from crisisdesk.services.templates import list_templates

    items = list_templates(
        session,
        query=args.query,
        category=args.category,
        tag=args.tag,
        include_retired=args.retired,
        viewer_id=_operator_id(session),
    )
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "id": t.id,
                        "name": t.name,
                        "category": t.category.label,
                        "tags": list(t.tags),
                        "scenario_tags": list(t.scenario_tags),
                        "version": t.latest.number,
                        "approved_version": t.approved.number if t.approved else None,
                        "retired": t.retired,
                    }
                    for t in items
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for t in items:
        state = (
            "已停用"
            if t.retired
            else ("已审核" if t.approved and t.approved.id == t.latest.id else "待审核")
        )
        print(f"{t.id:>5}  {t.category.label:<4}  {t.name}（第 {t.latest.number} 版，{state}）")
    print(f"共 {len(items)} 个模板。")
    return 0


def _export(session: Any, args: argparse.Namespace) -> int:
    from crisisdesk.services.template_io import export_file

    count = export_file(
        session, args.file, include_private=args.include_private, by=_operator_id(session)
    )
    print(f"已导出 {count} 个模板到 {args.file}。")
    return 0


def _import(session: Any, args: argparse.Namespace) -> int:
    from crisisdesk.services.template_io import OnConflict, import_file

    report = import_file(
        session,
        args.file,
        on_conflict=OnConflict(args.on_conflict),
        by=_operator_id(session),
        dry_run=args.dry_run,
    )
    prefix = "检查通过（未写入）：将" if args.dry_run else "导入完成："
    print(prefix + report.summary())
    for title, names in (
        ("新增", report.created),
        ("新版本", report.new_versions),
        ("跳过（同名内容不同）", report.skipped),
    ):
        if names:
            print(f"{title}：{'、'.join(names)}")
    return 0


_ACTIONS: dict[str, Any] = {
    "suggest": _suggest,
    "list": _list,
    "export": _export,
    "import": _import,
}
