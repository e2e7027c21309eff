"""Suggestions through the service and the CLI, on a workspace with the default library."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from crisisdesk.cli import main
from crisisdesk.services import templates as svc
from crisisdesk.services.template_suggest import suggest_for_comment, suggest_for_text
from crisisdesk.services.template_usage import record_usage
from crisisdesk.storage.db import Database
from tests.templating.workspace import add_comment, add_operator, fresh_workspace

LABELED = Path(__file__).resolve().parent.parent / "data" / "template_suggest_labeled.yaml"


@pytest.fixture
def db(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Database]:
    database = fresh_workspace(
        tmp_path_factory.getbasetemp(), tmp_path / "w.sqlite3", with_library=True
    )
    yield database
    database.dispose()


def top(db: Database, text: str, n: int = 3, **kw: object) -> list[str]:
    with db.session() as s:
        return [x.name for x in suggest_for_text(s, text, top=n, **kw)]  # type: ignore[arg-type]


def test_a_few_typical_comments(db: Database) -> None:
    assert "服务中断致歉" in top(db, "小区停水一整天了，也没个通知")
    assert "网传信息不实澄清" in top(db, "网传明天全市停工停课，是真的吗？")
    assert top(db, "谢谢你们，办事效率真高，点赞")[0] == "感谢表扬"
    assert "文明发言提醒" in top(db, "一群废物")
    with db.session() as s:
        found = suggest_for_text(s, "请问办理居住证需要带什么材料", top=1)[0]
    assert found.category == "faq" and any("材料" in r for r in found.reasons)


def test_empty_text_is_refused(db: Database) -> None:
    with db.session() as s, pytest.raises(svc.TemplateError, match="评论内容为空"):
        suggest_for_text(s, "   ")


def test_linked_incident_crisis_type_counts(db: Database) -> None:
    cid = add_comment(
        db, "到底什么时候能好", intent="question", incident_title="城东停水", crisis_type="服务故障"
    )
    plain = add_comment(db, "到底什么时候能好", intent="question")
    with db.session() as s:
        linked = suggest_for_comment(s, cid, top=3)
        unlinked = suggest_for_comment(s, plain, top=3)
    assert any("关联事件类型：服务故障" in x.reasons for x in linked)
    assert {x.name for x in linked} != {x.name for x in unlinked}


def test_operators_past_choices_for_similar_comments_count(db: Database) -> None:
    op = add_operator(db, "op", ["operator"])
    with db.session() as s:
        chosen = svc.list_templates(s, query="诉求已受理")[0]
    for i in range(3):
        cid = add_comment(db, f"化粪池满了第{i}次", keywords=["化粪池"])
        with db.session() as s:
            record_usage(
                s,
                template_version_ids=[chosen.latest.id],
                reply_id=None,
                comment_id=cid,
                operator_id=op,
            )
    with db.session() as s:
        found = suggest_for_text(s, "我们楼的化粪池又满了", top=3)
    assert found[0].name == "诉求已受理"
    assert "同类评论曾选用 3 次" in found[0].reasons


def test_new_and_retired_templates_are_seen_at_once(db: Database) -> None:
    assert "单车专用" not in top(db, "共享单车把人行道堵死了", 5)
    with db.session() as s:
        info = svc.create_template(
            s,
            name="单车专用",
            category="case",
            body="已转城管处理，请拨打{热线}。",
            tags=["共享单车"],
        )
    assert top(db, "共享单车把人行道堵死了", 1) == ["单车专用"]
    with db.session() as s:
        svc.set_retired(s, info.id, retired=True)
    assert "单车专用" not in top(db, "共享单车把人行道堵死了", 5)


def test_private_templates_are_suggested_only_to_their_owner(db: Database) -> None:
    alice = add_operator(db, "alice", ["operator"])
    bob = add_operator(db, "bob", ["operator"])
    with db.session() as s:
        svc.create_template(
            s,
            name="Alice的单车回复",
            category="case",
            body="请拨打{热线}。",
            tags=["共享单车"],
            shared=False,
            by=alice,
        )
    assert top(db, "共享单车把人行道堵死了", 1, viewer_id=alice) == ["Alice的单车回复"]
    assert "Alice的单车回复" not in top(db, "共享单车把人行道堵死了", 5, viewer_id=bob)


def test_labeled_set_top3_hit_rate(db: Database) -> None:
    """Quality floor on the held-out set (the benchmark prints the figure; this keeps it from regressing)."""
    items = yaml.safe_load(LABELED.read_text(encoding="utf-8"))["items"]
    assert len(items) >= 100
    with db.session() as s:
        hits = sum(
            item["category"] in {x.category for x in suggest_for_text(s, item["text"], top=3)}
            for item in items
        )
    assert hits / len(items) >= 0.8


def test_cli_suggest_json_on_a_fresh_workspace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert (
        main(
            [
                "templates",
                "suggest",
                "系统又崩了，社保缴费一直提交不了",
                "--top",
                "2",
                "--format",
                "json",
                "--db",
                url,
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 2
    assert set(out[0]) >= {"name", "category", "score", "reasons"}
    assert out[0]["name"] == "线上系统故障致歉" and out[0]["category"] == "道歉"
    assert out[0]["score"] >= out[1]["score"] and out[0]["reasons"]
    assert main(["templates", "suggest", "感谢你们", "--db", url]) == 0
    text = capsys.readouterr().out
    assert "1. 感谢表扬［感谢］" in text and "理由：" in text


def test_cli_export_import_and_conflict_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    out = tmp_path / "lib.xlsx"
    assert main(["templates", "export", str(out), "--db", url]) == 0
    assert main(["templates", "import", str(out), "--db", url]) == 0
    assert "内容相同未改动" in capsys.readouterr().out
    changed = tmp_path / "c.yaml"
    changed.write_text(
        yaml.safe_dump(
            {
                "schema_version": 1,
                "templates": [
                    {"name": "感谢表扬", "category": "thanks", "body": "谢谢！请拨打{热线}。"}
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    assert main(["templates", "import", str(changed), "--db", url]) == 2
    assert "感谢表扬" in capsys.readouterr().err
    assert (
        main(["templates", "import", str(changed), "--on-conflict", "new-version", "--db", url])
        == 0
    )
    assert "新版本 1 个" in capsys.readouterr().out
    assert main(["templates", "list", "感谢表扬", "--format", "json", "--db", url]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(t["name"], t["version"], t["approved_version"]) for t in listed] == [
        ("感谢表扬", 2, None)
    ]
