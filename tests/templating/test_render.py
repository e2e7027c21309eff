"""Template syntax, checks and rendering: variables, fallbacks, includes, cycles and lengths."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.templating import (
    check,
    check_length,
    compose,
    escape,
    estimated_length,
    parse,
    render,
)

LIB = {
    "结束语": "如有疑问请拨打{热线}。",
    "甲": "甲{>乙}",
    "乙": "乙{>丙}",
    "丙": "丙{>甲}",
    "外层": "您好。{>结束语}",
}


def resolve(name: str) -> str | None:
    return LIB.get(name)


def codes(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [p.code for p in problems]


def test_variable_value_fallback_and_declared_default() -> None:
    body = "{用户昵称|网友}您好，{办理单位}正在处理，请拨打{热线}。"
    assert render(body, {"用户昵称": "小王", "办理单位": "水务集团", "热线": "12345"}).text == (
        "小王您好，水务集团正在处理，请拨打12345。"
    )
    out = render(body, {"热线": "12345"}, declared={"办理单位": "相关部门"})
    assert out.text == "网友您好，相关部门正在处理，请拨打12345。"
    assert out.ok


def test_blank_value_uses_the_fallback_and_empty_fallback_is_allowed() -> None:
    assert render("{用户昵称|网友}好", {"用户昵称": "  "}).text == "网友好"
    assert render("您好{用户昵称|}。", {}).text == "您好。"


def test_missing_value_without_fallback_blocks_sending() -> None:
    out = render("请拨打{联系电话}。", {})
    assert not out.ok
    assert out.missing == ("联系电话",)
    assert out.text == "请拨打{联系电话}。"
    assert "没有取值" in out.problems[0].message


def test_values_are_data_not_template_text() -> None:
    out = render("{用户昵称|网友}您好", {"用户昵称": "{>结束语}{热线}"}, resolve=resolve)
    assert out.text == "{>结束语}{热线}您好"
    assert out.includes == ()


def test_escaped_braces_are_literal() -> None:
    assert render("请回复{{是}}或{{否}}", {}).text == "请回复{是}或{否}"
    assert check("请回复{{是}}") == []
    assert escape("a{b}c") == "a{{b}}c"


def test_unbalanced_braces_are_reported_with_positions() -> None:
    problems = check("您好{用户昵称，请拨打热线")
    assert codes(problems) == ["unbalanced_open"]
    first = problems[0]
    assert (first.line, first.column, first.start) == (1, 3, 2)
    assert "没有对应的" in first.message
    stray = check("第一行\n多了一个}括号")
    assert codes(stray) == ["unbalanced_close"]
    assert (stray[0].line, stray[0].column) == (2, 5)


def test_unknown_variable_suggests_the_close_name() -> None:
    problems = check("您好{用户昵}")
    assert codes(problems) == ["unknown_variable"]
    assert "是否要写“{用户昵称}”" in problems[0].message
    assert (problems[0].start, problems[0].end) == (2, 7)


def test_declared_variable_is_known() -> None:
    assert check("活动时间：{活动时间}", declared={"活动时间": "本周六"}) == []


def test_punctuation_in_a_name_is_reported() -> None:
    problems = check("您好{用户昵称，请拨打热线}")
    assert codes(problems) == ["bad_name"]
    assert "标点" in problems[0].message


def test_empty_body_and_empty_name() -> None:
    assert codes(check("  \n")) == ["empty_body"]
    assert codes(check("您好{}")) == ["empty_name"]
    assert codes(check("您好{>}")) == ["empty_name"]


def test_include_renders_the_other_template() -> None:
    out = render("{>外层}", {"热线": "12345"}, resolve=resolve)
    assert out.text == "您好。如有疑问请拨打12345。"
    assert out.includes == ("外层", "结束语")


def test_unknown_include_is_reported() -> None:
    assert codes(check("{>不存在}", resolve=resolve)) == ["unknown_include"]
    assert codes(render("{>不存在}", {}, resolve=resolve).problems) == ["unknown_include"]


def test_include_cycles_are_detected_when_checking_and_rendering() -> None:
    problems = check("开头{>甲}", resolve=resolve)
    assert codes(problems) == ["include_cycle"]
    assert "甲 → 乙 → 丙 → 甲" in problems[0].message
    assert codes(check("{>自己}", resolve=resolve, self_name="自己")) == ["include_cycle"]
    out = render("{>甲}", {}, resolve=resolve)
    assert "include_cycle" in codes(list(out.problems))
    assert out.text == "甲乙丙"


def test_compose_joins_parts_and_keeps_problems() -> None:
    a = render("您好，", {})
    b = render("请拨打{联系电话}", {})
    joined = compose([a, b])
    assert joined.text == "您好，请拨打{联系电话}"
    assert joined.missing == ("联系电话",)
    assert not joined.ok


def test_length_estimate_and_weibo_limit() -> None:
    short = "{用户昵称|网友}您好，请拨打{热线}。"
    assert estimated_length(short) == len("热心市民小王您好，请拨打12345。")
    assert check_length(short, 140, label="微博") is None
    long = "您好" + "请耐心等待" * 30
    problem = check_length(long, 140, label="微博")
    assert problem is not None and "超过 140 字" in problem.message


@given(st.text(alphabet="{}|>ab用户昵称 \n", max_size=40))
def test_parse_never_raises_and_keeps_offsets_inside_the_body(body: str) -> None:
    parsed = parse(body)
    for node in parsed.nodes:
        assert 0 <= node.start <= node.end <= len(body)
    for problem in parsed.problems:
        assert 0 <= problem.start < problem.end <= len(body)
        assert problem.message


@given(st.text(max_size=60))
def test_escaped_text_renders_back_to_itself(text: str) -> None:
    out = render(escape(text), {})
    assert out.text == text
    assert out.ok or not text.strip()
