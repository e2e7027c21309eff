"""Comments read in the analysis process, a page at a time, as JSON arrays between processes.

A page's answer holds one array per field of what storage writes of a reading (see
`Prepared`). Decoding checks every field's type, so a damaged message is an error, never a
wrong reading stored as if right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, NamedTuple

from crisisdesk.analysis.stored_forms import analysis_text, search_text, word_count
from crisisdesk.domain import AnalysisResult, Intent, Sentiment, WatchHit

_SENTIMENTS = {s.value: s for s in Sentiment}
_INTENTS = {i.value: i for i in Intent}


class Prepared(NamedTuple):
    """One comment read ahead of storing it: what storage writes of its reading.

    The columns of its AnalysisResult that storage writes, its word count (for the wave
    detector), its text as the search index folds it and its `analysis` column as JSON
    text; not the token and keyword lists themselves, which only that JSON text carries on.
    A named tuple: a page of them is built from decoded columns without Python per field.
    """

    normalized: str
    sentiment: Sentiment
    score: float
    confidence: float
    intent: Intent
    watch_hits: list[WatchHit]
    simhash: int
    words: int
    folded: str
    analysis_text: str


def prepare(a: AnalysisResult) -> Prepared:
    """What storage writes of one reading (encode_page sends these; decode_page returns them)."""
    return Prepared(
        a.normalized, a.sentiment, a.score, a.confidence, a.intent, a.watch_hits, a.simhash,
        word_count(a.tokens), search_text(a.text), analysis_text(a),
    )  # fmt: skip


def encode_page(results: Sequence[AnalysisResult]) -> list[list[Any]]:
    """A page's readings as JSON arrays, one per field of Prepared (in its order)."""
    fields = zip(*map(prepare, results), strict=True) if results else ((),) * _FIELDS
    return [
        list(map(_ENCODE[name], column)) if name in _ENCODE else list(column)
        for name, column in zip(Prepared._fields, fields, strict=True)
    ]


# The fields that are not JSON values as they stand; decode_page reads them back.
_ENCODE: dict[str, Callable[[Any], Any]] = {
    "sentiment": attrgetter("value"),
    "intent": attrgetter("value"),
    "watch_hits": lambda hits: [[h.word, h.list_name, h.start, h.end] for h in hits],
}
_FIELDS = len(Prepared._fields)


def decode_page(columns: Any, n: int) -> list[Prepared]:
    """encode_page's arrays back, for a page of n comments; ValueError if any is malformed.

    Every field's type is checked, a column at a time: a damaged message is an error, never
    a wrong reading stored as if right.
    """
    if (
        type(columns) is not list
        or len(columns) != _FIELDS
        or not all(type(c) is list and len(c) == n for c in columns)
    ):
        raise ValueError("the analysis results do not match the texts sent")
    normalized, sentiment, score, confidence, intent, hits, simhash, words, folded, stored = columns
    if not all(_STR.issuperset(map(type, c)) for c in (normalized, folded, stored)):
        raise ValueError("a text field is not a string")
    if not (_NUMBER.issuperset(map(type, score)) and _NUMBER.issuperset(map(type, confidence))):
        raise ValueError("a score is not a number")
    if not (_INT.issuperset(map(type, simhash)) and _INT.issuperset(map(type, words))):
        raise ValueError("a fingerprint or word count is not an integer")
    if not _LIST.issuperset(map(type, hits)):
        raise ValueError("the watch hits are malformed")
    try:
        sentiments = list(map(_SENTIMENTS.__getitem__, sentiment))
        intents = list(map(_INTENTS.__getitem__, intent))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"unknown sentiment or intent: {exc}") from exc
    watch = [[_hit(h) for h in row] if row else row for row in hits]
    return list(
        map(
            Prepared._make,
            zip(normalized, sentiments, map(float, score), map(float, confidence), intents,
                watch, simhash, words, folded, stored, strict=True),
        )
    )  # fmt: skip


_STR = frozenset({str})
_NUMBER = frozenset({float, int})
_INT = frozenset({int})
_LIST = frozenset({list})


def _hit(value: object) -> WatchHit:
    if type(value) is not list or len(value) != 4:
        raise ValueError("a watch hit is not [word, list, start, end]")
    word, list_name, start, end = value
    if type(word) is not str or type(list_name) is not str:
        raise ValueError("a watch hit's word or list is not a string")
    if type(start) is not int or type(end) is not int:
        raise ValueError("a watch hit's offsets are not integers")
    return WatchHit(word, list_name, start, end)
