"""Keywords with a learnt IDF, and hot words of a time window."""

from __future__ import annotations

import itertools
import json

import pytest

from crisisdesk.analysis import keywords as kw
from crisisdesk.analysis.hotwords import HotWord, emerging_words
from crisisdesk.analysis.keywords import IdfModel, stop_words
from crisisdesk.analysis.lexicon import jieba_idf_path
from crisisdesk.analysis.segment import Segmenter

STOP = stop_words()


def test_stop_words_shipped() -> None:
    assert {"的", "了", "我们", "什么", "转发微博"} <= STOP
    assert len(STOP) >= 300


def test_keywords_skip_stop_words_numbers_and_punctuation() -> None:
    tokens = Segmenter().cut("我们小区的路灯坏了3天了,路灯一直不亮!")
    words = IdfModel().keywords(tokens, STOP, top=5)
    assert words[0] == "路灯"
    assert not {"我们", "的", "了", "3", ",", "!"} & set(words)


def test_prior_is_jiebas_idf_until_the_workspace_has_data() -> None:
    model = IdfModel()
    jieba_idf = {
        word: float(value)
        for word, _, value in (
            line.rpartition(" ")
            for line in jieba_idf_path().read_text(encoding="utf-8").splitlines()
        )
    }
    for word in ("编译", "停水", "政府"):
        assert abs(model.idf(word) - jieba_idf[word]) < 1e-9


def test_words_common_in_the_workspace_lose_weight() -> None:
    model = IdfModel()
    before = model.idf("停水")
    model.update([["停水", "小区"]] * 500, STOP)
    assert model.idf("停水") < before - 0.3
    ranked = model.keywords(["停水", "物业费"], STOP, top=2)
    assert ranked == ["物业费", "停水"]


def test_state_round_trip_is_json() -> None:
    model = IdfModel()
    model.update([["停水", "小区"], ["停水", "物业"]], STOP)
    state = json.loads(json.dumps(model.state()))
    assert state["documents"] == 2 and state["df"]["停水"] == 2
    restored = IdfModel(state)
    assert restored.idf("停水") == model.idf("停水")


def test_bad_state_entries_are_ignored() -> None:
    model = IdfModel({"documents": "many", "df": {"好": 3, "坏": -1, "怪": "x", "5": 2.5}})
    assert model.documents == 0
    assert model.state()["df"] == {"好": 3}
    assert IdfModel({"df": [1, 2]}).state()["df"] == {}


def test_vocabulary_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kw, "MAX_VOCABULARY", 100)
    model = IdfModel()
    model.update([[f"词{i}", "常见"] for i in range(150)], STOP)
    df = model.state()["df"]
    assert len(df) <= 100
    assert df["常见"] == 150


def _docs(*groups: tuple[int, list[str]]) -> list[list[str]]:
    return [tokens for count, tokens in groups for _ in range(count)]


def test_emerging_words_rank_what_rose() -> None:
    baseline = _docs((80, ["办事", "窗口", "排队"]), (20, ["公积金", "提取"]))
    window = _docs((30, ["停水", "小区", "排队"]), (10, ["公积金", "提取"]), (5, ["燃气", "泄漏"]))
    hot = emerging_words(window, baseline, top=10)
    words = [h.word for h in hot]
    assert words[:2] == ["停水", "小区"]
    assert "燃气" in words
    assert "排队" not in words  # it fell from 80% to 67% of comments
    top = hot[0]
    assert isinstance(top, HotWord) and top.count == 30 and top.baseline_count == 0
    assert top.burst > 3
    assert all(a.burst >= b.burst for a, b in itertools.pairwise(hot))


def test_emerging_words_min_count_stop_words_and_own_names() -> None:
    window = _docs((10, ["北京发布", "的", "停电", "3"]), (2, ["偶发", "事件"]))
    hot = emerging_words(window, [], own_names=["北京发布"], top=5)
    assert [h.word for h in hot] == ["停电"]
    assert emerging_words(window, [], stop_words=["停电"], own_names=["北京发布"]) == []


def test_emerging_words_empty_inputs() -> None:
    assert emerging_words([], []) == []
    assert emerging_words([[]], [[]]) == []
    assert emerging_words([["停电"]] * 5, [["停电"]] * 5) == []
