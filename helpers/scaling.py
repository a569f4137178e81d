"""Scaling windows with scikit-learn, fit on the training period only.

An LSTM reads a 3-D array ``(samples, lookback, features)``; scikit-learn's
scalers read 2-D ``(rows, features)``. These helpers reshape so that each
feature gets its own statistics, learned from training windows alone, and
applied unchanged to validation and test windows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from .splits import Split
from .windows import Windows, check_finite

__all__ = [
    "fit_window_scaler",
    "transform_windows",
    "scale_windows",
    "TargetScaler",
    "GlobalScaler",
    "ScaledSplit",
    "scale_split",
]


def _check_3d(name: str, X: np.ndarray) -> np.ndarray:
    X = np.asarray(X)
    if X.ndim != 3:
        raise ValueError(f"{name} must be 3-D (samples, lookback, features), got shape {X.shape}.")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: it holds no windows.")
    check_finite(name, X)
    return X


def fit_window_scaler(
    X_train: np.ndarray, scaler: TransformerMixin | None = None
) -> TransformerMixin:
    """Fit a copy of ``scaler`` (default ``StandardScaler()``) on every day of the training windows.

    Each feature (last axis) gets its own statistics.
    """
    X_train = _check_3d("X_train", X_train)
    scaler = StandardScaler() if scaler is None else clone(scaler)
    return scaler.fit(X_train.reshape(-1, X_train.shape[-1]))


def transform_windows(scaler: TransformerMixin, X: np.ndarray) -> np.ndarray:
    """Apply a fitted scaler to 3-D windows; returns float32 of the same shape."""
    X = _check_3d("X", X)
    expected = getattr(scaler, "n_features_in_", None)
    if expected is None:
        raise ValueError("the scaler is not fitted yet: call fit_window_scaler(X_train) first.")
    if X.shape[-1] != expected:
        raise ValueError(f"X has {X.shape[-1]} features but the scaler was fit on {expected}.")
    return scaler.transform(X.reshape(-1, X.shape[-1])).reshape(X.shape).astype(np.float32)


def scale_windows(
    X_train: np.ndarray, *others: np.ndarray, scaler: TransformerMixin | None = None
) -> tuple[Any, ...]:
    """Fit on ``X_train`` only, then transform it and every array in ``others``.

    Returns ``(fitted_scaler, X_train_scaled, *others_scaled)``.

    >>> X = np.arange(24, dtype=float).reshape(2, 3, 4)
    >>> s, Xs, Ys = scale_windows(X, X + 100)
    >>> np.allclose(Xs.reshape(-1, 4).mean(axis=0), 0), bool((Ys > 10).all())
    (True, True)
    """
    fitted = fit_window_scaler(X_train, scaler)
    return (
        fitted,
        transform_windows(fitted, X_train),
        *(transform_windows(fitted, X) for X in others),
    )


class TargetScaler:
    """Standardise a 1-D target for training and map predictions back to its units.

    A wrapper around ``StandardScaler`` that accepts and returns 1-D arrays, so
    that ``inverse_transform(model.predict(X))`` gives returns again.

    >>> t = TargetScaler().fit(np.array([0.01, -0.01, 0.03]))
    >>> z = t.transform(np.array([0.01]))
    >>> float(np.round(t.inverse_transform(z)[0], 6))
    0.01
    """

    def __init__(self) -> None:
        self._scaler = StandardScaler()

    def fit(self, y: np.ndarray) -> TargetScaler:
        y = self._check(y)
        self._scaler.fit(y.reshape(-1, 1))
        return self

    def transform(self, y: np.ndarray) -> np.ndarray:
        return self._scaler.transform(self._check(y).reshape(-1, 1)).ravel()

    def inverse_transform(self, z: np.ndarray) -> np.ndarray:
        return self._scaler.inverse_transform(self._check(z).reshape(-1, 1)).ravel()

    @staticmethod
    def _check(y: np.ndarray) -> np.ndarray:
        y = np.asarray(y, dtype=float)
        if y.ndim != 1 and not (y.ndim == 2 and y.shape[1] == 1):
            raise ValueError(f"the target must be 1-D (samples,), got shape {y.shape}.")
        if y.size == 0:
            raise ValueError("the target is empty.")
        check_finite("target", y)
        return y.ravel()


class GlobalScaler(TransformerMixin, BaseEstimator):
    """One scaler for all features together: every value of every feature pooled into one column.

    scikit-learn's scalers already give each feature (column) its own
    statistics. This is the alternative, for comparison: a single mean and
    standard deviation (or whatever the wrapped ``scaler`` learns) shared by
    all features, so the feature with the largest values sets the scale of
    all the others. It works with :func:`scale_windows` like any scaler.

    >>> X = np.array([[1.0, 100.0], [3.0, 300.0]])
    >>> GlobalScaler().fit(X).transform(X).round(2).tolist()
    [[-0.82, -0.01], [-0.81, 1.64]]
    >>> StandardScaler().fit(X).transform(X).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    """

    def __init__(self, scaler: TransformerMixin | None = None) -> None:
        self.scaler = scaler

    def _check(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[0] == 0:
            raise ValueError(
                f"X must be a non-empty 2-D array (rows, features), got shape {X.shape}."
            )
        check_finite("X", X)
        return X

    def fit(self, X: np.ndarray, y: object = None) -> GlobalScaler:
        X = self._check(X)
        self.scaler_ = clone(StandardScaler() if self.scaler is None else self.scaler).fit(
            X.reshape(-1, 1)
        )
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "scaler_")
        X = self._check(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features but the scaler was fit on {self.n_features_in_}."
            )
        return self.scaler_.transform(X.reshape(-1, 1)).reshape(X.shape)

    def inverse_transform(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "scaler_")
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X must be 2-D with {self.n_features_in_} features, got shape {X.shape}."
            )
        return self.scaler_.inverse_transform(X.reshape(-1, 1)).reshape(X.shape)


@dataclass(frozen=True)
class ScaledSplit:
    """The training, validation and test windows of one split, scaled by ``scaler`` fit on training
    only.
    """

    scaler: TransformerMixin
    train: Windows
    val: Windows
    test: Windows


def scale_split(w: Windows, split: Split, scaler: TransformerMixin | None = None) -> ScaledSplit:
    """Cut ``w`` into the periods of ``split``, fit ``scaler`` on the training windows, scale all
    three.

    ``scaler`` is any scikit-learn scaler (default ``StandardScaler()``; a copy
    is fit, per feature unless it is a :class:`GlobalScaler`). Targets, dates
    and ends are kept, so ``result.test.align(market["oracle"])`` still works.

    >>> import pandas as pd
    >>> from helpers import splits, windows
    >>> idx = pd.bdate_range("2024-01-01", periods=40)
    >>> frame = pd.DataFrame({"a": np.arange(40.0), "b": np.arange(40.0) * 100}, index=idx)
    >>> w = windows.make_windows(frame, frame["a"], lookback=3)
    >>> s = scale_split(w, splits.chronological(len(w), lookback=3, val=5, test=10))
    >>> np.allclose(s.train.X.reshape(-1, 2).mean(axis=0), 0, atol=1e-5), bool((s.test.X > 2).all())
    (True, True)
    """
    if not isinstance(w, Windows):
        raise TypeError(f"w must be Windows from windows.make_windows, got {type(w).__name__}.")
    if not isinstance(split, Split):
        raise TypeError(
            f"split must be a Split from splits.chronological, got {type(split).__name__}."
        )
    last = max(
        int(split.train.max(initial=-1)),
        int(split.val.max(initial=-1)),
        int(split.test.max(initial=-1)),
    )
    if last >= len(w):
        raise ValueError(
            f"split reaches window {last} but w holds only {len(w)}; make the split from len(w)."
        )
    train, val, test = w.take(split.train), w.take(split.val), w.take(split.test)
    fitted, X_train, X_val, X_test = scale_windows(train.X, val.X, test.X, scaler=scaler)
    return ScaledSplit(
        scaler=fitted,
        train=replace(train, X=X_train),
        val=replace(val, X=X_val),
        test=replace(test, X=X_test),
    )
