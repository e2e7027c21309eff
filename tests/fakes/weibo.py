"""Fake Weibo Open API v2: comments/to_me, comments/show, reply/create, rate_limit_status, OAuth2."""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from tests.fakes.server import FakeServer, Hosted, Request, Response

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CST = timezone(timedelta(hours=8))
_TEXTS = (
    "社保系统什么时候能恢复？等了一上午了",
    "请问这个政策具体怎么执行？",
    "辛苦了，感谢及时通报👍",
    "又崩了？？？[怒]",
    "求官方回复！",
)
BASE_ID = 4_900_000_000_000_000
OUR_UID = "1000001"


def weibo_time(moment: datetime) -> str:
    """Format like Weibo: "Wed Jun 01 00:50:25 +0800 2011" (locale-independent)."""
    local = moment.astimezone(_CST)
    return (
        f"{_DAYS[local.weekday()]} {_MONTHS[local.month - 1]} {local.day:02d} "
        f"{local:%H:%M:%S} +0800 {local.year}"
    )


@dataclass
class _Comment:
    id: int
    post_id: str
    user_id: str
    text: str
    created: datetime
    parent_id: int | None = None


class WeiboFake(Hosted):
    """Holds posts, comments and our replies; serves them like api.weibo.com."""

    def __init__(self, *, uid: str = OUR_UID) -> None:
        self.uid = uid
        self.lock = threading.Lock()
        self.comments: dict[int, _Comment] = {}
        self.ids: list[int] = []  # sorted ascending
        self.replies: dict[int, _Comment] = {}
        self.posts = {
            "5000000000000001": "关于社保系统升级维护的公告",
            "5000000000000002": "暴雨预警",
        }
        self.tokens: dict[str, str] = {"good-token": "ok"}
        self.codes: dict[str, str] = {}
        self.remaining_hits = 150
        self._next = itertools.count(1)
        self.clock = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
        self.server = FakeServer(self.route)

    # -- data ----------------------------------------------------------------------------------

    def add_comments(
        self, n: int, *, post_id: str = "5000000000000001", texts: Sequence[str] = ()
    ) -> list[str]:
        """Add n comments from strangers, newest last; ids are increasing int64.

        texts: the comments' texts, in turn (default: five stock complaints, numbered).
        """
        added = []
        with self.lock:
            for i in range(n):
                k = next(self._next)
                cid = BASE_ID + k * 7
                self.clock += timedelta(seconds=1)
                self.comments[cid] = _Comment(
                    cid,
                    post_id,
                    str(2_000_000 + k % 5000),
                    texts[i % len(texts)] if texts else f"{_TEXTS[k % len(_TEXTS)]} #{k}",
                    self.clock,
                )
                self.ids.append(cid)
                added.append(str(cid))
        return added

    def comment_ids(self) -> set[str]:
        """Every comment id the server holds (excluding our replies)."""
        with self.lock:
            return {str(i) for i in self.ids}

    # -- JSON ----------------------------------------------------------------------------------

    def _user(self, uid: str) -> dict[str, Any]:
        return {"id": int(uid), "idstr": uid, "screen_name": f"用户{uid}", "name": f"用户{uid}"}

    def _json(self, c: _Comment) -> dict[str, Any]:
        body: dict[str, Any] = {
            "created_at": weibo_time(c.created),
            "id": c.id,
            "idstr": str(c.id),
            "mid": str(c.id),
            "text": c.text,
            "source": '<a href="https://weibo.com/">微博 weibo.com</a>',
            "user": self._user(c.user_id),
            "status": {
                "id": int(c.post_id),
                "idstr": c.post_id,
                "text": self.posts.get(c.post_id, ""),
                "created_at": weibo_time(datetime(2026, 7, 1, tzinfo=UTC)),
                "user": self._user(self.uid),
            },
        }
        if c.parent_id is not None:
            parent = self.comments.get(c.parent_id)
            if parent is not None:
                body["reply_comment"] = {
                    "id": parent.id,
                    "idstr": str(parent.id),
                    "text": parent.text,
                }
        return body

    # -- routes ----------------------------------------------------------------------------------

    def _error(self, request: Request, status: int, code: int, text: str) -> Response:
        return Response(status, {"request": request.path, "error_code": code, "error": text})

    def _auth(self, request: Request) -> Response | None:
        header = request.headers.get("authorization", "")
        token = header.removeprefix("OAuth2 ").strip() or request.query.get("access_token", "")
        state = self.tokens.get(token)
        if not token:
            return self._error(request, 403, 10006, "source paramter(appkey) is missing")
        if state == "expired":
            return self._error(request, 401, 21327, "expired_token")
        if state != "ok":
            return self._error(request, 401, 21332, "invalid_access_token")
        return None

    def route(self, request: Request) -> Response:
        """Dispatch one request."""
        if request.path == "/oauth2/access_token":
            return self._access_token(request)
        denied = self._auth(request)
        if denied is not None:
            return denied
        with self.lock:
            self.remaining_hits = max(0, self.remaining_hits - 1)
            if request.path == "/2/comments/to_me.json":
                return self._list(request, None)
            if request.path == "/2/comments/show.json":
                post = request.query.get("id", "")
                if post not in self.posts:
                    return self._error(request, 400, 20101, "target weibo does not exist!")
                return self._list(request, post)
            if request.path in ("/2/comments/reply.json", "/2/comments/create.json"):
                return self._reply(request)
            if request.path == "/2/account/rate_limit_status.json":
                return Response(
                    200,
                    {
                        "ip_limit": 10000,
                        "remaining_ip_hits": 9999,
                        "user_limit": 150,
                        "remaining_user_hits": self.remaining_hits,
                        "reset_time": "2026-07-01 09:00:00",
                        "reset_time_in_seconds": 1200,
                    },
                )
        return self._error(request, 404, 10003, "request api not found")

    def _list(self, request: Request, post: str | None) -> Response:
        count = max(1, min(200, int(request.query.get("count", 50))))
        since = int(request.query.get("since_id", 0) or 0)
        max_id = int(request.query.get("max_id", 0) or 0)
        if post is None:
            pool = self.ids
        else:
            merged = [i for i in self.ids if self.comments[i].post_id == post]
            merged += [i for i, r in self.replies.items() if r.post_id == post]
            pool = sorted(merged)
        hi = bisect.bisect_right(pool, max_id) if max_id else len(pool)
        lo = bisect.bisect_right(pool, since)
        window = pool[max(lo, hi - count) : hi][::-1]
        more = hi - count > lo
        rows = [self._json(self.comments.get(i) or self.replies[i]) for i in window]
        return Response(
            200,
            {
                "comments": rows,
                "previous_cursor": 0,
                "next_cursor": (window[-1] - 1) if more and window else 0,
                "total_number": len(pool),
                "hasvisible": False,
            },
        )

    def _reply(self, request: Request) -> Response:
        form = request.form()
        text = form.get("comment", "")
        post = form.get("id", "")
        if post not in self.posts:
            return self._error(request, 400, 20101, "target weibo does not exist!")
        if len(text) > 140:
            return self._error(
                request, 400, 20012, "Text too long, please input text less than 140 characters!"
            )
        parent: int | None = None
        if request.path.endswith("reply.json"):
            cid = form.get("cid", "")
            if not cid.isdigit() or int(cid) not in self.comments:
                return self._error(request, 400, 20201, "target weibo comment does not exist!")
            parent = int(cid)
            for r in self.replies.values():
                if r.parent_id == parent and r.text == text:
                    return self._error(request, 400, 20019, "repeat content!")
        rid = BASE_ID + next(self._next) * 7
        self.clock += timedelta(seconds=1)
        reply = _Comment(rid, post, self.uid, text, self.clock, parent)
        self.replies[rid] = reply
        return Response(200, self._json(reply))

    def _access_token(self, request: Request) -> Response:
        form = request.form()
        code = form.get("code", "")
        with self.lock:
            if form.get("client_secret") != "app-secret":
                return Response(400, {"error": "invalid_client", "error_code": 21324})
            if self.codes.pop(code, None) is None:
                return Response(400, {"error": "invalid_grant", "error_code": 21325})
            token = f"tok-{next(self._next)}"
            self.tokens[token] = "ok"
        return Response(
            200, {"access_token": token, "expires_in": 86400, "remind_in": "86400", "uid": self.uid}
        )
