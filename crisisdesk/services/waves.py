"""Copy-paste waves at ingest: the analysis detector's clusters kept as Wave rows."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from crisisdesk.analysis.stored_forms import storable
from crisisdesk.connectors.base import RemoteComment
from crisisdesk.storage.rowids import rowids_follow_order
from crisisdesk.storage.schema import Comment, Wave

waves: Table = Wave.__table__  # type: ignore[assignment]
comments_t: Table = Comment.__table__  # type: ignore[assignment]

# A wave needs comments from at least this many different authors to count as coordinated.
MIN_AUTHORS = 2
# Short stock phrases (转发, 来了来了, 支持) repeat naturally; they are no evidence of coordination.
MIN_WORDS = 6


class WaveTracker:
    """Feeds new comments to the near-duplicate detector and records the waves it finds."""

    def __init__(self, window: timedelta = timedelta(hours=24)) -> None:
        from crisisdesk.analysis.waves import WaveDetector

        self.window = window
        self.detector = WaveDetector()
        self._wave_ids: dict[int, int] = {}  # detector wave key (first member's id) -> Wave.id
        # Members of clusters that are not a wave yet (one author so far), to backfill later.
        self._pending: dict[int, list[int]] = {}
        self._latest: datetime | None = None
        self._warm = False

    def warm_up(self, session: Session, now: datetime) -> None:
        """Replay the last window of stored comments so a restart continues the same waves."""
        self._warm = True
        rows = session.execute(
            select(Comment.id, Comment.author_id, Comment.simhash, Comment.created_at, Comment.wave_id)
            .where(Comment.created_at >= now - self.window)
            .order_by(Comment.created_at, Comment.id)
        ).all()
        for cid, author, simhash, created, wave_id in rows:
            assignment = self.detector.add(cid, author, simhash, created)
            if wave_id is not None:
                self._wave_ids.setdefault(assignment.wave_key, wave_id)
            self._latest = created if self._latest is None else max(self._latest, created)

    def plan(
        self,
        session: Session,
        comments: Sequence[RemoteComment],
        simhashes: Sequence[int],
        words: Sequence[int],
    ) -> WavePlan:
        """Assign comments about to be stored to waves; their wave ids go in with the rows.

        simhashes and words: each comment's fingerprint and word count (analysis). Wave rows
        that form are created now; call `stored` with the new rows' ids after the insert.
        Most members of a wave arrive with it, so their wave id is written once, with the
        row, rather than by an update of every row stored a moment before.
        """
        plan = WavePlan([None] * len(comments))
        if not comments:
            return plan
        if not self._warm:
            self.warm_up(session, min(c.created_at for c in comments))
        latest = self._latest
        for i, (c, simhash, n_words) in enumerate(zip(comments, simhashes, words, strict=True)):
            if n_words < MIN_WORDS:
                continue
            # A provisional id (negative: never a row id) until the row is stored.
            provisional = plan.provisional_id(i)
            got = self.detector.add(provisional, c.author_id, simhash, c.created_at)
            if latest is None or c.created_at > latest:
                latest = c.created_at
            if got.size < 2:
                continue
            if got.distinct_authors < MIN_AUTHORS and got.wave_key not in self._wave_ids:
                self._pending.setdefault(got.wave_key, []).append(provisional)
                plan.pending.add(got.wave_key)
                continue
            wave_id = self._wave_ids.get(got.wave_key)
            if wave_id is None:
                # A new wave: a provisional id (negative) until `_create` writes its row.
                wave_id = plan.new_wave(got.wave_key, simhash, storable(c.text[:500]), c.created_at)
                self._wave_ids[got.wave_key] = wave_id
                # The wave's earlier members were stored (or planned) before it was a wave.
                for member in [got.wave_key, *self._pending.pop(got.wave_key, [])]:
                    if member != provisional:
                        plan.join(member, wave_id)
            plan.join(provisional, wave_id)
            plan.grow(wave_id, got.distinct_authors, c.created_at)
        self._latest = latest
        self._create(session, plan)
        return plan

    def _create(self, session: Session, plan: WavePlan) -> None:
        """Write the batch's new waves in one statement, with their sizes as planned."""
        if not plan.new:
            return
        rows = []
        for wave_id, new in plan.new.items():
            authors, last_seen = plan.grown.pop(wave_id)
            rows.append({
                "simhash": new.simhash, "representative_text": new.text,
                "size": plan.added[wave_id], "distinct_authors": authors,
                "first_seen": new.first_seen, "last_seen": max(new.first_seen, last_seen),
            })  # fmt: skip
        conn = session.connection()
        if conn.dialect.name == "sqlite" and rowids_follow_order(conn, "waves", len(rows)):
            # One multi-row INSERT: its ids in ascending order are the rows' order.
            ids = sorted(conn.execute(_NEW_WAVES, rows).scalars().all())
        else:  # SQLAlchemy keeps parameter order (row by row on SQLite)
            ids = list(conn.execute(_NEW_WAVES_IN_ORDER, rows).scalars().all())
        created = dict(zip(plan.new, ids, strict=True))
        for provisional, real in created.items():
            self._wave_ids[plan.new[provisional].key] = real
        plan.created(created)

    def stored(self, session: Session, plan: WavePlan, ids: Sequence[int]) -> None:
        """After the insert: provisional ids become the rows' ids; waves grow; earlier rows join."""
        for i, cid in enumerate(ids):
            provisional = plan.provisional_id(i)
            # A cluster this batch started is keyed by its first comment's row id from now on.
            self.detector.rekey(provisional, cid)
            if provisional in self._wave_ids:
                self._wave_ids[cid] = self._wave_ids.pop(provisional)
            if provisional in self._pending:
                self._pending[cid] = self._pending.pop(provisional)
        for key in plan.pending:
            members = self._pending.get(plan.row_id(key, ids))
            if members:
                members[:] = [plan.row_id(member, ids) for member in members]
        conn = session.connection()
        dialect = conn.dialect.name
        if plan.earlier:
            if dialect == "sqlite":
                # Plain ints straight to the driver's executemany: no per-row processing.
                # In row order: neighbouring rows share B-tree pages.
                conn.exec_driver_sql(
                    "UPDATE comments SET wave_id = ? WHERE id = ?",
                    [(wid, cid) for cid, wid in sorted(plan.earlier)],
                )
            else:
                conn.execute(_JOIN_WAVE, [{"cid": cid, "wid": wid} for cid, wid in plan.earlier])
        if plan.grown:  # waves stored before this batch (new ones were written whole)
            conn.execute(
                _grow_wave(dialect),
                [
                    {"wid": wid, "n": plan.added[wid], "authors": authors, "seen": seen}
                    for wid, (authors, seen) in plan.grown.items()
                ],
            )
        if self._latest is not None:
            self.detector.evict_before(self._latest - self.window)
            if len(self._pending) > 10_000:
                self._pending.clear()  # bounded: losing a backfill only shrinks a wave's history


