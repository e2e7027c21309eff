"""`crisisdesk auth NAME`: authorise a Weibo or Douyin account from the command line (OAuth2 code)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crisisdesk.cli import add_db_option


def register(sub: Any) -> None:
    """Add the auth command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "auth", help="授权微博或抖音账号（浏览器登录后令牌存入系统密钥环）"
    )
    p.add_argument("name", help="账号名称")
    p.add_argument(
        "--port",
        type=int,
        default=None,
        help="本机回调端口（须与开放平台登记的回调地址一致，默认 8710）",
    )
    p.add_argument("--no-browser", action="store_true", help="只显示授权地址，不自动打开浏览器")
    p.add_argument(
        "--paste",
        action="store_true",
        help="不在本机接收回调：授权后把浏览器跳转到的地址粘贴到标准输入",
    )
    p.add_argument("--timeout", type=float, default=None, help="等待浏览器回调的秒数（默认 300）")
    add_db_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the authorisation-code flow for one account and store its tokens."""
    import webbrowser

    from crisisdesk.cli.common import open_for_command
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.connectors.oauth import LoopbackCatcher, code_from_text, new_state
    from crisisdesk.services import authorize as oauth_flow
    from crisisdesk.services.accounts import AccountError, find_account

    store = CredentialStore()
    store.ensure_secure()
    db = open_for_command(args)
    try:
        with db.session() as session:
            account = find_account(session, args.name)
            platform, base_url = account.platform, account.base_url
        from crisisdesk.domain import Platform

        platform = Platform(platform)
        if platform not in oauth_flow.OAUTH_PLATFORMS:
            raise AccountError(
                f"{platform.label}账号不使用浏览器授权。",
                hint="微信公众号使用 AppID 与 AppSecret；请在“账号管理”中填写。",
            )
        keys = oauth_flow.load_app_keys(db, store, args.name)
        if not keys.client_id or not keys.client_secret:
            raise AccountError(
                f"账号“{args.name}”没有保存开放平台应用的 Key 和密钥。",
                hint="请在图形界面的“账号管理—授权…”中填写，或删除后重新添加该账号。",
            )
        base = base_url or oauth_flow.OFFICIAL_HOSTS[platform]
        port = args.port if args.port is not None else oauth_flow.DEFAULT_PORT
        redirect_uri = f"http://127.0.0.1:{port}/callback"
        state = new_state()
        if args.paste:
            url = oauth_flow.authorize_address(
                platform,
                client_id=keys.client_id,
                redirect_uri=redirect_uri,
                state=state,
                base_url=base,
            )
            _show(url, open_browser=not args.no_browser, opener=webbrowser.open)
            print("授权完成后，请把浏览器跳转到的完整地址粘贴到这里并回车：", flush=True)
            code = code_from_text(sys.stdin.readline(), expected_state=state)
        else:
            try:
                catcher = LoopbackCatcher(port=port, state=state)
            except OSError as exc:
                raise AccountError(
                    f"本机端口 {port} 已被占用，无法接收授权回调。",
                    hint="请用 --port 换一个端口（并同步修改开放平台登记的回调地址），或使用 --paste。",
                ) from exc
            with catcher:
                redirect_uri = catcher.redirect_uri
                url = oauth_flow.authorize_address(
                    platform,
                    client_id=keys.client_id,
                    redirect_uri=redirect_uri,
                    state=state,
                    base_url=base,
                )
                _show(url, open_browser=not args.no_browser, opener=webbrowser.open)
                print("正在等待浏览器完成授权……（按 Ctrl+C 取消）", flush=True)
                code = catcher.wait(args.timeout or oauth_flow.WAIT_SECONDS)
        bundle = oauth_flow.exchange(
            platform,
            client_id=keys.client_id,
            client_secret=keys.client_secret,
            code=code,
            redirect_uri=redirect_uri,
            base_url=base,
        )
        expires_at = oauth_flow.store_bundle(db, store, args.name, bundle)
        oauth_flow.ready_to_sync(db, args.name)
    finally:
        db.dispose()
    until = (
        f"有效期至 {expires_at.astimezone():%Y-%m-%d %H:%M}" if expires_at else "平台未说明有效期"
    )
    print(f"账号“{args.name}”授权成功，令牌已存入系统密钥环（{until}）。")
    return 0


def _show(url: str, *, open_browser: bool, opener: Any) -> None:
    print("请在浏览器中打开以下地址，登录并同意授权：")
    print(url, flush=True)
    if open_browser:
        opener(url)
