"""The inbox's queries: filtered, sorted keyset pages of ids, rows built on demand, counts, views."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from crisisdesk.errors import UserFacingError
from crisisdesk.services.inbox_filters import conditions, count_select, segments
from crisisdesk.services.inbox_paging import search_time_rows, segment_rows
from crisisdesk.services.inbox_values import (
    Cursor,
    InboxFilter,
    InboxRow,
    Sort,
    inbox_row,
    time_left,
)
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import (
    Account,
    Comment,
    CommentTag,
    Operator,
    SavedView,
    Tag,
    WatchHitRow,
    Wave,
    utcnow,
)
from crisisdesk.storage.search import count_in_index, estimate_matches

if TYPE_CHECKING:
    from crisisdesk.services.inbox_detail import CommentDetail

__all__ = ["Inbox", "InboxFilter", "InboxRow", "Sort", "ViewInfo", "time_left"]

# SQLite allows 32,766 bound parameters; row lookups stay well under it.
_ROW_CHUNK = 900
# SQLite search plans by how many comments match (measured at 1M, docs/inbox.md): below
# RARE_MATCHES the matches are looked up and sorted; below VERY_COMMON_MATCHES the sort
# order's index is walked and each row tested; above, matches are read in id order in chunks.
RARE_MATCHES = 5_000
VERY_COMMON_MATCHES = 100_000


@dataclass(frozen=True, slots=True)
class ViewInfo:
    """A saved view (built-in or an operator's own)."""

    id: int
    name: str
    filters: InboxFilter
    builtin: bool
    owner_id: int | None
    position: int


class Inbox:
    """Inbox queries for one operator (who "me" is) on one workspace database."""

    def __init__(self, db: Database, *, operator_id: int | None = None) -> None:
        self.db = db
        self.operator_id = operator_id
        self._dialect = db.engine.dialect.name

    def _where(
        self, flt: InboxFilter, now: datetime | None = None, *, session: Session | None = None
    ) -> list[ColumnElement[bool]]:
        drive = True
        if session is not None and self._dialect == "sqlite" and flt.query.strip():
            drive = self._matches(session, flt.query) < RARE_MATCHES
        return self._conditions(flt, now, drive=drive)

    def _conditions(
        self,
        flt: InboxFilter,
        now: datetime | None = None,
        *,
        drive: bool = True,
        for_page: bool = False,
    ) -> list[ColumnElement[bool]]:
        return conditions(
            flt,
            dialect=self._dialect,
            me=self.operator_id,
            now=now,
            drive_search=drive,
            for_page=for_page,
        )

    def _matches(self, session: Session, query: str) -> int:
        """SQLite: matches counted in the index up to VERY_COMMON_MATCHES (cheap)."""
        return estimate_matches(session, query, cap=VERY_COMMON_MATCHES)

    # --- ids ------------------------------------------------------------------------------

    def page_ids(
        self,
        flt: InboxFilter | None = None,
        sort: Sort = Sort.NEWEST,
        *,
        after: str | None = None,
        limit: int = 200,
        backward: bool = False,
    ) -> tuple[list[int], str | None]:
        """One page of ids in display order and the cursor of the next page (None at the end).

        backward=True walks from the other end: with no cursor it gives the last page (still in
        display order); its cursor continues towards the top.
        """
        if limit < 1:
            raise ValueError("limit must be positive")
        flt = flt or InboxFilter()
        segs = segments(sort)
        walk = list(range(len(segs)))
        if backward:
            walk.reverse()
        start = Cursor.decode(after) if after else Cursor(walk[0])
        if start.segment not in walk:
            raise UserFacingError("列表位置标记与当前排序不符，请重新加载收件箱。")
        ids: list[int] = []
        next_cursor: Cursor | None = None
        with self.db.session() as session:
            matches = 0
            if self._dialect == "sqlite" and flt.query.strip():
                matches = self._matches(session, flt.query)
            # A very common word under a time order is matched chunk by chunk (inbox_paging).
            common_search = matches >= VERY_COMMON_MATCHES and sort in (Sort.NEWEST, Sort.OLDEST)
            where = self._conditions(
                flt.with_(query="") if common_search else flt,
                drive=matches < RARE_MATCHES,
                for_page=True,
            )
            for step in walk[walk.index(start.segment) :]:
                need = limit - len(ids)
                if need == 0:
                    next_cursor = Cursor(step)
                    break
                values = start.values if step == start.segment and start.values else None
                if common_search:
                    rows = search_time_rows(
                        session, query=flt.query, seg=segs[step], where=where,
                        backward=backward, after=values, limit=need + 1,
                    )  # fmt: skip
                else:
                    rows = segment_rows(
                        session, sort=sort, step=step, seg=segs[step], where=where, flt=flt,
                        backward=backward, limit=need + 1, after=values,
                    )  # fmt: skip
                ids.extend(int(r[0]) for r in rows[:need])
                if len(rows) > need:
                    next_cursor = Cursor(step, tuple(rows[need - 1][1:]))
                    break
        if backward:
            ids.reverse()
        return ids, next_cursor.encode() if next_cursor is not None else None

    def count(self, flt: InboxFilter | None = None) -> int:
        """How many comments match (an index count; see docs/inbox.md for timings)."""
        flt = flt or InboxFilter()
        with self.db.session() as session:
            if flt.query.strip() and flt == InboxFilter(query=flt.query):
                # Only a search: counted in the index alone, without visiting a million rows.
                return count_in_index(session, flt.query)
            where = self._where(flt, session=session)
            return int(session.execute(count_select(where)).scalar_one())

    # --- rows -----------------------------------------------------------------------------

    def rows(self, ids: Sequence[int], *, now: datetime | None = None) -> list[InboxRow]:
        """The rows for these ids, in the same order; ids that no longer exist are left out."""
        if not ids:
            return []
        now = now or utcnow()
        with self.db.session() as session:
            built = rows_by_id(session, ids, now=now)
        return [built[i] for i in ids if i in built]

    # --- saved views ----------------------------------------------------------------------

    def views(self) -> list[ViewInfo]:
        """The built-in views, then shared ones, then this operator's own, in their order."""
        with self.db.session() as session:
            visible = or_(SavedView.builtin.is_(True), SavedView.owner_id.is_(None))
            if self.operator_id is not None:
                visible = or_(visible, SavedView.owner_id == self.operator_id)
            found = session.execute(
                select(SavedView)
                .where(visible)
                .order_by(SavedView.builtin.desc(), SavedView.position, SavedView.id)
            ).scalars()
            return [
                ViewInfo(
                    v.id,
                    v.name,
                    InboxFilter.from_dict(v.filters),
                    v.builtin,
                    v.owner_id,
                    v.position,
                )
                for v in found
            ]

    def view_counts(self) -> dict[int, int]:
        """How many comments each visible view holds, by view id."""
        now = utcnow()
        out: dict[int, int] = {}
        with self.db.session() as session:
            for view in self.views():
                stmt = count_select(self._where(view.filters, now, session=session))
                out[view.id] = int(session.execute(stmt).scalar_one())
        return out

    def save_view(self, name: str, flt: InboxFilter, *, shared: bool = False) -> int:
        """Save a filter under a name (shared: visible to every operator); returns its id."""
        clean = name.strip()
        if not clean:
            raise UserFacingError("请为视图填写名称。")
        if len(clean) > 64:
            raise UserFacingError("视图名称不能超过 64 个字。")
        with self.db.session() as session:
            owner = None if shared else self.operator_id
            same_owner = (
                SavedView.owner_id.is_(None) if owner is None else SavedView.owner_id == owner
            )
            taken = session.execute(
                select(SavedView.id).where(SavedView.name == clean, same_owner)
            ).first()
            if taken is not None:
                raise UserFacingError(
                    f"已有名为“{clean}”的视图。", hint="请换一个名称，或先删除原视图。"
                )
            last = session.execute(
                select(SavedView.position).order_by(SavedView.position.desc()).limit(1)
            ).scalar()
            view = SavedView(
                name=clean, filters=flt.to_dict(), owner_id=owner, position=(last or 0) + 1
            )
            session.add(view)
            session.flush()
            return view.id

    def delete_view(self, view_id: int) -> None:
        """Delete one of this operator's (or a shared) view; built-in views stay."""
        with self.db.session() as session:
            view = session.get(SavedView, view_id)
            if view is None:
                return
            if view.builtin:
                raise UserFacingError("内置视图不能删除。")
            if view.owner_id is not None and view.owner_id != self.operator_id:
                raise UserFacingError("只能删除自己的视图。")
            session.delete(view)

    def detail(self, comment_id: int) -> CommentDetail:
        """Everything about one comment: post, thread, author, evidence, replies, history."""
        from crisisdesk.services.inbox_detail import comment_detail

        return comment_detail(self.db, comment_id)


def rows_by_id(session: Session, ids: Iterable[int], *, now: datetime) -> dict[int, InboxRow]:
    """Build inbox rows for ids inside an open session."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    out: dict[int, InboxRow] = {}
    c = Comment
    for start in range(0, len(wanted), _ROW_CHUNK):
        chunk = wanted[start : start + _ROW_CHUNK]
        words: dict[int, list[str]] = {}
        for cid, word in session.execute(
            select(WatchHitRow.comment_id, WatchHitRow.word)
            .where(WatchHitRow.comment_id.in_(chunk))
            .order_by(WatchHitRow.id)
        ):
            if word not in words.setdefault(cid, []):
                words[cid].append(word)
        tags: dict[int, list[str]] = {}
        for cid, name in session.execute(
            select(CommentTag.comment_id, Tag.name)
            .join(Tag, Tag.id == CommentTag.tag_id)
            .where(CommentTag.comment_id.in_(chunk))
            .order_by(Tag.name)
        ):
            tags.setdefault(cid, []).append(name)
        stmt = (
            select(
                c.id, c.created_at, c.platform, c.account_id, Account.name, c.author_name, c.text,
                c.sentiment, c.intent, c.wave_id, Wave.size, c.status, c.priority, c.assignee_id,
                Operator.display_name, c.assignee_role, c.incident_id, c.due_at, c.like_count,
                c.version,
            )
            .join(Account, Account.id == c.account_id)
            .outerjoin(Wave, Wave.id == c.wave_id)
            .outerjoin(Operator, Operator.id == c.assignee_id)
            .where(c.id.in_(chunk))
        )  # fmt: skip
        for r in session.execute(stmt):
            out[r[0]] = inbox_row(
                r, watch_words=words.get(r[0], ()), tags=tags.get(r[0], ()), now=now
            )
    return out
