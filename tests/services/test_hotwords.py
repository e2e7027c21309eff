"""Hot words gathered from stored comments: window against baseline, own names, re-segmentation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from crisisdesk.services.hotwords import hot_words, tokens_of
from crisisdesk.storage.db import Database, open_database
from crisisdesk.storage.schema import Account, Comment

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'hot.sqlite3'}")
    yield database
    database.dispose()


def _add(db: Database, rows: list[tuple[datetime, list[str] | None, str]]) -> None:
    with db.session() as s:
        acc = Account(platform="weibo", name="滨江发布", display_name="@滨江发布")
        s.add(acc)
        s.flush()
        values: list[dict[str, Any]] = []
        for i, (at, words, text) in enumerate(rows):
            values.append({"account_id": acc.id, "platform": "weibo", "external_id": f"c{i}",
                           "author_id": f"u{i}", "text": text, "normalized_text": text,
                           "created_at": at,
                           "analysis": {"keywords": words} if words is not None else {}})
        s.execute(insert(Comment), values)


def test_rising_word_ranks_first_and_own_names_never_appear(db: Database) -> None:
    rows = [(T0 - timedelta(minutes=i), ["停水", "滨江发布", "小区"], "t") for i in range(20)]
    rows += [(T0 - timedelta(days=1, minutes=i), ["小区", "服务"], "t") for i in range(40)]
    _add(db, rows)
    with db.session() as s:
        result = hot_words(s, start=T0 - timedelta(hours=1), end=T0 + timedelta(minutes=1))
    words = [w.word for w in result.words]
    assert words[0] == "停水"
    assert "滨江发布" not in words
    assert result.window_comments == 20 and result.baseline_comments == 40
    stop = next(w for w in result.words if w.word == "停水")
    assert stop.count == 20 and stop.baseline_count == 0 and stop.burst > 0
    # A word as common before as now has no burst and is not listed.
    assert "小区" not in words or next(w for w in result.words if w.word == "小区").burst > 0


def test_comments_without_keywords_are_segmented_again(db: Database) -> None:
    text = "自来水停水三天了"
    assert "停水" in tokens_of({}, text) or "自来水" in tokens_of({}, text)
    _add(db, [(T0 - timedelta(minutes=i), None, text) for i in range(5)])
    with db.session() as s:
        result = hot_words(s, start=T0 - timedelta(hours=1), end=T0 + timedelta(minutes=1))
    assert result.words, "segmented tokens feed the hot words"
    assert all(w.count == 5 for w in result.words)


def test_empty_window_is_refused(db: Database) -> None:
    with db.session() as s, pytest.raises(ValueError):
        hot_words(s, start=T0, end=T0)
