"""Tests of helpers.splits: chronological splits, purge gaps, overlap checks and walk-forward
folds.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sklearn.linear_model import Ridge
from sklearn.model_selection import TimeSeriesSplit, cross_val_score, train_test_split

from helpers import splits, windows


def _days(ends, lookback: int, horizon: int) -> list[set[int]]:
    """Brute force: the set of day positions each window touches (features and target)."""
    return [set(range(int(e) - lookback + 1, int(e) + horizon + 1)) for e in ends]


def _n_overlapping(train_ends, test_ends, lookback: int, horizon: int) -> int:
    """Brute force: how many test windows share at least one day with some training window."""
    train_days = set().union(*_days(train_ends, lookback, horizon))
    return sum(bool(days & train_days) for days in _days(test_ends, lookback, horizon))


# --------------------------------------------------------------------------- min_gap


@pytest.mark.parametrize(
    "lookback, horizon, expected", [(1, 1, 1), (30, 1, 30), (20, 5, 24), (5, 3, 7)]
)
def test_min_gap_values(lookback, horizon, expected):
    assert splits.min_gap(lookback, horizon) == expected


def test_min_gap_default_horizon_is_one():
    assert splits.min_gap(12) == 12


@pytest.mark.parametrize(
    "lookback, horizon, error",
    [
        (0, 1, ValueError),
        (5, 0, ValueError),
        (-3, 1, ValueError),
        (2.0, 1, TypeError),
        (5, True, TypeError),
    ],
)
def test_min_gap_rejects_bad_input(lookback, horizon, error):
    with pytest.raises(error):
        splits.min_gap(lookback, horizon)


@given(lookback=st.integers(1, 15), horizon=st.integers(1, 6))
def test_min_gap_is_the_smallest_gap_without_shared_days(lookback, horizon):
    gap = splits.min_gap(lookback, horizon)
    last_train = 100
    # The first window after `gap` dropped windows shares no day; one window earlier it would.
    first_after_gap = last_train + gap + 1
    assert _n_overlapping([last_train], [first_after_gap], lookback, horizon) == 0
    assert _n_overlapping([last_train], [first_after_gap - 1], lookback, horizon) == 1
    splits.check_no_overlap([last_train], [first_after_gap], lookback, horizon)
    with pytest.raises(ValueError):
        splits.check_no_overlap([last_train], [first_after_gap - 1], lookback, horizon)


# --------------------------------------------------------------------------- chronological


def test_chronological_with_fractions():
    s = splits.chronological(1000, lookback=10, val=0.1, test=0.2)
    assert s.sizes() == {"train": 680, "val": 100, "test": 200, "gap": 10}
    np.testing.assert_array_equal(s.train, np.arange(0, 680))
    np.testing.assert_array_equal(s.val, np.arange(690, 790))
    np.testing.assert_array_equal(s.test, np.arange(800, 1000))


def test_chronological_with_ints():
    s = splits.chronological(100, lookback=5, val=10, test=20)
    assert s.sizes() == {"train": 60, "val": 10, "test": 20, "gap": 5}
    assert (s.train[-1], s.val[0], s.val[-1], s.test[0], s.test[-1]) == (59, 65, 74, 80, 99)


def test_chronological_default_sizes():
    s = splits.chronological(1000, lookback=20, horizon=3)
    assert s.sizes() == {"train": 1000 - 100 - 200 - 2 * 22, "val": 100, "test": 200, "gap": 22}


@pytest.mark.parametrize("lookback, horizon", [(1, 1), (5, 1), (20, 5), (60, 10)])
def test_default_gap_is_min_gap(lookback, horizon):
    s = splits.chronological(2000, lookback=lookback, horizon=horizon)
    assert s.gap == splits.min_gap(lookback, horizon)
    # The gap is the number of windows dropped between periods.
    assert s.val[0] - s.train[-1] - 1 == s.gap
    assert s.test[0] - s.val[-1] - 1 == s.gap


def test_larger_gap_is_honoured():
    s = splits.chronological(500, lookback=5, val=50, test=50, gap=30)
    assert s.gap == 30
    assert s.val[0] - s.train[-1] - 1 == 30 and s.test[0] - s.val[-1] - 1 == 30
    assert len(s.train) == 500 - 100 - 60


@given(
    n=st.integers(100, 5000),  # so that every fraction >= 0.01 is at least one window
    lookback=st.integers(1, 10),
    horizon=st.integers(1, 5),
    val=st.one_of(st.floats(0.01, 0.3), st.integers(1, 15)),
    test=st.one_of(st.floats(0.01, 0.3), st.integers(1, 15)),
)
def test_chronological_order_and_partition(n, lookback, horizon, val, test):
    try:
        s = splits.chronological(n, lookback=lookback, horizon=horizon, val=val, test=test)
    except ValueError:
        return  # an impossible request is refused (checked elsewhere)
    for part in (s.train, s.val, s.test):
        assert np.all(np.diff(part) == 1)  # contiguous, strictly increasing
    assert min(len(s.train), len(s.val), len(s.test)) >= 1
    assert s.train[0] == 0 and s.test[-1] == n - 1
    assert s.train[-1] < s.val[0] and s.val[-1] < s.test[0]
    everything = np.concatenate([s.train, s.val, s.test])
    assert len(np.unique(everything)) == len(everything)  # disjoint
    assert len(everything) + 2 * s.gap == n  # nothing lost but the two gaps


def test_gap_too_small_raises_and_mentions_gap():
    # Below horizon - 1 the targets on both sides of the gap would share days.
    with pytest.raises(ValueError, match="gap"):
        splits.chronological(1000, lookback=10, horizon=5, gap=3)
    # The smallest allowed gap is the purge gap, not lookback + horizon - 1: sharing feature
    # days is no leak in a forward split.
    assert splits.chronological(1000, lookback=10, horizon=5, gap=4).gap == 4
    assert splits.chronological(1000, lookback=10, gap=0).gap == 0


def test_purge_gap_is_the_smallest_gap_without_shared_targets():
    for horizon in (1, 2, 5, 9):
        gap = splits.purge_gap(horizon)
        train = np.arange(100, 200)
        after = train[-1] + 1 + gap + np.arange(50)
        assert not splits.label_overlap_mask(train, after, horizon).any()
        if gap:  # one window fewer, and the first target shares a day: the bound is tight
            assert splits.label_overlap_mask(train, after - 1, horizon)[0]


def test_label_overlap_mask_catches_a_shuffle_and_spares_shared_features():
    rng = np.random.default_rng(0)
    ends = rng.permutation(np.arange(10, 1010))
    train, test = ends[:800], ends[800:]
    assert splits.label_overlap_mask(train, test, horizon=5).mean() > 0.9
    # a forward split with gap horizon - 1 shares feature days but no target day
    train, test = np.arange(10, 500), np.arange(504, 600)
    assert splits.overlap_mask(train, test, lookback=10, horizon=5).any()
    assert not splits.label_overlap_mask(train, test, horizon=5).any()


@pytest.mark.parametrize(
    "n, kwargs",
    [
        (50, dict(lookback=10, val=10, test=20)),  # 50 - 30 - 2 * 10 = 0 training windows
        (100, dict(lookback=5, val=0.6, test=0.5)),
        (100, dict(lookback=5, val=1, test=100)),
        (3, dict(lookback=1, val=1, test=1)),
    ],
)
def test_impossible_sizes_raise(n, kwargs):
    with pytest.raises(ValueError, match="cannot hold"):
        splits.chronological(n, **kwargs)


def test_just_possible_sizes_leave_one_training_window():
    s = splits.chronological(51, lookback=10, val=10, test=20)
    assert s.sizes() == {"train": 1, "val": 10, "test": 20, "gap": 10}


@pytest.mark.parametrize("size", [0.0, 1.0, 1.5, -0.2, 0, -3])
@pytest.mark.parametrize("which", ["val", "test"])
def test_sizes_out_of_range_raise(which, size):
    with pytest.raises(ValueError, match=which):
        splits.chronological(1000, lookback=5, **{which: size})


def test_fraction_that_rounds_to_zero_windows_raises():
    """A fraction must not silently give an empty period (an int size of 0 is refused too).

    chronological(100, lookback=2, val=0.001) returns an empty validation period,
    which later fails far from its cause (check_no_overlap, train).
    """
    with pytest.raises(ValueError, match="val"):
        splits.chronological(100, lookback=2, val=0.001)
    with pytest.raises(ValueError, match="test"):
        splits.chronological(100, lookback=2, test=0.004)


@pytest.mark.parametrize(
    "n, kwargs, error",
    [
        (100.0, dict(lookback=5), TypeError),
        ("100", dict(lookback=5), TypeError),
        (True, dict(lookback=5), TypeError),
        (0, dict(lookback=5), ValueError),
        (100, dict(lookback=5.0), TypeError),
        (100, dict(lookback=0), ValueError),
        (100, dict(lookback=5, horizon=0), ValueError),
        (100, dict(lookback=5, gap=6.0), TypeError),
        (100, dict(lookback=5, gap=-1), ValueError),
        (100, dict(lookback=5, val="0.1"), TypeError),
        (100, dict(lookback=5, test=True), TypeError),
        (100, dict(lookback=5, test=None), TypeError),
    ],
)
def test_chronological_rejects_bad_types(n, kwargs, error):
    with pytest.raises(error):
        splits.chronological(n, **kwargs)


def test_lookback_is_required_and_keyword_only():
    with pytest.raises(TypeError):
        splits.chronological(100)
    with pytest.raises(TypeError):
        splits.chronological(100, 5)


def test_numpy_scalars_are_accepted():
    s = splits.chronological(
        np.int64(100), lookback=np.int64(5), val=np.int64(10), test=np.float64(0.2)
    )
    assert s.sizes() == {"train": 60, "val": 10, "test": 20, "gap": 5}


# --------------------------------------------------------------------------- span


def test_span_values():
    first, last = splits.span(np.array([4, 9]), lookback=5, horizon=2)
    assert first.tolist() == [0, 5] and last.tolist() == [6, 11]
    first, last = splits.span([0], lookback=1)
    assert first.tolist() == [0] and last.tolist() == [1]


@pytest.mark.parametrize("lookback, horizon", [(0, 1), (3, 0), (1.5, 1)])
def test_span_rejects_bad_sizes(lookback, horizon):
    with pytest.raises((ValueError, TypeError)):
        splits.span([3, 4], lookback, horizon)


# -------------------------------------------------------------------------- the no-leakage property


@st.composite
def _split_problems(draw):
    lookback = draw(st.integers(1, 8))
    horizon = draw(st.integers(1, 4))
    gap = splits.min_gap(lookback, horizon) + draw(st.integers(0, 4))
    n_train, n_val, n_test = (
        draw(st.integers(1, 25)),
        draw(st.integers(1, 15)),
        draw(st.integers(1, 15)),
    )
    return lookback, horizon, gap, n_train, n_val, n_test


@given(_split_problems())
def test_chronological_windows_never_share_days(problem):
    lookback, horizon, gap, n_train, n_val, n_test = problem
    n_samples = n_train + n_val + n_test + 2 * gap
    n_days = n_samples + lookback - 1
    index = pd.bdate_range("2010-01-01", periods=n_days)
    features = pd.DataFrame({"x": np.arange(n_days, dtype=float)}, index=index)
    target = pd.Series(np.zeros(n_days), index=index)
    w = windows.make_windows(features, target, lookback=lookback, horizon=horizon)
    assert len(w) == n_samples

    s = splits.chronological(
        len(w), lookback=lookback, horizon=horizon, val=n_val, test=n_test, gap=gap
    )
    assert s.sizes() == {"train": n_train, "val": n_val, "test": n_test, "gap": gap}
    train, val, test = w.take(s.train), w.take(s.val), w.take(s.test)

    # With splits.span: every day of a later window comes after every day of an earlier period.
    _, train_last = splits.span(train.ends, lookback, horizon)
    val_first, val_last = splits.span(val.ends, lookback, horizon)
    test_first, _ = splits.span(test.ends, lookback, horizon)
    assert val_first.min() > train_last.max()
    assert test_first.min() > train_last.max()
    assert test_first.min() > val_last.max()

    # Independently, by brute force over the days each window reads (features: the decoded
    # values of X; target: the horizon days after the end).
    def touched(part):
        days = set(part.X[..., 0].astype(int).ravel().tolist())
        for end in part.ends:
            days.update(range(int(end) + 1, int(end) + horizon + 1))
        return days

    last_train_day = max(touched(train))
    assert min(touched(val)) > last_train_day
    assert min(touched(test)) > last_train_day
    assert min(touched(test)) > max(touched(val))
    assert _n_overlapping(train.ends, test.ends, lookback, horizon) == 0

    splits.check_no_overlap(train.ends, val.ends, lookback, horizon)
    splits.check_no_overlap(train.ends, test.ends, lookback, horizon)
    splits.check_no_overlap(val.ends, test.ends, lookback, horizon)


# --------------------------------------------------------------------------- check_no_overlap


def test_check_no_overlap_passes_for_separate_periods():
    splits.check_no_overlap(np.arange(10, 20), np.arange(40, 50), lookback=5)
    # Test before train is fine too, as long as no day is shared.
    splits.check_no_overlap(np.arange(40, 50), np.arange(10, 20), lookback=5)


def test_check_no_overlap_counts_overlapping_test_windows():
    # Training windows end on days 10..19 and touch days 6..20; test windows ending on 22, 23, 24
    # start on days 18, 19, 20, the others start on day 21 or later.
    with pytest.raises(ValueError, match=r"^3 test windows share days"):
        splits.check_no_overlap(np.arange(10, 20), np.arange(22, 30), lookback=5)


@pytest.mark.parametrize("seed", range(3))
def test_shuffled_split_is_caught(seed):
    lookback, horizon = 20, 1
    positions = np.arange(1000)
    train, test = train_test_split(positions, test_size=0.2, shuffle=True, random_state=seed)
    ends = positions + lookback - 1
    with pytest.raises(ValueError, match="share days"):
        splits.check_no_overlap(ends[train], ends[test], lookback, horizon)


def test_interleaved_periods_are_caught():
    ends = np.arange(9, 1009)
    with pytest.raises(ValueError, match="share days"):
        splits.check_no_overlap(ends[::2], ends[1::2], lookback=10)


@pytest.mark.parametrize("lookback, horizon", [(1, 1), (10, 1), (10, 5), (30, 3)])
def test_gap_threshold_is_exact(lookback, horizon):
    needed = splits.min_gap(lookback, horizon)
    train_ends = np.arange(lookback - 1, lookback + 99)
    for gap in range(0, needed + 3):
        test_ends = np.arange(train_ends[-1] + gap + 1, train_ends[-1] + gap + 51)
        if gap >= needed:
            splits.check_no_overlap(train_ends, test_ends, lookback, horizon)
        else:
            with pytest.raises(ValueError, match="share days"):
                splits.check_no_overlap(train_ends, test_ends, lookback, horizon)


def test_chronological_split_passes_but_a_shrunk_gap_does_not():
    lookback, horizon = 15, 2
    s = splits.chronological(800, lookback=lookback, horizon=horizon)
    ends = np.arange(800) + lookback - 1
    splits.check_no_overlap(ends[s.train], ends[s.val], lookback, horizon)
    splits.check_no_overlap(ends[s.train], ends[s.test], lookback, horizon)
    # Put the last dropped window back into training: it shares days with the first
    # lookback + horizon - 1 validation windows.
    leaky_train = np.append(s.train, s.val[0] - 1)
    with pytest.raises(ValueError, match=rf"^{splits.min_gap(lookback, horizon)} test windows"):
        splits.check_no_overlap(ends[leaky_train], ends[s.val], lookback, horizon)


def test_check_no_overlap_rejects_empty_inputs():
    with pytest.raises(ValueError, match="non-empty"):
        splits.check_no_overlap([], [30, 31], lookback=3)
    with pytest.raises(ValueError, match="non-empty"):
        splits.check_no_overlap([1, 2], np.array([], dtype=int), lookback=3)


@pytest.mark.parametrize("lookback, horizon", [(0, 1), (3, 0), (2.5, 1)])
def test_check_no_overlap_rejects_bad_sizes(lookback, horizon):
    with pytest.raises((ValueError, TypeError)):
        splits.check_no_overlap([1, 2], [50, 60], lookback, horizon)


@given(
    train_ends=st.lists(st.integers(0, 40), min_size=1, max_size=12),
    test_ends=st.lists(st.integers(0, 40), min_size=1, max_size=12),
    lookback=st.integers(1, 6),
    horizon=st.integers(1, 4),
)
def test_check_no_overlap_agrees_with_brute_force(train_ends, test_ends, lookback, horizon):
    expected = _n_overlapping(train_ends, test_ends, lookback, horizon)
    if expected == 0:
        splits.check_no_overlap(np.array(train_ends), np.array(test_ends), lookback, horizon)
    else:
        with pytest.raises(ValueError, match=rf"^{expected} test windows share days") as info:
            splits.check_no_overlap(np.array(train_ends), np.array(test_ends), lookback, horizon)
        assert re.search(rf"lookback={lookback}, horizon={horizon}", str(info.value))


def _all_days(ends, lookback: int, horizon: int) -> set[int]:
    """Brute force: every day position touched by the windows ending at ``ends``."""
    return set().union(*(set(range(int(e) - lookback + 1, int(e) + horizon + 1)) for e in ends))


# --------------------------------------------------------------------------- walk_forward


def test_walk_forward_default_gap_is_min_gap():
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
    with pytest.raises(ValueError, match=r"gap >= horizon - 1 = 4"):
        splits.walk_forward(1000, lookback=10, horizon=5, gap=3)
    # a gap of lookback (10) is at least horizon - 1 (4): accepted
    assert len(splits.walk_forward(1000, lookback=10, horizon=5, gap=10)) == 5


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
        assert not _all_days(train, lookback, horizon) & _all_days(val, lookback, horizon), (
            "no shared day"
        )
        assert val.min() - train.max() - 1 == gap


@given(
    n_samples=st.integers(50, 2000),
    lookback=st.integers(1, 30),
    horizon=st.integers(2, 10),
    shortfall=st.integers(1, 9),
)
def test_walk_forward_any_gap_below_the_purge_gap_raises(n_samples, lookback, horizon, shortfall):
    gap = splits.purge_gap(horizon) - shortfall
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
    train_days = _all_days(train_ends, lookback, horizon)
    expected = [bool(_all_days([t], lookback, horizon) & train_days) for t in test_ends]
    assert mask.tolist() == expected
