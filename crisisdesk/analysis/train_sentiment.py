"""Train the shipped sentiment model (`make train-sentiment`); needs the `train` extra (scikit-learn)."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from crisisdesk.analysis.sentiment import LEXICON_FILE, MODEL_FILE, SentimentModel
from crisisdesk.analysis.sentiment_corpus import SocialExample, social_corpus
from crisisdesk.analysis.sentiment_data import (
    REVIEW_SETS,
    Example,
    load_reviews,
    split,
    write_split_file,
)
from crisisdesk.analysis.sentiment_features import BUCKETS, CUES, Lexicon, encode, gram_rows
from crisisdesk.domain import Sentiment

_CLASS_INDEX = {Sentiment.NEGATIVE: 0, Sentiment.NEUTRAL: 1, Sentiment.POSITIVE: 2}
_CHUNK = 4096
Row = tuple[str, tuple[str, ...], Sentiment]


def rows_of(examples: Sequence[Example | SocialExample]) -> list[Row]:
    """(text, emoticons, label) tuples."""
    return [(e.text, tuple(e.emoticons), e.label) for e in examples]


def balanced_weights(labels: Sequence[Sentiment], scale: float) -> list[float]:
    """Row weights that give each class of one source the same total weight (mean ``scale``)."""
    counts = Counter(labels)
    return [scale * len(labels) / (len(counts) * counts[label]) for label in labels]


def design_matrix(lexicon: Lexicon, rows: Sequence[Row], emoticons: Sequence[str]) -> Any:
    """CSR matrix: BUCKETS hashed n-gram columns, then the cues, then one column per emoticon."""
    from scipy.sparse import (  # type: ignore[import-untyped, unused-ignore]
        coo_matrix,
        csr_matrix,
        hstack,
        vstack,
    )

    emo_index = {name: i for i, name in enumerate(emoticons)}
    blocks = []
    for begin in range(0, len(rows), _CHUNK):
        chunk = rows[begin : begin + _CHUNK]
        batch = encode(lexicon, [t for t, _, _ in chunk], [list(e) for _, e, _ in chunk])
        owner, buckets, _orders = gram_rows(batch)
        scale = 1.0 / np.sqrt(batch.gram_counts())
        grams = csr_matrix(
            (scale[owner], (owner, buckets)), shape=(len(chunk), BUCKETS), dtype=np.float64
        )
        emo_rows, emo_cols = [], []
        for i, (_t, names, _l) in enumerate(chunk):
            for name in names:
                if name in emo_index:
                    emo_rows.append(i)
                    emo_cols.append(emo_index[name])
        emo = coo_matrix(
            (np.ones(len(emo_rows)), (emo_rows, emo_cols)), shape=(len(chunk), len(emo_index))
        )
        blocks.append(hstack([grams, csr_matrix(batch.cues), emo], format="csr"))
    return vstack(blocks, format="csr")


def train(
    rows: Sequence[Row],
    weights: Sequence[float],
    lexicon: Lexicon,
    *,
    c: float,
    prune: float,
    max_iter: int = 800,
) -> SentimentModel:
    """Fit the multinomial logistic regression and turn it into a SentimentModel."""
    from sklearn.linear_model import LogisticRegression

    seen = Counter(name for _t, names, _l in rows for name in names)
    emoticons = sorted(n for n, k in seen.items() if k >= 2)
    x = design_matrix(lexicon, rows, emoticons)
    # Buckets seen in a single row can only memorise that row; cue columns always stay.
    df = np.bincount(x.indices, minlength=x.shape[1])
    df[BUCKETS:] = np.maximum(df[BUCKETS:], 2)
    used = np.flatnonzero(df >= 2)
    x = x[:, used]
    y = np.array([_CLASS_INDEX[label] for _t, _e, label in rows])
    if len(set(y.tolist())) != 3:
        raise ValueError("training needs negative, neutral and positive rows")
    clf = LogisticRegression(C=c, max_iter=max_iter, tol=1e-4)
    clf.fit(x, y, sample_weight=np.asarray(weights, dtype=np.float64))
    neg, neu, pos = clf.coef_
    polarity = pos - neg
    neutral = neu - (pos + neg) / 2
    full = np.zeros(BUCKETS + len(CUES) + len(emoticons), dtype=np.complex128)
    full[used] = polarity + 1j * neutral
    table = full[:BUCKETS].astype(np.complex64)
    table[np.abs(table) < prune] = 0
    i_neg, i_neu, i_pos = clf.intercept_
    return SentimentModel(
        table=table,
        cue_weights=full[BUCKETS : BUCKETS + len(CUES)],
        emoticon_weights={
            name: complex(full[BUCKETS + len(CUES) + i]) for i, name in enumerate(emoticons)
        },
        bias=complex(i_pos - i_neg, i_neu - (i_pos + i_neg) / 2),
        lexicon=lexicon,
        meta={"c": c, "prune": prune, "max_iter": max_iter, "columns": len(used)},
    )


def accuracy(model: SentimentModel, rows: Sequence[Row], *, binary: bool) -> float:
    """Share of rows labelled right (binary: positive if score >= 0, else negative)."""
    if not rows:
        return float("nan")
    predictions = model.predict_many([(t, {"emoticons": list(e)}) for t, e, _ in rows])
    right = 0
    for p, (_t, _e, label) in zip(predictions, rows, strict=True):
        polar = Sentiment.POSITIVE if p.score >= 0 else Sentiment.NEGATIVE
        right += (polar if binary else p.label) is label
    return right / len(rows)


def calibrate_neutral(model: SentimentModel, dev_sets: Sequence[Sequence[Row]]) -> float:
    """The neutral bias that maximises the mean 3-class accuracy over the social dev sets."""
    best_bias, best_acc = 0.0, -1.0
    for bias in np.arange(-3.0, 3.01, 0.25):
        candidate = model.replace(neutral_bias=float(bias))
        acc = sum(accuracy(candidate, rows, binary=False) for rows in dev_sets) / len(dev_sets)
        # ties go to the bias nearest zero, the uncalibrated model
        if acc > best_acc + 1e-9 or (abs(acc - best_acc) <= 1e-9 and abs(bias) < abs(best_bias)):
            best_bias, best_acc = float(bias), acc
    return best_bias


def main(argv: Sequence[str] | None = None) -> int:
    """Train on the review sets' training rows plus the social corpus; write model.npz."""
    parser = argparse.ArgumentParser(description="训练情感分析模型 (train the sentiment model)")
    parser.add_argument("--c", type=float, default=4.0, help="inverse regularisation strength")
    parser.add_argument("--prune", type=float, default=0.01, help="drop smaller weights")
    parser.add_argument("--max-iter", type=int, default=800, help="lbfgs iterations at most")
    parser.add_argument("--social-weight", type=float, default=3.0)
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    lexicon = Lexicon.from_file(LEXICON_FILE)
    train_rows: list[Row] = []
    sample_weights: list[float] = []
    tests: dict[str, list[Example]] = {}
    for name in REVIEW_SETS:
        train_part, test_part = split(load_reviews(name))
        tests[name] = test_part
        train_rows.extend(rows_of(train_part))
        sample_weights.extend(balanced_weights([e.label for e in train_part], 1.0))
        print(f"{name}: {len(train_part)} train, {len(test_part)} held out", file=sys.stderr)
    # The split belongs with the model it was made for: beside the output file.
    write_split_file(tests, args.output.parent / "split.json")
    corpus = social_corpus()
    train_rows.extend(rows_of(corpus.train))
    sample_weights.extend(balanced_weights([e.label for e in corpus.train], args.social_weight))
    print(
        f"social: {len(corpus.train)} train, {len(corpus.dev)} dev, {len(corpus.test)} test, "
        f"{len(corpus.handwritten)} hand-written",
        file=sys.stderr,
    )
    model = train(
        train_rows, sample_weights, lexicon, c=args.c, prune=args.prune, max_iter=args.max_iter
    )
    dev_rows = rows_of(corpus.dev)
    hand_dev_rows = rows_of(corpus.handwritten_dev)
    neutral_bias = calibrate_neutral(model, [dev_rows, hand_dev_rows])
    model = model.replace(
        neutral_bias=neutral_bias, meta=dict(model.meta, social_train=len(corpus.train))
    )
    model.save(args.output)
    for name, rows in tests.items():
        print(f"held-out {name}: binary accuracy {accuracy(model, rows_of(rows), binary=True):.4f}")
    print(
        f"social dev accuracy {accuracy(model, dev_rows, binary=False):.4f}, "
        f"hand-written dev {accuracy(model, hand_dev_rows, binary=False):.4f} "
        f"(neutral bias {neutral_bias}; dev rows choose the bias, see the benchmark for test rows)"
    )
    print(
        f"model: {int(np.count_nonzero(model.table))} n-gram weights, "
        f"{args.output.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
