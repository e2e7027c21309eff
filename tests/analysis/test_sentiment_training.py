"""Training pipeline of the sentiment model on a tiny corpus (needs the `train` extra)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from crisisdesk.analysis.sentiment import LEXICON_FILE, SentimentModel
from crisisdesk.analysis.sentiment_features import Lexicon
from crisisdesk.domain import Sentiment

pytest.importorskip("sklearn")

from crisisdesk.analysis.train_sentiment import (
    accuracy,
    balanced_weights,
    calibrate_neutral,
    train,
)

POS, NEG, NEU = Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL
ROWS = [
    *((t, (), POS) for t in ["服务很好", "非常满意", "谢谢你们", "辛苦了", "点赞", "处理很及时", "态度热情", "很方便"]),
    *((t, (), NEG) for t in ["服务太差", "很不满意", "没人管", "太慢了", "敷衍了事", "投诉无门", "态度恶劣", "很麻烦"]),
    *((t, (), NEU) for t in ["请问在哪办", "几点上班", "需要什么材料", "转发", "收到", "怎么预约", "在哪里", "多久能办"]),
    ("今天的结果", ("怒",), NEG),
    ("今天的结果", ("赞",), POS),
]


def test_train_save_load_round_trip(tmp_path: Path) -> None:
    lexicon = Lexicon.from_file(LEXICON_FILE)
    weights = balanced_weights([label for _t, _e, label in ROWS], 1.0)
    assert sum(weights) == pytest.approx(len(ROWS))
    model = train(ROWS, weights, lexicon, c=50.0, prune=0.0)
    assert accuracy(model, ROWS, binary=False) >= 0.9
    model = model.replace(neutral_bias=calibrate_neutral(model, [ROWS]))
    path = tmp_path / "model.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as data:
        assert "buckets" in data and "meta" in data
    loaded = SentimentModel.load(path)
    items = [(t, {"emoticons": list(e)}) for t, e, _l in ROWS]
    assert [p.label for p in loaded.predict_many(items)] == [p.label for p in model.predict_many(items)]
    assert loaded.neutral_bias == model.neutral_bias


def test_training_needs_three_classes() -> None:
    lexicon = Lexicon.from_file(LEXICON_FILE)
    rows = [r for r in ROWS if r[2] is not NEU]
    with pytest.raises(ValueError):
        train(rows, [1.0] * len(rows), lexicon, c=1.0, prune=0.0)
