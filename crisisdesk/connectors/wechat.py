"""WeChat Official Account connector: stable access token, comment list per article, replies, featuring."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from crisisdesk.connectors.base import (
    AccountCheck,
    FetchPage,
    RemoteComment,
    RemotePost,
    SentReply,
    decode_cursor,
    encode_cursor,
    utc_from_timestamp,
    utcnow,
)
from crisisdesk.connectors.common import HttpConnector, id_text, list_field, number, unix_time
from crisisdesk.connectors.errors import (
    AuthExpired,
    ConnectorError,
    PermanentError,
    RateLimited,
    ReplyRejected,
    Transient,
)
from crisisdesk.connectors.http import HttpClient, HttpReply, HttpSettings
from crisisdesk.domain import Platform

DEFAULT_BASE_URL = "https://api.weixin.qq.com"
LABEL = "微信公众号"
PAGE_MAX = 49  # the comment list rejects count >= 50
RENEW_MARGIN = 300.0  # renew 5 minutes before expiry, as the stable_token page describes
FORCE_SPACING = 30.0  # force_refresh must be at least 30 s apart
STABLE, CLASSIC = "stable_token", "token"  # the two documented token endpoints

_TOKEN_CODES = {40001, 40014, 42001}
_CREDENTIAL_CODES = {40013, 40125, 40243, 41004}
_IP_CODES = {40164, 89503}
_RATE_CODES = {45009, 45011, 45033}
_MESSAGES = {
    48001: "该公众号没有调用留言接口的权限（需为已认证账号）",
    88000: "该文章未开通留言功能，或公众号没有留言权限",
    88001: "找不到这篇群发文章（msg_data_id 或 index 有误）",
    88002: "该文章因安全原因已被限制留言",
    88008: "该留言已不存在",
    87009: "签名无效",
}


class StableTokenRefresher:
    """One per (gateway, appid): keeps the stable access token fresh for every connector using it."""

    def __init__(
        self, client: HttpClient, appid: str, clock: Callable[[], float], endpoint: str = STABLE
    ) -> None:
        self.client = client
        self.appid = appid
        self.secret = ""
        self.clock = clock
        self.endpoint = endpoint
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0
        self._last_force = -1e18

    def token(self) -> str:
        """A token valid for at least RENEW_MARGIN more seconds."""
        with self._lock:
            if self._token is None or self._expires_at - RENEW_MARGIN <= self.clock():
                self._fetch(force=False)
            assert self._token is not None
            return self._token

    def expires_at(self) -> float | None:
        """When the current token expires (unix seconds), if one is held."""
        with self._lock:
            return self._expires_at if self._token else None

    def renew_after_rejection(self, rejected: str) -> str:
        """The platform refused `rejected`: get a new one unless another thread already did."""
        with self._lock:
            if self._token is not None and self._token != rejected:
                return self._token
            spaced = self.clock() - self._last_force >= FORCE_SPACING
            self._fetch(force=spaced)
            assert self._token is not None
            return self._token

    def _fetch(self, *, force: bool) -> None:
        if not self.secret:
            raise AuthExpired(
                "尚未保存该公众号的 AppSecret。", hint="请在“账号管理”中填写 AppID 和 AppSecret。"
            )
        if force:
            self._last_force = self.clock()
        if self.endpoint == CLASSIC:
            reply = self.client.call(
                "GET",
                "/cgi-bin/token",
                params={
                    "grant_type": "client_credential",
                    "appid": self.appid,
                    "secret": self.secret,
                },
            )
        else:
            reply = self.client.call(
                "POST",
                "/cgi-bin/stable_token",
                json_body={
                    "grant_type": "client_credential",
                    "appid": self.appid,
                    "secret": self.secret,
                    "force_refresh": force,
                },
            )
            if reply.status == 404:
                # A gateway that offers only the classic endpoint (both are documented).
                self.endpoint = CLASSIC
                self._fetch(force=force)
                return
        data = _checked(reply, self.client)
        token = data.get("access_token")
        if not isinstance(token, str) or not token:
            raise Transient("微信未返回访问令牌。", hint="系统稍后会自动重试。")
        self._token = token
        self._expires_at = self.clock() + (number(data.get("expires_in")) or 7200.0)


_refreshers: dict[tuple[str, str], StableTokenRefresher] = {}
_refreshers_lock = threading.Lock()


def refresher_for(
    base_url: str,
    appid: str,
    settings: HttpSettings,
    clock: Callable[[], float],
    endpoint: str = STABLE,
) -> StableTokenRefresher:
    """The shared refresher of appid on this gateway (created on first use)."""
    key = (base_url.rstrip("/"), appid)
    with _refreshers_lock:
        refresher = _refreshers.get(key)
        if refresher is None:
            client = HttpClient(
                base_url,
                platform_label=LABEL,
                settings=settings,
                idempotent_post_paths=("/cgi-bin/stable_token",),
            )
            refresher = StableTokenRefresher(client, appid, clock, endpoint)
            _refreshers[key] = refresher
        elif endpoint == CLASSIC:
            refresher.endpoint = CLASSIC
        return refresher


def _checked(reply: HttpReply, client: HttpClient) -> dict[str, Any]:
    """Map errcode (sent with HTTP 200, or by a gateway with another status) and HTTP to typed errors."""
    if reply.status >= 500 or reply.status == 429:
        client.raise_for_http(reply)  # the server's state, whatever code the body carries
    data = reply.data
    try:
        code = int(data.get("errcode") or 0) if isinstance(data, dict) else 0
    except (TypeError, ValueError):
        code = -1
    if code == 0:
        if reply.status != 200 or not isinstance(data, dict):
            client.raise_for_http(reply)
            raise Transient("微信接口返回的数据格式不正确。", hint="系统稍后会自动重试。")
        return data
    detail = str(data.get("errmsg", ""))[:200]
    if code in _TOKEN_CODES:
        raise AuthExpired(
            f"微信访问令牌无效或已过期（错误码 {code}）。",
            hint="请确认 AppSecret 未被重置，且没有其他系统强制刷新令牌。",
            platform_code=str(code),
        )
    if code in _CREDENTIAL_CODES:
        raise AuthExpired(
            f"公众号 AppID/AppSecret 无效或已冻结（错误码 {code}）。",
            hint="请在“账号管理”中重新填写 AppID 和 AppSecret。",
            platform_code=str(code),
        )
    if code in _IP_CODES:
        raise PermanentError(
            f"本机 IP 不在公众号的接口白名单中，或被判定为风险 IP（错误码 {code}）。",
            hint="请公众号管理员在公众平台“开发-基本配置”中将本机出口 IP 加入白名单并确认。",
            platform_code=str(code),
        )
    if code in _RATE_CODES:
        raise RateLimited(
            f"公众号接口调用次数已达上限（错误码 {code}）。",
            hint="当日额度用尽后需等待次日恢复，或由管理员在公众平台清零额度。",
            platform_code=str(code),
        )
    if code == -1:
        raise Transient(
            "微信系统繁忙（错误码 -1）。", hint="系统稍后会自动重试。", platform_code="-1"
        )
    raise PermanentError(
        f"微信接口返回错误 {code}：{_MESSAGES.get(code, detail)}",
        hint="请检查公众号权限和文章设置。",
        platform_code=str(code),
    )


def parse_scope(scope: str) -> tuple[str, int]:
    """Split "msg_data_id:index" into its parts."""
    msg_id, _, index = scope.partition(":")
    if not msg_id.strip() or not (index or "0").isdigit():
        raise PermanentError(
            f"公众号文章标识有误：{scope}", hint="格式应为“msg_data_id:序号”，如 2247483650:0。"
        )
    return msg_id.strip(), int(index or 0)


class WeChatConnector(HttpConnector):
    """One Official Account: one scope per watched article ("msg_data_id:index")."""

    platform: ClassVar[Platform] = Platform.WECHAT
    poll_interval: ClassVar[float] = 120.0
    default_base_url: ClassVar[str] = DEFAULT_BASE_URL
    label: ClassVar[str] = LABEL
    page_max: ClassVar[int] = PAGE_MAX
    default_page_size: ClassVar[int] = PAGE_MAX
    default_find_pages: ClassVar[int] = 20
    idempotent_posts: ClassVar[tuple[str, ...]] = ("/cgi-bin/comment/list",)

    def configure(self) -> None:
        """Read WeChat's own settings: AppID, watched articles, token endpoint, full passes."""
        settings = self.settings
        # Lists ordered oldest-first are resumed one page before the last end; a full pass
        # every `full_every` polls also catches what deletions shifted past that overlap.
        self.full_every = int(settings.get("full_rescan_every", 10))
        appid = str(settings.get("appid") or (self.tokens.load() or {}).get("appid") or "")
        if not appid:
            raise PermanentError("未设置公众号 AppID。", hint="请在“账号管理”中填写 AppID。")
        self.appid = appid
        endpoint = str(settings.get("auth_endpoint") or STABLE).strip()
        if endpoint not in (STABLE, CLASSIC):
            raise PermanentError(
                f"公众号令牌接口设置有误：{endpoint}",
                hint="auth_endpoint 只能是 stable_token 或 token。",
            )
        self.refresher = refresher_for(
            self.base_url, appid, self.http_settings, self.clock, endpoint
        )
        self.articles = self._articles(settings.get("articles", ()))

    @staticmethod
    def _articles(raw: Any) -> dict[str, dict[str, Any]]:
        articles: dict[str, dict[str, Any]] = {}
        for item in raw or ():
            if isinstance(item, str):
                msg_id, index = parse_scope(item)
                info: dict[str, Any] = {}
            elif isinstance(item, Mapping):
                msg_id, index = parse_scope(f"{item.get('msg_data_id', '')}:{item.get('index', 0)}")
                info = dict(item)
            else:
                continue
            articles[f"{msg_id}:{index}"] = info
        return articles

    def scopes(self) -> list[str]:
        """One scope per watched article from settings["articles"]."""
        return list(self.articles)

    # -- calls --------------------------------------------------------------------------------

    def _call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        bundle = self.tokens.load() or {}
        self.refresher.secret = str(bundle.get("secret") or "")
        token = self.refresher.token()
        reply = self.client.call("POST", path, params={"access_token": token}, json_body=body)
        try:
            return _checked(reply, self.client)
        except AuthExpired as exc:
            if exc.platform_code not in {str(c) for c in _TOKEN_CODES}:
                raise
        # Rejected token: renew once (shared with every connector of this appid) and try again.
        token = self.refresher.renew_after_rejection(token)
        reply = self.client.call("POST", path, params={"access_token": token}, json_body=body)
        return _checked(reply, self.client)

    def _list(self, msg_id: str, index: int, begin: int, count: int) -> dict[str, Any]:
        return self._call(
            "/cgi-bin/comment/list",
            {
                "msg_data_id": _wire_id(msg_id),
                "index": index,
                "begin": begin,
                "count": count,
                "type": 0,
            },
        )

    # -- fetch --------------------------------------------------------------------------------

    def fetch(self, scope: str, cursor: str | None) -> FetchPage:
        """One offset page of an article's comments; see docs/connectors.md for the pass logic."""
        msg_id, index = parse_scope(scope)
        state = decode_cursor(cursor)
        begin = int(state.get("begin", 0))
        mark = int(state.get("mark", 0))
        top = int(state.get("top", mark))
        order = state.get("order")
        passes = int(state.get("passes", 0))
        data = self._list(msg_id, index, begin, self.page_size)
        raw = list_field(data, "comment", "微信留言列表")
        total = _total(data)
        info = self.articles.get(scope, {})
        title = str(info.get("title") or f"公众号文章 {scope}")
        comments = [c for c in (self._comment(scope, title, item) for item in raw) if c is not None]
        ids = [int(c.external_id.rsplit(":", 1)[1]) for c in comments]
        if order is None and len(ids) > 1 and ids[0] != ids[-1]:
            order = "desc" if ids[0] > ids[-1] else "asc"
        if ids:
            top = max(top, *ids)
        begin += len(raw)
        # Newest-first lists: once a page reaches ids committed by an earlier complete pass, the
        # rest is older still and already stored.
        full_pass = (passes + 1) % max(1, self.full_every) == 0
        caught_up = order == "desc" and bool(ids) and min(ids) <= mark and not full_pass
        end = not raw or (total is not None and begin >= total) or caught_up
        posts: list[RemotePost] = []
        if state.get("begin", 0) == 0:
            posts.append(
                RemotePost(scope, title, str(info.get("digest", "")), info.get("url"), None)
            )
        if end:
            passes += 1
            restart = 0
            if order == "asc" and passes % max(1, self.full_every):
                restart = max(0, begin - self.page_size)
            new_state: dict[str, Any] = {
                "begin": restart,
                "mark": top,
                "top": top,
                "passes": passes,
            }
        else:
            new_state = {"begin": begin, "mark": mark, "top": top, "passes": passes}
        if order is not None:
            new_state["order"] = order
        return FetchPage(comments, posts, encode_cursor(new_state), done=end)

    def _comment(self, scope: str, title: str, item: Any) -> RemoteComment | None:
        if not isinstance(item, dict):
            return None
        cid = id_text(item.get("user_comment_id"))
        if cid is None:
            return None
        openid = str(item.get("openid") or "")
        # A comment without a readable time is dated when first seen rather than dropped.
        created = unix_time(item.get("create_time")) or utcnow()
        reply = item.get("reply") if isinstance(item.get("reply"), dict) else None
        return RemoteComment(
            external_id=f"{scope}:{cid}",
            post_external_id=scope,
            parent_external_id=None,
            author_id=openid,
            author_name=f"微信用户{openid[-4:]}" if openid else "微信用户（非微信身份）",
            text=str(item.get("content", "")),
            created_at=created,
            like_count=0,
            post_title=title,
            reply_text=str(reply.get("content")) if reply and reply.get("content") else None,
        )

    # -- replies and moderation ---------------------------------------------------------------

    @staticmethod
    def _target(comment_external_id: str) -> tuple[str, int, int]:
        scope, _, cid = comment_external_id.rpartition(":")
        msg_id, index = parse_scope(scope)
        if not cid.isdigit():
            raise PermanentError(
                f"留言编号有误：{comment_external_id}", hint="请重新同步该公众号。"
            )
        return msg_id, index, int(cid)

    def _on_comment(self, path: str, comment_external_id: str, **extra: Any) -> None:
        """Call one of the endpoints that act on a single comment."""
        msg_id, index, cid = self._target(comment_external_id)
        body = {"msg_data_id": _wire_id(msg_id), "index": index, "user_comment_id": cid}
        self._call(path, {**body, **extra})

    def post_reply(
        self,
        *,
        comment_external_id: str,
        post_external_id: str | None,
        text: str,
        idempotency_key: str,
    ) -> SentReply:
        """Reply to a comment (one author reply per comment; the platform gives no reply id)."""
        body = self.check_reply_text(text)
        try:
            self._on_comment("/cgi-bin/comment/reply/add", comment_external_id, content=body)
        except PermanentError as exc:
            if exc.platform_code in {"88002", "88008"}:
                raise ReplyRejected(
                    exc.message, hint=exc.hint, platform_code=exc.platform_code
                ) from exc
            raise
        return SentReply(f"reply:{comment_external_id}", utcnow())

    def find_reply(
        self, *, comment_external_id: str, post_external_id: str | None, text: str
    ) -> SentReply | None:
        """Find the comment in the article's list and compare its author reply with text."""
        msg_id, index, cid = self._target(comment_external_id)
        begin = 0
        for _ in range(self.find_pages):
            data = self._list(msg_id, index, begin, self.page_size)
            raw = list_field(data, "comment", "微信留言列表")
            if not raw:
                return None
            for item in raw:
                if isinstance(item, dict) and id_text(item.get("user_comment_id")) == str(cid):
                    reply = item.get("reply") if isinstance(item.get("reply"), dict) else None
                    if reply and str(reply.get("content", "")).strip() == text.strip():
                        when = unix_time(reply.get("create_time")) or utcnow()
                        return SentReply(f"reply:{comment_external_id}", when)
                    return None
            begin += len(raw)
            total = _total(data)
            if total is not None and begin >= total:
                return None
        return None

    def set_featured(self, comment_external_id: str, featured: bool) -> None:
        """Mark (精选) or unmark a comment."""
        path = "/cgi-bin/comment/markelect" if featured else "/cgi-bin/comment/unmarkelect"
        self._on_comment(path, comment_external_id)

    def delete_comment(self, comment_external_id: str) -> None:
        """Delete a comment from the article."""
        self._on_comment("/cgi-bin/comment/delete", comment_external_id)

    def delete_reply(self, comment_external_id: str) -> None:
        """Delete our reply to a comment."""
        self._on_comment("/cgi-bin/comment/reply/delete", comment_external_id)

    def check(self) -> AccountCheck:
        """Get a token (proves AppID/AppSecret and IP whitelist) and, if any, list one comment."""
        try:
            self.refresher.secret = str((self.tokens.load() or {}).get("secret") or "")
            self.refresher.token()
            for scope in self.scopes()[:1]:
                self._list(*parse_scope(scope), 0, 1)
        except ConnectorError as exc:
            return AccountCheck(False, f"公众号 {self.appid}", None, None, None, str(exc))
        expires = self.refresher.expires_at()
        return AccountCheck(
            ok=True,
            identity=f"公众号 {self.appid}",
            token_expires_at=utc_from_timestamp(expires) if expires else None,
            refresh_expires_at=None,
            rate_limit_remaining=None,
            message="AppID/AppSecret 有效，访问令牌会自动续期。",
        )


def _wire_id(msg_id: str) -> int | str:
    """msg_data_id as the JSON number the official pages document (Uint32); other text as is."""
    return int(msg_id) if msg_id.isascii() and msg_id.isdigit() else msg_id


def _total(data: Mapping[str, Any]) -> int | None:
    """The documented `total`; None when it is absent, so paging runs until an empty page.

    One community report shows `total: 0` beside a `comment_cnt`; the larger of the two is used.
    """
    counts = [number(data.get(key)) for key in ("total", "comment_cnt")]
    known = [int(c) for c in counts if c is not None]
    return max(known) if known else None
