"""Honest baselines: what a trivial forecast, a linear model and the oracle score.

Before judging an LSTM, ask what the zero, mean and persistence forecasts
score (nothing, on an efficient market), what ridge regression on the
flattened window scores (the best *linear* use of the same inputs), and what
the oracle scores (the best anyone can do).
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import RidgeCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from . import validate
from .windows import check_finite

__all__ = ["zero", "naive_mean", "persistence", "flatten", "fit_ridge", "fit_boosting"]


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


def fit_boosting(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    seed: int = 0,
    patience: int = 20,
    max_iter: int = 5_000,
) -> Pipeline:
    """Gradient-boosted trees (scikit-learn's ``HistGradientBoostingRegressor``, squared error,
    its default learning rate 0.1) on the flattened window, with scikit-learn's stopping rule on
    the validation windows.

    Boosting stops once ``patience`` rounds in a row fail to beat the validation loss of the
    round before them, and the model keeps those ``patience`` rounds: scikit-learn does not roll
    back to the best round. Where no round beats the initial constant (the training mean), the
    model is that constant plus ``patience`` rounds of trees fitted to the training noise; the
    best round is about ``[-1].n_iter_ - patience``. ``max_iter`` is a cap that the stopping
    rule is meant to stay below: compare the fitted model's ``[-1].n_iter_`` with it.
    Returns a ``Pipeline`` whose ``predict`` takes 3-D windows.

    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(600, 5, 2))
    >>> y = np.tanh(X[:, -1, 0]) * X[:, -2, 1] + 0.1 * rng.normal(size=600)
    >>> model = fit_boosting(X[:400], y[:400], X[400:], y[400:])
    >>> model[-1].n_iter_ < 5_000, model.predict(X[400:]).shape
    (True, (200,))
    """
    X_train = np.asarray(X_train, dtype=float)
    X_val = np.asarray(X_val, dtype=float)
    for name, X, y in (("train", X_train, y_train), ("val", X_val, y_val)):
        if X.ndim != 3 or X.shape[0] == 0:
            raise ValueError(f"X_{name} must be non-empty 3-D windows, got shape {X.shape}.")
        if np.shape(y) != (X.shape[0],):
            raise ValueError(f"y_{name} must have shape ({X.shape[0]},), got {np.shape(y)}.")
        check_finite(f"X_{name}", X)
        check_finite(f"y_{name}", y)
    booster = HistGradientBoostingRegressor(
        max_iter=validate.positive_int(max_iter, "max_iter"),
        early_stopping=True,
        scoring="loss",
        n_iter_no_change=validate.positive_int(patience, "patience"),
        random_state=validate.seed(seed),
    )
    model = make_pipeline(FunctionTransformer(flatten), booster)
    flat_val = flatten(X_val)
    return model.fit(
        X_train,
        np.asarray(y_train, dtype=float),
        histgradientboostingregressor__X_val=flat_val,
        histgradientboostingregressor__y_val=np.asarray(y_val, dtype=float),
    )
