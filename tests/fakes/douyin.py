"""Fake Douyin Open Platform: item comment list/reply list/reply, OAuth access/refresh/renew tokens."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import FakeServer, Hosted, Request, Response

OPEN_ID = "_000AbCdEfGhIjKlMnOpQrStUvWxYz"
CLIENT_KEY = "awclientkey01"
CLIENT_SECRET = "douyin-client-secret"
ITEM = "@9VwKzuuES8gmaXS7ZohvSc5+/ko=XfF1"
_TEXTS = (
    "局长这话什么意思？？",
    "道歉！必须道歉！",
    "支持官方调查",
    "[捂脸]说得好听",
    "关注后续处理",
)


@dataclass
class _Comment:
    id: str
    user: str
    content: str
    create_time: int
    replies: list[_Comment] = field(default_factory=list)


def _ok(payload: dict[str, Any]) -> Response:
    return Response(
        200,
        {
            "data": {"error_code": 0, "description": "", **payload},
            "extra": {
                "logid": "2026",
                "now": 1,
                "error_code": 0,
                "description": "",
                "sub_error_code": 0,
                "sub_description": "",
            },
        },
    )


def error(code: int, text: str, *, where: str = "data", status: int = 200) -> Response:
    """An error answer with the code in data, extra or sub_error_code."""
    data: dict[str, Any] = {"error_code": 0, "description": ""}
    extra: dict[str, Any] = {
        "error_code": 0,
        "description": "",
        "sub_error_code": 0,
        "sub_description": "",
    }
    if where == "data":
        data.update(error_code=code, description=text)
    elif where == "extra":
        extra.update(error_code=code, description=text)
    else:
        extra.update(sub_error_code=code, sub_description=text)
    return Response(status, {"data": data, "extra": extra})


class DouyinFake(Hosted):
    """Videos with comments (newest last) and their replies; tokens with expiry states."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: dict[str, list[_Comment]] = {ITEM: [], "7300000000000000002": []}
        self.access: dict[str, str] = {"act.good": "ok"}
        self.refresh: dict[str, str] = {"rft.good": "ok"}
        self.codes: set[str] = set()
        self.refresh_calls = 0
        self._seq = itertools.count(1)
        self._now = 1_782_000_000
        self.server = FakeServer(self.route)

    def add_comments(self, n: int, *, item: str = ITEM, replies_each: int = 0) -> list[str]:
        """Add n comments (each with replies_each replies from other users)."""
        out = []
        with self.lock:
            for _ in range(n):
                k = next(self._seq)
                self._now += 3
                c = _Comment(
                    f"@9Vx{k:08d}+c/A==",
                    f"user{k % 311}",
                    f"{_TEXTS[k % len(_TEXTS)]} {k}",
                    self._now,
                )
                for j in range(replies_each):
                    c.replies.append(
                        _Comment(f"@9Vr{k:08d}+{j}=", f"user{j}", f"回复{j}", self._now)
                    )
                self.items[item].append(c)
                out.append(c.id)
        return out

    def add_reply(self, comment_id: str, *, item: str = ITEM) -> str:
        """Another user replies to an existing comment."""
        with self.lock:
            parent = next(c for c in self.items[item] if c.id == comment_id)
            k = next(self._seq)
            self._now += 1
            reply = _Comment(f"@9Vr{k:08d}+late=", "user-late", "我也遇到了", self._now)
            parent.replies.append(reply)
            return reply.id

    def all_ids(self, item: str = ITEM) -> set[str]:
        """Every comment and reply id on the video (ours included)."""
        with self.lock:
            ids = set()
            for c in self.items[item]:
                ids.add(c.id)
                ids.update(r.id for r in c.replies)
            return ids

    def route(self, request: Request) -> Response:
        """Dispatch one request."""
        with self.lock:
            if request.path == "/oauth/refresh_token/":
                return self._refresh(request.form())
            if request.path == "/oauth/access_token/":
                form = request.form()
                if form.get("client_secret") != CLIENT_SECRET or form.get("code") not in self.codes:
                    return error(10007, "授权码过期")
                self.codes.discard(form["code"])
                return self._issue()
            if request.path == "/oauth/renew_refresh_token/":
                form = request.form()
                if self.refresh.get(form.get("refresh_token", "")) != "ok":
                    return error(10010, "refresh_token过期")
                return _ok({"refresh_token": form["refresh_token"], "expires_in": 2592000})
            state = self.access.get(request.headers.get("access-token", ""))
            if state == "expired":
                return error(28001008, "access_token过期", where="extra")
            if state != "ok":
                return error(2190002, "access_token无效")
            if request.query.get("open_id") != OPEN_ID:
                return error(28001015, "token与open_id不匹配", where="sub")
            item = request.query.get("item_id") or str((request.json() or {}).get("item_id", ""))
            if item not in self.items:
                return error(2100005, "参数不合法")
            if request.path == "/item/comment/list/":
                rows = self.items[item][::-1]
                return self._page(rows, request)
            if request.path == "/item/comment/reply/list/":
                parent = next(
                    (c for c in self.items[item] if c.id == request.query.get("comment_id")), None
                )
                if parent is None:
                    return error(2100005, "评论不存在")
                return self._page(parent.replies[::-1], request)
            if request.path == "/item/comment/reply/":
                return self._reply(item, request.json() or {})
        return Response(404, {"message": "not found"})

    def _page(self, rows: list[_Comment], request: Request) -> Response:
        cursor = int(request.query.get("cursor", 0))
        count = int(request.query.get("count", 10))
        if not 1 <= count <= 50:
            return error(2100005, "count 不合法")
        chunk = rows[cursor : cursor + count]
        out = [
            {
                "comment_id": c.id,
                "comment_user_id": c.user,
                "content": c.content,
                "create_time": c.create_time,
                "digg_count": len(c.content),
                "reply_comment_total": len(c.replies),
                "top": False,
            }
            for c in chunk
        ]
        return _ok(
            {
                "cursor": cursor + len(chunk),
                "has_more": cursor + len(chunk) < len(rows),
                "list": out,
            }
        )

    def _reply(self, item: str, body: dict[str, Any]) -> Response:
        content = str(body.get("content", ""))
        self._now += 1
        reply = _Comment(f"@9Vo{next(self._seq):08d}+our=", OPEN_ID, content, self._now)
        target = body.get("comment_id")
        if target:
            parent = next((c for c in self.items[item] if c.id == target), None)
            if parent is None:
                return error(2100005, "评论不存在")
            parent.replies.append(reply)
        else:
            self.items[item].append(reply)
        return _ok({"comment_id": reply.id})

    def _issue(self) -> Response:
        token = f"act.new{next(self._seq)}"
        self.access[token] = "ok"
        return _ok(
            {
                "access_token": token,
                "expires_in": 1296000,
                "open_id": OPEN_ID,
                "refresh_token": "rft.good",
                "refresh_expires_in": 2592000,
                "scope": "item.comment",
            }
        )

    def _refresh(self, form: dict[str, str]) -> Response:
        self.refresh_calls += 1
        if self.refresh.get(form.get("refresh_token", "")) != "ok":
            return error(10010, "refresh_token过期")
        return self._issue()
