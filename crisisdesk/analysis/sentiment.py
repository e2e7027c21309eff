"""The sentiment model: a linear model over hashed character n-grams and lexicon cues (no jieba).

The model has three classes (negative / neutral / positive). A linear softmax model's logits
matter only up to a common shift, so two numbers per feature describe it: the polarity logit
``a`` (positive minus negative) and the neutral logit ``b`` (neutral minus the mean of the
other two), stored together as one complex weight ``a + b·j``. The sign of ``a`` alone
decides positive against negative; ``b`` decides whether the comment is neutral.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from crisisdesk.analysis.sentiment_features import (
    BUCKETS,
    CUES,
    Batch,
    Lexicon,
    emoticon_names,
    encode,
    encode_one,
    gram_sums,
)
from crisisdesk.domain import Sentiment
from crisisdesk.paths import RESOURCES

MODEL_DIR = RESOURCES / "analysis" / "sentiment"
MODEL_FILE = MODEL_DIR / "model.npz"
LEXICON_FILE = MODEL_DIR / "lexicon.json"
# Logits beyond this are certain anyway; clamping keeps exp() finite on pathological input.
_LOGIT_LIMIT = 30.0
_MEMORY_KEY_RE = re.compile(r"[\W_]+")
_SEP = "\x00"
# Up to this many items, predict_many() scores one by one: numpy's fixed cost per call is
# larger than the pure-Python path's cost for a few short texts.
_SMALL_BATCH = 4
_LABELS = (Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE)

Features = Mapping[str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class SentimentPrediction:
    """A label with a polarity score in [-1, 1] and the model's confidence in [0, 1]."""

    label: Sentiment
    score: float
    confidence: float


# Nothing to read (empty or blank text, no emoticons): neutral by definition.
_NOTHING = SentimentPrediction(Sentiment.NEUTRAL, 0.0, 1.0)


def memory_key(normalized: str) -> str:
    """The key under which a corrected text is remembered: punctuation and spaces ignored."""
    return _MEMORY_KEY_RE.sub("", normalized)


def safe_text(normalized: object) -> str:
    """A str to work on whatever the caller passed (None, bytes, numbers...)."""
    if isinstance(normalized, str):
        return normalized
    if isinstance(normalized, bytes | bytearray):
        return bytes(normalized).decode("utf-8", "replace")
    if normalized is None:
        return ""
    try:
        return str(normalized)
    except Exception:  # an object whose __str__ fails is simply no text
        return ""


def _unpack_raw(item: object) -> tuple[object, object]:
    """(text, features) of one predict_many item as given, tolerating malformed items."""
    if isinstance(item, tuple | list) and len(item) == 2:
        return item[0], item[1]
    return item, None


def _unpack(item: object) -> tuple[str, list[str]]:
    """(text, emoticon names) of one predict_many item, tolerating malformed items."""
    if type(item) is tuple and len(item) == 2 and type(item[0]) is str:
        features = item[1]
        if type(features) is dict and not features.get("emoticons"):
            return item[0], []  # the common case, kept cheap
    if isinstance(item, tuple | list) and len(item) == 2:
        return safe_text(item[0]), emoticon_names(item[1])
    return safe_text(item), []


