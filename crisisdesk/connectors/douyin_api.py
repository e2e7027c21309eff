"""Douyin Open Platform protocol pieces: error-code mapping, token bundles and the OAuth2 code flow."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from crisisdesk.connectors.base import TokenBundle
from crisisdesk.connectors.errors import AuthExpired, PermanentError, RateLimited, Transient
from crisisdesk.connectors.http import HttpClient, HttpReply, HttpSettings

DEFAULT_BASE_URL = "https://open.douyin.com"
LABEL = "抖音"
RENEW_MARGIN = 300.0
WARN_REFRESH_DAYS = 5

EXPIRED_CODES = {10008, 2190008, 28001008}
_AUTH_CODES = EXPIRED_CODES | {10010, 2190002, 28001003, 28001015}
_RATE_CODES = {2190001, 28003017, 28003018}
_BUSY_CODES = {2100004, 28001005}
MESSAGES = {
    2100005: "请求参数有误",
    28001007: "请求参数有误",
    2100007: "没有调用权限",
    2190004: "应用未获得该能力",
    28001012: "用户未授权评论管理权限（item.comment）",
    10004: "没有调用权限",
    10020: "刷新令牌续期次数已用完",
}

_refresh_locks: dict[tuple[str, str], threading.Lock] = {}
_refresh_locks_guard = threading.Lock()


def lock_for(client_key: str, open_id: str) -> threading.Lock:
    """The lock that serialises token refreshes of one Douyin account across connectors."""
    with _refresh_locks_guard:
        return _refresh_locks.setdefault((client_key, open_id), threading.Lock())


def authorize_url(
    client_key: str, redirect_uri: str, *, state: str, base_url: str = DEFAULT_BASE_URL
) -> str:
    """The address to open in a browser to authorise comment management."""
    query = urlencode(
        {
            "client_key": client_key,
            "response_type": "code",
            "scope": "item.comment",
            "redirect_uri": redirect_uri,
            "state": state,
        }
    )
    return f"{base_url.rstrip('/')}/platform/oauth/connect/?{query}"


def error_codes(data: Any) -> tuple[int, str]:
    """The first non-zero of data.error_code, extra.error_code, extra.sub_error_code."""
    if not isinstance(data, dict):
        return 0, ""
    inner: dict[str, Any] = data["data"] if isinstance(data.get("data"), dict) else {}
    extra: dict[str, Any] = data["extra"] if isinstance(data.get("extra"), dict) else {}
    for source, key, text in (
        (inner, "error_code", "description"),
        (extra, "error_code", "description"),
        (extra, "sub_error_code", "sub_description"),
    ):
        try:
            code = int(source.get(key) or 0)
        except (TypeError, ValueError):
            code = -1
        if code:
            return code, str(source.get(text) or data.get("message") or "")[:200]
    return 0, ""


def checked(reply: HttpReply, client: HttpClient) -> dict[str, Any]:
    """Success only with HTTP 200 and every error code 0; returns data (the inner object)."""
    code, detail = error_codes(reply.data)
    if code in _AUTH_CODES:
        expired = code == 10010
        raise AuthExpired(
            f"抖音授权{'已超过有效期' if expired else '已失效'}（错误码 {code}）。",
            hint="请在“账号管理”中重新授权该抖音账号。",
            platform_code=str(code),
            http_status=reply.status,
        )
    if code in _RATE_CODES:
        raise RateLimited(
            f"抖音接口调用过于频繁或额度已用完（错误码 {code}）。",
            retry_after=reply.retry_after,
            hint="系统会自动放慢同步节奏。",
            platform_code=str(code),
            http_status=reply.status,
        )
    if code in _BUSY_CODES:
        raise Transient(
            f"抖音服务繁忙（错误码 {code}）。", hint="系统稍后会自动重试。", platform_code=str(code)
        )
    if reply.status != 200 or reply.data is None:
        client.raise_for_http(reply)
    if code:
        raise PermanentError(
            f"抖音接口返回错误 {code}：{MESSAGES.get(code, detail)}",
            hint="请检查账号授权范围和视频设置。",
            platform_code=str(code),
            http_status=reply.status,
        )
    inner = reply.data.get("data") if isinstance(reply.data, dict) else None
    if not isinstance(inner, dict):
        raise Transient("抖音接口返回的数据格式不正确。", hint="系统稍后会自动重试。")
    return inner


def token_bundle(
    data: Mapping[str, Any], *, now: float, base: TokenBundle | None = None
) -> TokenBundle:
    """Turn an access_token/refresh_token answer into the stored bundle (keeping what it lacks)."""
    bundle = dict(base or {})
    bundle["access_token"] = str(data["access_token"])
    bundle["expires_at"] = now + float(data.get("expires_in") or 1296000)
    if data.get("open_id"):
        bundle["open_id"] = str(data["open_id"])
    if data.get("refresh_token"):
        bundle["refresh_token"] = str(data["refresh_token"])
    if data.get("refresh_expires_in"):
        bundle["refresh_expires_at"] = now + float(data["refresh_expires_in"])
    return bundle


def exchange_code(
    *,
    client_key: str,
    client_secret: str,
    code: str,
    base_url: str = DEFAULT_BASE_URL,
    settings: HttpSettings | None = None,
    clock: Callable[[], float] = time.time,
) -> TokenBundle:
    """Trade a one-time code for the token bundle (store it with CredentialStore)."""
    client = HttpClient(base_url, platform_label=LABEL, settings=settings)
    try:
        reply = client.call(
            "POST",
            "/oauth/access_token/",
            form={
                "client_key": client_key,
                "client_secret": client_secret,
                "code": code,
                "grant_type": "authorization_code",
            },
        )
    finally:
        client.close()
    data = checked(reply, client)
    if not data.get("access_token"):
        raise Transient("抖音授权接口未返回令牌。", hint="请稍后重新授权。")
    base = {"client_key": client_key, "client_secret": client_secret}
    return token_bundle(data, now=clock(), base=base)
