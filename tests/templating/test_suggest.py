"""The pure ranking index: tags, scenarios, intents, incidents, history and reasons."""

from __future__ import annotations

from crisisdesk.templating.suggest import Cues, HistoryItem, Query, SuggestionIndex, TemplateDoc

CUES = Cues(
    crisis_types={"服务故障": ("停水", "崩了")},
    category_cues={"thanks": ("谢谢",), "clarification": ("网传",)},
    intent_categories={"complaint": ("apology", "case"), "praise": ("thanks",)},
)
DOCS = [
    TemplateDoc(1, "停水致歉", "apology", ("停水",), ("服务故障", "complaint")),
    TemplateDoc(2, "受理回复", "case", ("反映",), ("complaint",)),
    TemplateDoc(3, "感谢", "thanks", ("点赞",), ("praise",)),
    TemplateDoc(4, "辟谣", "clarification", ("谣言",), ("doubt",)),
    TemplateDoc(5, "故障声明", "holding", (), ("服务故障",)),
]


def names(found: list) -> list[str]:  # type: ignore[type-arg]
    return [s.name for s in found]


def test_tag_and_crisis_cue_rank_the_matching_template_first_with_reasons() -> None:
    index = SuggestionIndex(DOCS, CUES)
    found = index.suggest(Query("我们这停水了", intent="complaint"), top=3)
    assert found[0].name == "停水致歉"
    assert "关键词“停水”" in found[0].reasons
    assert "疑似服务故障" in found[0].reasons
    assert any(r.startswith("意图：投诉") for r in found[0].reasons)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_linked_incident_crisis_type_lifts_its_templates() -> None:
    index = SuggestionIndex(DOCS, CUES)
    plain = index.suggest(Query("怎么还没好"), top=5)
    linked = index.suggest(Query("怎么还没好", crisis_type="服务故障"), top=5)
    assert "故障声明" not in names(plain)
    assert names(linked)[:2] == ["停水致歉", "故障声明"] or names(linked)[:2] == [
        "故障声明",
        "停水致歉",
    ]
    assert any("关联事件类型：服务故障" in s.reasons for s in linked)


def test_category_cue_words_and_intent_prior() -> None:
    index = SuggestionIndex(DOCS, CUES)
    assert index.suggest(Query("谢谢你们"), top=1)[0].category == "thanks"
    assert index.suggest(Query("网传的消息"), top=1)[0].category == "clarification"
    assert index.suggest(Query("随便说说", intent="praise"), top=1)[0].name == "感谢"


def test_history_of_choices_for_similar_comments_counts() -> None:
    history = [HistoryItem(2, "complaint", ("井盖",)) for _ in range(3)]
    index = SuggestionIndex(DOCS, CUES, history)
    found = index.suggest(Query("井盖丢了"), top=1)
    assert found[0].name == "受理回复"
    assert "同类评论曾选用 3 次" in found[0].reasons


def test_nothing_matching_gives_nothing_and_empty_index_is_safe() -> None:
    assert SuggestionIndex(DOCS, CUES).suggest(Query("今天天气"), top=3) == []
    assert SuggestionIndex([], CUES).suggest(Query("停水"), top=3) == []


def test_same_category_is_damped_so_other_kinds_of_answer_appear() -> None:
    docs = [TemplateDoc(i, f"致歉{i}", "apology", ("停水",)) for i in range(1, 4)]
    docs.append(TemplateDoc(9, "受理", "case", ("停水",)))
    found = SuggestionIndex(docs, Cues()).suggest(Query("停水"), top=2)
    assert [s.category for s in found] == ["apology", "case"]


def test_terms_are_found_case_and_width_insensitively() -> None:
    docs = [TemplateDoc(1, "应用故障", "apology", ("APP",))]
    index = SuggestionIndex(docs, Cues())
    assert index.terms("ａｐｐ打不开") == ["app"]
