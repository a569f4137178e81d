"""Sliding windows: the (samples, lookback, features) arrays an LSTM reads.

A window that ends on day ``t`` holds the features of days
``t - lookback + 1 ... t``; its target is whatever the target column holds on
day ``t``, which in this book is always something that happens *after* day
``t`` (the next day's return, or the return over the next ``horizon`` days).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate

__all__ = ["Windows", "make_windows", "check_finite", "forward_target"]


@dataclass(frozen=True)
class Windows:
    """Windows cut from a daily frame.

    Attributes
    ----------
    X : numpy.ndarray
        Features, shape ``(samples, lookback, features)``, float32.
    y : numpy.ndarray
        Target of each window, shape ``(samples,)``, float64.
    ends : numpy.ndarray
        Row position (in the source frame) of each window's last day.
    dates : pandas.Index
        Date of each window's last day: the day the forecast is made.
    lookback, horizon : int
        Days per window, and days of the future its target spans.
    feature_names : tuple of str
    """

    X: np.ndarray
    y: np.ndarray
    ends: np.ndarray
    dates: pd.Index
    lookback: int
    horizon: int
    feature_names: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.X.shape[0])

    def take(self, rows: np.ndarray) -> Windows:
        """The windows at the sample positions ``rows`` (for example ``split.train``)."""
        rows = np.asarray(rows, dtype=int)
        return Windows(
            X=self.X[rows],
            y=self.y[rows],
            ends=self.ends[rows],
            dates=self.dates[rows],
            lookback=self.lookback,
            horizon=self.horizon,
            feature_names=self.feature_names,
        )

    def align(self, series: pd.Series | np.ndarray) -> np.ndarray:
        """The values of a daily column (for example ``market['oracle']``) on each window's last
        day.
        """
        values = np.asarray(series, dtype=float)
        if values.ndim != 1 or values.size <= int(self.ends.max(initial=-1)):
            raise ValueError(
                "series must be a 1-D column of the frame the windows were cut from "
                f"(length > {int(self.ends.max(initial=-1))}), got shape {values.shape}."
            )
        return values[self.ends]


def check_finite(name: str, values: np.ndarray) -> None:
    """Raise ``ValueError`` naming ``name`` if ``values`` holds NaN or infinity."""
    values = np.asarray(values)
    if values.size and not np.isfinite(values).all():
        bad = int((~np.isfinite(values)).sum())
        raise ValueError(
            f"{name} holds {bad} NaN or infinite values; drop or fill them before windowing."
        )


def make_windows(
    features: pd.DataFrame,
    target: pd.Series,
    lookback: int,
    horizon: int = 1,
) -> Windows:
    """Cut every window of ``lookback`` consecutive days and pair it with its target.

    Parameters
    ----------
    features : pandas.DataFrame
        One row per day, one column per feature, no NaN.
    target : pandas.Series
        One value per day, on the same index as ``features``. The value on
        day ``t`` must describe days ``t+1 ... t+horizon`` (it never uses
        day ``t`` itself), so it lies strictly after the window.
    lookback : int
        Days per window (the LSTM's sequence length), at least 1.
    horizon : int
        Days of the future that each target spans (1 for the next day's
        return). Recorded for the splitters, which use it to size the gap.

    Examples
    --------
    >>> idx = pd.bdate_range("2024-01-01", periods=6)
    >>> f = pd.DataFrame({"a": range(6), "b": range(10, 16)}, index=idx)
    >>> w = make_windows(f, pd.Series(range(100, 106), index=idx), lookback=3)
    >>> w.X.shape, w.y.tolist(), w.ends.tolist()
    ((4, 3, 2), [102.0, 103.0, 104.0, 105.0], [2, 3, 4, 5])
    >>> w.X[0, :, 0].tolist()
    [0.0, 1.0, 2.0]
    """
    if not isinstance(features, pd.DataFrame):
        raise TypeError(
            f"features must be a pandas DataFrame (days x features), got {type(features).__name__}."
        )
    if not isinstance(target, pd.Series):
        raise TypeError(f"target must be a pandas Series, got {type(target).__name__}.")
    validate.positive_int(lookback, "lookback", hint="days per window")
    validate.positive_int(horizon, "horizon", hint="days of the future each target spans")
    if features.shape[1] == 0:
        raise ValueError("features has no columns; pass at least one feature.")
    if not features.index.equals(target.index):
        raise ValueError(
            "features and target must share the same index (one row per day, same order)."
        )
    if len(features) < lookback:
        raise ValueError(
            f"only {len(features)} days for a lookback of {lookback}: shorten the lookback or pass "
            "more days."
        )
    values = features.to_numpy(dtype=np.float64)
    y = target.to_numpy(dtype=np.float64)
    check_finite("features", values)
    check_finite("target", y)

    X = np.lib.stride_tricks.sliding_window_view(values, lookback, axis=0)  # (n, f, lookback)
    X = np.ascontiguousarray(X.transpose(0, 2, 1), dtype=np.float32)
    ends = np.arange(lookback - 1, len(features))
    return Windows(
        X=X,
        y=y[ends],
        ends=ends,
        dates=features.index[ends],
        lookback=int(lookback),
        horizon=int(horizon),
        feature_names=tuple(str(c) for c in features.columns),
    )


def forward_target(daily: pd.Series, horizon: int) -> pd.Series:
    """The sum of the next ``horizon`` daily targets: an ``horizon``-day forward log return.

    ``daily[t]`` is the log return from day ``t`` to day ``t+1`` (the
    market's ``target``), so the result on day ``t`` is the log return from
    day ``t`` to day ``t+horizon``. The last ``horizon - 1`` days, whose
    future is not complete, are dropped. Targets of neighbouring days share
    ``horizon - 1`` of their ``horizon`` terms: they overlap.

    >>> idx = pd.bdate_range("2024-01-01", periods=5)
    >>> forward_target(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=idx), horizon=3).tolist()
    [6.0, 9.0, 12.0]
    """
    if not isinstance(daily, pd.Series):
        raise TypeError(
            f"daily must be a pandas Series of daily targets, got {type(daily).__name__}."
        )
    validate.positive_int(horizon, "horizon", hint="days of the future each target spans")
    if len(daily) < horizon:
        raise ValueError(f"only {len(daily)} days for a horizon of {horizon}: pass more days.")
    check_finite("daily", daily.to_numpy(dtype=float))
    summed = daily.rolling(int(horizon)).sum().shift(-(int(horizon) - 1))
    return summed.iloc[: len(daily) - int(horizon) + 1].rename(f"forward_{int(horizon)}d")
