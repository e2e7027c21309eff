"""The start-up window's first inbox rows, read without SQLAlchemy, equal the inbox's own."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from crisisdesk.services.inbox import Inbox, InboxFilter, Sort
from crisisdesk.services.inbox_first import first_rows
from crisisdesk.services.triage import Selection, Triage
from crisisdesk.services.workspace import open_workspace
from crisisdesk.storage.db import Database
from tests.services.test_inbox_fixtures import corpus, fill, operator


def _workspace(tmp_path: Path, n: int = 260) -> Database:
    db = open_workspace(f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    ids = fill(db, [*corpus(n), "社保系统崩了", "社保系统崩了", "社保系统崩了"])
    me = operator(db, "wang")
    newest = Inbox(db).page_ids(limit=10)[0]
    rows = Inbox(db).rows(newest)
    triage = Triage(db, operator_id=me)
    triage.assign(Selection.of(rows[:2]), operator_id=me)
    triage.assign(Selection.of(Inbox(db).rows(newest[2:3])), role="reviewer")
    triage.tag(Selection.of(Inbox(db).rows(newest[3:5])), "表扬")
    triage.tag(Selection.of(Inbox(db).rows(newest[4:5])), "回访")
    triage.set_priority(Selection.of(Inbox(db).rows(newest[5:6])), 2)
    assert len(ids) > 200
    return db


def test_first_rows_equal_the_inbox_first_page(tmp_path: Path) -> None:
    db = _workspace(tmp_path)
    now = datetime.now(UTC)
    try:
        for limit in (1, 50, 200, 10_000):
            ids = Inbox(db).page_ids(InboxFilter(), Sort.NEWEST, limit=limit)[0]
            expected = Inbox(db).rows(ids, now=now)
            assert first_rows(db.url, limit, now=now) == expected
        shown = first_rows(db.url, now=now)
        assert shown is not None
        assert any(r.watch_words for r in shown) and any(r.tags for r in shown)
        assert any(r.assignee_name for r in shown) and any(r.assignee_role for r in shown)
    finally:
        db.dispose()


def test_an_empty_workspace_gives_no_rows(tmp_path: Path) -> None:
    db = open_workspace(f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    db.dispose()
    assert first_rows(db.url) == []


def test_anything_else_is_left_to_the_ordinary_start(tmp_path: Path) -> None:
    assert first_rows("postgresql+psycopg://u@127.0.0.1:1/db") is None
    assert first_rows("sqlite://") is None
    assert first_rows(f"sqlite:///{tmp_path / 'missing.sqlite3'}") is None
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    assert first_rows(f"sqlite:///{garbage}") is None
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE comments (id INTEGER PRIMARY KEY, created_at TEXT)")
    assert first_rows(f"sqlite:///{foreign}") is None
    # A workspace from another version (older: to migrate; newer: to refuse) is not read here.
    db = open_workspace(f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    before = (tmp_path / "ws.sqlite3").read_bytes()
    assert first_rows(db.url) is None
    assert (tmp_path / "ws.sqlite3").read_bytes() == before  # read-only: nothing written
