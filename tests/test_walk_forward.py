"""Tests of the chapter-3 additions to helpers.splits (walk_forward, overlap_mask) and
helpers.windows.forward_target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sklearn.linear_model import Ridge
from sklearn.model_selection import TimeSeriesSplit, cross_val_score

from helpers import splits, windows


def _days(ends, lookback: int, horizon: int) -> set[int]:
    """Brute force: every day position touched by the windows ending at ``ends``."""
    return set().union(*(set(range(int(e) - lookback + 1, int(e) + horizon + 1)) for e in ends))


# --------------------------------------------------------------------------- walk_forward


def test_walk_forward_default_gap_is_the_embargo():
    folds = splits.walk_forward(1000, lookback=10, horizon=5, n_splits=4)
    assert len(folds) == 4
    for train, val in folds:
        assert val[0] - train[-1] - 1 == splits.min_gap(10, 5)


def test_walk_forward_matches_time_series_split():
    folds = splits.walk_forward(500, lookback=7, horizon=3, n_splits=3, test_size=50)
    expected = TimeSeriesSplit(n_splits=3, test_size=50, gap=9).split(np.zeros((500, 1)))
    for (train, val), (train_ref, val_ref) in zip(folds, expected, strict=True):
        np.testing.assert_array_equal(train, train_ref)
        np.testing.assert_array_equal(val, val_ref)


def test_walk_forward_validation_blocks_tile_the_end_in_order():
    folds = splits.walk_forward(1200, lookback=5, horizon=1, n_splits=5)
    vals = np.concatenate([val for _, val in folds])
    np.testing.assert_array_equal(vals, np.arange(1200 - len(vals), 1200))
    sizes = [len(train) for train, _ in folds]
    assert sizes == sorted(sizes), "the training period grows"


def test_walk_forward_max_train_size_slides():
    folds = splits.walk_forward(1000, lookback=5, horizon=2, n_splits=4, max_train_size=100)
    assert all(len(train) == 100 for train, _ in folds)
    for train, val in folds:
        assert val[0] - train[-1] - 1 == splits.min_gap(5, 2)


def test_walk_forward_larger_gap_is_honoured():
    folds = splits.walk_forward(600, lookback=5, horizon=1, n_splits=3, gap=40)
    assert all(val[0] - train[-1] - 1 == 40 for train, val in folds)


def test_walk_forward_gap_too_small_raises_with_the_fix():
    with pytest.raises(ValueError, match=r"gap >= lookback \+ horizon - 1 = 14"):
        splits.walk_forward(1000, lookback=10, horizon=5, gap=13)


@pytest.mark.parametrize(
    "kwargs",
    [
        {
            "n_samples": 50,
            "n_splits": 5,
            "test_size": 10,
        },  # 5 blocks of 10 leave nothing before the gap
        {"n_samples": 5, "n_splits": 10},  # blocks of 0 windows
        {"n_samples": 100, "n_splits": 3, "test_size": 40},
    ],
)
def test_walk_forward_impossible_sizes_raise(kwargs):
    with pytest.raises(ValueError, match="windows"):
        splits.walk_forward(lookback=3, horizon=1, **kwargs)


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"n_samples": 100.0}, TypeError),
        ({"n_samples": 0}, ValueError),
        ({"n_splits": 1}, ValueError),
        ({"n_splits": 2.5}, TypeError),
        ({"gap": -1}, ValueError),
        ({"test_size": 0}, ValueError),
        ({"max_train_size": 0}, ValueError),
        ({"lookback": 0}, ValueError),
        ({"horizon": True}, TypeError),
    ],
)
def test_walk_forward_rejects_bad_input(kwargs, error):
    args = {"n_samples": 500, "lookback": 5, "horizon": 1, **kwargs}
    with pytest.raises(error):
        splits.walk_forward(args.pop("n_samples"), **args)


def test_walk_forward_lookback_is_keyword_only():
    with pytest.raises(TypeError):
        splits.walk_forward(100, 5)  # type: ignore[misc]


def test_walk_forward_folds_work_as_cv_in_scikit_learn():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.standard_normal(300)
    scores = cross_val_score(
        Ridge(), X, y, cv=splits.walk_forward(300, lookback=4, horizon=2, n_splits=3)
    )
    assert scores.shape == (3,) and (scores > 0.9).all()


@given(
    n_samples=st.integers(20, 3000),
    lookback=st.integers(1, 30),
    horizon=st.integers(1, 10),
    n_splits=st.integers(2, 8),
    extra_gap=st.integers(0, 20),
    test_size=st.one_of(st.none(), st.integers(1, 400)),
)
def test_walk_forward_no_training_window_shares_a_day_with_its_fold(
    n_samples, lookback, horizon, n_splits, extra_gap, test_size
):
    gap = splits.min_gap(lookback, horizon) + extra_gap
    block = n_samples // (n_splits + 1) if test_size is None else test_size
    assume(block >= 1 and n_samples - n_splits * block - gap >= 1)
    folds = splits.walk_forward(
        n_samples,
        lookback=lookback,
        horizon=horizon,
        n_splits=n_splits,
        gap=gap,
        test_size=test_size,
    )
    assert len(folds) == n_splits
    for train, val in folds:
        assert len(train) >= 1 and len(val) == block
        assert train.max() < val.min(), "training comes before validation"
        assert not _days(train, lookback, horizon) & _days(val, lookback, horizon), "no shared day"
        assert val.min() - train.max() - 1 == gap


@given(
    n_samples=st.integers(50, 2000),
    lookback=st.integers(1, 30),
    horizon=st.integers(1, 10),
    shortfall=st.integers(1, 40),
)
def test_walk_forward_any_gap_below_the_embargo_raises(n_samples, lookback, horizon, shortfall):
    gap = splits.min_gap(lookback, horizon) - shortfall
    assume(gap >= 0)
    with pytest.raises(ValueError, match="too small"):
        splits.walk_forward(n_samples, lookback=lookback, horizon=horizon, gap=gap)


# --------------------------------------------------------------------------- overlap_mask


def test_overlap_mask_counts_what_check_no_overlap_reports():
    train, test = np.arange(10, 20), np.arange(18, 40)
    mask = splits.overlap_mask(train, test, lookback=5, horizon=2)
    with pytest.raises(ValueError, match=f"^{int(mask.sum())} test windows"):
        splits.check_no_overlap(train, test, lookback=5, horizon=2)


def test_overlap_mask_of_a_shuffled_split_is_nearly_all_true():
    rng = np.random.default_rng(1)
    ends = rng.permutation(np.arange(9, 2009))
    assert splits.overlap_mask(ends[:1600], ends[1600:], lookback=10, horizon=5).mean() > 0.99


def test_overlap_mask_rejects_empty_or_2d_input():
    with pytest.raises(ValueError):
        splits.overlap_mask(np.array([], dtype=int), np.array([3]), lookback=2)
    with pytest.raises(ValueError):
        splits.overlap_mask(np.ones((2, 2), dtype=int), np.array([3]), lookback=2)


@given(
    train_ends=st.lists(st.integers(0, 300), min_size=1, max_size=40),
    test_ends=st.lists(st.integers(0, 300), min_size=1, max_size=40),
    lookback=st.integers(1, 12),
    horizon=st.integers(1, 6),
)
def test_overlap_mask_agrees_with_brute_force(train_ends, test_ends, lookback, horizon):
    mask = splits.overlap_mask(np.array(train_ends), np.array(test_ends), lookback, horizon)
    train_days = _days(train_ends, lookback, horizon)
    expected = [bool(_days([t], lookback, horizon) & train_days) for t in test_ends]
    assert mask.tolist() == expected


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
