"""The forms storage writes for a comment, made from its text and reading, without a database.

The text as the database can hold it (`storable`); the full-text index's forms (the folded
text, and the pair document made from it; storage also queries with `fold` and
`pair_token`); and the `analysis` column. Pure functions: the analysis process makes them
while it reads a comment, so the sync's own process only writes them (see `storage.search`,
`ingest_rows`).
Also the word count the wave detector's minimum applies to (`services.waves`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
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
    # Interleave each character with the pair it starts, as the index reads them.
    chained = chain.from_iterable(zip(folded, map(add, folded, folded[1:]), strict=False))
    seen = dict.fromkeys(chained)
    if folded:
        seen.setdefault(folded[-1], None)
    # Most comments hold no whitespace: then no gram is blank, and none needs testing.
    return list(filterfalse(str.isspace, seen) if _WHITESPACE(folded) else seen)


_WHITESPACE = re.compile(r"\s").search

# Stands between the characters of a pair document: a noncharacter, which no one writes; one
# that a comment does hold is replaced there and in queries alike, so it can fake no match.
GAP = "\ufdd0"


def pair_document(folded: str) -> str:
    """The search_pairs document of a folded text: its characters, each between two GAPs.

    SQLite's trigram tokenizer then indexes each character c as the trigram GAP c GAP, and
    each pair of neighbouring characters ab as a GAP b (see pair_token), in C, with no
    per-gram work here.
    """
    if GAP in folded:
        folded = folded.replace(GAP, "\ufffd")
    return GAP + GAP.join(folded) + GAP


def pair_token(term: str) -> str:
    """The trigram that stands for a folded term of one or two characters in pair documents."""
    if not 1 <= len(term) <= 2:
        raise ValueError("pair tokens stand for terms of one or two characters")
    term = term.replace(GAP, "\ufffd")
    return GAP + term + GAP if len(term) == 1 else term[0] + GAP + term[1]


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


def search_text(text: str) -> str:
    """The folded form the index holds of one original comment text, as it is stored."""
    return fold(storable(text or ""))


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
