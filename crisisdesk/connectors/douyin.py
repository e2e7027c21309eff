"""Douyin Open Platform connector: comments and replies on our videos, token refresh, OAuth2."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

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
    list_field,
    number,
    unix_time,
)
from crisisdesk.connectors.douyin_api import (
    DEFAULT_BASE_URL,
    EXPIRED_CODES,
    LABEL,
    RENEW_MARGIN,
    WARN_REFRESH_DAYS,
    checked,
    lock_for,
    token_bundle,
)
from crisisdesk.connectors.errors import (
    AuthExpired,
    ConnectorError,
    PermanentError,
    ReplyRejected,
    Transient,
)
from crisisdesk.domain import Platform


class DouyinConnector(HttpConnector):
    """One Douyin account: one scope per watched video item_id (settings["items"])."""

    platform: ClassVar[Platform] = Platform.DOUYIN
    poll_interval: ClassVar[float] = 180.0
    reply_settle_seconds: ClassVar[float] = 300.0  # replies pass content review before showing

    default_base_url: ClassVar[str] = DEFAULT_BASE_URL
    label: ClassVar[str] = LABEL
    page_max: ClassVar[int] = 50  # 1-50 is stated for the sibling APIs; UNCONFIRMED for /item/
    default_page_size: ClassVar[int] = 20
    default_find_pages: ClassVar[int] = 10
    idempotent_posts: ClassVar[tuple[str, ...]] = ("/oauth/refresh_token/",)

    def configure(self) -> None:
        """Read Douyin's own settings: watched videos, reply fetching, overlap, token placement."""
        settings = self.settings
        self.fetch_replies = as_flag(settings.get("fetch_replies", True))
        # Comments may surface late (review); re-read this far below the last pass's newest.
        self.overlap = float(settings.get("overlap_seconds", 600))
        self.full_every = int(settings.get("full_rescan_every", 10))
        # The header is documented; older SDKs send access_token in the query instead.
        self.auth_in = auth_place(settings, "header")
        self._open_id = ""
        self.items: dict[str, dict[str, Any]] = {}
        for item in settings.get("items", ()) or ():
            info = dict(item) if isinstance(item, Mapping) else {"item_id": str(item)}
            if str(info.get("item_id", "")).strip():
                self.items[str(info["item_id"]).strip()] = info

    def scopes(self) -> list[str]:
        """One scope per watched video item_id."""
        return list(self.items)

    # -- tokens ---------------------------------------------------------------------------------

    def _bundle(self) -> TokenBundle:
        bundle = self.tokens.load()
        if not bundle or not bundle.get("access_token") or not bundle.get("open_id"):
            raise AuthExpired("该抖音账号尚未授权。", hint="请在“账号管理”中完成抖音授权。")
        # Kept to mark our own replies without a keyring read per comment.
        self._open_id = str(bundle["open_id"])
        return bundle

    def _fresh_bundle(self, *, rejected: str | None = None) -> TokenBundle:
        bundle = self._bundle()
        expires_at = number(bundle.get("expires_at")) or float("inf")
        if rejected is None and expires_at - RENEW_MARGIN > self.clock():
            return bundle
        with lock_for(str(bundle.get("client_key", "")), str(bundle["open_id"])):
            bundle = self._bundle()  # another thread may have refreshed meanwhile
            expires_at = number(bundle.get("expires_at")) or float("inf")
            renewed = (
                bundle["access_token"] != rejected
                if rejected
                else expires_at - RENEW_MARGIN > self.clock()
            )
            if renewed:
                return bundle
            return self._refresh(bundle)

    def _refresh(self, bundle: TokenBundle) -> TokenBundle:
        refresh_token = bundle.get("refresh_token")
        refresh_expires = number(bundle.get("refresh_expires_at"))
        if not refresh_token or (refresh_expires is not None and refresh_expires <= self.clock()):
            raise AuthExpired(
                "抖音授权已过期，且刷新令牌已超过 30 天有效期。",
                hint="请在“账号管理”中重新授权该抖音账号。",
            )
        reply = self.client.call(
            "POST",
            "/oauth/refresh_token/",
            form={
                "client_key": str(bundle.get("client_key", "")),
                "grant_type": "refresh_token",
                "refresh_token": str(refresh_token),
            },
        )
        data = checked(reply, self.client)
        if not data.get("access_token"):
            raise Transient("抖音刷新令牌接口未返回新令牌。", hint="系统稍后会自动重试。")
        fresh = token_bundle(data, now=self.clock(), base=bundle)
        self.tokens.save(fresh)
        return fresh

    def renew_refresh_token(self) -> datetime | None:
        """Extend the refresh token by 30 days (at most 5 times); returns the new expiry."""
        bundle = self._bundle()
        reply = self.client.call(
            "POST",
            "/oauth/renew_refresh_token/",
            form={
                "client_key": str(bundle.get("client_key", "")),
                "refresh_token": str(bundle.get("refresh_token", "")),
            },
        )
        data = checked(reply, self.client)
        if data.get("refresh_token"):
            bundle["refresh_token"] = str(data["refresh_token"])
        if data.get("expires_in"):
            bundle["refresh_expires_at"] = self.clock() + float(data["expires_in"])
        self.tokens.save(bundle)
        expires = number(bundle.get("refresh_expires_at"))
        return utc_from_timestamp(expires) if expires else None

    def _call(
        self, method: str, path: str, *, params: dict[str, Any], json_body: Any = None
    ) -> dict[str, Any]:
        bundle = self._fresh_bundle()
        for attempt in (0, 1):
            token = str(bundle["access_token"])
            query = {"open_id": bundle["open_id"], **params}
            if self.auth_in in ("param", "both"):
                query["access_token"] = token
            headers = {"access-token": token} if self.auth_in in ("header", "both") else {}
            reply = self.client.call(
                method, path, params=query, json_body=json_body, headers=headers
            )
            try:
                return checked(reply, self.client)
            except AuthExpired as exc:
                if attempt or int(exc.platform_code or 0) not in EXPIRED_CODES:
                    raise
                bundle = self._fresh_bundle(rejected=str(bundle["access_token"]))
        raise AssertionError("unreachable")

    # -- fetch ----------------------------------------------------------------------------------

    def _page(self, item_id: str, parent: str | None, cursor: int | str) -> dict[str, Any]:
        """One newest-first page of the video's comments, or of one comment's replies."""
        params: dict[str, Any] = {
            "item_id": item_id,
            "cursor": cursor,
            "count": self.page_size,
            "sort_type": "time",
        }
        if parent is None:
            return self._call("GET", "/item/comment/list/", params=params)
        params["comment_id"] = parent
        return self._call("GET", "/item/comment/reply/list/", params=params)

    def fetch(self, scope: str, cursor: str | None) -> FetchPage:
        """One request: a page of the video's comments (newest first), or of one comment's replies."""
        if scope not in self.items and not scope.strip():
            raise PermanentError("抖音视频编号为空。", hint="请检查账号的关注视频设置。")
        state = decode_cursor(cursor)
        queue: list[str] = [str(q) for q in state.get("queue", [])]
        mark = float(state.get("mark", 0))
        top = float(state.get("top", mark))
        passes = int(state.get("passes", 0))
        title = str(self.items.get(scope, {}).get("title") or f"抖音视频 {scope[:12]}")
        if queue:
            return self._reply_step(scope, title, state, queue)
        current = cursor_value(state.get("c")) or 0
        data = self._page(scope, None, current)
        raw = list_field(data, "list", "抖音评论列表")
        comments = [
            c for c in (self._comment(scope, title, item, None) for item in raw) if c is not None
        ]
        # Only real timestamps steer the pass: a missing create_time must not end it early.
        times = [
            t.timestamp()
            for t in (unix_time(i.get("create_time")) for i in raw if isinstance(i, dict))
            if t is not None
        ]
        if times:
            top = max(top, *times)
        full_pass = (passes + 1) % max(1, self.full_every) == 0
        caught_up = bool(times) and mark > 0 and min(times) < mark - self.overlap and not full_pass
        following = _following(data, current)
        list_end = following is None or caught_up
        if self.fetch_replies:
            queue = [
                str(item["comment_id"])
                for item in raw
                if isinstance(item, dict)
                and item.get("comment_id")
                and int(number(item.get("reply_comment_total")) or 0) > 0
            ]
        state = {"c": following or 0, "mark": mark, "top": top, "passes": passes}
        if list_end:
            state["end"] = 1
        posts = (
            [RemotePost(scope, title, "", self.items.get(scope, {}).get("url"), None)]
            if not cursor
            else []
        )
        return self._finish(comments, posts, state, queue)

    def _reply_step(
        self, scope: str, title: str, state: dict[str, Any], queue: list[str]
    ) -> FetchPage:
        parent = queue[0]
        current = cursor_value(state.get("rc")) or 0
        data = self._page(scope, parent, current)
        raw = list_field(data, "list", "抖音评论列表")
        comments = [
            c for c in (self._comment(scope, title, item, parent) for item in raw) if c is not None
        ]
        state = dict(state)
        following = _following(data, current)
        if following is not None:
            state["rc"] = following
        else:
            state.pop("rc", None)
            queue = queue[1:]
        return self._finish(comments, [], state, queue)

    def _finish(
        self,
        comments: list[RemoteComment],
        posts: list[RemotePost],
        state: dict[str, Any],
        queue: list[str],
    ) -> FetchPage:
        state = {k: v for k, v in state.items() if k != "queue"}
        if queue:
            state["queue"] = queue
            return FetchPage(comments, posts, encode_cursor(state), done=False)
        if state.get("end"):
            top = float(state.get("top", 0))
            passes = int(state.get("passes", 0)) + 1
            return FetchPage(
                comments,
                posts,
                encode_cursor({"mark": top, "top": top, "passes": passes}),
                done=True,
            )
        return FetchPage(comments, posts, encode_cursor(state), done=False)

    def _comment(
        self, scope: str, title: str, item: Any, parent: str | None
    ) -> RemoteComment | None:
        if not isinstance(item, dict) or not str(item.get("comment_id") or "").strip():
            return None
        # A comment without a readable time is dated when first seen rather than dropped.
        created = unix_time(item.get("create_time")) or utcnow()
        author = str(item.get("comment_user_id") or "")
        own = author != "" and author == self._open_id
        return RemoteComment(
            external_id=str(item["comment_id"]).strip(),
            post_external_id=scope,
            parent_external_id=parent
            or (str(item["reply_comment_id"]) if item.get("reply_comment_id") else None),
            author_id=author,
            author_name=str(item.get("nick_name") or "抖音用户"),
            text=str(item.get("content", "")),
            created_at=created,
            like_count=int(number(item.get("digg_count")) or 0),
            post_title=title,
            is_own=own,
        )

    # -- replies --------------------------------------------------------------------------------

    def post_reply(
        self,
        *,
        comment_external_id: str,
        post_external_id: str | None,
        text: str,
        idempotency_key: str,
    ) -> SentReply:
        """Reply to a comment on our video (or comment on the video when comment id is empty)."""
        body = self.reply_body(text, post_external_id, "视频")
        payload: dict[str, Any] = {"item_id": post_external_id, "content": body}
        if comment_external_id:
            payload["comment_id"] = comment_external_id
        try:
            data = self._call("POST", "/item/comment/reply/", params={}, json_body=payload)
        except PermanentError as exc:
            if int(exc.platform_code or 0) in {2100005, 28001007}:
                raise ReplyRejected(
                    f"抖音拒绝了这条回复（错误码 {exc.platform_code}）。",
                    hint="内容可能含有平台限制的词语，或评论已被删除；请修改后重新提交。",
                    platform_code=exc.platform_code,
                ) from exc
            raise
        reply_id = str(data.get("comment_id") or "")
        if not reply_id:
            raise Transient(
                "抖音未返回回复编号，无法确认是否发送成功。", hint="系统将先核对后再决定是否重发。"
            )
        return SentReply(reply_id, utcnow())

    def find_reply(
        self, *, comment_external_id: str, post_external_id: str | None, text: str
    ) -> SentReply | None:
        """Look for our reply with this text among the comment's replies (newest first)."""
        if not post_external_id or not comment_external_id:
            return None
        wanted = text.strip()
        cursor: int | str = 0
        for _ in range(self.find_pages):
            data = self._page(post_external_id, comment_external_id, cursor)
            for item in list_field(data, "list", "抖音评论列表"):
                found = self._comment(post_external_id, "", item, comment_external_id)
                if found is not None and found.is_own and found.text.strip() == wanted:
                    return SentReply(found.external_id, found.created_at)
            following = _following(data, cursor)
            if following is None:
                return None
            cursor = following
        return None

    # -- account --------------------------------------------------------------------------------

    def check(self) -> AccountCheck:
        """Refresh the token if needed, list one comment, and report both expiry dates."""
        try:
            bundle = self._fresh_bundle()
            for scope in self.scopes()[:1]:
                self._call(
                    "GET", "/item/comment/list/", params={"item_id": scope, "cursor": 0, "count": 1}
                )
            ok, message = True, "授权有效。"
        except ConnectorError as exc:
            bundle, ok, message = self.tokens.load() or {}, False, str(exc)
        access = number(bundle.get("expires_at"))
        refresh = number(bundle.get("refresh_expires_at"))
        if ok and refresh is not None:
            days = (refresh - self.clock()) / 86400
            if days < WARN_REFRESH_DAYS:
                message = (
                    f"授权有效，但刷新令牌将在 {max(days, 0):.0f} 天后到期，请及时续期或重新授权。"
                )
        return AccountCheck(
            ok=ok,
            identity=f"抖音用户 {str(bundle.get('open_id', ''))[:12]}",
            token_expires_at=utc_from_timestamp(access) if access else None,
            refresh_expires_at=utc_from_timestamp(refresh) if refresh else None,
            rate_limit_remaining=None,
            message=message,
        )


def cursor_value(value: Any) -> int | str | None:
    """A paging cursor kept exactly as sent: an integer (never through a float) or opaque text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else None
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _following(data: Mapping[str, Any], current: int | str) -> int | str | None:
    """The cursor of the next page, or None at the end.

    A page may be short or even empty before the end (comments under review are left out), so
    only has_more ends a list, or a cursor that did not move (which would loop).
    """
    following = cursor_value(data.get("cursor"))
    if not as_flag(data.get("has_more")) or following is None or str(following) == str(current):
        return None
    return following
