"""The forms storage writes for a comment, made from its text and reading, without a database.

The text as the database can hold it (`storable`); the full-text index's documents (folded
text and its character grams; storage also queries with `fold` and `gram_token`); and the
`analysis` column. Pure functions: the analysis process makes them while it reads a
comment, so the sync's own process only writes them (see `storage.search`, `ingest_rows`).
Also the word count the wave detector's minimum applies to (`services.waves`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, filterfalse
from operator import add
from typing import Any

from crisisdesk.domain import AnalysisResult


def storable(text: str) -> str:
    """Text the database can hold: lone surrogates (broken UTF-16 from a platform) become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def fold(value: str) -> str:
    """The form both comments and queries are indexed in: NFKC width folding, lower case."""
    return unicodedata.normalize("NFKC", value).lower()


def grams(folded: str) -> list[str]:
    """Every distinct character and pair of neighbouring characters, in first-seen order."""
    return list(_grams(folded))


def _grams(folded: str) -> Iterable[str]:
    # Interleave each character with the pair it starts, as the index reads them.
    chained = chain.from_iterable(zip(folded, map(add, folded, folded[1:]), strict=False))
    seen = dict.fromkeys(chained)
    if folded:
        seen.setdefault(folded[-1], None)
    # Most comments hold no whitespace: then no gram is blank, and none needs testing.
    return filterfalse(str.isspace, seen) if _WHITESPACE(folded) else seen


_WHITESPACE = re.compile(r"\s").search

_TOKENS_MAX = 200_000  # characters and bigrams repeat: a bounded cache pays for itself


class _TokenCache(dict[str, str]):
    """Gram -> token, computed on first use; a plain dict lookup (in C) after that."""

    def __missing__(self, gram: str) -> str:
        if len(self) >= _TOKENS_MAX:
            self.clear()
        token = self[gram] = "x" + gram.encode("utf-8").hex()
        return token


_TOKENS = _TokenCache()


def gram_token(gram: str) -> str:
    """An FTS5 unicode61 token that stands for exactly one gram, whatever its characters."""
    return _TOKENS[gram]


def gram_document(folded: str) -> str:
    """The search_grams document of a folded text: its grams' tokens, space-separated."""
    return " ".join(map(_TOKENS.__getitem__, _grams(folded)))


def _is_punct(token: str) -> bool:
    return all(not ch.isalnum() for ch in token)


class _WordFlags(dict[str, int]):
    """Token -> 1 when it counts as a word (not blank, not only punctuation), else 0; cached."""

    MAX = 100_000  # tokens repeat; the bound only keeps a long-running sync's memory flat

    def __missing__(self, token: str) -> int:
        if len(self) >= self.MAX:
            self.clear()
        flag = self[token] = 1 if token.strip() and not _is_punct(token) else 0
        return flag


_WORDS = _WordFlags()


def word_count(tokens: Sequence[str]) -> int:
    """Tokens that are words (not blank, not only punctuation): short stock phrases form no wave."""
    return sum(map(_WORDS.__getitem__, tokens))


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """What the SQLite index stores for one comment: its folded text and its gram document."""

    folded: str
    grams: str


def search_doc(text: str) -> SearchDoc:
    """The search documents of one original comment text, as it is stored (see storable)."""
    folded = fold(storable(text or ""))
    return SearchDoc(folded, gram_document(folded))


def analysis_json(a: AnalysisResult) -> dict[str, Any]:
    """The comment's `analysis` column: keywords, intent evidence, watch hits, features."""
    # The lists go to the JSON encoder as they are: it writes a list and a tuple alike.
    return {
        "keywords": a.keywords,
        "intent_evidence": a.intent_evidence,
        "watch_hits": [
            {"word": h.word, "list": h.list_name, "start": h.start, "end": h.end}
            for h in a.watch_hits
        ],
        "features": {k: v for k, v in a.features.items() if v},
    }


def analysis_text(a: AnalysisResult) -> str:
    """The `analysis` column as SQLAlchemy's JSON type writes it (json.dumps, its defaults)."""
    return json.dumps(analysis_json(a))
