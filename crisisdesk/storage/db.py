"""Opening a workspace database: URL resolution, engine set-up, sessions and clear errors."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from crisisdesk.errors import DatabaseOpenError, DataDirError


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<无法识别的地址>"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache: keyset pages stay hot
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def _prepare_sqlite_file(path: Path) -> None:
    """Make sure the directory exists and is writable, with a message that says what to do."""
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(
            f"无法创建数据目录 {parent}：{exc.strerror or exc}",
            hint="请检查目录权限，或用 --db 指定一个可写的位置。",
        ) from exc
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise DataDirError(
                f"数据库文件 {path} 不可读写。",
                hint="请检查文件权限，或用 --db 指定另一个工作区。",
            )
        if not os.access(parent, os.W_OK):
            raise DataDirError(
                f"数据目录 {parent} 是只读的，SQLite 无法在其中写入日志文件。",
                hint="请检查目录权限，或把工作区复制到可写的位置后用 --db 打开。",
            )
    elif not os.access(parent, os.W_OK):
        raise DataDirError(
            f"数据目录 {parent} 是只读的，无法创建工作区。",
            hint="请检查目录权限，或用 --db 指定一个可写的位置。",
        )


@dataclass
class Database:
    """An open workspace database: one engine and its session factory."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def create_db_engine(url: str) -> Engine:
    """Create an engine for a URL, with SQLite tuned for a desktop workspace."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseOpenError(
            f"无法识别数据库地址：{url!r}",
            hint="格式示例：sqlite:////home/user/workspace.sqlite3 或 "
            "postgresql+psycopg://用户@主机/数据库",
        ) from exc
    backend = parsed.get_backend_name()
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            _prepare_sqlite_file(Path(database).expanduser())
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
    elif backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 10}
    else:
        raise DatabaseOpenError(
            f"不支持的数据库类型：{backend}",
            hint="CrisisDesk 支持 SQLite（单机）与 PostgreSQL（多人共享）。",
        )
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseOpenError(
            f"缺少连接 {backend} 所需的驱动：{exc}",
            hint="PostgreSQL 需要安装 postgres 扩展：pip install 'crisisdesk[postgres]'。",
        ) from exc
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open (and by default migrate) the database at url, or raise a clear UserFacingError."""
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
            else:
                conn.execute(text("SELECT 1")).scalar()
            foreign = _foreign_tables(conn)
            if foreign and migrate:
                raise DatabaseOpenError(
                    f"{describe_url(url)} 不是 CrisisDesk 工作区（其中已有其他数据表，如 "
                    f"{'、'.join(sorted(foreign)[:3])}）。",
                    hint="为避免改动其他程序的数据，CrisisDesk 不会打开它；请新建工作区或选择正确的文件。",
                )
            if engine.dialect.name == "sqlite":
                # WAL is a property of the file: set once, it persists.
                mode = conn.execute(text("PRAGMA journal_mode")).scalar()
                if mode != "wal":
                    conn.execute(text("PRAGMA journal_mode=WAL"))
    except DatabaseOpenError:
        engine.dispose()
        raise
    except (OperationalError, DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise DatabaseOpenError(
            f"无法打开数据库 {describe_url(url)}：{_first_line(exc)}",
            hint="请确认地址、用户名、密码和服务器状态无误；SQLite 文件须为 CrisisDesk 工作区。",
        ) from exc
    db = Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
    if migrate:
        from crisisdesk.storage.migrate import ensure_current

        try:
            ensure_current(db)
        except BaseException:
            db.dispose()
            raise
    return db


def _foreign_tables(conn: Any) -> set[str]:
    """Tables in a database that has no CrisisDesk version table: someone else's data."""
    from sqlalchemy import inspect

    names = set(inspect(conn).get_table_names())
    if not names or "alembic_version" in names:
        return set()
    return names


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
