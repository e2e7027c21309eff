"""Adapting the sentiment model to an office's corrections: gradient steps on their n-grams only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from crisisdesk.analysis.sentiment_features import gram_rows
from crisisdesk.domain import Sentiment

if TYPE_CHECKING:
    from crisisdesk.analysis.sentiment import SentimentModel

# Stop once every corrected text gets its label with at least this probability.
TARGET_CONFIDENCE = 0.8
MAX_EPOCHS = 200
LEARNING_RATE = 1.0
# Single characters occur in almost every comment; moving them much would shift unrelated
# texts, so they learn at a tenth of the rate of the 2- and 3-grams that make a text specific.
_ORDER_RATE = np.array([0.0, 0.1, 1.0, 1.0])
_INDEX = {Sentiment.NEGATIVE: 0, Sentiment.NEUTRAL: 1, Sentiment.POSITIVE: 2}


def adapt_table(
    model: SentimentModel, corrections: Sequence[tuple[str, Sentiment]]
) -> npt.NDArray[np.complex64]:
    """A new n-gram table under which the corrected texts get their labels.

    Only the corrected texts' n-grams move (cue weights stay as trained), so texts sharing
    those n-grams shift with them and the rest of the model keeps its behaviour. The
    model's own table is not modified.
    """
    from crisisdesk.analysis.sentiment import probabilities

    table = model.table.copy()
    if not corrections:
        return table
    batch = model.encode([t for t, _ in corrections], [[] for _ in corrections])
    rows, buckets, orders = gram_rows(batch)
    scale = 1.0 / np.sqrt(batch.gram_counts())
    value = scale[rows]
    rate = _ORDER_RATE[orders] * value * LEARNING_RATE
    # einsum, not @: see SentimentModel.logits (OpenBLAS's spinning helper thread).
    fixed = np.einsum("ij,j->i", batch.cues, model.cue_weights) + model.bias
    want = np.array([_INDEX[label] for _, label in corrections])
    target = np.zeros((3, len(corrections)))
    target[want, np.arange(len(corrections))] = 1.0
    for _epoch in range(MAX_EPOCHS):
        contributions = table[buckets].astype(np.complex128) * value
        z = fixed + np.bincount(rows, weights=contributions.real, minlength=batch.size)
        z = z + 1j * np.bincount(rows, weights=contributions.imag, minlength=batch.size)
        probs = np.stack(probabilities(z, model.neutral_bias))
        mine = probs[want, np.arange(len(want))]
        unsettled = (mine < TARGET_CONFIDENCE) | (probs.argmax(axis=0) != want)
        if not unsettled.any():
            break
        error = (probs - target) * unsettled
        # derivatives of the log-loss with respect to a (polarity) and b (neutral) for the
        # softmax over (-a/2, b, a/2)
        gradient = (error[2] - error[0]) / 2 + 1j * error[1]
        np.add.at(table, buckets, (-gradient[rows] * rate).astype(np.complex64))
    return table
