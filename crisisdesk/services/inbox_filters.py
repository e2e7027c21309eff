"""Inbox filters and sort orders as values, and the SQL conditions and keyset orders they mean."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, select, true, tuple_

from crisisdesk.domain import CommentStatus
from crisisdesk.errors import UserFacingError
from crisisdesk.storage.schema import Comment, CommentTag, Reply, Tag, WatchHitRow, Wave, utcnow
from crisisdesk.storage.search import match_condition

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


def conditions(
    flt: InboxFilter,
    *,
    dialect: str,
    me: int | None,
    now: datetime | None = None,
    drive_search: bool = True,
    for_page: bool = False,
) -> list[ColumnElement[bool]]:
    """The WHERE conditions on Comment for a filter (me: the operator asking, for "me")."""
    c = Comment
    now = now or utcnow()
    out: list[ColumnElement[bool]] = []
    if flt.accounts:
        out.append(c.account_id.in_(flt.accounts))
    if flt.platforms:
        out.append(c.platform.in_(flt.platforms))
    if flt.sentiments:
        out.append(c.sentiment.in_(flt.sentiments))
    if flt.intents:
        out.append(c.intent.in_(flt.intents))
    if flt.statuses:
        out.append(c.status.in_(flt.statuses))
    if flt.assignee == ME:
        # Nobody is "me" when the asker is unknown: an empty result, not everyone's work.
        out.append(c.assignee_id == me if me is not None else c.id.is_(None))
    elif flt.assignee == NOBODY:
        out.append(and_(c.assignee_id.is_(None), c.assignee_role.is_(None)))
    elif isinstance(flt.assignee, int):
        out.append(c.assignee_id == flt.assignee)
    if flt.assignee_role:
        out.append(c.assignee_role == flt.assignee_role)
    if flt.since is not None:
        out.append(c.created_at >= flt.since)
    if flt.until is not None:
        out.append(c.created_at < flt.until)
    if flt.watch_word:
        out.append(
            c.id.in_(select(WatchHitRow.comment_id).where(WatchHitRow.word == flt.watch_word))
        )
    if flt.watch_hit:
        # Hits are rare: the hit table drives, not a scan of every comment.
        out.append(c.id.in_(select(WatchHitRow.comment_id)))
    if flt.wave_id is not None:
        out.append(c.wave_id == flt.wave_id)
    if flt.in_wave:
        out.append(c.wave_id.is_not(None))
    if flt.incident_id is not None:
        out.append(c.incident_id == flt.incident_id)
    # A count wants the (status, due_at) index; a page in time order must not sort every
    # overdue row to show 200, so there the deadline is tested row by row (not indexable).
    due: Any = func.coalesce(c.due_at, c.due_at) if for_page else c.due_at
    if flt.overdue:
        out.append(and_(due < now, c.status.in_(OPEN_STATUSES)))
    if flt.due_within_hours is not None:
        horizon = now + timedelta(hours=flt.due_within_hours)
        out.append(and_(due >= now, due < horizon, c.status.in_(OPEN_STATUSES)))
    # Replies and tags are few next to comments: their tables lead (no probe per comment).
    if flt.reply_states:
        out.append(c.id.in_(select(Reply.comment_id).where(Reply.state.in_(flt.reply_states))))
    if flt.tags:
        out.append(
            c.id.in_(
                select(CommentTag.comment_id)
                .join(Tag, Tag.id == CommentTag.tag_id)
                .where(Tag.name.in_(flt.tags))
            )
        )
    if flt.min_priority is not None:
        out.append(c.priority >= flt.min_priority)
    if flt.query.strip():
        found = match_condition(dialect, flt.query, c.id, drive=drive_search)
        if found is not None:
            out.append(found)
    return out


# --- sort orders and keyset positions --------------------------------------------------------


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
class Segment:
    """A part of an order: rows meeting `where`, ordered by `keys` all in one direction."""

    where: ColumnElement[bool]
    keys: tuple[Any, ...]
    descending: bool
    join_waves: bool = False


def segments(sort: Sort) -> list[Segment]:
    """The segments of an order, first to last (most orders have one)."""
    c = Comment
    if sort is Sort.NEWEST:
        return [Segment(true(), (c.created_at, c.id), True)]
    if sort is Sort.OLDEST:
        return [Segment(true(), (c.created_at, c.id), False)]
    if sort is Sort.PRIORITY:
        return [Segment(true(), (c.priority, c.created_at, c.id), True)]
    if sort is Sort.DUE:
        return [
            Segment(c.due_at.is_not(None), (c.due_at, c.id), False),
            Segment(c.due_at.is_(None), (c.created_at, c.id), True),
        ]
    return [
        # Served wave by wave (inbox_paging); the keys are what its cursor holds.
        Segment(c.wave_id.is_not(None), (Wave.size, c.wave_id, c.id), True, join_waves=True),
        Segment(c.wave_id.is_(None), (c.created_at, c.id), True),
    ]


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


def segment_select(
    seg: Segment,
    where: Sequence[ColumnElement[bool]],
    *,
    backward: bool,
    after: tuple[Any, ...] | None,
    limit: int,
) -> Select[Any]:
    """One page of (id, *sort keys) from one segment, walking forward or backward."""
    c = Comment
    stmt = select(c.id, *seg.keys)
    if seg.join_waves:
        stmt = stmt.join(Wave, Wave.id == c.wave_id)
    stmt = stmt.where(seg.where, *where)
    descending = seg.descending != backward
    bound = keyset_condition(seg, after, descending)
    if bound is not None:
        stmt = stmt.where(bound)
    order = [k.desc() if descending else k.asc() for k in seg.keys]
    return stmt.order_by(*order).limit(limit)


def keyset_condition(
    seg: Segment, after: tuple[Any, ...] | None, descending: bool
) -> ColumnElement[bool] | None:
    """Rows strictly past a keyset position in the walking direction (None: from the start)."""
    if after is None:
        return None
    row = tuple_(*seg.keys)
    bound = tuple_(*(literal(v, k.type) for k, v in zip(seg.keys, after, strict=True)))
    found: ColumnElement[bool] = row < bound if descending else row > bound
    return found


def count_select(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """SELECT count(*) over the filtered comments."""
    return select(func.count()).select_from(Comment).where(*where)
