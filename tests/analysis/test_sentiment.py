"""The shipped sentiment model: interface, linguistic cues, adaptation and robustness."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.analysis.normalize import normalize
from crisisdesk.analysis.sentiment import (
    MODEL_FILE,
    SentimentModel,
    SentimentPrediction,
    default_model,
)
from crisisdesk.domain import Sentiment

POS, NEG, NEU = Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return default_model()


def predict(model: SentimentModel, raw: str) -> SentimentPrediction:
    """Normalise a raw comment as the pipeline does, then predict."""
    n = normalize(raw)
    return model.predict(n.text, n.features)


def assert_valid(p: SentimentPrediction) -> None:
    assert isinstance(p.label, Sentiment)
    assert -1.0 <= p.score <= 1.0
    assert 0.0 <= p.confidence <= 1.0


def test_default_model_is_shared_and_loads_without_pickle() -> None:
    assert default_model() is default_model()
    with np.load(MODEL_FILE, allow_pickle=False) as data:
        assert data["weights"].dtype == np.complex64
    assert MODEL_FILE.stat().st_size < 15_000_000


def test_clear_praise_and_complaint(model: SentimentModel) -> None:
    assert predict(model, "感谢民警同志耐心帮忙，给你们点赞！").label is POS
    assert predict(model, "投诉了三次都没人管，太让人失望了").label is NEG


@pytest.mark.parametrize(
    ("plain", "negated"),
    [("满意", "不满意"), ("服务很及时", "服务一点也不及时"), ("态度好", "态度不好")],
)
def test_negation_flips_polarity(model: SentimentModel, plain: str, negated: str) -> None:
    assert predict(model, plain).score > 0
    assert predict(model, negated).score < 0


def test_double_negation_is_not_a_complaint(model: SentimentModel) -> None:
    assert predict(model, "没有不满意的地方，全都办好了").score > 0


def test_degree_words_strengthen(model: SentimentModel) -> None:
    assert predict(model, "非常满意").score > predict(model, "满意").score
    assert predict(model, "非常不满意").score < 0


def test_emoticons_carry_sentiment(model: SentimentModel) -> None:
    text = "今天的处理结果出来了"
    angry = model.predict(text, {"emoticons": ["怒", "怒"]})
    happy = model.predict(text, {"emoticons": ["赞", "心"]})
    assert angry.label is NEG
    assert happy.label is POS
    assert predict(model, "😡😡😡").label is NEG


def test_sarcasm_markers(model: SentimentModel) -> None:
    assert predict(model, "呵呵，效率真是“高”啊").label is NEG
    assert predict(model, "真是“贴心”的服务[微笑]").label is NEG
    assert predict(model, "666，又停水了[doge]").label is NEG


def test_questions_complaint_or_neutral(model: SentimentModel) -> None:
    assert predict(model, "为什么路灯坏了半个月还没修好？").label is NEG
    assert predict(model, "凭什么让我们自己承担损失？").label is NEG
    assert predict(model, "请问社保卡在哪里办理？需要带什么材料？").label is NEU
    assert predict(model, "周六上午窗口开放吗").label is NEU


def test_predict_many_matches_predict(model: SentimentModel) -> None:
    raws = ["很好", "", "为什么还没修好？", "请问几点下班", "太差了[怒]", "a" * 3000]
    items = [(n.text, n.features) for n in map(normalize, raws)]
    many = model.predict_many(items)  # vectorised numpy path (more than a few items)
    one_by_one = [model.predict(t, f) for t, f in items]  # pure-Python path
    for a, b in zip(many, one_by_one, strict=True):
        assert a.label is b.label
        assert a.score == pytest.approx(b.score, abs=1e-6)
        assert a.confidence == pytest.approx(b.confidence, abs=1e-6)
    assert model.predict_many([]) == []


def test_empty_and_blank_are_neutral(model: SentimentModel) -> None:
    for text in ("", "   ", "\n"):
        assert model.predict(text, {}).label is NEU


def test_robust_on_odd_input(model: SentimentModel) -> None:
    odd: list[object] = [
        "\ud800\udfff\ud83d",
        "😀" * 50,
        "好" * 100_000,
        "\x00\x02\x03",
        None,
        b"\xff",
    ]
    for text in odd:
        assert_valid(model.predict(text, {}))  # type: ignore[arg-type]
    weird_features: list[object] = [None, {}, {"emoticons": "怒"}, {"emoticons": [1, None]}, 5]
    for features in weird_features:
        assert_valid(model.predict("不好", features))  # type: ignore[arg-type]
    assert len(model.predict_many([("好", {}), "malformed", (1, 2, 3)])) == 3  # type: ignore[list-item]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300), emoticons=st.lists(st.text(max_size=6), max_size=4))
def test_property_any_text_gets_a_valid_prediction(
    model: SentimentModel, text: str, emoticons: list[str]
) -> None:
    p = model.predict(text, {"emoticons": emoticons})
    assert_valid(p)
    batch = model.predict_many([(text, {"emoticons": emoticons})] * 6)
    assert all(b.label is p.label and b.score == pytest.approx(p.score, abs=1e-6) for b in batch)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_property_normalised_text_gets_a_valid_prediction(model: SentimentModel, raw: str) -> None:
    n = normalize(raw)
    assert_valid(model.predict(n.text, n.features))


def test_adapt_learns_corrections_and_leaves_base_alone(model: SentimentModel) -> None:
    # Office jargon the base model cannot know: "下沉" here means staff went to the
    # neighbourhoods (praise), "挂号" that a complaint was filed away unanswered.
    corrections = [
        (normalize("干部又下沉到我们小区了").text, POS),
        (normalize("又被挂号处理了").text, NEG),
        (normalize("今天去了一趟").text, NEU),
    ]
    before = [model.predict(t, {}) for t, _ in corrections]
    adapted = model.adapt(corrections)
    for text, label in corrections:
        assert adapted.predict(text, {}).label is label
    # near-identical texts follow (different punctuation, one extra character)
    assert adapted.predict(normalize("干部又下沉到我们小区了!!").text, {}).label is POS
    assert adapted.predict(normalize("干部又下沉到我们小区了啊").text, {}).label is POS
    # the base model is unchanged, and reset is load_default()
    assert [model.predict(t, {}) for t, _ in corrections] == before
    assert SentimentModel.load_default().predict(corrections[0][0], {}) == before[0]
    # general behaviour survives
    for raw, label in [
        ("感谢民警同志耐心帮忙，给你们点赞！", POS),
        ("投诉了三次都没人管，太让人失望了", NEG),
        ("请问社保卡在哪里办理？需要带什么材料？", NEU),
    ]:
        assert predict(adapted, raw).label is label


def test_adapt_shifts_related_ngrams(model: SentimentModel) -> None:
    text = normalize("这个号码真是绝绝子的号码").text
    related = normalize("绝绝子的号码又来了").text
    base = model.predict(related, {}).score
    adapted = model.adapt([(text, NEG)] * 3)
    assert adapted.predict(related, {}).score < base


def test_adapt_tolerates_bad_corrections(model: SentimentModel) -> None:
    adapted = model.adapt([("", POS), ("   ", NEG), ("好", "positive"), ("x", "nonsense")])  # type: ignore[list-item]
    assert_valid(adapted.predict("好", {}))
    assert model.adapt([]).predict("很好", {}) == model.predict("很好", {})
