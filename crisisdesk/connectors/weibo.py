"""Sina Weibo Open API v2 connector: comments to me / on a post, replies, rate-limit status, OAuth2."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit

import requests

from crisisdesk.connectors.base import (
    AccountCheck,
    FetchPage,
    RemoteComment,
    RemotePost,
    SentReply,
    TokenBundle,
    decode_cursor,
    encode_cursor,
    utc_from_timestamp,
    utcnow,
)
from crisisdesk.connectors.common import (
    HttpConnector,
    as_flag,
    auth_place,
    first_id,
    loose_time,
    number,
)
from crisisdesk.connectors.errors import (
    AuthExpired,
    ConnectorError,
    PermanentError,
    RateLimited,
    ReplyRejected,
    Transient,
)
from crisisdesk.connectors.http import HttpClient, HttpReply, HttpSettings
from crisisdesk.connectors.timeparse import parse_weibo_time
from crisisdesk.domain import Platform

DEFAULT_BASE_URL = "https://api.weibo.com"
LABEL = "微博"
TO_ME = "to_me"
POST_PREFIX = "post:"

_AUTH_CODES = {
    "10006",
    "21324",
    "21301",
    "21314",
    "21315",
    "21316",
    "21317",
    "21319",
    "21325",
    "21327",
    "21332",
}
_RATE_CODES = {"10022", "10023", "10024", "20016"}
_REJECT_CODES = {"20012", "20017", "20019", "20206", "20207"}
_BUSY_CODES = {"10001", "10002", "10009", "10011"}
# A reply whose target vanished or is not ours: the reply fails, the account stays healthy.
_GONE_CODES = {"20101", "20201", "20203"}
_REJECT_TEXT = {
    "20012": "回复内容超过微博 140 字的限制",
    "20017": "刚刚已发过相似内容，微博拒绝重复发送",
    "20019": "内容与已发送的内容重复",
    "20206": "该微博作者设置了评论权限，本账号无法评论",
    "20207": "该微博作者设置了评论权限，本账号无法评论",
}


def authorize_url(
    client_id: str, redirect_uri: str, *, state: str, base_url: str = DEFAULT_BASE_URL
) -> str:
    """The address to open in a browser to start the authorisation-code flow."""
    query = urlencode(
        {
            "client_id": client_id,
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": state,
        }
    )
    return f"{base_url.rstrip('/')}/oauth2/authorize?{query}"


def exchange_code(
    *,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    base_url: str = DEFAULT_BASE_URL,
    settings: HttpSettings | None = None,
    session: requests.Session | None = None,
    clock: Callable[[], float] = time.time,
) -> TokenBundle:
    """Trade a one-time code for a token bundle (store it with CredentialStore)."""
    client = HttpClient(base_url, platform_label=LABEL, settings=settings, session=session)
    try:
        reply = client.call(
            "POST",
            "/oauth2/access_token",
            form={
                "client_id": client_id,
                "client_secret": client_secret,
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
            },
        )
    finally:
        client.close()
    _raise_for(reply, client)
    data = reply.data
    token = data.get("access_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise Transient("微博授权接口未返回令牌。", hint="请稍后重新授权。")
    expires_in = number(data.get("expires_in"))
    return {
        "client_id": client_id,
        "client_secret": client_secret,
        "access_token": token,
        "uid": first_id(data, "uid") or str(data.get("uid") or ""),
        "expires_at": clock() + expires_in if expires_in else None,
    }


def _raise_for(reply: HttpReply, client: HttpClient) -> None:
    """Weibo puts error_code in the body of a non-200 answer; map it, else fall back to HTTP."""
    data = reply.data
    has_code = isinstance(data, dict) and data.get("error_code") not in (None, "", 0, "0")
    if isinstance(data, dict) and (has_code or (reply.status != 200 and data.get("error"))):
        code = str(data.get("error_code", "")).strip()
        detail = str(data.get("error_description") or data.get("error") or "")[:200]
        status = reply.status
        if code in _AUTH_CODES or detail in (
            "expired_token",
            "invalid_access_token",
            "invalid_grant",
        ):
            raise AuthExpired(
                f"微博授权已失效（错误码 {code or detail}）。",
                hint="请在“账号管理”中重新授权该微博账号。",
                platform_code=code,
                http_status=status,
            )
        if code in _RATE_CODES:
            raise RateLimited(
                f"微博接口调用次数已达上限（错误码 {code}）。",
                retry_after=reply.retry_after,
                hint="微博按小时限制调用次数，系统会自动放慢同步节奏。",
                platform_code=code,
                http_status=status,
            )
        if code in _REJECT_CODES:
            raise ReplyRejected(
                f"微博拒绝了这条回复：{_REJECT_TEXT[code]}（错误码 {code}）。",
                hint="请修改回复内容后重新提交。",
                platform_code=code,
                http_status=status,
            )
        if status == 429 or (status >= 500 and code not in _BUSY_CODES):
            client.raise_for_http(reply)
        if code in _BUSY_CODES:
            raise Transient(
                f"微博服务暂时繁忙（错误码 {code}）。",
                retry_after=reply.retry_after,
                hint="系统稍后会自动重试。",
                platform_code=code,
                http_status=status,
            )
        if not has_code:
            client.raise_for_http(reply)
        raise PermanentError(
            f"微博接口返回错误 {code}：{detail}",
            hint="请检查账号权限和设置；如反复出现请联系管理员。",
            platform_code=code,
            http_status=status,
        )
    client.raise_for_http(reply)


class WeiboConnector(HttpConnector):
    """One Weibo account: scopes are "to_me" plus "post:<id>" for each watched post."""

    platform: ClassVar[Platform] = Platform.WEIBO
    poll_interval: ClassVar[float] = 150.0
    default_base_url: ClassVar[str] = DEFAULT_BASE_URL
    label: ClassVar[str] = LABEL
    page_max: ClassVar[int] = 200
    default_page_size: ClassVar[int] = 200  # the largest `count`: 150 calls/hour go 4x further
    default_find_pages: ClassVar[int] = 5

    def configure(self) -> None:
        """Read Weibo's own settings: token placement, next_cursor trust, end-user IP."""
        self._uid = ""
        # The contract allows the token as a parameter or in the header; both is the default.
        self.auth_in = auth_place(self.settings, "both")
        # next_cursor's meaning is not documented: by default a gap closes only on a page that
        # brings nothing new, which costs one request per poll that found something.
        self.trust_next_cursor = as_flag(self.settings.get("trust_next_cursor"))
        self._rip: str | None = None

    def scopes(self) -> list[str]:
        """Return "to_me" plus one scope per watched post id in settings["watch_posts"]."""
        posts = [str(p).strip() for p in self.settings.get("watch_posts", ()) if str(p).strip()]
        return [TO_ME, *(POST_PREFIX + p for p in posts)]

    # -- auth ---------------------------------------------------------------------------------

    def _bundle(self) -> TokenBundle:
        bundle = self.tokens.load()
        if not bundle or not bundle.get("access_token"):
            raise AuthExpired("该微博账号尚未授权。", hint="请在“账号管理”中完成微博授权。")
        expires_at = number(bundle.get("expires_at"))
        if expires_at is not None and expires_at <= self.clock():
            raise AuthExpired(
                "微博授权已到期。",
                hint="请在“账号管理”中重新授权该微博账号（授权有效期由微博按应用级别确定）。",
            )
        self._uid = str(bundle.get("uid") or "")  # marks our own comments without re-reading
        return bundle

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        form: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        token = str(self._bundle()["access_token"])
        headers: dict[str, str] = {}
        if self.auth_in in ("header", "both"):
            headers["Authorization"] = f"OAuth2 {token}"
        if self.auth_in in ("param", "both"):
            if form is not None:
                form = {**form, "access_token": token}
            else:
                params = {**(params or {}), "access_token": token}
        reply = self.client.call(method, path, params=params, form=form, headers=headers)
        _raise_for(reply, self.client)
        if not isinstance(reply.data, dict):
            raise Transient("微博接口返回的数据格式不正确。", hint="系统稍后会自动重试。")
        return reply.data

    def _comments_of(self, data: dict[str, Any]) -> list[Any]:
        raw = data.get("comments")
        if raw is None and "total_number" in data:
            return []  # an empty list may be left out altogether
        if not isinstance(raw, list):
            raise Transient("微博接口返回的评论列表格式不正确。", hint="系统稍后会自动重试。")
        return raw

    # -- fetch ----------------------------------------------------------------------------------

    def fetch(self, scope: str, cursor: str | None) -> FetchPage:
        """One page newest-first; the cursor keeps since/max/high so a crash mid-gap loses nothing."""
        post_scope: str | None = None
        if scope == TO_ME:
            path, extra = "/2/comments/to_me.json", {}
        elif scope.startswith(POST_PREFIX) and scope[len(POST_PREFIX) :].strip():
            post_scope = scope[len(POST_PREFIX) :].strip()
            path, extra = "/2/comments/show.json", {"id": post_scope}
        else:
            raise PermanentError(f"未知的微博同步范围：{scope}", hint="请检查账号的关注微博设置。")
        state = decode_cursor(cursor)
        since = int(state.get("since", 0))
        upper = int(state["max"]) if state.get("max") is not None else None
        high = int(state.get("high", since))
        params: dict[str, Any] = {"count": self.page_size, **extra}
        if since:
            params["since_id"] = since
        if upper is not None:
            params["max_id"] = upper
        data = self._call("GET", path, params=params)
        comments: list[RemoteComment] = []
        posts: dict[str, RemotePost] = {}
        fresh: list[int] = []
        for item in self._comments_of(data):
            parsed = self._comment(item, self._uid, post_scope, posts)
            if parsed is None:
                continue
            comment, post = parsed
            number_id = int(comment.external_id)
            # since_id is exclusive and max_id inclusive on Weibo, but a gateway may resend the
            # boundary or ignore a bound: only ids inside the gap count as progress.
            if number_id <= since:
                continue
            comments.append(comment)
            if post is not None:
                posts[post.external_id] = post
            if upper is None or number_id <= upper:
                fresh.append(number_id)
        # Pages may be short (hidden comments are dropped) long before the end, so only a page
        # that brings nothing inside the gap closes it.
        end = not fresh or (self.trust_next_cursor and str(data.get("next_cursor")) == "0")
        if fresh:
            high = max(high, *fresh)
        if end:
            # Gap closed: everything up to `high` is committed with this page.
            new_state: dict[str, Any] = {"since": high}
        else:
            new_state = {"since": since, "max": min(fresh) - 1, "high": high}
        return FetchPage(comments, list(posts.values()), encode_cursor(new_state), done=end)

    def _comment(
        self,
        item: Any,
        uid: str,
        post_scope: str | None = None,
        seen_posts: dict[str, RemotePost] | None = None,
    ) -> tuple[RemoteComment, RemotePost | None] | None:
        """One comment and its post; seen_posts: posts already read from this page (a page's
        comments mostly repeat the same few posts, each in full)."""
        if not isinstance(item, dict):
            return None
        cid = first_id(item, "idstr", "id")
        if cid is None:
            return None
        user: dict[str, Any] = item["user"] if isinstance(item.get("user"), dict) else {}
        status: dict[str, Any] = item["status"] if isinstance(item.get("status"), dict) else {}
        parent: dict[str, Any] | None = (
            item["reply_comment"] if isinstance(item.get("reply_comment"), dict) else None
        )
        post: RemotePost | None = None
        own_id = first_id(status, "idstr", "id", "mid")
        if own_id and seen_posts is not None and own_id in seen_posts:
            post = seen_posts[own_id]
        elif own_id:
            text = str(status.get("text") or "")
            post = RemotePost(
                own_id,
                text[:40],
                text,
                f"https://m.weibo.cn/status/{own_id}",
                _time(status.get("created_at")),
            )
        # status is optional: on a watched post's scope the post is known anyway.
        post_id = own_id or post_scope
        author_id = first_id(user, "idstr", "id") or ""
        comment = RemoteComment(
            external_id=cid,
            post_external_id=post_id,
            parent_external_id=first_id(parent, "idstr", "id") if parent else None,
            author_id=author_id,
            author_name=str(user.get("screen_name") or user.get("name") or "微博用户"),
            text=str(item.get("text") or ""),
            # A comment without a readable time is dated when first seen rather than dropped.
            created_at=_time(item.get("created_at")) or utcnow(),
            like_count=int(number(item.get("like_counts", item.get("like_count"))) or 0),
            post_title=post.title if post else None,
            is_own=bool(uid) and author_id == uid,
        )
        return comment, post

    # -- replies --------------------------------------------------------------------------------

    def _end_user_ip(self) -> str | None:
        """settings["rip"], or the address this machine uses to reach the API host ("auto")."""
        configured = str(self.settings.get("rip") or "auto").strip()
        if configured.lower() != "auto":
            return configured or None
        if self._rip is None:
            parts = urlsplit(self.client.base_url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            try:
                family, kind, proto, _, address = socket.getaddrinfo(
                    parts.hostname or "", port, type=socket.SOCK_DGRAM
                )[0]
                # Connecting a UDP socket sends nothing; it only picks the outgoing interface.
                with socket.socket(family, kind, proto) as probe:
                    probe.connect(address)
                    self._rip = str(probe.getsockname()[0])
            except OSError:
                return None
        return self._rip

    def post_reply(
        self,
        *,
        comment_external_id: str,
        post_external_id: str | None,
        text: str,
        idempotency_key: str,
    ) -> SentReply:
        """Reply to a comment (comments/reply), or comment on the post when comment id is empty."""
        body = self.reply_body(text, post_external_id, "微博")
        form: dict[str, Any] = {"id": post_external_id, "comment": body, "comment_ori": 0}
        rip = self._end_user_ip()
        if rip:
            form["rip"] = rip
        path = "/2/comments/create.json"
        if comment_external_id:
            # without_mention=1: no automatic "回复@name:" prefix, so the sent text is what was approved.
            form.update(cid=comment_external_id, without_mention=1)
            path = "/2/comments/reply.json"
        try:
            data = self._call("POST", path, form=form)
        except PermanentError as exc:
            if exc.platform_code in _GONE_CODES and not isinstance(exc, ReplyRejected):
                raise ReplyRejected(
                    f"微博拒绝了这条回复：原评论或原微博已不存在，或不属于本账号（错误码 {exc.platform_code}）。",
                    hint="请重新同步后确认评论是否仍在。",
                    platform_code=exc.platform_code,
                    http_status=exc.http_status,
                ) from exc
            raise
        reply_id = first_id(data, "idstr", "id")
        if not reply_id:
            raise Transient(
                "微博未返回回复编号，无法确认是否发送成功。", hint="系统将先核对后再决定是否重发。"
            )
        return SentReply(reply_id, _time(data.get("created_at")) or utcnow())

    def find_reply(
        self, *, comment_external_id: str, post_external_id: str | None, text: str
    ) -> SentReply | None:
        """Look through the post's newest comments for ours, replying to that comment with that text."""
        if not post_external_id:
            return None
        uid = str(self._bundle().get("uid", ""))
        wanted = text.strip()
        max_id: int | None = None
        for _ in range(self.find_pages):
            params: dict[str, Any] = {"id": post_external_id, "count": self.page_size}
            if max_id is not None:
                params["max_id"] = max_id
            data = self._call("GET", "/2/comments/show.json", params=params)
            ids = []
            for item in self._comments_of(data):
                parsed = self._comment(item, uid, post_external_id)
                if parsed is None:
                    continue
                comment = parsed[0]
                if max_id is not None and int(comment.external_id) > max_id:
                    continue  # a bound the server ignored
                ids.append(int(comment.external_id))
                parent_ok = (comment.parent_external_id or "") == (comment_external_id or "")
                if comment.is_own and parent_ok and comment.text.strip().endswith(wanted):
                    return SentReply(comment.external_id, comment.created_at)
            if not ids:
                return None
            max_id = min(ids) - 1
        return None

    # -- account --------------------------------------------------------------------------------

    def check(self) -> AccountCheck:
        """Token validity and remaining hourly calls (account/rate_limit_status)."""
        try:
            bundle = self._bundle()
            data = self._call("GET", "/2/account/rate_limit_status.json")
        except ConnectorError as exc:
            bundle = self.tokens.load() or {}
            return AccountCheck(
                ok=False,
                identity=str(bundle.get("uid", "")),
                token_expires_at=_expiry(bundle),
                refresh_expires_at=None,
                rate_limit_remaining=None,
                message=str(exc),
            )
        remaining = number(data.get("remaining_user_hits"))
        return AccountCheck(
            ok=True,
            identity=f"微博用户 {bundle.get('uid', '')}",
            token_expires_at=_expiry(bundle),
            refresh_expires_at=None,
            rate_limit_remaining=int(remaining) if remaining is not None else None,
            message="授权有效。",
        )


def _expiry(bundle: Mapping[str, Any]) -> datetime | None:
    expires_at = number(bundle.get("expires_at"))
    return utc_from_timestamp(expires_at) if expires_at is not None else None


# Weibo time text -> UTC datetime, cached by minute: every comment repeats its post's time,
# and a busy account's comments share their minute. Only the fixed Weibo layout
# ("Wed Jun 01 00:50:25 +0800 2011", seconds at [17:19]) is cached, never loose times.
_WEIBO_MINUTES: dict[str, datetime] = {}
_WEIBO_MINUTES_MAX = 20_000
_FIXED_LAYOUT = re.compile(r"[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d\d:\d\d:\d\d [+-]\d{4} \d{4}")


def _time(value: Any) -> datetime | None:
    """Weibo's "Wed Jun 01 00:50:25 +0800 2011", else any format parse_flexible knows."""
    if isinstance(value, str):
        fixed = len(value) == 30 and value[16] == ":" and value[19] == " "
        seconds = value[17:19]
        if fixed and seconds.isascii() and seconds.isdigit() and int(seconds) < 60:
            key = value[:17] + value[19:]
            minute = _WEIBO_MINUTES.get(key)
            if minute is not None:
                return minute + timedelta(seconds=int(seconds))
        try:
            parsed = parse_weibo_time(value)
        except ValueError:
            pass
        else:
            if fixed and _FIXED_LAYOUT.fullmatch(value):
                if len(_WEIBO_MINUTES) >= _WEIBO_MINUTES_MAX:
                    _WEIBO_MINUTES.clear()
                # Offsets are whole minutes, so the minute's start is exact.
                _WEIBO_MINUTES[value[:17] + value[19:]] = parsed - timedelta(seconds=parsed.second)
            return parsed
    return loose_time(value)
