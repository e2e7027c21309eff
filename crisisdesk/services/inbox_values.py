"""Inbox values free of SQL: the filter, the sort orders, keyset cursors and one table row.

Kept apart from the queries so the window can show the first rows before SQLAlchemy is loaded.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from crisisdesk.domain import CommentStatus
from crisisdesk.errors import UserFacingError

OPEN_STATUSES: tuple[str, ...] = (CommentStatus.NEW.value, CommentStatus.IN_PROGRESS.value)
ME = "me"
NOBODY = "none"


@dataclass(frozen=True, slots=True)
class InboxFilter:
    """What the inbox shows; every field narrows it, empty fields do not."""

    query: str = ""
    accounts: tuple[int, ...] = ()
    platforms: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    assignee: int | str | None = None  # operator id, "me" or "none"
    assignee_role: str | None = None
    since: datetime | None = None  # created_at >= since
    until: datetime | None = None  # created_at < until
    watch_word: str | None = None
    watch_hit: bool = False  # any watch-word at all
    wave_id: int | None = None
    in_wave: bool = False
    incident_id: int | None = None
    overdue: bool = False
    due_within_hours: float | None = None  # open and due within this many hours (at risk)
    reply_states: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    min_priority: int | None = None

    def with_(self, **changes: Any) -> InboxFilter:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form kept in a saved view (only the fields that are set)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "", (), False):
                continue
            key = _DICT_KEYS.get(f.name, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InboxFilter:
        """Read a saved view's filters; unknown keys are ignored, bad values refused."""
        names = {f.name for f in fields(cls)}
        reverse = {v: k for k, v in _DICT_KEYS.items()}
        values: dict[str, Any] = {}
        for key, raw in data.items():
            name = reverse.get(key, key)
            if name not in names or raw is None:
                continue
            try:
                values[name] = _coerce(name, raw)
            except (TypeError, ValueError) as exc:
                raise UserFacingError(f"筛选条件“{key}”的取值无效：{raw!r}") from exc
        return cls(**values)


# Saved views written before this module used the singular names of the built-in views.
_DICT_KEYS = {
    "accounts": "account",
    "platforms": "platform",
    "sentiments": "sentiment",
    "intents": "intent",
    "statuses": "status",
    "reply_states": "reply_state",
    "tags": "tag",
    "wave_id": "wave",
    "incident_id": "incident",
    "assignee_role": "role",
}
_TUPLE_INT = {"accounts"}
_TUPLE_STR = {"platforms", "sentiments", "intents", "statuses", "reply_states", "tags"}
_INT = {"wave_id", "incident_id", "min_priority"}
_BOOL = {"watch_hit", "in_wave", "overdue"}


def _coerce(name: str, raw: Any) -> Any:
    items = raw if isinstance(raw, list | tuple) else [raw]
    if name in _TUPLE_INT:
        return tuple(int(v) for v in items)
    if name in _TUPLE_STR:
        return tuple(str(v) for v in items)
    if name in _INT:
        return int(raw)
    if name in _BOOL:
        return bool(raw)
    if name in ("since", "until"):
        moment = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
        if moment.tzinfo is None:
            raise ValueError("naive time")
        return moment
    if name == "due_within_hours":
        return float(raw)
    if name == "assignee":
        return raw if raw in (ME, NOBODY) else int(raw)
    return str(raw)


class Sort(StrEnum):
    """Inbox orders; each is total (ties broken by id), so keyset pages never repeat or skip."""

    NEWEST = "newest"
    OLDEST = "oldest"
    PRIORITY = "priority"  # urgent first, then newest
    DUE = "due"  # earliest deadline first
    WAVE_SIZE = "wave_size"  # members of the biggest waves first, then everything else newest

    @property
    def label(self) -> str:
        return {
            "newest": "最新在前",
            "oldest": "最早在前",
            "priority": "优先级",
            "due": "回复时限",
            "wave_size": "集中发帖规模",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Cursor:
    """A keyset position: the segment and the sort key of the last row passed."""

    segment: int
    values: tuple[Any, ...] = field(default_factory=tuple)

    def encode(self) -> str:
        """An opaque string for the UI to hand back."""
        payload = [self.segment, [_enc(v) for v in self.values]]
        raw = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        """Read an encoded cursor; a damaged one is refused clearly."""
        try:
            segment, values = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
            return cls(int(segment), tuple(_dec(v) for v in values))
        except (ValueError, TypeError) as exc:
            raise UserFacingError("列表位置标记无效，请重新加载收件箱。") from exc


def _enc(value: Any) -> Any:
    return {"t": value.isoformat()} if isinstance(value, datetime) else value


def _dec(value: Any) -> Any:
    if isinstance(value, dict):
        return datetime.fromisoformat(str(value["t"]))
    if value is None or isinstance(value, int | float | str):
        return value
    raise TypeError("bad cursor value")


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One line of the inbox table: every column the pane shows, plain values only."""

    id: int
    created_at: datetime
    platform: str
    account_id: int
    account_name: str
    author_name: str
    text: str  # exactly as received; show it as plain text
    sentiment: str
    intent: str
    watch_words: tuple[str, ...]
    wave_id: int | None
    wave_size: int
    status: str
    priority: int
    assignee_id: int | None
    assignee_name: str | None
    assignee_role: str | None
    incident_id: int | None
    tags: tuple[str, ...]
    due_at: datetime | None
    seconds_left: float | None  # None once the comment is closed; negative when overdue
    like_count: int
    version: int  # hand back to triage actions: the optimistic lock

    @property
    def overdue(self) -> bool:
        return self.seconds_left is not None and self.seconds_left < 0


def time_left(due_at: datetime | None, status: str, now: datetime) -> float | None:
    """Seconds until the response deadline of an open comment (negative: overdue)."""
    if due_at is None or status not in OPEN_STATUSES:
        return None
    return (due_at - now).total_seconds()


def inbox_row(
    r: Sequence[Any], *, watch_words: Sequence[str], tags: Sequence[str], now: datetime
) -> InboxRow:
    """An InboxRow from the columns id, created_at, platform, account_id, account name,
    author_name, text, sentiment, intent, wave_id, wave size, status, priority, assignee_id,
    assignee name, assignee_role, incident_id, due_at, like_count, version (in that order)."""
    return InboxRow(
        id=r[0], created_at=r[1], platform=r[2], account_id=r[3], account_name=r[4],
        author_name=r[5], text=r[6], sentiment=r[7], intent=r[8],
        watch_words=tuple(watch_words), wave_id=r[9], wave_size=int(r[10] or 0),
        status=r[11], priority=r[12], assignee_id=r[13], assignee_name=r[14],
        assignee_role=r[15], incident_id=r[16], tags=tuple(tags),
        due_at=r[17], seconds_left=time_left(r[17], r[11], now), like_count=r[18],
        version=r[19],
    )  # fmt: skip
