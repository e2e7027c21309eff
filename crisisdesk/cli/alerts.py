"""`crisisdesk alerts`: backtest rules on a CSV series or stored history, evaluate, list, acknowledge."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from crisisdesk.cli import add_db_option
from crisisdesk.errors import InputFileError, UserFacingError

if TYPE_CHECKING:
    from crisisdesk.analysis.signals.model import Firing
    from crisisdesk.analysis.signals.rules import RuleSpec
    from crisisdesk.analysis.signals.series import RegularSeries
    from crisisdesk.storage.db import Database

HEADER = "timestamp,level,rule,value,baseline"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `alerts` and its subcommands."""
    parser = subparsers.add_parser("alerts", help="预警：回测、评估、查看与确认")
    sub = parser.add_subparsers(dest="alerts_command", metavar="SUBCOMMAND", required=True)

    bt = sub.add_parser("backtest", help="在序列文件或已存历史上回测预警规则")
    bt.add_argument("--series", type=Path, metavar="FILE.csv",
                    help="CSV：timestamp,count[,negative]（无需数据库）")
    bt.add_argument("--rule", metavar="NAME", help="规则名（默认：全部默认规则）")
    bt.add_argument("--from", dest="start", metavar="ISO", help="已存历史的起点（默认 30 天前）")
    bt.add_argument("--to", dest="end", metavar="ISO", help="已存历史的终点（默认现在）")
    bt.add_argument("--out", type=Path, metavar="FILE", help="写入文件（默认标准输出）")
    add_db_option(bt)
    bt.set_defaults(func=run_backtest)

    ev = sub.add_parser("evaluate", help="按当前数据评估全部启用的规则")
    ev.add_argument("--now", metavar="ISO", help="评估时刻（默认现在）")
    add_db_option(ev)
    ev.set_defaults(func=run_evaluate)

    ls = sub.add_parser("list", help="列出预警")
    ls.add_argument("--status", choices=["open", "acknowledged", "escalated"])
    ls.add_argument("--limit", type=int, default=50)
    add_db_option(ls)
    ls.set_defaults(func=run_list)

    ack = sub.add_parser("ack", help="确认一条预警并附处理说明")
    ack.add_argument("alert_id", type=int)
    ack.add_argument("--note", default="")
    ack.add_argument("--as", dest="actor", required=True, metavar="USER", help="操作人用户名")
    add_db_option(ack)
    ack.set_defaults(func=run_ack)

    rules = sub.add_parser("rules", help="列出预警规则")
    add_db_option(rules)
    rules.set_defaults(func=run_rules)


def _parse_time(text: str | None, default: datetime) -> datetime:
    if not text:
        return default
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise UserFacingError(f"无法识别的时间：{text}", hint="请用 ISO 格式，如 2026-05-01T08:00:00+08:00") from exc
    return moment if moment.tzinfo else moment.astimezone()


def _pick_rules(name: str | None, specs: list[RuleSpec]) -> list[RuleSpec]:
    if name is None:
        return [s for s in specs if s.enabled]
    for spec in specs:
        if name in (spec.name, spec.label):
            return [spec]
    known = "、".join(s.name for s in specs)
    raise UserFacingError(f"没有名为“{name}”的规则。", hint=f"可用的规则：{known}")


def _write_rows(rows: list[tuple[RuleSpec, Firing]], series: RegularSeries, out: TextIO) -> None:
    out.write(HEADER + "\n")
    for spec, f in rows:
        base = "" if f.baseline is None else f"{f.baseline:.6g}"
        stamp = series.label_at(f.index).replace(",", " ")
        out.write(f"{stamp},{f.level.key},{spec.name},{f.value:.6g},{base}\n")


def run_backtest(args: argparse.Namespace) -> int:
    """Print `timestamp,level,rule,value,baseline` for each alert the rules would have raised."""
    if args.series is not None:
        return _backtest_file(args)
    if not args.rule:
        raise UserFacingError("请用 --series 指定序列文件，或用 --rule 指定要在已存历史上回测的规则。")
    from crisisdesk.services import alerts

    end = _parse_time(args.end, datetime.now(UTC))
    start = _parse_time(args.start, end - timedelta(days=30))
    db = _open(args)
    try:
        with db.session() as session:
            spec, series, firings = alerts.backtest_stored(session, args.rule, start=start, end=end)
    finally:
        db.dispose()
    _emit(args, [(spec, f) for f in firings], series)
    return 0


