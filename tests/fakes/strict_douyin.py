"""A second Douyin fake, written from PLATFORM_APIS.md alone, that uses every freedom the contract leaves.

Unlike DouyinFake it: answers with cursors above 2**53 (or as opaque text); sends has_more as 0/1;
leaves comments under review out of a page after choosing it, so pages are short or empty before
the end, and lets them surface later with their original create_time; drops the optional
nick_name/avatar and sometimes create_time; orders by "recommended" unless sort_type asks for time;
rejects count outside 1-50; puts error codes in data, extra or sub_error_code (HTTP 200 or not);
and takes the token only from the `access-token` header unless told to read the query too.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import FakeServer, Hosted, Request, Response

OPEN_ID = "_000StrictOpenId+/="
CLIENT_KEY = "awstrictkey"
ITEM = "@8hxdhauTCMppanGnM4ltGM780mDqPP+KPpR0qQOmLVAXb/T060zdRmYqig357zEBq6CZRp4NVe6qLIJW/V/x1w=="
_CURSOR_BASE = 9_007_199_254_740_993  # 2**53 + 1: a float cannot hold the cursors that follow
_TEXTS = ("这个回应太敷衍了", "支持依法处理", "[赞]", "什么时候公布调查结果？", "已转发")


@dataclass
class _Row:
    id: str
    user: str
    content: str
    create_time: int
    review: bool = False  # under content review: not listed yet
    replies: list[_Row] = field(default_factory=list)


def _answer(
    payload: dict[str, Any], *, code: int = 0, where: str = "data", status: int = 200
) -> Response:
    data: dict[str, Any] = {"error_code": 0, "description": "", **payload}
    extra: dict[str, Any] = {"logid": "20260803", "now": 1_785_000_000_000, "error_code": 0}
    text = f"error {code}"
    if where == "data":
        data.update(error_code=code, description=text)
    elif where == "extra":
        extra.update(error_code=code, description=text)
    else:
        extra.update(sub_error_code=code, sub_description=text)
    return Response(status, {"data": data, "extra": extra})


class StrictDouyinFake(Hosted):
    """open.douyin.com as the contract allows it to behave; see the module docstring."""

    def __init__(
        self,
        *,
        seed: int = 1,
        cursor_style: str = "huge",  # "huge" (ints above 2**53) or "text"
        query_token: bool = False,
        max_page: int = 50,
        error_status: int = 200,
    ) -> None:
        self.rng = random.Random(seed)
        self.cursor_style = cursor_style
        self.query_token = query_token
        self.max_page = max_page
        self.error_status = error_status
        self.lock = threading.Lock()
        self.rows: list[_Row] = []  # oldest first
        self.tokens = {"act.strict-1": "ok"}
        self.refresh_tokens = {"rft.strict": "ok"}
        self.refreshes = 0
        self.rate_limit_next = 0
        self._seq = 0
        self._now = 1_785_000_000
        self.server = FakeServer(self.route)

    # -- data ------------------------------------------------------------------------------

    def _id(self, kind: str) -> str:
        self._seq += 1
        return f"@9{kind}{self._seq:07d}+x/Y=="

    def add(self, n: int, *, review_share: float = 0.1, reply_share: float = 0.1) -> None:
        """Add n comments; a share waits in review, a share gets 1-30 replies from others."""
        with self.lock:
            for _ in range(n):
                self._now += self.rng.randint(1, 20)
                row = _Row(
                    self._id("c"),
                    f"user{self.rng.randint(1, 9999)}",
                    self.rng.choice(_TEXTS),
                    self._now,
                    review=self.rng.random() < review_share,
                )
                if self.rng.random() < reply_share:
                    for _ in range(self.rng.randint(1, 30)):
                        row.replies.append(
                            _Row(
                                self._id("r"), f"user{self.rng.randint(1, 9999)}", "同意", self._now
                            )
                        )
                self.rows.append(row)

    def finish_review(self) -> int:
        """Every comment under review becomes visible, keeping its original create_time."""
        with self.lock:
            waiting = [r for r in self.rows if r.review]
            for row in waiting:
                row.review = False
            return len(waiting)

    def visible_ids(self) -> set[str]:
        """Every listed comment and reply id."""
        with self.lock:
            ids: set[str] = set()
            for row in self.rows:
                if not row.review:
                    ids.add(row.id)
                    ids.update(r.id for r in row.replies if not r.review)
            return ids

    def our_replies(self) -> list[_Row]:
        """Replies written with our open_id."""
        with self.lock:
            return [r for row in self.rows for r in row.replies if r.user == OPEN_ID]

    # -- routes ----------------------------------------------------------------------------

    def _fail(self, code: int, where: str = "data") -> Response:
        return _answer({}, code=code, where=where, status=self.error_status)

    def route(self, request: Request) -> Response:
        """Dispatch one request."""
        with self.lock:
            if request.path == "/oauth/refresh_token/":
                return self._refresh(request.form())
            token = request.headers.get("access-token", "")
            if not token and self.query_token:
                token = request.query.get("access_token", "")
            state = self.tokens.get(token)
            if state == "expired":
                return self._fail(28001008, "extra")
            if state != "ok":
                return self._fail(2190002)
            if request.query.get("open_id") != OPEN_ID:
                return self._fail(28001015, "sub")
            if self.rate_limit_next:
                self.rate_limit_next -= 1
                return self._fail(28003018, "sub")
            if request.method == "GET" and request.path == "/item/comment/list/":
                if request.query.get("item_id") != ITEM:
                    return self._fail(28001007)
                return self._page([r for r in self.rows], request)
            if request.method == "GET" and request.path == "/item/comment/reply/list/":
                parent = self._find(request.query.get("item_id"), request.query.get("comment_id"))
                if parent is None:
                    return self._fail(28001007)
                return self._page(parent.replies, request)
            if request.method == "POST" and request.path == "/item/comment/reply/":
                return self._reply(request.json())
        return Response(404, {"message": "not found"})

    def _find(self, item: str | None, comment_id: str | None) -> _Row | None:
        if item != ITEM:
            return None
        return next((r for r in self.rows if r.id == comment_id), None)

    def _cursor_out(self, offset: int) -> int | str:
        return _CURSOR_BASE + offset if self.cursor_style == "huge" else f"o{offset}:{ITEM[:6]}"

    def _cursor_in(self, raw: str) -> int | None:
        if raw in ("", "0"):
            return 0
        if self.cursor_style == "huge":
            return int(raw) - _CURSOR_BASE if raw.isdigit() and int(raw) >= _CURSOR_BASE else None
        head = raw.split(":", 1)[0]
        return int(head[1:]) if head.startswith("o") and head[1:].isdigit() else None

    def _page(self, rows: list[_Row], request: Request) -> Response:
        raw_count = request.query.get("count", "")
        if not raw_count.isdigit() or not 1 <= int(raw_count) <= self.max_page:
            return self._fail(28001007)
        offset = self._cursor_in(request.query.get("cursor", "0"))
        if offset is None:
            return self._fail(28001007)
        sort = request.query.get("sort_type", "")
        if sort == "time":
            ordered = rows[::-1]
        elif sort == "time_asc":
            ordered = list(rows)
        else:  # "recommended": an order of the platform's choosing
            ordered = sorted(rows, key=lambda r: hash((r.id, self.rng.random())))
        count = int(raw_count)
        chosen = ordered[offset : offset + count]
        listed = []
        for row in chosen:
            if row.review:
                continue  # dropped after the page was chosen: short (or empty) pages
            item: dict[str, Any] = {
                "comment_id": row.id,
                "comment_user_id": row.user,
                "content": row.content,
                "digg_count": len(row.content),
                "reply_comment_total": len(row.replies),
                "top": False,
                "unknown_future_field": {"x": 1},
            }
            serial = int(row.id[3:10])
            if serial % 9:  # usually present; sometimes left out
                item["create_time"] = row.create_time
            if serial % 2:
                item["nick_name"] = f"网友{row.user[-3:]}"
            listed.append(item)
        more = offset + count < len(ordered)
        return _answer(
            {
                "cursor": self._cursor_out(offset + len(chosen)),
                "has_more": int(more),
                "list": listed,
            }
        )

    def _reply(self, body: Any) -> Response:
        if not isinstance(body, dict) or not str(body.get("content", "")).strip():
            return self._fail(28001007)
        parent = self._find(str(body.get("item_id")), str(body.get("comment_id", "")))
        if parent is None:
            return self._fail(28001007)
        self._now += 1
        reply = _Row(self._id("o"), OPEN_ID, str(body["content"]), self._now)
        parent.replies.append(reply)
        return _answer({"comment_id": reply.id})

    def _refresh(self, form: dict[str, str]) -> Response:
        self.refreshes += 1
        if form.get("client_key") != CLIENT_KEY or form.get("grant_type") != "refresh_token":
            return _answer({}, code=10005)
        if self.refresh_tokens.get(form.get("refresh_token", "")) != "ok":
            return _answer({}, code=10010)
        token = f"act.strict-{self.refreshes + 1}"
        self.tokens[token] = "ok"
        return _answer(
            {
                "access_token": token,
                "expires_in": 1296000,
                "open_id": OPEN_ID,
                "refresh_token": form["refresh_token"],
                "refresh_expires_in": 86400 * 20,
                "scope": "item.comment",
            }
        )
