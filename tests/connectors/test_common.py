"""The defensive payload readers every HTTP connector shares."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.connectors.common import (
    as_flag,
    auth_place,
    first_id,
    id_text,
    list_field,
    number,
    unix_time,
)
from crisisdesk.connectors.errors import PermanentError, Transient


@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_ids_as_numbers_or_strings_give_the_same_exact_text(value: int) -> None:
    assert id_text(value) == str(value)
    assert id_text(str(value)) == str(value)
    assert id_text(f" {value} ") == str(value)


@given(st.floats(min_value=2**53, max_value=2**63, allow_nan=False))
def test_ids_that_went_through_a_float_above_2_53_are_refused(value: float) -> None:
    assert id_text(value) is None


@pytest.mark.parametrize("bad", [None, True, -5, 1.5, "", "12a", "１２", "-3", [], {}])
def test_values_that_are_not_ids(bad: object) -> None:
    assert id_text(bad) is None


def test_first_id_prefers_the_first_valid_key() -> None:
    assert first_id({"idstr": "", "id": 4_900_000_000_000_007}, "idstr", "id") == "4900000000000007"
    assert first_id({"idstr": "9300000000000000001", "id": 9.3e18}, "idstr", "id") == (
        "9300000000000000001"
    )
    assert first_id({"id": 9.3e18}, "idstr", "id") is None


@pytest.mark.parametrize(
    ("value", "flag"),
    [(True, True), (1, True), ("true", True), ("1", True), (False, False), (0, False),
     ("false", False), ("0", False), (None, False), ("", False)],
)  # fmt: skip
def test_flags_in_every_spelling(value: object, flag: bool) -> None:
    assert as_flag(value) is flag


def test_numbers_times_and_lists() -> None:
    assert number("7200") == 7200.0 and number(True) is None and number(float("nan")) is None
    assert unix_time(1_785_000_000) == datetime(2026, 7, 25, 17, 20, tzinfo=UTC)
    assert unix_time("1785000000000") == unix_time(1_785_000_000)  # milliseconds
    assert unix_time(None) is None and unix_time(0) is None and unix_time("soon") is None
    assert list_field({}, "list", "列表") == [] and list_field({"list": None}, "list", "列表") == []
    with pytest.raises(Transient):
        list_field({"list": {"a": 1}}, "list", "列表")
    assert (
        auth_place({}, "both") == "both" and auth_place({"auth_in": " Header "}, "both") == "header"
    )
    with pytest.raises(PermanentError):
        auth_place({"auth_in": "cookie"}, "both")
