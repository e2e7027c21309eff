"""The schema's base: the declarative base with its naming convention, UTC times, `utcnow`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    MetaData,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so Alembic migrations read the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored as naive UTC and returned timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def sqlite_utc_text(value: datetime | None) -> str | None:
    """The text SQLAlchemy stores in SQLite for a UTCDateTime value, made in one step.

    Bulk inserts call this instead of the two bind layers (UTC conversion, then SQLite's
    DATETIME format "YYYY-MM-DD HH:MM:SS.ffffff"); a test holds it equal to them.
    """
    if value is None:
        return None
    zone = value.tzinfo
    if zone is not UTC:
        if zone is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
    # "YYYY-MM-DD HH:MM:SS.ffffff+00:00" without its offset.
    return value.isoformat(" ", "microseconds")[:26]


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }
