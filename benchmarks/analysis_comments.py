"""Synthetic Weibo-style comments about government services for the analysis benchmarks.

Generated from templates with a fixed seed; they are benchmark input, never shown as data.
"""

from __future__ import annotations

import random

PLACES = [
    "青禾湾社区",
    "东城区",
    "滨江路",
    "人民医院",
    "政务大厅",
    "火车站",
    "第三中学",
    "高新区",
    "老城区",
    "幸福里小区",
    "地铁2号线",
    "城南菜市场",
    "市图书馆",
    "西郊",
]
SERVICES = [
    "居住证",
    "社保卡",
    "公积金提取",
    "不动产登记",
    "营业执照",
    "医保报销",
    "异地就医备案",
    "入学报名",
    "护照",
    "驾驶证换证",
    "低保申请",
    "养老金认证",
    "落户",
]
PROBLEMS = [
    "路灯不亮",
    "停水",
    "停电",
    "井盖丢了",
    "路面塌陷",
    "垃圾没人清",
    "噪音扰民",
    "积水",
    "电梯坏了",
    "暖气不热",
    "公交改线",
    "违章停车",
    "占道经营",
]
DAYS = ["两天", "三天", "一个星期", "半个月", "一个月", "三个月", "半年"]
EMOTICONS = ["", "", "", "[怒]", "[泪]", "[哈哈]", "[doge]", "[赞]", "😡", "👍", "😭", "🙏"]
NAMES = ["@北京发布", "@市民热线", "@城管局", "@张三", ""]

TEMPLATES = [
    "{place}{problem}{days}了，为什么还没人管？{emo}",
    "请问{service}需要带什么材料？在哪里办理？",
    "{service}网上能办吗，跑了好几趟了{emo}",
    "感谢{place}的工作人员，{service}一次就办好了，效率高！{emo}",
    "建议{place}增设几个办事窗口，排队太久了",
    "{name} {place}{problem}，打了12345热线也没回复",
    "听说{place}要拆迁了，真的假的？{emo}",
    "#{place}{problem}# 已经{days}了，到底管不管",
    "为{place}的网格员点赞，辛苦了{emo}",
    "求助！{place}{problem}，家里有老人，怎么办啊",
    "说得对//@{pname}:{place}{problem}{days}了//@网友:转发微博",
    "{service}的流程太复杂了，能不能简化一下？",
    "官方通报避重就轻，请公布真相{emo}",
    "周末{place}上班吗？想去办{service}",
    "{place}这次处理很及时，给你们点赞 {emo}",
    "又是{problem}，{days}里第三次了，还让不让人活了{emo}",
    "转发微博",
    "哈哈哈哈{emo}",
    "{service}办理进度怎么查？提交{days}了没有消息",
    "小区{problem}，物业和街道互相踢皮球{emo}",
]


def comments(count: int, seed: int = 20261121) -> list[str]:
    """``count`` comments, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        template = rng.choice(TEMPLATES)
        out.append(
            template.format(
                place=rng.choice(PLACES),
                service=rng.choice(SERVICES),
                problem=rng.choice(PROBLEMS),
                days=rng.choice(DAYS),
                emo=rng.choice(EMOTICONS),
                name=rng.choice(NAMES),
                pname=rng.choice(PLACES) + "居民",
            )
        )
    return out
