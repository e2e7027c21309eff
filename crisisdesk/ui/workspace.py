"""Opening another workspace from the GUI without touching files that are not workspaces."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from sqlalchemy import inspect

from crisisdesk.errors import DatabaseOpenError
from crisisdesk.services.workspace import bootstrap, open_workspace
from crisisdesk.storage.db import Database, open_database
from crisisdesk.storage.locate import sqlite_url
from crisisdesk.storage.migrate import current_revision, ensure_current
from crisisdesk.ui.labels import QT_TRANSLATE_NOOP

_FOREIGN = (
    QT_TRANSLATE_NOOP(
        "workspace", "所选数据库不是 CrisisDesk 工作区（其中已有其他数据表），未作任何改动。"
    ),
    QT_TRANSLATE_NOOP("workspace", "请选择由 CrisisDesk 创建的工作区文件，或新建一个工作区。"),
)


def _foreign() -> DatabaseOpenError:
    """The error for a database that holds someone else's tables."""
    return DatabaseOpenError(
        QCoreApplication.translate("workspace", _FOREIGN[0]),
        hint=QCoreApplication.translate("workspace", _FOREIGN[1]),
    )


def new_sqlite_workspace(path: Path) -> Database:
    """Create a workspace in a file that must not exist yet (nothing is ever overwritten)."""
    if path.exists():
        raise DatabaseOpenError(
            QCoreApplication.translate("workspace", "文件 {path} 已存在，未作任何改动。").format(
                path=path
            ),
            hint=QCoreApplication.translate(
                "workspace", "如需使用该文件，请选择“打开工作区…”；新建工作区请另选一个文件名。"
            ),
        )
    return open_workspace(sqlite_url(path))


def _sqlite_tables(path: Path) -> set[str]:
    """Table names, read through a read-only connection (opening for writing would switch to WAL)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(
            QCoreApplication.translate("workspace", "无法读取文件 {path}：{error}").format(
                path=path, error=exc
            )
        ) from exc
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(
            QCoreApplication.translate(
                "workspace", "文件 {path} 不是 SQLite 数据库或已损坏，未作任何改动。"
            ).format(path=path),
            hint=QCoreApplication.translate("workspace", "请选择由 CrisisDesk 创建的工作区文件。"),
        ) from exc
    finally:
        conn.close()
    return {str(r[0]) for r in rows}


def open_existing_sqlite(path: Path) -> Database:
    """Open a workspace file that must already exist and be a CrisisDesk workspace."""
    if not path.is_file():
        raise DatabaseOpenError(
            QCoreApplication.translate("workspace", "找不到工作区文件 {path}。").format(path=path),
            hint=QCoreApplication.translate("workspace", "请确认文件位置，或选择“新建工作区…”。"),
        )
    tables = _sqlite_tables(path)
    if tables and "alembic_version" not in tables:
        raise _foreign()
    return open_existing_workspace(sqlite_url(path))


def open_existing_workspace(url: str) -> Database:
    """Open a workspace URL, refusing a database that holds tables but is not a workspace."""
    db = open_database(url, migrate=False)
    try:
        if current_revision(db) is None:
            with db.engine.connect() as conn:
                if inspect(conn).get_table_names():
                    raise _foreign()
        ensure_current(db)
        with db.session() as session:
            bootstrap(session)
    except BaseException:
        db.dispose()
        raise
    return db
