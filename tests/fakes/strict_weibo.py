"""A second Weibo fake, written from PLATFORM_APIS.md alone, that uses every freedom the contract leaves.

Unlike WeiboFake it: gives ids above 2**53, sometimes only as a JSON number and sometimes only as a
string; leaves out optional fields (idstr, user, status, created_at); writes times in several
offsets; drops hidden comments from a page after choosing it (short pages long before the end);
caps `count` silently; sends next_cursor as 0 (or not at all) whatever remains; reports errors as
`error_code` strings, optionally with HTTP 200; accepts the token only where it is told to; and
requires `rip` on comments/create (and on comments/reply when asked).
"""

from __future__ import annotations

import bisect
import itertools
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from tests.fakes.server import FakeServer, Hosted, Request, Response

UID = 7_300_000_000_000_000_001  # larger than 2**53: a float would corrupt it
TOKEN = "2.00StrictWeiboToken"
POSTS = {
    9_100_000_000_000_000_011: "关于全市供水管网检修的通告",
    9_100_000_000_000_000_029: "防汛提示",
}
_OFFSETS = (8, 8, 8, 0, -5)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_TEXTS = ("停水到几点？", "我们小区也没水了", "希望早点恢复", "能不能提前通知？！", "辛苦维修师傅")


def _weibo_time(moment: datetime, hours: int) -> str:
    local = moment.astimezone(timezone(timedelta(hours=hours)))
    sign = "+" if hours >= 0 else "-"
    return (
        f"{_WEEKDAYS[local.weekday()]} {_MONTHS[local.month - 1]} {local.day:02d} "
        f"{local:%H:%M:%S} {sign}{abs(hours):02d}00 {local.year}"
    )


