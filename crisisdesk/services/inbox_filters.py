"""Inbox filters and sort orders as values, and the SQL conditions and keyset orders they mean."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, select, true, tuple_

from crisisdesk.services.inbox_values import ME, NOBODY, OPEN_STATUSES, Cursor, InboxFilter, Sort
from crisisdesk.storage.schema import Comment, CommentTag, Reply, Tag, WatchHitRow, Wave, utcnow
from crisisdesk.storage.search import match_condition

# The values live in inbox_values (no SQL); named here too for the query modules.
__all__ = [
    "ME", "NOBODY", "OPEN_STATUSES", "Cursor", "InboxFilter", "Segment", "Sort", "conditions",
    "count_select", "keyset_condition", "segment_select", "segments",
]  # fmt: skip


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
