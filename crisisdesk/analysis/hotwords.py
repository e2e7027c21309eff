"""Hot words of a time window: the words whose share of comments rose most against a baseline."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crisisdesk.analysis.keywords import is_candidate
from crisisdesk.analysis.keywords import stop_words as shipped_stop_words


@dataclass(frozen=True, slots=True)
class HotWord:
    """A word of the window, how often it appeared then and before, and how sharply it rose."""

    word: str
    count: int  # comments in the window that contain the word
    baseline_count: int  # comments in the baseline that contain the word
    burst: float  # log2 of the smoothed rise in share; > 0 means rising


def _document_counts(
    token_lists: Iterable[Sequence[str]], excluded: frozenset[str]
) -> tuple[Counter[str], int]:
    counts: Counter[str] = Counter()
    documents = 0
    for tokens in token_lists:
        documents += 1
        counts.update({t for t in tokens if is_candidate(t) and t not in excluded})
    return counts, documents


def emerging_words(
    window_tokens: Iterable[Sequence[str]],
    baseline_tokens: Iterable[Sequence[str]],
    *,
    top: int = 20,
    stop_words: Iterable[str] | None = None,
    own_names: Iterable[str] = (),
    min_count: int = 3,
) -> list[HotWord]:
    """Words of the window ranked by burst: log2 of (window share) / (baseline share).

    Shares are add-one smoothed, ``(count + 1) / (comments + 2)``, so a word new in the
    window ranks by how many comments carry it, and a word with a small count cannot
    outrank a well-attested one on noise alone. A word must appear in at least
    ``min_count`` window comments. Stop words and the account's own names never appear.
    """
    stop = shipped_stop_words() if stop_words is None else frozenset(stop_words)
    excluded = stop | frozenset(n.strip().lower() for n in own_names if n.strip())
    window, n_window = _document_counts(window_tokens, excluded)
    baseline, n_baseline = _document_counts(baseline_tokens, excluded)
    hot: list[HotWord] = []
    for word, count in window.items():
        if count < min_count:
            continue
        before = baseline.get(word, 0)
        share_now = (count + 1) / (n_window + 2)
        share_before = (before + 1) / (n_baseline + 2)
        burst = math.log2(share_now / share_before)
        if burst > 0:
            hot.append(HotWord(word, count, before, round(burst, 4)))
    hot.sort(key=lambda h: (-h.burst, -h.count, h.word))
    return hot[: max(0, top)]
