"""Builds small test workspaces with ORM rows (and bulk comment rows) for the UI tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

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
from crisisdesk.storage.search import rebuild

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HOSTILE_TEXT = "<b>粗体</b><img src=x>"
_SENTIMENTS = ("negative", "neutral", "positive")
_INTENTS = ("complaint", "question", "help", "suggestion", "praise")
_STATUSES = ("new", "in_progress", "replied", "handled")


def new_db(tmp_path: Path, name: str = "ws.sqlite3") -> Database:
    """A fresh, migrated workspace database in tmp_path."""
    return open_database(f"sqlite:///{tmp_path / name}")


def fill(db: Database, *, comments: int = 30, with_extras: bool = True) -> None:
    """Insert accounts, a post, `comments` comments (one per minute back from T0), buckets and more."""
    with db.session() as s:
        weibo = Account(
            platform="weibo", name="市政务微博", display_name="@某市发布", sync_status="ok"
        )
        wechat = Account(
            platform="wechat",
            name="公众号",
            display_name="某市发布公众号",
            sync_status="auth_expired",
        )
        s.add_all([weibo, wechat])
        s.flush()
        post = Post(account_id=weibo.id, external_id="p1", title="关于供水管网改造的通知")
        s.add(post)
        s.flush()
        accounts, post_id = (weibo.id, wechat.id), post.id
    rows = []
    buckets: dict[tuple[int, datetime, str, str], int] = {}
    for i in range(comments):
        at = T0 - timedelta(minutes=i)
        account = accounts[i % 2]
        sentiment = _SENTIMENTS[i % 3]
        intent = _INTENTS[i % 5]
        text = HOSTILE_TEXT if i == 0 else f"第{i}条评论：小区停水什么时候恢复？"
        rows.append(
            {
                "account_id": account,
                "platform": "weibo" if account == accounts[0] else "wechat",
                "external_id": f"c{i}",
                "post_id": post_id,
                "author_id": f"u{i % 97}",
                "author_name": f"市民{i % 97}",
                "text": text,
                "normalized_text": text,
                "created_at": at,
                "fetched_at": T0,
                "sentiment": sentiment,
                "intent": intent,
                "status": _STATUSES[i % 4],
                "analysis": {"keywords": ["停水", "恢复"]},
            }
        )
        key = (account, at.replace(second=0, microsecond=0), sentiment, intent)
        buckets[key] = buckets.get(key, 0) + 1
    with db.session() as s:
        for start in range(0, len(rows), 5000):
            s.execute(insert(Comment), rows[start : start + 5000])
        s.execute(
            insert(TrendBucket),
            [
                {"account_id": a, "minute": m, "sentiment": se, "intent": it, "count": n}
                for (a, m, se, it), n in buckets.items()
            ],
        )
    if with_extras:
        _extras(db, accounts[0])


def _extras(db: Database, account_id: int) -> None:
    with db.session() as s:
        reviewer = Operator(username="li", display_name="李审核", roles=["reviewer"])
        s.add(reviewer)
        s.flush()
        tpl = Template(name="停水致歉", category="apology")
        s.add(tpl)
        s.flush()
        s.add_all(
            [
                TemplateVersion(template_id=tpl.id, number=1, body="旧版本"),
                TemplateVersion(
                    template_id=tpl.id,
                    number=2,
                    body="您好，给您带来不便，我们深表歉意。",
                    approved_by_id=reviewer.id,
                    approved_at=T0,
                ),
            ]
        )
        draft = Template(name="政策解读：阶梯水价", category="policy")
        s.add(draft)
        s.flush()
        s.add(TemplateVersion(template_id=draft.id, number=1, body="阶梯水价的说明如下……"))
        rule = AlertRule(name="负面占比", kind="negative_share")
        s.add(rule)
        s.flush()
        s.add(
            Alert(
                rule_id=rule.id,
                fired_at=T0,
                level=2,
                value=0.42,
                baseline=0.15,
                reason="负面评论占比 42%，高于基线 15%",
            )
        )
        s.add(
            Activity(
                title="供水服务满意度问卷",
                kind="survey",
                status="scheduled",
                account_id=account_id,
                starts_at=T0 + timedelta(days=2),
                ends_at=T0 + timedelta(days=9),
            )
        )
        plan = ResponsePlan(name="停水事件预案", crisis_type="public_service")
        plan.steps = [
            PlanStep(position=1, title="核实停水范围", role="crisis_lead", within_minutes=30),
            PlanStep(
                position=2,
                title="发布致歉说明",
                role="operator",
                within_minutes=60,
                template_id=tpl.id,
            ),
        ]
        s.add(plan)
    # Every comment is in the search index, as ingest keeps it (these rows were added directly).
    with db.engine.begin() as conn:
        rebuild(conn)
