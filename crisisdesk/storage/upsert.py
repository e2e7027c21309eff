"""The dialect's INSERT that knows ON CONFLICT, imported only for the backend in use."""

from __future__ import annotations

from typing import Any


def insert_for(dialect: str) -> Any:
    """`insert()` with on_conflict_do_update/do_nothing for 'sqlite' or 'postgresql'.

    Imported lazily: SQLAlchemy's PostgreSQL dialect package loads every PostgreSQL driver
    module (about 0.1 s), which a SQLite workspace never needs.
    """
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
