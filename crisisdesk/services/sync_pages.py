"""Paging one sync scope: the next page is fetched and read while the one before is stored.

Three things overlap: the platform answering the next request (a fetch thread), the analysis
process reading a fetched page (`Ingestor.analyze_ahead`, sent by the fetch thread as soon as
the page arrives), and the calling thread storing the oldest page. Pages are stored strictly
in order, each transaction with the cursor of its last page, so a crash at any moment loses
and duplicates nothing. Every page already fetched when the oldest one's turn comes is
stored with it, in one transaction, once the analysis process has read them all: a commit
costs about as much as reading a page, so when storing falls behind, fewer and larger
commits let it catch up; when the platform is the slower side, pages come one at a time
and are stored as soon as they are read.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from crisisdesk.analysis.wire import Prepared
from crisisdesk.connectors.base import Connector, FetchPage, RemoteComment, RemotePost
from crisisdesk.connectors.errors import RateLimited
from crisisdesk.connectors.ratelimit import TokenBucket
from crisisdesk.domain import AccountStatus
from crisisdesk.services.ingest import AnalysisAhead, CursorUpdate, Ingestor

# Pages fetched but not stored yet: bounds memory, and the work redone after a failure.
MAX_QUEUED = 6
# Pages already fetched are stored in one transaction, up to this many comments.
BATCH_COMMENTS = 1200


@dataclass
class SyncOutcome:
    """What one pass over an account did."""

    account_id: int
    status: AccountStatus
    new_comments: int = 0
    pages: int = 0
    message: str = ""
    retry_in: float | None = None


def limited(bucket: TokenBucket) -> RateLimited:
    """The error for an account that has used its request budget for now."""
    return RateLimited(
        "已达到本账号的调用频率上限，稍后自动继续。", retry_after=bucket.wait_time(1.0)
    )


@dataclass
class _Queued:
    page: FetchPage
    ahead: AnalysisAhead | None


@dataclass
class _End:
    """The producer stopped: caught up, at the limit, asked to stop, or failed (error)."""

    error: Exception | None = None


class ScopePager:
    """Pages through one scope of one account, from a saved cursor, storing as it goes.

    A fetch thread requests page after page and hands each to the analysis process as it
    arrives; this thread stores them in order. The queue between them and the pages this
    thread holds are both bounded, so the fetch thread never runs more than 2 x MAX_QUEUED
    pages ahead of what is stored.
    """

    def __init__(
        self,
        ingestor: Ingestor,
        connector: Connector,
        account_id: int,
        scope: str,
        *,
        bucket: TokenBucket,
        outcome: SyncOutcome,
        max_pages: int | None,
        stopping: Callable[[], bool],
    ) -> None:
        self.ingestor = ingestor
        self.connector = connector
        self.account_id = account_id
        self.scope = scope
        self.bucket = bucket
        self.outcome = outcome
        self.max_pages = max_pages
        self.stopping = stopping
        self._queue: queue.Queue[_Queued | _End] = queue.Queue(MAX_QUEUED)
        self._abandon = threading.Event()  # storing failed: the fetch thread stops too

    def run(self, cursor: str | None) -> None:
        """Fetch and store until caught up, at the page limit, asked to stop, or an error.

        An error (a failed fetch, the request budget used up) is raised after the pages
        fetched before it are stored; a page fetched ahead and never stored is fetched
        again by the next pass from the saved cursor.
        """
        if self.stopping() or self.max_pages == 0:
            return
        if not self.bucket.acquire(1.0, timeout=0.0):
            raise limited(self.bucket)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-fetch") as fetcher:
            fetcher.submit(self._produce, cursor)
            try:
                end = self._consume()
            finally:
                self._abandon.set()
                self._drain()  # a fetch thread waiting to hand over a page can finish
        if end.error is not None:
            raise end.error

    # --- the fetch thread ---------------------------------------------------------------

    def _produce(self, cursor: str | None) -> None:
        seen: set[str] = set()  # ids sent for analysis in this pass, not stored yet
        fetched = 0
        try:
            while True:
                page = self.connector.fetch(self.scope, cursor)
                fetched += 1
                ahead = self.ingestor.analyze_ahead(self.account_id, page.comments, seen)
                if not self._hand_over(_Queued(page, ahead)):
                    return
                cursor = page.cursor
                at_limit = self.max_pages is not None and fetched >= self.max_pages
                if page.done or at_limit or self.stopping():
                    break
                if not self.bucket.acquire(1.0, timeout=0.0):
                    self._hand_over(_End(limited(self.bucket)))
                    return
        except Exception as exc:  # stored what came before, then raised by run()
            self._hand_over(_End(exc))
            return
        self._hand_over(_End())

    def _hand_over(self, item: _Queued | _End) -> bool:
        while not self._abandon.is_set():
            try:
                self._queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    # --- this thread --------------------------------------------------------------------

    def _consume(self) -> _End:
        held: deque[_Queued] = deque()
        end: _End | None = None
        while True:
            if not held:
                if end is not None:
                    return end
                item = self._queue.get()
                if isinstance(item, _End):
                    end = item
                    continue
                held.append(item)
            # Pages already fetched join the one whose turn it is; no more than
            # MAX_QUEUED are held here, so the pages in memory stay bounded however far
            # the fetch thread could run ahead of a slow store.
            while end is None and len(held) < MAX_QUEUED and not self._queue.empty():
                item = self._queue.get_nowait()
                if isinstance(item, _End):
                    end = item
                else:
                    held.append(item)
            self._store(held)

    def _drain(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def _store(self, held: deque[_Queued]) -> None:
        batch = [held.popleft()]
        size = len(batch[0].page.comments)
        while held and size + len(held[0].page.comments) <= BATCH_COMMENTS:
            batch.append(held.popleft())
            size += len(batch[-1].page.comments)
        comments: list[RemoteComment] = []
        posts: list[RemotePost] = []
        prepared: dict[str, Prepared] = {}
        for queued in batch:
            comments.extend(queued.page.comments)
            posts.extend(queued.page.posts)
            if queued.ahead is not None:
                prepared.update(queued.ahead.take() or {})
        result = self.ingestor.ingest(
            self.account_id,
            comments,
            posts=posts,
            cursor=CursorUpdate(self.scope, batch[-1].page.cursor),
            prepared=prepared,
        )
        self.outcome.pages += len(batch)
        self.outcome.new_comments += len(result.new_ids)
