"""normalize(): width folding, simplification, markup taken into features."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.analysis.normalize import FEATURE_KEYS, Normalized, normalize


def test_full_width_traditional_and_case_are_folded() -> None:
    n = normalize("為什麼還沒修好？ＡＰＰ登錄不了！")
    assert n.text == "为什么还没修好?app登录不了!"


def test_result_is_frozen_with_every_feature_key() -> None:
    n = normalize("你好")
    assert isinstance(n, Normalized)
    assert set(n.features) == set(FEATURE_KEYS)
    with pytest.raises(AttributeError):
        n.text = "x"  # type: ignore[misc]


def test_weibo_repost_chain_keeps_only_the_commenters_words() -> None:
    n = normalize("说得对，必须严查//@张三:政务大厅排队三小时//@李四:转发微博")
    assert n.text == "说得对,必须严查"
    assert n.features["reposts"] == ["张三", "李四"]


def test_repost_with_nothing_of_ones_own() -> None:
    n = normalize("//@市民小王:路灯坏了一个月")
    assert n.text == ""
    assert n.features["reposts"] == ["市民小王"]


def test_mentions_urls_and_emails() -> None:
    n = normalize("@人民日报 @北京发布 看看这个 https://t.cn/A6abcD 邮箱 abc@163.com")
    assert n.features["mentions"] == ["人民日报", "北京发布"]
    assert n.features["urls"] == ["https://t.cn/a6abcd"]
    assert n.text == "看看这个 邮箱 abc@163.com"


def test_reply_prefix_is_a_mention() -> None:
    n = normalize("回复@市民热线:谢谢，已经解决了")
    assert n.text == "谢谢,已经解决了"
    assert n.features["mentions"] == ["市民热线"]


def test_url_stops_at_chinese_text() -> None:
    n = normalize("详情见http://www.gov.cn/zhengce请查阅")
    assert n.features["urls"] == ["http://www.gov.cn/zhengce"]
    assert n.text == "详情见 请查阅"


def test_hashtag_topic_words_stay_in_the_text() -> None:
    n = normalize("#地铁三号线停运# 什么时候恢复？#出行#")
    assert n.features["hashtags"] == ["地铁三号线停运", "出行"]
    assert n.text == "地铁三号线停运 什么时候恢复? 出行"


def test_platform_emoticons_and_emoji() -> None:
    n = normalize("又停水了［怒］[淚][Doge]😡👍🏻❤️")
    assert n.text == "又停水了"
    assert n.features["emoticons"] == ["怒", "泪", "doge", "😡", "👍", "❤"]


def test_brackets_that_are_not_emoticons_stay() -> None:
    assert normalize("见附件[1]").text == "见附件[1]"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("   \t\n  ", ""),
        ("\x00\x07控制\x1b字符\x7f", "控制 字符"),
        ("零\u200b宽\u200d字\ufeff符", "零宽字符"),
        ("孤\ud800立\udfff代理", "孤立代理"),
        ("多   空\u3000\u3000格", "多 空 格"),
        ("坏\ufffd字节", "坏字节"),
        ("😀😀😀", ""),
    ],
)
def test_odd_input(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_long_text() -> None:
    n = normalize("政务服务" * 25_000)
    assert len(n.text) == 100_000


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_gives_clean_encodable_text(raw: str) -> None:
    n = normalize(raw)
    n.text.encode("utf-8")  # no lone surrogates survive
    assert n.text == n.text.strip()
    assert "  " not in n.text
    assert not any(ord(c) < 32 for c in n.text)
    assert all(isinstance(v, list) for v in n.features.values())
    assert normalize(n.text).text == n.text
