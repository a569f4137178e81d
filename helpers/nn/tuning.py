"""Training without a safety net, and hyperparameter search with and without leaks.

- :func:`fit_fixed` trains for a fixed number of epochs and keeps the *last*
  weights: no early stopping, the way many tutorials train. Its history still
  records the validation loss, so the cost of not stopping can be measured.
- :func:`activation_sweep` trains the same LSTM with several activations,
  learning rates and seeds, and records how high its loss flew and how large
  its hidden state grew: the stability of ``activation='relu'`` against tanh.
- :func:`knn_on_windows`, :func:`cv_score` and :func:`grid_search` run a small
  grid search whose folds are passed in, so the same search can be run with a
  shuffled ``KFold`` (leaky on overlapping windows) and with
  :func:`helpers.splits.walk_forward` (honest), and each configuration can be
  scored on the true future next to the score the search reported.

Importing this module imports Keras (through :mod:`helpers.nn.training`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import keras
import numpy as np
import pandas as pd
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from threadpoolctl import threadpool_limits

from .. import metrics, validate
from ..baselines import flatten
from . import models, training

__all__ = [
    "fit_fixed",
    "hidden_state_max",
    "activation_sweep",
    "knn_on_windows",
    "cv_score",
    "grid_search",
    "chosen",
]

Folds = Sequence[tuple[np.ndarray, np.ndarray]]


def fit_fixed(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    seed: int,
    epochs: int,
    batch_size: int = 256,
    build: Callable[..., keras.Model] = models.build_lstm,
    **build_kwargs: object,
) -> training.Trained:
    """Fit for exactly ``epochs`` epochs and keep the last weights (no early stopping).

    :func:`helpers.nn.training.train` with ``early_stopping=False`` (seeded,
    standardised target, quiet): the validation period is only watched, so
    ``history["val_loss"]`` shows what early stopping would have done.
    ``best_epoch`` is the epoch with the lowest validation loss (NaN losses
    are skipped; 1 if every epoch is NaN).
    """
    return training.train(
        X_train,
        y_train,
        X_val,
        y_val,
        seed=seed,
        build=build,
        epochs=epochs,
        batch_size=batch_size,
        early_stopping=False,
        **build_kwargs,
    )


def hidden_state_max(model: keras.Model, X: np.ndarray, layer: str = "lstm") -> float:
    """The largest ``|h|`` the recurrent layer ``layer`` outputs on windows ``X`` (NaN if it
    overflowed).

    With Keras' default tanh an LSTM's output is ``o * tanh(c)``, so this never
    exceeds 1; with ``activation='relu'`` nothing bounds it.
    """
    sub = keras.Model(model.inputs, model.get_layer(layer).output)
    h = np.asarray(sub.predict(np.asarray(X, dtype=np.float32), verbose=0), dtype=float)
    return float(np.abs(h).max()) if np.isfinite(h).all() else float("nan")


def activation_sweep(
    data: Mapping[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    *,
    activations: Iterable[str] = ("tanh", "relu"),
    learning_rates: Iterable[float] = (1e-2, 1e-1),
    seeds: Iterable[int] = (0,),
    epochs: int = 4,
    **build_kwargs: object,
) -> pd.DataFrame:
    """Train the same LSTM with each activation, learning rate and seed, on windows of each length.

    ``data`` maps a lookback to ``(X_train, y_train, X_val, y_val)``. Each run
    uses :func:`fit_fixed` with ``build_kwargs`` passed to
    :func:`helpers.nn.models.build_lstm` (e.g. ``loss="mse", clipnorm=None`` for
    the article's unprotected optimiser). One row per run: the worst and the
    last epoch's training loss (on the standardised target, where always
    forecasting the mean scores about 1), whether any loss was NaN or
    infinite, and the largest hidden state on the validation windows.
    """
    rows = []
    for lookback, (X_train, y_train, X_val, y_val) in data.items():
        for activation in activations:
            for lr in learning_rates:
                for seed in seeds:
                    fit = fit_fixed(
                        X_train,
                        y_train,
                        X_val,
                        y_val,
                        seed=seed,
                        epochs=epochs,
                        activation=activation,
                        learning_rate=lr,
                        **build_kwargs,
                    )
                    loss = np.asarray(fit.history["loss"], dtype=float)
                    rows.append(
                        {
                            "lookback": int(lookback),
                            "activation": activation,
                            "learning rate": float(lr),
                            "seed": int(seed),
                            "worst loss": float(np.nanmax(loss))
                            if np.isfinite(loss).any()
                            else float("inf"),
                            "last loss": float(loss[-1]),
                            "nan or inf": bool(not np.isfinite(loss).all()),
                            "max |h|": hidden_state_max(fit.model, X_val),
                        }
                    )
    if not rows:
        raise ValueError(
            "nothing to run: pass at least one lookback, activation, learning rate and seed."
        )
    return pd.DataFrame(rows)


def knn_on_windows(n_neighbors: int) -> Pipeline:
    """k nearest neighbours on the flattened, standardised window (the scaler is fit on training
    folds only).
    """
    validate.positive_int(n_neighbors, "n_neighbors")
    return make_pipeline(
        FunctionTransformer(flatten), StandardScaler(), KNeighborsRegressor(int(n_neighbors))
    )


def cv_score(
    make_model: Callable[[], object],
    X: np.ndarray,
    y: np.ndarray,
    folds: Folds,
    score: Callable[[np.ndarray, np.ndarray], float] = metrics.r2,
) -> float:
    """Mean over ``folds`` of ``score(y_val, prediction)``, a fresh ``make_model()`` fit on each
    training fold.

    ``folds`` is a list of ``(train_index, validation_index)`` pairs, from
    ``KFold(...).split(X)`` or :func:`helpers.splits.walk_forward`.

    >>> from sklearn.linear_model import LinearRegression
    >>> X = np.arange(40.0).reshape(20, 2, 1); y = X[:, -1, 0] * 2
    >>> folds = [(np.arange(10), np.arange(10, 20))]
    >>> linear = lambda: make_pipeline(FunctionTransformer(flatten), LinearRegression())
    >>> round(cv_score(linear, X, y, folds), 6)
    1.0
    """
    folds = list(folds)
    if not folds:
        raise ValueError("folds is empty: pass (train_index, validation_index) pairs.")
    X, y = np.asarray(X), np.asarray(y, dtype=float)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} windows but y has {len(y)} targets.")
    scores = []
    for train, val in folds:
        if len(np.intersect1d(train, val)):
            raise ValueError("a fold validates on windows it trains on; folds must be disjoint.")
        model = make_model().fit(X[train], y[train])
        scores.append(score(y[val], model.predict(X[val])))
    return float(np.mean(scores))


def grid_search(
    dev: Mapping[int, tuple[np.ndarray, np.ndarray]],
    future: Mapping[int, tuple[np.ndarray, np.ndarray]],
    neighbours: Sequence[int],
    folds: Callable[[int, int], Folds],
    score: Callable[[np.ndarray, np.ndarray], float] = metrics.r2,
) -> pd.DataFrame:
    """Cross-validated and true-future score of every (lookback, neighbours) pair of a kNN grid.

    ``dev[lookback]`` and ``future[lookback]`` are ``(X, y)`` windows of that
    lookback for the development period and for the later, untouched future;
    ``folds(lookback, n_windows)`` returns the folds to use on the development
    windows. For each pair, ``"cv"`` is what the search reports and
    ``"future"`` what the same configuration, refit on the whole development
    period, scores on the future.
    """
    if set(dev) != set(future):
        raise ValueError(
            f"dev and future need the same lookbacks, got {sorted(dev)} and {sorted(future)}."
        )
    if not dev or not neighbours:
        raise ValueError("pass at least one lookback and one number of neighbours.")
    rows = {}
    with threadpool_limits(1):  # many tiny fits: threads only fight each other (and TensorFlow's)
        for lookback, (X, y) in dev.items():
            X_future, y_future = future[lookback]
            for k in neighbours:
                reported = cv_score(
                    lambda k=k: knn_on_windows(k), X, y, folds(lookback, len(X)), score
                )
                model = knn_on_windows(k).fit(X, y)
                rows[(int(lookback), int(k))] = {
                    "cv": reported,
                    "future": score(y_future, model.predict(X_future)),
                }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index = pd.MultiIndex.from_tuples(table.index, names=["lookback", "neighbours"])
    return table


def chosen(table: pd.DataFrame) -> pd.Series:
    """The row of a :func:`grid_search` table that the search picks: the best ``"cv"`` score, with
    its name.
    """
    if "cv" not in table or table.empty:
        raise ValueError("table must be a non-empty grid_search table with a 'cv' column.")
    best = table["cv"].idxmax()
    return table.loc[best].rename(best)
