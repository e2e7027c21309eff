"""Builds the connector for a platform from account settings and where its secrets live."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from crisisdesk.connectors.base import Connector, TokenSource
from crisisdesk.connectors.credentials import CredentialStore, account_username
from crisisdesk.connectors.errors import PermanentError
from crisisdesk.domain import Platform


def create_connector(
    platform: Platform,
    *,
    settings: Mapping[str, Any],
    credentials: CredentialStore | TokenSource | None = None,
    account_key: str | int | None = None,
    session: requests.Session | None = None,
    clock: Callable[[], float] = time.time,
) -> Connector:
    """A ready connector; with a CredentialStore, account_key names the keyring entry."""
    if platform is Platform.SIMULATOR:
        from crisisdesk.connectors.simulator import SimulatorConnector

        return SimulatorConnector(settings=settings, clock=clock)
    if platform is Platform.FILE:
        raise PermanentError(
            "文件导入账号不需要在线同步。",
            hint="请使用“导入文件”功能导入平台后台导出的评论表格。",
        )
    tokens: TokenSource
    if isinstance(credentials, CredentialStore):
        if account_key is None:
            raise PermanentError(
                "缺少账号编号，无法读取授权信息。", hint="请在“账号管理”中重新保存该账号。"
            )
        tokens = credentials.for_account(account_username(platform, account_key))
    elif credentials is None:
        raise PermanentError(
            f"{platform.label}账号缺少授权信息。", hint="请在“账号管理”中完成授权。"
        )
    else:
        tokens = credentials
    if platform is Platform.WEIBO:
        from crisisdesk.connectors.weibo import WeiboConnector

        return WeiboConnector(settings=settings, tokens=tokens, session=session, clock=clock)
    if platform is Platform.WECHAT:
        from crisisdesk.connectors.wechat import WeChatConnector

        return WeChatConnector(settings=settings, tokens=tokens, session=session, clock=clock)
    if platform is Platform.DOUYIN:
        from crisisdesk.connectors.douyin import DouyinConnector

        return DouyinConnector(settings=settings, tokens=tokens, session=session, clock=clock)
    raise PermanentError(f"不支持的平台：{platform}", hint="请升级 CrisisDesk。")
