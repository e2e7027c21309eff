"""Copy-paste waves come out the same however comments are batched, and survive a failed batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from crisisdesk.connectors.base import RemoteComment
from crisisdesk.services.ingest import Ingestor
from crisisdesk.services.workspace import open_workspace
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, Wave
from tests.services.test_ingest import _account, _comment

TEXT = "#滨江社保系统崩了# 交不了费，逾期滞纳金谁来承担？请给个说法！"
OTHER = "地铁四号线早高峰太挤了，建议加开班次，每天都要等两三趟车才能上去"


def _stream() -> list[RemoteComment]:
    """One author repeating himself first (pending members), then others joining: two waves,
    a lone comment, and short stock phrases that form no wave."""
    out: list[RemoteComment] = []
    for i in range(40):
        if i < 4:
            out.append(_comment(i, TEXT + "!" * i, author_id="same-person"))
        elif i % 5 == 0:
            out.append(_comment(i, "支持"))
        elif i % 3 == 0:
            out.append(_comment(i, OTHER + ("。" if i % 2 else "")))
        else:
            out.append(_comment(i, TEXT + ("+1" if i % 2 else "")))
    out.append(_comment(99, "请问东区办事大厅周六几点开门，需要带身份证原件吗"))
    return out


def _waves(db: Database) -> tuple[set[frozenset[str]], list[tuple[int, int]]]:
    """The waves as sets of external ids, and each wave's (size, distinct authors)."""
    with db.session() as s:
        rows = s.execute(select(Comment.external_id, Comment.wave_id)).all()
        stats = sorted((w.size, w.distinct_authors) for w in s.execute(select(Wave)).scalars())
    groups: dict[int, set[str]] = {}
    for ext, wid in rows:
        if wid is not None:
            groups.setdefault(wid, set()).add(ext)
    return {frozenset(g) for g in groups.values()}, stats


def _fresh(tmp_path: Path, name: str) -> tuple[Database, int]:
    db = open_workspace(f"sqlite:///{tmp_path / name}")
    return db, _account(db)


@pytest.mark.parametrize("size", [1, 3, 7, 41])
def test_waves_do_not_depend_on_the_batch_size(tmp_path: Path, size: int) -> None:
    stream = _stream()
    whole, acc = _fresh(tmp_path, "whole.sqlite3")
    Ingestor(whole).ingest(acc, stream)
    expected = _waves(whole)
    groups, _stats = expected
    assert len(groups) == 2 and all(len(g) >= 5 for g in groups)
    assert {f"c{i}" for i in range(4)} <= max(groups, key=len)  # the pending ones joined
    batched, acc = _fresh(tmp_path, f"batched-{size}.sqlite3")
    ing = Ingestor(batched)
    for start in range(0, len(stream), size):
        ing.ingest(acc, stream[start : start + size])
    assert _waves(batched) == expected
    whole.dispose()
    batched.dispose()


class _FailOnce(Ingestor):
    """Its second ingest fails after the waves were planned (a database fault mid-batch)."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.calls = 0

    def _link_parents(self, *args: Any, **kw: Any) -> None:
        self.calls += 1
        if self.calls == 2:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        super()._link_parents(*args, **kw)


def test_a_rolled_back_batch_leaves_no_wave_behind(tmp_path: Path) -> None:
    calm = [
        _comment(i, text)
        for i, text in enumerate([
            "请问东区办事大厅周六几点开门，需要带身份证原件吗",
            "公交12路调整以后我上班近了二十分钟，谢谢交通局",
            "建议在公众号里加一个办理进度查询功能，省得总打电话",
        ])
    ]  # fmt: skip
    wave = [_comment(10 + i, TEXT + "!" * (i % 3)) for i in range(12)]  # forms in this batch
    later = [_comment(30 + i, TEXT + "+1") for i in range(5)]
    whole, acc = _fresh(tmp_path, "whole.sqlite3")
    Ingestor(whole).ingest(acc, calm + wave + later)
    db, acc2 = _fresh(tmp_path, "failing.sqlite3")
    ing = _FailOnce(db)
    ing.ingest(acc2, calm)
    with pytest.raises(OperationalError):
        ing.ingest(acc2, wave)  # its Wave row is created, then rolled back with the batch
    ing.ingest(acc2, wave)  # again: no comment may point at the wave that was rolled back
    ing.ingest(acc2, later)
    assert _waves(db) == _waves(whole)
    groups, _stats = _waves(db)
    assert len(groups) == 1 and len(next(iter(groups))) == 17
    whole.dispose()
    db.dispose()


def _found_by_search(db: Database, query: str) -> set[str]:
    from crisisdesk.storage.search import match_condition

    with db.session() as s:
        cond = match_condition("sqlite", query, Comment.id)
        return set(s.execute(select(Comment.external_id).where(cond)).scalars())


@pytest.mark.parametrize("near_the_top", [False, True])
def test_new_rows_get_their_own_ids_even_near_sqlites_largest_rowid(
    tmp_path: Path, near_the_top: bool
) -> None:
    # Multi-row inserts read their ids back sorted (rowids follow row order); past SQLite's
    # largest rowid they come at random, and each id must then still be matched to its row.
    whole, acc = _fresh(tmp_path, "whole.sqlite3")
    Ingestor(whole).ingest(acc, _stream())
    db, acc2 = _fresh(tmp_path, f"top-{near_the_top}.sqlite3")
    ing = Ingestor(db)
    ing.ingest(acc2, [_comment(500, "先来的一条评论，与后面的都无关")])
    if near_the_top:
        with db.session() as s:
            top = 2**63 - 3  # room for three more rows in order, then random rowids
            s.connection().exec_driver_sql(f"UPDATE comments SET id = {top}")
            s.connection().exec_driver_sql(
                "INSERT INTO waves (id, simhash, representative_text, size, distinct_authors, "
                f"first_seen, last_seen) VALUES ({top}, 0, '', 0, 0, '2024-01-01', '2024-01-01')"
            )
    result = ing.ingest(acc2, _stream())
    with db.session() as s:
        by_id = dict(s.execute(select(Comment.id, Comment.external_id)).all())
        texts = dict(s.execute(select(Comment.external_id, Comment.text)).all())
    assert [by_id[i] for i in result.new_ids] == [c.external_id for c in _stream()]
    groups, stats = _waves(db)
    expected_groups, expected_stats = _waves(whole)
    assert groups == expected_groups
    assert stats == ([(0, 0)] if near_the_top else []) + expected_stats
    # The search index holds each comment's text under its own id.
    assert _found_by_search(db, "身份证原件") == {"c99"}
    assert _found_by_search(db, "四号线") == {e for e, t in texts.items() if "四号线" in t}
    whole.dispose()
    db.dispose()
