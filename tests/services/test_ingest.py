"""Ingest: idempotent, cursor-safe, bucketed, threaded, and wave-aware."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from crisisdesk.connectors.base import RemoteComment
from crisisdesk.domain import AnalysisResult, Intent, Platform, Sentiment
from crisisdesk.services.ingest import CursorUpdate, Ingestor, ensure_account, load_cursor
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, Post, TrendBucket, Wave

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def fake_analyze(texts: Sequence[str]) -> list[AnalysisResult]:
    """A predictable reading: texts with 差 are negative complaints."""
    out = []
    for t in texts:
        neg = "差" in t
        out.append(
            AnalysisResult(
                text=t,
                normalized=t,
                tokens=list(t),
                sentiment=Sentiment.NEGATIVE if neg else Sentiment.NEUTRAL,
                score=-0.8 if neg else 0.0,
                confidence=0.9,
                intent=Intent.COMPLAINT if neg else Intent.QUESTION,
                simhash=hash(t) & 0x7FFFFFFFFFFFFFFF,
            )
        )
    return out


def _comment(i: int, text: str = "服务态度很好，值得表扬一下", **kw: object) -> RemoteComment:
    base: dict[str, object] = {
        "external_id": f"c{i}",
        "post_external_id": "p1",
        "parent_external_id": None,
        "author_id": f"a{i}",
        "author_name": f"网友{i}",
        "text": text,
        "created_at": T0 + timedelta(seconds=30 * i),
        "post_title": "关于社保缴费的通知",
    }
    base.update(kw)
    return RemoteComment(**base)  # type: ignore[arg-type]


def _account(db: Database) -> int:
    with db.session() as s:
        return ensure_account(s, platform=Platform.WEIBO, name="滨江发布").id


def test_ingest_twice_stores_each_comment_once(db: Database) -> None:
    acc = _account(db)
    ing = Ingestor(db, analyze=fake_analyze)
    batch = [_comment(i) for i in range(10)]
    first = ing.ingest(acc, batch)
    again = ing.ingest(acc, [*batch, _comment(10), _comment(3)])
    assert len(first.new_ids) == 10
    assert len(again.new_ids) == 1 and again.skipped == 11
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(Comment)).scalar_one() == 11
        assert s.execute(select(func.count()).select_from(Post)).scalar_one() == 1
        assert s.execute(select(Post.title)).scalar_one() == "关于社保缴费的通知"


def test_cursor_is_saved_with_the_rows_or_not_at_all(db: Database) -> None:
    acc = _account(db)
    ing = Ingestor(db, analyze=fake_analyze)
    ing.ingest(acc, [_comment(1)], cursor=CursorUpdate("to_me", '{"since_id": 1}'))
    with pytest.raises(RuntimeError), db.session() as s:
        ing.ingest_in(s, acc, [_comment(2)], cursor=CursorUpdate("to_me", '{"since_id": 2}'))
        raise RuntimeError("crash before commit")
    with db.session() as s:
        assert load_cursor(s, acc, "to_me") == '{"since_id": 1}'
        assert s.execute(select(Comment.external_id)).scalars().all() == ["c1"]


def test_trend_buckets_count_every_comment(db: Database) -> None:
    acc = _account(db)
    ing = Ingestor(db, analyze=fake_analyze)
    ing.ingest(acc, [_comment(i, "服务太差了" if i % 3 == 0 else "请问在哪里办") for i in range(12)])
    ing.ingest(acc, [_comment(i, "差评") for i in range(12, 16)])
    with db.session() as s:
        total = s.execute(select(func.sum(TrendBucket.count))).scalar_one()
        neg = s.execute(
            select(func.sum(TrendBucket.count)).where(TrendBucket.sentiment == "negative")
        ).scalar_one()
    assert total == 16
    assert neg == 4 + 4


def test_replies_link_to_their_parent(db: Database) -> None:
    acc = _account(db)
    ing = Ingestor(db, analyze=fake_analyze)
    ing.ingest(acc, [_comment(1)])
    ing.ingest(acc, [_comment(2, parent_external_id="c1"), _comment(3, parent_external_id="gone")])
    with db.session() as s:
        rows = dict(s.execute(select(Comment.external_id, Comment.parent_id)).all())
        parent = s.execute(select(Comment.id).where(Comment.external_id == "c1")).scalar_one()
    assert rows["c2"] == parent
    assert rows["c3"] is None


def test_deadlines_follow_the_default_rules(db: Database) -> None:
    acc = _account(db)
    Ingestor(db, analyze=fake_analyze).ingest(acc, [_comment(1, "太差了"), _comment(2, "请问")])
    with db.session() as s:
        due = dict(s.execute(select(Comment.external_id, Comment.due_at)).all())
    assert due["c1"] == T0 + timedelta(seconds=30, hours=2)
    assert due["c2"] == T0 + timedelta(seconds=60, hours=24)


def test_copy_paste_from_many_authors_becomes_one_wave(db: Database) -> None:
    acc = _account(db)
    ing = Ingestor(db)  # the real analysis: the wave must survive small edits
    text = "#滨江社保系统崩了# 交不了费，逾期滞纳金谁来承担？请给个说法！"
    variants = [text, text + "[怒]", text.replace("！", "!!"), "转：" + text, text + "+1"]
    batch = [_comment(i, variants[i % len(variants)]) for i in range(10)]
    others = [
        "请问东区办事大厅周六几点开门，需要带身份证原件吗",
        "公交12路调整以后我上班近了二十分钟，谢谢交通局",
        "建议在公众号里加一个办理进度查询功能，省得总打电话",
    ]
    batch += [_comment(100 + i, text) for i, text in enumerate(others)]
    ing.ingest(acc, batch)
    with db.session() as s:
        waves = s.execute(select(Wave)).scalars().all()
        members = s.execute(
            select(func.count()).select_from(Comment).where(Comment.wave_id.is_not(None))
        ).scalar_one()
    assert len(waves) == 1
    assert waves[0].size == 10 and members == 10
    assert waves[0].distinct_authors == 10


def test_the_accounts_own_replies_are_not_stored_as_comments(db: Database) -> None:
    acc = _account(db)
    result = Ingestor(db, analyze=fake_analyze).ingest(
        acc, [_comment(1), _comment(2, is_own=True, text="您好，已转办。")]
    )
    assert len(result.new_ids) == 1 and result.skipped == 0
    with db.session() as s:
        assert s.execute(select(Comment.external_id)).scalars().all() == ["c1"]


def test_broken_unicode_from_a_platform_is_stored_not_refused(db: Database) -> None:
    acc = _account(db)
    Ingestor(db).ingest(acc, [_comment(1, "系统\ud800崩了", author_name="网友\udfff")])
    with db.session() as s:
        text, author = s.execute(select(Comment.text, Comment.author_name)).one()
    assert text == "系统\ufffd崩了" and author == "网友\ufffd"


def test_the_demo_cache_reanalyses_texts_after_it_is_cleared() -> None:
    from crisisdesk.services.demo import _CachedAnalysis

    cached = _CachedAnalysis()
    cached.LIMIT = 3
    first = cached(["甲乙丙", "丁戊己"])
    again = cached(["甲乙丙", "新的一条", "再一条", "丁戊己"])  # overflows: cache cleared
    assert [r.text for r in again] == ["甲乙丙", "新的一条", "再一条", "丁戊己"]
    assert first[0].text == again[0].text
