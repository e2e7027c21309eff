"""The bulk insert's datetime text equals what SQLAlchemy's own bind layers store in SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from crisisdesk.storage.schema_base import UTCDateTime, sqlite_utc_text

_DIALECT = sqlite.dialect()
_LAYERS = UTCDateTime().dialect_impl(_DIALECT).bind_processor(_DIALECT)


@settings(max_examples=500, deadline=None)
@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(min_value=-23 * 60, max_value=23 * 60),
)
def test_equal_to_sqlalchemys_layers(naive: datetime, offset: int) -> None:
    assert _LAYERS is not None
    for value in (naive.replace(tzinfo=UTC), naive.replace(tzinfo=timezone(timedelta(minutes=offset)))):
        assert sqlite_utc_text(value) == _LAYERS(value)


def test_none_and_naive() -> None:
    assert sqlite_utc_text(None) is None
    with pytest.raises(ValueError):
        sqlite_utc_text(datetime(2026, 1, 1))
