"""Tests of helpers.windows: sliding windows and their targets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from helpers import data, windows


def _frame(
    n_days: int, n_features: int = 2, start: str = "2024-01-01"
) -> tuple[pd.DataFrame, pd.Series]:
    """Features whose value encodes (day, feature): 10 * day + feature; target = 1000 + day."""
    index = pd.bdate_range(start, periods=n_days, name="date")
    days = np.arange(n_days)
    features = pd.DataFrame({f"f{j}": 10.0 * days + j for j in range(n_features)}, index=index)
    target = pd.Series(1000.0 + days, index=index, name="target")
    return features, target


# --------------------------------------------------------------------------- make_windows: values


def test_shapes_dtypes_and_metadata():
    features, target = _frame(20, n_features=3)
    w = windows.make_windows(features, target, lookback=4, horizon=2)
    assert w.X.shape == (17, 4, 3)
    assert len(w) == 17
    assert w.X.dtype == np.float32
    assert w.y.dtype == np.float64 and w.y.shape == (17,)
    np.testing.assert_array_equal(w.ends, np.arange(3, 20))
    assert w.dates.equals(features.index[3:])
    assert (w.lookback, w.horizon) == (4, 2)
    assert w.feature_names == ("f0", "f1", "f2")
    assert w.X.flags["C_CONTIGUOUS"]


def test_values_match_manual_slicing_on_a_market():
    market = data.make_market(200, seed=0)
    features = data.stationary_features(market)
    w = windows.make_windows(features, market["target"], lookback=7)
    assert len(w) == 200 - 7 + 1
    for i in range(len(w)):
        end = w.ends[i]
        expected = features.iloc[end - 6 : end + 1].to_numpy(dtype=np.float32)
        np.testing.assert_array_equal(w.X[i], expected)
        assert w.y[i] == market["target"].iloc[end]
        assert w.dates[i] == market.index[end]


def test_lookback_equal_to_days_gives_one_window():
    features, target = _frame(6)
    w = windows.make_windows(features, target, lookback=6)
    assert w.X.shape == (1, 6, 2)
    assert w.ends.tolist() == [5]
    assert w.y.tolist() == [1005.0]


def test_lookback_one_is_each_day():
    features, target = _frame(5, n_features=1)
    w = windows.make_windows(features, target, lookback=1)
    np.testing.assert_array_equal(w.X[:, 0, 0], features["f0"].to_numpy())
    np.testing.assert_array_equal(w.y, target.to_numpy())


def test_does_not_modify_its_inputs():
    features, target = _frame(10)
    f_before, t_before = features.copy(), target.copy()
    w = windows.make_windows(features, target, lookback=3)
    w.X[0, 0, 0] = -99.0
    pd.testing.assert_frame_equal(features, f_before)
    pd.testing.assert_series_equal(target, t_before)


@given(
    n_days=st.integers(1, 60),
    lookback_fraction=st.floats(0.0, 1.0),
    horizon=st.integers(1, 5),
    n_features=st.integers(1, 3),
)
def test_every_window_holds_exactly_its_own_past(n_days, lookback_fraction, horizon, n_features):
    lookback = max(1, int(round(lookback_fraction * n_days)))
    features, target = _frame(n_days, n_features)
    w = windows.make_windows(features, target, lookback=lookback, horizon=horizon)
    assert len(w) == n_days - lookback + 1
    assert w.X.shape == (n_days - lookback + 1, lookback, n_features)
    np.testing.assert_array_equal(w.ends, np.arange(lookback - 1, n_days))
    for i in range(len(w)):
        end = int(w.ends[i])
        # Decode the day of every value: all days of window i are end-lookback+1 .. end, in order.
        days = w.X[i] // 10
        np.testing.assert_array_equal(
            days, np.repeat(np.arange(end - lookback + 1, end + 1)[:, None], n_features, 1)
        )
        np.testing.assert_array_equal(w.X[i] % 10, np.tile(np.arange(n_features), (lookback, 1)))
        assert days.max() <= end  # no row after the window's own end
        assert w.y[i] == 1000 + end
        assert w.dates[i] == features.index[end]
    assert w.horizon == horizon and w.lookback == lookback


# --------------------------------------------------------------------------- Windows.take / align


def test_take_selects_consistent_rows():
    features, target = _frame(30)
    w = windows.make_windows(features, target, lookback=5, horizon=3)
    rows = np.array([0, 4, 10, 25])
    sub = w.take(rows)
    assert isinstance(sub, windows.Windows)
    np.testing.assert_array_equal(sub.X, w.X[rows])
    np.testing.assert_array_equal(sub.y, w.y[rows])
    np.testing.assert_array_equal(sub.ends, w.ends[rows])
    assert sub.dates.equals(w.dates[rows])
    assert (sub.lookback, sub.horizon, sub.feature_names) == (5, 3, w.feature_names)
    assert len(sub) == 4
    # Lists and ranges are accepted as positions, and the original is untouched.
    assert len(w.take([1, 2])) == 2 and len(w.take(range(3))) == 3
    assert len(w) == 26


def test_take_nothing_gives_empty_windows():
    features, target = _frame(12)
    w = windows.make_windows(features, target, lookback=4)
    empty = w.take(np.array([], dtype=int))
    assert len(empty) == 0 and empty.X.shape == (0, 4, 2)


def test_align_picks_each_windows_last_day():
    market = data.make_market(100, seed=2)
    features = data.stationary_features(market)
    w = windows.make_windows(features, market["target"], lookback=10)
    np.testing.assert_array_equal(w.align(market["oracle"]), market["oracle"].to_numpy()[9:])
    np.testing.assert_array_equal(
        w.take([0, 5]).align(market["oracle"].to_numpy()), market["oracle"].to_numpy()[[9, 14]]
    )
    # align(target) is y.
    np.testing.assert_array_equal(w.align(market["target"]), w.y)


def test_align_rejects_a_short_or_2d_series():
    features, target = _frame(20)
    w = windows.make_windows(features, target, lookback=5)
    with pytest.raises(ValueError, match="1-D"):
        w.align(np.arange(19))
    with pytest.raises(ValueError, match="1-D"):
        w.align(np.zeros((20, 2)))


# --------------------------------------------------------------------------- check_finite


def test_check_finite():
    windows.check_finite("fine", np.array([1.0, -2.0]))
    windows.check_finite("empty", np.array([]))
    with pytest.raises(ValueError, match=r"^my_array holds 2 NaN"):
        windows.check_finite("my_array", np.array([np.nan, 1.0, np.inf]))


# -------------------------------------------------------------------------- make_windows: bad input


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_in_features_is_named(bad):
    features, target = _frame(10)
    features.iloc[3, 1] = bad
    with pytest.raises(ValueError, match=r"^features holds 1 NaN"):
        windows.make_windows(features, target, lookback=3)


def test_nan_in_target_is_named():
    features, target = _frame(10)
    target.iloc[-1] = np.nan
    with pytest.raises(ValueError, match=r"^target holds 1 NaN"):
        windows.make_windows(features, target, lookback=3)


@pytest.mark.parametrize("lookback", [0, -1, -10])
def test_lookback_must_be_positive(lookback):
    features, target = _frame(10)
    with pytest.raises(ValueError, match="lookback"):
        windows.make_windows(features, target, lookback=lookback)


@pytest.mark.parametrize("lookback", [2.0, "3", None, True])
def test_lookback_must_be_an_int(lookback):
    features, target = _frame(10)
    with pytest.raises(TypeError, match="lookback"):
        windows.make_windows(features, target, lookback=lookback)


def test_numpy_int_lookback_is_accepted():
    features, target = _frame(10)
    w = windows.make_windows(features, target, lookback=np.int64(3), horizon=np.int32(2))
    assert w.X.shape == (8, 3, 2) and type(w.lookback) is int and type(w.horizon) is int


@pytest.mark.parametrize(
    "horizon, error", [(0, ValueError), (-1, ValueError), (1.0, TypeError), (False, TypeError)]
)
def test_horizon_must_be_a_positive_int(horizon, error):
    features, target = _frame(10)
    with pytest.raises(error, match="horizon"):
        windows.make_windows(features, target, lookback=3, horizon=horizon)


def test_mismatched_index_raises():
    features, target = _frame(10)
    with pytest.raises(ValueError, match="index"):
        windows.make_windows(features, target.iloc[1:], lookback=3)
    shifted = pd.Series(target.to_numpy(), index=target.index + pd.offsets.BDay(1))
    with pytest.raises(ValueError, match="index"):
        windows.make_windows(features, shifted, lookback=3)
    with pytest.raises(ValueError, match="index"):
        windows.make_windows(features, target.iloc[::-1], lookback=3)


def test_fewer_days_than_lookback_raises():
    features, target = _frame(5)
    with pytest.raises(ValueError, match="lookback of 6"):
        windows.make_windows(features, target, lookback=6)


def test_no_feature_columns_raises():
    features, target = _frame(10)
    with pytest.raises(ValueError, match="no columns"):
        windows.make_windows(features[[]], target, lookback=3)


def test_non_dataframe_inputs_raise():
    features, target = _frame(10)
    with pytest.raises(TypeError, match="features"):
        windows.make_windows(features.to_numpy(), target, lookback=3)
    with pytest.raises(TypeError, match="features"):
        windows.make_windows(features["f0"], target, lookback=3)
    with pytest.raises(TypeError, match="target"):
        windows.make_windows(features, target.to_numpy(), lookback=3)


# --------------------------------------------------------------------------- forward_target


def test_forward_target_sums_the_next_days():
    idx = pd.bdate_range("2024-01-01", periods=8)
    daily = pd.Series(np.arange(8.0), index=idx)
    out = windows.forward_target(daily, 3)
    assert out.tolist() == [3.0, 6.0, 9.0, 12.0, 15.0, 18.0]
    assert out.index.equals(idx[:6])


def test_forward_target_of_horizon_one_is_the_input():
    daily = pd.Series([0.1, -0.2, 0.3])
    pd.testing.assert_series_equal(windows.forward_target(daily, 1), daily, check_names=False)


@given(st.lists(st.floats(-0.1, 0.1), min_size=1, max_size=60), st.integers(1, 10))
def test_forward_target_matches_a_loop(values, horizon):
    assume(len(values) >= horizon)
    out = windows.forward_target(pd.Series(values), horizon).to_numpy()
    expected = [sum(values[t : t + horizon]) for t in range(len(values) - horizon + 1)]
    np.testing.assert_allclose(out, expected, atol=1e-12)


@pytest.mark.parametrize(
    "daily, horizon, error",
    [
        (np.array([1.0, 2.0]), 1, TypeError),
        (pd.Series([1.0, 2.0]), 0, ValueError),
        (pd.Series([1.0, 2.0]), 2.0, TypeError),
        (pd.Series([1.0, 2.0]), 3, ValueError),
        (pd.Series([1.0, np.nan, 2.0]), 2, ValueError),
    ],
)
def test_forward_target_rejects_bad_input(daily, horizon, error):
    with pytest.raises(error):
        windows.forward_target(daily, horizon)