def _backtest_file(args: argparse.Namespace) -> int:
    from crisisdesk.analysis.signals.csvseries import parse_series_csv
    from crisisdesk.analysis.signals.rules import applies_to, backtest, default_rule_specs

    path: Path = args.series
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"无法读取序列文件 {path}：{exc}",
                             hint="文件须为 UTF-8 编码的 CSV。") from exc
    parsed = parse_series_csv(text)
    for bad in parsed.bad_rows[:50]:
        where = f"第 {bad.line} 行" if bad.line else "文件"
        print(f"{path}：{where}：{bad.reason}（已跳过）", file=sys.stderr)
    if len(parsed.bad_rows) > 50:
        print(f"{path}：另有 {len(parsed.bad_rows) - 50} 行无法读取（已跳过）", file=sys.stderr)
    if parsed.series is None:
        raise InputFileError(f"序列文件 {path} 中可用的数据不足两行，无法回测。",
                             hint="每行格式：时间,数量[,负面数量]；时间可用 ISO 格式或 Unix 秒。")
    specs = _pick_rules(args.rule, default_rule_specs())
    usable = [s for s in specs if applies_to(s, parsed.series)]
    if not usable:
        raise UserFacingError("所选规则无法用于此序列（例如负面占比规则需要第三列负面数量）。")
    _emit(args, backtest(parsed.series, usable), parsed.series)
    return 0


def _emit(args: argparse.Namespace, rows: list[tuple[RuleSpec, Firing]], series: RegularSeries) -> None:
    if args.out is None:
        _write_rows(rows, series, sys.stdout)
        return
    try:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            _write_rows(rows, series, fh)
    except OSError as exc:
        raise InputFileError(f"无法写入 {args.out}：{exc.strerror or exc}") from exc
    print(f"已写入 {len(rows)} 条预警：{args.out}", file=sys.stderr)


def _open(args: argparse.Namespace) -> Database:
    from crisisdesk.storage.db import open_database
    from crisisdesk.storage.locate import resolve_url

    return open_database(resolve_url(args.db))


def run_evaluate(args: argparse.Namespace) -> int:
    """Evaluate the enabled rules now and print what was raised."""
    from crisisdesk.domain import WarningLevel
    from crisisdesk.services import alerts

    now = _parse_time(args.now, datetime.now(UTC))
    db = _open(args)
    try:
        with db.session() as session:
            alerts.ensure_default_rules(session)
            raised = alerts.evaluate(session, now)
            for a in raised:
                print(f"#{a.id}\t{WarningLevel(a.level).label}\t{a.reason}")
            print(f"当前预警等级：{alerts.current_level(session, now).label}（新增预警 {len(raised)} 条）")
    finally:
        db.dispose()
    return 0


def run_list(args: argparse.Namespace) -> int:
    """List alerts, newest first."""
    from crisisdesk.domain import AlertStatus
    from crisisdesk.services import alerts

    db = _open(args)
    try:
        with db.session() as session:
            statuses = [AlertStatus(args.status)] if args.status else None
            for v in alerts.list_alerts(session, statuses=statuses, limit=args.limit):
                when = v.fired_at.astimezone().strftime("%Y-%m-%d %H:%M")
                print(f"#{v.id}\t{when}\t{v.level.label}\t{v.status.value}\t{v.reason}")
    finally:
        db.dispose()
    return 0


def run_ack(args: argparse.Namespace) -> int:
    """Acknowledge one alert."""
    from crisisdesk.services import alerts

    db = _open(args)
    try:
        with db.session() as session:
            v = alerts.acknowledge(session, args.alert_id, actor=args.actor, note=args.note)
            print(f"已确认预警 #{v.id}。")
    finally:
        db.dispose()
    return 0


def run_rules(args: argparse.Namespace) -> int:
    """List the workspace's rules."""
    import json

    from crisisdesk.services import alerts
    from crisisdesk.storage.schema import AlertRule

    db = _open(args)
    try:
        with db.session() as session:
            alerts.ensure_default_rules(session)
            for rule in session.query(AlertRule).order_by(AlertRule.id):
                spec = alerts.spec_of(rule)
                state = "启用" if rule.enabled else "停用"
                print(f"{rule.name}\t{spec.label}\t{state}\t冷却 {rule.cooldown_seconds} 秒\t"
                      f"{json.dumps(rule.params, ensure_ascii=False)}")
    finally:
        db.dispose()
    return 0
