"""Honest baselines: what a trivial forecast, a linear model and the oracle score.

Before judging an LSTM, ask what the zero, mean and persistence forecasts
score (nothing, on an efficient market), what ridge regression on the
flattened window scores (the best *linear* use of the same inputs), and what
the oracle scores (the best anyone can do).
"""

from __future__ import annotations

import itertools

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import RidgeCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from . import validate
from .windows import check_finite

__all__ = [
    "zero",
    "naive_mean",
    "persistence",
    "flatten",
    "fit_ridge",
    "BestRoundBoosting",
    "fit_boosting",
]


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


class BestRoundBoosting(HistGradientBoostingRegressor):
    """A ``HistGradientBoostingRegressor`` that predicts with its best validation round.

    scikit-learn's early stopping ends boosting once ``n_iter_no_change`` rounds in a row fail
    to beat the validation loss of the round before them, and keeps those rounds: its
    ``predict`` uses all ``n_iter_`` rounds, including the ones after the best. This subclass
    fits exactly as its parent (same parameters, same trees), then records
    ``best_iteration_``, the round with the best validation score
    (``argmax(validation_score_)``; round 0 is the initial constant, the first of ties wins),
    and ``predict`` uses the trees up to that round only: the first ``best_iteration_``
    stages of ``staged_predict``, or, if the best is round 0, the constant itself, which for
    the squared error is the training mean (``baseline_``, the mean of ``y`` weighted by
    ``sample_weight``). Nothing is refitted; the later trees stay in the object (``n_iter_``
    and ``staged_predict`` still show every fitted round) but are never used to predict.
    Without early stopping ``best_iteration_`` is ``n_iter_``.

    The target is standardised before fitting: ``fit`` stores ``target_mean_`` (the mean of
    ``y``, weighted by ``sample_weight`` if given) and ``target_scale_`` (its standard deviation,
    weighted likewise, or 1.0 if it is 0), fits the parent on ``(y - target_mean_) /
    target_scale_`` and maps a validation target passed as ``y_val`` the same way; ``predict``
    maps back (``z * target_scale_ + target_mean_``). Trees on the squared error are invariant
    to an affine map of the target, except through ``tol`` and ``l2_regularization`` (0 by
    default), so this changes one thing: the stopping rule counts an improvement only if it
    beats ``tol`` (1e-7 by default) in half squared error, an absolute threshold; on the
    standardised target ``tol`` is relative to the target's variance. Daily returns have a half
    squared error of about 1e-4, and a whole real gain can be smaller than 1e-7 in their units,
    so without this the rule would stop boosting almost at once. ``validation_score_`` and
    ``train_score_`` are in standardised units; ``baseline_`` stays the training mean in the
    target's units.
    """

    def fit(self, X, y, sample_weight=None, *, y_val=None, **kwargs):
        y = np.asarray(y, dtype=float)
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        mean = float(np.average(y, weights=weights))
        scale = float(np.sqrt(np.average((y - mean) ** 2, weights=weights)))
        self.target_mean_ = mean
        self.target_scale_ = scale if scale > 0 else 1.0
        if y_val is not None:
            y_val = (np.asarray(y_val, dtype=float) - mean) / self.target_scale_
            kwargs["y_val"] = y_val
        # a scorer used for early stopping calls predict during fit, on the standardised target
        self._fitting = True
        try:
            super().fit(X, (y - mean) / self.target_scale_, sample_weight=sample_weight, **kwargs)
        finally:
            self._fitting = False
        self.baseline_ = mean
        scores = getattr(self, "validation_score_", np.empty(0))
        self.best_iteration_ = int(np.argmax(scores)) if len(scores) else int(self.n_iter_)
        return self

    def staged_predict(self, X):
        """Each round's prediction, from round 1 on, in the target's units."""
        for z in super().staged_predict(X):
            yield z * self.target_scale_ + self.target_mean_

    def predict(self, X):
        if getattr(self, "_fitting", False):
            return super().predict(X)
        best = self.best_iteration_
        if best == 0:
            n = X.shape[0] if hasattr(X, "shape") else len(X)
            return np.full(n, self.baseline_)
        if best >= self.n_iter_:
            return super().predict(X) * self.target_scale_ + self.target_mean_
        return next(itertools.islice(self.staged_predict(X), best - 1, None))


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
    its default learning rate 0.1) on the flattened window, early-stopped on the validation
    windows, predicting with its best validation round.

    Boosting stops once ``patience`` rounds in a row fail to beat the validation loss of the
    round before them. scikit-learn keeps those ``patience`` rounds and does not roll back, so
    the booster is a :class:`BestRoundBoosting`: its ``predict`` uses the trees up to the round
    with the best validation loss, ``[-1].best_iteration_`` (nothing is refitted). Where no
    round beats the initial constant, the best round is 0 and the model predicts the training
    mean. ``[-1].n_iter_`` is the number of rounds fitted (best + ``patience``, unless the
    cap ended it); ``max_iter`` is a cap that the stopping rule is meant to stay below: compare
    ``[-1].n_iter_`` with it. Returns a ``Pipeline`` whose ``predict`` takes 3-D windows.

    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(600, 5, 2))
    >>> y = np.tanh(X[:, -1, 0]) * X[:, -2, 1] + 0.1 * rng.normal(size=600)
    >>> model = fit_boosting(X[:400], y[:400], X[400:], y[400:])
    >>> booster = model[-1]
    >>> booster.n_iter_ < 5_000, booster.n_iter_ - booster.best_iteration_
    (True, 20)
    >>> model.predict(X[400:]).shape
    (200,)

    On pure noise no round beats the constant, and the model is the training mean:

    >>> noise = fit_boosting(X[:400], rng.normal(size=400), X[400:], rng.normal(size=200))
    >>> noise[-1].best_iteration_, bool(np.all(noise.predict(X[:3]) == noise[-1].baseline_))
    (0, True)
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
    booster = BestRoundBoosting(
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
        bestroundboosting__X_val=flat_val,
        bestroundboosting__y_val=np.asarray(y_val, dtype=float),
    )
