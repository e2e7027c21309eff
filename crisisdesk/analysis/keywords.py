"""Per-comment keywords: TF-IDF whose IDF starts from jieba's table and learns from the workspace."""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from crisisdesk.analysis.lexicon import PRIOR_DOCUMENTS, word_table
from crisisdesk.paths import RESOURCES

STOP_WORDS_FILE = RESOURCES / "analysis" / "stopwords.txt"

# The learnt vocabulary is capped so the persisted state stays small.
MAX_VOCABULARY = 100_000
STATE_VERSION = 1


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The shipped Chinese stop-word list."""
    return read_word_list(STOP_WORDS_FILE)


def read_word_list(path: Path) -> frozenset[str]:
    """One word a line, '#' starts a comment line; blank lines ignored."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.add(word)
    return frozenset(words)


def is_candidate(token: str) -> bool:
    """A token that can be a keyword or hot word: two or more characters, not a pure number."""
    return len(token) >= 2 and token.isalnum() and not token.isdigit()


def candidate_counts(tokens: Sequence[str], stop: frozenset[str]) -> dict[str, int]:
    """How often each keyword candidate occurs, in order of first appearance."""
    counts: dict[str, int] = {}
    for token in tokens:
        if token in counts:
            counts[token] += 1
        elif len(token) > 1 and token not in stop and token.isalnum() and not token.isdigit():
            counts[token] = 1
    return counts


class IdfModel:
    """Document frequencies learnt from the workspace, blended with jieba's IDF as a prior."""

    def __init__(self, state: Mapping[str, Any] | None = None) -> None:
        self._lock = threading.Lock()
        self._documents = 0
        self._df: dict[str, int] = {}
        if state:
            self.load_state(state)

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Replace the learnt statistics with a state from ``state()``; bad entries are skipped."""
        documents = state.get("documents", 0)
        raw_df = state.get("df", {})
        df: dict[str, int] = {}
        if isinstance(raw_df, Mapping):
            for word, count in raw_df.items():
                if isinstance(word, str) and isinstance(count, int) and count > 0:
                    df[word] = count
        with self._lock:
            self._documents = documents if isinstance(documents, int) and documents > 0 else 0
            self._df = df

    def state(self) -> dict[str, Any]:
        """JSON-serialisable statistics for storage to persist."""
        with self._lock:
            return {"version": STATE_VERSION, "documents": self._documents, "df": dict(self._df)}

    @property
    def documents(self) -> int:
        """How many workspace comments the statistics have seen."""
        return self._documents

    def idf(self, word: str) -> float:
        """log(N / df) with jieba's table counted as PRIOR_DOCUMENTS pseudo-documents."""
        table = word_table()
        row = table.index.get(word)
        prior = table.prior_df[row] if row is not None else table.unknown_prior
        df = prior + self._df.get(word, 0)
        return math.log((PRIOR_DOCUMENTS + self._documents) / df)

    def keywords(self, tokens: Sequence[str], stop: frozenset[str], top: int = 5) -> list[str]:
        """The ``top`` tokens by TF-IDF, ties in order of first appearance."""
        return self.top_words(candidate_counts(tokens, stop), top)

    def top_words(
        self, counts: Mapping[str, int], top: int = 5, memo: dict[str, float] | None = None
    ) -> list[str]:
        """The ``top`` words of ``candidate_counts()`` by TF-IDF, ties in order of appearance.

        ``memo`` (word -> log df) may be shared by the comments of one batch: the statistics
        do not change within a batch, and a small dict of the batch's words stays in the CPU
        cache where the big prior table does not.
        """
        if not counts:
            return []
        table = word_table()
        get, priors, unknown = table.index.get, table.prior_df, table.unknown_prior
        learnt = self._df
        log_total = math.log(PRIOR_DOCUMENTS + self._documents)
        log = math.log
        if memo is None:
            memo = {}
        scored = []
        for order, (word, tf) in enumerate(counts.items()):
            log_df = memo.get(word)
            if log_df is None:
                row = get(word)
                prior = priors[row] if row is not None else unknown
                log_df = memo[word] = log(prior + learnt.get(word, 0))
            # tf * (log df - log N) is minus the TF-IDF: ascending order puts the best first.
            scored.append((tf * (log_df - log_total), order, word))
        scored.sort()
        return [word for _, _, word in scored[:top]]

    def update(self, token_lists: Iterable[Sequence[str]], stop: frozenset[str]) -> None:
        """Count each comment once per distinct candidate word."""
        self.update_counts(candidate_counts(tokens, stop) for tokens in token_lists)

    def update_counts(self, documents: Iterable[Mapping[str, int]]) -> None:
        """update() from ``candidate_counts()`` already computed, one mapping per comment."""
        with self._lock:
            df = self._df
            for counts in documents:
                self._documents += 1
                for word in counts:
                    df[word] = df.get(word, 0) + 1
            if len(df) > MAX_VOCABULARY:
                self._prune()

    def _prune(self) -> None:
        """Drop the rarest words until the vocabulary is back under three quarters of the cap."""
        keep = sorted(self._df.items(), key=lambda item: item[1], reverse=True)
        self._df = dict(keep[: MAX_VOCABULARY * 3 // 4])
