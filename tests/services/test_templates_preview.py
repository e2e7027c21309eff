"""Previews against real comments, composing several templates, and template usage and outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from crisisdesk.domain import Platform
from crisisdesk.services import template_policy as pol
from crisisdesk.services import templates as svc
from crisisdesk.services.template_preview import (
    context_for_comment,
    draft_problems,
    office_values,
    preview,
    set_office_values,
)
from crisisdesk.services.template_usage import record_usage, refresh_outcomes, usage_stats
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import AuditEvent, Reply, TemplateUsage
from tests.templating.workspace import add_comment, add_operator, fresh_workspace, later

NOW = datetime(2026, 11, 21, 6, 30, tzinfo=UTC)  # 14:30 in Beijing


@pytest.fixture
def db(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Database]:
    database = fresh_workspace(
        tmp_path_factory.getbasetemp(), tmp_path / "w.sqlite3", with_library=False
    )
    yield database
    database.dispose()


def make(db: Database, name: str, body: str, **kw: object) -> svc.TemplateInfo:
    with db.session() as s:
        return svc.create_template(s, name=name, category="apology", body=body, **kw)  # type: ignore[arg-type]


def test_context_comes_from_comment_account_incident_office_and_clock(db: Database) -> None:
    cid = add_comment(
        db,
        "小区停水两天了，到底什么时候来水？？？家里老人孩子都等着",
        author_name="小王同学",
        incident_title="城东片区停水",
    )
    with db.session() as s:
        set_office_values(s, {"办理单位": "市水务集团", "联系电话": "0571-88880000"})
        values = context_for_comment(s, cid, now=NOW)
    assert values["用户昵称"] == "小王同学"
    assert values["账号名称"] == "某某市政务微博"
    assert values["平台"] == "微博"
    assert values["事件名称"] == "城东片区停水"
    assert values["办理单位"] == "市水务集团" and values["联系电话"] == "0571-88880000"
    assert values["热线"] == "12345"
    assert values["日期"] == "2026年11月21日" and values["时间"] == "14:30"
    assert values["评论摘要"] == "小区停水两天了，到底什么时候来水？？？家…"


def test_office_values_refuse_names_that_are_not_office_variables(db: Database) -> None:
    with db.session() as s, pytest.raises(svc.TemplateError, match="不能设置这些变量：用户昵称"):
        set_office_values(s, {"用户昵称": "x"})
    with db.session() as s:
        assert office_values(s) == {"热线": "12345"}


def test_preview_uses_the_platform_variant_and_flags_missing_values(db: Database) -> None:
    info = make(
        db,
        "停水致歉",
        "{用户昵称|网友}您好，{事件名称|此事}给您带来不便，详询{联系电话}。",
        variants={"weibo": "{用户昵称|网友}您好，{事件名称|此事}正在处置，详询{热线}。"},
    )
    cid = add_comment(db, "停水了", author_name="", incident_title="城东停水")
    with db.session() as s:
        weibo = preview(s, template_ids=[info.id], comment_id=cid, now=NOW)
        wechat = preview(
            s, template_ids=[info.id], comment_id=cid, platform=Platform.WECHAT, now=NOW
        )
        typed = preview(
            s,
            template_ids=[info.id],
            comment_id=cid,
            platform=Platform.WECHAT,
            values={"联系电话": "88880000"},
            now=NOW,
        )
    assert weibo.ok and weibo.text == "网友您好，城东停水正在处置，详询12345。"
    assert weibo.limit == 140 and weibo.length == len(weibo.text)
    assert not wechat.ok
    assert [p.code for p in wechat.problems] == ["missing_value"]
    assert "{联系电话}" in wechat.problems[0].message
    assert typed.ok and typed.text.endswith("详询88880000。")
    assert weibo.version_ids == (info.latest.id,)


def test_compose_several_templates_and_include_another(db: Database) -> None:
    make(db, "结束语", "如有疑问请拨打{热线}。")
    a = make(db, "致歉", "{用户昵称|网友}您好，非常抱歉。")
    b = make(db, "进展", "{办理单位|相关单位}正在处理。{>结束语}")
    cid = add_comment(db, "怎么回事", author_name="老李")
    with db.session() as s:
        out = preview(s, template_ids=[a.id, b.id], comment_id=cid, now=NOW)
    assert out.ok
    assert out.text == "老李您好，非常抱歉。相关单位正在处理。如有疑问请拨打12345。"
    assert len(out.version_ids) == 2


def test_preview_over_the_weibo_limit_is_flagged(db: Database) -> None:
    info = make(db, "长文", "{评论摘要}" + "我们高度重视并正在核查，" * 6)
    cid = add_comment(db, "很长的评论" * 10)
    with db.session() as s:
        out = preview(s, template_ids=[info.id, info.id], comment_id=cid, now=NOW)
    assert not out.ok
    assert "超过微博每条 140 字的限制" in out.problems[-1].message


def test_preview_follows_the_approval_policy(db: Database) -> None:
    writer = add_operator(db, "w", ["operator"])
    reviewer = add_operator(db, "r", ["reviewer"])
    info = make(db, "致歉", "第一版，请拨打{热线}。", by=writer)
    with db.session() as s:
        pol.approve_version(s, info.latest.id, by=reviewer)
        svc.edit_template(s, info.id, body="第二版，请拨打{热线}。", by=writer)
        assert preview(s, template_ids=[info.id], now=NOW).text.startswith("第二版")
        pol.set_policy(s, pol.Policy(require_approval=True))
        assert preview(s, template_ids=[info.id], now=NOW).text.startswith("第一版")
    with db.session() as s, pytest.raises(svc.TemplateError, match="请至少选择一个模板"):
        preview(s, template_ids=[], now=NOW)


def test_usage_is_recorded_with_audit_and_counted(db: Database) -> None:
    op = add_operator(db, "op", ["operator"])
    a = make(db, "致歉", "抱歉，请拨打{热线}。")
    b = make(db, "结束", "谢谢，请拨打{热线}。")
    cid = add_comment(db, "太差了", score=-0.6)
    with db.session() as s:
        reply = Reply(
            comment_id=cid,
            author_id=op,
            text="…",
            idempotency_key="k1",
            state="sent",
            sent_at=later(1),
        )
        s.add(reply)
        s.flush()
        ids = record_usage(
            s,
            template_version_ids=[a.latest.id, b.latest.id, a.latest.id],
            reply_id=reply.id,
            comment_id=cid,
            operator_id=op,
            used_at=later(1),
        )
        assert len(ids) == 2
        events = (
            s.execute(select(AuditEvent).where(AuditEvent.action == "template.use")).scalars().all()
        )
        assert {e.entity_id for e in events} == {str(a.id), str(b.id)}
        stats = {st.name: st for st in usage_stats(s)}
    assert stats["致歉"].times_used == 1 and stats["致歉"].by_operator == {op: 1}
    assert stats["致歉"].last_used_at == later(1)
    assert stats["致歉"].outcomes == {"unknown": 1} and stats["致歉"].calmer_share is None
    with db.session() as s, pytest.raises(svc.TemplateError, match="找不到编号为 999"):
        record_usage(s, template_version_ids=[999], reply_id=None, comment_id=cid, operator_id=op)


def test_outcome_compares_the_authors_next_comment(db: Database) -> None:
    a = make(db, "致歉", "抱歉，请拨打{热线}。")
    calm_c = add_comment(db, "太差了", author="u1", score=-0.6, at=later(0))
    angry_c = add_comment(db, "还是不行", author="u2", score=-0.2, at=later(0))
    silent_c = add_comment(db, "算了", author="u3", score=-0.3, at=later(0))
    add_comment(db, "更早的一条不算", author="u1", score=0.9, at=later(-5))
    with db.session() as s:
        for cid in (calm_c, angry_c, silent_c):
            record_usage(
                s,
                template_version_ids=[a.latest.id],
                reply_id=None,
                comment_id=cid,
                operator_id=None,
                used_at=later(1),
            )
    add_comment(db, "好的谢谢，已经来水了", author="u1", score=0.5, at=later(3))
    add_comment(db, "你们就会敷衍", author="u2", score=-0.8, at=later(2))
    add_comment(db, "再后来的一条", author="u2", score=0.9, at=later(9))
    with db.session() as s:
        assert refresh_outcomes(s) == 2
        assert refresh_outcomes(s) == 0
        rows = {
            u.comment_id: (u.outcome, u.outcome_score)
            for u in s.execute(select(TemplateUsage)).scalars()
        }
        stats = usage_stats(s)[0]
    assert rows[calm_c] == ("calmer", 1.1)
    assert rows[angry_c] == ("more_negative", -0.6)
    assert rows[silent_c] == (None, None)
    assert stats.outcomes == {"calmer": 1, "more_negative": 1, "unknown": 1}
    assert stats.calmer_share == 0.5


def test_draft_problems_point_at_each_part_while_editing(db: Database) -> None:
    make(db, "结束语", "请拨打{热线}。")
    with db.session() as s:
        found = draft_problems(
            s,
            name="新模板",
            body="您好{用户昵}，{>结束语}{>新模板}",
            variants={"weibo": "好" * 150, "wechat": "{>没有}"},
        )
    assert [p.code for p in found["body"]] == ["unknown_variable", "include_cycle"]
    assert found["body"][0].start == 2
    assert [p.code for p in found["weibo"]] == ["too_long"]
    assert [p.code for p in found["wechat"]] == ["unknown_include"]
