"""Opening workspaces: migrations on both backends and clear errors for bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from crisisdesk.errors import (
    DatabaseOpenError,
    DatabaseTooNewError,
    DataDirError,
    SettingsError,
)
from crisisdesk.settings import load_settings
from crisisdesk.storage.db import open_database
from crisisdesk.storage.migrate import HEAD, current_revision, script_head
from crisisdesk.storage.schema import Base
from crisisdesk.storage.search import is_search_object


def test_head_constant_matches_migration_scripts() -> None:
    assert script_head() == HEAD


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    db = open_database(db_url)
    try:
        assert current_revision(db) == HEAD
        with db.engine.connect() as conn:
            # The search index's tables are migration-only (FTS5 / pg_trgm objects).
            opts = {"include_name": lambda name, type_, parent: not is_search_object(name)}
            diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
        assert diff == []
    finally:
        db.dispose()


def test_sqlite_is_tuned(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10000
    finally:
        db.dispose()


def test_reopening_a_current_database_is_cheap_and_idempotent(sqlite_url: str) -> None:
    open_database(sqlite_url).dispose()
    db = open_database(sqlite_url)
    assert current_revision(db) == HEAD
    db.dispose()


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://localhost/x", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
)
def test_unopenable_urls_give_a_clear_error(url: str) -> None:
    with pytest.raises(DatabaseOpenError) as err:
        open_database(url)
    assert str(err.value)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError) as err:
        open_database(f"sqlite:///{path}")
    assert "无法打开数据库" in str(err.value)
    assert path.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused_and_left_alone(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    db.dispose()
    with pytest.raises(DatabaseTooNewError) as err:
        open_database(sqlite_url)
    assert "更新版本" in str(err.value)
    db = open_database(sqlite_url, migrate=False)
    assert current_revision(db) == "9999_from_the_future"
    db.dispose()


def test_a_data_directory_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DataDirError) as err:
        open_database(f"sqlite:///{blocker / 'ws.sqlite3'}")
    assert "无法创建数据目录" in str(err.value)


def test_a_read_only_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where permissions are not enforced: simulate the check's answer.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == tmp_path else real_access(p, mode)
    )
    with pytest.raises(DataDirError) as err:
        open_database(f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    assert "只读" in str(err.value)
    assert not (tmp_path / "ws.sqlite3").exists()


def test_corrupt_settings_file_is_reported_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ this is not json", encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert "已损坏" in str(err.value)
    assert path.read_text(encoding="utf-8") == "{ this is not json"


def test_missing_settings_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json").database_url is None


def test_another_programs_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError) as err:
        open_database(f"sqlite:///{path}")
    assert "不是 CrisisDesk 工作区" in str(err.value) and "invoices" in str(err.value)
    assert path.read_bytes() == before
