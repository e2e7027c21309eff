"""Alembic migrations, applied at start-up and by `crisisdesk db upgrade`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from crisisdesk.errors import DatabaseTooNewError
from crisisdesk.storage.db import Database, describe_url
from crisisdesk.storage.revision import HEAD

__all__ = ["HEAD", "MIGRATIONS", "current_revision", "ensure_current", "known_revisions", "script_head"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _alembic_config(db: Database) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def known_revisions() -> set[str]:
    """Every revision id this build ships."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    return {rev.revision for rev in script.walk_revisions()}


def script_head() -> str:
    """Alembic's head revision as read from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_current(db: Database) -> None:
    """Upgrade the database to HEAD; refuse a database written by a newer CrisisDesk."""
    rev = current_revision(db)
    if rev == HEAD:
        return
    if rev is not None and rev not in known_revisions():
        raise DatabaseTooNewError(
            f"数据库 {describe_url(db.url)} 由更新版本的 CrisisDesk 创建（结构版本 {rev}），"
            "当前版本无法安全打开。",
            hint="请升级 CrisisDesk 后再打开；数据库未被改动。",
        )
    upgrade(db)


def upgrade(db: Database, revision: str = "head") -> None:
    """Run Alembic's upgrade on this database."""
    from alembic import command

    cfg = _alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn  # type: ignore[attr-defined]
        command.upgrade(cfg, revision)  # type: ignore[arg-type]
