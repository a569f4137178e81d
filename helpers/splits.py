"""Splits that respect time: chronological train / validation / test with an embargo.

A window ending on day ``t`` reads days ``t - lookback + 1 ... t`` and its target
spans days ``t + 1 ... t + horizon``. Two windows share no day at all when their
ends are at least ``lookback + horizon`` days apart, so between two periods we
drop ``gap >= lookback + horizon - 1`` windows: the *embargo*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import validate

__all__ = [
    "Split",
    "min_gap",
    "chronological",
    "span",
    "check_no_overlap",
    "overlap_mask",
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
    """The smallest embargo (in windows) after which two periods share no day.

    >>> min_gap(30), min_gap(20, horizon=5)
    (30, 24)
    """
    lookback = validate.positive_int(lookback, "lookback")
    return lookback + validate.positive_int(horizon, "horizon") - 1


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
        Windows dropped between periods. Defaults to
        :func:`min_gap` ``(lookback, horizon)``; a smaller gap raises, because
        windows on both sides of it would share days.

    Examples
    --------
    >>> s = chronological(100, lookback=5, val=10, test=20)
    >>> s.sizes()
    {'train': 60, 'val': 10, 'test': 20, 'gap': 5}
    >>> int(s.train[-1]), int(s.val[0]), int(s.val[-1]), int(s.test[0])
    (59, 65, 74, 80)
    """
    n_samples = validate.positive_int(n_samples, "n_samples")
    needed = min_gap(lookback, horizon)
    if gap is None:
        gap = needed
    gap = validate.non_negative_int(gap, "gap")
    if gap < needed:
        raise ValueError(
            f"gap={gap} is too small for lookback={lookback} and horizon={horizon}: windows on "
            f"both sides would share days. Use gap >= lookback + horizon - 1 = {needed}."
        )
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
    missing embargoes alike.

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
            f"horizon={horizon}); split chronologically with a gap of at least lookback + horizon "
            "- 1 windows (splits.chronological)."
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
    train_ends = np.asarray(train_ends, dtype=int)
    test_ends = np.asarray(test_ends, dtype=int)
    if train_ends.ndim != 1 or test_ends.ndim != 1 or train_ends.size == 0 or test_ends.size == 0:
        raise ValueError(
            "train_ends and test_ends must both be non-empty 1-D arrays of window ends."
        )
    train_first, train_last = span(np.sort(train_ends), lookback, horizon)
    test_first, test_last = span(test_ends, lookback, horizon)
    # A test window overlaps some training window if a training window starts at or
    # before the test window's last day and ends at or after its first day.
    k = np.searchsorted(
        train_first, test_last, side="right"
    )  # training windows starting early enough
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
    """Walk-forward folds over ``n_samples`` consecutive windows, with an embargo before each fold.

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
        The windows' days of features and of target; they set the smallest safe gap.
    n_splits : int
        Number of folds, at least 2.
    test_size : int, optional
        Windows per validation block; scikit-learn's default is
        ``n_samples // (n_splits + 1)``.
    gap : int, optional
        Windows dropped between each training period and its validation block.
        Defaults to :func:`min_gap` ``(lookback, horizon)``; a smaller gap raises.
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
    needed = min_gap(lookback, horizon)
    gap = needed if gap is None else validate.non_negative_int(gap, "gap")
    if gap < needed:
        raise ValueError(
            f"gap={gap} is too small for lookback={lookback} and horizon={horizon}: training and "
            f"validation windows would share days. Use gap >= lookback + horizon - 1 = {needed}."
        )
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
        check_no_overlap(train, val, lookback, horizon)
    return folds
