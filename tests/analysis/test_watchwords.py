"""Watch-word matching over the normalised text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.analysis.normalize import normalize
from crisisdesk.analysis.watchwords import WatchMatcher
from crisisdesk.domain import WatchHit


def test_hits_with_offsets_in_the_normalised_text() -> None:
    m = WatchMatcher({"事件": ["塌方", "城管打人"], "人名": ["王建国"]})
    text = normalize("聽說城管打人了，王建國局長在塌方現場").text
    hits = m.find(text)
    assert [(h.word, h.list_name) for h in hits] == [
        ("城管打人", "事件"),
        ("王建国", "人名"),
        ("塌方", "事件"),
    ]
    for h in hits:
        assert text[h.start : h.end] == h.word
        assert isinstance(h, WatchHit)


def test_overlaps_and_a_word_in_two_lists() -> None:
    m = WatchMatcher({"敏感词": ["城管", "城管打人"], "事件": ["城管打人"]})
    hits = m.find("城管打人")
    assert {(h.word, h.list_name, h.start, h.end) for h in hits} == {
        ("城管", "敏感词", 0, 2),
        ("城管打人", "敏感词", 0, 4),
        ("城管打人", "事件", 0, 4),
    }


def test_watch_words_are_normalised_like_texts() -> None:
    m = WatchMatcher({"平台": ["ＡＰＰ閃退", " ", ""]})
    assert len(m) == 1
    assert [h.word for h in m.find(normalize("这个APP闪退").text)] == ["app闪退"]


def test_empty_lists_and_replacing_lists() -> None:
    m = WatchMatcher()
    assert m.find("任何文字") == []
    m.set_lists({"a": ["文字"]})
    assert len(m.find("任何文字")) == 1
    m.set_lists({})
    assert m.find("任何文字") == []


def test_large_lists_are_one_automaton() -> None:
    words = [f"关注词{i:05d}" for i in range(20_000)]
    m = WatchMatcher({"大词表": words})
    assert len(m) == 20_000
    hits = m.find("前文关注词12345后文关注词00007")
    assert [h.word for h in hits] == ["关注词12345", "关注词00007"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=5), max_size=8), st.text(max_size=200))
def test_any_unicode_hits_are_real_substrings(words: list[str], raw: str) -> None:
    m = WatchMatcher({"l": words})
    text = normalize(raw).text
    hits = m.find(text)
    for h in hits:
        assert text[h.start : h.end] == h.word
    wanted = {normalize(w).text for w in words} - {""}
    assert {h.word for h in hits} == {w for w in wanted if w in text}
