"""The public analysis API: Analyzer and analyze()."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crisisdesk.analysis as analysis
from crisisdesk.analysis import Analyzer, analyze
from crisisdesk.domain import AnalysisResult, Intent, Sentiment, WatchHit

COMMENTS = [
    "為什麼路面塌方三天了還沒人管！！@北京发布 [怒]",
    "请问居住证到期了怎么续签？需要带什么材料",
    "感谢社区网格员，辛苦了👍",
    "说得对//@张三:政务大厅排队三小时",
]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(
        watch_lists={"事件": ["塌方", "城管打人"], "地名": ["青禾湾"]},
        user_words=["青禾湾社区"],
        own_names=["北京发布"],
    )


def test_one_result_per_text_in_order(analyzer: Analyzer) -> None:
    results = analyzer.analyze(COMMENTS)
    assert [r.text for r in results] == COMMENTS
    first = results[0]
    assert isinstance(first, AnalysisResult)
    assert first.normalized == "为什么路面塌方三天了还没人管!!"
    assert first.intent is Intent.COMPLAINT and first.intent_evidence
    assert first.watch_hits == [WatchHit("塌方", "事件", 5, 7)]
    assert first.features["mentions"] == ["北京发布"]
    assert first.features["emoticons"] == ["怒"]
    assert "塌方" in first.tokens and "塌方" in first.keywords
    assert isinstance(first.sentiment, Sentiment)
    assert -1.0 <= first.score <= 1.0 and 0.0 <= first.confidence <= 1.0
    assert results[1].intent is Intent.QUESTION
    assert results[2].intent is Intent.PRAISE
    assert results[3].normalized == "说得对" and results[3].features["reposts"] == ["张三"]


def test_results_are_json_friendly(analyzer: Analyzer) -> None:
    for result in analyzer.analyze(COMMENTS):
        data = json.loads(json.dumps(dataclasses.asdict(result), ensure_ascii=False))
        assert data["sentiment"] in {"negative", "neutral", "positive"}
        assert data["intent"] in {i.value for i in Intent}
        assert -(2**63) <= data["simhash"] < 2**63


def test_own_names_never_keywords(analyzer: Analyzer) -> None:
    result = analyzer.analyze(["北京发布北京发布北京发布 停水"])[0]
    assert "北京发布" in result.tokens
    assert "北京发布" not in result.keywords


def test_user_words_and_watch_lists_at_run_time(analyzer: Analyzer) -> None:
    assert "青禾湾社区" in analyzer.analyze(["青禾湾社区停电"])[0].tokens
    analyzer.add_user_words(["晨曦花园小区"])
    assert "晨曦花园小区" in analyzer.tokenize("晨曦花园小区停电")
    other = Analyzer()
    other.set_watch_lists({"敏感": ["停电"]})
    assert [h.word for h in other.analyze(["又停电了"])[0].watch_hits] == ["停电"]
    other.set_watch_lists({})
    assert other.analyze(["又停电了"])[0].watch_hits == []


def test_idf_state_learns_and_round_trips() -> None:
    a = Analyzer()
    a.analyze(["小区停水三天了", "停水了怎么办", "又停水,通知在哪看"])
    state = json.loads(json.dumps(a.idf_state()))
    assert state["documents"] == 3 and state["df"]["停水"] == 3
    b = Analyzer(idf_state=state)
    assert b.idf_state() == state


def test_copies_get_the_same_fingerprint(analyzer: Analyzer) -> None:
    a, b, c = analyzer.analyze(["坚决支持整治，点赞！", "坚决支持整治,点赞!!👍", "停水了"])
    assert a.simhash == b.simhash != c.simhash


BAD = [
    "",
    "   \t\n ",
    "\x00\x01\x02",
    "\ud800\udc00\ud83d",
    "😀😡👍",
    "中文English русский العربية 日本語",
    "[怒][泪][哈哈]",
    "#" * 1000,
    "@" * 500,
    "//@//@//@",
    "为什么还没修好?" * 12_500,
]


def test_bad_input_always_gives_a_result(analyzer: Analyzer) -> None:
    results = analyzer.analyze(BAD)
    assert len(results) == len(BAD)
    for raw, result in zip(BAD, results, strict=True):
        assert result.text == raw
        result.normalized.encode("utf-8")
        assert all(t.strip() for t in result.tokens)
    assert results[0].tokens == [] and results[0].intent is Intent.OTHER
    assert results[4].features["emoticons"] == ["😀", "😡", "👍"]
    assert results[-1].intent is Intent.COMPLAINT


def test_non_str_items_do_not_break_a_batch(analyzer: Analyzer) -> None:
    results = analyzer.analyze([None, b"bytes", 42, "正常"])  # type: ignore[list-item]
    assert [r.text for r in results] == ["", "", "", "正常"]


def test_empty_batch(analyzer: Analyzer) -> None:
    assert analyzer.analyze([]) == []


def test_module_level_analyze_uses_one_shared_analyzer() -> None:
    assert analysis.default_analyzer() is analysis.default_analyzer()
    assert [r.text for r in analyze(["你好", "谢谢"])] == ["你好", "谢谢"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(max_size=120), max_size=6))
def test_any_unicode_batch(analyzer: Analyzer, texts: list[str]) -> None:
    results = analyzer.analyze(texts)
    assert len(results) == len(texts)
    for result in results:
        json.dumps(dataclasses.asdict(result), ensure_ascii=False).encode("utf-8", "surrogatepass")
        for hit in result.watch_hits:
            assert result.normalized[hit.start : hit.end] == hit.word
        assert set(result.keywords) <= set(result.tokens)