@dataclass
class _Row:
    id: int
    post: int
    author: int
    text: str
    at: datetime
    parent: int | None = None
    hidden: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class StrictWeiboFake(Hosted):
    """api.weibo.com as the contract allows it to behave; see the module docstring."""

    def __init__(
        self,
        *,
        seed: int = 1,
        auth_mode: str = "either",  # "param", "header" or "either"
        max_count: int = 30,
        next_cursor: str = "zero",  # "zero", "omit" or "honest"
        errors_in_200: bool = False,
        rip_on_reply: bool = True,
        hourly_limit: int = 1_000_000,
        chaos: float = 0.0,
    ) -> None:
        self.rng = random.Random(seed)
        self.auth_mode = auth_mode
        self.max_count = max_count
        self.next_cursor = next_cursor
        self.errors_in_200 = errors_in_200
        self.rip_on_reply = rip_on_reply
        self.hourly_limit = hourly_limit
        # After a list request, the chance that the next one meets a fault (see _maybe_fault).
        self.chaos = chaos
        self.faults_queued = 0
        self.calls = 0
        self.lock = threading.Lock()
        self.rows: dict[int, _Row] = {}
        self.order: list[int] = []  # ascending ids
        self._last_id = 9_200_000_000_000_000_000
        self._now = datetime(2026, 8, 3, 9, 0, tzinfo=UTC)
        self.rips: list[str] = []
        self.server = FakeServer(self.route)

    # -- data ------------------------------------------------------------------------------

    def _new_id(self) -> int:
        # Increasing but far apart and irregular, as Weibo's are.
        self._last_id += self.rng.randint(1, 5_000_000_000)
        return self._last_id

    def add(self, n: int, *, post: int | None = None, hidden_share: float = 0.15) -> list[str]:
        """Add n comments (a share of them hidden from lists); returns the visible ids."""
        visible = []
        with self.lock:
            for _ in range(n):
                self._now += timedelta(seconds=self.rng.randint(0, 9))
                row = _Row(
                    id=self._new_id(),
                    post=post or self.rng.choice(list(POSTS)),
                    author=3_000_000_000 + self.rng.randint(0, 99_999),
                    text=self.rng.choice(_TEXTS) + f" {self.rng.randint(0, 10**6)}",
                    at=self._now,
                    hidden=self.rng.random() < hidden_share,
                    extra={"floor_number": self.rng.randint(1, 999), "rootid": self._last_id},
                )
                self.rows[row.id] = row
                self.order.append(row.id)
                if not row.hidden:
                    visible.append(str(row.id))
        return visible

    def visible_ids(self, *, post: int | None = None) -> set[str]:
        """Ids a client can list: comments/to_me's (post None, ours excluded) or one post's."""
        with self.lock:
            return {
                str(i)
                for i, r in self.rows.items()
                if not r.hidden and (r.post == post if post is not None else r.author != UID)
            }

    def replies(self) -> list[_Row]:
        """Our own replies, oldest first."""
        with self.lock:
            return [self.rows[i] for i in self.order if self.rows[i].author == UID]

    # -- JSON ------------------------------------------------------------------------------

    def _json(self, row: _Row) -> dict[str, Any]:
        style = row.id % 7
        body: dict[str, Any] = {"text": row.text, "mid": str(row.id), **row.extra}
        # Ids: both forms, only the number, or only the string.
        if style in (0, 1, 2):
            body.update(id=row.id, idstr=str(row.id))
        elif style in (3, 4):
            body["id"] = row.id
        else:
            body["id"] = str(row.id)
        if style != 6:
            body["created_at"] = _weibo_time(row.at, _OFFSETS[row.id % len(_OFFSETS)])
        if style != 4 or row.author == UID:
            body["user"] = {
                "id": row.author,
                "screen_name": f"网友{row.author % 10_000}",
                "verified": False,
                "followers_count": row.author % 500,
            }
        if style not in (1, 5):
            body["status"] = {
                "id": row.post,
                "text": POSTS[row.post],
                "created_at": _weibo_time(datetime(2026, 8, 3, tzinfo=UTC), 8),
            }
        if row.parent is not None and row.parent in self.rows:
            parent = self.rows[row.parent]
            body["reply_comment"] = {"id": parent.id, "idstr": str(parent.id), "text": parent.text}
        return body

    # -- routes ----------------------------------------------------------------------------

    def _error(self, request: Request, status: int, code: str, text: str) -> Response:
        body = {"request": request.path, "error_code": code, "error": text}
        return Response(200 if self.errors_in_200 else status, body)

    def _token_ok(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        by_header = header.startswith("OAuth2 ") and header[7:].strip() == TOKEN
        by_param = request.query.get("access_token") == TOKEN or (
            request.method == "POST" and request.form().get("access_token") == TOKEN
        )
        if self.auth_mode == "param":
            return by_param
        if self.auth_mode == "header":
            return by_header
        return by_param or by_header

    def route(self, request: Request) -> Response:
        """Dispatch one request."""
        if request.path == "/oauth2/access_token":
            return self._error(request, 400, "21325", "invalid_grant")
        if not self._token_ok(request):
            return self._error(request, 403, "10006", "source paramter(appkey) is missing")
        with self.lock:
            self.calls += 1
            if self.calls > self.hourly_limit:
                return self._error(request, 403, "10023", "User requests out of rate limit!")
            if request.method == "GET" and request.path == "/2/comments/to_me.json":
                self._maybe_fault()
                return self._list(request, None)
            if request.method == "GET" and request.path == "/2/comments/show.json":
                post = request.query.get("id", "")
                if not post.isdigit() or int(post) not in POSTS:
                    return self._error(request, 400, "20101", "target weibo does not exist!")
                self._maybe_fault()
                return self._list(request, int(post))
            if request.method == "POST" and request.path in (
                "/2/comments/create.json",
                "/2/comments/reply.json",
            ):
                return self._write(request)
            if request.path == "/2/account/rate_limit_status.json":
                left = max(0, self.hourly_limit - self.calls)
                return Response(
                    200,
                    {
                        "ip_limit": 10_000,
                        "remaining_ip_hits": 9_000,
                        "user_limit": self.hourly_limit,
                        "remaining_user_hits": left,
                        "reset_time": "2026-08-03 10:00:00",
                        "reset_time_in_seconds": 1800,
                    },
                )
        return self._error(request, 404, "10003", "request api not found")

    def _maybe_fault(self) -> None:
        """Queue a fault for the next list request, so faults land in the middle of a sync."""
        if not self.chaos or self.rng.random() >= self.chaos:
            return
        self.faults_queued += 1
        faults: list[tuple[str, dict[str, Any]]] = [
            ("status", {"status": 503}),
            ("html", {"status": 502}),
            ("html", {"status": 200}),
            ("reset", {}),
            ("malformed", {}),
            ("lose_response", {}),
            (
                "body",
                {
                    "status": 200 if self.errors_in_200 else 403,
                    "body": {
                        "error_code": "10023",
                        "error": "User requests out of rate limit!",
                    },
                },
            ),
        ]
        kind, extra = self.rng.choice(faults)
        self.server.inject(kind, path="/2/comments/", **extra)

    def _int(self, request: Request, name: str) -> int | None:
        raw = request.query.get(name, "")
        return int(raw) if raw.isdigit() else None

    def _list(self, request: Request, post: int | None) -> Response:
        count = min(self._int(request, "count") or 50, self.max_count)
        since = self._int(request, "since_id") or 0
        max_id = self._int(request, "max_id")  # inclusive, as on Weibo
        page = max(1, self._int(request, "page") or 1)
        lo = bisect.bisect_right(self.order, since)
        hi = len(self.order) if max_id is None else bisect.bisect_right(self.order, max_id)

        def newest_first() -> Iterator[int]:
            for k in range(hi - 1, lo - 1, -1):
                row = self.rows[self.order[k]]
                if (row.post == post) if post is not None else (row.author != UID):
                    yield row.id

        window = list(itertools.islice(newest_first(), page * count + 1))
        chosen = window[(page - 1) * count : page * count]
        # Hidden comments are dropped after the page is chosen: pages come back short.
        rows = [self._json(self.rows[i]) for i in chosen if not self.rows[i].hidden]
        remaining = len(window) > page * count
        body: dict[str, Any] = {
            "comments": rows,
            "previous_cursor": 0,
            "total_number": hi - lo,
            "hasvisible": any(self.rows[i].hidden for i in chosen),
            "marks": [],
        }
        if self.next_cursor == "zero":
            body.update(next_cursor=0, next_cursor_str="0")
        elif self.next_cursor == "honest":
            nxt = chosen[-1] - 1 if remaining and chosen else 0
            body.update(next_cursor=nxt, next_cursor_str=str(nxt))
        return Response(200, body)

    def _write(self, request: Request) -> Response:
        form = request.form()
        text = form.get("comment", "")
        post = form.get("id", "")
        reply = request.path.endswith("reply.json")
        if (not reply or self.rip_on_reply) and not form.get("rip"):
            return self._error(request, 400, "10008", "param rip is required")
        if not post.isdigit() or int(post) not in POSTS:
            return self._error(request, 400, "20101", "target weibo does not exist!")
        if not text.strip() or len(text) > 140:
            return self._error(request, 400, "20012", "Text too long")
        parent: int | None = None
        if reply:
            cid = form.get("cid", "")
            if not cid.isdigit() or int(cid) not in self.rows:
                return self._error(request, 400, "20201", "target weibo comment does not exist!")
            parent = int(cid)
            if form.get("without_mention") != "1":
                name = f"网友{self.rows[parent].author % 10_000}"
                text = f"回复@{name}:{text}"
        if any(r.text == text and r.parent == parent for r in self.rows.values()):
            return self._error(request, 400, "20019", "repeat content!")
        self.rips.append(form.get("rip", ""))
        self._now += timedelta(seconds=1)
        row = _Row(self._new_id(), int(post), UID, text, self._now, parent)
        self.rows[row.id] = row
        self.order.append(row.id)
        return Response(200, self._json(row))
