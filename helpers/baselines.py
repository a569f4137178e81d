"""Honest baselines: what a trivial forecast, a linear model and the oracle score.

Before judging an LSTM, ask what the zero, mean and persistence forecasts
score (nothing, on an efficient market), what ridge regression on the
flattened window scores (the best *linear* use of the same inputs), and what
the oracle scores (the best anyone can do).
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import RidgeCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from . import validate
from .windows import check_finite

__all__ = ["zero", "naive_mean", "persistence", "flatten", "fit_ridge"]


def zero(n: int) -> np.ndarray:
    """The zero-return forecast for ``n`` samples.

    >>> zero(3).tolist()
    [0.0, 0.0, 0.0]
    """
    return np.zeros(validate.positive_int(n, "n", hint="the number of forecasts"))


def naive_mean(y_train: np.ndarray, n: int) -> np.ndarray:
    """The training period's mean target, forecast for ``n`` samples: the book's naive forecast.

    >>> naive_mean(np.array([0.01, 0.03]), 2).tolist()
    [0.02, 0.02]
    """
    y_train = np.asarray(y_train, dtype=float)
    if y_train.ndim != 1 or y_train.size == 0:
        raise ValueError(f"y_train must be a non-empty 1-D array, got shape {y_train.shape}.")
    check_finite("y_train", y_train)
    return np.full(zero(n).size, float(y_train.mean()))


def persistence(X: np.ndarray, column: int) -> np.ndarray:
    """Tomorrow equals today: the last day of each window in feature ``column``.

    Pass unscaled windows and the position of today's return (for returns) or
    today's price (for price levels).

    >>> X = np.arange(12, dtype=float).reshape(2, 3, 2)
    >>> persistence(X, column=1).tolist()
    [5.0, 11.0]
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 3 or X.shape[0] == 0:
        raise ValueError(
            f"X must be non-empty 3-D windows (samples, lookback, features), got {X.shape}."
        )
    if not -X.shape[2] <= column < X.shape[2]:
        raise ValueError(f"column {column} is out of range for {X.shape[2]} features.")
    return X[:, -1, column].copy()


def flatten(X: np.ndarray) -> np.ndarray:
    """``(samples, lookback, features)`` to ``(samples, lookback * features)`` for tabular models.

    >>> flatten(np.zeros((4, 3, 2))).shape
    (4, 6)
    """
    X = np.asarray(X)
    if X.ndim != 3:
        raise ValueError(f"X must be 3-D (samples, lookback, features), got shape {X.shape}.")
    return X.reshape(X.shape[0], -1)


def fit_ridge(
    X_train: np.ndarray, y_train: np.ndarray, alphas: np.ndarray | None = None
) -> Pipeline:
    """Ridge regression on the flattened, standardised window; ``alphas`` chosen by RidgeCV.

    Returns a fitted scikit-learn ``Pipeline`` whose ``predict`` takes 3-D windows.
    The scaler is part of the pipeline, so it is fit on the training windows only.
    """
    X_train = np.asarray(X_train, dtype=float)
    y_train = np.asarray(y_train, dtype=float)
    if X_train.ndim != 3 or X_train.shape[0] == 0:
        raise ValueError(f"X_train must be non-empty 3-D windows, got shape {X_train.shape}.")
    if y_train.shape != (X_train.shape[0],):
        raise ValueError(f"y_train must have shape ({X_train.shape[0]},), got {y_train.shape}.")
    check_finite("X_train", X_train)
    check_finite("y_train", y_train)
    alphas = np.logspace(-2, 5, 15) if alphas is None else np.asarray(alphas, dtype=float)
    model = make_pipeline(FunctionTransformer(flatten), StandardScaler(), RidgeCV(alphas=alphas))
    return model.fit(X_train, y_train)
