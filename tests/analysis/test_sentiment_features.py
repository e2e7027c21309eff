"""Feature extraction of the sentiment model: hashing, cue counting, corpus and data split."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.analysis.sentiment import LEXICON_FILE
from crisisdesk.analysis.sentiment_corpus import load_templates, social_corpus, template_split
from crisisdesk.analysis.sentiment_data import is_test_text
from crisisdesk.analysis.sentiment_features import (
    BUCKETS,
    CUES,
    Lexicon,
    bucket,
    encode,
    encode_one,
    gram_rows,
    gram_sums,
    hash_gram,
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.from_file(LEXICON_FILE)


def cues_of(lexicon: Lexicon, text: str, emoticons: list[str] | None = None) -> dict[str, float]:
    batch = encode(lexicon, [text], [emoticons or []])
    return {CUES[i]: float(v) for i, v in enumerate(batch.cues[0]) if v}


def test_negation_and_double_negation(lexicon: Lexicon) -> None:
    assert cues_of(lexicon, "我很满意") == {"D+": 1.0}
    assert cues_of(lexicon, "不太满意")["N-"] == 1.0
    # "不好" is a negative word; "没有" before it negates it: a positive statement
    assert cues_of(lexicon, "没有不好")["N+"] == 1.0
    # a negator inside another polar word does not negate the next one
    assert cues_of(lexicon, "不错不错") == {"L+": 2.0}
    # a clause boundary ends the negation's reach
    assert "N+" not in cues_of(lexicon, "不,满意")


def test_degree_sarcasm_and_questions(lexicon: Lexicon) -> None:
    assert cues_of(lexicon, "非常不满意") == {"D-": 1.0}
    sarcastic = cues_of(lexicon, "呵呵,真是“好”服务")
    assert sarcastic["S"] == 1.0 and sarcastic["S+"] == 1.0
    assert cues_of(lexicon, "为什么还没修好?")["CQ"] == 1.0
    asking = cues_of(lexicon, "请问在哪里办理?")
    assert asking["Q"] == 1.0 and asking["NQ"] == 1.0 and asking["NONE"] == 1.0
    assert cues_of(lexicon, "") == {"EMPTY": 1.0}


def test_emoticon_cues(lexicon: Lexicon) -> None:
    assert cues_of(lexicon, "", ["怒"])["E-"] == 1.0
    assert cues_of(lexicon, "", ["赞"])["E+"] == 1.0
    assert cues_of(lexicon, "效率真高", ["微笑"])["S"] == 1.0


def test_hash_of_single_gram_matches_batch_hashes(lexicon: Lexicon) -> None:
    batch = encode(lexicon, ["好吃吗"], [[]])
    h1, h2, h3 = batch.hashes
    assert int(h1[1]) == hash_gram("好")
    assert int(h2[1]) == hash_gram("好吃")
    assert int(h3[1]) == hash_gram("好吃吗")
    with pytest.raises(ValueError):
        hash_gram("")


_TABLE = ((np.arange(BUCKETS) % 97 - 48) * (1 + 0.5j)).astype(np.complex64)


@settings(max_examples=80, deadline=None)
@given(texts=st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_gram_sums_equal_sum_over_gram_rows(texts: list[str]) -> None:
    lex = Lexicon.from_mapping({})
    batch = encode(lex, texts, [[] for _ in texts])
    table = _TABLE
    rows, buckets, orders = gram_rows(batch)
    expected = np.bincount(rows, weights=table[buckets].real, minlength=len(texts))
    assert np.allclose(gram_sums(batch, table).real, expected)
    assert np.array_equal(np.bincount(rows, minlength=len(texts)), batch.gram_counts())
    assert set(orders.tolist()) <= {1, 2, 3}
    assert buckets.min(initial=0) >= 0 and buckets.max(initial=0) < BUCKETS
    assert bucket(batch.hashes[0]).dtype == np.intp


def test_templates_are_split_not_rows() -> None:
    corpus = social_corpus()
    train_templates = {e.template for e in corpus.train}
    held_out = {e.template for e in corpus.dev} | {e.template for e in corpus.test}
    assert train_templates and held_out and not train_templates & held_out
    train_texts = {e.text for e in corpus.train}
    assert not train_texts & {e.text for e in corpus.test + corpus.handwritten}
    _slots, templates = load_templates()
    assert {template_split(t) for _l, t in templates} == {"train", "dev", "test"}
    assert all(e.template == "handwritten" for e in corpus.handwritten)


def test_review_split_is_fixed_by_text() -> None:
    texts = [f"评论{i}" for i in range(2000)]
    first = [is_test_text(t) for t in texts]
    assert first == [is_test_text(t) for t in texts]
    assert 0.08 < sum(first) / len(first) < 0.16


@settings(max_examples=200, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=60),
        st.text(alphabet="不没很太好差满意呵为什么?请问,“”非常一点也错吗呢", max_size=30),
    ),
    emoticons=st.lists(st.sampled_from(["怒", "赞", "微笑", "doge", "x"]), max_size=3),
)
def test_single_text_path_equals_batch_path(
    lexicon: Lexicon, text: str, emoticons: list[str]
) -> None:
    batch = encode(lexicon, ["前面的评论", text, "后面的评论"], [[], emoticons, []])
    rows, buckets, _orders = gram_rows(batch)
    one_buckets, one_cues = encode_one(lexicon, text, emoticons)
    assert one_cues == batch.cues[1].tolist()
    assert sorted(one_buckets) == sorted(buckets[rows == 1].tolist())
