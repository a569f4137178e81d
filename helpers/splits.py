"""Splits that respect time: chronological train / validation / test, purged of label overlap.

A window ending on day ``t`` reads days ``t - lookback + 1 ... t`` and its target
spans days ``t + 1 ... t + horizon``. In a forward split (every training window
before every later one) only overlapping *labels* leak: a training window whose
target spans days of a later window's target has seen part of that answer.
*Purging* (Lopez de Prado, 2018) drops them: between two periods we drop at least
``horizon - 1`` windows (:func:`purge_gap`). Sharing feature days is no leak in a
forward split: a deployed model also reads, as features, days whose returns were
targets of its training windows. This module's default gap, :func:`min_gap` =
``lookback + horizon - 1``, is a conservative choice after which the periods share
no day at all, of features or of target. (Lopez de Prado's *embargo* is something
else: an extra gap *after* a test period, when cross-validation trains on data that
follows the test.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import validate

__all__ = [
    "Split",
    "min_gap",
    "purge_gap",
    "chronological",
    "span",
    "check_no_overlap",
    "overlap_mask",
    "label_overlap_mask",
    "walk_forward",
]


@dataclass(frozen=True)
class Split:
    """Sample positions of the training, validation and test windows, in time order."""

    train: np.ndarray
    val: np.ndarray
    test: np.ndarray
    gap: int

    def sizes(self) -> dict[str, int]:
        """How many windows each period holds."""
        return {
            "train": len(self.train),
            "val": len(self.val),
            "test": len(self.test),
            "gap": self.gap,
        }


def min_gap(lookback: int, horizon: int = 1) -> int:
    """The smallest gap (in windows) after which two periods share no day at all.

    ``lookback + horizon - 1``: the conservative default of :func:`chronological` and
    :func:`walk_forward`. Only :func:`purge_gap` windows are required to stop labels
    overlapping; the extra ``lookback`` windows also keep the periods' feature days apart.

    >>> min_gap(30), min_gap(20, horizon=5)
    (30, 24)
    """
    lookback = validate.positive_int(lookback, "lookback")
    return lookback + validate.positive_int(horizon, "horizon") - 1


def purge_gap(horizon: int = 1) -> int:
    """The fewest windows to drop between two periods of a forward split: ``horizon - 1``.

    With fewer, the last training windows' targets span days of the next period's first
    targets (purging, Lopez de Prado 2018); with ``horizon - 1``, no target day is shared.
    Feature days may still be shared, as they are for any deployed model.

    >>> purge_gap(1), purge_gap(5)
    (0, 4)
    """
    return validate.positive_int(horizon, "horizon") - 1


def _check_gap(gap: int, lookback: int, horizon: int) -> int:
    """The gap, or a ValueError if it lets labels overlap."""
    validate.positive_int(lookback, "lookback")
    gap = validate.non_negative_int(gap, "gap")
    needed = purge_gap(horizon)
    if gap < needed:
        raise ValueError(
            f"gap={gap} is too small for horizon={horizon}: the targets of windows on both sides "
            f"would share days. Use gap >= horizon - 1 = {needed} (purging); the default, "
            f"lookback + horizon - 1 = {min_gap(lookback, horizon)}, also keeps feature days apart."
        )
    return gap


def label_overlap_mask(
    train_ends: np.ndarray, test_ends: np.ndarray, horizon: int = 1
) -> np.ndarray:
    """For each test window, ``True`` if its target shares a day with some training window's.

    The leak that purging removes. Targets span days ``end + 1 ... end + horizon``.

    >>> label_overlap_mask(np.arange(10, 20), np.array([20, 23, 24]), horizon=5).tolist()
    [True, True, False]
    """
    train_ends = _ends(train_ends, test_ends)[0]
    test_ends = np.asarray(test_ends, dtype=int)
    horizon = validate.positive_int(horizon, "horizon")
    return _spans_overlap(train_ends + 1, train_ends + horizon, test_ends + 1, test_ends + horizon)


def _count(name: str, size: float | int, n: int) -> int:
    if isinstance(size, bool) or not isinstance(size, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{name} must be a fraction in (0, 1) or a number of windows, got "
            f"{type(size).__name__}."
        )
    if isinstance(size, (float, np.floating)):
        if not 0.0 < size < 1.0:
            raise ValueError(f"{name} as a fraction must lie in (0, 1), got {size}.")
        count = int(round(size * n))
        if count < 1:
            raise ValueError(
                f"{name}={size} of {n} windows rounds to 0 windows: pass a larger fraction or a "
                "count."
            )
        return count
    return validate.positive_int(size, name, hint="a number of windows, or a fraction in (0, 1)")


def chronological(
    n_samples: int,
    *,
    lookback: int,
    horizon: int = 1,
    val: float | int = 0.1,
    test: float | int = 0.2,
    gap: int | None = None,
) -> Split:
    """Split ``n_samples`` consecutive windows into train, validation and test, in that order.

    The test period is the last ``test`` windows, the validation period the
    ``val`` windows before it, and training everything earlier; ``gap``
    windows are dropped before the validation and before the test period.
    Sizes are fractions of ``n_samples`` (floats) or numbers of windows (ints).

    Parameters
    ----------
    gap : int, optional
        Windows dropped between periods. Defaults to :func:`min_gap`
        ``(lookback, horizon)`` (no shared day at all); a gap below :func:`purge_gap`
        ``(horizon)`` raises, because targets on both sides of it would share days.

    Examples
    --------
    >>> s = chronological(100, lookback=5, val=10, test=20)
    >>> s.sizes()
    {'train': 60, 'val': 10, 'test': 20, 'gap': 5}
    >>> int(s.train[-1]), int(s.val[0]), int(s.val[-1]), int(s.test[0])
    (59, 65, 74, 80)
    """
    n_samples = validate.positive_int(n_samples, "n_samples")
    gap = _check_gap(min_gap(lookback, horizon) if gap is None else gap, lookback, horizon)
    n_test = _count("test", test, n_samples)
    n_val = _count("val", val, n_samples)
    n_train = n_samples - n_test - n_val - 2 * gap
    if n_train < 1:
        raise ValueError(
            f"{n_samples} windows cannot hold test={n_test}, val={n_val} and two gaps of {gap}: "
            "pass more data or smaller periods."
        )
    test_start = n_samples - n_test
    val_start = test_start - gap - n_val
    return Split(
        train=np.arange(0, n_train),
        val=np.arange(val_start, val_start + n_val),
        test=np.arange(test_start, n_samples),
        gap=gap,
    )


def span(ends: np.ndarray, lookback: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """First and last day (row positions) that each window touches, features and target included.

    >>> first, last = span(np.array([4, 9]), lookback=5, horizon=2)
    >>> first.tolist(), last.tolist()
    ([0, 5], [6, 11])
    """
    ends = np.asarray(ends, dtype=int)
    lookback = validate.positive_int(lookback, "lookback")
    return ends - lookback + 1, ends + validate.positive_int(horizon, "horizon")


def check_no_overlap(
    train_ends: np.ndarray, test_ends: np.ndarray, lookback: int, horizon: int = 1
) -> None:
    """Raise ``ValueError`` if any test window shares a day with any training window.

    Both arguments are the row positions of windows' last days
    (``Windows.ends``). The check covers the feature days and the target days
    of every window, so it catches shuffled splits, interleaved periods and
    missing gaps alike. It is the strict check (no day shared at all), stricter
    than purging requires: see :func:`label_overlap_mask`.

    >>> check_no_overlap(np.arange(10, 20), np.arange(40, 50), lookback=5)
    >>> check_no_overlap(np.arange(10, 20), np.arange(22, 30), lookback=5)
    Traceback (most recent call last):
    ...
    ValueError: 3 test windows share days with training windows (lookback=5, horizon=1); ...
    """
    n_bad = int(overlap_mask(train_ends, test_ends, lookback, horizon).sum())
    if n_bad:
        raise ValueError(
            f"{n_bad} test windows share days with training windows (lookback={lookback}, "
            f"horizon={horizon}); split chronologically with a gap of lookback + horizon - 1 "
            "windows (splits.chronological; horizon - 1 suffice to stop the targets overlapping)."
        )


# ------------------------------------------------------------------ overlaps and walk-forward folds


def overlap_mask(
    train_ends: np.ndarray, test_ends: np.ndarray, lookback: int, horizon: int = 1
) -> np.ndarray:
    """For each test window, ``True`` if it shares at least one day with some training window.

    The counting twin of :func:`check_no_overlap`: days of features and of
    target both count. ``overlap_mask(...).mean()`` is the share of test
    windows that a split leaks into.

    >>> overlap_mask(np.arange(10, 20), np.array([22, 25, 40]), lookback=5).tolist()
    [True, False, False]
    >>> overlap_mask(np.arange(10, 20), np.array([22, 25, 40]), lookback=5, horizon=3).tolist()
    [True, True, False]
    """
    train_ends, test_ends = _ends(train_ends, test_ends)
    train_first, train_last = span(train_ends, lookback, horizon)
    test_first, test_last = span(test_ends, lookback, horizon)
    return _spans_overlap(train_first, train_last, test_first, test_last)


def _ends(train_ends: np.ndarray, test_ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    train_ends = np.asarray(train_ends, dtype=int)
    test_ends = np.asarray(test_ends, dtype=int)
    if train_ends.ndim != 1 or test_ends.ndim != 1 or train_ends.size == 0 or test_ends.size == 0:
        raise ValueError(
            "train_ends and test_ends must both be non-empty 1-D arrays of window ends."
        )
    return train_ends, test_ends


def _spans_overlap(
    train_first: np.ndarray, train_last: np.ndarray, test_first: np.ndarray, test_last: np.ndarray
) -> np.ndarray:
    """For each test span ``[first, last]``, whether some training span intersects it."""
    order = np.argsort(train_first, kind="stable")
    train_first, train_last = train_first[order], train_last[order]
    # A test span overlaps some training span if a training span starts at or before the
    # test span's last day and ends at or after its first day.
    k = np.searchsorted(
        train_first, test_last, side="right"
    )  # training spans starting early enough
    latest_end = np.maximum.accumulate(train_last)
    return (k > 0) & (latest_end[np.maximum(k - 1, 0)] >= test_first)


def walk_forward(
    n_samples: int,
    *,
    lookback: int,
    horizon: int = 1,
    n_splits: int = 5,
    test_size: int | None = None,
    gap: int | None = None,
    max_train_size: int | None = None,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Walk-forward folds over ``n_samples`` consecutive windows, with a purge gap before each fold.

    A thin wrapper around scikit-learn's ``TimeSeriesSplit(n_splits, gap=gap,
    test_size=test_size, max_train_size=max_train_size)``: fold ``k``
    validates on a block of consecutive windows and trains on every window
    before it except the last ``gap`` ones. The validation blocks tile the end
    of the series; each training period grows (or, with ``max_train_size``,
    slides) forward in time.

    Parameters
    ----------
    n_samples : int
        Number of consecutive windows (``len(w)``).
    lookback, horizon : int
        The windows' days of features and of target; they set the default gap.
    n_splits : int
        Number of folds, at least 2.
    test_size : int, optional
        Windows per validation block; scikit-learn's default is
        ``n_samples // (n_splits + 1)``.
    gap : int, optional
        Windows dropped between each training period and its validation block.
        Defaults to :func:`min_gap` ``(lookback, horizon)``; a gap below
        :func:`purge_gap` ``(horizon)`` raises (the targets would overlap).
    max_train_size : int, optional
        Keep only the latest ``max_train_size`` training windows (a sliding window).

    Returns
    -------
    list of (train, validation) pairs of index arrays
        Usable directly as ``cv=`` in scikit-learn (``cross_val_score``, ``GridSearchCV``).

    Examples
    --------
    >>> folds = walk_forward(100, lookback=5, horizon=2, n_splits=3)
    >>> [(int(tr[0]), int(tr[-1]), int(va[0]), int(va[-1])) for tr, va in folds]
    [(0, 18, 25, 49), (0, 43, 50, 74), (0, 68, 75, 99)]
    """
    from sklearn.model_selection import TimeSeriesSplit

    n_samples = validate.positive_int(n_samples, "n_samples")
    n_splits = validate.integer(n_splits, "n_splits", low=2)
    gap = _check_gap(min_gap(lookback, horizon) if gap is None else gap, lookback, horizon)
    block = (
        n_samples // (n_splits + 1)
        if test_size is None
        else validate.positive_int(test_size, "test_size")
    )
    if block < 1:
        raise ValueError(
            f"{n_samples} windows are too few for {n_splits} folds: pass more data or fewer folds."
        )
    first_train = n_samples - n_splits * block - gap
    if first_train < 1:
        raise ValueError(
            f"{n_samples} windows cannot hold {n_splits} validation blocks of {block} windows and "
            f"a gap of {gap} before the first one ({first_train} training windows would be left): "
            "pass more data, fewer folds or a smaller test_size."
        )
    if max_train_size is not None:
        max_train_size = validate.positive_int(max_train_size, "max_train_size")
    splitter = TimeSeriesSplit(
        n_splits=n_splits, test_size=block, gap=gap, max_train_size=max_train_size
    )
    folds = [(train, val) for train, val in splitter.split(np.zeros((n_samples, 1)))]
    for train, val in folds:  # guaranteed by construction; cheap insurance
        if label_overlap_mask(train, val, horizon).any():
            raise AssertionError("walk_forward built folds whose targets overlap: a bug.")
    return folds
