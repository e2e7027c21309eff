"""Fake WeChat Official Account API: stable_token and the comment (留言) endpoints, errcode with HTTP 200."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any

from tests.fakes.server import FakeServer, Hosted, Request, Response

APPID = "wx1234567890abcdef"
SECRET = "wx-app-secret"
_TEXTS = (
    "暴雨什么时候停？",
    "小区积水严重，求救援！",
    "转发扩散：水库要溃坝了？？",
    "辛苦救援人员了🙏",
    "官方辟谣了吗",
)


@dataclass
class _Comment:
    id: int
    openid: str
    content: str
    create_time: int
    featured: bool = False
    reply: str | None = None
    reply_time: int = 0


class WeChatFake(Hosted):
    """Articles keyed by (msg_data_id, index), each a list of comments; order "desc" or "asc"."""

    def __init__(self, *, order: str = "desc") -> None:
        self.order = order
        self.lock = threading.Lock()
        self.articles: dict[tuple[str, int], list[_Comment]] = {
            ("2247483650", 0): [],
            ("2247483650", 1): [],
        }
        self.tokens: dict[str, str] = {}
        self.current: str | None = None
        self.token_calls = 0
        self.forced = 0
        self._seq = itertools.count(1)
        self._now = 1_782_000_000
        self._last_id = 0
        self.server = FakeServer(self.route)

    def add_comments(self, n: int, *, article: tuple[str, int] = ("2247483650", 0)) -> list[str]:
        """Add n comments; user_comment_id increases per article."""
        with self.lock:
            rows = self.articles[article]
            added = []
            for _ in range(n):
                self._last_id += 1
                cid = self._last_id
                self._now += 2
                k = next(self._seq)
                rows.append(
                    _Comment(
                        cid, f"oUser{k % 997:05d}", f"{_TEXTS[k % len(_TEXTS)]}（{k}）", self._now
                    )
                )
                added.append(f"{article[0]}:{article[1]}:{cid}")
            return added

    def delete(self, article: tuple[str, int], cid: int) -> None:
        """Remove a comment as an administrator would."""
        with self.lock:
            self.articles[article] = [c for c in self.articles[article] if c.id != cid]

    def comment_ids(self, article: tuple[str, int] = ("2247483650", 0)) -> set[str]:
        """External ids of every comment the article holds."""
        with self.lock:
            return {f"{article[0]}:{article[1]}:{c.id}" for c in self.articles[article]}

    def expire_all_tokens(self) -> None:
        """Invalidate every issued token (as a force refresh elsewhere would, after the overlap)."""
        with self.lock:
            for token in self.tokens:
                self.tokens[token] = "expired"

    def route(self, request: Request) -> Response:
        """Dispatch one request."""
        body = request.json() or {}
        with self.lock:
            if request.path == "/cgi-bin/stable_token":
                return self._stable_token(body)
            state = self.tokens.get(request.query.get("access_token", ""))
            if state is None:
                return Response(
                    200,
                    {
                        "errcode": 40001,
                        "errmsg": "invalid credential, access_token is invalid or not latest",
                    },
                )
            if state == "expired":
                return Response(200, {"errcode": 42001, "errmsg": "access_token expired"})
            key = (str(body.get("msg_data_id", "")), int(body.get("index", 0) or 0))
            if key not in self.articles:
                return Response(200, {"errcode": 88001, "errmsg": "msg_data is not exists"})
            rows = self.articles[key]
            if request.path == "/cgi-bin/comment/list":
                return self._list(rows, body)
            target = next((c for c in rows if c.id == int(body.get("user_comment_id", -1))), None)
            if target is None:
                return Response(200, {"errcode": 88008, "errmsg": "comment is not exists"})
            if request.path == "/cgi-bin/comment/reply/add":
                self._now += 1
                target.reply, target.reply_time = str(body.get("content", "")), self._now
            elif request.path == "/cgi-bin/comment/reply/delete":
                target.reply = None
            elif request.path == "/cgi-bin/comment/markelect":
                target.featured = True
            elif request.path == "/cgi-bin/comment/unmarkelect":
                target.featured = False
            elif request.path == "/cgi-bin/comment/delete":
                rows.remove(target)
            else:
                return Response(404, {"errcode": 404, "errmsg": "not found"})
            return Response(200, {"errcode": 0, "errmsg": "ok"})

    def _stable_token(self, body: dict[str, Any]) -> Response:
        if body.get("appid") != APPID:
            return Response(200, {"errcode": 40013, "errmsg": "invalid appid"})
        if body.get("secret") != SECRET:
            return Response(200, {"errcode": 40125, "errmsg": "invalid appsecret"})
        self.token_calls += 1
        if body.get("force_refresh"):
            self.forced += 1
        if (
            body.get("force_refresh")
            or self.current is None
            or self.tokens.get(self.current) != "ok"
        ):
            self.current = f"WXTOKEN{next(self._seq):04d}" + "x" * 100
            self.tokens[self.current] = "ok"
        return Response(200, {"access_token": self.current, "expires_in": 7200})

    def _list(self, rows: list[_Comment], body: dict[str, Any]) -> Response:
        count = int(body.get("count", 0))
        begin = int(body.get("begin", 0))
        if count >= 50 or count <= 0 or begin < 0:
            return Response(200, {"errcode": 40097, "errmsg": "invalid args"})
        ordered = rows[::-1] if self.order == "desc" else rows
        out = []
        for c in ordered[begin : begin + count]:
            item: dict[str, Any] = {
                "user_comment_id": c.id,
                "openid": c.openid,
                "create_time": c.create_time,
                "content": c.content,
                "comment_type": 1 if c.featured else 0,
            }
            if c.reply is not None:
                item["reply"] = {"content": c.reply, "create_time": c.reply_time}
            out.append(item)
        return Response(200, {"errcode": 0, "errmsg": "ok", "total": len(rows), "comment": out})
