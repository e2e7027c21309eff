"""Intent rules on realistic comments, and the rules file itself."""

from __future__ import annotations

import pytest

from crisisdesk.analysis.intent import IntentClassifier, IntentRulesError
from crisisdesk.analysis.normalize import normalize
from crisisdesk.domain import Intent

C, Q, H, S, P, D, A, OTHER = (
    Intent.COMPLAINT,
    Intent.QUESTION,
    Intent.HELP,
    Intent.SUGGESTION,
    Intent.PRAISE,
    Intent.DOUBT,
    Intent.ABUSE,
    Intent.OTHER,
)

CASES = [
    # 投诉：包括以问句形式出现的投诉
    ("为什么还没修好？都报修一个星期了", C),
    ("小区门口的路灯坏了三个月了还没人来修", C),
    ("打了五次12345热线，到现在没下文", C),
    ("窗口工作人员态度恶劣，问两句就不耐烦", C),
    ("政务大厅排队三小时，就开了两个窗口，太离谱了", C),
    ("到底管不管？楼下烧烤店天天噪音扰民到凌晨两点", C),
    ("这就是你们说的为人民服务？跑了好几趟都办不了", C),
    ("為什麼停水兩天了還沒有通知[怒]", C),
    ("公积金app又登不上了，一直报错", C),
    ("路灯还是不亮啊", C),
    ("你们效率太低了吧？", C),
    ("物业乱收费，业主反映了无数次，街道一直踢皮球", C),
    # 咨询
    ("请问居住证到期了怎么续签？需要带什么材料", Q),
    ("想问一下社保卡丢了在哪里补办", Q),
    ("周六政务大厅上班吗？", Q),
    ("公积金提取需要哪些材料？可以网上办理吗", Q),
    ("孩子入学报名什么时候开始？", Q),
    ("异地就医备案怎么操作", Q),
    ("谢谢，请问怎么办理居住证？", Q),
    ("垃圾分类什么时候开始执行？", Q),
    # 求助
    ("求助！我家老人走失了，穿灰色外套，有看到的请联系", H),
    ("被困在电梯里半小时了，物业电话打不通，救命", H),
    ("家里没钱看病，孩子住院急需帮助，求求你们帮帮我们", H),
    ("暴雨水淹到一楼，老人困在家里出不来，求救", H),
    # 建议
    ("建议周末也开放办事窗口，上班族实在没时间", S),
    ("希望能在地铁站增设无障碍电梯", S),
    ("能否延长图书馆开放时间到晚上十点？", S),
    ("可以考虑学学邻市的一网通办，手机上就能办", S),
    # 表扬
    ("为社区网格员点赞，半夜还在帮我们排查燃气", P),
    ("感谢12345热线，反映的问题第二天就解决了，效率高！", P),
    ("窗口小姐姐服务周到，一次就办好了👍", P),
    ("辛苦了！防汛一线的同志们注意安全", P),
    ("非常满意，回访的工作人员很耐心细致", P),
    # 质疑/谣言
    ("真的假的？听说是数据造假，官方通报能信吗", D),
    ("又开始删帖控评了，谁信啊", D),
    ("通报避重就轻，请公布真相", D),
    ("这回应一看就是通稿，糊弄谁呢[doge]", D),
    # 辱骂
    ("一群狗官，滚出去", A),
    ("傻逼政府，废物", A),
    ("cnm，办个证这么难", A),
    # 其他
    ("转发微博", OTHER),
    ("哈哈哈", OTHER),
    ("", OTHER),
    ("今天天气不错", OTHER),
    ("不信谣不传谣", OTHER),
    ("滚动播报：暴雨预警", OTHER),
]


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier()


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_realistic_comments(classifier: IntentClassifier, text: str, expected: Intent) -> None:
    n = normalize(text)
    decision = classifier.classify(n.text, n.features)
    assert decision.intent is expected, decision.evidence
    if expected is not OTHER:
        assert any(e.startswith(f"{expected.value}:") for e in decision.evidence)


def test_longest_match_wins_so_negation_is_not_praise(classifier: IntentClassifier) -> None:
    decision = classifier.classify("对处理结果很不满意")
    assert decision.intent is C
    assert "praise:满意" not in decision.evidence


def test_question_form_complaint_carries_the_rule(classifier: IntentClassifier) -> None:
    decision = classifier.classify(normalize("为什么井盖丢了一个月还没补上？").text)
    assert decision.intent is C
    assert "complaint:规则:追问为何未办" in decision.evidence


def test_custom_rules() -> None:
    rules = {
        "min_score": 1,
        "priority": ["help", "question"],
        "intents": {
            "help": {"weak": ["帮"]},
            "question": {"weak": ["吗"], "patterns": [{"name": "问", "regex": "谁", "weight": 1}]},
        },
    }
    c = IntentClassifier(rules)
    assert c.classify("帮一下吗").intent is H  # tie broken by priority
    assert c.classify("谁在吗").evidence == ["question:吗", "question:规则:问"]


@pytest.mark.parametrize(
    "rules",
    [
        {"intents": {"nonsense": {"words": ["x"]}}},
        {"intents": ["x"]},
        {"intents": {"help": "x"}},
        {"intents": {"help": {"patterns": [{"name": "坏", "regex": "(", "weight": 1}]}}},
        {"intents": {"help": {"patterns": [{"regex": "a"}]}}},
    ],
)
def test_bad_rules_are_reported(rules: dict[str, object]) -> None:
    with pytest.raises(IntentRulesError):
        IntentClassifier(rules)


def test_long_text_is_fine(classifier: IntentClassifier) -> None:
    text = normalize("为什么还没修好?" * 10_000).text
    assert classifier.classify(text).intent is C


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("为[^。!?]{1,12}点赞", ["为"]),
        ("(为什么|为啥)[^。]{0,15}(没|不)", ["为什么", "为啥"]),
        ("(已经|都)?(困|堵)在", None),
        ("投诉|举报", None),
        ("ab?c", ["a"]),
        ("[谁哪]", None),
        ("(?i)abc", None),
    ],
)
def test_pattern_trigger_words(pattern: str, expected: list[str] | None) -> None:
    from crisisdesk.analysis.intent import _leading_literals

    assert _leading_literals(pattern) == expected


def test_patterns_without_trigger_words_always_run() -> None:
    rules = {
        "min_score": 1,
        "intents": {"doubt": {"patterns": [{"name": "谁", "regex": "[谁哪]个", "weight": 1}]}},
    }
    assert IntentClassifier(rules).classify("哪个部门").intent is D
