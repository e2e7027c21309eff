"""Plays a scripted crisis scenario through the Connector interface, in real time or compressed."""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from crisisdesk.connectors.base import (
    AccountCheck,
    Connector,
    FetchPage,
    RemoteComment,
    RemotePost,
    SentReply,
    decode_cursor,
    encode_cursor,
    utc_from_timestamp,
)
from crisisdesk.connectors.errors import PermanentError
from crisisdesk.connectors.scenario import Scenario, ScriptedComment, expand, load_scenario
from crisisdesk.domain import Platform, Sentiment

PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class RecordedReply:
    """A reply the trainee sent during the drill, with how long after the comment it came."""

    reply: SentReply
    comment_external_id: str
    text: str
    response_seconds: float  # scenario time between the comment and the reply


class SimulatorConnector(Connector):
    """One scenario account; comments appear when the (virtual) clock reaches their scripted time.

    Timestamps are, by default, when each comment arrives (start + offset / speed): a live
    console must never hold comments dated in its future, where the live chart, the alert
    rules and the reply deadlines would not see them until the clock caught up. Setting
    `timestamps: scenario` dates them start + scripted offset instead, so a 3-hour crisis
    played at 60x shows a 3-hour curve when reviewed afterwards. virtual_now() gives the
    scenario's current time either way.
    """

    platform: ClassVar[Platform] = Platform.SIMULATOR
    poll_interval: ClassVar[float] = 2.0

    def __init__(
        self,
        *,
        settings: Mapping[str, Any],
        scenario: Scenario | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.scenario = scenario or load_scenario(str(settings.get("scenario", "")))
        self.speed = float(settings.get("speed", 1.0))
        if self.speed <= 0:
            raise PermanentError(
                "演练倍速应大于 0。", hint="例如 1（实时）或 60（一分钟演一小时）。"
            )
        keys = [a.key for a in self.scenario.accounts]
        self.account = str(settings.get("account") or keys[0])
        if self.account not in keys:
            raise PermanentError(
                f"演练脚本中没有账号“{self.account}”。", hint=f"可选账号：{'、'.join(keys)}。"
            )
        self.imitates = next(a.platform for a in self.scenario.accounts if a.key == self.account)
        self.clock = clock
        self.started = float(settings.get("started_at", clock()))
        stamps = str(settings.get("timestamps", "arrival"))
        if stamps not in ("arrival", "scenario"):
            raise PermanentError(
                f"无法识别的演练时间方式：{stamps}",
                hint="可选 arrival（按到达时间，默认）或 scenario（按脚本时间）。",
            )
        self._stamp_scale = 1.0 / self.speed if stamps == "arrival" else 1.0
        self.page_size = int(settings.get("page_size", PAGE_SIZE))
        seed = settings.get("seed")
        self.timeline: list[ScriptedComment] = [
            c
            for c in expand(self.scenario, int(seed) if seed is not None else None)
            if c.account == self.account
        ]
        self._offsets = [c.offset for c in self.timeline]
        self._by_id = {c.external_id: c for c in self.timeline}
        self._posts = {p.id: p for p in self.scenario.posts if p.account == self.account}
        self._lock = threading.Lock()
        self.replies: list[RecordedReply] = []

    @property
    def reply_limit(self) -> int | None:
        """The limit of the platform the scenario account imitates, so drills train the real limit."""
        return self.imitates.reply_limit

    @property
    def label(self) -> str:
        """The account name the scenario gives."""
        return next(a.name for a in self.scenario.accounts if a.key == self.account)

    def elapsed(self) -> float:
        """Scenario seconds since the start."""
        return max(0.0, (self.clock() - self.started) * self.speed)

    def virtual_now(self) -> datetime:
        """The scenario's current time."""
        return self._at(self.elapsed())

    def _at(self, offset: float) -> datetime:
        return utc_from_timestamp(self.started) + timedelta(seconds=offset)

    def _stamp(self, offset: float) -> datetime:
        """The time a comment, post or reply at this scenario offset is dated."""
        return self._at(offset * self._stamp_scale)

    def finished(self) -> bool:
        """True once the scripted duration has passed."""
        return self.elapsed() >= self.scenario.duration * 60

    def expected_sentiment(self, external_id: str) -> Sentiment | None:
        """The sentiment the script wrote a comment with (for comparing the analysis in review)."""
        scripted = self._by_id.get(external_id)
        return scripted.sentiment if scripted else None

    def scopes(self) -> list[str]:
        """One stream: the account's timeline."""
        return [self.account]

    def fetch(self, scope: str, cursor: str | None) -> FetchPage:
        """Comments whose scripted time has come, oldest first, from the cursor's position."""
        if scope != self.account:
            raise PermanentError(f"未知的演练范围：{scope}", hint="请重新选择演练账号。")
        state = decode_cursor(cursor)
        if state.get("scenario", self.scenario.id) != self.scenario.id:
            state = {}
        start = int(state.get("i", 0))
        due = bisect.bisect_right(self._offsets, self.elapsed())
        stop = min(due, start + self.page_size)
        batch = self.timeline[start:stop]
        elapsed = self.elapsed()
        needed = {c.post for c in batch}
        posts = [
            RemotePost(p.id, p.title, p.text, None, self._stamp(p.at * 60))
            for p in self._posts.values()
            if p.id in needed or (start == 0 and p.at * 60 <= elapsed)
        ]
        comments = [self._comment(c) for c in batch]
        next_cursor = encode_cursor({"scenario": self.scenario.id, "i": max(start, stop)})
        return FetchPage(comments, posts, next_cursor, done=stop >= due)

    def _comment(self, c: ScriptedComment) -> RemoteComment:
        post = self._posts.get(c.post)
        return RemoteComment(
            external_id=c.external_id,
            post_external_id=c.post,
            parent_external_id=None,
            author_id=c.author_id,
            author_name=c.author_name,
            text=c.text,
            created_at=self._stamp(c.offset),
            like_count=0,
            post_title=post.title if post else None,
        )

    def post_reply(
        self,
        *,
        comment_external_id: str,
        post_external_id: str | None,
        text: str,
        idempotency_key: str,
    ) -> SentReply:
        """Record the reply and how quickly (in scenario time) it answered the comment."""
        body = self.check_reply_text(text)
        scripted = self._by_id.get(comment_external_id)
        if scripted is None:
            raise PermanentError("演练中没有这条评论。", hint="请刷新收件箱后重试。")
        with self._lock:
            for recorded in self.replies:
                if recorded.comment_external_id == comment_external_id and recorded.text == body:
                    return recorded.reply
            now = self.elapsed()
            reply = SentReply(f"sim-reply-{len(self.replies) + 1}", self._stamp(now))
            self.replies.append(
                RecordedReply(reply, comment_external_id, body, max(0.0, now - scripted.offset))
            )
            return reply

    def find_reply(
        self, *, comment_external_id: str, post_external_id: str | None, text: str
    ) -> SentReply | None:
        """The recorded reply with this text to this comment, if any."""
        with self._lock:
            for recorded in self.replies:
                if (
                    recorded.comment_external_id == comment_external_id
                    and recorded.text == text.strip()
                ):
                    return recorded.reply
        return None

    def check(self) -> AccountCheck:
        """Always reachable; says which scenario plays at which speed."""
        return AccountCheck(
            ok=True,
            identity=f"{self.label}（模拟）",
            token_expires_at=None,
            refresh_expires_at=None,
            rate_limit_remaining=None,
            message=f"模拟演练：{self.scenario.title}，{self.speed:g} 倍速。",
        )
