"""The read-only queries behind the panes, on a SQLite workspace filled with ORM rows (no Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisdesk.domain import WarningLevel
from crisisdesk.services import views
from crisisdesk.storage.db import Database, open_database
from crisisdesk.storage.schema import (
    Account,
    Activity,
    Alert,
    AlertRule,
    Comment,
    Operator,
    PlanStep,
    Post,
    ResponsePlan,
    Template,
    TemplateVersion,
    TrendBucket,
)

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    yield database
    database.dispose()


def _accounts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        a = Account(platform="weibo", name="a", display_name="@发布", sync_status="ok")
        b = Account(platform="douyin", name="b", display_name="抖音号", sync_status="rate_limited")
        c = Account(platform="wechat", name="c", display_name="公众号", sync_status="never")
        s.add_all([a, b, c])
        s.flush()
        return a.id, b.id


def _comments(db: Database, account_id: int, times: list[datetime]) -> list[int]:
    with db.session() as s:
        rows = [
            Comment(
                account_id=account_id,
                platform="weibo",
                external_id=f"e{i}",
                text=f"评论{i}",
                author_name=f"作者{i}",
                created_at=t,
            )
            for i, t in enumerate(times)
        ]
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]


def test_keyset_pages_walk_every_comment_once_newest_first(db: Database) -> None:
    account, _ = _accounts(db)
    # Ties on created_at are broken by id, so paging never skips or repeats a row.
    times = [T0 - timedelta(minutes=i // 3) for i in range(25)]
    ids = _comments(db, account, times)
    seen: list[int] = []
    key = None
    while True:
        page = views.inbox_id_page(db, after=key, limit=4)
        seen.extend(page.ids)
        if page.next_key is None:
            break
        key = page.next_key
    assert sorted(seen) == sorted(ids) and len(seen) == len(set(seen))
    rows = views.inbox_rows(db, seen)
    order = [(rows[i].created_at, i) for i in seen]
    assert order == sorted(order, reverse=True)


def test_newer_comments_come_back_above_the_old_top(db: Database) -> None:
    account, _ = _accounts(db)
    _comments(db, account, [T0 - timedelta(minutes=i) for i in range(5)])
    first = views.inbox_id_page(db, after=None, limit=10)
    assert first.first_key is not None and first.next_key is None
    with db.session() as s:
        s.add(
            Comment(
                account_id=account,
                platform="weibo",
                external_id="n1",
                text="新",
                created_at=T0 + timedelta(minutes=1),
            )
        )
        s.add(
            Comment(
                account_id=account,
                platform="weibo",
                external_id="n2",
                text="更新",
                created_at=T0 + timedelta(minutes=2),
            )
        )
    newer = views.inbox_newer(db, than=first.first_key)
    texts = [views.inbox_rows(db, newer.ids)[i].text for i in newer.ids]
    assert texts == ["更新", "新"]
    assert views.inbox_newer(db, than=newer.first_key).ids == ()  # type: ignore[arg-type]
    assert views.comment_count(db) == 7


def test_rows_and_detail_carry_the_text_exactly(db: Database) -> None:
    account, _ = _accounts(db)
    hostile = "<b>粗体</b><img src=x>\n第二行"
    with db.session() as s:
        post = Post(account_id=account, external_id="p", title="通知")
        op = Operator(username="w", display_name="王五")
        s.add_all([post, op])
        s.flush()
        c = Comment(
            account_id=account,
            platform="weibo",
            external_id="h",
            text=hostile,
            author_id="u1",
            author_name="<i>名</i>",
            created_at=T0,
            post_id=post.id,
            assignee_id=op.id,
            sentiment="negative",
            sentiment_score=-0.8,
            analysis={"keywords": ["停水", 3]},
        )
        s.add(c)
        s.flush()
        cid = c.id
    row = views.inbox_rows(db, [cid, 999])[cid]
    assert row.text == hostile and row.author_name == "<i>名</i>"
    assert row.account_name == "@发布"
    detail = views.comment_detail(db, cid)
    assert detail is not None
    assert detail.row == row
    assert detail.post_title == "通知" and detail.assignee_name == "王五"
    assert detail.keywords == ("停水", "3")
    assert detail.sentiment_score == pytest.approx(-0.8)
    assert views.comment_detail(db, 999) is None


def test_status_bar_figures(db: Database) -> None:
    assert views.account_summary(db) == views.AccountSummary(total=0, ok=0, problems=0)
    assert views.current_warning_level(db) == WarningLevel.NONE
    _accounts(db)
    assert views.account_summary(db) == views.AccountSummary(total=3, ok=1, problems=1, waiting=1)
    with db.session() as s:
        s.add(Alert(fired_at=T0, level=3, value=1, reason="橙", status="acknowledged"))
        s.add(Alert(fired_at=T0, level=1, value=1, reason="蓝"))
        s.add(
            Alert(
                fired_at=T0 - timedelta(hours=1), level=2, value=1, reason="黄", status="escalated"
            )
        )
    # Acknowledged alerts no longer warn; the gravest open or escalated one does.
    assert views.current_warning_level(db) == WarningLevel.YELLOW


def test_templates_show_their_latest_version_and_approval(db: Database) -> None:
    assert views.template_list(db) == []
    with db.session() as s:
        op = Operator(username="r", display_name="审核员")
        s.add(op)
        s.flush()
        t1 = Template(name="致歉", category="apology")
        t2 = Template(name="草稿", category="faq")
        t3 = Template(name="旧的", category="faq", retired=True)
        s.add_all([t1, t2, t3])
        s.flush()
        s.add_all(
            [
                TemplateVersion(template_id=t1.id, number=1, body="一"),
                TemplateVersion(
                    template_id=t1.id, number=2, body="二", approved_by_id=op.id, approved_at=T0
                ),
                TemplateVersion(template_id=t2.id, number=1, body="稿"),
            ]
        )
        ids = (t1.id, t2.id)
    listed = views.template_list(db)
    assert [(t.name, t.latest_version, t.approved) for t in listed] == [
        ("致歉", 2, True),
        ("草稿", 1, False),
    ]
    detail = views.template_detail(db, ids[0])
    assert detail is not None
    assert (detail.body, detail.version, detail.version_count, detail.approved_by) == (
        "二",
        2,
        2,
        "审核员",
    )
    assert views.template_detail(db, 12345) is None


def test_hourly_volume_reads_the_last_seven_days_of_buckets(db: Database) -> None:
    account, other = _accounts(db)
    assert views.hourly_volume(db) == views.HourlyVolume(hours=(), by_sentiment={})
    with db.session() as s:
        s.add_all(
            [
                TrendBucket(
                    account_id=account, minute=T0, sentiment="negative", intent="complaint", count=3
                ),
                TrendBucket(
                    account_id=other,
                    minute=T0 + timedelta(minutes=30),
                    sentiment="negative",
                    intent="other",
                    count=2,
                ),
                TrendBucket(
                    account_id=account,
                    minute=T0 - timedelta(hours=5),
                    sentiment="positive",
                    intent="praise",
                    count=4,
                ),
                # Older than seven days before the newest bucket: left out.
                TrendBucket(
                    account_id=account,
                    minute=T0 - timedelta(days=8),
                    sentiment="neutral",
                    intent="other",
                    count=9,
                ),
            ]
        )
    volume = views.hourly_volume(db)
    assert len(volume.hours) == 7 * 24
    assert volume.hours[-1] == T0.timestamp()  # the newest hour is the last point
    assert volume.by_sentiment["negative"][-1] == 5
    assert volume.by_sentiment["positive"][-6] == 4
    assert sum(volume.by_sentiment["neutral"]) == 0
    assert volume.total == 9


def test_alerts_activities_and_plans(db: Database) -> None:
    account, _ = _accounts(db)
    assert views.recent_alerts(db) == [] and views.activity_list(db) == []
    assert views.plan_list(db) == []
    with db.session() as s:
        rule = AlertRule(name="负面激增", kind="spike")
        s.add(rule)
        s.flush()
        s.add(Alert(rule_id=rule.id, fired_at=T0, level=4, value=9.0, baseline=1.5, reason="激增"))
        s.add(Alert(fired_at=T0 - timedelta(hours=1), level=1, value=1.0, reason="早先"))
        s.add(Activity(title="未排期草案", kind="vote"))
        s.add(
            Activity(
                title="问卷", kind="survey", status="scheduled", account_id=account, starts_at=T0
            )
        )
        tpl = Template(name="说明", category="explanation")
        s.add(tpl)
        s.flush()
        plan = ResponsePlan(name="停电预案", crisis_type="utility")
        plan.steps = [
            PlanStep(position=2, title="发布说明", template_id=tpl.id, within_minutes=60),
            PlanStep(position=1, title="核实", role="crisis_lead"),
        ]
        s.add(plan)
        s.add(ResponsePlan(name="空预案", crisis_type="other"))
    alerts = views.recent_alerts(db)
    assert [(a.reason, a.rule_name, a.level) for a in alerts] == [
        ("激增", "负面激增", 4),
        ("早先", "", 1),
    ]
    assert [a.title for a in views.activity_list(db)] == ["问卷", "未排期草案"]
    plans = views.plan_list(db)
    assert [p.name for p in plans] == ["停电预案", "空预案"]
    assert [(st.position, st.title, st.template_name) for st in plans[0].steps] == [
        (1, "核实", ""),
        (2, "发布说明", "说明"),
    ]
    assert plans[1].steps == ()
