"""The dialect's INSERT that knows ON CONFLICT, imported only for the backend in use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table

# (name, dialect) -> statement: making `excluded` and the SET clause costs more than running
# the statement on a page of rows, so each upsert is built once per dialect.
_UPSERTS: dict[tuple[str, str], Any] = {}


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


def upsert(
    name: str,
    dialect: str,
    table: Table,
    keys: Sequence[str],
    updates: Callable[[Table, Any], dict[str, Any]],
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET updates(table, excluded), built once.

    name identifies the statement (one per call site); execute it with the row values as
    parameters.
    """
    stmt = _UPSERTS.get((name, dialect))
    if stmt is None:
        insert = insert_for(dialect)(table)
        stmt = _UPSERTS[name, dialect] = insert.on_conflict_do_update(
            index_elements=list(keys), set_=updates(table, insert.excluded)
        )
    return stmt
