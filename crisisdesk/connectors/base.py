"""The connector contract: plain records, the Connector ABC, token sources and cursor helpers."""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol

from crisisdesk.connectors.errors import PermanentError, ReplyRejected
from crisisdesk.domain import Platform

TokenBundle = dict[str, Any]


@dataclass(frozen=True, slots=True)
class RemotePost:
    """A post/article/video of ours that comments hang under."""

    external_id: str
    title: str
    text: str
    url: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class RemoteComment:
    """One comment as the platform gave it; created_at is timezone-aware UTC."""

    external_id: str
    post_external_id: str | None
    parent_external_id: str | None
    author_id: str
    author_name: str
    text: str
    created_at: datetime
    like_count: int = 0
    post_title: str | None = None
    # True when the account itself wrote it (our replies showing up in a thread).
    is_own: bool = False
    # Our reply already on the platform (WeChat returns it inside the comment), if any.
    reply_text: str | None = None


@dataclass(frozen=True, slots=True)
class FetchPage:
    """One step of a fetch; commit comments together with cursor, then call fetch(scope, cursor).

    done=True means the scope is caught up for now: wait for the next poll before fetching again.
    """

    comments: list[RemoteComment]
    posts: list[RemotePost]
    cursor: str
    done: bool


@dataclass(frozen=True, slots=True)
class SentReply:
    """A reply the platform holds."""

    external_id: str
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class AccountCheck:
    """The result of checking an account's authorisation and quota."""

    ok: bool
    identity: str
    token_expires_at: datetime | None
    refresh_expires_at: datetime | None
    rate_limit_remaining: int | None
    message: str


class TokenSource(Protocol):
    """Where a connector reads and writes its account's token bundle (the keyring in production)."""

    def load(self) -> TokenBundle | None:
        """Return the stored bundle, or None when nothing is stored."""

    def save(self, bundle: TokenBundle) -> None:
        """Replace the stored bundle."""


class MemoryTokens:
    """A TokenSource held in memory (simulator, tests, one-off CLI use)."""

    def __init__(self, bundle: TokenBundle | None = None) -> None:
        self._lock = threading.Lock()
        self._bundle = dict(bundle) if bundle is not None else None

    def load(self) -> TokenBundle | None:
        """Return a copy of the bundle."""
        with self._lock:
            return dict(self._bundle) if self._bundle is not None else None

    def save(self, bundle: TokenBundle) -> None:
        """Replace the bundle."""
        with self._lock:
            self._bundle = dict(bundle)


class Connector(ABC):
    """Speaks one platform's API for one account; no database, no Qt, typed errors only."""

    platform: ClassVar[Platform]
    # Seconds between polls the platform asks for (Weibo: 2-3 minutes); the sync service may go slower.
    poll_interval: ClassVar[float] = 120.0
    # After a lost send, how long a reply may take to become visible (content review) before
    # find_reply returning None can be trusted; the sync service waits at least this long.
    reply_settle_seconds: ClassVar[float] = 0.0

    @property
    def reply_limit(self) -> int | None:
        """Longest reply the platform accepts, in characters (None: no known limit)."""
        return self.platform.reply_limit

    @abstractmethod
    def scopes(self) -> list[str]:
        """The independent streams to sync, each with its own cursor (e.g. one per watched article)."""

    @abstractmethod
    def fetch(self, scope: str, cursor: str | None) -> FetchPage:
        """Fetch one page of scope from cursor (None: start); never loses a comment across crashes."""

    @abstractmethod
    def post_reply(
        self,
        *,
        comment_external_id: str,
        post_external_id: str | None,
        text: str,
        idempotency_key: str,
    ) -> SentReply:
        """Send one reply; a lost response raises Transient, then find_reply tells what happened."""

    @abstractmethod
    def find_reply(
        self, *, comment_external_id: str, post_external_id: str | None, text: str
    ) -> SentReply | None:
        """Ask the platform whether our reply with this text to this comment already exists."""

    @abstractmethod
    def check(self) -> AccountCheck:
        """Check the authorisation and quota of the account."""

    def close(self) -> None:
        """Release network resources (sessions); the default holds none."""
        return None

    def check_reply_text(self, text: str) -> str:
        """Return the reply text stripped, or raise ReplyRejected when empty or too long."""
        stripped = text.strip()
        if not stripped:
            raise ReplyRejected("回复内容为空，未发送。", hint="请填写回复内容后再发送。")
        limit = self.reply_limit
        if limit is not None and len(stripped) > limit:
            raise ReplyRejected(
                f"回复内容共 {len(stripped)} 字，超过{self.platform.label}单条回复 {limit} 字的上限，未发送。",
                hint=f"请删减至 {limit} 字以内后再发送。",
            )
        return stripped


def encode_cursor(state: dict[str, Any]) -> str:
    """Serialise cursor state as a stable, opaque JSON string."""
    return json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def decode_cursor(cursor: str | None) -> dict[str, Any]:
    """Parse a cursor made by encode_cursor; None or "" means start from the beginning."""
    if not cursor:
        return {}
    try:
        state = json.loads(cursor)
    except ValueError:
        state = None
    if not isinstance(state, dict):
        raise PermanentError(
            "同步位置记录无法识别，已停止本次同步。",
            hint="可在账号设置中重置同步位置，系统将从头拉取（已有评论不会重复入库）。",
        )
    return state


def utc_from_timestamp(seconds: float) -> datetime:
    """Convert unix seconds to an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, tz=UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(tz=UTC)