def probabilities(
    z: npt.NDArray[np.complex128], neutral_bias: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(negative, neutral, positive) probabilities of logits, the neutral one shifted by the bias."""
    a = np.clip(z.real, -_LOGIT_LIMIT, _LOGIT_LIMIT)
    b = np.clip(z.imag + neutral_bias, -_LOGIT_LIMIT, _LOGIT_LIMIT)
    e_pos, e_neg, e_neu = np.exp(a / 2), np.exp(-a / 2), np.exp(b)
    total = e_pos + e_neg + e_neu
    return e_neg / total, e_neu / total, e_pos / total


class SentimentModel:
    """A trained sentiment model; immutable once built (adapt() returns a new one)."""

    __slots__ = (
        "_bias",
        "_cue_list",
        "_cue_weights",
        "_emoticon_weights",
        "_lexicon",
        "_memory",
        "_neutral_bias",
        "_table",
        "meta",
    )

    def __init__(
        self,
        *,
        table: npt.NDArray[np.complex64],
        cue_weights: npt.NDArray[np.complex128],
        emoticon_weights: Mapping[str, complex],
        bias: complex,
        lexicon: Lexicon,
        neutral_bias: float = 0.0,
        memory: Mapping[str, Sentiment] | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        if table.shape != (BUCKETS,) or cue_weights.shape != (len(CUES),):
            raise ValueError("sentiment model weights have the wrong shape")
        self._table = table
        self._cue_weights = cue_weights
        self._cue_list: list[complex] = cue_weights.tolist()
        self._emoticon_weights = dict(emoticon_weights)
        self._bias = bias
        self._lexicon = lexicon
        self._neutral_bias = neutral_bias
        self._memory: dict[str, Sentiment] = dict(memory or {})
        self.meta: dict[str, Any] = dict(meta or {})

    # -- loading and saving -------------------------------------------------------------

    @classmethod
    def load(cls, path: Path, lexicon_path: Path = LEXICON_FILE) -> SentimentModel:
        """Load a model file written by :meth:`save` (npz, no pickled objects allowed)."""
        with np.load(path, allow_pickle=False) as data:
            buckets = data["buckets"].astype(np.intp)
            values = data["weights"].astype(np.complex64)
            cue_names = bytes(data["cue_names"]).decode("utf-8").split(_SEP)
            cue_values = data["cue_weights"].astype(np.complex128)
            emo_raw = bytes(data["emoticon_names"]).decode("utf-8")
            emo_values = data["emoticon_weights"].astype(np.complex128).tolist()
            bias = complex(data["bias"].item())
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
        if tuple(cue_names) != CUES:
            raise ValueError(f"sentiment model {path} was trained with other cue features")
        table = np.zeros(BUCKETS, dtype=np.complex64)
        table[buckets] = values
        emo_names = emo_raw.split(_SEP) if emo_raw else []
        return cls(
            table=table,
            cue_weights=cue_values,
            emoticon_weights=dict(zip(emo_names, emo_values, strict=True)),
            bias=bias,
            lexicon=Lexicon.from_file(lexicon_path),
            neutral_bias=float(meta.get("neutral_bias", 0.0)),
            meta=meta,
        )

    @classmethod
    def load_default(cls) -> SentimentModel:
        """The model shipped in resources/analysis/sentiment/."""
        return cls.load(MODEL_FILE)

    def save(self, path: Path) -> None:
        """Write the non-zero weights as an npz with JSON metadata.

        Uncompressed on purpose: zlib would save a third of the size but cost most of the
        load time, and start-up must stay fast.
        """
        buckets = np.flatnonzero(self._table).astype(np.uint32)
        names = [n for n in self._emoticon_weights if _SEP not in n]
        meta = dict(self.meta, neutral_bias=self._neutral_bias)

        def utf8(text: str) -> npt.NDArray[np.uint8]:
            return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)

        np.savez(
            path,
            buckets=buckets,
            weights=self._table[buckets],
            cue_names=utf8(_SEP.join(CUES)),
            cue_weights=self._cue_weights,
            emoticon_names=utf8(_SEP.join(names)),
            emoticon_weights=np.array(
                [self._emoticon_weights[n] for n in names], dtype=np.complex128
            ),
            bias=np.array(self._bias, dtype=np.complex128),
            meta=utf8(json.dumps(meta, ensure_ascii=False)),
        )

    def replace(self, **changes: Any) -> SentimentModel:
        """A copy of this model with some parts replaced (training and adaptation use it)."""
        parts: dict[str, Any] = {
            "table": self._table,
            "cue_weights": self._cue_weights,
            "emoticon_weights": self._emoticon_weights,
            "bias": self._bias,
            "lexicon": self._lexicon,
            "neutral_bias": self._neutral_bias,
            "memory": self._memory,
            "meta": self.meta,
        }
        parts.update(changes)
        return SentimentModel(**parts)

    # -- read-only views ------------------------------------------------------------------

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon whose cues this model was trained with."""
        return self._lexicon

    @property
    def table(self) -> npt.NDArray[np.complex64]:
        """The hashed n-gram weights (do not modify: models share it)."""
        return self._table

    @property
    def cue_weights(self) -> npt.NDArray[np.complex128]:
        """The weight of each cue in CUES."""
        return self._cue_weights

    @property
    def bias(self) -> complex:
        """The intercept ``a + b·j``."""
        return self._bias

    @property
    def neutral_bias(self) -> float:
        """The calibrated shift of the neutral logit."""
        return self._neutral_bias

    @property
    def memory(self) -> Mapping[str, Sentiment]:
        """Corrected texts (memory_key) and the operator's label for them."""
        return self._memory

    # -- prediction -----------------------------------------------------------------------

    def logits(self, batch: Batch) -> npt.NDArray[np.complex128]:
        """The raw output ``a + b·j`` for each text of an encoded batch."""
        # n-gram sums are scaled by 1/sqrt(count) so that long reviews and short comments
        # land on one scale; cues are not (one cue is one piece of evidence).
        z = gram_sums(batch, self._table) / np.sqrt(batch.gram_counts())
        # Not ``cues @ weights``: numpy hands a product this size to OpenBLAS, which runs it
        # on a second thread that then busy-waits for more work, burning a core for a while
        # after every batch and doubling the CPU time of whatever the process does next.
        z += np.einsum("ij,j->i", batch.cues, self._cue_weights)
        z += self._bias
        weights = self._emoticon_weights
        for row, names in enumerate(batch.emoticons):
            for name in names:
                z[row] += weights.get(name, 0j)
        return z

    def encode(self, texts: Sequence[str], emoticons: Sequence[Sequence[str]]) -> Batch:
        """Encode normalised texts (and their emoticon names) for this model."""
        return encode(self._lexicon, texts, emoticons)

    def predict(self, normalized: str, features: Features | None = None) -> SentimentPrediction:
        """Sentiment of one normalised comment; never raises on odd input."""
        return self._predict_one(normalized, features)

    def _predict_one(self, normalized: object, features: object) -> SentimentPrediction:
        """predict() in pure Python (same features and weights as the vectorised path)."""
        text = safe_text(normalized)
        emoticons = emoticon_names(features)
        if not emoticons and not text.strip():
            return _NOTHING
        buckets, cues = encode_one(self._lexicon, text, emoticons)
        z = complex(self._table[buckets].sum(dtype=np.complex128)) / math.sqrt(len(buckets))
        z += self._bias + sum(
            (w * c for w, c in zip(self._cue_list, cues, strict=True) if c), 0j
        )
        weights = self._emoticon_weights
        for name in emoticons:
            z += weights.get(name, 0j)
        prediction = self._decide_one(z)
        if self._memory:
            remembered = self._memory.get(memory_key(text))
            if remembered is not None and remembered is not prediction.label:
                return _forced(remembered, prediction)
        return prediction

    def predict_many(self, items: Sequence[tuple[str, Features]]) -> list[SentimentPrediction]:
        """Sentiment of many normalised comments, vectorised; one prediction per item, in order."""
        if len(items) <= _SMALL_BATCH:
            return [self._predict_one(*_unpack_raw(item)) for item in items]
        unpacked = [_unpack(item) for item in items]
        texts = [t for t, _ in unpacked]
        z = self.logits(self.encode(texts, [e for _, e in unpacked]))
        predictions = self._decide(z)
        for i, (text, emoticons) in enumerate(unpacked):
            if not emoticons and not text.strip():
                predictions[i] = _NOTHING
        if self._memory:
            for i, text in enumerate(texts):
                remembered = self._memory.get(memory_key(text))
                if remembered is not None and remembered is not predictions[i].label:
                    predictions[i] = _forced(remembered, predictions[i])
        return predictions

    def _decide_one(self, z: complex) -> SentimentPrediction:
        """_decide for one logit, without numpy's per-call cost."""
        a = min(max(z.real, -_LOGIT_LIMIT), _LOGIT_LIMIT)
        e_pos, e_neg = math.exp(a / 2), math.exp(-a / 2)
        score = (e_pos - e_neg) / (e_pos + e_neg + math.exp(min(max(z.imag, -_LOGIT_LIMIT), _LOGIT_LIMIT)))
        b = min(max(z.imag + self._neutral_bias, -_LOGIT_LIMIT), _LOGIT_LIMIT)
        q = (e_neg, math.exp(b), e_pos)
        best = q.index(max(q))
        return SentimentPrediction(_LABELS[best], score, q[best] / sum(q))

    def _decide(self, z: npt.NDArray[np.complex128]) -> list[SentimentPrediction]:
        """Labels, scores and confidences of logits."""
        p_neg, _p_neu, p_pos = probabilities(z, 0.0)
        score = (p_pos - p_neg).tolist()
        # The calibrated neutral bias moves only the neutral boundary; the sign of the
        # score (positive against negative) does not depend on it.
        q = np.stack(probabilities(z, self._neutral_bias))
        best = q.argmax(axis=0)
        confidence = q.max(axis=0).tolist()
        # ties between neutral and a polar class go to neutral, as argmax does
        return [
            SentimentPrediction(_LABELS[k], s, c)
            for k, s, c in zip(best.tolist(), score, confidence, strict=True)
        ]

    # -- adaptation to an office's corrections ---------------------------------------------

    def adapt(self, corrections: Sequence[tuple[str, Sentiment]]) -> SentimentModel:
        """A new model fitted to operator corrections (normalised texts); this one is unchanged."""
        from crisisdesk.analysis.sentiment_adapt import adapt_table

        cleaned: list[tuple[str, Sentiment]] = []
        for item in corrections:
            try:
                text, label = item
                cleaned.append((safe_text(text), Sentiment(label)))
            except (TypeError, ValueError):
                continue
        cleaned = [(t, label) for t, label in cleaned if memory_key(t)]
        memory = dict(self._memory)
        for text, label in cleaned:
            memory[memory_key(text)] = label
        return self.replace(
            table=adapt_table(self, cleaned),
            memory=memory,
            meta=dict(self.meta, adapted_on=len(memory)),
        )


def _forced(label: Sentiment, model_view: SentimentPrediction) -> SentimentPrediction:
    """The operator's label for a text they corrected, with a score that agrees with it."""
    if label is Sentiment.NEUTRAL:
        return SentimentPrediction(label, max(-0.2, min(0.2, model_view.score)), 1.0)
    magnitude = max(0.5, abs(model_view.score))
    return SentimentPrediction(label, magnitude if label is Sentiment.POSITIVE else -magnitude, 1.0)


_default: SentimentModel | None = None
_default_lock = threading.Lock()


def default_model() -> SentimentModel:
    """The shipped model, loaded on first use and shared by every caller."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = SentimentModel.load_default()
    return _default
