"""A comment read in the analysis process, as a compact JSON array passed between processes.

The array holds the AnalysisResult, the comment's search documents and its `analysis`
column as JSON text (see `stored_forms`). The original text is
not sent back: the caller has it. Decoding checks every field's type, so a damaged message is
an error, never a wrong reading stored as if it were right.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

from crisisdesk.analysis.stored_forms import SearchDoc, analysis_text, search_doc
from crisisdesk.domain import AnalysisResult, Intent, Sentiment, WatchHit

_SENTIMENTS = {s.value: s for s in Sentiment}
_INTENTS = {i.value: i for i in Intent}


@dataclass(frozen=True, slots=True)
class Prepared:
    """One comment read ahead of storing it: its analysis and the forms storage writes."""

    result: AnalysisResult
    search: SearchDoc
    analysis_text: str  # the `analysis` column as JSON text


def encode_prepared(a: AnalysisResult) -> list[Any]:
    """One result and its text's search documents as a JSON array, without the text."""
    doc = search_doc(a.text)
    return [
        a.normalized,
        a.tokens,
        a.sentiment.value,
        a.score,
        a.confidence,
        a.intent.value,
        a.intent_evidence,
        a.keywords,
        [[h.word, h.list_name, h.start, h.end] for h in a.watch_hits],
        a.simhash,
        a.features,
        doc.folded,
        doc.grams,
        analysis_text(a),
    ]


def decode_prepared(row: Any, text: str) -> Prepared:
    """encode_prepared's array back, for `text`; ValueError if it is malformed."""
    try:
        (normalized, tokens, sentiment, score, confidence, intent, evidence, keywords, hits,
         simhash, features, folded, grams, stored_analysis) = row  # fmt: skip
        # One check per kind of field: this runs for every comment a sync stores.
        if not _STR.issuperset(map(type, (normalized, folded, grams, stored_analysis))):
            raise ValueError("a text field is not a string")
        if not (_LIST.issuperset(map(type, (tokens, evidence, keywords, hits)))
                and _STR.issuperset(map(type, chain(tokens, evidence, keywords)))):  # fmt: skip
            raise ValueError("a word list is not a list of strings")
        if not _NUMBER.issuperset(map(type, (score, confidence))) or type(simhash) is not int:
            raise ValueError("a number field is not a number")
        if type(features) is not dict or not all(map(_is_str_list, features.values())):
            raise ValueError("features are not lists of strings")
        result = AnalysisResult(
            text=text,
            normalized=normalized,
            tokens=tokens,
            sentiment=_SENTIMENTS[sentiment],
            score=float(score),
            confidence=float(confidence),
            intent=_INTENTS[intent],
            intent_evidence=evidence,
            keywords=keywords,
            watch_hits=[_hit(h) for h in hits] if hits else [],
            simhash=simhash,
            features=features,
        )
        return Prepared(result, SearchDoc(folded, grams), stored_analysis)
    except (TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"malformed analysis result: {exc}") from exc


_STR = frozenset({str})
_LIST = frozenset({list})
_NUMBER = frozenset({float, int})


def _is_str_list(value: object) -> bool:
    return type(value) is list and _STR.issuperset(map(type, value))


def _hit(value: object) -> WatchHit:
    if type(value) is not list or len(value) != 4:
        raise ValueError("a watch hit is not [word, list, start, end]")
    word, list_name, start, end = value
    if type(word) is not str or type(list_name) is not str:
        raise ValueError("a watch hit's word or list is not a string")
    if type(start) is not int or type(end) is not int:
        raise ValueError("a watch hit's offsets are not integers")
    return WatchHit(word, list_name, start, end)
