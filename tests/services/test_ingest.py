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


def _rich_page(n: int) -> list[RemoteComment]:
    """Comments that exercise every column: replies, likes, odd text, several readings."""
    texts = ["服务太差了，投诉！", "请问在哪里办理？", "谢谢，辛苦了", "系统\ud800又崩了 #社保# @滨江发布"]
    return [
        _comment(
            i,
            f"{texts[i % len(texts)]} 第{i}条",
            like_count=i % 7,
            parent_external_id="c0" if i % 5 == 4 else None,
            created_at=T0 + timedelta(seconds=17 * i, microseconds=(i * 7919) % 1_000_000),
        )
        for i in range(n)
    ]


def test_the_bulk_insert_writes_exactly_what_a_core_insert_writes(db: Database) -> None:
    """The SQLite fast path (driver executemany with the columns' own conversions) and the
    plain Core insert store byte-identical rows."""
    from sqlalchemy import Table, text

    from crisisdesk.analysis import Analyzer
    from crisisdesk.services.deadlines import DeadlineRules
    from crisisdesk.services.ingest_rows import comment_rows, insert_comments

    with db.session() as s:
        fast_acc = ensure_account(s, platform=Platform.WEIBO, name="快速路径").id
        core_acc = ensure_account(s, platform=Platform.WEIBO, name="参照路径").id
    page = _rich_page(60)
    found = Analyzer(watch_lists={"舆情": ["投诉", "崩了"]}).analyze([c.text for c in page])
    assert any(a.watch_hits for a in found) and any(a.features for a in found)
    now = T0 + timedelta(days=1, microseconds=123)
    with db.session() as s:
        rules = DeadlineRules.load(s)
        for acc in (fast_acc, core_acc):
            constants, columns = comment_rows(
                account_id=acc, platform="weibo", fresh=page, found=found, post_ids={},
                rules=rules, now=now,
            )
            if acc == fast_acc:
                ids = insert_comments(s, constants, columns)
            else:
                table: Table = Comment.__table__  # type: ignore[assignment]
                rows = [
                    {**constants, **{k: v[i] for k, v in columns.items()}} for i in range(len(page))
                ]
                ids = [int(r[0]) for r in s.execute(
                    table.insert().returning(table.c.id, sort_by_parameter_order=True), rows
                )]
            assert len(set(ids)) == len(page)
    raw: dict[int, list[tuple[object, ...]]] = {}
    with db.engine.connect() as conn:  # the stored values themselves, not the ORM's reading
        for acc in (fast_acc, core_acc):
            result = conn.execute(
                text("SELECT * FROM comments WHERE account_id = :a ORDER BY external_id"), {"a": acc}
            )
            keys = list(result.keys())
            raw[acc] = [
                tuple(v for k, v in zip(keys, row, strict=True) if k not in ("id", "account_id"))
                for row in result
            ]
    assert raw[fast_acc] == raw[core_acc]
    assert len(raw[fast_acc]) == 60


def test_each_new_id_belongs_to_its_own_comment(db: Database) -> None:
    """RETURNING order is not promised: ids are matched by external id, in pages of any size."""
    from crisisdesk.storage import search

    acc = _account(db)
    page = [_comment(i, f"编号{i:04d}号留言内容") for i in range(1200)]  # several INSERTs on SQLite
    result = Ingestor(db, analyze=fake_analyze).ingest(acc, page)
    with db.session() as s:
        stored = dict(s.execute(select(Comment.external_id, Comment.id)).all())
        assert result.new_ids == [stored[c.external_id] for c in page]
        for i in (0, 599, 1199):
            cond = search.match_condition(db.engine.dialect.name, f"编号{i:04d}号", Comment.id)
            assert cond is not None
            assert s.execute(select(Comment.external_id).where(cond)).scalars().all() == [f"c{i}"]


def test_the_cursor_row_is_updated_in_place(db: Database) -> None:
    from crisisdesk.storage.schema import SyncCursor

    acc = _account(db)
    ing = Ingestor(db, analyze=fake_analyze)
    ing.ingest(acc, [_comment(1)], cursor=CursorUpdate("to_me", "a"))
    with db.session() as s:
        first = s.execute(select(SyncCursor.id, SyncCursor.updated_at)).one()
    ing.ingest(acc, [_comment(2)], cursor=CursorUpdate("to_me", "b"))
    ing.ingest(acc, [], cursor=CursorUpdate("post:9", "c"))
    with db.session() as s:
        rows = s.execute(select(SyncCursor.id, SyncCursor.scope, SyncCursor.cursor, SyncCursor.updated_at)
                         .order_by(SyncCursor.id)).all()
        assert load_cursor(s, acc, "to_me") == "b"
    assert [(r.scope, r.cursor) for r in rows] == [("to_me", "b"), ("post:9", "c")]
    assert rows[0].id == first.id and rows[0].updated_at >= first.updated_at
