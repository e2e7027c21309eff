"""Storing incoming comments: analysed, de-duplicated, bucketed and cursor-safe in one transaction.

Every way in (platform sync, spreadsheet import, the simulator, the demo builder) goes
through `Ingestor.ingest`, so the rules live in one place: `(account, external_id)` is
unique, the sync cursor is written in the same transaction as the rows it covers, trend
buckets and watch-word hits are maintained here, and copy-paste waves are tracked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from crisisdesk.analysis.stored_forms import word_count
from crisisdesk.analysis.wire import Prepared
from crisisdesk.connectors.base import RemoteComment, RemotePost
from crisisdesk.domain import Changes, Platform
from crisisdesk.services.deadlines import DeadlineRules
from crisisdesk.services.ingest_analysis import AnalysisAhead, Analyze, IngestAnalysis
from crisisdesk.services.ingest_rows import (
    Reading,
    chunks,
    comment_rows,
    existing_ids,
    insert_comments,
)
from crisisdesk.services.waves import WaveTracker
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import (
    Account,
    Comment,
    Post,
    SyncCursor,
    TrendBucket,
    WatchHitRow,
    utcnow,
)
from crisisdesk.storage.search import index_comments
from crisisdesk.storage.upsert import upsert

if TYPE_CHECKING:
    from crisisdesk.analysis.process import AnalysisProcess

__all__ = [
    "AnalysisAhead",
    "Analyze",
    "CursorUpdate",
    "IngestResult",
    "Ingestor",
    "ensure_account",
    "load_cursor",
    "minute_of",
    "save_cursor",
    "upsert_buckets",
]  # fmt: skip

accounts_t: Table = Account.__table__  # type: ignore[assignment]
posts_t: Table = Post.__table__  # type: ignore[assignment]



@dataclass
class IngestResult:
    """What one ingest call stored."""

    new_ids: list[int] = field(default_factory=list)
    skipped: int = 0
    new_posts: int = 0

    @property
    def changes(self) -> Changes:
        return Changes(comments=bool(self.new_ids), trends=bool(self.new_ids))


@dataclass(frozen=True, slots=True)
class CursorUpdate:
    """The sync cursor to save with the rows it covers."""

    scope: str
    value: str


def minute_of(t: datetime) -> datetime:
    """The start of the minute t falls in (the trend bucket key)."""
    return t.replace(second=0, microsecond=0)


class Ingestor:
    """Stores analysed comments for accounts of one workspace database."""

    def __init__(
        self,
        db: Database,
        *,
        analyze: Analyze | None = None,
        waves: WaveTracker | None = None,
        process: AnalysisProcess | None = None,
    ) -> None:
        self.db = db
        self.analysis = IngestAnalysis(db, analyze=analyze, process=process)
        self.waves = waves or WaveTracker()
        self._rules: DeadlineRules | None = None

    def refresh_analysis(self) -> None:
        """Read watch lists, words, corrections and deadline rules again before the next batch."""
        self.analysis.refresh()
        self._rules = None

    def warm_up(self) -> None:
        """Load the analysis now (in its process, if there is one), not on the first page."""
        self.analysis.warm_up()

    def process_pid(self) -> int | None:
        """The analysis process's id once it runs (for measuring it), else None."""
        return self.analysis.process_pid()

    def close(self) -> None:
        """Save what the analysis learnt and end the analysis process, if there is one."""
        self.analysis.close()

    def analyze_ahead(
        self, account_id: int, comments: Sequence[RemoteComment], seen: set[str]
    ) -> AnalysisAhead | None:
        """Send a page's new comments to the analysis process now; None: ingest analyses them.

        seen holds the external ids already sent in this pass (pages not stored yet), so a
        comment repeated across pages is read once, as ingest would read it once.
        """
        return self.analysis.ahead(account_id, comments, seen)

    def ingest(
        self,
        account_id: int,
        comments: Sequence[RemoteComment],
        *,
        posts: Sequence[RemotePost] = (),
        cursor: CursorUpdate | None = None,
        prepared: Mapping[str, Prepared] | None = None,
        assume_new: bool = False,
    ) -> IngestResult:
        """Store comments (and their posts, and the cursor) in one transaction; skip known ones.

        prepared: comments already read, by external id (see analyze_ahead); the new comments
        without one are analysed here.
        """
        try:
            with self.db.session() as session:
                return self.ingest_in(
                    session, account_id, comments, posts=posts, cursor=cursor,
                    prepared=prepared, assume_new=assume_new,
                )  # fmt: skip
        except BaseException:
            # Rolled back: the wave memory may name waves and rows that were never stored.
            # It is read again from what is stored.
            self.waves = WaveTracker(self.waves.window)
            raise

    def ingest_in(
        self,
        session: Session,
        account_id: int,
        comments: Sequence[RemoteComment],
        *,
        posts: Sequence[RemotePost] = (),
        cursor: CursorUpdate | None = None,
        prepared: Mapping[str, Prepared] | None = None,
        assume_new: bool = False,
    ) -> IngestResult:
        """The same as ingest, inside the caller's transaction."""
        # Core statements on the session's connection: the ORM's per-statement work is not
        # needed for these lookups, which run for every page; pending objects go first.
        session.flush()
        platform = session.connection().execute(
            select(accounts_t.c.platform).where(accounts_t.c.id == account_id)
        ).scalar_one_or_none()
        if platform is None:
            raise ValueError(f"no account {account_id}")
        result = IngestResult()
        post_ids, result.new_posts = self._upsert_posts(session, account_id, posts, comments)

        # Drop duplicates inside the batch first, then what the database already holds.
        # The account's own replies seen in threads are not the public's comments: the inbox
        # keeps what we sent as Reply rows.
        indexes: dict[str, int] = {}
        own = 0
        for i, c in enumerate(comments):
            if c.is_own:
                own += 1
                continue
            indexes.setdefault(c.external_id, i)
        fresh_ids = list(indexes)
        if not assume_new:
            known = existing_ids(session, account_id, fresh_ids)
            fresh_ids = [e for e in fresh_ids if e not in known]
        result.skipped = len(comments) - own - len(fresh_ids)
        if fresh_ids:
            fresh = [comments[indexes[e]] for e in fresh_ids]
            given = prepared or {}
            missing = [c.external_id for c in fresh if c.external_id not in given]
            read = dict(zip(missing, self.analysis.analyze([comments[indexes[e]].text for e in missing])
                            if missing else (), strict=True))  # fmt: skip
            found: list[Reading] = [given[e] if e in given else read[e] for e in fresh_ids]
            result.new_ids = self._insert(session, account_id, platform, fresh, found, post_ids)
        if cursor is not None:
            save_cursor(session, account_id, cursor)
        return result

    # --- steps ------------------------------------------------------------------------

    def _upsert_posts(
        self,
        session: Session,
        account_id: int,
        posts: Sequence[RemotePost],
        comments: Sequence[RemoteComment],
    ) -> tuple[dict[str, int], int]:
        wanted: dict[str, RemotePost | None] = {p.external_id: p for p in posts}
        for c in comments:
            if c.post_external_id and c.post_external_id not in wanted:
                wanted[c.post_external_id] = None
        if not wanted:
            return {}, 0
        ids: dict[str, int] = {}
        keys = list(wanted)
        for chunk in chunks(keys):
            rows = session.connection().execute(
                select(posts_t.c.external_id, posts_t.c.id).where(
                    posts_t.c.account_id == account_id, posts_t.c.external_id.in_(chunk)
                )
            )
            ids.update({ext: pid for ext, pid in rows})
        titles = {c.post_external_id: c.post_title for c in comments if c.post_external_id}
        created = 0
        for ext in keys:
            if ext in ids:
                continue
            remote = wanted[ext]
            post = Post(
                account_id=account_id,
                external_id=ext,
                title=(remote.title if remote else titles.get(ext)) or "",
                text=remote.text if remote else "",
                url=remote.url if remote else None,
                published_at=remote.published_at if remote else None,
            )
            session.add(post)
            session.flush()
            ids[ext] = post.id
            created += 1
        return ids, created

    def _deadlines(self, session: Session) -> DeadlineRules:
        if self._rules is None:
            self._rules = DeadlineRules.load(session)
        return self._rules

    def _insert(
        self,
        session: Session,
        account_id: int,
        platform: str,
        fresh: Sequence[RemoteComment],
        found: Sequence[Reading],
        post_ids: dict[str, int],
    ) -> list[int]:
        # What the analysis process made ahead: search documents, and the analysis column as
        # JSON text (SQLite's driver insert takes it as it is).
        docs = [a.folded if isinstance(a, Prepared) else None for a in found]
        words = [a.words if isinstance(a, Prepared) else word_count(a.tokens) for a in found]
        constants, columns = comment_rows(
            account_id=account_id,
            platform=platform,
            fresh=fresh,
            found=found,
            post_ids=post_ids,
            rules=self._deadlines(session),
            now=utcnow(),
            analysis_as_text=session.get_bind().dialect.name == "sqlite",
        )
        # Waves first: a comment that joins one is written with its wave id.
        plan = self.waves.plan(session, fresh, columns["simhash"], words)
        columns["wave_id"] = plan.wave_ids
        new_ids = insert_comments(session, constants, columns)
        index_comments(session, list(zip(new_ids, columns["text"], strict=True)), docs)
        self._link_parents(session, account_id, fresh, new_ids)
        hits = [
            {"comment_id": cid, "word": h.word, "list_name": h.list_name}
            for cid, a in zip(new_ids, found, strict=True)
            for h in a.watch_hits
        ]
        if hits:
            session.execute(WatchHitRow.__table__.insert(), hits)  # type: ignore[attr-defined]
        self._bump_buckets(session, account_id, columns)
        self.waves.stored(session, plan, new_ids)
        return new_ids

    def _link_parents(
        self,
        session: Session,
        account_id: int,
        fresh: Sequence[RemoteComment],
        new_ids: Sequence[int],
    ) -> None:
        wanted = {c.parent_external_id for c in fresh if c.parent_external_id}
        if not wanted:
            return
        parents: dict[str, int] = {}
        for chunk in chunks(sorted(wanted)):
            rows = session.execute(
                select(Comment.external_id, Comment.id).where(
                    Comment.account_id == account_id, Comment.external_id.in_(chunk)
                )
            ).all()
            parents.update({ext: cid for ext, cid in rows})
        updates = [
            {"cid": cid, "pid": parents[c.parent_external_id]}
            for c, cid in zip(fresh, new_ids, strict=True)
            if c.parent_external_id in parents
        ]
        if updates:
            table: Table = Comment.__table__  # type: ignore[assignment]
            session.execute(
                update(table).where(table.c.id == bindparam("cid")).values(parent_id=bindparam("pid")),
                updates,
            )

    def _bump_buckets(
        self, session: Session, account_id: int, columns: dict[str, list[Any]]
    ) -> None:
        keys = [
            (minute_of(t), sentiment, intent)
            for t, sentiment, intent in zip(
                columns["created_at"], columns["sentiment"], columns["intent"], strict=True
            )
        ]
        counts = Counter(keys)
        hits: Counter[tuple[datetime, str, str]] = Counter()
        for key, n in zip(keys, columns["watch_hit_count"], strict=True):
            if n:
                hits[key] += n
        rows = [
            {
                "account_id": account_id,
                "minute": k[0],
                "sentiment": k[1],
                "intent": k[2],
                "count": n,
                "watch_hits": hits[k],
            }
            for k, n in counts.items()
        ]
        upsert_buckets(session, rows)


