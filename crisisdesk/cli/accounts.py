"""`crisisdesk accounts add|list|test|pause|resume|remove`: the office's platform accounts."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.cli.common import actor, open_for_command, workspace_session

PLATFORMS = ("weibo", "wechat", "douyin", "simulator", "file")


def register(sub: Any) -> None:
    """Add the accounts command."""
    p: argparse.ArgumentParser = sub.add_parser("accounts", help="管理平台账号")
    actions = p.add_subparsers(dest="accounts_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="添加账号（凭据存入系统密钥环）")
    add.add_argument("platform", choices=PLATFORMS)
    add.add_argument("--name", required=True, help="本单位对该账号的称呼（唯一）")
    add.add_argument("--display-name", help="公众看到的账号名称")
    add.add_argument("--base-url", help="接口地址（默认平台官方地址；可填单位网关）")
    add.add_argument(
        "--token-stdin",
        action="store_true",
        help="从标准输入读取凭据：一个访问令牌，或 JSON 对象（如 {\"access_token\": ..., \"uid\": ...}）",
    )
    add.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="连接设置，如 appid=wx123、articles=2247483647:0,2247483648:1、scenario=social_security_outage",
    )
    add.set_defaults(func=run_add)

    for name, helptext, func in (
        ("list", "列出账号及同步状态", run_list),
        ("test", "测试账号连接与授权", run_test),
        ("pause", "暂停同步", run_pause),
        ("resume", "恢复同步", run_resume),
        ("remove", "删除账号及其凭据", run_remove),
    ):
        sp = actions.add_parser(name, help=helptext)
        if name != "list":
            sp.add_argument("name", help="账号名称")
        if name == "remove":
            sp.add_argument("--delete-comments", action="store_true", help="同时删除该账号的评论")
        add_db_option(sp)
        sp.set_defaults(func=func)
    add_db_option(add)


def _settings(pairs: list[str]) -> dict[str, Any]:
    from crisisdesk.errors import UserFacingError

    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserFacingError(f"设置项格式应为 KEY=VALUE：{pair!r}")
        key = key.strip()
        # The list settings the connectors read: WeChat articles ("msg_data_id:index"),
        # Douyin video items, Weibo posts to watch.
        if key in ("articles", "items", "watch_posts"):
            out[key] = [v.strip() for v in value.split(",") if v.strip()]
        else:
            out[key] = value
    return out


def _read_credentials() -> dict[str, Any]:
    from crisisdesk.errors import UserFacingError

    raw = sys.stdin.read().strip()
    if not raw:
        raise UserFacingError("标准输入中没有凭据。", hint="例如：echo \"$TOKEN\" | crisisdesk accounts add ...")
    if raw.startswith("{"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise UserFacingError("凭据 JSON 无法解析。") from exc
        if not isinstance(data, dict):
            raise UserFacingError("凭据 JSON 必须是一个对象。")
        return data
    return {"access_token": raw}


def run_add(args: argparse.Namespace) -> int:
    """Add an account."""
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.domain import Platform
    from crisisdesk.services.accounts import add_account

    credentials = _read_credentials() if args.token_stdin else None
    db = open_for_command(args)
    try:
        view = add_account(
            db,
            CredentialStore(),
            platform=Platform(args.platform),
            name=args.name,
            display_name=args.display_name,
            base_url=args.base_url,
            settings=_settings(args.set),
            credentials=credentials,
            actor=actor(),
        )
    finally:
        db.dispose()
    stored = "，凭据已存入系统密钥环" if credentials else ""
    print(f"已添加{view.platform.label}账号“{view.name}”（编号 {view.id}）{stored}。")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """List accounts with status."""
    from crisisdesk.services.accounts import list_accounts

    with workspace_session(args) as session:
        views = list_accounts(session)
    if not views:
        print("尚未添加账号。")
        return 0
    for v in views:
        last = v.last_success_at.astimezone().strftime("%Y-%m-%d %H:%M") if v.last_success_at else "-"
        note = f"  {v.message.splitlines()[0]}" if v.message else ""
        print(
            f"{v.id:>3}  {v.name}  [{v.platform.label}]  {v.status.label}  "
            f"评论 {v.comment_count:,}  上次成功 {last}{note}"
        )
    return 0


def run_test(args: argparse.Namespace) -> int:
    """Check an account's authorisation and quota."""
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.services.accounts import ConnectorPool, find_account, record_check

    db = open_for_command(args)
    pool = ConnectorPool(CredentialStore())
    try:
        with db.session() as session:
            account = find_account(session, args.name)
            session.expunge(account)
        check = pool(account).check()
        record_check(db, account.id, check)
    finally:
        pool.close_all()
        db.dispose()
    state = "正常" if check.ok else "异常"
    print(f"账号“{args.name}”连接{state}：{check.message}")
    if check.token_expires_at:
        print(f"  授权到期：{check.token_expires_at.astimezone():%Y-%m-%d %H:%M}")
    if check.refresh_expires_at:
        print(f"  刷新令牌到期：{check.refresh_expires_at.astimezone():%Y-%m-%d %H:%M}")
    if check.rate_limit_remaining is not None:
        print(f"  本时段剩余调用次数：{check.rate_limit_remaining}")
    return 0 if check.ok else 1


def _set_paused(args: argparse.Namespace, paused: bool) -> int:
    from crisisdesk.services.accounts import ConnectorPool, find_account
    from crisisdesk.services.sync import SyncService

    db = open_for_command(args)
    try:
        with db.session() as session:
            account_id = find_account(session, args.name).id
        SyncService(db, ConnectorPool()).set_paused(account_id, paused)
    finally:
        db.dispose()
    print(f"账号“{args.name}”已{'暂停' if paused else '恢复'}同步。")
    return 0


def run_pause(args: argparse.Namespace) -> int:
    """Pause an account's sync."""
    return _set_paused(args, True)


def run_resume(args: argparse.Namespace) -> int:
    """Resume an account's sync."""
    return _set_paused(args, False)


def run_remove(args: argparse.Namespace) -> int:
    """Remove an account and its credentials."""
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.services.accounts import remove_account

    db = open_for_command(args)
    try:
        removed = remove_account(
            db, CredentialStore(), args.name, actor=actor(), delete_comments=args.delete_comments
        )
    finally:
        db.dispose()
    extra = f"，并删除其 {removed:,} 条评论" if removed else ""
    print(f"已删除账号“{args.name}”及其凭据{extra}。")
    return 0
