"""Hot and emerging words of a time window, from the stored comments of the window and its baseline."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.analysis.hotwords import HotWord, emerging_words
from crisisdesk.analysis.segment import Segmenter
from crisisdesk.storage.schema import Account, Comment

# A window of a busy day can hold tens of thousands of comments; the newest ones tell what
# is rising, and a bounded sample keeps the query and the counting well under a second.
WINDOW_SAMPLE = 4000
BASELINE_SAMPLE = 8000

_segmenter: Segmenter | None = None
_segmenter_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class HotWordsResult:
    """Emerging words of [start, end) against the baseline before it, with what was read."""

    start: datetime
    end: datetime
    baseline_start: datetime
    words: list[HotWord]
    window_comments: int  # comments read from the window (at most WINDOW_SAMPLE)
    baseline_comments: int
    sampled: bool  # True when the window held more comments than were read


def _segment(text: str) -> list[str]:
    global _segmenter
    with _segmenter_lock:
        if _segmenter is None:
            _segmenter = Segmenter()
        seg = _segmenter
    return seg.cut(text)


def tokens_of(analysis: Any, normalized_text: str) -> list[str]:
    """The words of one comment: its stored keywords, else its normalised text segmented again."""
    if isinstance(analysis, dict):
        words = analysis.get("keywords")
        if isinstance(words, list) and words:
            return [w for w in words if isinstance(w, str)]
    return _segment(normalized_text) if normalized_text else []


def _tokens(
    session: Session, *, start: datetime, end: datetime, limit: int,
    account_ids: Sequence[int] | None,
) -> list[list[str]]:
    stmt = (
        select(Comment.analysis, Comment.normalized_text)
        .where(Comment.created_at >= start, Comment.created_at < end)
        .order_by(Comment.created_at.desc())
        .limit(limit)
    )
    if account_ids:
        stmt = stmt.where(Comment.account_id.in_(list(account_ids)))
    return [tokens_of(a, t or "") for a, t in session.execute(stmt)]


def _own_names(session: Session) -> list[str]:
    names: list[str] = []
    for name, shown in session.execute(select(Account.name, Account.display_name)):
        names.extend([name, shown.lstrip("@")])
    return names


def hot_words(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    baseline: timedelta | None = None,
    top: int = 20,
    min_count: int = 3,
    account_ids: Sequence[int] | None = None,
    extra_stop_words: Iterable[str] = (),
) -> HotWordsResult:
    """Words of [start, end) ranked by burst against the baseline period just before start.

    The baseline defaults to seven times the window (at least a day, at most 30 days), so a
    word common every day does not count as emerging.
    """
    span = end - start
    if span.total_seconds() <= 0:
        raise ValueError("the window must end after it starts")
    base = baseline or min(max(span * 7, timedelta(days=1)), timedelta(days=30))
    base_start = start - base
    window = _tokens(session, start=start, end=end, limit=WINDOW_SAMPLE + 1,
                     account_ids=account_ids)
    sampled = len(window) > WINDOW_SAMPLE
    window = window[:WINDOW_SAMPLE]
    before = _tokens(session, start=base_start, end=start, limit=BASELINE_SAMPLE,
                     account_ids=account_ids)
    from crisisdesk.analysis.keywords import stop_words

    stop = stop_words() | frozenset(extra_stop_words)
    words = emerging_words(window, before, top=top, stop_words=stop,
                           own_names=_own_names(session), min_count=min_count)
    return HotWordsResult(start=start, end=end, baseline_start=base_start, words=words,
                          window_comments=len(window), baseline_comments=len(before),
                          sampled=sampled)
