"""The Chinese full-text index: 2-character words, phrases, AND, folding, and substring parity."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, literal_column, select, table

from crisisdesk.analysis.stored_forms import pair_document, pair_token
from crisisdesk.domain import Platform
from crisisdesk.services.ingest import Ingestor, ensure_account
from crisisdesk.storage import search
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment
from tests.services import test_inbox_fixtures
from tests.services.test_inbox_fixtures import fake_analyze, fill, remote

module_db = test_inbox_fixtures.module_db  # module-scoped fixtures shared by the tests
corpus_db = test_inbox_fixtures.corpus_db


def _search(db: Database, query: str) -> set[int]:
    cond = search.match_condition(db.engine.dialect.name, query, Comment.id)
    assert cond is not None
    with db.session() as s:
        return set(s.execute(select(Comment.id).where(cond)).scalars())


def _substring(texts: dict[int, str], query: str) -> set[int]:
    return {cid for cid, t in texts.items() if query in t}


def test_parse_query_ands_terms_and_keeps_quoted_phrases() -> None:
    assert search.parse_query('社保  "系统 崩了"  医保') == ["社保", "系统 崩了", "医保"]
    assert search.parse_query("“全角 引号”  ＡＢＣ") == ["全角 引号", "abc"]
    assert search.parse_query('  "" ') == []
    assert search.split_query("社 社保 社保卡").short_terms == ("社", "社保")


def test_grams_are_distinct_characters_and_pairs() -> None:
    assert search.grams("社保社保") == ["社", "社保", "保", "保社"]
    assert search.grams("a b") == ["a", "a ", " b", "b"]


def test_two_character_words_phrases_and_single_characters(db: Database) -> None:
    ids = fill(db, ["社保缴费系统崩了", "医保报销很慢", "社区医院排队", "滨江社保 系统 升级"])
    assert _search(db, "社保") == {ids[0], ids[3]}
    assert _search(db, "系统崩了") == {ids[0]}
    assert _search(db, '"社保 系统"') == {ids[3]}
    assert _search(db, "社保 升级") == {ids[3]}  # terms are ANDed
    assert _search(db, "医") == {ids[1], ids[2]}
    assert _search(db, "保报销") == {ids[1]}
    assert _search(db, "不存在的词") == set()


def test_width_and_case_are_folded_both_ways(db: Database) -> None:
    ids = fill(db, ["ＡＢＣ全角字母", "abc half", "Ｅｍａｉｌ：ＴＥＳＴ"])
    assert _search(db, "abc") == {ids[0], ids[1]}
    assert _search(db, "ＡＢＣ") == {ids[0], ids[1]}
    assert _search(db, "test") == {ids[2]}


def test_like_wildcards_and_quotes_are_plain_characters(db: Database) -> None:
    ids = fill(db, ["100% 满意", "1000 满意", "a_b 下划线", "axb", '他说"好"的'])
    assert _search(db, "100%") == {ids[0]}
    assert _search(db, "a_b") == {ids[2]}
    assert _search(db, '说"好') == {ids[4]}


def test_search_finds_what_substring_search_finds(
    corpus_db: tuple[Database, dict[int, str]],
) -> None:
    db, by_id = corpus_db
    texts = list(by_id.values())
    rng = random.Random(5)
    queries: list[str] = []
    for t in rng.sample(texts, 120):
        compact = t.strip()
        for size in (1, 2, 2, 3, 4, 6):
            if len(compact) > size:
                start = rng.randrange(len(compact) - size)
                q = compact[start : start + size].strip()
                if q and not any(mark in q for mark in '"“”'):
                    queries.append(q)
    expected_total = found_total = 0
    for q in queries:
        query = f'"{q}"' if " " in q else q
        expected = _substring(by_id, q)
        got = _search(db, query)
        expected_total += len(expected)
        found_total += len(expected & got)
        # No false hits: everything found contains the query once both are folded.
        assert all(search.fold(q) in search.fold(by_id[i]) for i in got), q
    assert expected_total > 1000
    assert found_total / expected_total >= 0.99


def test_backfill_and_rebuild_index_existing_comments(db: Database) -> None:
    ids = fill(db, ["社保缴费系统崩了", "医保报销很慢"])
    with db.engine.begin() as conn:
        assert search.rebuild(conn) == 2
    assert _search(db, "社保") == {ids[0]}
    assert _search(db, "报销很慢") == {ids[1]}


def test_index_objects_are_recognised_for_the_schema_check() -> None:
    assert search.is_search_object("search_trigram_data")
    assert search.is_search_object("search_docs_grams")
    assert not search.is_search_object("comments")


def _indexed(db: Database, query: str) -> int:
    """Entries in the index alone (not joined to comments)."""
    with db.session() as s:
        if db.is_sqlite:
            return search.estimate_matches(s, query, cap=1000)
        cond = search.match_condition("postgresql", query, literal_column("comment_id"))
        assert cond is not None
        return int(
            s.execute(
                select(func.count()).select_from(table("search_docs")).where(cond)
            ).scalar_one()
        )


def test_index_is_written_in_the_ingest_transaction(db: Database) -> None:
    with db.session() as s:
        acc = ensure_account(s, platform=Platform.WEIBO, name="滨江发布").id
    ingestor = Ingestor(db, analyze=fake_analyze)
    with pytest.raises(RuntimeError), db.session() as s:
        ingestor.ingest_in(s, acc, [remote(1, "社保缴费系统崩了")])
        raise RuntimeError("crash before commit")
    assert _indexed(db, "社保") == 0
    ingestor.ingest(acc, [remote(1, "社保缴费系统崩了")])
    assert _indexed(db, "社保") == 1
    assert _indexed(db, "系统崩了") == 1


@pytest.mark.parametrize("query", ["", "   ", '""'])
def test_empty_queries_match_nothing_special(db: Database, query: str) -> None:
    assert search.match_condition(db.engine.dialect.name, query, Comment.id) is None


def test_a_gap_character_in_a_comment_fakes_no_match(db: Database) -> None:
    """The pair documents put U+FDD0 between characters; a comment holding it matches only
    what it really contains."""
    ids = fill(db, ["a\ufdd0b 间隔", "ab 相连"])
    assert _search(db, "ab") == {ids[1]}
    assert _search(db, "a") == {ids[0], ids[1]}
    assert _search(db, "间隔") == {ids[0]}


def test_pair_tokens_stand_for_one_or_two_characters() -> None:
    assert pair_token("社") == "\ufdd0社\ufdd0"
    assert pair_token("社保") == "社\ufdd0保"
    assert pair_document("社保") == "\ufdd0社\ufdd0保\ufdd0"
    with pytest.raises(ValueError):
        pair_token("社保卡")


def test_a_workspace_indexed_by_an_earlier_build_is_reindexed(sqlite_url: str) -> None:
    """Revision 0003 replaces the hex-gram table of earlier builds (made here by going back
    down to 0002) with search_pairs, filled from the stored comments."""
    from alembic import command
    from sqlalchemy import inspect

    from crisisdesk.services.workspace import open_workspace
    from crisisdesk.storage.migrate import _alembic_config, upgrade

    db = open_workspace(sqlite_url)
    try:
        ids = fill(db, ["社保缴费系统崩了", "医保报销很慢", "表情 😀 也能搜"])
        cfg = _alembic_config(db)
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn  # type: ignore[attr-defined]
            command.downgrade(cfg, "0002_search_index")  # type: ignore[arg-type]
        with db.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert "search_grams" in tables and "search_pairs" not in tables
            # The earlier build's documents, as its queries read them.
            old = "x" + "保".encode().hex()
            found = conn.exec_driver_sql(
                "SELECT rowid FROM search_grams WHERE search_grams MATCH ?", (old,)
            ).all()
            assert {r[0] for r in found} == {ids[0], ids[1]}
        upgrade(db)
        with db.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert "search_pairs" in tables and "search_grams" not in tables
        assert _search(db, "保") == {ids[0], ids[1]}
        assert _search(db, "报销") == {ids[1]}
        assert _search(db, "😀") == {ids[2]}
        assert _search(db, "系统崩了") == {ids[0]}
    finally:
        db.dispose()