class NewWave(NamedTuple):
    """A wave a batch starts: its detector key, and what its row is written with."""

    key: int
    simhash: int
    text: str
    first_seen: datetime


class WavePlan:
    """The waves of one batch of new comments, made before the batch is stored."""

    _batches = itertools.count(1)

    def __init__(self, wave_ids: list[int | None]) -> None:
        self.wave_ids = wave_ids  # per new row, in order (None: in no wave)
        self.earlier: list[tuple[int, int]] = []  # (stored row id, wave id) joining now
        self.grown: dict[int, tuple[int, datetime]] = {}  # wave id -> (authors, last seen)
        self.added: Counter[int] = Counter()  # wave id -> members added by this batch
        self.new: dict[int, NewWave] = {}  # waves this batch starts, by provisional wave id
        self.pending: set[int] = set()  # wave keys whose pending members include new rows
        # Provisional ids of this batch: -(base + index); bases far apart, so batches never mix.
        self._base = next(self._batches) * _BATCH_SPAN

    def new_wave(self, key: int, simhash: int, text: str, first_seen: datetime) -> int:
        """A wave this batch starts: its provisional id until `created`."""
        wave_id = -(len(self.new) + 1)
        self.new[wave_id] = NewWave(key, simhash, text, first_seen)
        return wave_id

    def grow(self, wave_id: int, authors: int, seen: datetime) -> None:
        """A member joined: the wave's authors so far and the latest time seen."""
        before = self.grown.get(wave_id)
        if before is not None:
            authors, seen = max(authors, before[0]), max(seen, before[1])
        self.grown[wave_id] = (authors, seen)

    def created(self, ids: dict[int, int]) -> None:
        """The new waves' rows exist: their provisional wave ids become the rows' ids."""
        self.wave_ids = [ids.get(w, w) if w is not None and w < 0 else w for w in self.wave_ids]
        self.earlier = [(cid, ids.get(w, w)) for cid, w in self.earlier]
        self.added = Counter({ids.get(w, w): n for w, n in self.added.items()})
        self.new.clear()

    def provisional_id(self, index: int) -> int:
        """The negative id standing for new row `index` until it is stored."""
        return -(self._base + index)

    def owns(self, member: int) -> bool:
        """Whether an id is one of this batch's provisional ids."""
        return 0 <= -member - self._base < len(self.wave_ids)

    def index_of(self, provisional: int) -> int:
        """The new row a provisional id of this batch stands for."""
        return -provisional - self._base

    def row_id(self, member: int, ids: Sequence[int]) -> int:
        """A stored row's id for one of this batch's provisional ids (ids: the new rows' ids);
        any other id as it is."""
        return ids[self.index_of(member)] if self.owns(member) else member

    def join(self, member: int, wave_id: int) -> None:
        """A comment joins a wave: a new row (provisional id) or one stored earlier.

        A provisional id of an earlier batch that was never stored (its transaction failed)
        stands for no row: it joins nothing.
        """
        if self.owns(member):
            self.wave_ids[self.index_of(member)] = wave_id
        elif member > 0:
            self.earlier.append((member, wave_id))
        else:
            return
        self.added[wave_id] += 1


# Room for this many rows per batch between two batches' provisional ids.
_BATCH_SPAN = 1 << 32


# Built once: making a statement costs more than running it on a page of comments.
_NEW_WAVES = insert(waves).returning(waves.c.id)
_NEW_WAVES_IN_ORDER = insert(waves).returning(waves.c.id, sort_by_parameter_order=True)
_JOIN_WAVE = (
    update(comments_t).where(comments_t.c.id == bindparam("cid")).values(wave_id=bindparam("wid"))
)
_GROW_WAVE: dict[str, Any] = {}


def _grow_wave(dialect: str) -> Any:
    stmt = _GROW_WAVE.get(dialect)
    if stmt is None:
        # SQLite's two-argument max() is PostgreSQL's greatest().
        greatest = func.max if dialect == "sqlite" else func.greatest
        stmt = _GROW_WAVE[dialect] = (
            update(waves)
            .where(waves.c.id == bindparam("wid"))
            .values(
                size=waves.c.size + bindparam("n"),
                distinct_authors=greatest(waves.c.distinct_authors, bindparam("authors")),
                last_seen=greatest(waves.c.last_seen, bindparam("seen")),
            )
        )
    return stmt
