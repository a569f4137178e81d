"""Tests of helpers.validate, the argument checks every module shares."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import validate


@given(st.integers(min_value=1, max_value=10**9))
def test_positive_ints_pass_and_come_back_as_int(n):
    assert validate.positive_int(n, "n") == n
    assert type(validate.positive_int(np.int32(min(n, 2**31 - 1)), "n")) is int


@pytest.mark.parametrize("bad", [True, False, 1.0, "3", None, np.float64(2)])
def test_non_ints_are_a_type_error_that_names_the_argument(bad):
    with pytest.raises(TypeError, match="lookback must be an int"):
        validate.positive_int(bad, "lookback")


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (validate.positive_int, 0, "n must be a positive int, got 0"),
        (validate.non_negative_int, -1, "n must be a non-negative int, got -1"),
        (validate.seed, -3, "n must be a non-negative int, got -3"),
    ],
)
def test_out_of_range_is_a_value_error_with_the_rule(check, value, message):
    with pytest.raises(ValueError, match=message):
        check(value, "n")


def test_bounds_and_hints():
    assert validate.integer(0, "lag", low=0, high=0) == 0
    with pytest.raises(ValueError, match=r"lag must be an int >= 2 \(two at least\), got 1"):
        validate.integer(1, "lag", low=2, hint="two at least")
    with pytest.raises(ValueError, match=r"an int <= 3"):
        validate.integer(4, "lag", high=3)


@pytest.mark.parametrize("bad", [0, -1e-9, float("nan"), float("inf")])
def test_positive_numbers(bad):
    assert validate.positive_number(np.float32(0.5), "rate") == 0.5
    with pytest.raises(ValueError, match="rate must be"):
        validate.positive_number(bad, "rate")


def test_numbers_reject_bools_and_strings():
    for bad in (True, "0.1"):
        with pytest.raises(TypeError, match="rate must be a number"):
            validate.non_negative_number(bad, "rate")
    assert validate.non_negative_number(0, "rate") == 0.0


def test_one_of():
    assert validate.one_of("small", ("small", "full"), "size") == "small"
    with pytest.raises(ValueError, match=r"size must be one of \('small', 'full'\), got 'big'"):
        validate.one_of("big", ["small", "full"], "size")


def test_numbers_of_either_sign_must_be_finite():
    assert validate.number(-0.256, "log_return") == -0.256
    assert type(validate.number(np.int64(3), "drift")) is float
    with pytest.raises(ValueError, match="drift must be finite, got nan"):
        validate.number(float("nan"), "drift")
    with pytest.raises(TypeError, match="drift must be a number, got str"):
        validate.number("0.1", "drift")