def upsert_buckets(session: Session, rows: list[dict[str, Any]]) -> None:
    """Add counts to trend buckets, creating the buckets that do not exist yet."""
    if not rows:
        return
    stmt = upsert(
        "trend_buckets",
        session.get_bind().dialect.name,
        TrendBucket.__table__,  # type: ignore[arg-type]
        ["account_id", "minute", "sentiment", "intent"],
        lambda t, new: {"count": t.c.count + new["count"],
                        "watch_hits": t.c.watch_hits + new["watch_hits"]},
    )  # fmt: skip
    session.execute(stmt, rows)


def save_cursor(session: Session, account_id: int, cursor: CursorUpdate) -> None:
    """Write the sync cursor of one account scope (inside the caller's transaction)."""
    stmt = upsert(
        "sync_cursors",
        session.get_bind().dialect.name,
        SyncCursor.__table__,  # type: ignore[arg-type]
        ["account_id", "scope"],
        lambda _t, new: {"cursor": new["cursor"], "updated_at": new["updated_at"]},
    )
    session.execute(
        stmt,
        {"account_id": account_id, "scope": cursor.scope, "cursor": cursor.value,
         "updated_at": utcnow()},
    )  # fmt: skip


def load_cursor(session: Session, account_id: int, scope: str) -> str | None:
    """The saved cursor of one account scope, if any."""
    return session.execute(
        select(SyncCursor.cursor).where(
            SyncCursor.account_id == account_id, SyncCursor.scope == scope
        )
    ).scalar_one_or_none()


def ensure_account(
    session: Session,
    *,
    platform: Platform,
    name: str,
    display_name: str | None = None,
    base_url: str | None = None,
    settings: dict[str, Any] | None = None,
) -> Account:
    """Get the account with this name, creating it if it does not exist."""
    account = session.execute(select(Account).where(Account.name == name)).scalar_one_or_none()
    if account is None:
        account = Account(
            platform=platform.value,
            name=name,
            display_name=display_name or name,
            base_url=base_url,
            settings=settings or {},
        )
        session.add(account)
        session.flush()
    return account

