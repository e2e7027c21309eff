"""`crisisdesk incidents`: list incidents, show one with its deadlines and timeline, crisis mode."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from crisisdesk.cli import add_db_option

if TYPE_CHECKING:
    from crisisdesk.storage.db import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `incidents` and its subcommands."""
    parser = subparsers.add_parser("incidents", help="危机事件：列表、详情与危机模式")
    sub = parser.add_subparsers(dest="incidents_command", metavar="SUBCOMMAND", required=True)

    ls = sub.add_parser("list", help="列出事件")
    ls.add_argument("--all", action="store_true", help="包括已结束的事件")
    add_db_option(ls)
    ls.set_defaults(func=run_list)

    show = sub.add_parser("show", help="显示事件的时限与时间线")
    show.add_argument("incident_id", type=int)
    add_db_option(show)
    show.set_defaults(func=run_show)

    crisis = sub.add_parser("crisis-mode", help="启动或解除危机模式（暂停一切定时发布与活动）")
    crisis.add_argument("action", choices=["start", "lift", "status"])
    crisis.add_argument("--as", dest="actor", metavar="USER", help="操作人用户名")
    crisis.add_argument("--reason", default="", help="启动原因或解除说明")
    crisis.add_argument("--incident", type=int, help="关联的事件编号")
    add_db_option(crisis)
    crisis.set_defaults(func=run_crisis)


def _open(args: argparse.Namespace) -> Database:
    from crisisdesk.storage.db import open_database
    from crisisdesk.storage.locate import resolve_url

    return open_database(resolve_url(args.db))


def run_list(args: argparse.Namespace) -> int:
    """One line per incident, newest first, with the nearest deadline."""
    from crisisdesk.services import incidents

    db = _open(args)
    try:
        with db.session() as session:
            for v in incidents.list_incidents(session, datetime.now(UTC), include_closed=args.all):
                when = v.opened_at.astimezone().strftime("%Y-%m-%d %H:%M")
                due = next((c.text for c in v.countdowns if c.met_at is None), "")
                print(f"#{v.id}\t{when}\t{v.severity.label}\t{v.status.label}\t{v.title}\t{due}")
    finally:
        db.dispose()
    return 0


def run_show(args: argparse.Namespace) -> int:
    """The incident's deadlines (time left) and its timeline."""
    from crisisdesk.domain import IncidentStatus, Severity
    from crisisdesk.services import incidents

    db = _open(args)
    try:
        with db.session() as session:
            inc = incidents.get_incident(session, args.incident_id)
            print(f"#{inc.id} {inc.title}（{Severity(inc.severity).label}，"
                  f"{IncidentStatus(inc.status).label}）")
            for cd in incidents.countdowns(inc, datetime.now(UTC)):
                print(f"  {cd.text}")
            for ev in incidents.timeline(session, inc.id):
                who = f"（{ev.actor}）" if ev.actor else ""
                print(f"  {ev.at.astimezone():%m-%d %H:%M}  {ev.text}{who}")
    finally:
        db.dispose()
    return 0


def run_crisis(args: argparse.Namespace) -> int:
    """Start, lift or show crisis mode."""
    from crisisdesk.errors import UserFacingError
    from crisisdesk.services import incidents

    if args.action != "status" and not args.actor:
        raise UserFacingError("启动或解除危机模式须用 --as 指明操作人。")
    db = _open(args)
    try:
        with db.session() as session:
            if args.action == "start":
                incidents.start_crisis_mode(session, actor=args.actor, reason=args.reason,
                                            incident_id=args.incident)
                print("危机模式已启动：定时发布与互动活动已暂停。")
            elif args.action == "lift":
                n = incidents.lift_crisis_mode(session, actor=args.actor, note=args.reason)
                print(f"危机模式已解除：恢复 {n} 项定时发布与活动，请逐项确认发布时间是否仍合适。")
            else:
                mode = incidents.active_crisis_mode(session)
                if mode is None:
                    print("危机模式未启动。")
                else:
                    print(f"危机模式运行中，自 {mode.started_at.astimezone():%Y-%m-%d %H:%M} 起："
                          f"{mode.reason}")
    finally:
        db.dispose()
    return 0
