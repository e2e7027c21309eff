"""A second WeChat fake, written from PLATFORM_APIS.md and the official listComment page alone.

Unlike WeChatFake it: requires msg_data_id, index, begin, count and user_comment_id as JSON numbers
(the official pages type them so); lists oldest first; leaves out openid (non-WeChat identities),
reply and errmsg where the contract allows; can offer only the classic GET /cgi-bin/token; expires
the previous token when a new one is issued; and answers errors with errcode under HTTP 200.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from typing import Any

from tests.fakes.server import FakeServer, Hosted, Request, Response

APPID = "wxstrict0000000001"
SECRET = "strict-app-secret"
MSG_ID = 2_247_483_777
ARTICLE = (MSG_ID, 0)
_TEXTS = ("桥什么时候通车？", "施工噪音太大了", "感谢通报", "绕行路线在哪里看", "希望加快进度")


@dataclass
class _Row:
    id: int
    openid: str | None
    content: str
    create_time: int
    reply: str | None = None
    reply_time: int = 0


def _err(code: int, msg: str) -> Response:
    return Response(200, {"errcode": code, "errmsg": msg})


class StrictWeChatFake(Hosted):
    """api.weixin.qq.com's comment API as the contract allows it to behave."""

    def __init__(self, *, seed: int = 1, stable: bool = True) -> None:
        self.rng = random.Random(seed)
        self.stable = stable
        self.lock = threading.Lock()
        self.articles: dict[tuple[int, int], list[_Row]] = {ARTICLE: [], (MSG_ID, 1): []}
        self.valid_token: str | None = None
        self.issued = 0
        self.busy_next = 0
        self._id = 0
        self._now = 1_785_000_000
        self.server = FakeServer(self.route)

    def add(self, n: int, article: tuple[int, int] = ARTICLE) -> None:
        """Add n comments to the article."""
        with self.lock:
            for _ in range(n):
                self._id += self.rng.randint(1, 3)
                self._now += self.rng.randint(1, 30)
                openid = (
                    None if self.rng.random() < 0.2 else f"oStrict{self.rng.randint(1, 999):04d}"
                )
                row = _Row(self._id, openid, self.rng.choice(_TEXTS), self._now)
                self.articles[article].append(row)

    def delete_some(self, n: int, article: tuple[int, int] = ARTICLE) -> None:
        """An administrator deletes n random comments."""
        with self.lock:
            rows = self.articles[article]
            for _ in range(min(n, len(rows))):
                rows.pop(self.rng.randrange(len(rows)))

    def ids(self, article: tuple[int, int] = ARTICLE) -> set[str]:
        """External ids ("msg:index:id") of every comment the article holds."""
        with self.lock:
            return {f"{article[0]}:{article[1]}:{r.id}" for r in self.articles[article]}

    def revoke_token(self) -> None:
        """Another system forced a new token: ours stops working."""
        with self.lock:
            self.valid_token = None

    # -- routes ----------------------------------------------------------------------------

    def _issue(self) -> Response:
        self.issued += 1
        # A new token ends the old one (the documented 5-minute overlap is taken as passed).
        self.valid_token = f"STRICT{self.issued:03d}" + "t" * 200
        return Response(200, {"access_token": self.valid_token, "expires_in": 7200})

    def route(self, request: Request) -> Response:
        """Dispatch one request."""
        with self.lock:
            if request.path == "/cgi-bin/stable_token" and self.stable:
                body = request.json() or {}
                if body.get("appid") != APPID or body.get("secret") != SECRET:
                    return _err(40125, "invalid appsecret")
                if self.valid_token and not body.get("force_refresh"):
                    return Response(200, {"access_token": self.valid_token, "expires_in": 7000})
                return self._issue()
            if request.path == "/cgi-bin/token" and request.method == "GET":
                q = request.query
                if q.get("appid") != APPID or q.get("secret") != SECRET:
                    return _err(40125, "invalid appsecret")
                return self._issue()
            if not request.path.startswith("/cgi-bin/comment/"):
                return Response(404, {"errcode": 404, "errmsg": "not found"})
            token = request.query.get("access_token")
            if token is None:
                return _err(41001, "access_token missing")
            if token != self.valid_token:
                return _err(40001, "invalid credential, access_token is invalid or not latest")
            if self.busy_next:
                self.busy_next -= 1
                return _err(-1, "system error")
            return self._comment_call(request.path, request.json())

    def _comment_call(self, path: str, body: Any) -> Response:
        if not isinstance(body, dict):
            return _err(40097, "invalid args")
        numbers = ("msg_data_id", "index", "begin", "count", "type", "user_comment_id")
        for name in numbers:
            if name in body and (type(body[name]) is not int):
                return _err(40097, f"invalid args: {name} must be a number")
        key = (body.get("msg_data_id"), body.get("index", 0))
        rows = self.articles.get(key)  # type: ignore[arg-type]
        if rows is None:
            return _err(88001, "msg_data is not exists")
        if path == "/cgi-bin/comment/list":
            return self._list(rows, body)
        target = next((r for r in rows if r.id == body.get("user_comment_id")), None)
        if target is None:
            return _err(88008, "comment is not exists")
        if path == "/cgi-bin/comment/reply/add":
            content = str(body.get("content", ""))
            if not content.strip():
                return _err(40097, "invalid args")
            self._now += 1
            target.reply, target.reply_time = content, self._now
        elif path == "/cgi-bin/comment/reply/delete":
            target.reply = None
        elif path == "/cgi-bin/comment/delete":
            rows.remove(target)
        elif path not in ("/cgi-bin/comment/markelect", "/cgi-bin/comment/unmarkelect"):
            return Response(404, {"errcode": 404, "errmsg": "not found"})
        return Response(200, {"errcode": 0})

    def _list(self, rows: list[_Row], body: dict[str, Any]) -> Response:
        begin, count = body.get("begin"), body.get("count")
        if not isinstance(begin, int) or not isinstance(count, int) or begin < 0:
            return _err(40097, "invalid args")
        if count >= 50 or count <= 0:
            return _err(40097, "invalid args: count")
        out = []
        for row in rows[begin : begin + count]:  # oldest first
            item: dict[str, Any] = {
                "user_comment_id": row.id,
                "create_time": row.create_time,
                "content": row.content,
                "comment_type": 0,
            }
            if row.openid is not None:
                item["openid"] = row.openid
            if row.reply is not None:
                item["reply"] = {"content": row.reply, "create_time": row.reply_time}
            out.append(item)
        return Response(200, {"errcode": 0, "total": len(rows), "comment": out})
