"""A comment read in the analysis process, as a compact JSON array passed between processes.

The array holds what storage writes of the reading (see `Prepared`). Decoding checks every
field's type, so a damaged message is an error, never a wrong reading stored as if right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crisisdesk.analysis.stored_forms import analysis_text, search_text, word_count
from crisisdesk.domain import AnalysisResult, Intent, Sentiment, WatchHit

_SENTIMENTS = {s.value: s for s in Sentiment}
_INTENTS = {i.value: i for i in Intent}


@dataclass(frozen=True, slots=True)
class Prepared:
    """One comment read ahead of storing it: what storage writes of its reading.

    The columns of its AnalysisResult that storage writes, its word count (for the wave
    detector), its text as the search index folds it and its `analysis` column as JSON
    text; not the token
    and keyword lists themselves, which only that JSON text carries on.
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
    """What storage writes of one reading (made in the analysis process)."""
    return Prepared(
        a.normalized, a.sentiment, a.score, a.confidence, a.intent, a.watch_hits, a.simhash,
        word_count(a.tokens), search_text(a.text), analysis_text(a),
    )  # fmt: skip


def encode_prepared(p: Prepared) -> list[Any]:
    """One prepared comment as a JSON array."""
    return [
        p.normalized,
        p.sentiment.value,
        p.score,
        p.confidence,
        p.intent.value,
        [[h.word, h.list_name, h.start, h.end] for h in p.watch_hits],
        p.simhash,
        p.words,
        p.folded,
        p.analysis_text,
    ]


def decode_prepared(row: Any) -> Prepared:
    """encode_prepared's array back; ValueError if it is malformed."""
    try:
        (normalized, sentiment, score, confidence, intent, hits, simhash, words, folded,
         stored_analysis) = row  # fmt: skip
        # One check per kind of field: this runs for every comment a sync stores.
        if not _STR.issuperset(map(type, (normalized, folded, stored_analysis))):
            raise ValueError("a text field is not a string")
        if not _NUMBER.issuperset(map(type, (score, confidence))):
            raise ValueError("a score is not a number")
        if type(simhash) is not int or type(words) is not int or type(hits) is not list:
            raise ValueError("the fingerprint, word count or watch hits are malformed")
        return Prepared(
            normalized,
            _SENTIMENTS[sentiment],
            float(score),
            float(confidence),
            _INTENTS[intent],
            [_hit(h) for h in hits] if hits else [],
            simhash,
            words,
            folded,
            stored_analysis,
        )
    except (TypeError, KeyError) as exc:
        raise ValueError(f"malformed analysis result: {exc}") from exc


_STR = frozenset({str})
_NUMBER = frozenset({float, int})


def _hit(value: object) -> WatchHit:
    if type(value) is not list or len(value) != 4:
        raise ValueError("a watch hit is not [word, list, start, end]")
    word, list_name, start, end = value
    if type(word) is not str or type(list_name) is not str:
        raise ValueError("a watch hit's word or list is not a string")
    if type(start) is not int or type(end) is not int:
        raise ValueError("a watch hit's offsets are not integers")
    return WatchHit(word, list_name, start, end)
