"""Scaling windows with scikit-learn, fit on the training period only.

An LSTM reads a 3-D array ``(samples, lookback, features)``; scikit-learn's
scalers read 2-D ``(rows, features)``. These helpers reshape so that each
feature gets its own statistics, learned from training windows alone, and
applied unchanged to validation and test windows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import TransformerMixin, clone
from sklearn.preprocessing import StandardScaler

from .windows import check_finite

__all__ = ["fit_window_scaler", "transform_windows", "scale_windows", "TargetScaler"]


def _check_3d(name: str, X: np.ndarray) -> np.ndarray:
    X = np.asarray(X)
    if X.ndim != 3:
        raise ValueError(f"{name} must be 3-D (samples, lookback, features), got shape {X.shape}.")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: it holds no windows.")
    check_finite(name, X)
    return X


def fit_window_scaler(X_train: np.ndarray, scaler: TransformerMixin | None = None) -> TransformerMixin:
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
    return (fitted, transform_windows(fitted, X_train), *(transform_windows(fitted, X) for X in others))


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

    def fit(self, y: np.ndarray) -> "TargetScaler":
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
