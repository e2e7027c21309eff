"""Copy-paste waves at ingest: the analysis detector's clusters kept as Wave rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from crisisdesk.analysis.stored_forms import storable
from crisisdesk.connectors.base import RemoteComment
from crisisdesk.storage.schema import Comment, Wave

__all__ = ["MIN_AUTHORS", "MIN_WORDS", "WaveTracker", "storable"]

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

    def assign(
        self,
        session: Session,
        comments: Sequence[RemoteComment],
        simhashes: Sequence[int],
        words: Sequence[int],
        ids: Sequence[int],
    ) -> None:
        """Assign newly stored comments to waves; create and grow Wave rows.

        simhashes and words: each comment's fingerprint and word count (analysis.waves).
        """
        if not ids:
            return
        if not self._warm:
            self.warm_up(session, min(c.created_at for c in comments))
        member_updates: list[dict[str, Any]] = []
        grown: dict[int, tuple[int, datetime]] = {}
        latest = self._latest
        conn = session.connection()
        for c, simhash, n_words, cid in zip(comments, simhashes, words, ids, strict=True):
            if n_words < MIN_WORDS:
                continue
            got = self.detector.add(cid, c.author_id, simhash, c.created_at)
            if latest is None or c.created_at > latest:
                latest = c.created_at
            if got.size < 2:
                continue
            if got.distinct_authors < MIN_AUTHORS and got.wave_key not in self._wave_ids:
                self._pending.setdefault(got.wave_key, []).append(cid)
                continue
            wave_id = self._wave_ids.get(got.wave_key)
            if wave_id is None:
                wave_id = conn.execute(
                    _NEW_WAVE,
                    {
                        "simhash": simhash,
                        "representative_text": storable(c.text[:500]),
                        "size": 0,
                        "distinct_authors": got.distinct_authors,
                        "first_seen": c.created_at,
                        "last_seen": c.created_at,
                    },
                ).scalar_one()
                self._wave_ids[got.wave_key] = wave_id
                # The wave's earlier members were stored before it was a wave.
                for member in [got.wave_key, *self._pending.pop(got.wave_key, [])]:
                    if member != cid:
                        member_updates.append({"cid": member, "wid": wave_id})
            member_updates.append({"cid": cid, "wid": wave_id})
            grown[wave_id] = (got.distinct_authors, c.created_at)
        self._latest = latest
        if not member_updates:
            return
        dialect = conn.dialect.name
        if dialect == "sqlite":
            # Plain ints straight to the driver's executemany: no per-row parameter processing.
            conn.exec_driver_sql(
                "UPDATE comments SET wave_id = ? WHERE id = ?",
                [(u["wid"], u["cid"]) for u in member_updates],
            )
        else:
            conn.execute(_JOIN_WAVE, member_updates)
        added = Counter(u["wid"] for u in member_updates)
        conn.execute(
            _grow_wave(dialect),
            [
                {"wid": wid, "n": added[wid], "authors": authors, "seen": seen}
                for wid, (authors, seen) in grown.items()
            ],
        )
        if self._latest is not None:
            self.detector.evict_before(self._latest - self.window)
            if len(self._pending) > 10_000:
                self._pending.clear()  # bounded: losing a backfill only shrinks a wave's history


# Built once: making a statement costs more than running it on a page of comments.
_NEW_WAVE = insert(waves).returning(waves.c.id)
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
