"""The library file format: validation of entries, and the shipped default library itself."""

from __future__ import annotations

from pathlib import Path

import yaml

from crisisdesk.domain import Platform, TemplateCategory
from crisisdesk.paths import RESOURCES
from crisisdesk.templating import check, estimated_length
from crisisdesk.templating.library import (
    SCHEMA_VERSION,
    entry_from_record,
    entry_to_record,
    parse_document,
)

DEFAULT = RESOURCES / "templates" / "default_library.yaml"


def good(**extra: object) -> dict[str, object]:
    record: dict[str, object] = {
        "name": "测试",
        "category": "道歉",
        "body": "{用户昵称|网友}您好，请拨打{热线}。",
    }
    record.update(extra)
    return record


def test_a_record_becomes_an_entry_and_back() -> None:
    entry, errors = entry_from_record(
        good(
            tags="停水、停电",
            scenario_tags="服务故障、投诉",
            variants={"微博": "短版本{热线}"},
            variables="活动=周六；地点=广场",
            shared="否",
        ),
        "第 1 个模板",
    )
    assert errors == []
    assert entry is not None
    assert entry.category is TemplateCategory.APOLOGY
    assert entry.tags == ("停水", "停电")
    assert entry.scenario_tags == ("服务故障", "complaint")
    assert entry.variants == {"weibo": "短版本{热线}"}
    assert entry.variables == {"活动": "周六", "地点": "广场"}
    assert entry.shared is False
    again, errors = entry_from_record(entry_to_record(entry), "x")
    assert errors == [] and again == entry


def test_every_bad_field_is_reported_in_chinese_with_its_place() -> None:
    _, errors = entry_from_record(
        {
            "name": "",
            "category": "随便",
            "body": "{未知",
            "variants": {"推特": "x"},
            "shared": "也许",
        },
        "第 7 行",
    )
    text = "\n".join(str(e) for e in errors)
    assert all(str(e).startswith("第 7 行：") for e in errors)
    for fragment in (
        "缺少模板名称",
        "分类“随便”无法识别",
        "没有对应的",
        "平台版本“推特”无法识别",
        "“共享”一栏",
    ):
        assert fragment in text


def test_weibo_variant_over_140_characters_is_refused() -> None:
    _, errors = entry_from_record(
        good(variants={"weibo": "您好，" + "我们正在处理" * 30}), "第 2 个模板"
    )
    assert len(errors) == 1
    assert "微博版本按常见取值估算约" in errors[0].message and "140" in errors[0].message


def test_empty_body_and_unknown_variable_are_refused() -> None:
    _, errors = entry_from_record(good(body="   "), "a")
    assert [e.message for e in errors] == ["正文模板正文为空，请填写回复内容。"]
    _, errors = entry_from_record(good(body="请联系{联系人}"), "a")
    assert "未知变量“{联系人}”" in errors[0].message


def test_document_schema_version_and_duplicates() -> None:
    _, errors = parse_document({"schema_version": 99, "templates": [good()]})
    assert "格式版本为“99”" in errors[0].message
    _, errors = parse_document({"templates": [good()]})
    assert "格式版本" in errors[0].message
    _, errors = parse_document({"schema_version": SCHEMA_VERSION, "templates": [good(), good()]})
    assert "重复" in errors[0].message
    _, errors = parse_document(["not", "a", "mapping"])
    assert "不是模板库格式" in errors[0].message


def test_includes_may_name_templates_of_the_same_file_but_not_loop() -> None:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "templates": [good(name="结尾", body="谢谢。"), good(name="主体", body="您好。{>结尾}")],
    }
    entries, errors = parse_document(doc)
    assert errors == [] and len(entries) == 2
    doc["templates"] = [good(name="甲", body="{>乙}"), good(name="乙", body="{>甲}")]
    _, errors = parse_document(doc)
    assert errors and all("循环" in e.message for e in errors)


def test_default_library_is_complete_and_clean() -> None:
    data = yaml.safe_load(Path(DEFAULT).read_text(encoding="utf-8"))
    entries, errors = parse_document(data)
    assert errors == []
    assert len(entries) >= 40
    assert {e.category for e in entries} == set(TemplateCategory)
    bodies = {e.name: e.body for e in entries}
    for e in entries:
        for text in (e.body, *e.variants.values()):
            assert check(text, declared=e.variables, resolve=bodies.get) == []
            rendered = text
            for name, included in bodies.items():
                rendered = rendered.replace("{>" + name + "}", included)
            # Every reply names a channel for follow-up.
            assert any(c in rendered for c in ("{热线}", "{联系电话}", "私信", "110", "96110")), (
                e.name
            )
            # A careful office never promises an outcome.
            assert not any(
                w in rendered for w in ("保证", "一定会", "绝对", "马上解决", "立即解决")
            ), e.name
        weibo = e.variants.get(Platform.WEIBO.value)
        if weibo is not None:
            assert estimated_length(weibo, declared=e.variables, resolve=bodies.get) <= 140, e.name
