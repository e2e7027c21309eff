"""Keyset page walkers for the orders a single indexed query cannot serve quickly."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select, tuple_
from sqlalchemy.orm import Session

from crisisdesk.services.inbox_filters import (
    NOBODY,
    OPEN_STATUSES,
    InboxFilter,
    Segment,
    Sort,
    keyset_condition,
    segment_select,
)
from crisisdesk.storage.schema import Comment, Wave
from crisisdesk.storage.search import rowid_chunk

# Small waves are read together until their members add up to this many rows.
_WAVE_BATCH_ROWS = 2000
_WAVE_LIST_CHUNK = 500

Row = tuple[Any, ...]  # (id, *sort keys)


def segment_rows(
    session: Session,
    *,
    sort: Sort,
    step: int,
    seg: Segment,
    where: Sequence[ColumnElement[bool]],
    flt: InboxFilter,
    backward: bool,
    after: tuple[Any, ...] | None,
    limit: int,
) -> list[Row]:
    """Up to `limit` rows of one segment after the keyset position, in walking order."""
    if sort is Sort.WAVE_SIZE and step == 0:
        return _wave_rows(session, where, backward=backward, after=after, limit=limit)
    statuses = _statuses(flt)
    if len(statuses) > 1:
        # One ordered index range per status ((status, created_at) or (status, due_at)),
        # merged here: SQLite cannot keep an IN over two statuses in order, and would sort
        # every open comment to show 200 of them.
        parts = [
            list(
                session.execute(
                    segment_select(
                        seg, [*where, Comment.status == status], backward=backward, after=after,
                        limit=limit,
                    )
                )
            )
            for status in statuses
        ]  # fmt: skip
        descending = seg.descending != backward
        merged = heapq.merge(*parts, key=lambda r: tuple(r[1:]), reverse=descending)
        return [tuple(r) for _, r in zip(range(limit), merged, strict=False)]
    return [tuple(r) for r in session.execute(
        segment_select(seg, where, backward=backward, after=after, limit=limit)
    )]  # fmt: skip


def _statuses(flt: InboxFilter) -> tuple[str, ...]:
    """The statuses to walk one by one, when a filter limits them and nothing narrower leads."""
    if (
        flt.assignee not in (None, NOBODY)
        or flt.wave_id is not None
        or flt.incident_id is not None
        or flt.watch_word
        or flt.watch_hit
        or flt.reply_states
        or flt.tags
    ):
        return ()  # a narrower filter leads; its few rows are simply sorted
    wanted = flt.statuses
    if flt.overdue or flt.due_within_hours is not None:
        wanted = tuple(s for s in (wanted or OPEN_STATUSES) if s in OPEN_STATUSES)
    return tuple(dict.fromkeys(wanted))


def _wave_rows(
    session: Session,
    where: Sequence[ColumnElement[bool]],
    *,
    backward: bool,
    after: tuple[Any, ...] | None,
    limit: int,
) -> list[Row]:
    """Members of the biggest waves first, wave by wave, newest id first: keyed (size, wave, id)."""
    descending = not backward
    out: list[Row] = []
    position: tuple[int, int] | None = None
    if after is not None:
        size, wave_id, comment_id = (int(v) for v in after)
        beyond = Comment.id < comment_id if descending else Comment.id > comment_id
        out.extend(_members(session, [*where, beyond], [(wave_id, size)], descending, limit))
        position = (size, wave_id)
    while len(out) < limit:
        stmt = select(Wave.id, Wave.size)
        if position is not None:
            key, bound = tuple_(Wave.size, Wave.id), tuple_(*position)
            stmt = stmt.where(key < bound if descending else key > bound)
        order = (Wave.size.desc(), Wave.id.desc()) if descending else (Wave.size, Wave.id)
        waves = [
            (int(w), int(n))
            for w, n in session.execute(stmt.order_by(*order).limit(_WAVE_LIST_CHUNK))
        ]
        batch: list[tuple[int, int]] = []
        for i, (wave_id, size) in enumerate(waves):
            batch.append((wave_id, size))
            if sum(n for _, n in batch) >= _WAVE_BATCH_ROWS or i == len(waves) - 1:
                out.extend(_members(session, where, batch, descending, limit - len(out)))
                batch = []
                if len(out) >= limit:
                    break
        if len(waves) < _WAVE_LIST_CHUNK:
            break
        position = (waves[-1][1], waves[-1][0])
    return out[:limit]


def _members(
    session: Session,
    where: Sequence[ColumnElement[bool]],
    batch: list[tuple[int, int]],
    descending: bool,
    limit: int,
) -> list[Row]:
    """The filtered members of some waves, in keyset order (a big wave alone, with a limit)."""
    if limit <= 0 or not batch:
        return []
    sizes = dict(batch)
    stmt = select(Comment.id, Comment.wave_id).where(Comment.wave_id.in_(list(sizes)), *where)
    if len(batch) == 1:
        stmt = stmt.order_by(Comment.id.desc() if descending else Comment.id).limit(limit)
    found = [(int(c), sizes[w], w, int(c)) for c, w in session.execute(stmt) if w is not None]
    found.sort(key=lambda r: (r[1], r[2], r[3]), reverse=descending)
    return found[:limit]


def search_time_rows(
    session: Session,
    *,
    query: str,
    seg: Segment,
    where: Sequence[ColumnElement[bool]],
    backward: bool,
    after: tuple[Any, ...] | None,
    limit: int,
) -> list[Row]:
    """Newest (or oldest) matches of a common word, without collecting every match (SQLite).

    Matches are read from the index in id order, a growing chunk at a time. Ids follow
    arrival, which roughly follows time, so the newest matches come early; the walk stops
    once no unread comment (all have smaller ids) can be newer than the page's last row,
    which one step down the (created_at, id) index tells.
    """
    descending = seg.descending != backward
    c = Comment
    best: list[Row] = []
    before: int | None = None
    chunk = 1000
    while True:
        ids, count, edge_id, rest = rowid_chunk(
            session, query, before=before, descending=descending, limit=chunk
        )
        if count:
            sub = ids.subquery()
            # The chunk leads the join (a co-routine SQLite cannot probe): each candidate is
            # found by id and filtered, instead of walking a time or filter index.
            stmt = (
                select(c.id, *seg.keys)
                .select_from(sub.join(c, c.id == sub.c.rid))
                .where(*where, *([rest] if rest is not None else []))
            )
            bound = keyset_condition(seg, after, descending)
            if bound is not None:
                stmt = stmt.where(bound)
            # Sorted and cut in SQLite: building thousands of rows in Python costs more.
            order = [k.desc() if descending else k.asc() for k in seg.keys]
            stmt = stmt.order_by(*order).limit(limit)
            best.extend(tuple(r) for r in session.execute(stmt))
            best.sort(key=lambda r: tuple(r[1:]), reverse=descending)
            del best[limit:]
        if count < chunk or edge_id is None:
            return best
        before = edge_id
        if len(best) >= limit:
            beyond = (c.id + 0) < before if descending else (c.id + 0) > before
            edge = session.execute(
                select(c.created_at)
                .where(beyond)
                .order_by(c.created_at.desc() if descending else c.created_at)
                .limit(1)
            ).scalar()
            last = best[-1][1]
            if edge is None or (edge <= last if descending else edge >= last):
                return best
        chunk = min(chunk * 4, 16_000)
