"""Template service: create, versions, approval and policy, diff, retire, search, audit events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from crisisdesk.domain import Changes
from crisisdesk.services import template_policy as pol
from crisisdesk.services import templates as svc
from crisisdesk.services.events import BUS
from crisisdesk.storage.audit import verify_chain
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import AuditEvent
from tests.templating.workspace import add_operator, fresh_workspace


@pytest.fixture
def db(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Database]:
    database = fresh_workspace(
        tmp_path_factory.getbasetemp(), tmp_path / "w.sqlite3", with_library=False
    )
    yield database
    database.dispose()


def actions(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def make(
    db: Database,
    name: str = "停水致歉",
    body: str = "{用户昵称|网友}您好，请拨打{热线}。",
    **kw: object,
) -> svc.TemplateInfo:
    with db.session() as s:
        return svc.create_template(s, name=name, category="apology", body=body, **kw)  # type: ignore[arg-type]


def test_create_and_edit_make_versions_and_keep_history(db: Database) -> None:
    seen: list[Changes] = []
    unsubscribe = BUS.subscribe(lambda c, _i: seen.append(c))
    try:
        writer = add_operator(db, "writer", ["operator"])
        info = make(db, by=writer, tags=["停水", "停水", " 抢修 "], scenario_tags=["服务故障"])
        assert info.latest.number == 1 and info.latest.author_id == writer
        assert info.tags == ("停水", "抢修")
        with db.session() as s:
            v2 = svc.edit_template(
                s, info.id, body="您好，{办理单位|相关单位}正在抢修。", by=writer, note="措辞调整"
            )
            same = svc.edit_template(
                s, info.id, body="您好，{办理单位|相关单位}正在抢修。", by=writer
            )
        assert v2.number == 2 and same.id == v2.id
        with db.session() as s:
            history = svc.versions(s, info.id)
        assert [v.number for v in history] == [1, 2]
        assert history[0].body == "{用户昵称|网友}您好，请拨打{热线}。"
        assert any(c.templates for c in seen)
    finally:
        unsubscribe()
    assert actions(db) == ["template.create", "template.edit"]


def test_invalid_text_is_refused_with_every_problem(db: Database) -> None:
    with db.session() as s, pytest.raises(svc.TemplateError) as err:
        svc.create_template(
            s,
            name="坏模板",
            category="道歉",
            body="您好{用户昵，请拨打{热线",
            variants={"weibo": "您好" * 80},
        )
    text = str(err.value)
    assert "模板“坏模板”未保存" in text
    assert "没有对应的" in text and "140 字" in text
    with db.session() as s, pytest.raises(svc.TemplateError, match="模板正文为空"):
        svc.create_template(s, name="空", category="apology", body="  ")
    with db.session() as s, pytest.raises(svc.TemplateError, match="分类“随便”无法识别"):
        svc.create_template(s, name="x", category="随便", body="您好")
    assert actions(db) == []


def test_duplicate_name_is_refused(db: Database) -> None:
    make(db)
    with pytest.raises(svc.TemplateError, match="已有名为“停水致歉”的模板"):
        make(db)


def test_include_cycles_are_refused_on_edit(db: Database) -> None:
    end = make(db, name="结束语", body="谢谢。")
    main = make(db, name="主体", body="您好。{>结束语}")
    with db.session() as s, pytest.raises(svc.TemplateError, match="循环"):
        svc.edit_template(s, end.id, body="再见。{>主体}")
    with db.session() as s, pytest.raises(svc.TemplateError, match="不能引用自身"):
        svc.edit_template(s, main.id, body="{>主体}")
    with db.session() as s, pytest.raises(svc.TemplateError, match="不存在"):
        svc.edit_template(s, main.id, body="{>没有这个}")


def test_approval_roles_self_approval_and_policy(db: Database) -> None:
    writer = add_operator(db, "writer", ["operator"])
    reviewer = add_operator(db, "reviewer", ["reviewer"])
    info = make(db, by=writer)
    with db.session() as s:
        assert pol.get_policy(s) == pol.Policy()
        assert pol.sendable_version(s, info.id).number == 1  # no policy: newest version
        pol.set_policy(s, pol.Policy(require_approval=True), by=reviewer)
    with db.session() as s, pytest.raises(svc.TemplateError, match="尚无审核通过的版本"):
        pol.sendable_version(s, info.id)
    with db.session() as s, pytest.raises(svc.TemplateError, match="没有审核模板的权限"):
        pol.approve_version(s, info.latest.id, by=writer)
    with db.session() as s:
        approved = pol.approve_version(s, info.latest.id, by=reviewer)
        assert approved.approved_by_id == reviewer and approved.approved_at is not None
        v2 = svc.edit_template(s, info.id, body="新的措辞，请拨打{热线}。", by=writer)
    with db.session() as s:
        # The new version waits for approval; the approved one is still what may be sent.
        assert pol.sendable_version(s, info.id).number == 1
        with pytest.raises(svc.TemplateError, match="第 2 版尚未审核通过"):
            pol.ensure_sendable(s, [v2.id])
        pol.ensure_sendable(s, [approved.id])
    own = make(db, name="审核人自己写的", by=reviewer)
    with db.session() as s, pytest.raises(svc.TemplateError, match="不能由撰写人本人审核"):
        pol.approve_version(s, own.latest.id, by=reviewer)
    with db.session() as s:
        pol.set_policy(s, pol.Policy(require_approval=True, allow_self_approval=True), by=reviewer)
        assert pol.approve_version(s, own.latest.id, by=reviewer).approved
        info = svc.get_template(s, info.id)
    assert info.approved is not None and info.approved.number == 1 and info.latest.number == 2
    assert actions(db).count("template.approve") == 2
    assert actions(db).count("template.policy") == 2


def test_diff_between_versions(db: Database) -> None:
    info = make(db, body="第一句。\n请拨打{热线}。")
    with db.session() as s:
        v2 = svc.edit_template(
            s, info.id, body="第一句。\n请拨打{热线}咨询。", variants={"weibo": "短{热线}"}
        )
        diff = svc.diff_versions(s, info.latest.id, v2.id)
        assert svc.diff_versions(s, v2.id, v2.id) == ""
    assert "--- 第 1 版" in diff and "+++ 第 2 版" in diff
    assert "-请拨打{热线}。" in diff and "+请拨打{热线}咨询。" in diff
    assert "+[weibo]" in diff


def test_retire_keeps_history_and_blocks_use(db: Database) -> None:
    info = make(db)
    with db.session() as s:
        svc.edit_template(s, info.id, body="第二版，请拨打{热线}。")
        retired = svc.set_retired(s, info.id, retired=True)
    assert retired.retired and retired.version_count == 2
    with db.session() as s:
        assert svc.list_templates(s) == []
        assert [t.name for t in svc.list_templates(s, include_retired=True)] == ["停水致歉"]
        with pytest.raises(svc.TemplateError, match="已停用"):
            pol.sendable_version(s, info.id)
        with pytest.raises(svc.TemplateError, match="已停用"):
            svc.edit_template(s, info.id, body="再改")
        with pytest.raises(svc.TemplateError, match="已停用"):
            pol.ensure_sendable(s, [info.latest.id])
    make(db)  # the name is free again for a new template
    with db.session() as s, pytest.raises(svc.TemplateError, match="同名"):
        svc.set_retired(s, info.id, retired=False)
    assert actions(db).count("template.retire") == 1


def test_search_by_name_text_tag_and_category(db: Database) -> None:
    make(db, name="停水致歉", body="停水给您带来不便，请拨打{热线}。", tags=["停水"])
    make(db, name="网传辟谣", body="经核实，网传信息不实，请拨打{热线}。", tags=["谣言"])
    with db.session() as s:
        svc.update_details(s, svc.list_templates(s, query="辟谣")[0].id, category="clarification")
        assert [t.name for t in svc.list_templates(s, query="不便")] == ["停水致歉"]
        assert [t.name for t in svc.list_templates(s, query="网传 不实")] == ["网传辟谣"]
        assert [t.name for t in svc.list_templates(s, tag="谣言")] == ["网传辟谣"]
        assert [t.name for t in svc.list_templates(s, category="澄清")] == ["网传辟谣"]
        assert [t.name for t in svc.list_templates(s, query="澄清")] == ["网传辟谣"]
        assert svc.list_templates(s, query="不存在的词") == []


def test_private_and_team_templates_are_visible_to_the_right_people(db: Database) -> None:
    alice = add_operator(db, "alice", ["operator"], team="A组")
    bob = add_operator(db, "bob", ["operator"], team="B组")
    admin = add_operator(db, "admin", ["admin"])
    make(db, name="公共", by=admin)
    make(db, name="A组专用", team="A组", by=admin)
    make(db, name="Alice私有", shared=False, by=alice)
    with db.session() as s:
        see = {
            who: {t.name for t in svc.list_templates(s, viewer_id=who)}
            for who in (alice, bob, admin)
        }
    assert see[alice] == {"公共", "A组专用", "Alice私有"}
    assert see[bob] == {"公共"}
    assert see[admin] == {"公共", "A组专用", "Alice私有"}


def test_update_details_writes_only_what_changed(db: Database) -> None:
    info = make(db)
    with db.session() as s:
        svc.update_details(s, info.id, name="停水停电致歉", tags=["停水", "停电"], shared=True)
        svc.update_details(s, info.id, shared=True)
        details = (
            s.execute(select(AuditEvent.details).where(AuditEvent.action == "template.update"))
            .scalars()
            .all()
        )
    assert details == [{"name": "停水停电致歉", "tags": ["停水", "停电"]}]


def test_audit_chain_stays_intact(db: Database) -> None:
    reviewer = add_operator(db, "reviewer", ["reviewer"])
    info = make(db)
    with db.session() as s:
        svc.edit_template(s, info.id, body="改过，请拨打{热线}。")
        pol.approve_version(s, info.latest.id, by=reviewer)
        svc.set_retired(s, info.id, retired=True)
        assert verify_chain(s).intact
