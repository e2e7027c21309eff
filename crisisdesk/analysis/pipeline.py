"""The analysis pipeline: normalise, segment once, then keywords, intent, watch-words, sentiment."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from crisisdesk.analysis.intent import IntentClassifier
from crisisdesk.analysis.keywords import IdfModel, candidate_counts, stop_words
from crisisdesk.analysis.normalize import FEATURE_KEYS, Normalized, normalize
from crisisdesk.analysis.segment import Segmenter
from crisisdesk.analysis.sentiment import SentimentModel, default_model
from crisisdesk.analysis.watchwords import WatchMatcher
from crisisdesk.analysis.waves import fingerprint_words
from crisisdesk.domain import AnalysisResult, Sentiment

KEYWORDS_PER_COMMENT = 5

_shared_lock = threading.Lock()
_shared_intent: IntentClassifier | None = None


def _intent_classifier() -> IntentClassifier:
    """The shipped intent rules, read once per process."""
    global _shared_intent
    if _shared_intent is None:
        with _shared_lock:
            if _shared_intent is None:
                _shared_intent = IntentClassifier()
    return _shared_intent


def _safe_normalize(text: object) -> Normalized:
    """normalize() for anything a caller might pass; a non-str becomes empty."""
    if not isinstance(text, str):
        return Normalized("", {key: [] for key in FEATURE_KEYS})
    return normalize(text)


class Analyzer:
    """Reads comments for the inbox and the charts; one per workspace (its IDF and word lists)."""

    def __init__(
        self,
        *,
        watch_lists: Mapping[str, Iterable[str]] | None = None,
        user_words: Iterable[str] = (),
        own_names: Iterable[str] = (),
        idf_state: Mapping[str, Any] | None = None,
        sentiment_model: SentimentModel | None = None,
    ) -> None:
        names = [normalize(n).text for n in own_names if isinstance(n, str)]
        self._own_names = frozenset(n for n in names if n)
        self._segmenter = Segmenter([*self._clean_words(user_words), *self._own_names])
        self._watch = WatchMatcher(watch_lists)
        self._idf = IdfModel(idf_state)
        self._stop = stop_words() | self._own_names
        self._update_lock = threading.Lock()
        # None: the shipped model; a workspace passes one adapted to its operators' corrections.
        self._model = sentiment_model

    @staticmethod
    def _clean_words(words: Iterable[str]) -> list[str]:
        cleaned = (normalize(w).text for w in words if isinstance(w, str))
        return [w for w in cleaned if w]

    @property
    def own_names(self) -> frozenset[str]:
        """The account's own names, normalised; they never become keywords or hot words."""
        return self._own_names

    def set_watch_lists(self, lists: Mapping[str, Iterable[str]]) -> None:
        """Replace every watch list (name -> words)."""
        self._watch.set_lists(lists)

    def add_user_words(self, words: Iterable[str]) -> None:
        """Words the office wants segmented as one token (names, places, programmes)."""
        self._segmenter.add_words(self._clean_words(words))

    def idf_state(self) -> dict[str, Any]:
        """The learnt keyword statistics, JSON-serialisable, for storage to persist."""
        return self._idf.state()

    def warm_up(self) -> None:
        """Load the dictionary and the sentiment model now rather than on the first comment."""
        self.tokenize("预热")
        if self._model is None:
            default_model()

    def tokenize(self, text: str) -> list[str]:
        """Tokens of one raw text, as analyze() would produce them."""
        return self._segmenter.cut(_safe_normalize(text).text)

    def analyze(self, texts: Sequence[str]) -> list[AnalysisResult]:
        """Analyse a batch; one result per text, in order, whatever the input."""
        texts = list(texts)
        normalized = [_safe_normalize(t) for t in texts]
        cut = self._segmenter.cut
        token_lists = [cut(n.text) for n in normalized]
        # Words and numbers (not punctuation) feed both the fingerprints and the keywords.
        word_lists = [[t for t in tokens if t.isalnum()] for tokens in token_lists]
        fingerprints = fingerprint_words(word_lists)
        stop = self._stop
        candidates = [candidate_counts(words, stop) for words in word_lists]
        memo: dict[str, float] = {}
        classify = _intent_classifier().classify
        top_words = self._idf.top_words
        find = self._watch.find
        results: list[AnalysisResult] = []
        for raw, norm, tokens, counts, fingerprint in zip(
            texts, normalized, token_lists, candidates, fingerprints, strict=True
        ):
            decision = classify(norm.text, norm.features)
            results.append(
                AnalysisResult(
                    text=raw if isinstance(raw, str) else "",
                    normalized=norm.text,
                    tokens=tokens,
                    sentiment=Sentiment.NEUTRAL,
                    score=0.0,
                    confidence=0.0,
                    intent=decision.intent,
                    intent_evidence=decision.evidence,
                    keywords=top_words(counts, KEYWORDS_PER_COMMENT, memo),
                    watch_hits=find(norm.text),
                    simhash=fingerprint,
                    features=norm.features,
                )
            )
        # Sentiment for the whole batch in one vectorised call (about 15% of the pipeline).
        model = self._model or default_model()
        predictions = model.predict_many([(n.text, n.features) for n in normalized])
        for result, prediction in zip(results, predictions, strict=True):
            result.sentiment = prediction.label
            result.score = float(prediction.score)
            result.confidence = float(prediction.confidence)
        with self._update_lock:
            self._idf.update_counts(candidates)
        return results
